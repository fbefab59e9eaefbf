"""The publisher registry: domains, the reliability the desk gives them, and its record."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Count, Q

from claims.models import Publisher, Source


def domain_of(url: str) -> str:
    """The host of `url`, lower-cased, without a leading www."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _parents(domain: str) -> list[str]:
    """news.bbc.co.uk -> [news.bbc.co.uk, bbc.co.uk, co.uk]: the most specific first."""
    parts = domain.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


def publisher_for(domain: str) -> Publisher | None:
    """The registry entry covering `domain`: its own, or the nearest parent domain's."""
    candidates = _parents(domain)
    if not candidates:
        return None
    found = {item.domain: item for item in Publisher.objects.filter(domain__in=candidates)}
    return next((found[name] for name in candidates if name in found), None)


@dataclass(frozen=True)
class PublisherRecord:
    domain: str
    sources: int
    cited: int
    broken: int
    changed: int

    @property
    def share_broken(self) -> float:
        return self.broken / self.sources if self.sources else 0.0

    @property
    def share_changed(self) -> float:
        return self.changed / self.sources if self.sources else 0.0


def publisher_records(domains: list[str]) -> dict[str, PublisherRecord]:
    """The desk's record per domain (its subdomains included): sources, how many cited,
    broken or blocked, and changed since cited. Two queries whatever the number of domains."""
    if not domains:
        return {}
    match = Q()
    for domain in domains:
        match |= Q(domain=domain) | Q(domain__endswith=f".{domain}")
    rows = (
        Source.objects.filter(match)
        .annotate(citations=Count("evidence"))
        .values_list("pk", "domain", "link_status", "citations")
    )
    changed = set(Source.objects.filter(match).changed_since_cited().values_list("pk", flat=True))
    totals = {domain: [0, 0, 0, 0] for domain in domains}
    for pk, source_domain, status, citations in rows:
        for domain in domains:
            if source_domain == domain or source_domain.endswith(f".{domain}"):
                total = totals[domain]
                total[0] += 1
                total[1] += citations > 0
                total[2] += status in (Source.LinkStatus.BROKEN, Source.LinkStatus.BLOCKED)
                total[3] += pk in changed
    return {domain: PublisherRecord(domain, *total) for domain, total in totals.items()}
