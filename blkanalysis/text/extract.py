"""Find the figures in an Indonesian text: rupiah amounts, counts with a unit, percentages.

:func:`extract_figures` scans a speech, press release or news report once and returns every
figure it states, in order, each with its exact wording and position (``text[start:end] ==
as_stated``), its value (read with :mod:`blkanalysis.text.numbers`, so "Rp 2,03 triliun" is
2030000000000 exactly), the registry unit and the sentence it sits in. :func:`render_stubs`
turns them into figure stubs in the registry's YAML format for a researcher to complete.

What counts as a figure
    * a rupiah amount: "Rp 3,5 triliun", "Rp1,25 Triliun", "Rp 1.250.000.000", "Rp 4 T", "Rp2 M",
      "IDR 3 triliun", "1 Miliar rupiah";
    * a percentage: "45 persen", "12,5 %", "83,7%", "nol persen";
    * a count followed by a unit noun the registry knows: "40 BLK", "1.200 lembaga", "150 ribu
      peserta", "3.757 Balai Latihan Kerja Komunitas", "1.014 unit BLK Komunitas", "lima BLK",
      "12 kejuruan", "9 daerah", "186 perusahaan", "100 pelaku inkubator bisnis", "empat hal".
    * a bare number whose unit the same clause names just before it ("BLK Komunitas ada 50 buah",
      "jumlah peserta mencapai 5.000"), or a bare amount with a scale word right after a money
      word ("anggaran sebesar 2 triliun"), or a member of a list whose unit is written once
      ("50 dan 75 pesantren", "dari 100 alumni, 38 bekerja, 57 berwirausaha"). These carry
      ``unit_inferred=True``. A unit is read only from the figure's own sentence (or, for a
      sentence that names nothing, "Kemudian meningkat menjadi 75 buah", the one before).
    * a count of anything else, reported with its noun as the unit ("3 paket", "dua termin",
      "20 KPM", "12 unit mobil"), and an amount in a foreign currency, with its ISO code ("USD
      250 juta", "500 juta dolar AS"): both carry ``unlisted=True`` (not a registry unit).
      "balai" alone is a BLK only in a sentence about training.
    * negative percentages and amounts ("-2,07 persen", "minus 3 persen").

Every mention counts, headlines and repeats included. Ranges ("2-3 persen", "100 hingga 200
peserta", "10%-15%") give one figure per end, marked ``range_part`` "low" / "high".

What is not reported
    * a number with no unit: "ada 500", "tahap I 100". Reading it would be a guess, and a wrong
      figure costs more than a missed one. ``extract_figures(text, unitless=True)`` (CLI
      ``--unitless``) reports them too, with ``unit=None``, still excluding the cases below;
    * calendar dates ("5/10/2023", "Rabu (4/10/2023)", "17 Agustus 2023", "4-10-2023",
      "Kamis (30/9)"), years and year ranges ("tahun 2020", "pada 2021", "2025-2029",
      "2017 hingga 2023", "TA 2024", "APBN 2024", "Visi Indonesia 2045");
    * clock times ("pukul 10.30 WIB", "10:30"), phone numbers, URLs;
    * identifiers and ordinals: "Komisi IX", "Covid-19", "G20", "5G", "KM 12", "Pasal 5",
      "PP Nomor 31 Tahun 2006", "UU No. 13/2003", "Perpres 68/2022", "Industri 4.0", "ke-50",
      "tahap 2", "Kabupaten Lima Puluh Kota";
    * number words on their own ("salah satu", "dua kali", "satu pintu"): a number word is a
      figure only when a unit, a counted noun or "persen" follows it or "Rp" comes before it,
      and "satu" only before a registry unit, never after "salah", "setiap", "per";
    * durations ("3 bulan", "14 hari"), a number in a named phase ("520 tahap I").

The text is scanned once by each of three compiled regular expressions (numbers, number words,
sentence ends); Python code runs only where a number was found, so throughput is several MB/s
(``benchmarks/bench_extract.py``).
"""

from __future__ import annotations

import gc
import itertools
import json
import multiprocessing
import os
import re
import sys
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Literal

from blkanalysis.errors import BlkAnalysisError, NumberParseError
from blkanalysis.text.numbers import (
    SCALE_WORDS,
    digits_value,
    scale_power,
    to_python,
    words_value,
)


class ExtractError(BlkAnalysisError):
    """The text to extract figures from could not be read."""


@dataclass(frozen=True, slots=True)
class ExtractedFigure:
    """One figure found in a text.

    ``start``/``end`` are character offsets into the text given to :func:`extract_figures`
    (``text[start:end] == as_stated``); ``value`` is exact (``int`` when whole). ``unit`` is one
    of the registry's units; or, with ``unlisted=True``, the noun counted ("paket") or a foreign
    currency's code ("USD"); or ``None`` for a bare number (only with ``unitless=True``).
    """

    start: int
    end: int
    as_stated: str
    value: int | float
    unit: str | None
    context: str
    #: the unit as written: "Rp", "persen", "%", "BLK Komunitas", "peserta pelatihan", ...
    unit_text: str | None = None
    #: the scale word as written: "triliun", "T", "ribu", "M", ...
    scale_word: str | None = None
    #: stated as approximate: "sekitar", "kurang lebih", "hampir", "kira-kira", "±", "1.000-an"
    approximate: bool = False
    #: a qualifier written before the figure: "sekitar", "lebih dari", "hingga", "minimal", ...
    qualifier: str | None = None
    #: the unit was read from the words before the figure, not after it
    unit_inferred: bool = False
    #: "low" or "high" when the figure is one end of a range ("2-3 persen")
    range_part: Literal["low", "high"] | None = None
    #: the unit is not one of the registry's: the noun the text counts ("paket", "keluarga",
    #: "KPM", "balai" outside a training story) or a foreign currency's code ("USD")
    unlisted: bool = False
    #: the page (from 1) of a PDF the figure is on; None for other documents
    page: int | None = None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


_FIELDS = [f.name for f in fields(ExtractedFigure)]


class _Building:
    """An ``ExtractedFigure`` while it is being built: the same slots, in the same order, but not
    frozen, so they are set by plain attribute stores; :func:`_figure` then makes it an
    ``ExtractedFigure`` by assigning its ``__class__`` (allowed between classes of the same
    layout)."""

    __slots__ = tuple(_FIELDS)


def _figure(
    start: int,
    end: int,
    as_stated: str,
    value: int | float,
    unit: str | None,
    context: str,
    unit_text: str | None = None,
    scale_word: str | None = None,
    approximate: bool = False,
    qualifier: str | None = None,
    unit_inferred: bool = False,
    range_part: Literal["low", "high"] | None = None,
    unlisted: bool = False,
    page: int | None = None,
) -> ExtractedFigure:
    """``ExtractedFigure(...)``, faster: a frozen dataclass's own ``__init__`` calls
    ``object.__setattr__`` for each field, a good part of the time a figure costs when a text
    states hundreds of thousands. Built as a :class:`_Building` and then given its class."""
    f = _new(_Building)
    f.start = start
    f.end = end
    f.as_stated = as_stated
    f.value = value
    f.unit = unit
    f.context = context
    f.unit_text = unit_text
    f.scale_word = scale_word
    f.approximate = approximate
    f.qualifier = qualifier
    f.unit_inferred = unit_inferred
    f.range_part = range_part
    f.unlisted = unlisted
    f.page = page
    f.__class__ = ExtractedFigure
    return f


_new = object.__new__
_set_range_part = ExtractedFigure.range_part.__set__  # type: ignore[attr-defined]
assert list(_figure.__code__.co_varnames[: len(_FIELDS)]) == _FIELDS, "_figure misses a field"
assert _Building.__slots__ == ExtractedFigure.__slots__  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# vocabulary

#: unit nouns (regex fragments, lowercase; spaces stand for any run of spaces) -> registry unit.
#: Only nouns whose unit is unambiguous: a figure with a doubtful unit is left out rather than
#: reported with a wrong one.
UNIT_NOUNS: dict[str, str] = {
    # BLK of every kind
    "blk komunitas inkubator (?:bisnis|wirausaha|kewirausahaan)": "incubators",
    "blkk inkubator (?:bisnis|wirausaha|kewirausahaan)": "incubators",
    "balai latihan kerja komunitas": "BLK",
    "balai latihan kerja(?: luar negeri)?": "BLK",
    "balai besar pelatihan vokasi dan produktivitas": "BLK",
    "balai besar pelatihan vokasi": "BLK",
    "balai pelatihan vokasi dan produktivitas": "BLK",
    "balai pelatihan vokasi": "BLK",
    "balai besar": "BLK",
    "balai": "BLK",
    "blk(?:-|\\s+)?komunitas": "BLK",
    "blk(?:-|\\s+)?(?:uptp|uptd|ln|luar negeri|pemerintah|pesantren|daerah|provinsi)": "BLK",
    "blk-?k": "BLK",
    "blkk": "BLK",
    "blk": "BLK",
    "upt[pd]? (?:blk|bpvp)": "BLK",
    "uptp": "BLK",
    "uptd": "BLK",
    "bbpvp": "BLK",
    "bpvp": "BLK",
    "bbplk": "BLK",
    # incubators
    "pelaku inkubator(?: (?:bisnis|wirausaha|kewirausahaan))?": "incubators",
    "inkubator(?: (?:bisnis|wirausaha|kewirausahaan))?": "incubators",
    # institutions
    "lembaga pelatihan kerja(?: swasta)?": "institutions",
    "lembaga sertifikasi profesi": "institutions",
    "lembaga pelatihan": "institutions",
    "lembaga": "institutions",
    "lpk(?: swasta)?": "institutions",
    "lsp": "institutions",
    "pondok pesantren": "institutions",
    "pesantren": "institutions",
    "ponpes": "institutions",
    "yayasan": "institutions",
    "instansi": "institutions",
    "kementerian(?: dan |/)lembaga": "institutions",
    "kementerian": "institutions",
    "k/l": "institutions",
    "sekolah": "institutions",
    "madrasah": "institutions",
    "kampus": "institutions",
    "smk": "institutions",
    "politeknik": "institutions",
    "perguruan tinggi": "institutions",
    "universitas": "institutions",
    # persons
    "peserta pelatihan(?: vokasi)?": "persons",
    "peserta (?:didik|magang)": "persons",
    "peserta": "persons",
    "orang": "persons",
    "jiwa": "persons",
    "tenaga kerja(?: indonesia| asing)?": "persons",
    "calon tenaga kerja": "persons",
    "pencari kerja": "persons",
    "pencaker": "persons",
    "angkatan kerja": "persons",
    "calon pekerja(?: migran(?: indonesia)?)?": "persons",
    "pekerja(?: migran(?: indonesia)?)?": "persons",
    "cpmi": "persons",
    "pmi": "persons",
    "tki": "persons",
    "tka": "persons",
    "buruh": "persons",
    "karyawan": "persons",
    "pegawai": "persons",
    "instruktur": "persons",
    "pelatih": "persons",
    "asesor": "persons",
    "siswa": "persons",
    "santri": "persons",
    "mahasiswa": "persons",
    "pelajar": "persons",
    "lulusan": "persons",
    "alumni": "persons",
    "penerima(?: manfaat| bantuan)?": "persons",
    "pengangguran": "persons",
    "penganggur": "persons",
    "pemuda": "persons",
    "warga": "persons",
    "penduduk": "persons",
    "pemagang": "persons",
    "anak muda": "persons",
    "anak(?:-anak)?(?! perusahaan| usaha)": "persons",
    "penyandang disabilitas": "persons",
    "perempuan": "persons",
    "laki-laki": "persons",
    "pria": "persons",
    "wanita": "persons",
    "asn": "persons",
    "pns": "persons",
    "pejabat": "persons",
    "petugas": "persons",
    "pengawas(?: ketenagakerjaan)?": "persons",
    "pendamping": "persons",
    "penyuluh": "persons",
    "relawan": "persons",
    "guru": "persons",
    "dosen": "persons",
    "anggota": "persons",
    "pelamar": "persons",
    "pendaftar": "persons",
    "korban": "persons",
    "pengusaha": "persons",
    "wirausaha(?:wan)? baru": "persons",
    "wirausahawan": "persons",
    # regions
    "provinsi dan kabupaten/kota": "regions",
    "kabupaten/kota": "regions",
    "kota/kabupaten": "regions",
    "kabupaten dan kota": "regions",
    "kab/kota": "regions",
    "daerah": "regions",
    "provinsi": "regions",
    "kabupaten": "regions",
    "kota": "regions",
    "kecamatan": "regions",
    "kelurahan": "regions",
    "desa": "regions",
    "wilayah": "regions",
    # companies
    "perusahaan(?: mitra| swasta)?": "companies",
    "mitra industri": "companies",
    "industri mitra": "companies",
    "dudi": "companies",
    "umkm": "companies",
    "ukm": "companies",
    "bumn": "companies",
    "badan usaha": "companies",
    "startup": "companies",
    # vocational fields
    "bidang kejuruan": "vocational_fields",
    "program kejuruan": "vocational_fields",
    "kejuruan": "vocational_fields",
    "jurusan": "vocational_fields",
    # components (the parts of a programme)
    "komponen": "components",
    "aspek": "components",
    "pilar": "components",
    "hal": "components",
}

#: words between a number and its unit noun that do not change it ("1.014 unit BLK Komunitas")
FILLERS = ("unit", "buah", "titik", "lebih")
#: classifiers that count something named earlier ("BLK Komunitas ada 50 buah")
CLASSIFIERS = ("unit", "buah")

APPROX_CUES = (
    "sekitar",
    "sekira",
    "kurang lebih",
    "lebih kurang",
    "kira-kira",
    "kurleb",
    "hampir",
    "nyaris",
    "mendekati",
    "kisaran",
    "±",
    "+/-",
)
BOUND_CUES = (
    "lebih dari",
    "di atas",
    "kurang dari",
    "di bawah",
    "setidaknya",
    "sedikitnya",
    "minimal",
    "maksimal",
    "paling sedikit",
    "paling banyak",
    "hingga",
    "tak kurang dari",
    "tidak kurang dari",
)

MONTHS = [
    "januari",
    "jan",
    "februari",
    "pebruari",
    "feb",
    "maret",
    "mar",
    "april",
    "apr",
    "mei",
    "juni",
    "jun",
    "juli",
    "jul",
    "agustus",
    "agu",
    "agt",
    "agust",
    "ags",
    "september",
    "sept",
    "sep",
    "oktober",
    "okt",
    "november",
    "nov",
    "nop",
    "desember",
    "des",
]

#: a year-like number (1900-2100) after one of these words is a year, not a count
DATE_CUES = frozenset(
    [
        "tahun",
        "thn",
        "th",
        "pada",
        "sejak",
        "hingga",
        "sampai",
        "s/d",
        "sd",
        "s.d",
        "akhir",
        "awal",
        "pertengahan",
        "medio",
        "selama",
        "sepanjang",
        "dalam",
        "periode",
        "ta",
        "apbn",
        "apbd",
        "apbn-p",
        "apbnp",
        "rapbn",
        "rapbd",
        "tanggal",
        "tgl",
        "kuartal",
        "triwulan",
        "semester",
        "visi",
        "emas",
        "indonesia",
        "renstra",
        "rpjmn",
        "rpjm",
        "rkp",
        "dan",
        "atau",
        "serta",
        "per",
        "mulai",
        "jelang",
        "menjelang",
        "hari",
        "era",
        *MONTHS,
    ]
)

#: a number after one of these words is an identifier or an ordinal, not a figure
ID_CUES = frozenset(
    [
        "pasal",
        "ayat",
        "nomor",
        "no",
        "nomer",
        "nmr",
        "komisi",
        "km",
        "pp",
        "uu",
        "perpres",
        "permen",
        "permenaker",
        "kepmen",
        "kepmenaker",
        "keppres",
        "inpres",
        "perda",
        "pergub",
        "perbup",
        "perwal",
        "tahap",
        "gelombang",
        "angkatan",
        "batch",
        "jilid",
        "seri",
        "versi",
        "level",
        "kelas",
        "tipe",
        "lantai",
        "ruang",
        "blok",
        "kav",
        "rt",
        "rw",
        "jalan",
        "jl",
        "bab",
        "bagian",
        "halaman",
        "hlm",
        "poin",
        "butir",
        "sila",
        "pukul",
        "jam",
        "pkl",
        "kode",
        "nip",
        "nik",
        "npwp",
        "rekening",
        "rek",
        "telepon",
        "telp",
        "tel",
        "hp",
        "wa",
        "whatsapp",
        "ext",
        "industri",
        "revolusi",
        "society",
        "web",
        "kabupaten",
        "kab",
        "urut",
        "peringkat",
        "ranking",
        "juara",
        "covid",
        "sdgs",
        "tujuan",
    ]
)

#: words that may follow a bare number whose unit was named before it ("... ada 50 buah di ...")
_OPEN_WORDS = [
    "di",
    "pada",
    "dan",
    "yang",
    "untuk",
    "dari",
    "sejak",
    "hingga",
    "sampai",
    "dengan",
    "atau",
    "ini",
    "itu",
    "saja",
    "tersebut",
    "lagi",
    "per",
    "setiap",
    "tiap",
    "sudah",
    "telah",
    "akan",
    "masih",
    "pun",
    "juga",
    "bagi",
    "oleh",
    "dalam",
    "sebagai",
    "serta",
    "namun",
    "tetapi",
    "sedangkan",
    "karena",
    "agar",
    "se",
]
#: cue words before a bare number whose unit the clause names ("peserta mencapai 5.000")
_COUNT_CUES = [
    "sebanyak",
    "sejumlah",
    "berjumlah",
    "ada",
    "mencapai",
    "yakni",
    "yaitu",
    "tercatat",
    "hanya",
    "menjadi",
    "total",
    "sekitar",
    "sekira",
    "hampir",
    "kurang lebih",
    "lebih dari",
]
#: money words: a bare amount with a scale word after one of them is rupiah
_MONEY_WORDS = [
    "anggaran",
    "dana",
    "biaya",
    "senilai",
    "pagu",
    "belanja",
    "alokasi",
    "realisasi",
    "bantuan",
    "investasi",
    "nilai",
    "nilainya",
    "gaji",
    "upah",
    "insentif",
    "subsidi",
    "apbn",
    "apbd",
    "modal",
    "pinjaman",
    "utang",
    "hibah",
    "tunjangan",
    "honor",
]
_FOREIGN_MONEY = r"(?:us\$|usd|\$|s\$|sgd|€|eur|euro|£|¥|yen|yuan|rm|ringgit|dolar|dollar)"

#: foreign currencies (regex fragments, lowercase) -> ISO code. An amount in one is reported with
#: the code as its unit ("USD 250 juta", "US$ 1,5 miliar", "500 juta dolar AS"), never as rupiah.
CURRENCIES_BEFORE: dict[str, str] = {
    "us\\$": "USD",
    "usd": "USD",
    "s\\$": "SGD",
    "sgd": "SGD",
    "a\\$": "AUD",
    "aud": "AUD",
    "\\$": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "jpy": "JPY",
    "cny": "CNY",
    "rmb": "CNY",
    "myr": "MYR",
    "rm": "MYR",
}
CURRENCIES_AFTER: dict[str, str] = {
    "dol+ars? (?:as|amerika(?: serikat)?)": "USD",
    "dol+ars? singapura": "SGD",
    "dol+ars? australia": "AUD",
    "dol+ars?": "USD",
    "usd": "USD",
    "euro": "EUR",
    "eur": "EUR",
    "pound(?: ?sterling)?": "GBP",
    "poundsterling": "GBP",
    "yen": "JPY",
    "yuan": "CNY",
    "ringgit(?: malaysia)?": "MYR",
    "sgd": "SGD",
}

# A count of something outside UNIT_NOUNS is reported with its noun as the unit ("3 paket",
# "10 keluarga", "20 KPM", "2 hektare"): a number followed by a lowercase word, or an acronym,
# counts that word's thing, unless the word is one of these (or a verb, see _is_verb). Durations
# are not counts ("3 bulan", "dua kali"), nor comparisons, nor function words.
NOT_NOUNS = frozenset(
    [
        *("di", "ke", "dari", "dan", "atau", "serta", "yang", "untuk", "pada", "per", "dengan"),
        *("ini", "itu", "tersebut", "sebagai", "hingga", "sampai", "juga", "saja", "lagi", "pun"),
        *("oleh", "dalam", "atas", "bagi", "akan", "telah", "sudah", "masih", "belum", "tidak"),
        *("tak", "bukan", "adalah", "ialah", "yaitu", "yakni", "merupakan", "karena", "agar"),
        *("supaya", "jika", "kalau", "bila", "namun", "tetapi", "tapi", "sedangkan", "sehingga"),
        *("maka", "lalu", "kemudian", "bahkan", "hanya", "lebih", "kurang", "sekitar", "hampir"),
        *("se", "sebanyak", "sejumlah", "sebesar", "senilai", "antara", "melalui", "tanpa"),
        *("terhadap", "kepada", "daripada", "sejak", "selama", "menurut", "tentang", "seperti"),
        *("secara", "tiap", "setiap", "masing-masing", "para", "kami", "kita", "mereka", "ia"),
        *("dia", "saya", "anda", "nya", "lain", "lainnya", "sisanya", "sisa", "besar", "kecil"),
        *("pertama", "kedua", "terakhir", "baru", "lama", "utama", "kali", "lipat", "banding"),
        *("kalinya", "an", "dst", "dll", "dsb", "vs", "versus", "sd", "no", "nomor", "poin"),
        *("rp", "idr"),
        # time and duration
        *("detik", "menit", "jam", "hari", "pekan", "minggu", "bulan", "tahun", "windu"),
        *("dekade", "abad", "malam", "pagi", "siang", "sore", "triwulan", "semester", "kuartal"),
        *("tahunan", "bulanan", "harian", "mingguan", "wib", "wita", "wit"),
        # scale and money words read elsewhere
        *("ribu", "juta", "miliar", "milyar", "triliun", "trilyun", "rupiah", "persen", "prosen"),
        # English, for quotes and notes written in it
        *("a", "the", "of", "on", "in", "at", "to", "by", "for", "from", "with", "and", "or"),
        *("but", "if", "is", "are", "was", "were", "be", "been", "would", "will", "than"),
        *("more", "less", "each", "per", "into", "over", "under", "about", "after", "before"),
        # roman numerals and acronyms that are not things counted
        *("ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "as", "ri", "dpr", "dprd"),
    ]
)
#: verbs written without a prefix ("283 masuk klasifikasi ...": the number is their subject)
BARE_VERBS = frozenset(
    [
        *("masuk", "naik", "turun", "lulus", "ikut", "tiba", "hadir", "lolos", "gagal", "mundur"),
        *("tewas", "hilang", "pindah", "kembali", "tinggal", "jadi", "punya", "dapat", "bisa"),
        *("harus", "mau", "ingin", "perlu", "sempat", "mulai", "selesai", "bekerja", "belajar"),
        *("beternak", "pergi", "datang", "keluar", "buka", "tutup", "rusak", "aktif", "siap"),
        *("tersisa", "tercatat", "terdaftar", "sedang", "tengah", "pula", "sendiri", "semua"),
    ]
)
#: nouns that begin like a prefixed verb (me-, ber-, di-, ter-)
PREFIX_NOUNS = frozenset(
    [
        *("meja", "meter", "menit", "mesin", "media", "merek", "menteri", "menara", "mebel"),
        *("berkas", "berita", "beras", "berlian", "dinas", "distrik", "diklat", "direktorat"),
        *("dirjen", "divisi", "dimensi", "diploma", "terminal", "termin", "teras", "ternak"),
    ]
)
#: words after a number word that make an idiom, not a count ("satu pintu", "empat mata")
WORD_IDIOMS = frozenset(["pintu", "atap", "arah", "sisi", "mata", "suara", "hati", "kata"])
#: "balai" alone is a BLK only in a story about training; elsewhere (public works' "35 balai
#: wilayah sungai") it is counted as "balai"
TRAINING_CUE = re.compile(
    r"latih|vokasi|blk|bpvp|kemnaker|kemenaker|ketenagakerjaan|kompetensi|produktivitas", re.I
)
#: a year-like number after one of these words is a count when a unit follows and the word before
#: the cue is not a year ("1.500 dan 2000 peserta", "menampung hingga 2000 peserta")
WEAK_DATE_CUES = frozenset(["dan", "atau", "serta", "hingga", "sampai", "s/d", "sd", "s.d"])


# ---------------------------------------------------------------------------------------------
# the scanner


def _alt(words: Iterable[str], *, ordered: bool = False) -> str:
    """Alternation (longest first unless ``ordered``), spaces matching any run of spaces."""
    items = list(dict.fromkeys(words)) if ordered else sorted(set(words), key=len, reverse=True)
    return "|".join(w.replace(" ", _SP1) for w in items)


def _trie(words: Iterable[str]) -> str:
    """A regex for literal ``words`` grouped by first letter, which the regex engine scans fast."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(set(words), key=len, reverse=True):
        by_first.setdefault(w[0], []).append(w[1:])
    parts = []
    for first, rests in by_first.items():
        alts = "|".join(re.escape(r) for r in rests)
        parts.append(re.escape(first) + (f"(?:{alts})" if alts else ""))
    return "(?:" + "|".join(parts) + ")"


_HS = r"[ \t\u00a0\u202f]"  # horizontal space
_SP0 = rf"{_HS}*(?:\r?\n{_HS}*)?"  # optional space, at most one line break
_SP1 = rf"(?:{_HS}+(?:\r?\n{_HS}*)?|\r?\n{_HS}*)"  # some space, at most one line break

# Indonesian digits (see numbers.DIGITS_RE) after a first digit: dot-grouped thousands with comma
# decimals, English comma grouping (two or more groups), a lenient decimal point ("1.9"), plain
# digits with comma decimals. Atomic: never followed by a digit or by a separator and a digit,
# so "1.2345" or "5/10/2023" are not read piecemeal.
_NUM_REST = (
    r"(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d{0,2}(?:,\d{3}){2,}|\d*\.\d{1,2}(?!\d)|\d*(?:,\d+)?)"
    r"(?!\d)(?![.,]\d)"
)
# a number starts at a digit not glued to a word, a separator or a sign ("G20", "Covid-19",
# "5/10", "ke-50", "+62", "?page=2"), except right after "Rp" or "IDR" ("Rp1,25 triliun"), after
# a minus sign that follows a space ("tumbuh -2,07 persen") and after "%-" ("10%-15%")
_NUM_START = (  # (a digit after a digit is never a start: that is tested first, as it is common)
    r"\d(?<!\d\d)(?:(?<![\w.,/:+\-–=?&#@]\d)|(?<=rp\d)|(?<=rp\.\d)|(?<=idr\d)|(?<=[\s(\[][-−]\d)"
    r"|(?<=%[-–]\d))"
)
_SCALE_FULL = _alt(w for w in SCALE_WORDS if len(w) > 1 and w != "tn")
_SCALE_ABBR = ("tn", "m", "t")  # one-letter scales count only after "Rp" ("Rp 4 T", "Rp2 M")


def _grouped(fragments: Iterable[str]) -> str:
    """Alternation of regex fragments grouped by their first (literal) letter, order kept.

    The regex engine then tries only the fragments that start with the letter it sees.
    """
    groups: dict[str, list[str]] = {}
    for frag in fragments:
        assert frag[0].isalpha(), frag
        groups.setdefault(frag[0], []).append(frag[1:].replace(" ", _SP1))
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_UNIT_ALT = _grouped(UNIT_NOUNS)  # UNIT_NOUNS lists longer forms first
_UNIT_RES = [(re.compile(k.replace(" ", _SP1), re.I), v) for k, v in UNIT_NOUNS.items()]
_FIRST_WORDS = [
    *("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"),
    *("sepuluh", "sebelas", "seratus", "seribu", "sejuta", "semiliar", "semilyar", "setriliun"),
]
_MORE_WORDS = [*_FIRST_WORDS, "belas", "puluh", "ratus", "ribu", "juta", "miliar", "milyar"]
_MORE_WORDS += ["triliun", "trilyun"]
_OPEN = rf"(?=(?P<open>{_SP0}(?:[.,;:)!?\"”’]|\Z|{_trie(_OPEN_WORDS)}\b)))"
_FILLER = rf"(?:(?:{'|'.join(FILLERS)}){_SP1})?"

# numbers and what follows them, matched on the lowercased text (without IGNORECASE the regex
# engine skips the alternatives of the unit nouns by their first letter); _DIGITS_I reads the text
# as written, where lowercasing would change it
_DIGITS = re.compile(
    rf"(?P<num>{_NUM_START}{_NUM_REST})(?P<an>-an\b)?"
    rf"(?:(?=[ \t\u00a0\u202f\r\n]*[-–—sh])"  # a quick test: a range's dash or word may follow
    rf"(?P<rsep>{_SP0}[-–—]{_SP0}|{_SP1}(?:s/d|s\.d\.?|sampai(?:{_SP1}dengan)?|hingga){_SP1})"
    rf"(?:(?:rp|idr)\.?{_SP0})?(?P<num2>\d{_NUM_REST}))?"
    rf"(?:{_SP0}(?P<scale>{_trie([*_SCALE_FULL.split('|'), *_SCALE_ABBR])}\b))?"
    rf"(?P<pct>{_SP0}(?:persen\b|prosen\b|%))?"
    rf"(?(pct)|(?:{_SP1}{_FILLER}(?P<unit>{_UNIT_ALT})\b"
    rf"|(?P<rupiah>{_SP1}rupiah)\b"
    rf"|(?:(?P<clf>{_SP1}(?:{'|'.join(CLASSIFIERS)}))\b)?(?:{_OPEN}|)))",
)
_DIGITS_I = re.compile(_DIGITS.pattern, re.IGNORECASE)
assert not [c for c in re.findall(r"(?<!\\)\[(?:\\.|[^]\\])*\]", _DIGITS.pattern) if r"\d" in c]
assert not any(chr(c).isdecimal() for c in range(128, 256)), "a Latin-1 digit beyond 0-9"


@lru_cache(maxsize=1)
def _digits_latin1() -> re.Pattern[str]:
    """``_DIGITS`` for a text of Latin-1 characters only (below U+0100), where \\d is [0-9]: the
    regex engine tests a range of characters faster than a Unicode category (about an eighth of
    the scan). Compiled when first needed (tens of milliseconds)."""
    return re.compile(_DIGITS.pattern.replace(r"\d", "[0-9]"))


def _latin1(text: str) -> bool:
    """True if every character of ``text`` is below U+0100 (so its digits are 0-9)."""
    if text.isascii():
        return True
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _lowered(text: str) -> str | None:
    """``text.lower()`` for the scanners (None where a character changes length when lowercased).

    The scanners match ASCII letters only, and any other letter alike in either case (checked for
    every code point: its lowercase is alike to \\w, \\d, \\s and no scanner names a cased
    letter), so only ASCII letters are lowered: encoded, bytes.lower() is several times faster
    than str.lower() on a text with any non-ASCII character. Except where the text has one of
    the two letters whose lowercase is ASCII or longer: the Kelvin sign ("k"), "İ" ("i̇").
    """
    if "\u212a" in text or "\u0130" in text:
        low = text.lower()
        return low if len(low) == len(text) else None
    try:
        return text.encode().lower().decode()
    except UnicodeEncodeError:  # lone surrogates
        return text.lower()


def _folds(text: str) -> bool:
    """True if ``text`` has a letter that IGNORECASE matches to an ASCII one but that str.lower()
    keeps ("ı" to "i", "ſ" to "s"): then a lowercased copy does not stand for it."""
    return "\u0131" in text or "\u017f" in text


_G_NUM, _G_AN, _G_RSEP, _G_NUM2, _G_SCALE = (
    _DIGITS.groupindex[g] for g in ("num", "an", "rsep", "num2", "scale")
)
_G_PCT, _G_UNIT = _DIGITS.groupindex["pct"], _DIGITS.groupindex["unit"]
_G_OPEN, _G_CLF = _DIGITS.groupindex["open"], _DIGITS.groupindex["clf"]
assert [
    _DIGITS.groupindex[g] for g in ("num", "an", "rsep", "num2", "scale", "pct", "unit", "rupiah")
] == list(range(1, 9))
# number words, matched on the lowercased text; a figure only with a unit, "persen", a counted
# noun or a currency (checked in _word_figure)
_WORDS = re.compile(
    rf"(?P<words>{_trie(_FIRST_WORDS)}\b(?:{_SP1}(?:{'|'.join(_MORE_WORDS)})\b)*)"
    rf"(?:(?P<wpct>{_SP0}(?:persen|prosen)\b|{_SP0}%)"
    rf"|{_SP1}{_FILLER}(?P<wunit>{_UNIT_ALT})\b"
    rf"|(?P<wrupiah>{_SP1}rupiah)\b)?"
)
_WORDS_I = re.compile(_WORDS.pattern, re.IGNORECASE)

# The end of a sentence: a full stop (or "!", "?", "…"), then maybe more and closing quotes or
# brackets, then space and what starts a sentence; the space is checked first, as most dots (in
# "1.250.000") fail it. Unless the stop ends a common abbreviation or an initial ("Rp.", "No.",
# "M. Hanif"): only a dot after a letter can.
_STOP_REST = (
    r"(?=[.!?…]*[\"”’')\]]*\s+[\"“‘'(\[]?[A-Z0-9])"
    r"(?:(?<![A-Za-z]\.)|(?<!\b(?:Rp|rp|RP|No|no|Dr|dr|Ir|Jl|St|Hj|Ny)\.)"
    r"(?<!\b(?:Kab|Kec|Drs|Bpk|Sdr)\.)(?<!\bProf\.)(?<![\s(.][A-Z]\.))"
    r"[.!?…]*[\"”’')\]]*"
)
# Or a line break, unless it only wraps a sentence: after a sentence's end, before a blank line,
# or before a line that starts like a new sentence, a headline or a list item.
_BREAK = (
    r"\n(?:(?<=[.!?:;\"”’)\]]\n)|(?<=[.!?:;\"”’)\]]\r\n)|(?<=[.!?:;\"”’)\]] \n)"
    r"|(?=[ \t]*(?:[\r\n]|[A-Z0-9\"“‘'(\[•*\-–]|\Z)))"
)
_SENTENCE_END = re.compile(rf"[.!?…]{_STOP_REST}|{_BREAK}")
# the same, one first character at a time: the regex engine finds a single character fast (see
# _sentence_ends)
_FULL_STOP = re.compile(rf"\.{_STOP_REST}")
_OTHER_STOP = re.compile(rf"[!?…]{_STOP_REST}")
_LINE_BREAK = re.compile(_BREAK)


def _sentence_ends(text: str, lo: int, hi: int) -> list[int]:
    """The ends of ``_SENTENCE_END.finditer(text, lo, hi)``'s matches, found faster.

    Full stops and line breaks are found by two scans for one character each (much faster than
    one scan for any of five), "!", "?" and "…" by a third only when the text has them. A line
    break's match is the break alone and a stop's never holds one, so those never overlap; a
    stop's match may hold the start of another ("?!", ".…"), which finditer would have passed
    over: such a match is dropped.
    """
    ends = [m.end() for m in _FULL_STOP.finditer(text, lo, hi)]
    if "!" in text or "?" in text or "…" in text:
        spans = sorted(
            [m.span() for m in _FULL_STOP.finditer(text, lo, hi)]
            + [m.span() for m in _OTHER_STOP.finditer(text, lo, hi)]
        )
        ends = []
        for a, b in spans:
            if not ends or a >= ends[-1]:
                ends.append(b)
    ends += [m.end() for m in _LINE_BREAK.finditer(text, lo, hi)]
    ends.sort()
    return ends


_WS = re.compile(r"\s+")
_CUR_BEFORE = re.compile(rf"(?<![\w$])(?:rp|idr)\.?{_SP0}$", re.I)
#: the letter before the last of "Rp" or "IDR", by that last letter
_CUR_BEFORE_LAST = {"p": "rR", "P": "rR", "r": "dD", "R": "dD"}
_MONTH_AFTER = re.compile(rf"{_SP0}(?:{'|'.join(MONTHS)})\b", re.I)
_TIME_AFTER = re.compile(rf"{_SP0}(?:wib|wita|wit)\b", re.I)
# searched in a lowercased clause (see _infer_unit), where the regex engine skips quickly to the
# letters a unit noun starts with; _INFER_RE_I reads a clause as written
_INFER_RE = re.compile(
    rf"(?P<unit>{_UNIT_ALT})\b(?P<between>(?:[ \t,]+[\w/.()-]+){{0,3}}?)[ \t,]+"
    rf"(?:{_alt(_COUNT_CUES)})(?:[ \t]+(?:{_alt(['sekitar', 'kurang lebih', 'hampir'])}))?"
    rf"[ \t]*$",
)
_INFER_RE_I = re.compile(_INFER_RE.pattern, re.I)
_UNIT_NOUN_RE = re.compile(rf"(?<!\w)(?:{_UNIT_ALT})\b", re.I)
_COUNTABLE = ("BLK", "institutions", "incubators", "companies")
_MONEY_RE = re.compile(rf"\b(?:{'|'.join(_MONEY_WORDS)})\b[^.!?\n]{{0,40}}$", re.I)
_FOREIGN_BEFORE = re.compile(rf"{_FOREIGN_MONEY}[ \t]*$", re.I)
_FOREIGN_AFTER = re.compile(rf"{_SP0}{_FOREIGN_MONEY}\b", re.I)
_ACTIVE_VERB = re.compile(r"(?:me|ber)[a-z]{3,}$")
#: words before "N unit" / "N buah" that say what was built or counted ("terbangun sebanyak")
_BUILT_CUES = frozenset(
    [*_COUNT_CUES, "terbangun", "dibangun", "membangun", "berdiri", "didirikan", "mendirikan"]
)
#: verbs after which a bare amount is a count, not money ("anggaran untuk melatih 2 juta")
_COUNT_VERBS = frozenset(
    [
        *("melatih", "membangun", "menyerap", "menjangkau", "merekrut", "mencetak"),
        *("mensertifikasi", "menempatkan", "mendirikan", "meluluskan", "memberangkatkan"),
        *("mempekerjakan", "menampung"),
    ]
)
_COUNT_BEFORE = re.compile(r"\b(?:sebanyak|sejumlah|berjumlah)[ \t]*$", re.I)
#: a verb right after a bare number ("anggaran sebesar 2 triliun dialokasikan ...")
_VERB_NEXT = re.compile(rf"{_SP1}(?:di|me|ber|ter)[a-z]{{3,}}\b")
_PUNCT = "()[]{}\"'“”‘’,.;:!?"
_CUR_FOREIGN_BEFORE = re.compile(rf"(?<![\w$])(?:{_alt(CURRENCIES_BEFORE)}){_SP0}$", re.I)
_CUR_FOREIGN_AFTER = re.compile(rf"{_SP1}(?:{_alt(CURRENCIES_AFTER)})(?!\w)", re.I)
_CUR_RES = [
    (re.compile(k.replace(" ", _SP1), re.I), v)
    for k, v in (*CURRENCIES_BEFORE.items(), *CURRENCIES_AFTER.items())
]
#: the word after a number, maybe after a classifier ("12 unit mobil", "3 paket", "20 KPM")
_NOUN_AFTER = re.compile(
    rf"{_SP1}(?:(?P<clf>unit|buah){_SP1})?(?P<noun>[a-z]{{2,}}|[A-Z]{{2,6}}(?![a-z]))(?![\w/-])"
)
#: between two members of a list: the first one's words, then a comma or a conjunction
_LIST_GAP = re.compile(
    rf"(?:{_SP1}[a-z]+){{0,2}}(?:{_SP0},{_SP0}(?:(?:dan|serta|atau){_SP1})?"
    rf"|{_SP1}(?:dan|serta|atau){_SP1})"
)
_LIST_SEP = re.compile(
    rf"{_SP0},{_SP0}(?:(?:dan|serta|atau){_SP1})?|{_SP1}(?:dan|serta|atau){_SP1}", re.I
)
_RANGE_GAP = re.compile(rf"{_SP0}[-–—]{_SP0}|{_SP1}(?:hingga|sampai|s/d){_SP1}", re.I)
_MINUS_BEFORE = re.compile(rf"\bminus{_SP1}$", re.I)
_BALAI = re.compile(r"balai(?:\s+besar)?", re.I)
_MONTH_SET = frozenset(MONTHS)
_CURRENCY_CODES = frozenset([*CURRENCIES_BEFORE.values(), *CURRENCIES_AFTER.values()])
_SPACE_CHARS = " \t\u00a0\u202f"
#: a lowercase word or an acronym after a number (a counted noun, a verb, a currency)
_WORD_NEXT = re.compile(
    rf"{_SP1}(?!(?i:{_trie(w for w in NOT_NOUNS if w.isalpha())})(?![\w-]))(?:[a-z]|[A-Z][A-Z])"
)
#: the last character of a currency written before an amount ("US$ 1,5", "USD 250", "€5")
_ROMAN_AFTER = re.compile(rf"{_SP1}[IVX]{{1,4}}(?![\w-])")
_CUR_LAST = frozenset("$€£¥DRPYBMdrpybm.")
_SIGN_BEFORE = " \t\n\r(["
CURRENCY_WORDS = frozenset(["dolar", "dollar", "dolars", "euro", "yen", "yuan", "ringgit"])
_SATU_NOT_COUNT = frozenset(["setiap", "tiap", "per", "salah", "masing-masing", "sebagai"])
_APPROX_1 = frozenset(c for c in APPROX_CUES if " " not in c)
_APPROX_2 = frozenset(c for c in APPROX_CUES if " " in c)
_BOUND_1 = frozenset(c for c in BOUND_CUES if " " not in c)
_BOUND_2 = frozenset(c for c in BOUND_CUES if c.count(" ") == 1)
_BOUND_3 = frozenset(c for c in BOUND_CUES if c.count(" ") == 2)
_CUE_LAST_WORDS = frozenset(c.split()[-1] for c in (*APPROX_CUES, *BOUND_CUES))

MAX_CONTEXT = 1000  # a "sentence" longer than this (a text without full stops) is cut around it


def _year_like(num: str) -> bool:
    return len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2100


def _prev_words(text: str, pos: int) -> list[str]:
    """The three words before ``pos`` (lowercase, outer punctuation stripped), nearest last."""
    lo = pos - 40 if pos > 40 else 0
    seg = text[lo:pos].lower()
    words = seg.rsplit(None, 4)
    if not words:
        return words
    if not seg[-1].isspace() and seg[-1] not in "(\"“'‘[":
        words.pop()  # the number is glued to something before it ("Rp", "(")
    if lo and words and len(words) < 5 and not seg[0].isspace():
        del words[0]  # a word cut by the window's start
    n = len(words)  # (written out: this runs for every number)
    if n >= 3:
        return [words[-3].strip(_PUNCT), words[-2].strip(_PUNCT), words[-1].strip(_PUNCT)]
    if n == 2:
        return [words[0].strip(_PUNCT), words[1].strip(_PUNCT)]
    return [words[0].strip(_PUNCT)] if n else words


def _prev_char(text: str, pos: int) -> str:
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0\u202f":
        i -= 1
    return text[i] if i >= 0 else ""


class _Sentences:
    """Sentence boundaries of (a stretch of) a text, found once, looked up by bisection."""

    __slots__ = ("_cache", "_ends", "_last", "hi", "lo", "text")

    def __init__(self, text: str, lo: int = 0, hi: int | None = None):
        self.text = text
        # boundaries are searched a little beyond the stretch: a context never reaches further
        self.lo = max(0, lo - MAX_CONTEXT)
        self.hi = len(text) if hi is None else min(len(text), hi + MAX_CONTEXT)
        self._ends: list[int] | None = None
        self._cache: dict[tuple[int, int], str] = {}
        #: (start, end, context) of the last whole sentence asked for: figures come in order
        self._last: tuple[int, int, str] = (0, -1, "")

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        return self._bounds(start, end)[:2]

    def _bounds(self, start: int, end: int) -> tuple[int, int, bool]:
        """(start, end, whole): whole if no sentence ends inside and it is not cut to a window."""
        if self._ends is None:
            self._ends = _sentence_ends(self.text, self.lo, self.hi)
        ends = self._ends
        i = bisect_right(ends, start) - 1
        a = ends[i] if i >= 0 else 0
        j = bisect_left(ends, end)
        b = ends[j] if j < len(ends) else len(self.text)
        if b - a > MAX_CONTEXT:  # no full stop nearby: a window around the figure
            half = MAX_CONTEXT // 2
            return max(a, start - half), min(b, end + half), False
        return a, b, j == i + 1

    def context(self, start: int, end: int) -> str:
        """The sentence around ``text[start:end]`` (spaces collapsed): ``_bounds``, inlined, as
        this runs for every figure."""
        last = self._last
        if last[0] <= start < end <= last[1]:  # in the sentence of the figure before
            return last[2]
        ends = self._ends
        if ends is None:
            ends = self._ends = _sentence_ends(self.text, self.lo, self.hi)
        i = bisect_right(ends, start) - 1
        a = ends[i] if i >= 0 else 0
        j = i + 1  # the first end at or after ``end`` (every end up to i is at most start)
        if j < len(ends) and ends[j] < end:  # a sentence ends inside the figure
            j = bisect_left(ends, end, j + 1)
        b = ends[j] if j < len(ends) else len(self.text)
        if b - a > MAX_CONTEXT:  # no full stop nearby: a window around the figure
            half = MAX_CONTEXT // 2
            a, b, whole = max(a, start - half), min(b, end + half), False
        else:
            whole = j == i + 1
        key = (a, b)
        got = self._cache.get(key)
        if got is None:
            # spaces collapsed and stripped: stripped first, as most sentences' only odd space
            # is the line break at their end (the same: a printable text's only space is " ")
            got = self.text[a:b].strip()
            if "  " in got or not got.isprintable():  # line breaks, tabs, odd spaces
                got = _WS.sub(" ", got)
            self._cache[key] = got
        if whole:
            self._last = (a, b, got)
        return got


def _value(num: str, scale: str | None) -> int | float:
    """The value of a number as the scanner matches it ("1.250.000", "2,03", "1.9", "1,250,000")
    times its scale word: ``to_python`` of ``numbers.digits_value`` scaled."""
    if "," not in num and ("." not in num or len(num) - num.rfind(".") == 4):
        whole = int(num.replace(".", ""))  # a whole number ("1.250.000"): fast path
        return whole * 10 ** scale_power(scale) if scale else whole
    return _fraction_value(num, scale.lower() if scale else None)


@lru_cache(maxsize=4096)
def _fraction_value(num: str, scale: str | None) -> int | float:
    """``_value`` of a number with decimals ("2,03", "1.9"; few distinct ones recur), in integers
    rather than Decimal."""
    if num.count(",") >= 2:  # English grouping: 1,250,000
        whole, frac = num.replace(",", ""), ""
    elif "," in num:
        whole, frac = num.split(",", 1)
        whole = whole.replace(".", "")
    else:  # a lenient decimal point: "1.9"
        whole, frac = num.split(".", 1)
    if len(whole) + len(frac) > 28:  # absurd precision: as Decimal rounds it
        value = digits_value(num)[0]
        return to_python(value.scaleb(scale_power(scale)) if scale else value)
    n = int(whole + frac)
    power = (scale_power(scale) if scale else 0) - len(frac)
    if power >= 0:
        return n * 10**power
    q, r = divmod(n, 10**-power)
    return q if r == 0 else n / 10**-power  # int / int rounds correctly, as float(Decimal) does


def _qualifier(prev: list[str]) -> tuple[bool, str | None]:
    """(approximate, qualifier) from the words before a figure."""
    if not prev:
        return False, None
    last = prev[-1]
    if last not in _CUE_LAST_WORDS:
        return False, None
    two = " ".join(prev[-2:])
    if last in _APPROX_1:
        return True, last
    if two in _APPROX_2:
        return True, two
    three = " ".join(prev[-3:])
    if three in _BOUND_3:
        return False, three
    if two in _BOUND_2:
        return False, two
    if last in _BOUND_1:
        return False, last
    return False, None


_unit_cache: dict[str, str] = {}
_text_cache: dict[str, str] = {}
#: a unit noun as written -> (``_unit_text``, ``_unit``) of it, for the scanner's hot path
_noun_cache: dict[str, tuple[str, str]] = {}


def _unit_text(noun: str) -> str:
    """A unit noun as written, with its spaces collapsed ("BLK\n  Komunitas" -> "BLK Komunitas")."""
    got = _text_cache.get(noun)
    if got is None:
        got = _text_cache[noun] = _WS.sub(" ", noun)
    return got


def _unit(noun: str) -> str:
    """The registry unit of a unit noun as written ("BLK Komunitas" -> "BLK")."""
    got = _unit_cache.get(noun)
    if got is None:
        key = _WS.sub(" ", noun.lower())
        for rx, unit in _UNIT_RES:
            if rx.fullmatch(key):
                got = _unit_cache[noun] = unit
                break
        else:  # pragma: no cover - every alternative of the scanner is in UNIT_NOUNS
            raise AssertionError(f"unit noun {noun!r} not in UNIT_NOUNS")
    return got


def extract_figures(
    text: str, *, unitless: bool = False, workers: int | None = None
) -> list[ExtractedFigure]:
    """Every figure stated in an Indonesian ``text``, in order of position.

    ``unitless=True`` also reports bare numbers that have no recognised unit (``unit=None``);
    dates, years, times, identifiers and phone numbers are never reported.

    ``workers``: processes to use (default 1). With more, a text of 1 MB or more is split at
    paragraph breaks and the parts are read in forked processes (where ``fork`` exists and the
    caller runs a single thread), with the same result; ``workers=0`` uses every CPU. It pays
    only on a machine with idle cores.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text (str), got {type(text).__name__}")
    low = _lowered(text)
    n = _workers(len(text), 1 if workers is None else workers)
    gc_was_on = gc.isenabled()
    gc.disable()  # many new objects and no reference cycles: collecting would only cost time
    try:
        if n > 1:
            cuts = _cuts(text, n)
            if len(cuts) > 2:
                return _extract_parallel(text, low, cuts, unitless)
        return _extract_range(text, low, 0, len(text), unitless)
    finally:
        if gc_was_on:
            gc.enable()


PARALLEL_MIN_CHARS = 1_000_000
_START = attrgetter("start")


def _workers(size: int, asked: int) -> int:
    n = (os.cpu_count() or 1) if asked == 0 else max(1, int(asked))
    if n == 1 or size < PARALLEL_MIN_CHARS:
        return 1  # a small text gains nothing
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1  # forking a process that runs threads is unsafe
    return min(n, size // (PARALLEL_MIN_CHARS // 2))


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r]*\n|(?<=[.!?\"”:)])[ \t]*\r?\n")


def _cuts(text: str, n: int) -> list[int]:
    """0, cut positions, len(text): n stretches split where no figure can span (a blank line,
    or a line break after a sentence's end)."""
    cuts = [0]
    size = len(text)
    for k in range(1, n):
        m = _PARAGRAPH_BREAK.search(text, max(cuts[-1], size * k // n))
        if m is None or m.end() >= size:
            break
        if m.end() > cuts[-1]:
            cuts.append(m.end())
    cuts.append(size)
    return cuts


def _extract_range(
    text: str, low: str | None, lo: int, hi: int, unitless: bool
) -> list[ExtractedFigure]:
    """The figures that start in ``text[lo:hi]`` (looking at the whole text around them)."""
    sentences = _Sentences(text, lo, hi)
    out: list[ExtractedFigure] = []
    if low is not None and not _folds(text):
        numbers = (_digits_latin1() if _latin1(text) else _DIGITS).finditer(low, lo, len(text))
    else:
        numbers = _DIGITS_I.finditer(text, lo)
    _digit_figures(numbers, hi, text, sentences, unitless, out)
    words = _WORDS.finditer(low, lo, len(text)) if low is not None else _WORDS_I.finditer(text, lo)
    found = False
    for m in words:
        if m.start() >= hi:
            break
        fig = _word_figure(m, text, sentences)
        if fig is not None:
            out.append(fig)
            found = True
    if found:
        out.sort(key=_START)
        kept: list[ExtractedFigure] = []
        for f in out:  # a figure never overlaps the one before it
            if not kept or f.start >= kept[-1].end:
                kept.append(f)
        out = kept
    return out


def _extract_parallel(
    text: str, low: str | None, cuts: list[int], unitless: bool
) -> list[ExtractedFigure]:
    """Extract each stretch in its own forked process (the first in this one) and join."""
    ctx = multiprocessing.get_context("fork")
    if low is not None and _latin1(text):
        _digits_latin1()  # compiled once, before the workers are forked
    jobs = []
    out: list[ExtractedFigure] = []
    for lo, hi in itertools.pairwise(cuts[1:]):
        receiver, sender = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_worker, args=(sender, text, low, lo, hi, unitless))
        try:
            proc.start()
        except OSError:  # pragma: no cover - no process to be had: do this share here
            receiver.close()
            jobs.append((None, None, lo, hi))
        else:
            jobs.append((receiver, proc, lo, hi))
        finally:
            sender.close()
    out.extend(_extract_range(text, low, cuts[0], cuts[1], unitless))
    for receiver, proc, lo, hi in jobs:
        if receiver is None:  # pragma: no cover
            out.extend(_extract_range(text, low, lo, hi, unitless))
            continue
        try:
            rows = receiver.recv()
        except (EOFError, OSError):  # pragma: no cover - the worker died: do its share here
            out.extend(_extract_range(text, low, lo, hi, unitless))
        else:
            out.extend(_figure(r[0], r[1], text[r[0] : r[1]], *r[2:]) for r in rows)
        finally:
            receiver.close()
            proc.join()
    return out


def _worker(conn, text: str, low: str | None, lo: int, hi: int, unitless: bool) -> None:
    try:
        figs = _extract_range(text, low, lo, hi, unitless)
        conn.send([_row(f) for f in figs])
    finally:
        conn.close()


def _row(f: ExtractedFigure) -> tuple:
    return (
        f.start,
        f.end,
        f.value,
        f.unit,
        f.context,
        f.unit_text,
        f.scale_word,
        f.approximate,
        f.qualifier,
        f.unit_inferred,
        f.range_part,
        f.unlisted,
        f.page,
    )


def _word_figure(m: re.Match[str], text: str, sentences: _Sentences) -> ExtractedFigure | None:
    start = m.start()
    if start and (text[start - 1].isalnum() or text[start - 1] in "-_"):
        return None  # inside a word: "kedua", "tempat"
    if (
        m.lastindex == 1  # nothing after the words: a figure only with a noun or a currency
        and _WORD_NEXT.match(text, m.end()) is None
        and not (start > 1 and _currency_before(text, start))
    ):
        return None
    norm = _WS.sub(" ", m.group("words"))
    prev = _prev_words(text, start)
    if prev and (prev[-1] in ID_CUES or prev[-1] == "ke"):
        return None
    if len(prev) >= 2 and prev[-1] == "dari" and _is_ratio(prev[-2], norm):
        return None  # "satu dari lima pekerja"
    if norm == "satu" and (not prev or prev[-1] in _SATU_NOT_COUNT):
        return None  # "salah satu", "setiap satu BLK": not a figure
    words_end = m.end("words")
    try:
        value = _words_number(norm)
    except NumberParseError:
        return None
    end = m.end()
    unlisted = False
    if m.group("wpct") is not None:
        unit, unit_text = "percent", text[m.start("wpct") : m.end("wpct")].strip()
    elif m.group("wunit") is not None:
        unit_text = text[m.start("wunit") : m.end("wunit")]
        unit, unlisted = _unit_here(unit_text, sentences, start, end)
    elif m.group("wrupiah") is not None:
        unit, unit_text = "IDR", text[m.start("wrupiah") : m.end("wrupiah")].strip()
    else:
        got = _word_unlisted(text, start, words_end, norm, sentences)
        if got is None:
            return None
        unit, unit_text, start, end, unlisted = got
        if unit == "IDR":  # "Rp tujuh juta"
            prev = _prev_words(text, start)
    approx, qual = _qualifier(prev)
    return _figure(
        start,
        end,
        text[start:end],
        value,
        unit,
        sentences.context(start, end),
        _unit_text(unit_text),
        None,
        approx,
        qual,
        False,
        None,
        unlisted,
    )


@lru_cache(maxsize=1024)
def _words_number(norm: str) -> int | float:
    """The value of number words, spaces collapsed ("dua ribu"); few distinct ones recur."""
    return to_python(words_value(norm, norm)[0])


def _word_unlisted(
    text: str, start: int, end: int, norm: str, sentences: _Sentences
) -> tuple[str, str, int, int, bool] | None:
    """(unit, unit text, start, end, unlisted) of number words with no registry unit after them:
    rupiah or a foreign currency before ("Rp tujuh juta"), a counted noun after ("dua termin")."""
    lo = start - 8 if start > 8 else 0
    c = _CUR_BEFORE.search(text, lo, start)
    if c is not None:
        return "IDR", text[c.start() : start].strip().rstrip("."), c.start(), end, False
    c = _CUR_FOREIGN_BEFORE.search(text, lo, start)
    if c is not None:
        written = text[c.start() : start].strip()
        return _currency(written), written, c.start(), end, True
    c = _CUR_FOREIGN_AFTER.match(text, end)
    if c is not None and norm != "satu":
        written = text[c.start() : c.end()].strip()
        return _currency(written), written, start, c.end(), True
    if norm == "satu":
        return None  # "satu pintu", "satu sistem": an article, not a count
    got = _counted_noun(text, end, words=True)
    if got is None:
        return None
    noun, noun_end = got
    return noun, noun, start, noun_end, True


def _digit_figures(
    numbers: Iterable[re.Match[str]],
    hi: int,
    text: str,
    sentences: _Sentences,
    unitless: bool,
    out: list,
) -> None:
    """Append the figure(s) of each number found by the scanner that states any, up to the first
    that starts at ``hi`` or later (one loop here rather than a call for each number)."""
    for m in numbers:
        start = m.start()
        if start >= hi:
            break
        num, num2, scale, pct, unit_noun, rupiah = m.group(1, 4, 5, 6, 7, 8)
        # the match may be of the lowercased text: what is reported as written comes from ``text``
        if scale is not None:
            scale = text[m.start(_G_SCALE) : m.end(_G_SCALE)]
        if pct is not None:
            pct = text[m.start(_G_PCT) : m.end(_G_PCT)]
        elif unit_noun is not None:
            unit_noun = text[m.start(_G_UNIT) : m.end(_G_UNIT)]
        # "Rp" / "IDR" before the number
        cur_start = None
        if start:
            k = start - 1
            before = text[k]
            if before == " " and start > 1:
                k -= 1
                before = text[k]
            if before in "pPrR.\u00a0\n\t ":  # the end of "Rp", "Rp.", "IDR" (or odd spacing)
                if before in "pPrR" and (k == 0 or text[k - 1] not in _CUR_BEFORE_LAST[before]):
                    c = None  # not "rp" or "dr" (the letters' only case-insensitive forms)
                else:
                    c = _CUR_BEFORE.search(text, start - 8 if start > 8 else 0, start)
                if c is not None:
                    cur_start = c.start()
                elif text[start - 1] in "pPrR":
                    continue  # glued to a word ("Xrp1")
        if cur_start is None and pct is None and unit_noun is None and rupiah is None:
            # a bare number: reported if its unit can be read around it (or unitless)
            if (
                unitless
                or m.group(_G_OPEN) is not None
                or m.group(_G_CLF) is not None
                or _WORD_NEXT.match(text, m.end()) is not None  # a noun or a verb: "3 paket"
                or (start > 1 and _currency_before(text, start))  # "USD 250 juta"
            ):
                _bare_figure(m, text, sentences, unitless, out)
            continue
        if scale is not None and cur_start is None and scale.lower() in _SCALE_ABBR:
            continue  # "5 m", "2 t": metres, tonnes; "T" and "M" are rupiah scales only
        num_end = m.end(_G_NUM)
        unlisted = False
        if cur_start is not None:
            if pct is not None:
                continue  # "Rp 5 persen": garbled
            unit, unit_text = "IDR", text[cur_start:start].strip().rstrip(".")
            start = cur_start
            end = m.end(_G_SCALE) if scale is not None else m.end(_G_NUM2) if num2 else num_end
        else:
            end = m.end()
            if rupiah is not None:
                unit, unit_text = "IDR", "rupiah"
            elif pct is not None:
                unit, unit_text = "percent", pct.strip()
            else:
                got = _noun_cache.get(unit_noun)
                if got is None:
                    got = _noun_cache[unit_noun] = (_unit_text(unit_noun), _unit(unit_noun))
                unit_text, unit = got
                if unit == "BLK" and unit_noun[0] in "bB" and unit_noun[1:2] in "aA":
                    unit, unlisted = _unit_here(unit_noun, sentences, start, end)  # "balai"
            if num2 is not None and not scale and _year_like(num2) and (not pct or _year_like(num)):
                continue  # a range of years is a period ("2017-2023 BLK"), whatever follows
            if text[num_end : num_end + 2] == ".0":
                continue  # "Industri 4.0 tenaga kerja"
        year_like = len(num) == 4 and not scale and num2 is None and _year_like(num)
        # _last_word, inlined
        seg = text[start - 40 if start > 40 else 0 : start]
        words = seg.rsplit(None, 2)
        if len(words) == 3:
            c = seg[-1]
            last = (words[2] if c.isspace() or c in _OPENERS else words[1]).strip(_PUNCT).lower()
        else:
            last = _last_word(text, start)
        if year_like or num2 is not None or last == "dari":
            _digit_figure_slow(
                m, text, sentences, out, start, end, unit, unit_text, cur_start, unlisted
            )
            continue
        # the common case: of the words before the number only the last matters, unless it ends
        # a qualifier (what _digit_figure_slow does with the three of them, where they say
        # nothing else)
        if last is not None and cur_start is None and last in ID_CUES:
            continue  # "Tahap 2 BLK", "Kabupaten 50 Kota"
        if last in _CUE_LAST_WORDS:
            approx, qual = _qualifier(_prev_words(text, start))
            if m.group(_G_AN) is not None:
                approx = True
        else:
            approx, qual = m.group(_G_AN) is not None, None
        if "," not in num and ("." not in num or len(num) - num.rfind(".") == 4):
            # a whole number ("1.250.000"): _value, inlined
            value = int(num.replace(".", ""))
            if scale:
                value *= 10 ** scale_power(scale)
        else:
            value = _value(num, scale)
        range_part = None
        if unit == "percent" or unit == "IDR":
            start, value, range_part = _range_or_sign(text, out, start, value, unit, last)
        # _figure, inlined
        f = _new(_Building)
        f.start = start
        f.end = end
        f.as_stated = text[start:end]
        f.value = value
        f.unit = unit
        sent = sentences._last  # in the sentence of the figure before: Sentences.context, inlined
        f.context = sent[2] if sent[0] <= start < end <= sent[1] else sentences.context(start, end)
        f.unit_text = unit_text
        f.scale_word = scale
        f.approximate = approx
        f.qualifier = qual
        f.unit_inferred = False
        f.range_part = range_part
        f.unlisted = unlisted
        f.page = None
        f.__class__ = ExtractedFigure
        out.append(f)


_OPENERS = "(\"“'‘["


def _last_word(text: str, pos: int) -> str | None:
    """``_prev_words(text, pos)[-1]``, or None where that is empty, found faster."""
    lo = pos - 40 if pos > 40 else 0
    seg = text[lo:pos]
    words = seg.rsplit(None, 2)
    if len(words) < 3:  # few words in the window: as _prev_words does
        prev = _prev_words(text, pos)
        return prev[-1] if prev else None
    c = seg[-1]
    # (lowercasing a word alone gives what lowercasing the window does: no character's
    # lowercase is a space or one of _PUNCT, nor is a space's or _PUNCT's other than itself)
    return (words[-1] if c.isspace() or c in _OPENERS else words[-2]).strip(_PUNCT).lower()


def _digit_figure_slow(
    m: re.Match[str],
    text: str,
    sentences: _Sentences,
    out: list,
    start: int,
    end: int,
    unit: str,
    unit_text: str,
    cur_start: int | None,
    unlisted: bool,
) -> None:
    """The rest of :func:`_digit_figures` for a number that is year-like, a range's first end,
    or after "dari" (which may make it a ratio: "2 dari 3")."""
    num, num2, scale = m.group(_G_NUM, _G_NUM2, _G_SCALE)
    if scale is not None:
        scale = text[m.start(_G_SCALE) : m.end(_G_SCALE)]
    prev = _prev_words(text, start)
    year_like = len(num) == 4 and not scale and num2 is None and _year_like(num)
    if prev:
        last = prev[-1]
        if cur_start is None and last in ID_CUES:
            return  # "Tahap 2 BLK", "Kabupaten 50 Kota"
        if year_like and unit != "IDR" and _is_year(text, start, prev, unit == "percent"):
            return  # "Pada 2021 BLK Komunitas dibangun": a year before a noun, not a count
    elif year_like and unit != "IDR" and unit != "percent":
        return  # a year at the start of the text
    if len(prev) >= 2 and prev[-1] == "dari" and _is_ratio(prev[-2], num):
        return  # "2 dari 3 lulusan": a ratio, not a count
    if num2 is not None:
        out.extend(
            _make(
                m,
                text,
                sentences,
                start,
                end,
                unit,
                unit_text,
                prev,
                inferred=False,
                ranged=num2,
                unlisted=unlisted,
            )
        )
        return
    approx, qual = _qualifier(prev) if prev and prev[-1] in _CUE_LAST_WORDS else (False, None)
    if m.group(_G_AN) is not None:
        approx = True
    value = _value(num, scale)
    range_part = None
    if unit == "percent" or unit == "IDR":
        last = prev[-1] if prev else None
        start, value, range_part = _range_or_sign(text, out, start, value, unit, last)
    out.append(
        _figure(
            start,
            end,
            text[start:end],
            value,
            unit,
            sentences.context(start, end),
            unit_text,
            scale,
            approx,
            qual,
            False,
            range_part,
            unlisted,
        )
    )


def _range_or_sign(
    text: str, out: list[ExtractedFigure], start: int, value: float, unit: str, last: str | None
) -> tuple[int, float, str | None]:
    """A percentage or rupiah amount's range end or sign: ``(start, value, range_part)``. A
    percentage right after another across a range gap is the high end of a range (the one
    before becomes its low end, in ``out``); a minus sign or the word "minus" (``last``, the
    word before) makes the value negative and the figure start there."""
    if (
        unit == "percent"
        and out
        and out[-1].unit == "percent"
        and out[-1].range_part is None
        and out[-1].end < start
        and _RANGE_GAP.fullmatch(text, out[-1].end, start)
    ):
        out[-1] = _low_end(out[-1])  # "10%-15%", "10% hingga 15%"
        return start, value, "high"
    if start and text[start - 1] in "-−" and (start < 2 or text[start - 2] in _SIGN_BEFORE):
        return start - 1, -value, None  # "tumbuh -2,07 persen"
    if last == "minus":
        mm = _MINUS_BEFORE.search(text, max(0, start - 12), start)
        if mm is not None:  # "minus 3 persen"
            return mm.start(), -value, None
    return start, value, None


def _low_end(f: ExtractedFigure) -> ExtractedFigure:
    """``dataclasses.replace(f, range_part="low")``, faster."""
    low = _figure(*(getattr(f, name) for name in _FIELDS))
    _set_range_part(low, "low")
    return low


def _currency_before(text: str, start: int) -> bool:
    c = text[start - 1]
    return c in "$€£¥" or (c in " \u00a0" and text[start - 2] in _CUR_LAST)


def _bare_figure(
    m: re.Match[str], text: str, sentences: _Sentences, unitless: bool, out: list
) -> None:
    """A number with no unit after it: a date part, a year, an identifier, a count whose unit
    is read around it (before it, from a list it belongs to, or a noun outside the registry's
    units after it), an amount in a foreign currency."""
    num, num2, scale = m.group(_G_NUM, _G_NUM2, _G_SCALE)
    start = m.start()
    num_end = m.end(_G_NUM)
    if num2 is not None and _year_like(num2):
        if _year_like(num):
            return  # "2017-2023", "2017 hingga 2023"
        num2 = None  # "naik 50 hingga 2024": not a range
        end = num_end  # the year after "hingga" is not part of the figure
        scale = None
    else:  # the end of the number (or range) and its scale word, not the words after it
        if scale is not None:
            end = m.end(_G_SCALE)
        elif num2 is not None:
            end = m.end(_G_NUM2)
        else:
            end = m.end(_G_AN)
            if end < 0:
                end = num_end
    nxt = text[end : end + 1]
    if nxt and (
        nxt.isalpha() or nxt in "/-–" or (nxt == ":" and text[end + 1 : end + 2].isdigit())
    ):
        return  # "5G", "17/8", "10:30", glued to a word
    abbr = scale is not None and scale.lower() in _SCALE_ABBR  # "5 m", or "anggaran 2,5 T"
    if text[num_end : num_end + 2] == ".0":
        return  # "Industri 4.0"
    if not scale and num[0] == "0" and len(num) > 1 and "," not in num:
        return  # a phone or ID number with a leading zero
    year = not scale and len(num) == 4 and num.isdigit() and 1900 <= int(num) <= 2100  # _year_like
    if year and (unitless or nxt != " " or _counted_noun(text, end) is None):
        return  # a year (a year-like count needs a counted noun after it, checked below)
    if not scale and _MONTH_AFTER.match(text, num_end):
        return  # "17 Agustus 2023"
    if nxt == ")" and text[start - 1 : start] == "(":
        return  # "Menaker (58)", "ayat (2)": an age, a list number
    prev = _prev_words(text, start)
    if prev and prev[-1] in ID_CUES:
        return  # "Pasal 5", "pukul 10", "Nomor 31"
    if year and not (
        prev
        and (prev[-1] in _BUILT_CUES or prev[-1] in WEAK_DATE_CUES)
        and not _is_year(text, start, prev, False)
    ):
        # a year-like number counts an unlisted noun only after a count cue or a conjunction
        # ("sebanyak 2000 paket", "1.500 dan 2000 paket"): "capaian 2023 program ..." is a year
        return
    unit = None
    clf = m.group("clf")
    opened = m.group("open") is not None or _VERB_NEXT.match(text, m.end()) is not None
    if (opened or clf is not None) and not year:
        unit = _infer_unit(text, start, end, num, scale, money_only=abbr)
    if abbr and unit is None:
        return  # metres, tonnes
    if unit is None and clf is not None and opened and prev and prev[-1] in _BUILT_CUES:
        # "... membangun 2 ribu BLK Komunitas, namun yang terbangun sebanyak 1.014 unit.": a
        # classifier with nothing after it counts the last countable thing named before it in
        # the same sentence
        lo = sentences.bounds(start, end)[0]
        if lo and _names_nothing(text, lo, start):
            # "BLK Komunitas ada 50 buah. Kemudian meningkat menjadi 75 buah": a sentence whose
            # subject is left out continues the one before it
            lo = sentences.bounds(lo - 1, lo - 1)[0]
        unit = _nearest_countable(text, start, lo)
    unit_text = None
    unlisted = False
    inferred = unit is not None
    if unit is None:
        got = _bare_unit(m, text, start, end, num2, scale, prev, out)
        if got is not None:
            unit, unit_text, start, end, unlisted, inferred = got
            if start < m.start():
                prev = _prev_words(text, start)
    if unit is None:
        if not unitless or year:
            return
        if _TIME_AFTER.match(text, num_end) or _phone_like(text, start, num_end):
            return
    elif clf is not None and unit_text is None:
        end = m.end("clf")  # "50 buah"
    out.extend(
        _make(
            m,
            text,
            sentences,
            start,
            end,
            unit,
            unit_text,
            prev,
            inferred=inferred,
            ranged=num2,
            unlisted=unlisted,
        )
    )


def _bare_unit(
    m: re.Match[str],
    text: str,
    start: int,
    end: int,
    num2: str | None,
    scale: str | None,
    prev: list[str],
    out: list[ExtractedFigure],
) -> tuple[str, str | None, int, int, bool, bool] | None:
    """(unit, unit text, start, end, unlisted, inferred) of a bare number whose unit is not read
    from the words before it: a foreign currency around it ("USD 250 juta", "500 juta dolar AS"),
    a noun after it that is not one of the registry's ("3 paket", "12 unit mobil"), or the unit of
    the list it is a member of ("50 dan 75 pesantren"; "100 alumni, 38 bekerja, 57 ...")."""
    lo = start - 10 if start > 10 else 0
    c = _CUR_FOREIGN_BEFORE.search(text, lo, start)
    if c is not None:
        written = text[c.start() : start].strip()
        return _currency(written), written, c.start(), end, True, False
    if scale is not None:
        c = _CUR_FOREIGN_AFTER.match(text, end)
        if c is not None:
            written = text[c.start() : c.end()].strip()
            return _currency(written), written, start, c.end(), True, False
        return None  # "2 juta" alone: persons? rupiah? not a guess
    got = _counted_noun(text, end)
    if got is not None:
        noun, noun_end = got
        return noun, noun, start, noun_end, True, False
    if num2 is not None:
        return None
    # a member of a list whose unit is written once
    if out:
        last = out[-1]
        if (
            last.unit not in (None, "IDR", "percent")
            and last.end < start
            and start - last.end <= 40
            and not (last.unlisted and last.unit.isupper() and len(last.unit) == 3)
            and _LIST_GAP.fullmatch(text, last.end, start)
        ):
            return last.unit, None, start, end, last.unlisted, True
    after = _list_unit_after(text, end)
    if after is None:
        return None
    return after[0], None, start, end, after[1], True


def _list_unit_after(text: str, end: int) -> tuple[str, bool] | None:
    """The unit written after the last member of a list a bare number starts ("50 dan 75
    pesantren", "5, 7 dan 9 persen")."""
    pos = end
    for _ in range(6):
        sep = _LIST_SEP.match(text, pos)
        if sep is None:
            return None
        nm = _DIGITS_I.match(text, sep.end())
        if nm is None or nm.group(_G_AN) is not None or nm.group(_G_NUM2) is not None:
            return None
        g = nm.groups()
        if g[4] is not None or g[7] is not None:
            return None  # a scale or rupiah: which scale the first member has is not said
        if g[5] is not None:
            return "percent", False
        if g[6] is not None:
            return _unit(g[6]), False
        got = _counted_noun(text, nm.end(_G_NUM))
        if got is not None:
            return got[0], True
        pos = nm.end(_G_NUM)
    return None


def _make(
    m: re.Match[str],
    text: str,
    sentences: _Sentences,
    start: int,
    end: int,
    unit: str | None,
    unit_text: str | None,
    prev: list[str],
    *,
    inferred: bool,
    ranged: str | None,
    unlisted: bool = False,
) -> list[ExtractedFigure]:
    """The figure (or the two ends of a range) of a match, with its qualifiers and context."""
    num = m.group("num")
    scale = None
    if end > m.end("num") and m.start("scale") >= 0:  # as written (the match may be lowercased)
        scale = text[m.start("scale") : m.end("scale")]
    approx, qual = _qualifier(prev)
    if m.group("an") is not None:
        approx = True
    context = sentences.context(start, end)
    if ranged is None:
        return [
            _figure(
                start,
                end,
                text[start:end],
                _value(num, scale),
                unit,
                context,
                unit_text,
                scale,
                approx,
                qual,
                inferred,
                unlisted=unlisted,
            )
        ]
    # a range: one figure per end, both with the scale and unit written after the second
    low_end = m.end("num")
    high_start = m.end("rsep")
    return [
        _figure(
            start,
            low_end,
            text[start:low_end],
            _value(num, scale),
            unit,
            context,
            unit_text,
            scale,
            approx,
            qual,
            inferred,
            "low",
            unlisted,
        ),
        _figure(
            high_start,
            end,
            text[high_start:end],
            _value(ranged, scale),
            unit,
            context,
            unit_text,
            scale,
            approx,
            qual,
            inferred,
            "high",
            unlisted,
        ),
    ]


_SMALL_WORDS = frozenset(_FIRST_WORDS[:12])  # nol .. sebelas


def _is_ratio(before: str, num: str) -> bool:
    """True for "<small number> dari <small number>" ("2 dari 3", "satu dari lima")."""
    small = num in _SMALL_WORDS or (num.isdigit() and int(num) <= 10)
    return small and (before in _SMALL_WORDS or (before.isdigit() and int(before) <= 10))


def _phone_like(text: str, start: int, end: int) -> bool:
    """A group of a phone number written with spaces ("+62 812 3456 7890")."""
    after = text[end : end + 2]
    before = text[max(0, start - 2) : start]
    return (len(after) == 2 and after[0] in " -" and after[1].isdigit()) or (
        len(before) == 2 and before[1] in " -" and (before[0].isdigit() or before[0] == "+")
    )


def _nearest_countable(text: str, start: int, lo: int) -> str | None:
    """The unit of the last countable thing named in ``text[lo:start]`` (its sentence)."""
    last = None
    for last in _UNIT_NOUN_RE.finditer(text, max(lo, start - 300), start):  # noqa: B007
        pass
    if last is None:
        return None
    unit = _unit(last.group(0))
    return unit if unit in _COUNTABLE else None


_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _names_nothing(text: str, lo: int, start: int) -> bool:
    """True if ``text[lo:start]`` (a sentence up to a number) names no thing: only function
    words, verbs and count cues ("Kemudian meningkat menjadi 75 buah")."""
    for w in _WORD.findall(text, lo, start):
        w = w.lower()
        if not (w in NOT_NOUNS or w in _BUILT_CUES or _is_verb(w)):
            return False
    return True


def _counted_noun(text: str, pos: int, *, words: bool = False) -> tuple[str, int] | None:
    """(noun, end) of the thing a number ending at ``pos`` counts when it is not one of the
    registry's units: "3 paket", "20 KPM", "12 unit mobil" (mobil), "7 unit." (unit)."""
    m = _NOUN_AFTER.match(text, pos)
    if m is None:
        return None
    noun = m.group("noun")
    low = noun.lower()
    if (
        low in NOT_NOUNS
        or low in _MONTH_SET
        or _is_verb(low)
        or (words and low in WORD_IDIOMS)
        or low in CURRENCY_WORDS
    ):
        clf = m.group("clf")
        if clf is None:
            return None
        return clf.lower(), m.end("clf")
    if _ROMAN_AFTER.match(text, m.end("noun")):
        return None  # "520 tahap I": a number in a named phase, not a count of phases
    return (noun if noun.isupper() else low), m.end("noun")


def _is_verb(word: str) -> bool:
    if word in BARE_VERBS:
        return True
    if word in PREFIX_NOUNS:
        return False
    return len(word) >= 5 and word.startswith(("me", "ber", "di", "ter"))


def _currency(written: str) -> str:
    """The ISO code of a foreign currency as written ("US$" -> "USD", "dolar AS" -> "USD")."""
    key = _WS.sub(" ", written.lower())
    for rx, code in _CUR_RES:
        if rx.fullmatch(key):
            return code
    raise AssertionError(f"currency {written!r} not in CURRENCIES_*")  # pragma: no cover


def _unit_here(noun: str, sentences: _Sentences, start: int, end: int) -> tuple[str, bool]:
    """(unit, unlisted) of a unit noun in its sentence: "balai" alone is a BLK only in a story
    about training ("35 balai wilayah sungai" of public works is counted as "balai")."""
    unit = _unit(noun)
    if (
        unit == "BLK"
        and _BALAI.fullmatch(noun) is not None
        and TRAINING_CUE.search(sentences.context(start, end)) is None
    ):
        return _WS.sub(" ", noun.lower()), True
    return unit, False


def _is_year(text: str, start: int, prev: list[str], percent: bool) -> bool:
    """True if a year-like number (1900-2100) after the words ``prev`` is a year, not a count.

    After a date cue it is a year ("pada 2021 BLK", "tahun 2020"), except after a conjunction
    or "hingga"/"sampai" that joins it to a count: "1.500 dan 2000 peserta", "menampung hingga
    2000 peserta" (but "2019 dan 2020", "Hingga 2023 BLK ...", "dari Januari hingga 2024")."""
    last = prev[-1]
    if last in DATE_CUES:
        if last not in WEAK_DATE_CUES:
            return True
        before = prev[-2] if len(prev) >= 2 else ""
        if not before or _year_like(before) or before in _MONTH_SET or before in DATE_CUES:
            return True
        if last in ("dan", "atau", "serta"):
            return not (before[:1].isdigit() or before in _FIRST_WORDS)
        seg = text[max(0, start - 12) : start]
        i = seg.lower().rfind(last)
        return i >= 0 and seg[i].isupper()  # "Hingga 2023 BLK Komunitas ...": a date
    return not percent and _prev_char(text, start) in ".,;:(\n\r"


def _infer_unit(
    text: str, start: int, end: int, num: str, scale: str | None, *, money_only: bool = False
) -> str | None:
    """The unit of a bare number, from the words of its clause just before it."""
    lo = max(0, start - 90)
    window_start = lo
    for stop in (". ", "! ", "? ", "\n", "; "):
        i = text.rfind(stop, lo, start)
        if i >= 0:
            window_start = max(window_start, i + len(stop))
    m = None
    if not money_only:
        clause = text[window_start:start]
        low = clause.lower()
        if len(low) == len(clause) and not _folds(clause):
            m = _INFER_RE.search(low)
        else:
            m = _INFER_RE_I.search(clause)
    if m is not None:
        unit = _unit(m.group("unit"))
        between = clause[m.start("between") : m.end("between")].split()  # as written
        # the noun is the subject the number counts: not a place ("Kota Bandung tercatat 5.000"),
        # not part of a name ("Lembaga Demografi mencatat ..."), not the subject of an active
        # verb whose object is counted ("BLK Surabaya telah melatih sebanyak 2.000")
        named = any(  # a capitalised word, except a place after "di" ("di Indonesia")
            w[:1].isupper() and (i == 0 or between[i - 1] != "di") for i, w in enumerate(between)
        )
        active = "yang" not in between and any(_ACTIVE_VERB.match(w) for w in between)
        if unit not in ("regions", "components") and not named and not active:
            return unit
    # money: "anggaran sebesar 2 triliun", "dana 1.250.000.000"
    big = scale is not None and scale_power(scale) >= 6
    big = big or (num.count(".") >= 2 and "," not in num)
    if big and _MONEY_RE.search(text, window_start, start):
        if _FOREIGN_BEFORE.search(text, max(window_start, start - 12), start):
            return None
        if _FOREIGN_AFTER.match(text, end):
            return None
        if _COUNT_BEFORE.search(text, max(window_start, start - 15), start):
            return None
        prev = _prev_words(text, start)
        if prev and prev[-1] in _COUNT_VERBS:
            return None
        return "IDR"
    return None


# ---------------------------------------------------------------------------------------------
# reading input


def read_text(source: str | Path, *, encoding: str = "utf-8") -> str:
    """The text of a file, or of standard input when ``source`` is ``"-"``.

    Line endings are kept as they are, so offsets count every character of the file. Raises
    :class:`ExtractError` naming the file when it cannot be read or decoded.
    """
    name = "standard input" if str(source) == "-" else str(source)
    try:
        data = sys.stdin.buffer.read() if str(source) == "-" else Path(source).read_bytes()
    except FileNotFoundError:
        raise ExtractError(f"cannot read {name}: no such file") from None
    except IsADirectoryError:
        raise ExtractError(f"cannot read {name}: it is a directory, not a text file") from None
    except PermissionError:
        raise ExtractError(f"cannot read {name}: permission denied") from None
    except OSError as exc:
        raise ExtractError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        text = data.decode(encoding)
    except LookupError:
        raise ExtractError(f"unknown encoding {encoding!r} for {name}") from None
    except UnicodeDecodeError as exc:
        raise ExtractError(
            f"cannot read {name}: not {encoding} text (byte {exc.start}); "
            "pass --encoding (e.g. cp1252) or convert the file to UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


# ---------------------------------------------------------------------------------------------
# registry stubs

QUOTE_MAX = 400  # the registry's limit on `quote`
_YEAR_IN_TEXT = re.compile(r"(?<![\d.,/])(?:19[5-9]\d|20\d\d)(?![\d.,]\d)")


def quote_for(fig: ExtractedFigure, limit: int = QUOTE_MAX) -> str:
    """The figure's sentence, trimmed to at most ``limit`` characters around the figure.

    Cuts fall between words and are marked "...".
    """
    ctx = fig.context
    if len(ctx) <= limit:
        return ctx
    stated = _WS.sub(" ", fig.as_stated).strip()
    if limit < len(stated) + 8:
        return stated[:limit]
    at = max(ctx.find(stated), 0)
    room = max(0, limit - len(stated) - 8)  # what is left for words around it, after "... "x2
    a = max(0, at - room // 2)
    b = min(len(ctx), a + len(stated) + room)
    a = max(0, b - len(stated) - room)  # use the room left at the end of the sentence
    if a > 0:
        sp = ctx.find(" ", a, at)
        a = sp + 1 if sp >= 0 else a
    if b < len(ctx):
        sp = ctx.rfind(" ", at + len(stated), b)
        b = sp if sp >= 0 else b
    return ("... " if a > 0 else "") + ctx[a:b].strip() + (" ..." if b < len(ctx) else "")


def suggest_id(fig: ExtractedFigure) -> str:
    """An id suggestion from unit, value and position: ``blk-1113-at512``."""
    unit = (fig.unit or "count").lower()
    value = fig.value
    shown = f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return f"{unit}-{shown}-at{fig.start}"


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML scalar


def _units_covered(figures: list[ExtractedFigure], i: int) -> int | None:
    """The BLK count an amount is for, when the sentence says so ("Rp 20,9 miliar untuk 3 BLK")."""
    fig = figures[i]
    if fig.unit != "IDR":
        return None
    for other in figures[i + 1 : i + 4]:
        if other.start - fig.end > 40 or other.context != fig.context:
            break
        if other.unit == "BLK":
            return int(other.value)
    return None


#: fields of a source block, in the registry's order
SOURCE_FIELDS = ("publisher", "title", "url", "published", "published_note", "language")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def render_source(meta: Mapping[str, str | None]) -> list[str]:
    """A ``source:`` block in the registry's format from what a document says of itself
    (``publisher``, ``title``, ``url``, ``published`` YYYY-MM-DD, ``author``); every field the
    document does not tell is ``TODO``."""
    published = meta.get("published")
    published = published if published and _DATE_RE.match(published) else None
    author = meta.get("author")
    lines = [
        "source:",
        f"  publisher: {_todo(meta.get('publisher'))}",
        f"  title: {_todo(meta.get('title'))}",
        f"  url: {_todo(meta.get('url'))}",
        f"  published: {published or 'null'}",
        "  published_note: "
        + ("null" if published else "TODO   # what is known of the date (no date found)"),
        "  language: id",
        "  reliability: TODO   # A: major outlet quoting a named official; B: smaller outlet, "
        "reprint or clipping; C: blog or undated document (a lead only)",
        "  speakers: TODO   # a list of {name, role} of the people quoted, or []",
        "  events: TODO   # a list of {name, date, place} of the events reported, or []",
        f"  notes: {_scalar(f'author: {author}') if author else 'null'}",
    ]
    return lines


def _todo(value: str | None) -> str:
    return _scalar(value) if value else "TODO"


def render_stubs(
    figures: list[ExtractedFigure],
    source: str | None = None,
    *,
    programs: Sequence[str] = (),
    bases: Sequence[str] = (),
    meta: Mapping[str, str | None] | None = None,
) -> str:
    """Figure stubs in the registry's YAML format (``data/README.md``), for a researcher.

    Fields the text cannot tell (programme, measure, basis, period) are ``TODO`` with a comment
    listing the registry's vocabulary (``programs``, ``bases``: given by the caller, which knows
    the registry); a unit outside the registry's is ``TODO`` with the counted noun or currency
    in a comment; a figure's page (PDF) goes in its ``notes``. With ``meta`` (what the document
    says of itself, see :func:`render_source`) a ``source:`` block comes first. Each ``quote``
    is the figure's sentence as the source writes it. The output parses with PyYAML.
    """
    PROGRAMS, BASES = programs, bases

    lines = [
        "# Figure stubs found by `blk extract`"
        + (f" in {source}" if source else "")
        + f": {len(figures)} figure{'s' if len(figures) != 1 else ''}.",
        "# Review each one against the source: delete what is not a figure, fix the id, replace",
        "# every TODO, then paste the entries under `figures:` in data/sources/<file>.yaml.",
        "# Each quote is the figure's sentence as the source writes it (verbatim).",
        f"# program: {' | '.join(PROGRAMS)}",
        f"# basis: {' | '.join(BASES)}",
    ]
    if meta is not None:
        lines += render_source(meta)
    if not figures:
        lines.append("figures: []")
        return "\n".join(lines) + "\n"
    lines.append("figures:")
    for i, fig in enumerate(figures):
        years = sorted(set(_YEAR_IN_TEXT.findall(fig.context)))
        period_note = (
            f"years in the sentence: {', '.join(years)}" if years else "no year in the sentence"
        )
        value_note = []
        if fig.range_part:
            value_note.append(f"{fig.range_part} end of a range")
        if fig.approximate:
            value_note.append("stated as approximate")
        elif fig.qualifier:
            value_note.append(f"qualified: {fig.qualifier!r}")
        if fig.value < 0:
            value_note.append("negative: the registry holds figures of 0 or more")
        unit_note = "unit read from the words before the figure; check" if fig.unit_inferred else ""
        unit = fig.unit or "TODO"
        if fig.unit is None:
            unit_note = "TODO: no unit recognised; choose one or delete this stub"
        elif fig.unlisted:
            unit = "TODO"
            unit_note = (
                f"an amount in {fig.unit}: the registry holds rupiah; convert at a stated rate "
                "or delete this stub"
                if fig.unit in _CURRENCY_CODES
                else f"counts {fig.unit!r}, not one of the registry's units: choose one or "
                "delete this stub"
            )
        lines += [
            f"  - id: {suggest_id(fig)}   # suggestion: make it unique and descriptive",
            "    program: TODO",
            "    measure: TODO                       # snake_case, e.g. budget, units_built",
            "    basis: TODO",
            f"    value: {_scalar(fig.value)}"
            + (f"   # {'; '.join(value_note)}" if value_note else ""),
            f"    unit: {unit}" + (f"   # {unit_note}" if unit_note else ""),
            f"    period: TODO                        # {period_note}",
        ]
        covered = _units_covered(figures, i)
        if covered is not None:
            lines.append(f"    # units_covered: {covered}   # the amount is for {covered} BLK?")
        lines += [
            f"    as_stated: {_scalar(fig.as_stated)}   # characters {fig.start}-{fig.end}",
            f"    quote: {_scalar(quote_for(fig))}",
        ]
        if fig.page is not None:
            lines.append(f"    notes: {_scalar(f'page {fig.page} of the PDF')}")
    return "\n".join(lines) + "\n"


def figures_json(figures: list[ExtractedFigure]) -> str:
    """The figures as a JSON list of objects (one per figure, every field)."""
    return json.dumps([f.to_dict() for f in figures], ensure_ascii=False, indent=2) + "\n"


__all__ = [
    "ExtractError",
    "ExtractedFigure",
    "extract_figures",
    "figures_json",
    "quote_for",
    "read_text",
    "render_stubs",
    "suggest_id",
]
