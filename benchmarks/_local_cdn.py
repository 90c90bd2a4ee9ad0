"""A local HTTPS server standing in for the CDNs, the tile servers and the web server of the page.

Chromium is started with ``--host-resolver-rules`` mapping every host to this server, so a
page asks for ``https://cdn.jsdelivr.net/...`` as it would on the web and gets the file from
the pinned npm packages of ``tests/browser`` (``CdnResolver``) over a real TLS connection,
gzip-compressed as a web server would send it; tiles get a blank PNG. No request goes
through Playwright's Python interception, so what a load costs is the browser's own work
plus, when asked for, the network conditions Chromium emulates (``Network.emulateNetworkConditions``).

The page itself is served from ``https://localhost:PORT/<name>`` (see :meth:`LocalWeb.url`).
"""

from __future__ import annotations

import gzip
import ssl
import subprocess
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml")

#: Lighthouse's mobile setting ("Slow 4G"): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up.
SLOW_4G = {"offline": False, "latency": 150, "downloadThroughput": 1_638_400 / 8, "uploadThroughput": 750_000 / 8}


class LocalWeb:
    """``with LocalWeb(h, resolver) as web:`` serves pages (:meth:`add`) and every CDN file on one port."""

    def __init__(self, harness: Any, resolver: Any) -> None:
        self.harness, self.resolver = harness, resolver
        self.pages: dict[str, bytes] = {}
        self.loaded: dict[str, bytes] = {}  # URL -> body served since the last reset(), tiles excluded
        self.refused: list[str] = []
        self._lock = threading.Lock()

    def add(self, name: str, html: bytes) -> str:
        self.pages[f"/{name}"] = html
        return self.url(name)

    def url(self, name: str) -> str:
        return f"https://localhost:{self.port}/{name}"

    def reset(self) -> None:
        with self._lock:
            self.loaded, self.refused = {}, []

    def launch_args(self) -> list[str]:
        return [f"--host-resolver-rules=MAP * 127.0.0.1:{self.port}, EXCLUDE localhost", "--ignore-certificate-errors"]

    def _answer(self, host: str, path: str) -> tuple[int, bytes, str]:
        if host == "localhost" and path in self.pages:
            body, ctype = self.pages[path], "text/html; charset=utf-8"
        else:
            url = f"https://{host}{path}"
            if self.harness.TILE_URL_RE.match(url):
                return 200, self.harness.BLANK_TILE, "image/png"
            found = self.resolver.resolve(url)
            if found is None and path == "/favicon.ico":  # asked for by the browser, not by the page
                return 404, b"", "text/plain"
            if found is None:
                with self._lock:
                    self.refused.append(url)
                return 404, b"", "text/plain"
            body, ctype = found
            path = url
        with self._lock:
            self.loaded[path] = body
        return 200, body, ctype

    def __enter__(self) -> LocalWeb:
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                host = self.headers.get("Host", "").split(":")[0]
                status, body, ctype = web._answer(host, self.path.split("?")[0])
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Access-Control-Allow-Origin", "*")
                if ctype.startswith(COMPRESSED) and body:
                    body = gzip.compress(body, compresslevel=6, mtime=0)
                    self.send_header("Content-Encoding", "gzip")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        self._tmp = tempfile.TemporaryDirectory()
        cert, key = Path(self._tmp.name) / "cert.pem", Path(self._tmp.name) / "key.pem"
        make_cert = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        subprocess.run(
            [*make_cert, "-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
        )
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.socket = context.wrap_socket(self._server.socket, server_side=True)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._tmp.cleanup()
