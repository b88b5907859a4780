# ruff: noqa: E501  (addresses are long; they are copied whole)
"""Every seed figure is in the shipped registry with its exact value and source.

The founding article (all its figures) and the grade A/B figures of the reference tables,
checked against values and addresses transcribed by hand from the reference material.
"""

from __future__ import annotations

import pandas as pd
import pytest

from blkanalysis import load_figures
from blkanalysis.data.prices import load_cpi

ALL = load_figures(include_leads=True).set_index("id")
DETIK = "https://finance.detik.com/berita-ekonomi-bisnis/d-6248010/butuh-rp-2-triliun-garap-blk-ri-bakal-rayu-bank-dunia/amp"
KOMPAS_0913 = "https://money.kompas.com/copy/2022/09/13/140000226/kemnaker-targetkan-100-inkubator-bisnis-lewat-program-blk-komunitas"
TRIBUN = "https://m.tribunnews.com/nasional/2023/08/14/kemnaker-bangun-3757-blk-komunitas-di-indonesia-untuk-hadapi-indonesia-emas-2045"
KOMPAS_ID = "https://www.kompas.id/baca/polhuk/2024/03/07/pengangguran-79-juta-jiwa-blk-komunitas-jadi-tulang-punggung-cetak-pekerja?open_from=Tagar_Page"

# the founding article (Liputan6.com, about 13 Sep 2022): every figure, as written
FOUNDING = [
    ("incubators-target-2022-liputan6", 100, "incubators", "2022", "100 pelaku inkubator bisnis"),
    ("blkk-agreements-2022-liputan6", 850, "institutions", "2022", "850 lembaga"),
    ("training-added-output-target-2022-liputan6", 232_000, "persons", "2022", "232 ribu peserta pelatihan"),
    ("blk-transformation-need-2023-2024-liputan6", 2_030_000_000_000, "IDR", "2023-2024", "Rp 2,03 triliun"),
    ("blk-transformation-budget-2021-liputan6", 20_900_000_000, "IDR", "2021", "Rp 20,9 miliar"),
    ("blk-transformation-budget-2022-liputan6", 232_400_000_000, "IDR", "2022", "Rp 232,4 miliar"),
    ("blk-transformation-components-2023-2024-liputan6", 4, "components", "2023-2024", "empat hal"),
]  # fmt: skip

FOUNDING_UNQUOTED = {
    "training-added-output-target-2022-liputan6",
    "blk-transformation-components-2023-2024-liputan6",
}

# grade A and B figures of the reference tables: id, value, address, grade
GRADED = [
    ("blk-transformation-budget-2021-detik", 20_906_135_371, DETIK, "A"),
    ("blk-transformation-budget-2022-detik", 232_446_978_935, DETIK, "A"),
    ("blk-transformation-budget-2022-viva", 232_466_978_935, "https://viva.co.id/bisnis/1512250-butuh-rp-2-t-revitalisasi-blk-di-2023-2024-menaker-minta-dukungan-dpr?page=2", "A"),
    ("blk-transformation-need-2023-2024-detik", 2_038_260_308_771, DETIK, "A"),
    ("incubators-target-2022-kompas-20220913", 100, KOMPAS_0913, "A"),
    ("blkk-agreements-2022-kompas-20220913", 850, KOMPAS_0913, "A"),
    ("training-added-output-target-2022-kompas-20220913", 232_000, KOMPAS_0913, "A"),
    ("incubators-count-2023-tribunnews", 125, TRIBUN, "A"),
    ("blkk-units-cumulative-2022-tribunnews", 3_757, TRIBUN, "A"),
    ("blkk-training-capacity-2022-tribunnews", 225_420, TRIBUN, "A"),
    ("blkk-units-class-mandiri-2023-tribunnews", 492, TRIBUN, "A"),
    ("blkk-units-class-berkembang-2023-tribunnews", 1_534, TRIBUN, "A"),
    ("blkk-units-class-tumbuh-2023-tribunnews", 1_731, TRIBUN, "A"),
    ("blkk-units-accredited-2023-tribunnews", 124, TRIBUN, "A"),
    ("blkk-units-built-2023-kompas-id", 525, KOMPAS_ID, "A"),
    ("blkk-units-cumulative-2023-kompas-id", 4_282, KOMPAS_ID, "A"),
    ("blkk-units-built-2020-peluang", 1_014, "https://www.peluang.co.id/2021/09/menaker-ida-resmikan-blk-komunitas-di.html", "B"),
    ("blkk-units-cumulative-2020-peluang", 2_127, "https://www.peluang.co.id/2021/09/menaker-ida-resmikan-blk-komunitas-di.html", "B"),
    ("blkk-units-target-2021-antara", 787, "https://antaranews.com/berita/2426353/kemnaker-targetkan-membangun-787-blk-komunitas-pada-2021", "A"),
    ("blkk-units-built-2021-kompas-20221004", 785, "https://kilaskementerian.kompas.com/kemenaker/read/2022/10/04/171937726/blk-komunitas-diminta-dorong-minat-masyarakat-dalam-berwirausaha", "A"),
    ("blkk-units-cumulative-2021-kompas-20221004", 2_912, "https://kilaskementerian.kompas.com/kemenaker/read/2022/10/04/171937726/blk-komunitas-diminta-dorong-minat-masyarakat-dalam-berwirausaha", "A"),
    ("blkk-budget-2019-radarbangsa", 1_000_000_000_000, "http://www.radarbangsa.com/news/17047/bangun-blk-komunitas-menaker-pemerintah-anggarkan-rp1-triliun", "B"),
    ("blkk-aid-per-unit-2019-okezone", 1_000_000_000, "https://news.okezone.com/amp/2019/02/20/1/2020707/penerima-program-blk-komunitas-kemnaker-melonjak-jadi-1-000-pesantren", "A"),
    ("blkk-aid-per-unit-2020-bisnis-semarang", 1_000_000_000, "https://semarang.bisnis.com/read/20200831/535/1285004/menaker-buka-50-balai-latihan-kerja-komunitas-di-jateng-dan-diy", "A"),
    ("incubators-count-2021-jpnn", 25, "https://jpnn.com/news/kemnaker-terapkan-peran-inkubator-bisnis-di-sejumlah-blk-komunitas", "B"),
    ("vocational-budget-2018-bisnis", 1_900_000_000_000, "https://ekonomi.bisnis.com/read/20180202/12/733782/kemenaker-alokasikan-rp19-triliun-untuk-pendidikan-vokasi", "A"),
    ("training-trainees-target-2019-kumparan", 277_424, "https://kumparan.com/@kumparanbisnis/menaker-anggarkan-rp-3-9-triliun-untuk-kegiatan-vokasi-1547699597528502319", "A"),
    ("kemnaker-budget-2024-databoks", 6_100_000_000_000, "https://databoks.katadata.co.id/ekonomi-makro/statistik/0ae65ed9c4346aa/alokasi-belanja-kemenaker-rp61-triliun-pada-2024-ini-komponennya", "A"),
    ("vocational-budget-2024-databoks", 2_050_000_000_000, "https://databoks.katadata.co.id/ekonomi-makro/statistik/0ae65ed9c4346aa/alokasi-belanja-kemenaker-rp61-triliun-pada-2024-ini-komponennya", "A"),
    ("blk-transformation-progress-2023-jpnn", 0, "https://m.jpnn.com/amp/news/nurhayati-dpr-dorong-kemnaker-realisasikan-program-kerja-2023-sesuai-target", "B"),
]  # fmt: skip


@pytest.mark.parametrize(("fid", "value", "unit", "period", "as_stated"), FOUNDING)
def test_founding_article_figures(fid, value, unit, period, as_stated):
    r = ALL.loc[fid]
    assert r["value"] == value
    assert (r["unit"], r["period"], r["as_stated"]) == (unit, period, as_stated)
    assert r["publisher"] == "Liputan6.com" and r["reliability"] == "A"
    if fid in FOUNDING_UNQUOTED:  # the reference records only these figures' own words
        assert pd.isna(r["quote"]) and "own words" in r["notes"]
    else:
        assert as_stated in r["quote"] and r["quote"] != as_stated


@pytest.mark.parametrize(("fid", "value", "url", "grade"), GRADED)
def test_graded_figures_with_exact_value_and_source(fid, value, url, grade):
    r = ALL.loc[fid]
    assert r["value"] == value
    assert r["url"] == url
    assert r["reliability"] == grade
    assert not r["lead"]


def test_conflict_2022_keeps_both_and_prefers_detik():
    detik = ALL.loc["blk-transformation-budget-2022-detik"]
    viva = ALL.loc["blk-transformation-budget-2022-viva"]
    assert detik["quantity"] == viva["quantity"]
    assert detik["preferred"] and not viva["preferred"]
    assert "232,4" in viva["notes"] or "rounds" in viva["notes"]


def test_grade_c_are_leads_excluded_by_default():
    leads = ALL[ALL["reliability"] == "C"]
    assert len(leads) >= 5 and leads["lead"].all()
    default = load_figures()
    assert not set(leads.index) & set(default["id"])


def test_cpi_has_every_year_2014_2025_with_sources():
    cpi = load_cpi()
    rates = cpi[cpi["inflation"].notna()]
    assert list(rates["year"]) == list(range(2014, 2026))
    assert (rates["sources"] != "").all()
    assert dict(zip(rates["year"], rates["inflation"], strict=True))[2023] == 2.61


def test_no_quote_is_only_its_figure_unless_marked_not_recorded():
    """A quote is the source's sentence: it holds the figure as written and is more than it.
    Where the sentence was not recorded the quote is null (and notes say what was)."""
    for fid, r in ALL.iterrows():
        if pd.isna(r["quote"]):
            assert isinstance(r["notes"], str) and r["notes"].strip(), fid
            continue
        quote, stated = " ".join(r["quote"].split()), " ".join(r["as_stated"].split())
        assert quote != stated, f"{fid}: the quote is only the figure"
        assert stated in quote, f"{fid}: the quote does not hold {r['as_stated']!r}"
    unrecorded = ALL["quote"].isna()
    assert unrecorded.any() and not unrecorded.all()
