"""Serve the Neo4j Browser guide and style (queries/browser/) over HTTP, with CORS.

The Neo4j Browser fetches a guide with a cross-origin request from its own page
(http://127.0.0.1:7474), so the files are served with `Access-Control-Allow-Origin: *`.
The Browser also only fetches from hosts in the server setting
`browser.remote_content_hostname_whitelist` (scripts/neo4j/start.sh allows
localhost and 127.0.0.1).

    python scripts/serve_guide.py [--port 8001] [--host 127.0.0.1] [--directory DIR]

then, connected in the Browser (http://127.0.0.1:7474/browser/), type:

    :guide http://127.0.0.1:8001/guide.html
    :style http://127.0.0.1:8001/style.grass

(`:play http://127.0.0.1:8001/guide.html` shows the same guide as a frame.)
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import sys
import threading
from collections.abc import Sequence
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

GUIDE_DIR = Path(__file__).resolve().parent.parent / "queries" / "browser"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001


class GuideServer(ThreadingHTTPServer):
    """A threading HTTP server that may keep its request log to itself."""

    daemon_threads = True
    quiet = False


class GuideRequestHandler(SimpleHTTPRequestHandler):
    """Static files with CORS headers and no caching; GET, HEAD and OPTIONS only."""

    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain dict)
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".grass": "text/plain; charset=utf-8",
        ".cypher": "text/plain; charset=utf-8",
        ".adoc": "text/plain; charset=utf-8",
        ".md": "text/markdown; charset=utf-8",
    }

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_OPTIONS(self) -> None:  # CORS preflight (the Browser sends cache headers)
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        if not (isinstance(self.server, GuideServer) and self.server.quiet):
            super().log_message(format, *args)


def make_server(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    directory: Path = GUIDE_DIR,
    *,
    quiet: bool = False,
) -> GuideServer:
    """A server bound to host:port (port 0: any free port) serving `directory`."""
    handler = functools.partial(GuideRequestHandler, directory=str(directory))
    server = GuideServer((host, port), handler)
    server.quiet = quiet
    return server


def serve_in_thread(
    host: str = DEFAULT_HOST,
    port: int = 0,
    directory: Path = GUIDE_DIR,
) -> tuple[GuideServer, threading.Thread]:
    """Start a quiet server in a daemon thread; stop it with server.shutdown()."""
    server = make_server(host, port, directory, quiet=True)
    thread = threading.Thread(target=server.serve_forever, name="serve-guide", daemon=True)
    thread.start()
    return server, thread


def base_url(server: GuideServer) -> str:
    host, port = server.server_address[:2]
    name = host.decode() if isinstance(host, bytes) else host
    return f"http://{name}:{port}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--host", default=DEFAULT_HOST, help="address to bind (default %(default)s)"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port to listen on (default %(default)s)"
    )
    parser.add_argument(
        "--directory",
        type=Path,
        default=GUIDE_DIR,
        help="folder to serve (default queries/browser/)",
    )
    args = parser.parse_args(argv)
    if not (args.directory / "guide.html").is_file():
        print(f"serve_guide: no guide.html in {args.directory}", file=sys.stderr)
        return 1
    try:
        server = make_server(args.host, args.port, args.directory)
    except OSError as exc:
        print(f"serve_guide: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    url = base_url(server)
    print(f"Serving {args.directory} on {url}/ (Ctrl+C to stop)")
    print("In the Neo4j Browser (http://127.0.0.1:7474/browser/), type:")
    print(f"  :guide {url}/guide.html     (the guide, in the sidebar)")
    print(f"  :play {url}/guide.html      (the same guide, as a frame)")
    print(f"  :style {url}/style.grass    (colours and captions)")
    sys.stdout.flush()
    with server, contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
