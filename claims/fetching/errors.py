"""The two ways a fetch ends without a page: refused by policy, or failed on the way."""


class FetchError(Exception):
    """A fetch that gave no page; `reason` is a sentence a reviewer can act on."""

    def __init__(
        self,
        reason: str,
        *,
        url: str = "",
        status_code: int | None = None,
        redirects: tuple = (),
        duration: float = 0.0,
    ):
        super().__init__(reason)
        self.reason = reason
        self.url = url  # the address being fetched when it ended (after any redirects)
        self.status_code = status_code
        self.redirects = redirects
        self.duration = duration


class FetchBlocked(FetchError):
    """The fetch policy refused the address or the response (scheme, network, size, hops)."""


class FetchBroken(FetchError):
    """The site could not be read: an HTTP error, no such host, no connection, too slow."""
