"""The catalogue: every message and label used has English and Indonesian text."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from blkanalysis import paths
from blkanalysis.cli import catalogue, i18n_tools
from blkanalysis.present import i18n
from blkanalysis.present.i18n import LABELS, LANGS, MESSAGES, MissingTranslation, label, t

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


def format_fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key):
    english = MESSAGES[key]
    assert isinstance(english, str) and english.strip(), key
    for lang in LANGS:
        text = t(key, lang)
        assert text.strip() and format_fields(text) == format_fields(english), (key, lang)


@pytest.mark.parametrize("name", sorted(LABELS))
def test_every_label_has_both_languages(name):
    assert isinstance(LABELS[name], str)
    assert i18n.translate(f"label.{name}", LABELS[name], "id"), name


# --- the gettext catalogues ----------------------------------------------------------------------


def test_indonesian_lives_only_in_the_po():
    """The dicts hold English only; entries added the old way ({"en": .., "id": ..}, RUNNER_ID)
    are moved out by `python -m blkanalysis.cli.i18n_tools migrate`."""
    old_format = [k for k, v in {**MESSAGES, **LABELS}.items() if not isinstance(v, str)]
    assert not old_format, f"run `python -m blkanalysis.cli.i18n_tools migrate`: {old_format}"
    assert not hasattr(i18n, "RUNNER_ID"), "run `python -m blkanalysis.cli.i18n_tools migrate`"
    assert i18n.po_path("id").is_file()


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_the_po_translates_every_message_of_the_code_and_nothing_else(lang):
    """No missing, stale (English changed or gone), empty or fuzzy entry, and the same
    {placeholders} in msgid and msgstr."""
    assert i18n_tools.problems(lang) == []
    catalog = i18n_tools.read(i18n.po_path(lang))
    entries = [(m.context, m.id) for m in catalog if m.id]
    assert entries == catalogue.english_catalogue()
    for m in catalog:
        if m.id:
            assert m.string and not m.fuzzy, m.context
            assert format_fields(m.string) == format_fields(m.id), m.context
    assert not catalog.obsolete


def test_the_pot_template_is_the_english_of_the_code():
    """`make messages` (python -m blkanalysis.cli.i18n_tools messages) was run after the last
    English change."""
    pot = i18n_tools.read(i18n_tools.pot_path())
    assert [(m.context, m.id) for m in pot if m.id] == catalogue.english_catalogue()
    assert not any(m.string for m in pot if m.id)


def test_the_checks_see_what_a_translator_left(tmp_path, monkeypatch):
    entries = [("a", "Hello {name}"), ("b", "Two"), ("c", "Three"), ("d", "Four")]
    translated = {"a": ("Hello {name}", "Halo {nama}"), "b": ("Two", "Dua")}
    old = i18n_tools.updated("id", entries, None, translated)
    entries = [("a", "Hello {name}"), ("b", "Two!"), ("c", "Three"), ("e", "New")]
    monkeypatch.setattr(catalogue, "english_catalogue", lambda: entries)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n_tools._write(i18n.po_path("id"), old, None)
    found = "\n".join(i18n_tools.problems("id"))
    for expected in (
        "a: placeholders ['nama']",
        "b: the .po translates an older English text 'Two'",
        "c: not translated",
        "d: in the .po but not in the code",
        "e: not in the .po",
    ):
        assert expected in found
    # `messages` brings it up to date: a changed English text keeps its translation as fuzzy
    bumped = i18n_tools.updated("id", entries, i18n_tools.read(i18n.po_path("id")))
    by_context = {m.context: m for m in bumped if m.id}
    assert by_context.keys() == {"a", "b", "c", "e"}
    assert by_context["e"].string == "" and not by_context["e"].fuzzy
    assert by_context["b"].string == "Dua" and by_context["b"].fuzzy
    assert by_context["b"].previous_id == ["Two"]
    assert not by_context["a"].fuzzy


def test_migrate_moves_old_format_entries_into_the_po(tmp_path, monkeypatch, request):
    """After a merge that brings entries written the old way, `migrate` leaves English in the
    dicts and puts the Indonesian in the .po (a copy of the catalogue here)."""
    import shutil

    request.addfinalizer(i18n.translations.cache_clear)  # after monkeypatch's undo
    source = Path(i18n.__file__).read_text()
    added = (
        '    "param.zz_new": {\n        "en": "a new {thing}",\n'
        '        "id": "sesuatu {thing} yang baru",\n    },\n'
    )
    start = "MESSAGES: dict[str, str] = {\n"
    source = source.replace(start, start + added)
    source += '\n#: runner words\nRUNNER_ID: dict[str, str] = {"index_title": "Daftar laporan"}\n'
    moved_source, moved = i18n_tools.move_out(source)
    assert moved == {
        "id": {
            "param.zz_new": ("a new {thing}", "sesuatu {thing} yang baru"),
            "runner.index_title": ("Reports", "Daftar laporan"),
        }
    }
    assert '"param.zz_new": "a new {thing}",' in moved_source
    assert "RUNNER_ID: dict" not in moved_source
    unchanged = moved_source.replace('    "param.zz_new": "a new {thing}",\n', "")
    assert unchanged.rstrip() == Path(i18n.__file__).read_text().rstrip()
    # and into the .po, next to the other messages
    shutil.copytree(i18n.LOCALE_DIR, tmp_path / "locale")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path / "locale")
    entries = [("param.zz_new", "a new {thing}"), *catalogue.english_catalogue()]
    monkeypatch.setattr(catalogue, "english_catalogue", lambda: entries)
    i18n_tools.messages(moved)
    assert i18n.translate("param.zz_new", "a new {thing}", "id") == "sesuatu {thing} yang baru"
    assert catalogue.runner_words("id")["index_title"] == "Daftar laporan"
    assert i18n_tools.problems("id") == []


def test_lookup_errors_are_clear():
    with pytest.raises(MissingTranslation, match="nope"):
        t("nope", "en")
    with pytest.raises(MissingTranslation, match="'fr'"):
        t("yes", "fr")
    assert label("unknown_code") == "unknown_code"
    assert label("realised", "id") == "realisasi"
    assert t("chart.real", "id", base_year=2022) == "Riil (harga 2022)"


def test_runner_words_are_all_translated():
    from blkanalysis.cli.catalogue import runner_labels, runner_words
    from blkanalysis.reports.labels import DEFAULT_LABELS

    words = runner_words("id")
    assert set(words) == set(DEFAULT_LABELS)
    for key, en in DEFAULT_LABELS.items():
        assert format_fields(en) == format_fields(words[key]), key
    labels = runner_labels("id")
    assert labels["notebook.02_budget_intensity"] == t("intensity.title", "id")
    assert runner_labels("en")["notebook.01_figures_overview"] == t("overview.title", "en")


def test_report_notebooks_are_all_named():
    from blkanalysis.cli.refresh import notebook_paths
    from blkanalysis.present.i18n import NOTEBOOKS

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
    from blkanalysis.model.scenario import load_scenario_file

    texts = {f"{context}": text for context, _, text in catalogue.catalogue_pairs("id")}
    assert len(texts) == len(catalogue.english_catalogue()) and all(texts.values())
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
    from blkanalysis.model.scenario import Scenario
    from blkanalysis.present.i18n import param_value

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
    for key, english in MESSAGES.items():
        if key.startswith("value."):
            assert english == key.rsplit(".", 1)[1], key


ENGLISH_VALUES = re.compile(
    r"\b(?:built|cumulative|realised|allocated|estimated_need|december|midyear|null|true|false)\b"
)


@pytest.mark.parametrize("lang", LANGS)
def test_parameter_tables_and_narrative_word_the_values(lang, monkeypatch):
    """The notebooks' parameter table and the timeline paragraph, for every scenario file:
    Indonesian words in Indonesian reports, the scenario file's words in English ones."""
    import pandas as pd

    from blkanalysis.data.registry import load_figures
    from blkanalysis.model import scaling
    from blkanalysis.model.scenario import load_scenario_file
    from blkanalysis.present import narrative, notebook

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
    from blkanalysis.present.i18n import param_value

    return param_value("blkk_reading", sc.blkk_reading, lang)


def test_merge_takes_the_other_sides_new_and_changed_entries_in_the_old_format():
    """`python -m blkanalysis.cli.i18n_tools merge` in a merge with a branch that still adds
    {"en": .., "id": ..} entries: the English-only file gains that branch's changes, in the old
    format, where they belong; `migrate` then moves the Indonesian out."""
    base = (
        'MESSAGES: dict[str, dict[str, str]] = {\n    "a": {"en": "A", "id": "a-id"},\n'
        '    # --- b ---\n    "b": {"en": "B", "id": "b-id"},\n}\n\n'
        'LABELS: dict[str, dict[str, str]] = {\n    "x": {"en": "X", "id": "x-id"},\n}\n\n'
        'RUNNER_ID: dict[str, str] = {"index_title": "Laporan"}\n\n\ndef f():\n    pass\n'
    )
    other = base.replace('"a": {"en": "A", "id": "a-id"},', '"a": {"en": "A", "id": "a-id2"},\n'
                         '    "a2": {"en": "A2", "id": "a2-id"},')  # fmt: skip
    other = other.replace('"x-id"},', '"x-id"},\n    "y": {"en": "Y", "id": "y-id"},')
    other = other.replace('"Laporan"', '"Daftar laporan"').replace("pass", "return 1")
    gettext_side = (
        'MESSAGES: dict[str, str] = {\n    "a": "A",\n    # --- b ---\n    "b": "B",\n'
        '    "c": "C",\n}\n\nLABELS: dict[str, str] = {\n    "x": "X",\n}\n\n\ndef f():\n'
        "    pass\n"
    )
    merged, warnings = i18n_tools.merge_sources(gettext_side, other, base)
    assert merged.startswith(
        'MESSAGES: dict[str, str] = {\n    "a": {"en": "A", "id": "a-id2"},\n'
        '    "a2": {"en": "A2", "id": "a2-id"},\n    # --- b ---\n    "b": "B",\n    "c": "C",\n}'
    )
    assert '    "x": "X",\n    "y": {"en": "Y", "id": "y-id"},\n}' in merged
    assert 'RUNNER_ID: dict[str, str] = {"index_title": "Daftar laporan"}' in merged
    assert len(warnings) == 1 and "+    return 1" in warnings[0]  # code is merged by hand
    source, moved = i18n_tools.move_out(merged)
    assert moved["id"]["a2"] == ("A2", "a2-id") and moved["id"]["label.y"] == ("Y", "y-id")
    assert moved["id"]["runner.index_title"] == ("Reports", "Daftar laporan")
    assert '"a2": "A2",' in source and "RUNNER_ID" not in source
