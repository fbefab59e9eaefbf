"""Local HTTP servers for tests of the fetcher and source checks: no test reaches the web.

`web` serves on 127.0.0.1 with private networks allowed (as tests and intranets run);
`public_web` serves on 127.0.0.2 and treats that one address as public, so the real
address policy can be seen refusing a redirect to 127.0.0.1 or 169.254.169.254.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Troops sent north, agency says</title>
<meta property="og:site_name" content="Local Wire">
<meta name="author" content="Kim Reporter">
<meta property="article:published_time" content="2026-10-21T08:00:00Z"></head>
<body><nav>Home | World | Sport</nav>
<article><h1>Troops sent north, agency says</h1>
<p>About 10,000 soldiers have been sent to the region, the National Intelligence Service
told lawmakers on Tuesday, adding that a first group of 1,500 had already arrived.</p>
<p>The agency said the deployment began in early October and that more could follow
before the end of the year, according to two people who attended the briefing.</p>
<p>Officials declined to say how the figures were gathered or how they had been checked.</p>
</article><footer>Copyright Local Wire</footer></body></html>
"""


def pdf_document(text: str | list[str], title: str = "Annual report") -> bytes:
    """A one-page PDF whose page shows `text` (ASCII; a list is one line each), with `title`
    in its metadata."""
    lines = [text] if isinstance(text, str) else text
    shown = " ".join(f"({line}) '" for line in lines)  # ' moves to the next line, then shows
    stream = f"BT /F1 12 Tf 14 TL 72 734 Td {shown} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) >>".encode(),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


class LocalWeb:
    """A threaded HTTP server whose answers the test sets path by path."""

    def __init__(self, host: str = "127.0.0.1"):
        self.routes: dict = {}
        self.requests: list[tuple[str, dict]] = []
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                web.requests.append((self.path, dict(self.headers)))
                answer = web.routes.get(self.path)
                if answer is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                answer(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.host, self.port = self.server.server_address[:2]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8"):
        data = body.encode() if isinstance(body, str) else body

        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", content_type)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)

        self.routes[path] = answer
        return self.url(path)

    def status(self, path: str, code: int):
        def answer(handler):
            handler.send_response(code)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.routes[path] = answer
        return self.url(path)

    def redirect(self, path: str, to: str, code: int = 302):
        def answer(handler):
            handler.send_response(code)
            handler.send_header("Location", to)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.routes[path] = answer
        return self.url(path)

    def slow(self, path: str, seconds: float):
        """Headers at once, then the body a byte at a time, `seconds` apart."""

        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", "100")
            handler.end_headers()
            try:
                for _ in range(100):
                    handler.wfile.write(b"x")
                    handler.wfile.flush()
                    time.sleep(seconds)
            except OSError:
                pass

        self.routes[path] = answer
        return self.url(path)

    def endless(self, path: str, declare_length: bool = False, size: int = 10**9):
        """A body of `size` bytes, sent in 64 KB pieces until the client hangs up."""

        def answer(handler):
            handler.send_response(200)
            handler.send_header("Content-Type", "application/octet-stream")
            if declare_length:
                handler.send_header("Content-Length", str(size))
            handler.end_headers()
            piece = b"0" * 65536
            try:
                for _ in range(size // len(piece)):
                    handler.wfile.write(piece)
            except OSError:
                self.hung_up = True

        self.hung_up = False
        self.routes[path] = answer
        return self.url(path)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def web(settings):
    settings.FETCH_ALLOW_PRIVATE_NETWORKS = True
    server = LocalWeb()
    yield server
    server.close()


@pytest.fixture
def public_web(settings, monkeypatch):
    from claims.fetching import client

    settings.FETCH_ALLOW_PRIVATE_NETWORKS = False
    server = LocalWeb("127.0.0.2")
    real_refusal = client.address_refusal
    monkeypatch.setattr(
        client, "address_refusal", lambda ip: None if ip == server.host else real_refusal(ip)
    )
    yield server
    server.close()
