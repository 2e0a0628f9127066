"""A quiet HTTP server on 127.0.0.1 for a built book (tests, benchmarks, the PDF script).

:func:`serve_directory` serves plain files, or gzip-compressed text (``gzip=True``) as any static
host does, which is what a reader's phone receives; a test may pass its own handler class.
"""

from __future__ import annotations

import contextlib
import email.utils
import functools
import gzip
import http.server
import mimetypes
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

#: The types a static host compresses: text, scripts, JSON, SVG.
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, with no log line per request (keeps test and bench output readable)."""

    def log_message(self, *args):
        pass


class GzipHandler(QuietHandler):
    """Static files as a static host serves them (GitHub Pages' headers): text gzip'd (level 9,
    cached per file) when the client accepts gzip, every file with ``Last-Modified`` and
    ``Cache-Control: max-age=600``, and ``304 Not Modified`` to a conditional request for an
    unchanged file."""

    _cache: ClassVar[dict[Path, bytes]] = {}
    MAX_AGE = 600

    def end_headers(self):
        self.send_header("Cache-Control", f"max-age={self.MAX_AGE}")
        super().end_headers()

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and accepts and kind.startswith(TEXT_TYPES)):
            return super().do_GET()  # Last-Modified and 304 by SimpleHTTPRequestHandler
        modified = int(path.stat().st_mtime)
        since = self.headers.get("If-Modified-Since")
        if since:
            with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
                if int(email.utils.parsedate_to_datetime(since).timestamp()) >= modified:
                    self.send_response(304)
                    self.end_headers()
                    return None
        if path not in self._cache:
            self._cache[path] = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
        body = self._cache[path]
        self.send_response(200)
        charset = "; charset=utf-8" if kind.startswith("text/") else ""
        self.send_header("Content-Type", kind + charset)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(modified))
        self.end_headers()
        self.wfile.write(body)
        return None


class QuietServer(http.server.ThreadingHTTPServer):
    """Threads per request; a client that hangs up mid-response (the browser left the page or
    cancelled a fetch) is not an error worth a traceback."""

    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipe, ConnectionReset
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(
    directory: Path,
    *,
    gzip: bool = False,
    handler: type[http.server.SimpleHTTPRequestHandler] | None = None,
) -> Iterator[str]:
    """Serve ``directory`` over HTTP on 127.0.0.1 (a free port) in a thread; yield its base URL.

    ``gzip=True`` compresses text like a static host (:class:`GzipHandler`); ``handler`` replaces
    the request handler class (it is given ``directory``).
    """
    handler = handler or (GzipHandler if gzip else QuietHandler)
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
