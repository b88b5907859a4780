"""The catalogue as a whole: the analysis' texts (:mod:`blkanalysis.present.i18n`) together with
the report runner's own words (:mod:`blkanalysis.reports.labels`), which only this layer sees
both of. ``blk report`` hands :func:`runner_labels` to the runner; the translators' tools
(:mod:`blkanalysis.cli.i18n_tools`) write the template from :func:`english_catalogue`."""

from __future__ import annotations

from blkanalysis.present import i18n
from blkanalysis.reports.labels import DEFAULT_LABELS


def runner_labels(lang: str | None) -> dict[str, str]:
    """The report runner's words in ``lang`` (its English defaults need no translation), the
    notebooks' titles from the catalogue and the parameters' labels (``parameter.<name>``)."""
    from blkanalysis.model.parameters import names

    lang = lang or "en"
    out = runner_words(lang)
    out.update(
        {f"notebook.{stem}": i18n.t(f"{name}.title", lang) for stem, name in i18n.NOTEBOOKS.items()}
    )
    out.update({f"parameter.{name}": i18n.param_label(name, lang) for name in names()})
    if lang != "en":  # English shows the values as a scenario file writes them
        out.update(value_words(lang))
    return out


def value_words(lang: str) -> dict[str, str]:
    """``value.<parameter>.<value>``: the words for every enumerable value of every declared
    parameter (its choices, null, true and false), as the runner's labels want them."""
    from blkanalysis.model.parameters import PARAMETERS
    from blkanalysis.reports.export import format_value

    out = {}
    for p in PARAMETERS:
        codes: list[object] = list(p.choices)
        if p.nullable:
            codes.append(None)
        if p.kind == "bool":
            codes += [True, False]
        for code in codes:
            out[f"value.{p.name}.{format_value(code)}"] = i18n.param_value(p.name, code, lang)
    return out


def runner_words(lang: str) -> dict[str, str]:
    """The runner's own words (blkanalysis.reports.labels.DEFAULT_LABELS) translated to
    ``lang``; English needs none."""
    inline = getattr(i18n, "RUNNER_ID", None) or {}  # old format, not yet migrated
    out = {}
    for key, english in DEFAULT_LABELS.items():
        if lang == "en":
            continue
        text = inline[key] if lang == "id" and key in inline else None
        text = text or i18n.translate(f"runner.{key}", english, lang)
        if text is not None:
            out[key] = text
    return out


def english_catalogue() -> list[tuple[str, str]]:
    """Every (message context, English text) the code can show, in catalogue order: messages
    (context = key), labels (``label.<name>``), the runner's words (``runner.<key>``). The
    .pot template is this list."""
    out = [(key, i18n.english_text(entry)) for key, entry in i18n.MESSAGES.items()]
    out += [(f"label.{name}", i18n.english_text(entry)) for name, entry in i18n.LABELS.items()]
    out += [(f"runner.{key}", english) for key, english in DEFAULT_LABELS.items()]
    out += i18n.parameter_texts()
    return out


def catalogue_pairs(lang: str = "id") -> list[tuple[str, str, str | None]]:
    """(context, English, translation or None) for every text of :func:`english_catalogue`."""
    found = []
    for context, english in english_catalogue():
        kind, _, name = context.partition(".")
        if kind == "label":
            text = i18n.lookup(context, i18n.LABELS[name], lang)
        elif kind == "runner":
            text = runner_words(lang).get(name)
        elif context not in i18n.MESSAGES:  # a parameter's label or help
            text = i18n.translate(context, english, lang)
        else:
            text = i18n.lookup(context, i18n.MESSAGES[context], lang)
        found.append((context, english, text))
    return found
