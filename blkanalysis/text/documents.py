"""Read the text of a source document: plain text, a saved web page (HTML) or a PDF.

:func:`read_document` returns a :class:`Document`: the text figures are searched in, what the
document says of itself (title, author, date, site, address) and, for a PDF, where each page
starts, so each figure's page can be told (:func:`on_pages`).

* HTML: the article's main text, by trafilatura (menus, advertisements, sidebars and footers
  left out), with its headline as the first line; "Baca juga" / "Berita terkait" lines that
  link to other articles are dropped, so their figures are not reported as the article's.
* PDF: the text layer of each page, by pypdf, pages joined by a blank line. An encrypted PDF or
  one without text (a scan) is refused with an :class:`~blkanalysis.text.extract.ExtractError`
  saying what to do.
* anything else: the text as it is (:func:`~blkanalysis.text.extract.read_text`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from blkanalysis.text.extract import ExtractedFigure, ExtractError, read_text

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".mhtml")

#: a paragraph that points the reader to other articles: its figures are not the article's
_RELATED = re.compile(
    r"^[ \t]*(?:baca|simak|lihat|tonton)(?:[ \t]+(?:juga|pula))?[ \t]*[:\-–—|]"
    r"|^[ \t]*(?:berita|artikel)[ \t]+(?:terkait|lainnya|pilihan)\b",
    re.I | re.M,
)


@dataclass(frozen=True)
class Document:
    """A document's text and what it says of itself (``None`` where it says nothing)."""

    name: str
    kind: Literal["text", "html", "pdf"]
    text: str
    title: str | None = None
    author: str | None = None
    #: publication date, YYYY-MM-DD
    date: str | None = None
    site: str | None = None
    url: str | None = None
    #: character offset where each page starts (PDF only; the first is 0)
    page_starts: tuple[int, ...] = ()

    def page_of(self, offset: int) -> int | None:
        """The page (from 1) holding character ``offset``; ``None`` if not a PDF."""
        if not self.page_starts:
            return None
        return bisect_right(self.page_starts, offset)


def read_document(source: str | Path, *, encoding: str = "utf-8") -> Document:
    """Read ``source`` (a path, or ``"-"`` for standard input) by its kind.

    The kind is told by the file's first bytes ("%PDF-", "<html", "<!doctype html") or its
    suffix. Raises :class:`ExtractError` naming the file when it cannot be read.
    """
    name = "standard input" if str(source) == "-" else str(source)
    if str(source) == "-":
        return Document(name, "text", read_text(source, encoding=encoding))
    path = Path(source)
    head = _head(path, name)
    if head.startswith(b"%PDF-") or path.suffix.lower() == ".pdf":
        return _read_pdf(path, name)
    sniff = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if path.suffix.lower() in HTML_SUFFIXES or sniff.startswith((b"<!doctype html", b"<html")):
        return _read_html(path, name)
    return Document(name, "text", read_text(path, encoding=encoding))


def on_pages(figures: Iterable[ExtractedFigure], doc: Document) -> list[ExtractedFigure]:
    """The figures with the page each starts on (unchanged when ``doc`` has no pages)."""
    if not doc.page_starts:
        return list(figures)
    return [replace(f, page=doc.page_of(f.start)) for f in figures]


def _head(path: Path, name: str) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(512)
    except FileNotFoundError:
        raise ExtractError(f"cannot read {name}: no such file") from None
    except IsADirectoryError:
        raise ExtractError(f"cannot read {name}: it is a directory, not a file") from None
    except PermissionError:
        raise ExtractError(f"cannot read {name}: permission denied") from None
    except OSError as exc:
        raise ExtractError(f"cannot read {name}: {exc.strerror or exc}") from None


def drop_related(text: str) -> str:
    """``text`` without the lines that link to other articles ("Baca juga: ...")."""
    if _RELATED.search(text) is None:
        return text
    return "\n".join(line for line in text.split("\n") if _RELATED.match(line) is None)


def _read_html(path: Path, name: str) -> Document:
    import trafilatura  # slow to import: only when a page is read

    data = path.read_bytes()
    try:
        doc = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
        )
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise ExtractError(f"cannot read {name} as a web page: {exc}") from None
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise ExtractError(
            f"{name}: no article text found in this web page; save the page as it shows in "
            "the browser (File > Save Page As, 'Web Page, HTML only') or copy the article's "
            "text into a .txt file and extract that"
        )
    title = _clean(getattr(doc, "title", None))
    text = drop_related(body)
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"  # the headline states figures too
    return Document(
        name,
        "html",
        text + "\n",
        title=title,
        author=_clean(getattr(doc, "author", None)),
        date=_clean(getattr(doc, "date", None)),
        site=_clean(getattr(doc, "sitename", None)),
        url=_clean(getattr(doc, "url", None)),
    )


def _read_pdf(path: Path, name: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # readable without a password (owner lock only)
            except (DependencyError, NotImplementedError):
                opened = 0
            if not opened:
                raise ExtractError(
                    f"{name} is encrypted (it needs a password to open): open it with its "
                    "password and save an unencrypted copy (e.g. qpdf --decrypt "
                    "--password=PASSWORD in.pdf out.pdf), then extract that copy"
                )
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
    except ExtractError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        raise ExtractError(f"cannot read {name} as a PDF: {exc}") from None
    if not any(p.strip() for p in pages):
        raise ExtractError(
            f"{name} has no text layer ({len(pages)} page{'s' if len(pages) != 1 else ''} of "
            "images, as a scan is): run OCR on it first (e.g. ocrmypdf -l ind in.pdf out.pdf) "
            "and extract the OCR'd copy"
        )
    starts = []
    parts = []
    at = 0
    for text in pages:
        text = text.rstrip() + "\n\n"  # a blank line: a sentence never runs across pages
        starts.append(at)
        parts.append(text)
        at += len(text)
    title = author = date = None
    if meta is not None:
        title, author = _clean(meta.title), _clean(meta.author)
        try:
            created = meta.creation_date
        except (ValueError, TypeError):  # a malformed date in the file's metadata
            created = None
        date = created.date().isoformat() if created is not None else None
    return Document(
        name,
        "pdf",
        "".join(parts),
        title=title,
        author=author,
        date=date,
        page_starts=tuple(starts),
    )


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


__all__ = ["Document", "drop_related", "on_pages", "read_document"]
