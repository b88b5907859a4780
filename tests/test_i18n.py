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
    from blkanalysis.scenario import Scenario

    keys.update(f"param.{p}" for p in Scenario.parameter_names())
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
