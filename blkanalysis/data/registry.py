"""The figures registry: one YAML file per source document in ``data/sources/``.

:func:`load_figures` reads every file, validates it strictly (see ``data/README.md``) and returns
one row per figure with its source's fields joined in. Every problem found in any file is
collected and raised together as one :class:`~blkanalysis.errors.BlkDataError`, each naming the
file, the figure id and the field.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import defaultdict
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from blkanalysis import paths
from blkanalysis.data.validation import json_schema_of, problems_from
from blkanalysis.data.yamlio import BadDate, ExponentFloat, read_yaml
from blkanalysis.errors import BlkDataError, NumberParseError, Problem
from blkanalysis.text.numbers import parse_stated

PROGRAMS = (
    "blk_transformation",
    "blk_komunitas",
    "incubators",
    "training",
    "government_blk",
    "kemnaker_budget",
    "vocational_budget",
    "kartu_prakerja",  # a comparator run outside Kemnaker (see its source's notes)
)
BASES = ("realised", "allocated", "estimated_need", "target", "count", "capacity")
UNITS = (
    "IDR",
    "BLK",
    "institutions",
    "persons",
    "incubators",
    "percent",
    "components",
    "regions",
    "companies",
    "vocational_fields",
)
#: bases that state money spent or to be spent (the budget bases)
BUDGET_BASES = ("realised", "allocated", "estimated_need")
RELIABILITY = ("A", "B", "C")

ID_PATTERN = r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$"
MEASURE_PATTERN = r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$"
QUANTITY_PATTERN = r"^[a-z_]+/[a-z0-9_]+/[a-z_]+/\d{4}(?:-\d{4})?$"
FILE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.ya?ml$")
FILE_DATE = re.compile(r"-(\d{4}-\d{2}-\d{2})-")
PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
YEAR_MIN, YEAR_MAX = 1945, 2100

Text = Annotated[str, Field(min_length=1)]


def check_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, BadDate):
        raise ValueError(f"{value.text!r} is not a real date ({value.reason}); write YYYY-MM-DD")
    if isinstance(value, dt.datetime):
        raise ValueError(f"expected a date without a time, got {value.isoformat()!r}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        raise ValueError(
            f"expected a real date written YYYY-MM-DD without quotes, got the text {value!r}"
        )
    raise ValueError(f"expected a date written YYYY-MM-DD, got {value!r}")


DateOrNone = Annotated[Any, Field(json_schema_extra={"type": ["string", "null"], "format": "date"})]


def parse_period(value: Any) -> tuple[int, int]:
    """(first year, last year) of a period written 2022 or "2023-2024"."""
    if isinstance(value, bool):
        raise ValueError(f'expected a year or a range such as "2023-2024", got {value!r}')
    if isinstance(value, int):
        start = end = value
    elif isinstance(value, str):
        m = PERIOD_RE.match(value.strip())
        if not m:
            raise ValueError(
                f'expected a year (2022) or a year range written "2023-2024", got {value!r}'
            )
        start = int(m.group(1))
        end = int(m.group(2) or start)
        if m.group(2) and end <= start:
            raise ValueError(f"the range {value!r} must end after it starts")
    else:
        raise ValueError(
            f'expected a year (2022) or a year range written "2023-2024", got {value!r}'
        )
    for year in (start, end):
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ValueError(f"year {year} is outside {YEAR_MIN}-{YEAR_MAX}")
    return start, end


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Speaker(_Strict):
    """A person quoted by the source."""

    name: Text
    role: str | None = Field(description="their office at the time, or null")


class Event(_Strict):
    """An event the source reports (a hearing, a launch, a press conference)."""

    name: Text
    date: DateOrNone = Field(description="the event's date (YYYY-MM-DD) or null")
    place: str | None = Field(description="where, or null")

    _date = field_validator("date", mode="before")(classmethod(lambda cls, v: check_date(v)))


class SourceMeta(_Strict):
    """Who published the document, where, when, and how far it can be trusted."""

    publisher: Text
    title: str | None = Field(description="the document's title, or null if not known")
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = Field(
        description="the address (http or https), or null if not recorded"
    )
    published: DateOrNone = Field(description="publication date YYYY-MM-DD, or null if not shown")
    published_note: str | None = Field(
        default=None, description="what is known of the date; required when published is null"
    )
    language: Literal["id", "en"]
    reliability: Literal["A", "B", "C"] = Field(
        description="A: major national outlet quoting a named official; B: smaller outlet, "
        "reprint or clipping; C: blog or undated document (a lead only)"
    )
    speakers: list[Speaker]
    events: list[Event]
    notes: str | None = None

    _published = field_validator("published", mode="before")(
        classmethod(lambda cls, v: check_date(v))
    )


class Figure(_Strict):
    """One figure as a source states it."""

    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=120)]
    program: Literal[PROGRAMS]  # type: ignore[valid-type]
    measure: Annotated[str, Field(pattern=MEASURE_PATTERN, max_length=60)]
    basis: Literal[BASES]  # type: ignore[valid-type]
    value: Annotated[
        Any, Field(json_schema_extra={"type": "number", "minimum": 0}, description="integer")
    ]
    unit: Literal[UNITS]  # type: ignore[valid-type]
    period: Annotated[
        Any,
        Field(
            json_schema_extra={
                "oneOf": [
                    {"type": "integer", "minimum": YEAR_MIN, "maximum": YEAR_MAX},
                    {"type": "string", "pattern": r"^\d{4}-\d{4}$"},
                ]
            }
        ),
    ]
    units_covered: Annotated[int, Field(gt=0)] | None = None
    as_stated: Text
    quote: Annotated[str, Field(min_length=1, max_length=400)]
    speaker: str | None = None
    event: str | None = None
    as_of: DateOrNone = None
    trainees_figure: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    continues: Annotated[str, Field(pattern=QUANTITY_PATTERN)] | None = Field(
        default=None,
        description="quantity key (program/measure/basis/period) of an earlier budget whose BLK "
        "this budget continues building, when the source says so",
    )
    preferred: bool = True
    notes: str | None = None
    flag: Literal["parts_do_not_add_up"] | None = Field(
        default=None,
        description="a known problem a reader must see wherever the figure is used "
        "(parts_do_not_add_up: its source's parts do not add up to its totals; see notes)",
    )

    @field_validator("value", mode="before")
    @classmethod
    def _value(cls, v: Any) -> int | float:
        if isinstance(v, ExponentFloat):
            digits = int(v) if v.is_integer() else v
            raise ValueError(
                f"{v.written} is in exponent form; write the figure in digits, without "
                f"separators or exponent ({digits} for {v.written})"
            )
        if isinstance(v, bool) or not isinstance(v, int | float):
            if isinstance(v, str):
                raise ValueError(
                    f"expected a number, got the text {v!r}; write the digits unquoted, "
                    "without separators or exponent (2030000000000, not 2.03e12 or '2.030')"
                )
            raise ValueError(f"expected a number, got {v!r}")
        if v != v or v in (float("inf"), float("-inf")):
            raise ValueError(f"expected a finite number, got {v!r}")
        if v < 0:
            raise ValueError(f"must not be negative, got {v!r}")
        return v

    @field_validator("period", mode="before")
    @classmethod
    def _period(cls, v: Any) -> int | str:
        parse_period(v)
        return v

    _as_of = field_validator("as_of", mode="before")(classmethod(lambda cls, v: check_date(v)))


class SourceFile(_Strict):
    """A source document and the figures it states."""

    source: SourceMeta
    figures: Annotated[list[Figure], Field(min_length=1)]


# ---------------------------------------------------------------------------------------------


def _record_namer(raw: Any):
    def name(loc: tuple[Any, ...]) -> tuple[str | None, tuple[Any, ...]]:
        if len(loc) >= 2 and loc[0] == "figures" and isinstance(loc[1], int):
            fid = None
            with contextlib.suppress(KeyError, IndexError, TypeError, AttributeError):
                fid = raw["figures"][loc[1]].get("id")
            label = str(fid) if isinstance(fid, str) and fid else f"figures[{loc[1]}]"
            return label, loc[2:]
        if loc and loc[0] == "source":
            return "source", loc[1:]
        return None, loc

    return name


def _allowed(record: str | None, parent: tuple[Any, ...]) -> list[str]:
    if parent:  # a nested mapping (speakers[i], events[i])
        head = parent[0]
        if head == "speakers":
            return list(Speaker.model_fields)
        if head == "events":
            return list(Event.model_fields)
        return []
    if record == "source":
        return list(SourceMeta.model_fields)
    if record is None:
        return list(SourceFile.model_fields)
    return list(Figure.model_fields)


def _validate_file(path: Path, display: str) -> tuple[SourceFile | None, list[Problem]]:
    raw, problems = read_yaml(path, display=display, mark_exponents=True)
    if problems:
        return None, problems
    if not isinstance(raw, dict):
        return None, [
            Problem(display, None, None, "expected a mapping with the keys 'source' and 'figures'")
        ]
    try:
        model = SourceFile.model_validate(raw)
    except ValidationError as exc:
        return None, problems_from(exc, file=display, record=_record_namer(raw), allowed=_allowed)
    return model, []


def _keys(model: type[BaseModel]) -> str:
    return ", ".join(model.model_fields)


def _check_figure(sf: SourceFile, fig: Figure, display: str) -> list[Problem]:
    out: list[Problem] = []

    def bad(field: str, msg: str) -> None:
        out.append(Problem(display, fig.id, field, msg))

    if isinstance(fig.value, float) and fig.unit != "percent" and not fig.value.is_integer():
        bad("value", f"{fig.unit} figures are whole numbers, got {fig.value!r}")
    elif isinstance(fig.value, float) and fig.unit != "percent":
        bad("value", f"write {fig.unit} figures as integers ({int(fig.value)}), not {fig.value!r}")
    if fig.units_covered is not None and fig.unit != "IDR":
        bad("units_covered", "only rupiah (unit IDR) figures cover a number of BLK; remove it")
    try:
        stated = parse_stated(fig.as_stated)
    except NumberParseError as exc:
        bad("as_stated", f"{exc.reason}; as_stated must state the figure as the source wrote it")
    else:
        if not stated.agrees(fig.value):
            bad(
                "as_stated",
                f"{fig.as_stated!r} stands for values in [{_num(stated.low)}, {_num(stated.high)}) "
                f"but value is {_num(fig.value)}; fix value or as_stated",
            )
        if stated.currency and fig.unit != "IDR":
            bad("unit", f"as_stated {fig.as_stated!r} is in rupiah, so unit must be IDR")
        if fig.unit == "IDR" and stated.percent:
            bad("unit", f"as_stated {fig.as_stated!r} is a percentage, not rupiah")
        if stated.percent and fig.unit != "percent":
            bad("unit", f"as_stated {fig.as_stated!r} is a percentage, so unit must be percent")
    speakers = [s.name for s in sf.source.speakers]
    if fig.speaker is not None and fig.speaker not in speakers:
        bad(
            "speaker",
            f"{fig.speaker!r} is not one of the source's speakers "
            f"({', '.join(speakers) or 'none'}); add them to source.speakers or fix the name",
        )
    events = [e.name for e in sf.source.events]
    if fig.event is not None and fig.event not in events:
        bad(
            "event",
            f"{fig.event!r} is not one of the source's events ({', '.join(events) or 'none'})",
        )
    if not fig.preferred and not (fig.notes or "").strip():
        bad("notes", "a figure with preferred: false needs notes saying why it is not preferred")
    if fig.continues is not None and fig.units_covered is None:
        bad("continues", "only a budget covering a number of BLK (units_covered) continues another")
    if fig.trainees_figure is not None and fig.unit != "IDR":
        bad("trainees_figure", "only rupiah figures link to the trainees they pay for")
    return out


def _num(v: Any) -> str:
    from decimal import Decimal

    d = Decimal(str(v)) if isinstance(v, float) else Decimal(v)
    return f"{d.normalize():f}" if d == d.to_integral_value() else f"{d:f}"


def _check_source(sf: SourceFile, path: Path, display: str) -> list[Problem]:
    out: list[Problem] = []
    meta = sf.source
    if not FILE_PATTERN.match(path.name):
        out.append(
            Problem(
                display,
                None,
                None,
                "file names use lowercase letters, digits and hyphens: "
                "<publisher>-<yyyy-mm-dd>-<slug>.yaml",
            )
        )
    m = FILE_DATE.search(path.name)
    if m and meta.published is not None and m.group(1) != meta.published.isoformat():
        out.append(
            Problem(
                display,
                "source",
                "published",
                f"the file name says {m.group(1)} but published is {meta.published.isoformat()}; "
                "make them agree",
            )
        )
    if meta.published is None and not (meta.published_note or "").strip():
        out.append(
            Problem(
                display,
                "source",
                "published_note",
                "published is null, so published_note must say what is known of the date",
            )
        )
    names = [s.name for s in meta.speakers]
    for name in {n for n in names if names.count(n) > 1}:
        out.append(Problem(display, "source", "speakers", f"speaker {name!r} is listed twice"))
    return out


def _load_all(sources: Path) -> tuple[list[tuple[Path, str, SourceFile]], list[Problem]]:
    problems: list[Problem] = []
    loaded: list[tuple[Path, str, SourceFile]] = []
    if not sources.is_dir():
        raise BlkDataError(
            [Problem(str(sources), None, None, "no such directory; expected data/sources/*.yaml")]
        )
    files = sorted(p for p in sources.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise BlkDataError(
            [Problem(str(sources), None, None, "no source files (*.yaml) found in this directory")]
        )
    for path in files:
        display = _display(path)
        sf, found = _validate_file(path, display)
        problems.extend(found)
        if sf is not None:
            problems.extend(_check_source(sf, path, display))
            for fig in sf.figures:
                problems.extend(_check_figure(sf, fig, display))
            loaded.append((path, display, sf))
    return loaded, problems


def _display(path: Path) -> str:
    root = paths.project_root()
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def quantity_key(program: str, measure: str, basis: str, period: Any) -> str:
    start, end = parse_period(period)
    span = str(start) if start == end else f"{start}-{end}"
    return f"{program}/{measure}/{basis}/{span}"


def _cross_checks(loaded: list[tuple[Path, str, SourceFile]]) -> list[Problem]:
    problems: list[Problem] = []
    where: dict[str, list[str]] = defaultdict(list)
    by_id: dict[str, tuple[str, SourceFile, Figure]] = {}
    for _, display, sf in loaded:
        for fig in sf.figures:
            where[fig.id].append(display)
            by_id.setdefault(fig.id, (display, sf, fig))
    for fid, files in where.items():
        if len(files) > 1:
            for f in files:
                others = [o for o in files if o != f] or [f]
                problems.append(
                    Problem(
                        f,
                        fid,
                        "id",
                        f"id used {len(files)} times (also in {', '.join(sorted(set(others)))}); "
                        "ids must be unique across the registry",
                    )
                )
    for fid, (display, _sf, fig) in by_id.items():
        if fig.trainees_figure is not None:
            target = by_id.get(fig.trainees_figure)
            if target is None:
                problems.append(
                    Problem(
                        display,
                        fid,
                        "trainees_figure",
                        f"no figure has the id {fig.trainees_figure!r}",
                    )
                )
            elif target[2].unit != "persons":
                problems.append(
                    Problem(
                        display,
                        fid,
                        "trainees_figure",
                        f"{fig.trainees_figure!r} counts {target[2].unit}, not persons",
                    )
                )
    groups: dict[str, list[tuple[str, SourceFile, Figure]]] = defaultdict(list)
    for display, sf, fig in by_id.values():
        groups[quantity_key(fig.program, fig.measure, fig.basis, fig.period)].append(
            (display, sf, fig)
        )
    for display, _sf, fig in by_id.values():
        if fig.continues is not None:
            earlier = groups.get(fig.continues)
            if not earlier:
                problems.append(
                    Problem(
                        display,
                        fig.id,
                        "continues",
                        f"no figure states the quantity {fig.continues!r}",
                    )
                )
            elif all(f.units_covered is None for _, _, f in earlier):
                problems.append(
                    Problem(
                        display,
                        fig.id,
                        "continues",
                        f"{fig.continues!r} does not cover a number of BLK (units_covered)",
                    )
                )
    for key, members in sorted(groups.items()):
        ids = ", ".join(sorted(f.id for _, _, f in members))
        preferred = [(d, sf, f) for d, sf, f in members if f.preferred]
        if len(members) == 1 and not preferred:
            d, _, f = members[0]
            problems.append(
                Problem(
                    d,
                    f.id,
                    "preferred",
                    f"the only figure for {key} is marked preferred: false, so the quantity has no "
                    "preferred figure; set preferred: true (or add the source it defers to)",
                )
            )
            continue
        if len(members) == 1:
            continue
        if len(preferred) != 1:
            for d, _, f in preferred or members:
                problems.append(
                    Problem(
                        d,
                        f.id,
                        "preferred",
                        f"{len(members)} figures state the quantity {key} ({ids}) and "
                        f"{len(preferred)} are preferred; mark exactly one preferred: true and the "
                        "others preferred: false with notes saying why (or give different measures "
                        "if they are different things)",
                    )
                )
        else:
            d, sf, f = preferred[0]
            if sf.source.reliability == "C" and any(
                s.source.reliability != "C" for _, s, _ in members
            ):
                problems.append(
                    Problem(
                        d,
                        f.id,
                        "preferred",
                        f"a grade C lead is preferred for {key} over graded sources ({ids})",
                    )
                )
        units = {f.unit for _, _, f in members}
        if len(units) > 1:
            for d, _, f in members:
                problems.append(
                    Problem(d, f.id, "unit", f"figures for {key} ({ids}) disagree on the unit")
                )
        continued = {f.continues for _, _, f in members}
        if len(continued) > 1:
            for d, _, f in members:
                problems.append(
                    Problem(
                        d, f.id, "continues", f"figures for {key} ({ids}) disagree on continues"
                    )
                )
        covered = {f.units_covered for _, _, f in members}
        if len(covered) > 1:
            for d, _, f in members:
                problems.append(
                    Problem(
                        d,
                        f.id,
                        "units_covered",
                        f"figures for {key} ({ids}) cover different numbers of BLK "
                        f"({', '.join(str(c) for c in sorted(covered, key=str))})",
                    )
                )
    return problems


def validate_registry(data_dir: Path | str | None = None) -> list[Problem]:
    """Every problem in the registry under ``data_dir`` (empty list when clean)."""
    sources = paths.sources_dir(Path(data_dir) if data_dir is not None else None)
    try:
        loaded, problems = _load_all(sources)
    except BlkDataError as exc:
        return exc.problems
    problems.extend(_cross_checks(loaded))
    return problems


# ---------------------------------------------------------------------------------------------

COLUMNS = [
    "id",
    "quantity",
    "program",
    "measure",
    "basis",
    "value",
    "unit",
    "period",
    "period_start",
    "period_end",
    "n_years",
    "units_covered",
    "trainees_figure",
    "continues",
    "as_stated",
    "stated_low",
    "stated_high",
    "quote",
    "speaker",
    "speaker_role",
    "event",
    "event_date",
    "as_of",
    "preferred",
    "lead",
    "notes",
    "flag",
    "source_id",
    "source_file",
    "publisher",
    "title",
    "url",
    "published",
    "published_note",
    "language",
    "reliability",
    "source_notes",
]


TEXT_COLUMNS = [
    "id",
    "quantity",
    "measure",
    "period",
    "trainees_figure",
    "continues",
    "as_stated",
    "quote",
    "speaker",
    "speaker_role",
    "event",
    "notes",
    "flag",
    "source_id",
    "source_file",
    "publisher",
    "title",
    "url",
    "published_note",
    "language",
    "source_notes",
]


def _rows(loaded: list[tuple[Path, str, SourceFile]]) -> list[dict[str, Any]]:
    rows = []
    for path, display, sf in loaded:
        meta = sf.source
        roles = {s.name: s.role for s in meta.speakers}
        event_dates = {e.name: e.date for e in meta.events}
        for fig in sf.figures:
            # an absent key defaults to the source's only speaker/event; an explicit null
            # says nobody (the outlet's own narrative)
            speaker = fig.speaker
            if "speaker" not in fig.model_fields_set and len(meta.speakers) == 1:
                speaker = meta.speakers[0].name
            event = fig.event
            if "event" not in fig.model_fields_set and len(meta.events) == 1:
                event = meta.events[0].name
            start, end = parse_period(fig.period)
            stated = parse_stated(fig.as_stated)
            rows.append(
                {
                    "id": fig.id,
                    "quantity": quantity_key(fig.program, fig.measure, fig.basis, fig.period),
                    "program": fig.program,
                    "measure": fig.measure,
                    "basis": fig.basis,
                    "value": float(fig.value),
                    "unit": fig.unit,
                    "period": str(start) if start == end else f"{start}-{end}",
                    "period_start": start,
                    "period_end": end,
                    "n_years": end - start + 1,
                    "units_covered": fig.units_covered,
                    "trainees_figure": fig.trainees_figure,
                    "continues": fig.continues,
                    "as_stated": fig.as_stated,
                    "stated_low": float(stated.low),
                    "stated_high": float(stated.high),
                    "quote": fig.quote,
                    "speaker": speaker,
                    "speaker_role": roles.get(speaker) if speaker else None,
                    "event": event,
                    "event_date": event_dates.get(event) if event else None,
                    "as_of": fig.as_of,
                    "preferred": fig.preferred,
                    "lead": meta.reliability == "C",
                    "notes": fig.notes,
                    "flag": fig.flag,
                    "source_id": path.stem,
                    "source_file": display,
                    "publisher": meta.publisher,
                    "title": meta.title,
                    "url": meta.url,
                    "published": meta.published,
                    "published_note": meta.published_note,
                    "language": meta.language,
                    "reliability": meta.reliability,
                    "source_notes": meta.notes,
                }
            )
    return rows


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("period_start", "period_end", "n_years"):
        df[col] = df[col].astype("int64")
    df["units_covered"] = df["units_covered"].astype("Int64")
    df["value"] = df["value"].astype("float64")
    for col in ("event_date", "as_of", "published"):
        df[col] = pd.to_datetime(df[col]).astype("datetime64[s]")
    df["program"] = pd.Categorical(df["program"], categories=PROGRAMS)
    df["basis"] = pd.Categorical(df["basis"], categories=BASES)
    df["unit"] = pd.Categorical(df["unit"], categories=UNITS)
    df["reliability"] = pd.Categorical(df["reliability"], categories=RELIABILITY, ordered=True)
    for col in TEXT_COLUMNS:
        df[col] = df[col].astype("str")
    df["preferred"] = df["preferred"].astype(bool)
    df["lead"] = df["lead"].astype(bool)
    df = df.sort_values(
        ["program", "measure", "period_start", "period_end", "basis", "preferred", "id"],
        ascending=[True, True, True, True, True, False, True],
        kind="mergesort",
    )
    return df.reset_index(drop=True)


def load_figures(data_dir: Path | str | None = None, include_leads: bool = False) -> pd.DataFrame:
    """Every figure of the registry, validated, one row per figure with its source joined in.

    ``data_dir``: the data directory (holding ``sources/``) or a directory of source files;
    default: the project's ``data/``. ``include_leads``: also return grade C figures (flagged in
    the ``lead`` column). Raises :class:`~blkanalysis.errors.BlkDataError` listing every problem.
    Files are parsed once per content (see :mod:`blkanalysis.data.inputs`); each call returns a
    fresh copy.
    """
    from blkanalysis.data.inputs import cached_figures

    sources = paths.sources_dir(Path(data_dir) if data_dir is not None else None)
    df = cached_figures(sources)
    if not include_leads:
        return df[~df["lead"]].reset_index(drop=True)
    return df.copy()


def parse_figures(sources: Path) -> pd.DataFrame:
    """Read and validate every source file of ``sources`` (no cache): every figure, leads too."""
    loaded, problems = _load_all(sources)
    problems.extend(_cross_checks(loaded))
    if problems:
        raise BlkDataError(problems)
    return _frame(_rows(loaded))


def json_schema() -> dict[str, Any]:
    """JSON Schema of a source file (documentation; the loader's models are the checks)."""
    return json_schema_of(SourceFile, "blkanalysis source file")
