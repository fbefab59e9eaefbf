"""The one way the app reads the web: `fetch(url)` with its address policy and limits, and
`readable` for the main text and metadata of what it fetched.

    from claims.fetching import FetchBlocked, FetchBroken, fetch

    try:
        fetched = fetch(url)
    except FetchBlocked as refusal:   # the policy refused it: refusal.reason says why
        ...
    except FetchBroken as failure:    # the site failed (404, 500, DNS, timeout...)
        ...
"""

from claims.fetching.client import Fetched, FetchPolicy, Redirect, fetch
from claims.fetching.errors import FetchBlocked, FetchBroken, FetchError

__all__ = [
    "FetchBlocked",
    "FetchBroken",
    "FetchError",
    "FetchPolicy",
    "Fetched",
    "Redirect",
    "fetch",
]
