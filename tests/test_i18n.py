"""The catalogue: every message and label used has English and Indonesian text."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from blkanalysis import i18n, paths
from blkanalysis.i18n import LABELS, LANGS, MESSAGES, MissingTranslation, label, t

PACKAGE = Path(i18n.__file__).parent
NOTEBOOK_NAMES = ("overview", "intensity", "scaling")

CALL = re.compile(
    r"""(?:\bt|\.heading|\.text|chart_source|key_figures_key)\(\s*["']([a-z0-9_.]+)["']"""
)
KF = re.compile(r"""["'](kf\.[a-z0-9_.]+)["']""")


def used_keys() -> set[str]:
    keys: set[str] = set()
    sources = [p.read_text() for p in PACKAGE.rglob("*.py")]
    sources += [p.read_text() for p in paths.notebooks_dir().glob("*.ipynb")]
    for text in sources:
        keys.update(CALL.findall(text))
        keys.update(KF.findall(text))
    for name in NOTEBOOK_NAMES:
        keys.update({f"{name}.title", f"{name}.intro"})
    return {k for k in keys if "." in k or k in MESSAGES}


def test_every_used_message_exists_in_every_language():
    missing = sorted(k for k in used_keys() if k not in MESSAGES)
    assert not missing, f"keys used but not in the catalogue: {missing}"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key):
    entry = MESSAGES[key]
    assert set(entry) == set(LANGS)
    fields = {
        lang: {f for _, f, _, _ in string.Formatter().parse(text) if f}
        for lang, text in entry.items()
    }
    assert fields["en"] == fields["id"], key
    assert entry["id"].strip() and entry["en"].strip()


@pytest.mark.parametrize("name", sorted(LABELS))
def test_every_label_has_both_languages(name):
    assert set(LABELS[name]) == set(LANGS)


def test_lookup_errors_are_clear():
    with pytest.raises(MissingTranslation, match="nope"):
        t("nope", "en")
    with pytest.raises(MissingTranslation, match="'fr'"):
        t("yes", "fr")
    assert label("unknown_code") == "unknown_code"
    assert label("realised", "id") == "realisasi"
    assert t("chart.real", "id", base_year=2022) == "Riil (harga 2022)"


def test_runner_words_are_all_translated():
    from blkanalysis.i18n import RUNNER_ID, runner_labels
    from blkanalysis.reports.labels import DEFAULT_LABELS

    assert set(RUNNER_ID) == set(DEFAULT_LABELS)
    for key, en in DEFAULT_LABELS.items():
        fields_en = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        fields_id = {f for _, f, _, _ in string.Formatter().parse(RUNNER_ID[key]) if f}
        assert fields_en == fields_id, key
    labels = runner_labels("id")
    assert labels["notebook.02_budget_intensity"] == t("intensity.title", "id")
    assert runner_labels("en")["notebook.01_figures_overview"] == t("overview.title", "en")


def test_report_notebooks_are_all_named():
    from blkanalysis.i18n import NOTEBOOKS
    from blkanalysis.refresh import notebook_paths

    assert [p.stem for p in notebook_paths()] == list(NOTEBOOKS)


# --- Indonesian a policy reader can trust --------------------------------------------------------

#: words that mislead an Indonesian policy reader (DPR, Kemnaker, BPS usage), with the reason;
#: matched case-insensitively, on word boundaries, in every Indonesian text
MISLEADING_ID = {
    r"amplop": "an envelope of cash: say 'anggaran tahun jamak', 'pagu', 'kebutuhan anggaran'",
    r"multitahun": "say 'tahun jamak' (the budget law's word)",
    r"tersibuk": "a year is not 'busy': 'tahun dengan belanja terbesar'",
    r"tahun (?:terdekat|terjauh)": "reads as nearest/farthest in time",
    r"sapuan|tervektori\w*": "programming jargon (a vectorised sweep)",
    r"petunjuk": "a grade C lead is 'sumber awal (belum terverifikasi)', not a hint",
    r"bacaan": "a 'reading' of a figure is a 'tafsiran' or 'pilihan', not reading matter",
    r"diturunkan": "'derived' is 'dihitung dari ...'; 'diturunkan' reads as lowered",
    r"teramati": "calque of 'observed': say 'menurut sumber'",
    r"penskalaan": "calque of 'scaling'",
    r"garis galat": "the whiskers are a range, not an error bar",
    r"dasar anggaran": "reads as a budget's legal basis: a figure's 'jenis angka'",
    # English left in Indonesian text, parameter values above all
    r"built|cumulative|baseline|realised|allocated|estimated_need|december|midyear": "English "
    "parameter value: show it through param_value()",
    r"null|true|false|lead|leads|envelope|reading|sweep|vectori[sz]ed": "English word",
}


def indonesian_texts() -> dict[str, str]:
    """Every Indonesian text a reader sees: catalogue, runner's words, scenario headers."""
    from blkanalysis.i18n import PARAMETERS_ID, RUNNER_ID
    from blkanalysis.scenario import load_scenario_file

    texts = {f"message {k}": v["id"] for k, v in MESSAGES.items()}
    texts |= {f"label {k}": v["id"] for k, v in LABELS.items()}
    texts |= {f"runner {k}": v for k, v in RUNNER_ID.items()}
    texts |= {f"parameter {k}": v for k, v in PARAMETERS_ID.items()}
    for path in sorted(paths.scenarios_dir().glob("*.yaml")):
        tr = load_scenario_file(path).header.translations["id"]
        texts[f"{path.name} title"] = tr.title
        texts[f"{path.name} rationale"] = tr.rationale
    return texts


def test_no_misleading_terms_or_english_in_indonesian_texts():
    problems = []
    for where, text in indonesian_texts().items():
        plain = re.sub(r"`[^`]*`|\{[a-z0-9_]*\}", "", text)  # code and fields are not words
        for pattern, why in MISLEADING_ID.items():
            for m in re.finditer(rf"\b(?:{pattern})\b", plain, re.IGNORECASE):
                problems.append(f"{where}: {m.group(0)!r} ({why})")
    assert not problems, "\n".join(problems)


def test_the_misleading_terms_check_sees_them():
    pattern = "|".join(MISLEADING_ID)
    for bad in (
        "amplop multitahun",
        "pada tahun tersibuk",
        "selisih pada tahun terdekat",
        "dengan sapuan tervektorisasi",
        "petunjuk tingkat C",
        "memakai bacaan built",
        "Dibangun diturunkan",
        "Skenario: Dasar (baseline)",
    ):
        assert re.search(rf"\b(?:{pattern})\b", bad, re.IGNORECASE), bad
    assert not re.search(rf"\b(?:{pattern})\b", "anggaran tahun jamak 2023-2024", re.IGNORECASE)


def _choices(annotation) -> list:
    """The allowed values of a parameter whose type is a Literal (or a list of one)."""
    import typing

    args = typing.get_args(annotation)
    if typing.get_origin(annotation) is typing.Literal:
        return list(args)
    return [v for a in args for v in _choices(a)]


def test_every_parameter_value_shown_to_readers_has_indonesian_words():
    """Enumerated values, 'not set' and yes/no read as Indonesian in Indonesian reports,
    as the scenario file's words in English ones."""
    from blkanalysis.i18n import param_value
    from blkanalysis.scenario import Scenario

    checked = 0
    for name, field in Scenario.model_fields.items():
        values = _choices(field.annotation)
        if type(None) in typing_args(field.annotation):
            values.append(None)
        if field.annotation is bool:
            values += [True, False]
        for v in values:
            written = {None: "null", True: "true", False: "false"}.get(v, v)
            assert param_value(name, v, "en") == written, (name, v)
            assert param_value(name, v, "id") != written, f"{name}={written!r} has no id words"
            checked += 1
    assert checked >= 14  # price points, bases, readings, languages, nulls, yes/no
    assert param_value("bases", ["realised", "estimated_need"], "id") == (
        "realisasi, perkiraan kebutuhan"
    )
    assert param_value("multipliers", [1.0, 2.5], "id") == "1, 2.5"  # numbers as written


def typing_args(annotation) -> tuple:
    import typing

    return typing.get_args(annotation)


def test_value_messages_keep_the_scenario_file_words_in_english():
    for key, entry in MESSAGES.items():
        if key.startswith("value."):
            assert entry["en"] == key.rsplit(".", 1)[1], key


ENGLISH_VALUES = re.compile(
    r"\b(?:built|cumulative|realised|allocated|estimated_need|december|midyear|null|true|false)\b"
)


@pytest.mark.parametrize("lang", LANGS)
def test_parameter_tables_and_narrative_word_the_values(lang, monkeypatch):
    """The notebooks' parameter table and the timeline paragraph, for every scenario file:
    Indonesian words in Indonesian reports, the scenario file's words in English ones."""
    import pandas as pd

    from blkanalysis import narrative, notebook, scaling
    from blkanalysis.registry import load_figures
    from blkanalysis.scenario import load_scenario_file

    shown: list[str] = []
    monkeypatch.setattr(notebook, "_display", lambda bundle: shown.append(bundle["text/html"]))
    figures = load_figures()
    for path in sorted(paths.scenarios_dir().glob("*.yaml")):
        sc = load_scenario_file(path).scenario.model_copy(update={"lang": lang})
        empty = pd.DataFrame()
        notebook.Notebook(name="n", scenario=sc, figures=empty, all_figures=empty).parameters()
        cells = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", shown.pop())
        values = dict(cells)
        assert set(values) == set(sc.params())
        if lang == "id":
            assert not [v for v in values.values() if ENGLISH_VALUES.search(v)], path.name
        else:
            assert values["blkk_reading"] == sc.blkk_reading
        timeline = scaling.blkk_timeline(figures, scenario=sc)
        other = scaling.blkk_timeline(figures, scenario=scaling.other_reading(sc))
        conflicts = narrative.timeline_text(timeline, other, sc)[1:]
        assert conflicts  # 2018 is in conflict whichever reading
        for paragraph in conflicts:
            reading = re.search(r"\*\*([^*]+)\*\*[^*(]*\(parameter", paragraph).group(1)
            assert reading == param_value_of(sc, lang)


def param_value_of(sc, lang: str) -> str:
    from blkanalysis.i18n import param_value

    return param_value("blkk_reading", sc.blkk_reading, lang)
