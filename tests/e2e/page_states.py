"""Every page and state of the desk that the accessibility and HTML checks visit.

A page that one visit shows as it is goes in PAGES: who looks (None: nobody logged in) and
its address, or a function of the demo data giving it. A state reached by clicking or typing
goes in a scenario, which sets up its data, drives the browser as a person would, and calls
`visit.check("name")` at each state worth checking. At each, axe-core runs in the page and
the page's HTML is kept for the Nu validator.
"""

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from playwright.sync_api import Page

from claims.demo import demo_password, load_demo
from claims.models import AnchorStatus, Article, Claim, Source
from tests.e2e.page_checks import axe_violations
from tests.factories import SourceSnapshotFactory

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
KOREAN_ARTICLE = (
    "국가정보원은 북한이 러시아에 약 1,500명의 특수부대를 보냈다고 밝혔다. "
    "정보원은 앞으로 1만 명 이상이 추가로 파병될 수 있다고 말했다.\n\n"
    "전문가들은 이 수치가 확인되지 않았다고 지적했다."
)
SCENARIOS: dict[str, Callable[["Visit"], None]] = {}


def scenario(function: Callable[["Visit"], None]) -> Callable[["Visit"], None]:
    SCENARIOS[function.__name__] = function
    return function


class Visit:
    """A browser session through the desk, checking each state it is asked to."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.violations: dict[str, list[str]] = {}
        self.documents: dict[str, str] = {}

    def go(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def log_in(self, username: str) -> None:
        self.go("/accounts/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(demo_password())
        self.page.get_by_role("button", name="Log in").click()
        self.page.locator(".user-menu").wait_for()

    def log_out(self) -> None:
        self.page.context.clear_cookies()

    def check(self, name: str) -> None:
        self.page.wait_for_load_state()
        self.violations[name] = axe_violations(self.page)
        self.documents[name] = self.page.content()

    def swap(self, region: str, action: Callable[[], None]) -> None:
        """Do something that htmx answers by replacing `region`, and wait for the new one."""
        self.page.evaluate(
            "region => { window.regionBefore = document.querySelector(region); }", region
        )
        action()
        self.page.wait_for_function(
            """region => {
                const now = document.querySelector(region);
                return now && now !== window.regionBefore
                    && !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling');
            }""",
            arg=region,
        )


def claim_url(external_id: str) -> str:
    return Claim.objects.get(external_id=external_id).get_absolute_url()


PAGES: list[tuple[str | None, str | Callable[[], str]]] = [
    ("admin", "/admin/claims/claim/"),
    ("reviewer", lambda: claim_url("c02")),
    ("editor", lambda: claim_url("c02")),
    ("reviewer", "/search/?q=1500+soldiers"),
    ("reviewer", "/search/?q=%22unbalanced"),
    ("reviewer", "/sources/"),
    ("reviewer", "/sources/?link_status=ok&q=kbs"),
    ("reviewer", "/sources/publishers/"),
    ("editor", lambda: Source.objects.order_by("pk").first().get_absolute_url()),
    ("reviewer", "/inbox/"),
    ("reviewer", "/inbox/?show=all"),
    ("reviewer", "/inbox/settings/"),
    ("editor", "/stats/"),
    (None, "/fact-checks/"),
    (None, lambda: Claim.objects.with_status("published").first().get_public_url()),
    (None, "/corrections/"),
]


@scenario
def pages(visit: Visit) -> None:
    load_demo()
    user = None
    for username, address in PAGES:
        if username != user:
            visit.log_out()
            if username:
                visit.log_in(username)
            user = username
        path = address if isinstance(address, str) else address()
        visit.go(path)
        visit.check(f"{username or 'anonymous'} {path}")


@scenario
def archived_page_search(visit: Visit) -> None:
    load_demo()
    source = Source.objects.order_by("pk").first()
    for hours, ending in ((2, "in March"), (1, "in March, the ministry said")):
        SourceSnapshotFactory(
            source=source,
            fetched_at=timezone.now() - timedelta(hours=hours),
            text="Fishing report.\n<script>alert(1)</script> The fishing quota for cod "
            f"was cut by a third {ending}. <img src=x onerror=alert(1)>",
        )
    visit.log_in("reviewer")
    visit.go("/search/?q=%22quota+for+cod%22")
    visit.check("search with an archived page")
    visit.page.locator("#results-snapshots").get_by_role("link").first.click()
    visit.check("archived page from search")


@scenario
def anonymous(visit: Visit) -> None:
    visit.go("/accounts/login/")
    visit.check("login")
    visit.page.get_by_label("Username").fill("nobody")
    visit.page.get_by_label("Password").fill("wrong")
    visit.page.get_by_role("button", name="Log in").click()
    visit.check("login refused")
    for _ in range(5):
        visit.page.get_by_label("Username").fill("reviewer2")
        visit.page.get_by_label("Password").fill("wrong")
        visit.page.get_by_role("button", name="Log in").click()
    visit.check("locked out")
    visit.go("/no-such-page/")
    visit.check("404")
    # A server error cannot be caused on purpose; serve its page at a desk address instead.
    visit.page.route(
        visit.base_url + "/server-error/",
        lambda route: route.fulfill(
            status=500, body=render_to_string("500.html"), content_type="text/html"
        ),
    )
    visit.go("/server-error/")
    visit.check("500")


@scenario
def reviewer(visit: Visit) -> None:
    load_demo()
    article = Article.objects.get()
    visit.log_in("reviewer")
    visit.check("dashboard")
    visit.go("/claims/")
    visit.check("queue")
    visit.swap("#results", lambda: visit.page.get_by_label("Kind").select_option("figure"))
    visit.check("queue filtered")
    visit.swap(
        "#results", lambda: visit.page.get_by_label("Search", exact=True).fill("zzzz nothing")
    )
    visit.check("queue with no results")
    visit.go("/articles/")
    visit.check("articles")
    visit.go(article.get_absolute_url())
    visit.check("article")

    visit.go(claim_url("c03"))
    visit.check("claim new")
    visit.swap("#workspace", lambda: visit.page.get_by_role("button", name="I’ll take it").click())
    visit.check("claim taken")

    visit.go(claim_url("c07"))
    visit.check("claim researching")
    visit.swap("#workspace", lambda: visit.page.get_by_role("link", name="Edit the claim").click())
    visit.check("claim edit form open")
    visit.page.locator("summary", has_text="Add a source").click()
    visit.check("claim edit and add source open")
    visit.page.get_by_label("Source URL").fill("ftp://files.example.org/report.pdf")
    visit.swap("#evidence", lambda: visit.page.get_by_role("button", name="Add source").click())
    visit.check("add source refused")
    visit.go(claim_url("c07"))
    visit.swap(
        "#evidence",
        lambda: visit.page.locator("#evidence").get_by_role("link", name="Edit").first.click(),
    )
    visit.check("evidence edit form open")
    # The server's refusal, as a browser that does not check `required` would get it.
    visit.page.locator("#verdict-form").evaluate("form => { form.noValidate = true; }")
    visit.page.get_by_label("Summary").fill("")
    visit.swap("#workspace", lambda: visit.page.get_by_role("button", name="Save draft").click())
    visit.check("verdict refused")
    visit.page.get_by_label("Comment").fill("Checked the ministry's table: it says 4,200.")
    visit.swap("#discussion", lambda: visit.page.get_by_role("button", name="Post comment").click())
    visit.check("comment posted")

    # Someone else changes the claim while its edit form is open.
    visit.swap("#workspace", lambda: visit.page.get_by_role("link", name="Edit the claim").click())
    Claim.objects.filter(external_id="c07").update(version=F("version") + 1)
    visit.swap("#workspace", lambda: visit.page.get_by_role("button", name="Save claim").click())
    visit.check("claim edit conflict")
    Claim.objects.filter(external_id="c07").update(anchor_status=AnchorStatus.LOST)
    visit.go(claim_url("c07"))
    visit.check("claim anchor lost")
    visit.go(claim_url("c06"))
    visit.check("claim published")

    visit.go("/articles/new/")
    visit.check("403")


@scenario
def editor(visit: Visit) -> None:
    load_demo()
    article = Article.objects.get()
    visit.log_in("editor")
    visit.check("editor dashboard")
    visit.go("/claims/")
    visit.check("editor queue")
    visit.go(article.get_absolute_url())
    visit.check("editor article with suggestions")
    visit.go(f"/articles/{article.pk}/text/")
    visit.check("article text form")
    visit.go("/articles/new/")
    visit.check("new article form")
    visit.page.get_by_role("button", name="Add article").click()
    visit.check("new article refused")
    visit.page.get_by_label("Title").fill("북한군 러시아 파병")
    visit.page.get_by_label("Article text").fill(KOREAN_ARTICLE)
    visit.page.get_by_role("button", name="Add article").click()
    visit.check("korean article added")

    visit.go(claim_url("c05"))
    visit.check("claim in review")
    visit.page.locator("summary", has_text="Send back for more research").click()
    visit.check("claim send back open")
    visit.go(claim_url("c06"))
    visit.page.locator("summary", has_text="Reopen for correction").click()
    visit.check("claim published, reopen open")
    visit.go(claim_url("c03"))
    visit.page.locator("summary", has_text="Mark not checkable").click()
    visit.check("claim mark not checkable open")
    visit.go(claim_url("c01"))
    visit.check("claim not checkable")


@scenario
def admin_import(visit: Visit) -> None:
    load_demo()
    visit.log_in("admin")
    visit.go("/admin/claims/claim/import/")
    visit.check("admin import form")
    visit.page.get_by_label("File").set_input_files(str(FIXTURES / "import_example.csv"))
    visit.page.get_by_role("button", name="Upload and preview").click()
    visit.check("admin import preview")
