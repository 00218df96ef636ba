"""Page weight: the bytes a resident's phone downloads for the first page it opens (nothing
cached) and for the next one (what the first left in its cache), with the production static
files (WhiteNoise's compressed, hashed copies: cwf.core.storage).

Everything is fetched in-process through the whole stack (django.test.Client, with WhiteNoise's
middleware serving the static files as it does in production), the way a browser would: the page,
then its stylesheets, scripts (and the modules they import) and icon. A static file whose name
carries its hash is cached for a year ("immutable"), so the next page does not ask for it again;
any other is asked for again. The app sends HTML uncompressed (a proxy in front may compress it),
so the HTML is given both as sent and brotli-compressed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import brotli
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

PRODUCTION_STATIC = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "cwf.core.storage.StaticFilesStorage"},
}
IMPORT = re.compile(rb"""(?:\bfrom|\bimport)\s*\(?\s*["']([^"']+\.m?js)["']""")


@dataclass
class Fetched:
    url: str
    bytes: int  # the body as sent
    encoding: str  # Content-Encoding ("br", "gzip") or "" when sent as it is
    cached: bool  # kept for a year: the next page does not ask for it


@dataclass
class PageLoad:
    page: str
    html_bytes: int
    html_compressed: int
    assets: list[Fetched] = field(default_factory=list)

    @property
    def total_compressed(self) -> int:
        """What the phone downloads if the HTML is compressed on the way (br)."""
        return self.html_compressed + sum(asset.bytes for asset in self.assets)

    @property
    def total_as_sent(self) -> int:
        return self.html_bytes + sum(asset.bytes for asset in self.assets)


def collect_static(root: Path) -> None:
    """collectstatic into `root` with the production storage (hashed names, .br and .gz)."""
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STATIC):
        call_command("collectstatic", interactive=False, verbosity=0, clear=True)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        rel = (attributes.get("rel") or "").split()
        if tag == "link" and ({"stylesheet", "icon"} & set(rel)) and attributes.get("href"):
            self.urls.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _fetch(client: Client, url: str) -> tuple[Fetched, bytes]:
    response = client.get(url, HTTP_ACCEPT_ENCODING="br, gzip")
    if response.status_code != 200:
        raise RuntimeError(f"{url}: {response.status_code}")
    body = _body(response)
    encoding = response.headers.get("Content-Encoding", "")
    plain = brotli.decompress(body) if encoding == "br" else body
    if encoding == "gzip":
        import gzip

        plain = gzip.decompress(body)
    caching = response.headers.get("Cache-Control", "")
    cached = "immutable" in caching
    return Fetched(url, len(body), encoding, cached), plain


def page_loads(client: Client, pages: list[str]) -> list[PageLoad]:
    """Each page in turn, as one browser with one cache would load them."""
    cache: set[str] = set()
    loads = []
    for page in pages:
        response = client.get(page)
        if response.status_code != 200:
            raise RuntimeError(f"{page}: {response.status_code}")
        html = response.content
        load = PageLoad(page, len(html), len(brotli.compress(html, quality=11)))
        parser = _Links()
        parser.feed(html.decode())
        queue, seen = list(parser.urls), set()
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            if url in cache:
                continue
            fetched, plain = _fetch(client, url)
            load.assets.append(fetched)
            if fetched.cached:
                cache.add(url)
            if url.endswith((".js", ".mjs")):
                queue += [urljoin(url, found.decode()) for found in IMPORT.findall(plain)]
        loads.append(load)
    return loads


def report(loads: list[PageLoad]) -> list[str]:
    lines = []
    for number, load in enumerate(loads, 1):
        lines.append(
            f"Page {number}, {load.page}: {load.total_compressed:,} bytes with the HTML "
            f"compressed ({load.total_as_sent:,} as the app sends it)"
        )
        lines.append(f"  HTML {load.html_bytes:,} bytes, {load.html_compressed:,} brotli")
        for asset in load.assets:
            lines.append(
                f"  {asset.url}: {asset.bytes:,} bytes {asset.encoding or 'uncompressed'}"
                f"{', cached for a year' if asset.cached else ', asked for again next time'}"
            )
        if not load.assets:
            lines.append("  (every static file came from the cache)")
    return lines
