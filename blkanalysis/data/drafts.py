"""Draft sources: a document's figures, found by the extractor, waiting for a researcher.

:func:`write_draft` (``blk add FILE --url URL``) reads a saved web page, a PDF or a text,
finds its figures and writes a source file in the registry's format under ``drafts/`` of the
data directory, named by the registry's convention (``<publisher>-<yyyy-mm-dd>-<slug>.yaml``,
``undated`` when the document has no date). Every field the document cannot tell is ``TODO``.
Drafts are not loaded with the registry; :func:`validate_drafts` (``blk validate --drafts``)
checks them, naming each field still ``TODO``. Publishing a draft is moving the finished file
to ``sources/``.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from blkanalysis import paths
from blkanalysis.atomic import atomic_write
from blkanalysis.data.registry import BASES, FILE_PATTERN, PROGRAMS, check_file, display_name
from blkanalysis.data.yamlio import read_yaml
from blkanalysis.errors import BlkAnalysisError, Problem

DRAFTS = "drafts"
TODO = "TODO"

#: the parts of a host name that do not name the publisher
_HOST_SUFFIXES = ("com", "co", "go", "or", "ac", "net", "org", "id", "info", "news", "www")
_HOST_PREFIXES = ("www", "m", "amp", "news", "money", "nasional", "ekonomi", "bisnis")


class DraftError(BlkAnalysisError):
    """A draft could not be written."""


def drafts_dir(data_dir: Path | str | None = None) -> Path:
    """``drafts/`` of a data directory (the one in use by default)."""
    base = Path(data_dir) if data_dir is not None else paths.data_dir()
    return base / DRAFTS


def slug(text: str, words: int = 6) -> str:
    """Lowercase ASCII words joined by hyphens: "Kemnaker Resmikan 120 BLK" -> "kemnaker-..."."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words])


def publisher_of(url: str | None, site: str | None) -> str | None:
    """The publisher's short name from the address ("money.kompas.com" -> "kompas") or the
    site's name."""
    if url:
        host = (urlsplit(url).hostname or "").lower()
        labels = [x for x in host.split(".") if x]
        while labels and labels[-1] in _HOST_SUFFIXES:
            labels.pop()
        while len(labels) > 1 and labels[0] in _HOST_PREFIXES:
            labels.pop(0)
        if labels:
            return slug(labels[-1]) or None
    if site:
        return slug(site, words=3) or None
    return None


def draft_name(publisher: str | None, date: str | None, title: str | None, fallback: str) -> str:
    """The registry's file name for a source: ``<publisher>-<yyyy-mm-dd>-<slug>.yaml``."""
    pub = slug(publisher or "") or "unknown"
    day = date if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else "undated"
    words = slug(title or "") or slug(fallback) or "source"
    name = f"{pub}-{day}-{words}.yaml"
    assert FILE_PATTERN.match(name), name
    return name


def write_draft(
    source: str | Path,
    *,
    url: str | None,
    data_dir: Path | str | None = None,
    encoding: str = "utf-8",
) -> tuple[Path, int]:
    """Write the draft source of a document; returns its path and the number of figures.

    Raises :class:`~blkanalysis.text.extract.ExtractError` when the document cannot be read and
    :class:`DraftError` when the draft cannot be written (an installed package's data, or a
    draft of that name already there).
    """
    from blkanalysis.text.documents import on_pages, read_document
    from blkanalysis.text.extract import extract_figures, render_stubs

    if url is not None and not re.match(r"^https?://\S+$", url):
        raise DraftError(f"--url {url!r} is not an http(s) address; give the page's address")
    base = Path(data_dir) if data_dir is not None else paths.data_dir()
    if _inside(base, paths.PACKAGE_DIR):
        raise DraftError(
            f"the data directory in use ({base}) is the copy installed with the package; pass "
            "--data DIR (your copy of data/) so the draft is written there"
        )
    if not base.is_dir():
        raise DraftError(f"no data directory at {base}; pass --data DIR (a copy of data/)")
    doc = read_document(source, encoding=encoding)
    figures = on_pages(extract_figures(doc.text), doc)
    url = url or doc.url
    publisher = publisher_of(url, doc.site)
    name = draft_name(publisher, doc.date, doc.title, Path(str(source)).stem)
    target = drafts_dir(base) / name
    if target.exists():
        raise DraftError(
            f"{target} already exists; finish or delete that draft first (drafts are never "
            "overwritten)"
        )
    meta = {
        "publisher": doc.site or publisher,
        "title": doc.title,
        "url": url,
        "published": doc.date,
        "author": doc.author,
    }
    text = render_stubs(
        figures, source=doc.name, programs=PROGRAMS, bases=BASES, meta=meta
    ).replace(
        "then paste the entries under `figures:` in data/sources/<file>.yaml.",
        "then move this file to sources/ to publish it.",
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, text)
    return target, len(figures)


def _inside(path: Path, parent: Path) -> bool:
    try:
        path.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


def validate_drafts(data_dir: Path | str | None = None) -> tuple[list[Path], list[Problem]]:
    """The drafts under ``drafts/`` of a data directory and every problem in them.

    Each field still ``TODO`` is one problem; the registry's own checks report the rest (a
    field that is ``TODO`` is not reported twice).
    """
    folder = drafts_dir(data_dir)
    if not folder.is_dir():
        return [], []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    problems: list[Problem] = []
    for path in files:
        display = display_name(path)
        raw, found = read_yaml(path, display=display, mark_exponents=True)
        if found:
            problems.extend(found)
            continue
        todos = list(_todos(raw, display))
        marked = {(p.record, p.field) for p in todos}
        _, checks = check_file(path)
        problems.extend(todos)
        for p in checks:
            field = (p.field or "").split(".")[0] or None
            if (p.record, field) not in marked:
                problems.append(p)
    return files, problems


def _todos(raw: Any, display: str):
    """A problem for each field whose value is still ``TODO``."""
    if not isinstance(raw, dict):
        return
    source = raw.get("source")
    if isinstance(source, dict):
        for key, value in source.items():
            if _is_todo(value):
                yield Problem(display, "source", str(key), _TODO_MESSAGE)
    figures = raw.get("figures")
    if isinstance(figures, list):
        for i, fig in enumerate(figures):
            if not isinstance(fig, dict):
                continue
            fid = fig.get("id")
            record = fid if isinstance(fid, str) and fid else f"figures[{i}]"
            for key, value in fig.items():
                if _is_todo(value):
                    yield Problem(display, record, str(key), _TODO_MESSAGE)


_TODO_MESSAGE = "still TODO: fill it in (the comment beside it says what goes there)"


def _is_todo(value: Any) -> bool:
    return isinstance(value, str) and value.strip().upper().startswith(TODO)


__all__ = [
    "DRAFTS",
    "DraftError",
    "draft_name",
    "drafts_dir",
    "publisher_of",
    "slug",
    "validate_drafts",
    "write_draft",
]
