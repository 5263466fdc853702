"""A partner's website on 127.0.0.1, in a thread of the test process: it serves the
feeds a test puts at its paths, slowly, hugely or with an ETag if asked, and keeps
each request it got. No test of partner feeds reaches the internet."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from blog.models import ArticlePage
from blog.partner_feeds import PartnerFeed


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    delay: float = 0.0
    # Without a Content-Length: the body ends when the connection closes.
    streamed: bool = False
    declared_length: int | None = None


@dataclass(frozen=True)
class Request:
    path: str
    headers: dict[str, str]
    status: int


class PartnerSite:
    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.server.daemon_threads = True
        self.server.block_on_close = False
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        self.routes.clear()
        self.requests.clear()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def serve(self, path: str, body: bytes = b"", **route) -> str:
        self.routes[path] = Route(body=body, **route)
        return self.url(path)

    def handler_class(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                route = site.routes.get(self.path)
                status = 404 if route is None else route.status
                if route and route.etag and self.headers.get("If-None-Match") == route.etag:
                    status = 304
                site.requests.append(Request(self.path, dict(self.headers), status))
                if route is None:
                    self.send_error(404)
                    return
                if route.delay:
                    time.sleep(route.delay)
                # The site may stop reading, as it should past its size cap.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.answer(route, status)

            def answer(self, route: Route, status: int) -> None:
                self.send_response(status)
                if route.etag:
                    self.send_header("ETag", route.etag)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if status == 304:
                    self.end_headers()
                    return
                self.send_header("Content-Type", route.content_type)
                if route.declared_length is not None:
                    self.send_header("Content-Length", str(route.declared_length))
                elif not route.streamed:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, format, *args):
                pass

        return Handler


def rss(items: list[dict], title: str = "Partner Press") -> bytes:
    """An RSS 2.0 document. Each item's ``description`` is HTML, escaped into the XML
    as feeds carry it; ``extra`` is raw XML added to the item."""
    parts = []
    for item in items:
        fields = [f"<title>{escape(item['title'])}</title>"]
        if "guid" in item:
            fields.append(f'<guid isPermaLink="false">{escape(item["guid"])}</guid>')
        if "link" in item:
            fields.append(f"<link>{escape(item['link'])}</link>")
        if "author" in item:
            fields.append(f"<dc:creator>{escape(item['author'])}</dc:creator>")
        if "date" in item:
            fields.append(f"<pubDate>{item['date']}</pubDate>")
        if "description" in item:
            fields.append(f"<description>{escape(item['description'])}</description>")
        fields.append(item.get("extra", ""))
        parts.append(f"<item>{''.join(fields)}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>{escape(title)}</title><link>https://partner.example/</link>"
        f"<description>A partner</description>{''.join(parts)}</channel></rss>"
    ).encode()


def three_items() -> list[dict]:
    return [
        {
            "title": f"Dispatch {number}",
            "guid": f"urn:partner:{number}",
            "link": f"https://partner.example/dispatch-{number}",
            "author": "Fannie Lou Hamer",
            "date": f"Tue, 0{number} Jun 2025 09:00:00 GMT",
            "description": f"<p>The <em>tenants</em> of building {number} met.</p>",
        }
        for number in (1, 2, 3)
    ]


def register(url: str, name: str = "Partner Press", **fields) -> PartnerFeed:
    return PartnerFeed.objects.create(name=name, url=url, **fields)


def drafts() -> list[ArticlePage]:
    return list(ArticlePage.objects.cross_posts().order_by("original_date", "pk"))


def fresh(feed: PartnerFeed) -> PartnerFeed:
    feed.refresh_from_db()
    return feed
