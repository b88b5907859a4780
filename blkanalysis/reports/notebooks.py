"""Read what the runner needs from a notebook file without executing it (and without papermill).

The parameters are the names assigned at the top level of the first code cell tagged
``parameters`` (as papermill defines them), read with :mod:`ast`; a literal default also gives
the expected kind of value (a number, text, ...). A notebook may narrow the data files its
report depends on with ``metadata.report.inputs`` (glob patterns relative to an input
directory, e.g. ``["cpi.yaml", "sources/*.yaml"]``); without it, it depends on all of them.
``metadata.report.per_scenario: false`` says its output does not depend on the scenario: it
then runs once per language (see :func:`blkanalysis.reports.plan.plan_runs`).
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from blkanalysis.errors import Problem, ReportError
from blkanalysis.reports.spec import NotebookInfo, NotebookParam

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class NotebookProblemsError(ReportError):
    """A notebook to run cannot be read (bad JSON, no such file, bad parameters cell)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = [f"{len(problems)} problem(s) in the notebooks:"]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))


def kind_of(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return "any"


def _source_text(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _segment(lines: Sequence[str], node: ast.expr) -> str | None:
    """``ast.get_source_segment(code, node)`` for ``lines``, ``code.splitlines(keepends=True)``
    of a code with ``\n`` line ends only: the stdlib splits the whole code again, character by
    character, on every call (90 % of reading a notebook's parameters). Offsets of columns are
    in UTF-8 bytes, as the parser gives them."""
    end_lineno, end_col = getattr(node, "end_lineno", None), getattr(node, "end_col_offset", None)
    if end_lineno is None or end_col is None:
        return None
    first, col = node.lineno - 1, node.col_offset
    if first == end_lineno - 1:
        return lines[first].encode()[col:end_col].decode()
    head = lines[first].encode()[col:].decode()
    tail = lines[end_lineno - 1].encode()[:end_col].decode()
    return "".join([head, *lines[first + 1 : end_lineno - 1], tail])


def parse_parameters(source: str, where: str = "parameters cell") -> dict[str, NotebookParam]:
    """The names a parameters cell assigns, in order, with their defaults."""
    # IPython magics and shell escapes are not Python: blank them out before parsing
    lines = ["" if ln.lstrip().startswith(("%", "!")) else ln for ln in source.splitlines()]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError as exc:
        raise NotebookProblemsError(
            [Problem(where, "parameters cell", None, f"not valid Python: {exc.msg}")]
        ) from None
    code_lines = "\n".join(lines).splitlines(keepends=True)
    params: dict[str, NotebookParam] = {}
    for node in tree.body:
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        annotation: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = list(node.targets), node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value, annotation = [node.target], node.value, node.annotation
        for target in targets:
            if not isinstance(target, ast.Name) or value is None:
                continue
            text = _segment(code_lines, value) or ""
            try:
                default = ast.literal_eval(value)
                kinds: tuple[str, ...] = (kind_of(default), "none")
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                default, kinds = None, ()
            if kinds and kinds[0] in ("any", "none"):
                kinds = ()
            ann_text = None
            if annotation is not None:
                ann_text = _segment(code_lines, annotation)
                ann_kinds = annotation_kinds(annotation)
                if ann_kinds is not None:
                    kinds = tuple(sorted(ann_kinds))
            params.pop(target.id, None)  # a later assignment wins, and moves to the end
            params[target.id] = NotebookParam(target.id, text, default, kinds, ann_text)
    return params


_ANNOTATION_KINDS = {
    "int": "int",
    "float": "float",
    "str": "str",
    "bool": "bool",
    "list": "list",
    "tuple": "list",
    "Sequence": "list",
    "List": "list",
    "Tuple": "list",
    "dict": "dict",
    "Dict": "dict",
    "Mapping": "dict",
}


def annotation_kinds(node: ast.expr) -> set[str] | None:
    """The kinds an annotation admits (``float | None`` -> {float, none}); None if unknown."""
    if isinstance(node, ast.Constant) and node.value is None:
        return {"none"}
    if isinstance(node, ast.Name):
        kind = _ANNOTATION_KINDS.get(node.id)
        return {kind} if kind else None
    if isinstance(node, ast.Attribute):  # typing.List, collections.abc.Sequence
        kind = _ANNOTATION_KINDS.get(node.attr)
        return {kind} if kind else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = annotation_kinds(node.left), annotation_kinds(node.right)
        return None if left is None or right is None else left | right
    if isinstance(node, ast.Subscript):
        base = node.value
        name = base.id if isinstance(base, ast.Name) else getattr(base, "attr", None)
        if name == "Optional":
            inner = annotation_kinds(node.slice)
            return None if inner is None else inner | {"none"}
        if name == "Union":
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            kinds: set[str] = set()
            for part in parts:
                k = annotation_kinds(part)
                if k is None:
                    return None
                kinds |= k
            return kinds
        if name == "Literal":
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            values = [p.value for p in parts if isinstance(p, ast.Constant)]
            return {kind_of(v) for v in values} if len(values) == len(parts) else None
        kind = _ANNOTATION_KINDS.get(name or "")
        return {kind} if kind else None
    return None


def _title(nb: dict[str, Any], fallback: str) -> str:
    meta_title = nb.get("metadata", {}).get("title")
    if isinstance(meta_title, str) and meta_title.strip():
        return meta_title.strip()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in _source_text(cell).splitlines():
                m = re.match(r"^#\s+(.+?)\s*#*\s*$", line)
                if m:
                    return m.group(1)
    return fallback


def read_notebook_info(path: Path) -> NotebookInfo:
    """Inspect one notebook file: name, title, hash, parameters, declared data inputs."""
    path = Path(path)
    where = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotebookProblemsError(
            [Problem(where, None, None, f"cannot read: {exc.strerror}")]
        ) from None
    try:
        nb = json.loads(raw)
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            raise ValueError("no cells")
    except ValueError as exc:
        raise NotebookProblemsError(
            [Problem(where, None, None, f"not a notebook (JSON with cells): {exc}")]
        ) from None
    if not _NAME_RE.match(path.stem):
        raise NotebookProblemsError(
            [Problem(where, None, None, "a notebook's file name must be letters, digits, ._-")]
        )
    params: dict[str, NotebookParam] = {}
    for cell in nb["cells"]:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and "parameters" in tags:
            params = parse_parameters(_source_text(cell), where)
            break
    report_meta = nb.get("metadata", {}).get("report", {})
    inputs = report_meta.get("inputs") if isinstance(report_meta, dict) else None
    if inputs is not None:
        if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
            raise NotebookProblemsError(
                [
                    Problem(
                        where,
                        "metadata",
                        "report.inputs",
                        'expected a list of glob patterns such as ["cpi.yaml", "sources/*"]',
                    )
                ]
            )
        inputs = tuple(inputs)
    shows = report_meta.get("shows", []) if isinstance(report_meta, dict) else []
    if not isinstance(shows, list) or not set(shows) <= {"parameters", "sources"}:
        raise NotebookProblemsError(
            [
                Problem(
                    where,
                    "metadata",
                    "report.shows",
                    'expected a list of "parameters" and/or "sources"',
                )
            ]
        )
    per_scenario = report_meta.get("per_scenario", True) if isinstance(report_meta, dict) else True
    if not isinstance(per_scenario, bool):
        raise NotebookProblemsError(
            [
                Problem(
                    where,
                    "metadata",
                    "report.per_scenario",
                    "expected true (run for every scenario, the default) or false (run once per "
                    "language: the output does not depend on the scenario)",
                )
            ]
        )
    return NotebookInfo(
        path=path.resolve(),
        name=path.stem,
        title=_title(nb, path.stem),
        sha256=hashlib.sha256(raw).hexdigest(),
        parameters=params,
        inputs=inputs,
        shows=tuple(shows),
        per_scenario=per_scenario,
    )


def read_notebooks(paths: Sequence[Path]) -> list[NotebookInfo]:
    """Inspect every notebook, reporting all problems (and duplicate names) at once."""
    infos: list[NotebookInfo] = []
    problems: list[Problem] = []
    seen: dict[str, Path] = {}
    for p in paths:
        try:
            info = read_notebook_info(Path(p))
        except NotebookProblemsError as exc:
            problems.extend(exc.problems)
            continue
        if info.name in seen:
            problems.append(
                Problem(
                    str(p), None, None, f"same name as {seen[info.name]}: reports would collide"
                )
            )
            continue
        seen[info.name] = Path(p)
        infos.append(info)
    if problems:
        raise NotebookProblemsError(problems)
    return infos
