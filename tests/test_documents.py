"""Reading saved web pages and PDFs (blkanalysis.text.documents) on the fixtures of
tests/fixtures/extract/documents (written for the tests, see their header lines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from blkanalysis.text.documents import drop_related, on_pages, read_document
from blkanalysis.text.extract import ExtractError, extract_figures

DOCS = Path(__file__).parent / "fixtures" / "extract" / "documents"
PAGE = DOCS / "berita-blk-komunitas.html"
PDF = DOCS / "laporan-dua-halaman.pdf"


def figures_of(path):
    doc = read_document(path)
    return doc, [
        (f.as_stated, f.value, f.unit, f.page) for f in on_pages(extract_figures(doc.text), doc)
    ]


def test_fixtures_say_they_were_written_for_the_tests():
    assert "Written for the tests" in PAGE.read_text(encoding="utf-8").splitlines()[0]
    assert read_document(PDF).text.startswith("Teks uji blkanalysis")


def test_saved_page_gives_the_article_and_its_headline_only():
    doc, figs = figures_of(PAGE)
    assert doc.kind == "html"
    assert figs == [
        ("120 BLK Komunitas", 120, "BLK", None),  # the headline
        ("120 BLK Komunitas", 120, "BLK", None),
        ("Rp 1 miliar", 1_000_000_000, "IDR", None),
        ("3.600 peserta", 3600, "persons", None),
        ("35 kabupaten/kota", 35, "regions", None),
        ("Rp 120 miliar", 120_000_000_000, "IDR", None),
        ("85 persen", 85, "percent", None),
    ]
    # the menu, "Baca juga" links, related articles and footer state figures that are not the
    # article's: none of them is in the text
    for other in ("900 BLK", "5,2 Triliun", "2.000 BLK", "7 Triliun", "70 persen", "021-"):
        assert other not in doc.text


def test_saved_page_metadata():
    doc = read_document(PAGE)
    assert (doc.title, doc.author, doc.date, doc.site) == (
        "Kemnaker Resmikan 120 BLK Komunitas di Jawa Tengah",
        "Siti Rahmawati",
        "2023-10-04",
        "Warta Kerja",
    )
    assert doc.url.startswith("https://www.wartakerja.id/")
    assert doc.page_of(10) is None


def test_two_page_pdf_gives_each_figure_its_page():
    doc, figs = figures_of(PDF)
    assert doc.kind == "pdf" and len(doc.page_starts) == 2
    assert figs == [
        ("525 BLK Komunitas", 525, "BLK", 1),
        ("Rp 525 miliar", 525_000_000_000, "IDR", 1),
        ("Rp 1 miliar", 1_000_000_000, "IDR", 1),
        ("97,5 persen", 97.5, "percent", 2),
        ("12.400 peserta", 12_400, "persons", 2),
        ("33 provinsi", 33, "regions", 2),
    ]
    for f in on_pages(extract_figures(doc.text), doc):
        assert doc.text[f.start : f.end] == f.as_stated


def test_encrypted_pdf_is_refused_saying_what_to_do():
    with pytest.raises(ExtractError, match=r"terkunci\.pdf is encrypted.*unencrypted copy"):
        read_document(DOCS / "terkunci.pdf")


def test_image_only_pdf_is_refused_saying_what_to_do():
    with pytest.raises(ExtractError, match=r"pindaian\.pdf has no text layer.*OCR"):
        read_document(DOCS / "pindaian.pdf")


def test_broken_pdf_and_missing_file(tmp_path):
    bad = tmp_path / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf")
    with pytest.raises(ExtractError, match=r"rusak\.pdf"):
        read_document(bad)
    with pytest.raises(ExtractError, match="no such file"):
        read_document(tmp_path / "nope.html")


def test_page_without_article_is_refused(tmp_path):
    empty = tmp_path / "kosong.html"
    empty.write_text("<html><head><title>Kosong</title></head><body></body></html>")
    with pytest.raises(ExtractError, match=r"kosong\.html: no article text"):
        read_document(empty)


def test_text_files_are_read_as_text(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Dana Rp 5 miliar untuk 10 BLK.\n", encoding="utf-8")
    doc = read_document(p)
    assert (doc.kind, doc.text, doc.page_starts) == ("text", "Dana Rp 5 miliar untuk 10 BLK.\n", ())


@pytest.mark.parametrize(
    "line",
    [
        "Baca juga: Menaker Targetkan 900 BLK",
        "BACA JUGA: Rp 5 triliun",
        "Simak juga - 20 BLK",
        "Berita Terkait 2.000 BLK",
        "Lihat Juga: 3 BLK",
    ],
)
def test_related_article_lines_are_dropped(line):
    assert drop_related(f"Awal 5 BLK.\n{line}\nAkhir 7 BLK.") == "Awal 5 BLK.\nAkhir 7 BLK."


def test_ordinary_lines_are_kept():
    text = "Baca selengkapnya laporan 5 BLK.\nBeritanya terkait 7 BLK."
    assert drop_related(text) == text
