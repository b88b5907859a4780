"""Indonesian numbers: read figures the way Indonesian writing states them, and write them back.

Indonesian uses a dot to group thousands and a comma for decimals ("Rp2.038.260.308.771",
"Rp 2,03 triliun"), scale words and their abbreviations (ribu/rb, juta/jt, miliar/M,
triliun/T) and number words ("empat", "dua ribu", "seratus").

* :func:`parse_stated` reads one figure phrase and keeps its stated precision: "Rp 2,03 triliun"
  stands for any value in [2,025; 2,035) triliun. The registry uses it to check that each figure's
  ``value`` agrees with its ``as_stated`` text.
* :func:`parse_number` and :func:`parse_idr` return the value.
* :func:`format_idr`, :func:`format_number` and :func:`format_percent` write values with Babel's
  ``id_ID`` locale.
"""

from __future__ import annotations

import decimal
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from numbers import Integral, Real

from babel.numbers import format_compact_decimal, format_decimal

from blkanalysis.errors import NumberParseError

LOCALE = "id_ID"

#: scale words and abbreviations -> power of ten (case-insensitive)
SCALE_WORDS: dict[str, int] = {
    "ribu": 3,
    "rb": 3,
    "rbu": 3,
    "juta": 6,
    "jt": 6,
    "jta": 6,
    "miliar": 9,
    "milyar": 9,
    "milliar": 9,
    "m": 9,
    "triliun": 12,
    "trilyun": 12,
    "trilliun": 12,
    "t": 12,
    "tn": 12,
}

#: letters a case-insensitive pattern takes for an ASCII letter that ``str.lower()`` keeps apart:
#: the dotless ı and dotted İ (lowered to "i" and a combining dot) for i, the long ſ for s
_LIKE_ASCII = str.maketrans({"ı": "i", "ſ": "s", "\u0307": None})


def scale_power(word: str) -> int:
    """The power of ten of a scale word as a pattern matched it: any case, and spelled with the
    letters case-insensitive matching reads as i and s ("mıliar" is "miliar")."""
    w = word.lower()
    return SCALE_WORDS[w] if w in SCALE_WORDS else SCALE_WORDS[w.translate(_LIKE_ASCII)]


#: number words: value of the word on its own
UNIT_WORDS: dict[str, int] = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
}
#: "se-" forms of multipliers: seratus = 100, seribu = 1000, ...
SE_WORDS: dict[str, int] = {
    "seratus": 100,
    "seribu": 1000,
    "sejuta": 10**6,
    "semiliar": 10**9,
    "semilyar": 10**9,
    "setriliun": 10**12,
}
#: multipliers used after a number word: dua puluh, tiga ratus, lima ribu, ...
WORD_SCALES: dict[str, int] = {
    "belas": -1,  # special: adds ten ("tiga belas" = 13)
    "puluh": 10,
    "ratus": 100,
    "ribu": 1000,
    "juta": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "triliun": 10**12,
    "trilyun": 10**12,
}

PERCENT_WORDS = ("persen", "prosen", "%")

_SPACES = re.compile(r"[\s\u00a0\u202f]+")

# digits, Indonesian style: dot-grouped thousands with optional comma decimals; plain digits with
# optional comma decimals; leniently, a dot followed by one or two digits as a decimal point
# ("1.9 triliun", written English-style) and English comma grouping when there are at least two
# groups ("1,250,000": a single group such as "1,250" stays an Indonesian decimal, 1.25).
DIGITS_RE = (
    r"(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3}){2,}(?![\d,])"
    r"|\d+(?:,\d+)?(?!\.\d)|\d+\.\d{1,2}(?!\d))"
)
_SCALE_ALT = "|".join(sorted((re.escape(w) for w in SCALE_WORDS), key=len, reverse=True))
_WORD_ALT = "|".join(
    sorted(
        (re.escape(w) for w in [*UNIT_WORDS, *SE_WORDS, *WORD_SCALES]),
        key=len,
        reverse=True,
    )
)
_CURRENCY_RE = r"(?:rp\.?|idr)"
_PERCENT_RE = r"(?:persen|prosen|%)"

_FIGURE_RE = re.compile(
    rf"""
    (?P<currency>{_CURRENCY_RE}\s*)?
    (?:
        (?P<digits>{DIGITS_RE})(?:\s*(?P<scale>{_SCALE_ALT})\b\.?)?
      |
        (?P<words>(?:\b(?:{_WORD_ALT})\b\s*)+)
    )
    (?:\s*(?P<percent>{_PERCENT_RE}))?
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Stated:
    """A figure as stated in text: its value and the precision it was stated with.

    ``step`` is the place value of the last stated digit (in the figure's own units): "Rp 2,03
    triliun" has value 2.03e12 and step 1e10, so it agrees with any value in [value - step/2,
    value + step/2).
    """

    text: str
    value: Decimal
    step: Decimal
    currency: bool = False
    percent: bool = False

    @property
    def low(self) -> Decimal:
        return self.value - self.step / 2

    @property
    def high(self) -> Decimal:
        return self.value + self.step / 2

    def agrees(self, value: int | float | Decimal) -> bool:
        """True if ``value`` rounds to this statement at its stated precision."""
        v = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        return self.low <= v < self.high

    @property
    def number(self) -> int | float:
        """The value as an int when whole, else a float."""
        return to_python(self.value)


def to_python(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _normalise(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def digits_value(digits: str) -> tuple[Decimal, Decimal]:
    """Value and step of a digit string such as '2.038.260.308.771', '2,03' or '1.9'."""
    if digits.count(",") >= 2:  # English grouping: 1,250,000
        whole, frac = digits.replace(",", ""), ""
    elif "," in digits:
        whole, frac = digits.split(",", 1)
        whole = whole.replace(".", "")
    elif re.fullmatch(r"\d+\.\d{1,2}", digits):  # lenient English-style decimal point
        whole, frac = digits.split(".", 1)
    else:
        whole, frac = digits.replace(".", ""), ""
    value = Decimal(f"{whole}.{frac}" if frac else whole)
    step = Decimal(1).scaleb(-len(frac))
    return value, step


def words_value(words: str, original: str) -> tuple[Decimal, Decimal]:
    """Value and step of Indonesian number words ('dua ratus lima puluh', 'seribu')."""
    tokens = words.lower().split()
    total = 0
    group = 0
    small = 0
    smallest_place: int | None = None
    prev: str | None = None

    def note_place(place: int) -> None:
        nonlocal smallest_place
        smallest_place = place if smallest_place is None else min(smallest_place, place)

    for tok in tokens:
        if tok in UNIT_WORDS:
            if small and small >= 10:
                raise NumberParseError(original, f"unexpected number word {tok!r} after {prev!r}")
            small += UNIT_WORDS[tok]
            if UNIT_WORDS[tok]:
                note_place(1)
        elif tok in SE_WORDS:
            n = SE_WORDS[tok]
            if n >= 1000:
                total += (group + small + 1) * n if (group or small) else n
                group = small = 0
            else:
                group += n
            note_place(n)
        elif tok == "belas":
            if not 1 <= small <= 9:
                raise NumberParseError(original, "'belas' must follow a digit word (tiga belas)")
            small += 10
        elif tok in ("puluh", "ratus"):
            mult = WORD_SCALES[tok]
            if not 1 <= small <= 9:
                raise NumberParseError(original, f"{tok!r} must follow a digit word")
            group += small * mult
            small = 0
            note_place(mult)
        elif tok in WORD_SCALES:
            mult = WORD_SCALES[tok]
            g = group + small
            if g == 0:
                raise NumberParseError(original, f"{tok!r} must follow a number")
            total += g * mult
            group = small = 0
            if smallest_place is not None and smallest_place < mult:
                smallest_place *= mult
            else:
                smallest_place = mult
        else:  # pragma: no cover - the regex only lets known words through
            raise NumberParseError(original, f"unknown number word {tok!r}")
        prev = tok
    total += group + small
    step = Decimal(smallest_place or 1)
    return Decimal(total), step


def _from_match(m: re.Match[str], original: str) -> Stated:
    if m.group("digits"):
        value, step = digits_value(m.group("digits"))
        scale = m.group("scale")
        if scale:
            power = scale_power(scale)
            value = value.scaleb(power)
            step = step.scaleb(power)
    else:
        value, step = words_value(m.group("words"), original)
    return Stated(
        text=original,
        value=value,
        step=step,
        currency=bool(m.group("currency")),
        percent=bool(m.group("percent")),
    )


def _is_figure(m: re.Match[str]) -> bool:
    """A match states a figure if it has digits, or number words beyond bare scale words."""
    if m.group("digits"):
        return True
    words = (m.group("words") or "").lower().split()
    return any(w in UNIT_WORDS or w in SE_WORDS for w in words)


@lru_cache(maxsize=4096)
def parse_stated(text: str) -> Stated:
    """Read the one figure stated in ``text``, keeping its precision.

    ``text`` may carry words around the figure ("sekitar 334 BLK", "850 lembaga"), but must
    state exactly one figure. Raises :class:`~blkanalysis.errors.NumberParseError` (a
    ``ValueError``) quoting the input otherwise.
    """
    if not isinstance(text, str):
        raise NumberParseError(repr(text), "expected text")
    norm = _normalise(text)
    if not norm:
        raise NumberParseError(text, "the text is empty")
    matches = [m for m in _FIGURE_RE.finditer(norm) if _is_figure(m)]
    # number words that only qualify ("satu" in "satu-satunya") would be rare in a stated figure;
    # we require exactly one figure so an ambiguous statement is never silently read.
    if not matches:
        raise NumberParseError(
            text, "no figure found (digits such as '2,03' or words such as 'dua')"
        )
    if len(matches) > 1:
        shown = ", ".join(repr(m.group(0).strip()) for m in matches)
        raise NumberParseError(text, f"more than one figure found ({shown}); state one figure")
    return _from_match(matches[0], text)


def parse_number(text: str) -> int | float:
    """Parse a number written Indonesian-style: '232 ribu' -> 232000, '3,5 persen' -> 3.5.

    The whole text must be the figure (optionally with 'Rp' and a scale or percent word).
    Returns an ``int`` for whole values, else a ``float``.
    """
    stated = _parse_whole(text)
    return stated.number


def parse_idr(text: str) -> int:
    """Parse a rupiah amount: 'Rp 2,03 triliun' -> 2030000000000, 'Rp2.038.260.308.771' -> ...

    'Rp' is optional; a percentage or a fractional rupiah amount is refused.
    """
    stated = _parse_whole(text)
    if stated.percent:
        raise NumberParseError(text, "a percentage is not a rupiah amount")
    if stated.value != stated.value.to_integral_value():
        raise NumberParseError(text, "a rupiah amount must be a whole number of rupiah")
    return int(stated.value)


def _parse_whole(text: str) -> Stated:
    if not isinstance(text, str):
        raise NumberParseError(repr(text), "expected text")
    norm = _normalise(text)
    if not norm:
        raise NumberParseError(text, "the text is empty")
    m = _FIGURE_RE.fullmatch(norm)
    if not m or not _is_figure(m):
        raise NumberParseError(
            text,
            "expected a figure such as 'Rp 2,03 triliun', '232 ribu', '1.250.000' or '3,5 persen'",
        )
    return _from_match(m, text)


# ---------------------------------------------------------------------------------------------
# formatting (Babel, id_ID)


def _half_up():
    """Round half up, as a reader expects (Babel follows the decimal context; default half-even).

    With half-up rounding a formatted figure agrees with its value under :meth:`Stated.agrees`.
    """
    return decimal.localcontext(rounding=decimal.ROUND_HALF_UP)


def _dec(value: int | float | Decimal) -> Decimal:
    """Any real number (Python, numpy or pandas scalar) as a Decimal of its shortest repr."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Integral):  # int, bool, numpy.int64, ...
        return Decimal(int(value))
    if isinstance(value, Real):  # float, numpy.float64, ...
        return Decimal(repr(float(value)))
    raise TypeError(f"not a number: {value!r} ({type(value).__name__})")


#: Babel locale of each reader language: an English report writes 4,282 and 10.3x, an
#: Indonesian one 4.282 and 10,3x (a quote keeps its own wording)
READER_LOCALES = {"id": LOCALE, "en": "en_US"}


def _locale(lang: str) -> str:
    try:
        return READER_LOCALES[lang]
    except KeyError:
        raise ValueError(f"no number convention for language {lang!r}") from None


def format_number(value: int | float, *, digits: int = 0, lang: str = "id") -> str:
    """A plain number in the reader's convention: 232000 -> '232.000' (id) or '232,000' (en);
    3.5 -> '3,5' / '3.5' (digits=1)."""
    fmt = "#,##0" + ("." + "#" * digits if digits > 0 else "")
    with _half_up():
        return format_decimal(_dec(value), format=fmt, locale=_locale(lang))


def format_percent(value: float, *, digits: int = 1, lang: str = "id") -> str:
    """A percentage given in percent units: 5.51 -> '5,51%' (digits=2; '5.51%' in English)."""
    return format_number(value, digits=digits, lang=lang) + "%"


def format_multiple(value: float, *, digits: int = 1, lang: str = "id") -> str:
    """How many times larger, to the precision the definitions carry: 11.2495 -> '11,2x'
    ('11.2x' in English). One decimal always shows, so 3.0x reads as a multiple."""
    fmt = "#,##0." + "0" * digits if digits > 0 else "#,##0"
    with _half_up():
        return format_decimal(_dec(value), format=fmt, locale=_locale(lang)) + "x"


def format_multiplier(value: float, *, lang: str = "id") -> str:
    """A multiplier applied to something: 1.5 -> '×1,5' ('×1.5' in English)."""
    return "×" + format_number(value, digits=2, lang=lang)


def format_count(
    value: int | float, *, short: bool = True, digits: int = 1, lang: str = "id"
) -> str:
    """A count: 232000 -> '232 ribu' / '232 thousand' (short) or '232.000' / '232,000' (long)."""
    if short and abs(value) >= 1000:
        with _half_up():
            return format_compact_decimal(
                _dec(value), format_type="long", locale=_locale(lang), fraction_digits=digits
            )
    return format_number(value, digits=0 if float(value).is_integer() else digits, lang=lang)


#: the scale words of a fixed-scale amount, per reader language
SCALE_NAMES = {"id": {9: "miliar", 12: "triliun"}, "en": {9: "billion", 12: "trillion"}}


def format_idr_scaled(value: float, power: int = 12, *, digits: int = 2, lang: str = "id") -> str:
    """Rupiah on one fixed scale, so a column reads alike and its sum can be checked by eye:
    0.9136e12 -> 'Rp0,91 triliun' / 'IDR 0.91 trillion' (always ``digits`` decimals)."""
    if value != value:
        return "–"
    fmt = "#,##0." + "0" * digits if digits else "#,##0"
    with _half_up():
        body = format_decimal(_dec(value / 10**power), format=fmt, locale=_locale(lang))
    word = SCALE_NAMES[lang][power]
    return f"IDR {body} {word}" if lang == "en" else f"Rp{body} {word}"


def format_idr(value: int | float, short: bool = True, *, digits: int = 2, lang: str = "id") -> str:
    """Rupiah in the reader's convention, via Babel.

    Indonesian (``lang="id"``): 'Rp2,03 triliun', 'Rp20,9 miliar', 'Rp500 juta' (``short``,
    at most ``digits`` decimals) or 'Rp2.030.000.000.000' (``short=False``, whole rupiah).
    English: 'IDR 2.03 trillion', 'IDR 20.9 billion', 'IDR 2,030,000,000,000'.
    """
    if value != value:  # NaN
        return "–"
    sign = "-" if value < 0 else ""
    v = abs(value)
    with _half_up():
        if short and v >= 1000:
            body = format_compact_decimal(
                _dec(v), format_type="long", locale=_locale(lang), fraction_digits=digits
            )
        else:
            body = format_decimal(_dec(v), format="#,##0", locale=_locale(lang))
    if lang == "en":
        return f"{sign}IDR {body}"
    return f"{sign}Rp{body}"
