"""Charts: the source note is wrapped as matplotlib wraps it, with fewer measurements, so a
chart's PNG is the same bytes."""

from __future__ import annotations

import random

import pytest
from matplotlib.figure import Figure

from blkanalysis.present import plotting

NOTES = [
    "",
    "Source: one short note.",
    "Source: ANTARA; Bisnis.com (Semarang); Kompas.com; Kompas.com (Kilas Kementerian); "
    "Kompas.id; Okezone; Suara.com; Tribunnews.com; peluang.co.id; radarbangsa.com; "
    "sentananews.com; tabloidmaritim.com. Hatched bars are derived from differences of stated "
    "totals.",
    "Sumber: " + " ".join(["kata"] * 120),
    "A_very_long_first_word_that_alone_is_wider_than_the_figure_" * 6 + " then short words",
    "Two paragraphs: the first one\nand the second, which is long enough to wrap "
    + "again and again " * 12,
    "Double  spaces   and a trailing space ",
]


def matplotlib_wrap(text: str, width: float, measure) -> str:
    """Matplotlib's own rule (``Text._get_wrapped_text``): measure every longer line."""
    lines = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        while words:
            if len(words) == 1:
                lines.append(words.pop(0))
                continue
            for i in range(2, len(words) + 1):
                if measure(" ".join(words[:i])) > width:
                    lines.append(" ".join(words[: i - 1]))
                    words = words[i - 1 :]
                    break
                if i == len(words):
                    lines.append(" ".join(words[:i]))
                    words = []
                    break
    return "\n".join(lines)


def _note_figure(note: str, *, prewrap: bool) -> Figure:
    fig, ax = plotting.new_figure()
    ax.plot([0, 1, 2], [3, 1, 2])
    if prewrap:
        return plotting.finish(fig, "A title", note)
    # what finish did before: matplotlib wraps the note when it draws it
    fig.suptitle("A title", fontsize=12, fontweight="bold", x=0.01, ha="left")
    fig.text(0.01, 0.01, note, fontsize=7.5, color="#444444", ha="left", va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.06, 1, 0.95))
    return fig


@pytest.mark.parametrize("note", NOTES)
def test_a_wrapped_note_draws_the_same_png_as_matplotlibs_wrapping(note):
    fast = _note_figure(note, prewrap=True)
    slow = _note_figure(note, prewrap=False)
    assert plotting.png_bytes(fast) == plotting.png_bytes(slow)


@pytest.mark.parametrize("note", NOTES)
def test_prewrap_gives_matplotlibs_lines_and_turns_wrapping_off(note):
    fig, _ = plotting.new_figure()
    plotting.own_canvas(fig)
    text = fig.text(0.01, 0.01, note, fontsize=7.5, ha="left", va="bottom", wrap=True)
    text._renderer = fig.canvas.get_renderer()
    expected = text._get_wrapped_text()  # matplotlib's lines, measured word by word
    plotting.prewrap(text)
    assert text.get_text() == expected
    assert not text.get_wrap()
    assert text.get_rotation_mode() == "anchor"  # as matplotlib's wrapping leaves it


def test_wrap_words_breaks_where_matplotlib_does_on_any_width():
    rng = random.Random(16)
    vocabulary = ["a", "bb", "ccc", "dddd", "Kompas.com;", "(Semarang)", "x" * 30, ""]
    for _ in range(400):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 40)))
        if rng.random() < 0.3:
            text = text.replace(" a ", "\n", 1)
        width = rng.choice([rng.uniform(1, 200), 0.0, -1.0])
        scale = rng.uniform(0.5, 3)

        def measure(s: str, scale: float = scale) -> float:
            return int(len(s.strip()) * scale + 0.999)  # spaces alone: no width

        assert plotting.wrap_words(text, width, measure) == matplotlib_wrap(text, width, measure)


def test_wrap_words_measures_a_few_lines_not_every_word():
    text = NOTES[2] * 3
    calls: list[str] = []

    def measure(s: str) -> float:
        calls.append(s)
        return len(s) * 5.0

    wrapped = plotting.wrap_words(text, 792.0, measure)
    assert wrapped == matplotlib_wrap(text, 792.0, lambda s: len(s) * 5.0)
    lines = wrapped.count("\n") + 1
    assert len(calls) <= 1 + 3 * lines < len(text.split(" "))


def test_a_finished_figure_has_its_own_agg_canvas_and_no_layout_engine():
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig, ax = plotting.new_figure()
    ax.plot([0, 1], [1, 0])
    plotting.finish(fig, "A title", NOTES[2])
    assert isinstance(fig.canvas, FigureCanvasAgg)
    assert fig.get_layout_engine() is None  # savefig draws it once, not twice
    draws = []
    draw = fig.draw
    fig.draw = lambda renderer: (draws.append(renderer), draw(renderer))[1]
    plotting.png_bytes(fig)
    assert len(draws) == 1


def test_a_figure_is_left_its_layout_engine_where_the_rc_asks_for_one():
    import matplotlib

    fig, _ = plotting.new_figure()
    with matplotlib.rc_context({"figure.autolayout": True}):
        plotting.finish(fig, "A title", "A note")
    assert fig.get_layout_engine() is not None


def test_a_figure_without_an_agg_canvas_is_left_to_matplotlib():
    fig = Figure()
    text = fig.text(0.01, 0.01, NOTES[2], wrap=True)
    plotting.prewrap(text)
    assert text.get_wrap() and text.get_text() == NOTES[2]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_tick_formatters_give_each_value_its_own_text_every_time(lang):
    import numpy as np

    from blkanalysis.text.numbers import format_idr, format_number

    idr, count = plotting.idr_formatter(lang), plotting.count_formatter(lang)
    values = [0, 0.0, -0.0, 1, 1.0, np.float64(1.0), 2.5e12, np.float64(-3.75e9), 1234.5, np.nan]
    for _ in range(2):  # the second time from what was kept
        for v in values:
            assert idr(v, None) == (
                format_idr(v, digits=1, lang=lang) if v else format_idr(0, lang=lang)
            )
            assert count(v, None) == format_number(v, lang=lang)
