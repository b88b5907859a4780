"""Indonesian numbers: parsing real phrasings, precision, Babel formatting, round trips."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blkanalysis import NumberParseError, format_idr, parse_idr, parse_number, parse_stated
from blkanalysis.text.numbers import format_count, format_multiple, format_number, format_percent

# (text, value) pairs as Indonesian news, speeches and budget documents write them
REAL_PHRASINGS = [
    ("Rp 2,03 triliun", 2_030_000_000_000),
    ("Rp2.038.260.308.771", 2_038_260_308_771),
    ("Rp 2.038.260.308.771", 2_038_260_308_771),
    ("Rp 20,9 miliar", 20_900_000_000),
    ("Rp 20.906.135.371", 20_906_135_371),
    ("Rp 232,4 miliar", 232_400_000_000),
    ("Rp 232.446.978.935", 232_446_978_935),
    ("Rp 232.466.978.935", 232_466_978_935),
    ("Rp 2 T", 2_000_000_000_000),
    ("Rp 4 T", 4_000_000_000_000),
    ("Rp 500 juta", 500_000_000),
    ("Rp 300 juta", 300_000_000),
    ("Rp1 triliun", 1_000_000_000_000),
    ("Rp1,9 triliun", 1_900_000_000_000),
    ("Rp 3,991 triliun", 3_991_000_000_000),
    ("Rp 5,785 triliun", 5_785_000_000_000),
    ("Rp6,9 triliun", 6_900_000_000_000),
    ("Rp5,2 triliun", 5_200_000_000_000),
    ("Rp 4,5 triliun", 4_500_000_000_000),
    ("Rp12,18 triliun", 12_180_000_000_000),
    ("Rp2,05 triliun", 2_050_000_000_000),
    ("Rp 144 miliar", 144_000_000_000),
    ("Rp1 miliar", 1_000_000_000),
    ("Rp 1 miliar", 1_000_000_000),
    ("Rp1,25 Triliun", 1_250_000_000_000),
    ("Rp75 miliar", 75_000_000_000),
    ("Rp2 M", 2_000_000_000),
    ("Rp 1.250.000.000", 1_250_000_000),
    ("RP 16,8 TRILIUN", 16_800_000_000_000),
    ("Rp. 25,9 triliun", 25_900_000_000_000),
    ("IDR 3 triliun", 3_000_000_000_000),
    ("Rp 350 rb", 350_000),
    ("Rp 5 jt", 5_000_000),
    ("Rp 10 milyar", 10_000_000_000),
    ("232 ribu", 232_000),
    ("232.000", 232_000),
    ("1 juta", 1_000_000),
    ("1.113", 1_113),
    ("3.757", 3_757),
    ("225.420", 225_420),
    ("68 ribu", 68_000),
    ("70 ribu", 70_000),
    ("145.370", 145_370),
    ("2 ribu", 2_000),
    ("500 ribu", 500_000),
    ("3,5 persen", 3.5),
    ("20,65 %", 20.65),
    ("5,51 persen", 5.51),
    ("70 persen", 70),
    ("2,92 persen", 2.92),
    ("12,5%", 12.5),
    ("empat", 4),
    ("lima", 5),
    ("seratus", 100),
    ("seribu", 1_000),
    ("dua ribu", 2_000),
    ("tiga belas", 13),
    ("sebelas", 11),
    ("dua puluh lima", 25),
    ("dua ratus lima puluh", 250),
    ("seratus ribu", 100_000),
    ("lima ratus", 500),
    ("tiga juta", 3_000_000),
]


@pytest.mark.parametrize(("text", "value"), REAL_PHRASINGS)
def test_parse_number_real_phrasings(text, value):
    got = parse_number(text)
    assert got == value
    assert isinstance(got, int) == float(value).is_integer()


def test_at_least_forty_phrasings():
    assert len(REAL_PHRASINGS) >= 40


@pytest.mark.parametrize(
    ("text", "value"), [(t, v) for t, v in REAL_PHRASINGS if t.lower().startswith(("rp", "idr"))]
)
def test_parse_idr_real_phrasings(text, value):
    assert parse_idr(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "Rp",
        "Rp -",
        "miliar",
        "2,03 triliun rupiah dan 3 BLK",
        "Rp 1,2,3",
        "tahun",
    ],
)
def test_unparseable_text_raises_quoting_input(text):
    with pytest.raises(NumberParseError) as info:
        parse_number(text)
    assert isinstance(info.value, ValueError)
    assert repr(text) in str(info.value)


def test_parse_idr_refuses_percent_and_fractional_rupiah():
    with pytest.raises(NumberParseError, match="percentage"):
        parse_idr("3,5 persen")
    with pytest.raises(NumberParseError, match="whole number"):
        parse_idr("Rp 0,5")


def test_non_text_input():
    with pytest.raises(NumberParseError):
        parse_number(2030)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Rp 2,03 triliun", "2.025e12", "2.035e12"),
        ("Rp 20,9 miliar", "20.85e9", "20.95e9"),
        ("Rp2.038.260.308.771", "2038260308770.5", "2038260308771.5"),
        ("232 ribu", "231500", "232500"),
        ("850", "849.5", "850.5"),
        ("3,5 persen", "3.45", "3.55"),
        ("dua ribu", "1500", "2500"),
    ],
)
def test_stated_precision(text, low, high):
    s = parse_stated(text)
    assert s.low == Decimal(low)
    assert s.high == Decimal(high)


def test_stated_agrees_is_half_open():
    s = parse_stated("Rp 2,03 triliun")
    assert s.agrees(2_025_000_000_000)
    assert s.agrees(2_034_999_999_999)
    assert not s.agrees(2_035_000_000_000)
    assert not s.agrees(2_024_999_999_999)
    assert parse_stated("Rp 232,4 miliar").agrees(232_446_978_935)
    assert not parse_stated("Rp 232,4 miliar").agrees(232_466_978_935)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("850 lembaga", 850),
        ("sekitar 334 BLK", 334),
        ("100 pelaku inkubator bisnis", 100),
        ("empat hal", 4),
        ("Rp 2,03 triliun", 2_030_000_000_000),
        ("1.113 BLK Komunitas", 1113),
        ("kurang lebih 68 ribu pencari kerja", 68_000),
    ],
)
def test_parse_stated_allows_words_around_one_figure(text, value):
    assert parse_stated(text).number == value


def test_parse_stated_refuses_two_figures():
    with pytest.raises(NumberParseError, match="more than one figure"):
        parse_stated("Rp 20,9 miliar untuk 3 BLK")


def test_parse_stated_flags():
    assert parse_stated("Rp 5 jt").currency
    assert parse_stated("12,5 %").percent
    assert not parse_stated("850 lembaga").currency


@pytest.mark.parametrize(
    ("value", "short", "expected"),
    [
        (2_030_000_000_000, True, "Rp2,03 triliun"),
        (2_038_260_308_771, True, "Rp2,04 triliun"),
        (20_900_000_000, True, "Rp20,9 miliar"),
        (500_000_000, True, "Rp500 juta"),
        (1_000_000_000, True, "Rp1 miliar"),
        (232_000, True, "Rp232 ribu"),
        (999, True, "Rp999"),
        (2_030_000_000_000, False, "Rp2.030.000.000.000"),
        (2_038_260_308_771, False, "Rp2.038.260.308.771"),
        (-20_900_000_000, True, "-Rp20,9 miliar"),
    ],
)
def test_format_idr(value, short, expected):
    assert format_idr(value, short=short) == expected


def test_format_helpers():
    assert format_number(232000) == "232.000"
    assert format_number(3.5, digits=1) == "3,5"
    assert format_percent(5.51, digits=2) == "5,51%"
    assert format_count(232000) == "232 ribu"
    assert format_count(850) == "850"
    assert format_idr(float("nan")) == "–"


@given(st.integers(min_value=0, max_value=10**15))
def test_long_format_round_trips_exactly(value):
    assert parse_idr(format_idr(value, short=False)) == value


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=3))
def test_short_format_round_trips_within_stated_precision(value, digits):
    text = format_idr(value, digits=digits)
    assert parse_stated(text).agrees(value), text


@given(st.integers(min_value=0, max_value=10**12))
def test_counts_round_trip(value):
    assert parse_number(format_number(value)) == value


@given(st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_percent_round_trips(value):
    text = format_percent(float(value), digits=2)
    assert parse_number(text) == pytest.approx(float(value))


# --- numbers in the reader's convention (English reports: 4,282, 10.3x, IDR 2.03 trillion) ---


@pytest.mark.parametrize(
    ("call", "en", "id_"),
    [
        (lambda lang: format_number(4282, lang=lang), "4,282", "4.282"),
        (lambda lang: format_idr(2.03e12, lang=lang), "IDR 2.03 trillion", "Rp2,03 triliun"),
        (lambda lang: format_idr(6.97e9, lang=lang), "IDR 6.97 billion", "Rp6,97 miliar"),
        (
            lambda lang: format_idr(2.03e12, short=False, lang=lang),
            "IDR 2,030,000,000,000",
            "Rp2.030.000.000.000",
        ),
        (lambda lang: format_multiple(10.3141, lang=lang), "10.3x", "10,3x"),
        (lambda lang: format_multiple(3, lang=lang), "3.0x", "3,0x"),
        (lambda lang: format_percent(19.84, lang=lang), "19.8%", "19,8%"),
        (lambda lang: format_count(232000, lang=lang), "232 thousand", "232 ribu"),
    ],
)
def test_numbers_follow_the_readers_convention(call, en, id_):
    assert call("en") == en
    assert call("id") == id_


def test_an_unknown_reader_language_is_refused():
    with pytest.raises(ValueError, match="no number convention"):
        format_number(1, lang="fr")


def test_parse_idr_reads_a_scale_word_with_a_dotless_i():
    assert parse_idr("Rp 2,03 trıliun") == parse_idr("Rp 2,03 triliun") == 2_030_000_000_000
