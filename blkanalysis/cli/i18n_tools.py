"""Translators' tools for the catalogue: English in the code, other languages in gettext files.

    python -m blkanalysis.cli.i18n_tools messages   # write locale/blkanalysis.pot from the code and
                                                # bring every locale/<lang>/.../blkanalysis.po up
                                                # to date with it (new texts empty, changed ones
                                                # fuzzy with the previous English)
    python -m blkanalysis.cli.i18n_tools migrate    # move every "id" (or other language) text still
                                                # written in i18n.py's dicts ({"en": .., "id": ..},
                                                # RUNNER_ID) into the .po, leave the English in
                                                # the dict, then run `messages`
    python -m blkanalysis.cli.i18n_tools check      # what a translator still has to do
                                                # (exit 1 if anything)
    python -m blkanalysis.cli.i18n_tools merge      # in a git merge where i18n.py conflicts because
                                                # one side still adds {"en": .., "id": ..} entries:
                                                # keep the English-only side, add the other side's
                                                # new or changed entries, then `migrate`

The message context (msgctxt) is the catalogue key: a message's key, ``label.<name>`` for a label,
``runner.<key>`` for the report runner's own words; msgid is the English text, msgstr the
translation. :mod:`blkanalysis.present.i18n` reads the .po directly (Babel), so there is
nothing to compile.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from blkanalysis import paths

#: the catalogue's English source (readable even when a merge left conflict markers in it)
I18N_SOURCE = paths.PACKAGE_DIR / "present" / "i18n.py"

try:
    from blkanalysis.cli import catalogue
    from blkanalysis.present import i18n
except SyntaxError:  # i18n.py has merge conflict markers: only `merge` can run
    i18n = catalogue = None  # type: ignore[assignment]

PROJECT = "blkanalysis"
FIELD = re.compile(r"\{([^{}]*)\}")
TABLES = ("MESSAGES", "LABELS")


def translated_langs() -> tuple[str, ...]:
    """The languages with a catalogue (English is the code's own)."""
    return tuple(lang for lang in i18n.LANGS if lang != "en")


def pot_path() -> Path:
    return i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"


def fields(text: str) -> set[str]:
    """The ``{placeholders}`` of a text (``{{`` escapes aside)."""
    return set(FIELD.findall(text.replace("{{", "").replace("}}", "")))


def _flags(english: str) -> set[str]:
    return {"python-brace-format"} if fields(english) else set()


def read(path: Path) -> Catalog | None:
    if not path.is_file():
        return None
    with path.open("rb") as f:
        return read_po(f, abort_invalid=True)


def _content(catalog: Catalog | None) -> list[tuple]:
    if catalog is None:
        return []
    return [(m.context, m.id, m.string, sorted(m.flags)) for m in catalog if m.id]


def _write(path: Path, catalog: Catalog, old: Catalog | None) -> bool:
    if old is not None and _content(old) == _content(catalog):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(
            f, catalog, width=100, no_location=True, sort_output=False, ignore_obsolete=True,
            include_previous=True,
        )  # fmt: skip
    return True


HEADER = (
    "# {what} for blkanalysis.\n"
    "# msgctxt is the catalogue key, msgid the English text in the code\n"
    "# (blkanalysis/present/i18n.py, blkanalysis/reports/labels.py), msgstr the translation.\n"
    "# Written by `make messages` (python -m blkanalysis.cli.i18n_tools messages):\n"
    "# translate msgstr only.\n#"
)


def template(entries: Iterable[tuple[str, str]], old: Catalog | None = None) -> Catalog:
    cat = Catalog(
        project=PROJECT,
        header_comment=HEADER.format(what="Translation template"),
        creation_date=old.creation_date if old else None,
        fuzzy=False,
    )
    for context, english in entries:
        cat.add(english, "", context=context, flags=_flags(english))
    return cat


def updated(
    lang: str,
    entries: Iterable[tuple[str, str]],
    old: Catalog | None,
    new_texts: dict[str, tuple[str, str]] | None = None,
) -> Catalog:
    """``lang``'s catalogue for ``entries``: a translation kept while its English is unchanged,
    marked fuzzy (with the previous English) when the English changed, empty when new;
    ``new_texts`` (context -> (English, translation)) override."""
    new_texts = new_texts or {}
    cat = Catalog(
        locale=lang,
        project=PROJECT,
        header_comment=old.header_comment if old else HEADER.format(what=f"{lang} translations"),
        creation_date=old.creation_date if old else None,
        revision_date=old.revision_date if old else None,
        last_translator=old.last_translator if old else None,
        language_team=old.language_team if old else None,
        fuzzy=False,
    )
    before = {m.context: m for m in old if m.id} if old else {}
    for context, english in entries:
        flags, previous, string = _flags(english), (), ""
        if context in new_texts and new_texts[context][0] == english:
            string = new_texts[context][1]
        elif (m := before.get(context)) is not None:
            string = m.string or ""
            if m.id == english:
                flags |= {"fuzzy"} & set(m.flags)
                previous = m.previous_id
            elif string:
                flags.add("fuzzy")
                previous = [m.id]
        cat.add(english, string, context=context, flags=flags, previous_id=previous)
    return cat


def messages(new_texts: dict[str, dict[str, tuple[str, str]]] | None = None) -> list[Path]:
    """Write the .pot from the code and update every language's .po; the files changed."""
    new_texts = new_texts or {}
    entries = catalogue.english_catalogue()
    changed = []
    old = read(pot_path())
    if _write(pot_path(), template(entries, old), old):
        changed.append(pot_path())
    for lang in sorted(set(translated_langs()) | set(new_texts)):
        path = i18n.po_path(lang)
        old = read(path)
        if _write(path, updated(lang, entries, old, new_texts.get(lang)), old):
            changed.append(path)
    i18n.translations.cache_clear()
    return changed


# --- migrate: dict entries -> .po --------------------------------------------------------------


def _assignment(node: ast.stmt) -> tuple[str, ast.expr | None, ast.expr] | None:
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
        return node.target.id, node.annotation, node.value
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, ast.Name):
            return target.id, None, node.value
    return None


def move_out(source: str) -> tuple[str, dict[str, dict[str, tuple[str, str]]]]:
    """``source`` (i18n.py) with every non-English text taken out of MESSAGES, LABELS and
    RUNNER_ID, and those texts: lang -> context -> (English, text)."""
    from blkanalysis.reports.labels import DEFAULT_LABELS

    data = source.encode()
    starts = [0]
    for line in data.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))

    def offset(line: int, col: int) -> int:
        return starts[line - 1] + col

    def span(node: ast.AST) -> tuple[int, int]:
        return offset(node.lineno, node.col_offset), offset(node.end_lineno, node.end_col_offset)

    edits: list[tuple[int, int, bytes]] = []
    moved: dict[str, dict[str, tuple[str, str]]] = {}
    for node in ast.parse(source).body:
        found = _assignment(node)
        if found is None:
            continue
        name, annotation, value = found
        if name in ("MESSAGES", "LABELS") and isinstance(value, ast.Dict):
            prefix = "label." if name == "LABELS" else ""
            for key_node, entry in zip(value.keys, value.values, strict=True):
                if not isinstance(entry, ast.Dict) or key_node is None:
                    continue
                key = ast.literal_eval(key_node)
                texts = ast.literal_eval(entry)
                english = texts.pop("en")
                for lang, text in texts.items():
                    moved.setdefault(lang, {})[prefix + key] = (english, text)
                en_node = entry.values[[ast.literal_eval(k) for k in entry.keys].index("en")]
                a, b = span(en_node)
                text = data[a:b]
                if b"\n" in text or key_node.col_offset + (b - a) + len(repr(key)) + 3 > 100:
                    text = b"(" + text + b")"  # ruff format lays the parts out
                edits.append((*span(entry), text))
            if annotation is not None and ast.unparse(annotation) == "dict[str, dict[str, str]]":
                edits.append((*span(annotation), b"dict[str, str]"))
        elif name == "RUNNER_ID" and isinstance(value, ast.Dict):
            for key, text in ast.literal_eval(value).items():
                if key in DEFAULT_LABELS:
                    moved.setdefault("id", {})[f"runner.{key}"] = (DEFAULT_LABELS[key], text)
                else:
                    print(f"RUNNER_ID[{key!r}]: not a runner word, dropped", file=sys.stderr)
            first = node.lineno
            lines = source.splitlines()
            while first > 1 and lines[first - 2].startswith("#:"):
                first -= 1  # its comment goes with it
            end = starts[node.end_lineno]
            if data[end : end + 1] == b"\n":
                end += 1  # and one blank line after it
            edits.append((starts[first - 1], end, b""))
    for a, b, text in sorted(edits, reverse=True):
        data = data[:a] + text + data[b:]
    return data.decode(), moved


def migrate(path: Path | None = None) -> dict[str, dict[str, tuple[str, str]]]:
    """Move the translations still in ``path`` (i18n.py) into the .po files."""
    path = path or Path(i18n.__file__)
    source, moved = move_out(path.read_text())
    if moved:
        path.write_text(source)
        subprocess.run(
            [sys.executable, "-m", "ruff", "format", "--quiet", str(path)], check=False
        )  # tidy the joined lines if ruff is there; the file is valid either way
        importlib.reload(i18n)
    for lang, texts in moved.items():
        old = {c: (m.id, m.string) for c, m in _by_context(read(i18n.po_path(lang))).items()}
        for context, (english, text) in texts.items():
            if old.get(context, (english, text))[1] not in ("", text):
                print(f"{lang} {context}: the .po said {old[context][1]!r}, now {text!r}")
    messages(moved)
    return moved


def _by_context(catalog: Catalog | None) -> dict:
    return {m.context: m for m in catalog if m.id} if catalog else {}


# --- merge: a branch that still adds {"en", "id"} entries ---------------------------------------


def _tables(source: str) -> dict[str, tuple[ast.stmt, ast.Dict]]:
    out = {}
    for node in ast.parse(source).body:
        found = _assignment(node)
        if found and found[0] in (*TABLES, "RUNNER_ID") and isinstance(found[2], ast.Dict):
            out[found[0]] = (node, found[2])
    return out


def _entries(source: str, table: str) -> dict[str, tuple[object, str]]:
    """key -> (value, value's source) of ``table`` in ``source``."""
    found = _tables(source).get(table)
    if found is None:
        return {}
    return {
        ast.literal_eval(k): (ast.literal_eval(v), ast.get_source_segment(source, v))
        for k, v in zip(found[1].keys, found[1].values, strict=True)
        if k is not None
    }


def _outside_tables(source: str) -> str:
    """``source`` without the catalogue tables (to see other changes)."""
    lines = source.splitlines()
    for node, _ in sorted(_tables(source).values(), key=lambda n: -n[0].lineno):
        del lines[node.lineno - 1 : node.end_lineno]
    return "\n".join(lines)


def _literal(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a valid Python string, in double quotes


def _line_after(node: ast.Dict, keys: list, lines: list[str], starts: list[int], i: int) -> int:
    """Where an entry following the i-th one of ``node`` starts (before the comments heading
    the next one)."""
    line = keys[i + 1].lineno - 1 if i + 1 < len(keys) else node.end_lineno - 1
    while line > 0 and (not lines[line - 1].strip() or lines[line - 1].lstrip()[0] == "#"):
        line -= 1
    return starts[line]


def merge_sources(gettext_side: str, old_side: str, base: str) -> tuple[str, list[str]]:
    """Three-way merge of i18n.py when one side (``old_side``) still writes entries
    ``{"en": .., "id": ..}``: every entry that side added or changed since ``base`` goes into
    ``gettext_side`` in the old format, next to the entry it follows there, ready for
    :func:`migrate`; the warnings say what needs a person."""
    import difflib

    data = gettext_side.encode()
    starts = [0]
    for line in data.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    tables = _tables(gettext_side)
    lines = gettext_side.splitlines()
    replace: list[tuple[int, int, bytes]] = []
    insert: dict[int, list[bytes]] = {}
    warnings = []
    for table in TABLES:
        ours, theirs, before = (_entries(src, table) for src in (gettext_side, old_side, base))
        node = tables[table][1]
        keys = [k for k in node.keys if k is not None]

        def line_after(i: int, keys=keys, node=node) -> int:
            return _line_after(node, keys, lines, starts, i)

        index = {ast.literal_eval(k): i for i, k in enumerate(keys)}
        previous = None
        for key, (value, segment) in theirs.items():
            if key in before and before[key][0] == value:
                previous = key if key in index else previous
                continue  # not changed on that side
            text = f"    {_literal(key)}: {segment},\n".encode()
            if key in index:
                k = keys[index[key]]
                replace.append((starts[k.lineno - 1], line_after(index[key]), text))
            else:
                at = line_after(index[previous]) if previous else starts[node.lineno]
                insert.setdefault(at, []).append(text)
            previous = key if key in index else previous
        for key in before.keys() - theirs.keys():
            if key in ours:
                warnings.append(
                    f"{table}[{key!r}] was removed on the other side: remove it by hand"
                )
    runner_old = _entries(old_side, "RUNNER_ID")
    runner_base = _entries(base, "RUNNER_ID")
    changed = {k: v for k, (v, _) in runner_old.items() if runner_base.get(k, (None,))[0] != v}
    edits = replace + [(a, a, b"".join(texts)) for a, texts in insert.items()]
    for a, b, text in sorted(edits, reverse=True):
        data = data[:a] + text + data[b:]
    merged = data.decode()
    if changed:
        items = ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in changed.items())
        merged += f"\n\nRUNNER_ID: dict[str, str] = {{{items}}}\n"
    if _outside_tables(old_side) != _outside_tables(base):
        diff = difflib.unified_diff(
            _outside_tables(base).splitlines(), _outside_tables(old_side).splitlines(),
            "base", "other side", lineterm="", n=1,
        )  # fmt: skip
        warnings.append("the other side also changed code outside the tables (merge it by hand):\n"
                        + "\n".join(diff))  # fmt: skip
    return merged, warnings


def merge(path: Path) -> list[str]:
    """Resolve a conflicted merge of ``path`` (i18n.py): stage 1 is the base, the side whose
    tables hold English only is the code kept, the other side's new entries are migrated."""

    def stage(n: int) -> str:
        return subprocess.run(
            ["git", "show", f":{n}:./{path.name}"], cwd=path.parent, capture_output=True,
            text=True, check=True,
        ).stdout  # fmt: skip

    base, ours, theirs = stage(1), stage(2), stage(3)

    def is_gettext(source: str) -> bool:
        return all(
            isinstance(value, str) for t in TABLES for value, _ in _entries(source, t).values()
        ) and "RUNNER_ID" not in _tables(source)

    if is_gettext(ours) == is_gettext(theirs):
        raise SystemExit("merge: expected one side with English-only tables and one without")
    gettext_side, old_side = (ours, theirs) if is_gettext(ours) else (theirs, ours)
    merged, warnings = merge_sources(gettext_side, old_side, base)
    path.write_text(merged)
    return warnings


# --- check ---------------------------------------------------------------------------------------


def problems(lang: str) -> list[str]:
    """Everything wrong with ``lang``'s catalogue against the code: missing, stale, empty or
    fuzzy entries, placeholders that differ from the English."""
    out = []
    code = dict(catalogue.english_catalogue())
    catalog = read(i18n.po_path(lang))
    if catalog is None:
        return [f"{i18n.po_path(lang)} does not exist"]
    po = _by_context(catalog)
    for context in code.keys() - po.keys():
        out.append(f"{context}: not in the .po (run `make messages`)")
    for context in po.keys() - code.keys():
        out.append(f"{context}: in the .po but not in the code (run `make messages`)")
    for context, m in po.items():
        if context not in code:
            continue
        if m.id != code[context]:
            out.append(f"{context}: the .po translates an older English text {m.id!r}")
        if not m.string:
            out.append(f"{context}: not translated")
        elif m.fuzzy:
            out.append(f"{context}: fuzzy (check the translation, then remove the flag)")
        elif fields(m.string) != fields(m.id):
            out.append(f"{context}: placeholders {sorted(fields(m.string))} in the translation, "
                       f"{sorted(fields(m.id))} in the English")  # fmt: skip
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m blkanalysis.cli.i18n_tools",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=("messages", "migrate", "check", "merge"))
    args = parser.parse_args(argv)
    if args.command == "merge":
        global i18n, catalogue
        for warning in merge(I18N_SOURCE):
            print(f"warning: {warning}", file=sys.stderr)
        importlib.invalidate_caches()
        i18n = importlib.import_module("blkanalysis.present.i18n")
        catalogue = importlib.import_module("blkanalysis.cli.catalogue")
        args.command = "migrate"
    if args.command == "migrate":
        moved = migrate()
        for lang, texts in sorted(moved.items()):
            print(f"moved {len(texts)} {lang} texts out of {Path(i18n.__file__).name}")
        if not moved:
            print(f"nothing to move: {Path(i18n.__file__).name} holds English only")
    if args.command == "messages":
        for path in messages():
            print(f"wrote {path}")
    found = [f"{lang}: {p}" for lang in translated_langs() for p in problems(lang)]
    print("\n".join(found) if found else "every message is translated")
    return 1 if found and args.command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
