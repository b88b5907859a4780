"""Findings first (blkanalysis.present.findings) and the words of every combination of bases."""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path

import pytest

from blkanalysis import paths
from blkanalysis.data.inputs import load_inputs
from blkanalysis.model import intensity
from blkanalysis.model.parameters import PARAMETERS
from blkanalysis.model.scenario import Scenario
from blkanalysis.present import findings, narrative
from blkanalysis.present.cite import cited_ids, plain
from blkanalysis.present.i18n import NOTEBOOKS, t

BASES = next(p for p in PARAMETERS if p.name == "bases").choices
COMBINATIONS = [list(c) for n in range(1, len(BASES) + 1) for c in combinations(BASES, n)]
LANGS = ["en", "id"]

#: the words that say money was spent (what a sentence must not claim unless it was)
SPENT = {"en": r"Kemnaker spent|realised spending \(", "id": r"Kemnaker membelanjakan"}


@pytest.fixture(scope="module")
def inputs():
    return load_inputs()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("bases", COMBINATIONS, ids=lambda b: "+".join(b))
def test_the_intensity_words_say_only_the_bases_counted(inputs, bases, lang):
    sc = Scenario(bases=bases, lang=lang)
    table = intensity.budget_intensity(inputs, scenario=sc)
    growth = intensity.intensity_growth(table)
    texts = narrative.intensity_headline(table, growth, sc, inputs)
    texts += [f.text for f in findings.intensity_findings(sc, inputs)]
    assert texts and all(texts)
    words = "\n".join(texts)
    assert "–." not in words and "in –" not in words  # no placeholder where a period belongs
    if "realised" not in bases:  # nothing realised is counted: no sentence may say it was spent
        assert not re.search(SPENT[lang], words, re.IGNORECASE), words
    rows = intensity.intensity_rows(table, inputs)
    if len(rows) >= 2 and rows.iloc[0]["basis"] != rows.iloc[-1]["basis"]:
        # a comparison across bases says so, and gives no growth rate
        caveat = t("intensity.caveat.mixed", lang, b1="", b3="").split(":")[1].strip()
        assert caveat[:30] in words
        assert not re.search(r"\*\*\d+(?:[.,]\d+)?%\*\* (?:a year|per tahun)", words), words
    if len(rows) < 2:
        assert t("finding.intensity.no_jump", lang, bases="").split("(")[0] in words


@pytest.mark.parametrize("lang", LANGS)
def test_findings_write_numbers_in_the_readers_convention(inputs, lang):
    sc = Scenario(lang=lang)
    for name, fn in findings.FINDINGS.items():
        found = fn(sc, inputs)
        assert 2 <= len(found) <= 5, (name, len(found))
        text = " ".join(f.text + " " + (f.value or "") for f in found)
        if lang == "en":
            assert "Rp" not in text and not re.search(r"\d\.\d{3}\b", text), text
        else:
            assert "IDR" not in text and not re.search(r"\d,\d{3}\b", text), text


def _headings(stem: str) -> set[str]:
    nb = json.loads(Path(paths.notebooks_dir() / f"{stem}.ipynb").read_text(encoding="utf-8"))
    source = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    return set(re.findall(r'nb\.heading\("([a-z_.]+)"', source))


@pytest.mark.parametrize("stem", sorted(NOTEBOOKS))
def test_every_finding_links_to_a_section_its_report_shows(inputs, stem):
    name = NOTEBOOKS[stem]
    if name not in findings.FINDINGS:
        pytest.skip(f"{stem} has no findings")
    shown = _headings(stem)
    for f in findings.findings_for(name, Scenario(), inputs):
        assert f.section in shown, (stem, f.section, shown)
        assert findings.anchor(f.section).startswith("sec-")


def test_a_scenario_without_a_second_period_says_so_in_a_finding(inputs):
    found = findings.intensity_findings(Scenario(bases=["realised"]), inputs)
    assert found[0].text.startswith(t("finding.intensity.no_jump", "en", bases="")[:40])
    assert found[0].value == t("finding.baseline.absent", "en")  # the index says so too


def test_the_cost_finding_says_how_much_comes_from_the_chosen_price_per_trainee(inputs):
    (cost, *_rest) = findings.scaling_findings(Scenario(), inputs)
    words = plain(cost.text)
    assert "the model's assumption" in words and "not costed" in words
    share = re.search(r"\*\*(\d+)%\[[\d, ]+\]\*\* of it is the trainee line", words)
    assert share and 50 < int(share.group(1)) < 100
    # the index shows the same total the sentence gives, linked to the same figures
    assert cost.value.split(": ")[1] in words
    assert cost.ids and cited_ids(cost.text)[: len(cost.ids)] == list(cost.ids)


@pytest.mark.parametrize("lang", LANGS)
def test_a_scenario_says_first_what_it_changes_against_the_baseline(inputs, lang):
    base = findings.findings_for("scaling", Scenario(lang=lang), inputs)
    dearer = findings.findings_for("scaling", Scenario(lang=lang, unit_cost_multiplier=1.5), inputs)
    assert len(dearer) == len(base) + 1
    assert dearer[0].value is None and base[0].value in dearer[0].text  # baseline -> here
    assert next(f.value for f in dearer if f.kf_key) in dearer[0].text
    # a scenario that moves none of a report's key figures says so, and one that leaves a
    # figure nothing to stand on says it is gone
    same = findings.findings_for("overview", Scenario(lang=lang, unit_cost_multiplier=1.5), inputs)
    assert same[0].text == t("finding.baseline.same", lang)
    gone = findings.findings_for("intensity", Scenario(lang=lang, bases=["realised"]), inputs)
    assert f"**{t('finding.baseline.absent', lang)}**" in gone[0].text
