"""Scenario files as the report runner's specs: the glue between the analysis and the runner.

The runner (:mod:`blkanalysis.reports`) knows nothing of BLK: it takes ``ScenarioSpec`` objects
and a validator. This module builds them from the scenario files (and ``-p`` overrides) and
validates them with :class:`~blkanalysis.model.scenario.Scenario`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from blkanalysis import paths
from blkanalysis.errors import Problem, ScenarioError
from blkanalysis.model.parameters import BY_NAME as PARAMETERS_BY_NAME
from blkanalysis.model.scenario import (
    Scenario,
    ScenarioHeader,
    load_scenario_file,
    parse_cli_values,
    scenario_files,
)
from blkanalysis.reports.spec import ScenarioSpec


def _header_dict(header: ScenarioHeader | None) -> dict[str, Any]:
    """The header as the runner shows it; translations kept aside as ``translations_text``."""
    if header is None:
        return {}
    out = header.model_dump()
    out["translations_text"] = out.pop("translations", {})
    return out


def load_scenario_specs(
    files: Sequence[Path] | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    langs: Sequence[str] = ("en",),
):
    """Scenario files as the report runner's ``ScenarioSpec`` list.

    ``files``: the scenario files (default: every file in ``scenarios/``). ``overrides``
    (``-p name=value``, values as typed): each selected scenario (default: the baseline only)
    becomes a what-if with the overrides applied, named ``whatif-<hash of its parameters>``.
    Every problem in every file is reported together (:class:`ScenarioError`).

    ``langs``: the report languages. English reports keep the scenario's name; a report set in
    another language ``xx`` is the same scenario with ``lang: xx``, named ``<name>.xx``, its
    header in that language where the file gives a translation. Each spec's header names its
    twins in the other languages (``translations``), so the index can link them.
    """
    overrides = dict(overrides or {})
    bad = [lang for lang in langs if lang not in LANGUAGES]
    if bad or not langs:
        raise ScenarioError(
            [
                Problem(
                    "--lang",
                    None,
                    "lang",
                    f"unknown language {', '.join(bad) or '(none)'}; choose from "
                    + ", ".join(LANGUAGES),
                )
            ]
        )
    if files is None:
        files = [paths.scenarios_dir() / "baseline.yaml"] if overrides else scenario_files()
    loaded, problems = [], []
    for p in files:
        try:
            loaded.append(load_scenario_file(Path(p)))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ScenarioError(problems)
    specs = []
    for sf in loaded:
        header = _header_dict(sf.header)
        params = dict(sf.raw_params)
        name = sf.name
        source = sf.path
        if overrides:
            typed = parse_cli_values(overrides)
            params = {**params, **typed}
            resolved = Scenario.from_params(params, source=f"-p overrides of {sf.name}")
            changes = ", ".join(f"{k}={v}" for k, v in typed.items())
            header = {
                **header,
                "title": f"What-if: {header.get('title', sf.name)} with {changes}",
                "rationale": f"Command-line overrides ({changes}) of scenario {sf.name!r}. "
                + str(header.get("rationale", "")),
                "translations_text": {},
            }
            name = f"whatif-{resolved.digest()[:8]}"
            source = None
        text = header.pop("translations_text", None) or {}
        for lang in langs:
            names = {other: _lang_name(name, other) for other in LANGUAGES if other != lang}
            localised = {**header, **(text.get(lang) or {})}
            localised["translations"] = names
            specs.append(
                ScenarioSpec(
                    name=_lang_name(name, lang),
                    parameters={**params, "lang": lang},
                    header=localised,
                    source=source,
                )
            )
    return specs


#: the report languages (English reports keep the scenario's name)
LANGUAGES: tuple[str, ...] = PARAMETERS_BY_NAME["lang"].choices


def _lang_name(name: str, lang: str) -> str:
    return name if lang == "en" else f"{name}.{lang}"


def validate_spec(spec) -> dict[str, Any]:
    """The runner's validator: resolved parameters of a spec, or :class:`ScenarioError`."""
    return Scenario.from_params(spec.parameters, source=spec.where).params()
