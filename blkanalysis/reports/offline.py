"""Keep a report offline: find (and neutralise) everything a browser would fetch from elsewhere.

A browser loads ``<script src>``, ``<img src/srcset>``, ``<link href>``, ``<iframe src>``,
media, ``<object data>``, SVG ``<image/use href>``, ``<meta http-equiv=refresh>``, ``<base>``,
CSS ``url(...)`` and ``@import`` (in ``<style>`` and ``style=""``) on its own; a plain link
(``<a href>``) only when clicked, so links stay. A report may load only ``data:`` URIs and
in-page ``#fragments``: anything else (another host, a relative file that will not travel with
the report) is neutralised by renaming the attribute to ``data-blk-blocked-<attr>`` (the
address stays visible in the source) or emptying the CSS ``url()``; each one becomes a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

#: element -> attributes a browser fetches without a click
LOADING_ATTRS: dict[str, tuple[str, ...]] = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "input": ("src",),
    "link": ("href",),
    "base": ("href",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
    "body": ("background",),
    "table": ("background",),
    "td": ("background",),
    "th": ("background",),
}

_CSS_URL_RE = re.compile(r"""url\(\s*(?P<q>['"]?)(?P<url>.*?)(?P=q)\s*\)""", re.IGNORECASE | re.S)
_CSS_IMPORT_RE = re.compile(r"""@import\s+(?:url\()?\s*['"]?(?P<url>[^'")\s;]+)[^;]*;?""", re.I)


def is_local(url: str) -> bool:
    """True for what a self-contained page may load: ``data:`` URIs and ``#fragments``."""
    u = url.strip().lower()
    return u == "" or u.startswith(("data:", "#", "about:blank"))


def _srcset_urls(value: str) -> list[str]:
    """The URLs of a ``srcset`` (commas inside a data: URL do not split it, as in browsers)."""
    urls, i, n = [], 0, len(value)
    while i < n:
        while i < n and (value[i].isspace() or value[i] == ","):
            i += 1
        start = i
        while i < n and not value[i].isspace():
            i += 1
        url = value[start:i]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors, up to the comma that ends this candidate
            depth = 0
            while i < n and not (value[i] == "," and depth == 0):
                depth += {"(": 1, ")": -1}.get(value[i], 0)
                i += 1
        if url:
            urls.append(url)
    return urls


@dataclass(frozen=True)
class ExternalLoad:
    """One thing in a page that would reach outside it: a fetch (``kind="load"``: tag,
    attribute or css, and the url) or code that would run (``kind="script"``: an inline
    ``<script>``, an ``on*=`` handler, a ``javascript:`` address)."""

    tag: str
    attr: str
    url: str
    line: int
    kind: str = "load"

    def __str__(self) -> str:
        if self.kind == "script":
            return f"<{self.tag} {self.attr}> would run a script (line {self.line})"
        return f"<{self.tag} {self.attr}> loads {self.url!r} (line {self.line})"


_JS_ATTRS = ("href", "src", "action", "formaction", "xlink:href", "data")


def _is_js_url(value: str) -> bool:
    return re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith(("javascript:", "vbscript:"))


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # (line, col, tag, attr, url, raw start tag or "" for css text, kind)
        self.found: list[tuple[int, int, str, str, str, str, str]] = []
        self._in_style = False

    def _add(self, tag: str, attr: str, url: str, raw: str, kind: str = "load") -> None:
        line, col = self.getpos()
        self.found.append((line, col, tag, attr, url, raw, kind))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        loading = LOADING_ATTRS.get(tag, ())
        for name, value in attrs:
            if name.startswith("on"):
                self._add(tag, name, "", raw, "script")
                continue
            if value is None:
                continue
            if name in _JS_ATTRS and _is_js_url(value):
                self._add(tag, name, value, raw, "script")
            elif name in loading:
                urls = _srcset_urls(value) if name == "srcset" else [value]
                for u in urls:
                    if not is_local(u):
                        self._add(tag, name, u, raw)
            elif name == "style":
                for m in _CSS_URL_RE.finditer(value):
                    if not is_local(m.group("url")):
                        self._add(tag, "style", m.group("url"), raw)
        has_src = any(n == "src" and v for n, v in attrs)
        if tag == "script" and not has_src and not _inert_script(attrs):
            self._add(tag, "inline", "", raw, "script")
        if tag == "meta":
            d = {k: (v or "") for k, v in attrs}
            if (
                d.get("http-equiv", "").lower() == "refresh"
                and "url" in d.get("content", "").lower()
            ):
                self._add(tag, "http-equiv", d.get("content", ""), raw)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            return
        imports = [m for m in _CSS_IMPORT_RE.finditer(data) if not is_local(m.group("url"))]
        spans = [m.span() for m in imports]
        for m in _CSS_URL_RE.finditer(data):
            inside_import = any(a <= m.start() < b for a, b in spans)
            if not is_local(m.group("url")) and not inside_import:
                self._add("style", "url()", m.group("url"), "")
        for m in imports:
            self._add("style", "@import", m.group("url"), "")


#: script types a browser does not run (data blocks), e.g. a widget state or our own blocking
_INERT_SCRIPT_TYPES = ("application/json", "application/ld+json", "text/x-blk-blocked")


def _inert_script(attrs: list[tuple[str, str | None]]) -> bool:
    t = next((v or "" for n, v in attrs if n == "type"), "").strip().lower()
    return t.endswith("+json") or t in _INERT_SCRIPT_TYPES


def _scan(html: str) -> list[tuple[int, int, str, str, str, str, str]]:
    s = _Scanner()
    s.feed(html)
    s.close()
    return s.found


def _findings(found: list[tuple[int, int, str, str, str, str, str]]) -> list[ExternalLoad]:
    return [
        ExternalLoad(tag, attr, url, line, kind) for line, _c, tag, attr, url, _r, kind in found
    ]


def find_external_loads(html: str) -> list[ExternalLoad]:
    """Everything in ``html`` that a browser would fetch from outside the page."""
    return [f for f in _findings(_scan(html)) if f.kind == "load"]


def find_scripts(html: str) -> list[ExternalLoad]:
    """Everything in ``html`` that would run code: inline scripts, handlers, javascript: urls."""
    return [f for f in _findings(_scan(html)) if f.kind == "script"]


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for m in re.finditer("\n", text):
        offsets.append(m.end())
    return offsets


#: an attribute of a start tag: its name and (quoted or bare) value
ATTR_RE = re.compile(
    r"""(?P<name>[^\s"'>/=]+)(?:\s*=\s*(?P<value>"[^"]*"|'[^']*'|[^\s"'=<>`]+))?"""
)


def _neutralise_tag(raw: str, tag: str) -> str:
    loading = LOADING_ATTRS.get(tag, ())

    def attr_sub(m: re.Match[str]) -> str:
        name = m.group("name")
        lname = name.lower()
        value = m.group("value")
        if value is None:
            return f"data-blk-blocked-{lname}" if lname.startswith("on") else m.group(0)
        bare = value[1:-1] if value[:1] in "\"'" and value[-1:] == value[:1] else value
        blocked = f"data-blk-blocked-{lname.replace(':', '-')}={value}"
        if lname.startswith("on"):
            return blocked
        if lname in _JS_ATTRS and _is_js_url(bare):
            return blocked
        if lname in loading:
            urls = _srcset_urls(bare) if lname == "srcset" else [bare]
            if any(not is_local(u) for u in urls):
                return blocked
        if lname == "style":
            return f"{name}={_neutralise_css(value)}"
        if tag == "meta" and lname == "http-equiv" and bare.lower() == "refresh":
            return blocked
        if tag == "script" and lname == "type":
            return blocked
        return m.group(0)

    m = re.match(r"<\s*[^\s/>]+", raw)
    cut = m.end() if m else 0
    head, rest = raw[:cut], ATTR_RE.sub(attr_sub, raw[cut:])
    if tag == "script":  # a data block, not code: the browser does not run it
        head += ' type="text/x-blk-blocked"'
    return head + rest


def _neutralise_css(css: str) -> str:
    def url_sub(m: re.Match[str]) -> str:
        return m.group(0) if is_local(m.group("url")) else "url(data:,)"

    def import_sub(m: re.Match[str]) -> str:
        return m.group(0) if is_local(m.group("url")) else "/* blocked @import */"

    return _CSS_IMPORT_RE.sub(import_sub, _CSS_URL_RE.sub(url_sub, css))


def make_offline(html: str) -> tuple[str, list[ExternalLoad]]:
    """Neutralise every external load and script in ``html``; return it and what was blocked."""
    found = _scan(html)
    if not found:
        return html, []
    offsets = _line_offsets(html)
    edits: dict[int, tuple[int, str]] = {}  # start -> (end, replacement)
    style_spans: set[tuple[int, int]] = set()
    for line, col, tag, _attr, _url, raw, _kind in found:
        start = offsets[line - 1] + col
        if raw:  # an attribute of a start tag (or a script element)
            if start not in edits:
                edits[start] = (start + len(raw), _neutralise_tag(raw, tag))
        else:  # css text inside <style>: up to the closing tag
            end = html.lower().find("</style", start)
            end = len(html) if end < 0 else end
            style_spans.add((start, end))
    for start, end in style_spans:
        edits[start] = (end, _neutralise_css(html[start:end]))
    out = []
    pos = 0
    for start in sorted(edits):
        end, replacement = edits[start]
        if start < pos:
            continue
        out.append(html[pos:start])
        out.append(replacement)
        pos = end
    out.append(html[pos:])
    return "".join(out), _findings(found)
