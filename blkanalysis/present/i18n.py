"""The catalogue: every heading, sentence, label and chart text, in English and Bahasa Indonesia.

One table for the whole project (notebooks, charts, reports, explorer), so a translation is never
scattered through notebooks. :func:`t` looks a message up and fills it in; :func:`label` names a
column, programme, basis or code. Numbers are formatted by Babel's ``id_ID`` locale in both
languages (they are rupiah), so the catalogue only carries words.

English lives here (MESSAGES, LABELS; the runner's words in blkanalysis.reports.labels). Every
other language lives only in a gettext catalogue, ``locale/<lang>/LC_MESSAGES/blkanalysis.po``,
read directly with Babel: msgctxt is the key (``label.<name>`` for a label, ``runner.<key>`` for
a runner word), msgid the English text, msgstr the translation. A translation is used only while
its msgid is the English in the code (pgettext). To add a text: write its English here, run
``make messages`` (``python -m blkanalysis.cli.i18n_tools messages``), translate it in the .po.
An entry written the old way, ``"key": {"en": ..., "id": ...}``, still works until
``python -m blkanalysis.cli.i18n_tools migrate`` moves its Indonesian into the .po (a test insists).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from blkanalysis import paths

LANGS = ("en", "id")

MESSAGES: dict[str, str] = {
    # --- common ---------------------------------------------------------------------------------
    # --- findings first (blkanalysis.present.findings) -------------------------------------
    "findings.title": "Findings",
    "finding.baseline.changes": "**What this scenario changes** against the baseline: {moved}.",
    "finding.baseline.absent": "none",
    "finding.baseline.moved": "{what}, **{base}** in the baseline, **{here}** here",
    "finding.baseline.same": (
        "**What this scenario changes:** none of this report's key figures moves from the "
        "baseline's; what it changes is elsewhere (see the other reports of this scenario)."
    ),
    "delivery.progress_remark": "a progress remark, not money spent",
    "finding.scaling.setting": " (the observed cost times {m}, this scenario's setting)",
    "chart.implied.basis": "what the targets imply, priced by the model (not money)",
    "chart.intensity.reference": "{period} level (real), the base of the multiples",
    "basis_noun.realised": "realised spending",
    "basis_noun.allocated": "allocation",
    "basis_noun.estimated_need": "estimated need",
    "basis_noun.target": "target",
    "reading_noun.built": "count of units built",
    "reading_noun.cumulative": "running total",
    "findings.see": "table:",
    "findings.legend": (
        "Linked numbers lead to the row of the Sources table, at the end of this report, of "
        "the figure they rest on; a number resting on several figures is followed by all "
        "their numbers (No.) there, in brackets, and the Sources column of a table lists them "
        "for each row. "
        "Numbers without a link are not figures a source states: parameters of the scenario, "
        "counts of the registry's own records, or results of the model."
    ),
    "finding.intensity.no_jump": (
        "Only one BLK transformation budget is counted on the bases of this scenario ({bases}), "
        "so there is no change in intensity to measure."
    ),
    "finding.intensity.jump": (
        "Per BLK-year, the BLK transformation's {b1} went from **{per1}** ({p1}) to **{per3}** "
        "({p3}): **{multiple}** in real terms at {base_year} prices."
    ),
    "finding.intensity.jump_unlike": (
        "Per BLK-year, the BLK transformation's {p3} {b3} (**{per3}**) is **{multiple}** its "
        "{p1} {b1} (**{per1}**), in real terms at {base_year} prices. The two are not of the "
        "same kind ({b1} against {b3}; a plan is not money spent), so the multiple shows how "
        "far apart they are, not a trend in spending."
    ),
    "finding.intensity.range": (
        "The {p2} {b2} of {total2} for {u2} BLK comes to between **{low}** and **{high}** per "
        "BLK: the sources do not say how much of it still went to the {k} BLK whose work "
        "began earlier, so both readings are shown."
    ),
    "finding.intensity.context": (
        "Had it been funded and spent evenly over its years (this scenario's spread), the {p3} "
        "{b3} would put about **{peak}** into {year}: **{share}** of Kemnaker's whole budget "
        "that year ({kemnaker}, {kbasis}), for {units} BLK alone."
    ),
    "finding.intensity.per_trainee": (
        "Kemnaker's vocational budgets come to **{low}** to **{high}** per trainee all in "
        "({first} to {last}, {base_year} prices); where a year states what went to building BLK "
        "Komunitas ({split_years}), training alone comes to **{training}**. Both sides are "
        "plans: a budget allocated at the start of the year over that year's training target."
        "{comparator}"
    ),
    "finding.intensity.prakerja": (
        " {program}, a different design, spent **{per}** per participant ({period})."
    ),
    "finding.scaling.cost": (
        "A what-if, not a plan: multiplying all the {year} targets by {m} implies about "
        "**{total}** ({base_year} prices). "
        "**{share}** of it is the trainee line, priced at {per_trainee} per trainee{setting}: a "
        "cost we chose (vocational budgets over their training targets, less construction where "
        "a year states it; an upper bound, since those budgets also pay for certification, "
        "apprenticeships and running costs), not a figure anyone "
        "announced, so most of this total is the model's assumption. The incubators, of which "
        '"berkali lipat" was said, are not costed: no source states a cost per incubator.'
    ),
    "finding.scaling.cost_no_trainees": (
        "Multiplying the {year} targets by {m} implies about **{total}** ({base_year} prices) "
        'for the lines the registry can price. The incubators, of which "berkali lipat" was '
        "said, are not costed: no source states a cost per incubator."
    ),
    "finding.scaling.trainees": (
        "The target of **{trainees}** more trainees means **{wide} a year** per BLK Komunitas if "
        "all {stock} standing train them, about the stated capacity of **{capacity}** per unit "
        "(a capacity stated up to the end of {cap_period}, which may count more than one "
        "year); "
        "if only the {units} new units do, **{new}** each over their construction, which is not "
        "a yearly figure. The sources do not say which is meant."
    ),
    "finding.scaling.stock_target": (
        "{what}: the {period} target was **{target}** new; {stock} were counted in {when}, of "
        "which {before} already stood in {before_period}, so **{new}** are new since the target."
    ),
    "kf.peak_share": "Busiest year of the last envelope, share of Kemnaker's budget",
    "kf.trainees_per_blkk_year": "Trainees per BLK Komunitas a year (whole network)",
    "finding.overview.registry": (
        "The registry holds **{figures}** figures ({leads} of them grade C leads, shown for "
        "reference only) from **{sources}** source documents; for **{conflicting}** "
        "quantities the sources give different values, and the analysis uses the preferred one "
        "of each."
    ),
    "finding.overview.blkk": (
        "**{total}** BLK Komunitas were built from {first} to {year}. Where a year's count of "
        "units built and its running total disagree (in {conflicts} of the {years} years), "
        "this scenario trusts the {reading}."
    ),
    "finding.overview.targets": (
        "Each year's BLK Komunitas target from {first} to {last} was met to between **{low}** "
        "and **{high}** (the lowest in {worst})."
    ),
    "finding.delivery.announced": (
        "{what}: **{delivered}** new by {year} against the **{reference}** announced for "
        "{ref_year}: **{multiple}** the target."
    ),
    "finding.delivery.previous": (
        "{what}: **{delivered}** in {year} against **{reference}** in {ref_year}: **{multiple}** "
        "the year before, {verdict}."
    ),
    "finding.delivery.many": "many times more",
    "finding.delivery.not": "not many times more",
    "finding.delivery.spent": "{what}: the registry holds money spent only for {spent}.",
    "finding.delivery.unreported": (
        "For the {year} {basis} of {announced} it holds no realisation."
    ),
    "finding.delivery.progress": (
        "Of the {year} {basis} of {announced}, the only later word is a DPR member's remark in "
        "{period} that progress was **{progress}**: a remark in a hearing, not an audited figure."
    ),
    "yes": "yes",
    "no": "no",
    "parameters.title": "Appendix: the parameters of this run",
    "parameters.intro": (
        "Scenario **{scenario}**. Every number below follows from these parameters and the "
        "figures registry; the parameters were checked before anything was computed."
    ),
    "sources.title": "Sources",
    "sources.note": (
        "{n} registry figures from {sources} source documents were used above. Grade A: "
        "major national outlet quoting a named official; B: smaller outlet, press-release reprint "
        "or government clipping; C: blog or undated document, a lead only."
    ),
    "sources.cpi": (
        "Real terms use Indonesia's CPI inflation (BPS, December year-on-year), chained "
        "across the index's rebasings, as reported for the years below."
    ),
    "sources.undated": "not shown",
    "sources.no_url": "address not recorded",
    "sources.no_quote": "wording not recorded",
    "sources.as_recorded": "{value} (wording not recorded)",
    "sources.no_quote_note": (
        "For {n} of these figures the source's own wording was not recorded, only the value: "
        'they show the value in this report\'s notation, marked "wording not recorded"; check '
        "them at the source's address."
    ),
    "chart.alt": "Chart: {title}",
    "chart.source": "Source: {sources}.",
    "chart.source_registry": (
        "Source: blkanalysis figures registry ({n} figures from {sources} documents)."
    ),
    "chart.cpi": "Prices: CPI (BPS), as reported in the press.",
    "chart.no_data": (
        "No figure in this scenario for this chart: its parameters leave nothing to draw, so no "
        "chart is shown."
    ),
    "table.no_data": (
        "No figure in this scenario for this table: its parameters leave it empty (see the "
        "parameters above)."
    ),
    "text.no_data": (
        "No figure in this scenario for this point: its parameters leave nothing to compare."
    ),
    "chart.year": "Year",
    "chart.nominal": "Nominal",
    "chart.real": "Real ({base_year} prices)",
    "chart.multiplier": "Multiplier of the targets",
    # --- parameters --------------------------------------------------------------------------
    "param.multipliers": 'the "berkali lipat" multipliers applied to the targets',
    "param.target_year": "year of the stated targets that are scaled",
    "param.base_year": "price base year for real terms",
    "param.price_point": "CPI price point: december (BPS December level) or midyear",
    "param.plan_prices": "a plan's prices: the year it was stated, or the years it covers",
    "param.bases": "budget bases counted (realised, allocated, estimated need)",
    "param.envelope_first_year_share": (
        "share of a multi-year envelope spent in its first year (null: even)"
    ),
    "param.carryover_units": (
        "BLK in a budget that continue earlier construction (null: the most possible)"
    ),
    "param.carryover_cost_share": "share of a full BLK's cost a continued BLK still needs",
    "param.unit_cost_multiplier": "multiplies every observed unit cost",
    "param.blkk_unit_cost_year": "year of the observed cost per BLK Komunitas",
    "param.trainee_cost_year": "year of the observed cost per trainee (null: mean of all years)",
    "param.blkk_reading": (
        "when a year's BLK Komunitas built and running total disagree, trust: built or cumulative"
    ),
    "param.include_leads": "also use grade C leads as inputs",
    "param.lang": "report language (en or id)",
    # --- parameter values shown to readers: "value.<parameter>.<value>" (or "value.<value>"
    # for any parameter). The English is the value as written in a scenario file, so English
    # reports show the file's words; param_value() looks these up.
    "value.null": "null",
    "value.true": "true",
    "value.false": "false",
    "value.price_point.december": "december",
    "value.price_point.midyear": "midyear",
    "value.plan_prices.statement": "statement",
    "value.plan_prices.period": "period",
    "value.bases.realised": "realised",
    "value.bases.allocated": "allocated",
    "value.bases.estimated_need": "estimated_need",
    "value.envelope_first_year_share.null": "null",
    "value.carryover_units.null": "null",
    "value.trainee_cost_year.null": "null",
    "value.blkk_reading.built": "built",
    "value.blkk_reading.cumulative": "cumulative",
    "value.lang.en": "en",
    "value.lang.id": "id",
    # --- 01 overview ----------------------------------------------------------------------------
    "overview.title": "BLK figures: what is known, from whom, how reliable",
    "overview.intro": (
        "Budgets and targets for Indonesia's vocational training centres (BLK) and community "
        "training centres (BLK Komunitas) are announced in speeches and reported by the press. "
        "This report lists what the registry holds, who stated it, how far each source can be "
        "trusted, and where sources disagree."
    ),
    "overview.registry": "The registry",
    "overview.summary": (
        "The registry holds **{figures}** figures from **{sources}** source documents "
        "(grades: {grades}). **{quantities}** distinct quantities are stated; **{corroborated}** "
        "are stated by more than one source and **{conflicting}** of those disagree. Grade C "
        "leads ({leads} figures) are kept apart and not used unless a scenario asks for them; "
        "counting them, as the findings and the table of disagreements below do, the registry "
        "holds {all_figures} figures from {all_sources} documents, and {all_conflicting} "
        "quantities disagree."
    ),
    "overview.by_program": "Figures by programme and basis",
    "overview.timeline": "BLK Komunitas built per year and in total",
    "overview.timeline_text": (
        "From {first} to {last}, **{total}** BLK Komunitas were built. {derived} of the "
        "yearly counts are derived from differences of stated totals, not stated themselves. "
        "In the year closest to its target the count differed from it by {closest} units, in "
        "the furthest by {widest}."
    ),
    "overview.timeline_conflict": (
        "In **{year}** the sources disagree: the count built that year and the stated "
        "running total cannot both hold. This report trusts the **{reading}** reading "
        "(parameter `blkk_reading`), which gives {built} built in {year} and {cumulative} in "
        "total; the other reading gives {other_built} and {other_cumulative}."
    ),
    "overview.conflicts": "Where sources disagree",
    "overview.conflicts_text": (
        "Each row is a figure for a quantity that another source states differently. The "
        "preferred figure is the one the analysis uses; the notes say why."
    ),
    "overview.sources": "Source documents by reliability",
    "overview.achievement": "Targets against what was achieved",
    "kf.figures": "Figures in the registry",
    "kf.sources": "Source documents",
    "kf.conflicts": "Quantities in conflict",
    "kf.blkk_total": "BLK Komunitas built (latest total)",
    # --- 02 intensity ---------------------------------------------------------------------------
    "intensity.title": "Budget intensity: rupiah per BLK, per BLK-year and per trainee",
    "intensity.intro": (
        "How much money each announced budget puts into one BLK, one BLK for one year, "
        "or one trainee, in nominal rupiah and in real terms. Budgets differ in basis (realised, "
        "allocated, estimated need): a comparison across bases is flagged, never hidden."
    ),
    "intensity.per_blk": "Rupiah per BLK",
    "intensity.headline": (
        "{stated1}: **{per1}** per BLK. {stated3}: **{per3}** per BLK, or "
        "**{peryear3}** per BLK-year, **{multiple}** the {p1} figure per BLK-year "
        "(**{multiple_real}** in real terms at {base_year} prices). {caveat}"
    ),
    "intensity.stated.realised": (
        "In **{p}** Kemnaker spent a budget reported as **{total}** on {u} BLK"
    ),
    "intensity.stated.allocated": (
        "For **{p}** Kemnaker allocated a budget reported as **{total}** to {u} BLK"
    ),
    "intensity.stated.estimated_need": (
        "For **{p}** Kemnaker estimated a need reported as **{total}** for {u} BLK"
    ),
    "intensity.caveat.mixed": (
        "This sets {b1} beside {b3}: a plan is not money spent, so the multiple is not a rate "
        "of growth."
    ),
    "intensity.caveat.same": "Both are {b1}: **{cagr}** a year.",
    "intensity.range": (
        "The **{p2}** allocation of **{total2}** covers {u2} BLK, of which up to {k} "
        "continue construction begun in {p1}. Per BLK it is between **{low}** (every BLK counted "
        "as new) and **{high}** (the continued BLK needing nothing more); with each continued BLK "
        "needing {share} of a new one's cost, **{point}**."
    ),
    "intensity.only_one": (
        "This scenario counts only {bases} budgets, so there is no second period to compare with."
    ),
    "intensity.chart_head": "Rupiah per BLK-year, nominal and real",
    "intensity.growth": "How fast intensity grew",
    "intensity.growth_text": (
        "Multiples and compound annual growth of real rupiah per BLK-year between periods "
        "(years counted between the periods' midpoints). Low and high use the ranges above."
    ),
    "intensity.by_year": "Multi-year envelopes spread over their years",
    "intensity.context": "What the jump means",
    "intensity.context_text": (
        "Spent at the scenario's pace, the {p3} need puts **{peak}** into the busiest "
        "year. Against Kemnaker's whole budget that year ({kemnaker}, {kbasis}), that is "
        "**{share}**: one programme for {u3} BLK would take that share of the ministry's "
        "money."
    ),
    "flag.used": "**Flagged figure:** {publisher}'s figure for {period}: {flag}.",
    "flag.parts_do_not_add_up": (
        "the source's parts do not add up to its totals, so the figure may be wrong"
    ),
    "intensity.per_trainee": "Rupiah per trainee",
    "intensity.per_trainee_text": (
        "Kemnaker's vocational budgets per trainee, where the same article states both, all "
        "in: from **{low}** ({low_year}) to **{high}** ({high_year}) in {base_year} prices. "
        "Both sides are plans: a budget allocated at the start of the year over that year's "
        "training target."
    ),
    "intensity.per_trainee_split": (
        "The {period} budget of {total} included {capital} for building BLK Komunitas. Without "
        "it, training alone comes to **{training}** per trainee, against **{all_in}** all in. The "
        "implied budgets price a trainee at training alone where a year allows it, since "
        "building BLK Komunitas is priced on its own line: construction is counted once."
    ),
    "intensity.per_trainee_unsplit": (
        "For {years} no source says how much of the vocational budget went to building: the "
        "cost per trainee of those years is all in, and may include construction."
    ),
    "intensity.per_trainee_comparator": (
        "Beside it, {program} spent {total} on {trainees} participants ({period}, {basis}, "
        "grade {grade}): **{per}** per participant in the same prices."
    ),
    "intensity.per_trainee_caution": (
        "Kartu Prakerja is a different design, run outside Kemnaker: mostly online short courses "
        "with a cash incentive, where a BLK course is longer, in person and uses the centre's "
        "equipment. The comparison is one of programme designs, not of efficiency."
    ),
    "kf.per_blk_year_first": "Per BLK-year, first period",
    "kf.per_blk_year_last": "Per BLK-year, last period",
    "kf.multiple_real": "BLK transformation per BLK-year, last budget over first (real)",
    # --- 03 scaling -----------------------------------------------------------------------------
    "scaling.title": 'Target scaling: what "berkali lipat" would take',
    "scaling.intro": (
        'The Minister hoped the next incubator target would be "berkali lipat", many times '
        "larger. This report is a what-if: it multiplies the year's stated targets (all of "
        "them, not only the incubators) and prices them at the observed unit costs, to show the "
        "units, budgets and capacity each multiple would imply. None of it is a plan."
    ),
    "scaling.targets": "The stated targets",
    "scaling.scaled": "Targets multiplied",
    "scaling.budget_text": (
        "At ×{m}, the targets imply **{units}** new BLK Komunitas and **{trainees}** more "
        "trainees, costing **{budget}** at {base_year} prices ({blkk_cost} per BLK Komunitas, "
        "{trainee_cost} per trainee), and **{incubators}** incubators: **{share}** of the "
        "{stock} BLK Komunitas standing at the end of {year}."
    ),
    "scaling.implied": "Implied budgets",
    "scaling.outside_total": (
        "The total is the sum of the columns before it. Shown after the total and not added to "
        "it: {columns}, which states the same construction already counted before the total, so "
        "that the building is counted once."
    ),
    "table.outside_total": "{name} (not in the total: counted once)",
    "scaling.trainees": "Trainees per BLK Komunitas",
    "scaling.trainees_text": (
        "The registry does not say whether the **{trainees}** added trainees are to come from "
        "the {agreements} new BLK Komunitas alone or from the whole network, so both readings "
        "are shown: **{low} to {high}** trainees per BLK Komunitas. Read as coming from the new "
        "units alone, they make **{per_new}** trainees per new BLK Komunitas, {new_compared} "
        "Read as network-wide, over the {stock} BLK Komunitas standing at the end of the target "
        "year, they make **{per_stock}** a year per BLK Komunitas, {stock_compared} An earlier "
        "statement (a grade C lead, shown for reference only) gave **{stated}** a year."
    ),
    "scaling.trainees_ratio": "**{ratio}** the stated capacity of {capacity} a year.",
    "scaling.trainees_not_yearly": (
        "a figure for the whole construction, not for a year, so it is not set against the "
        "yearly capacity."
    ),
    "scaling.trainees_unlike": (
        "spread over other units than the capacity, so it is not set against it."
    ),
    "scaling.achievement": "Targets against what was later achieved",
    "scaling.achievement_text": (
        "The incubator target of {target} for {period} {verdict}: by {when}, {stock} incubators "
        "were counted, but {before} of them were already counted in {before_period}, so "
        "**{achieved}** are new since the target. Multiplied by {m}, it would need **{gap}** more."
    ),
    "scaling.achievement_unknown": (
        "By {when}, {stock} incubators were counted against the target of {target} for {period}, "
        "but no count at or before {period} says how many stood already, so how many are new "
        "since the target is not known."
    ),
    "verdict.met": "was met",
    "verdict.exceeded": "was exceeded",
    "verdict.short": "was not met",
    "scaling.sensitivity": "Sensitivity: multiplier and unit cost",
    "scaling.sensitivity_text": (
        "The implied total budget (real) for every combination of multiplier and unit-cost "
        "multiplier, computed at once by the vectorised sweep."
    ),
    "kf.implied_budget_max": "What-if: all targets multiplied, priced by the model",
    "kf.trainees_per_blkk": "Trainees per BLK Komunitas (both readings of the target)",
    # --- explorer -------------------------------------------------------------------------------
    "explore.title": "What-if explorer: move a slider, the tables and charts follow",
    "explore.even": "even",
    "explore.most": "most",
    "explore.saved": "Saved {path}: run it with blk report --scenario {path}",
    # --- charts ---------------------------------------------------------------------------------
    "chart.figures_by_program.title": "Registry figures by programme and basis",
    "chart.figures_by_program.x": "Number of figures",
    "chart.timeline.title": "BLK Komunitas built per year and in total",
    "chart.timeline.built": "Built in the year",
    "chart.timeline.target": "Target for the year",
    "chart.timeline.cumulative": "Running total",
    "chart.timeline.y_built": "Built in the year",
    "chart.timeline.y_cumulative": "Running total",
    "chart.timeline.note": "Hatched bars are derived from differences of stated totals.",
    "chart.intensity.title": "BLK transformation: rupiah per BLK-year",
    "chart.intensity.y": "Rupiah per BLK-year",
    "chart.intensity.note": "Whiskers: the range when some BLK continue earlier construction.",
    "chart.per_trainee.title": "Cost per trainee, in {base_year} prices",
    "chart.per_trainee.y": "Rupiah per trainee",
    "chart.per_trainee.all_in": "All in",
    "chart.per_trainee.training": "Training alone",
    "chart.per_trainee.comparator": "Another programme (a different design)",
    "chart.implied.title": "Budget implied by the multiplied targets (real)",
    "chart.implied.y": "Implied budget",
    "chart.sensitivity.title": "Implied total budget by multiplier and unit cost",
    "chart.sensitivity.y": "Unit cost multiplier",
    "chart.sensitivity.cbar": "Rupiah (triliun)",
}

LABELS: dict[str, str] = {
    "progress_remark": "Progress remark (not money)",
    "kartu_prakerja": "Kartu Prakerja",
    "capital_idr": "Of which building BLK Komunitas",
    "idr_per_trainee_training": "Per trainee, training alone",
    "idr_per_trainee_training_real": "Per trainee, training alone (real)",
    "persons": "persons",
    "institutions": "institutions",
    # programmes
    "blk_transformation": "BLK transformation",
    "blk_komunitas": "BLK Komunitas",
    "incubators": "Incubators",
    "training": "Training",
    "government_blk": "Government BLK",
    "kemnaker_budget": "Kemnaker budget",
    "vocational_budget": "Vocational budget",
    "total": "Total",
    # bases
    "basis": "Basis",
    "realised": "realised",
    "allocated": "allocated",
    "estimated_need": "estimated need",
    "target": "target",
    "count": "count",
    "capacity": "capacity",
    # targets
    "trainees": "Added trainees",
    "blkk_agreements": "BLK Komunitas agreements",
    "blkk_yearly": "BLK Komunitas yearly target",
    "blkk_built": "BLK Komunitas built",
    "implied_by_targets": "Implied by the targets, new units only",
    "stated_capacity": "Stated training capacity",
    "stated": "Stated per-unit target (lead)",
    # columns
    "program": "Programme",
    "id": "Figure",
    "used_in": "Used in",
    "ref": "No.",
    "source_figures": "Sources",
    "period": "Period",
    "year": "Year",
    "value": "Value",
    "unit": "Unit",
    "parameter": "Parameter",
    "meaning": "Meaning",
    "as_stated": "As stated",
    "quote": "Quote",
    "speaker": "Speaker",
    "publisher": "Publisher",
    "published": "Published",
    "reliability": "Grade",
    "url": "Address",
    "figures": "Figures",
    "source_id": "Source",
    "quantity": "Quantity",
    "preferred": "Preferred",
    "notes": "Notes",
    "registry_notes": "Registry notes",
    "flag": "Flag",
    "total_idr": "Budget",
    "units": "BLK covered",
    "idr_per_unit": "Per BLK",
    "idr_per_unit_low": "Per BLK (low)",
    "idr_per_unit_high": "Per BLK (high)",
    "idr_per_unit_year": "Per BLK-year",
    "idr_per_unit_year_real": "Per BLK-year (real)",
    "idr_per_unit_year_real_low": "Real, low",
    "idr_per_unit_year_real_high": "Real, high",
    "idr_per_unit_year_peak": "Peak year, per BLK",
    "trainees_count": "Trainees",
    "idr_per_trainee": "Per trainee, all in",
    "idr_per_trainee_real": "Per trainee, all in (real)",
    "from_period": "From",
    "to_period": "To",
    "comparison": "Bases compared",
    "mixed_basis": "Mixed bases",
    "multiple": "Multiple",
    "multiple_low": "Multiple (low)",
    "multiple_high": "Multiple (high)",
    "years_between": "Years",
    "cagr": "Growth a year",
    "weight": "Share of envelope",
    "idr": "Rupiah",
    "idr_real": "Rupiah (real)",
    "built": "Built",
    "cumulative": "Running total",
    "built_derived": "Built derived",
    "conflict": "Sources disagree",
    "target_value": "Target",
    "target_initial": "Initial target",
    "base_value": "Target as stated",
    "multiplier": "Multiplier",
    "implied_value": "Implied units",
    "unit_cost_real": "Unit cost (real)",
    "implied_budget_real": "Implied budget (real)",
    "implied_blkk_stock": "BLK Komunitas stock",
    "share_of_blkk_stock": "Share of BLK Komunitas",
    "achieved": "Achieved (new since the target)",
    "achieved_id": "Achieved: figures",
    "achieved_stock": "Stock counted after the target",
    "achieved_stock_id": "Stock counted: figure",
    "achieved_before": "Stock counted by the target year",
    "achieved_before_id": "Counted by the target year: figure",
    "achieved_share": "Achieved / target",
    "gap": "Gap",
    "measure": "Measure",
    "achieved_derived": "Derived",
    "reference": "Reference",
    "trainees_per_blkk": "Trainees per BLK Komunitas",
    "per_year": "Per year",
    "spread_over": "Spread over",
    "new_units": "new units",
    "stock": "all units standing",
    "compare_with": "Set against",
    "ratio": "Ratio (like for like)",
    "implied_network_wide": "Implied by the targets, network-wide",
    "lead": "Lead (grade C)",
    "target_label": "Target",
    "idr_per_unit_real": "Per BLK (real)",
    "achieved_period": "Achieved in",
    "numerator_id": "Numerator",
    "denominator_id": "Denominator",
    "inflation": "CPI inflation (Dec y-o-y)",
    "sources": "Reported by",
    "urls": "Addresses",
}


class MissingTranslation(KeyError):
    pass


#: the gettext catalogues: ``locale/<lang>/LC_MESSAGES/blkanalysis.po``, and the template
#: ``locale/blkanalysis.pot`` that ``python -m blkanalysis.cli.i18n_tools messages`` writes
LOCALE_DIR = paths.PACKAGE_DIR / "locale"
DOMAIN = "blkanalysis"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> dict[str, tuple[str, str]]:
    """``lang``'s catalogue: message context -> (English msgid, translation), for the entries
    that are translated and not fuzzy (gettext would not use the others either)."""
    from babel.messages.pofile import read_po

    path = po_path(lang)
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        catalog = read_po(f, abort_invalid=True)
    return {
        m.context: (m.id, m.string)
        for m in catalog
        if m.id and m.context and m.string and not m.fuzzy
    }


def translate(context: str, english: str, lang: str) -> str | None:
    """``pgettext(context, english)`` in ``lang``: None unless the catalogue translates this
    context *and* this English text (a changed English text waits for its translator)."""
    if lang == "en":
        return english
    found = translations(lang).get(context)
    return found[1] if found is not None and found[0] == english else None


def english_text(entry: str | dict[str, str]) -> str:
    return entry["en"] if isinstance(entry, dict) else entry


def lookup(context: str, entry: str | dict[str, str], lang: str) -> str | None:
    # an entry still written {"en": ..., "id": ...} (added in the old format, not yet moved
    # into the .po by `python -m blkanalysis.cli.i18n_tools migrate`) is read as it stands; a test
    # fails until it is migrated
    if isinstance(entry, dict) and lang in entry:
        return entry[lang]
    return translate(context, english_text(entry), lang)


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The message ``key`` in ``lang``, filled with ``values``."""
    try:
        entry = MESSAGES[key]
    except KeyError:
        raise MissingTranslation(f"no message {key!r} in the catalogue") from None
    text = lookup(key, entry, lang) if lang in LANGS else None
    if text is None:
        raise MissingTranslation(f"message {key!r} has no {lang!r} text")
    return text.format(**values) if values else text


def label(name: str, lang: str = "en") -> str:
    """A reader's name for a column, programme, basis or code (the code itself if unknown)."""
    entry = LABELS.get(name)
    if entry is None and name.endswith(".outside_total"):  # a column shown apart from a total
        return t("table.outside_total", lang, name=label(name.removesuffix(".outside_total"), lang))
    if entry is None:
        return name
    return lookup(f"label.{name}", entry, lang) or english_text(entry)


def param_value(name: str, value: Any, lang: str = "en") -> str:
    """A parameter's value for a reader: in English as written in a scenario file (null, true,
    1.5, a, b); in other languages the catalogue's words for it ("value.<name>.<value>", then
    "value.<value>"). Numbers are shown as written."""
    if isinstance(value, list | tuple):
        return ", ".join(param_value(name, v, lang) for v in value)
    if value is None:
        code = "null"
    elif isinstance(value, bool):
        code = "true" if value else "false"
    elif isinstance(value, float):
        code = f"{value:g}"
    else:
        code = str(value)
    for key in (f"value.{name}.{code}", f"value.{code}"):
        if key in MESSAGES:
            return t(key, lang)
    return code


#: report notebooks (file stems) and the catalogue name of each (its title is "<name>.title")
NOTEBOOKS: dict[str, str] = {
    "01_figures_overview": "overview",
    "02_budget_intensity": "intensity",
    "03_target_scaling": "scaling",
}


# --- scenario parameters -------------------------------------------------------------------
# The English label and help of a parameter are its declaration's
# (blkanalysis/model/parameters.py); the other languages' are in the gettext catalogue, under
# the contexts "param.<name>.label" and "param.<name>.help".


def param_label(name: str, lang: str = "en") -> str:
    """A parameter's label for a reader: the declaration's (English) or the catalogue's."""
    return param_text(name, "label", lang)


def param_help(name: str, lang: str = "en") -> str:
    """What a parameter means, for a reader: the declaration's (English) or the catalogue's."""
    return param_text(name, "help", lang)


def param_text(name: str, part: str, lang: str) -> str:
    """A declared parameter's ``label`` or ``help`` in ``lang``."""
    from blkanalysis.model.parameters import BY_NAME

    declared = BY_NAME.get(name)
    if declared is None:
        raise MissingTranslation(f"no parameter {name!r} is declared")
    english = getattr(declared, part)
    text = translate(f"param.{name}.{part}", english, lang)
    if text is None:
        raise MissingTranslation(f"parameter {name!r} has no {lang!r} {part}")
    return text


def parameter_texts() -> list[tuple[str, str]]:
    """(context, English) of every declared parameter's label and help, in declaration order."""
    from blkanalysis.model.parameters import PARAMETERS

    return [
        (f"param.{p.name}.{part}", getattr(p, part))
        for p in PARAMETERS
        for part in ("label", "help")
    ]


# --- 04 plan vs delivery (kept together here, apart from the other notebooks' texts) ---------
MESSAGES.update(
    {
        "delivery.title": "Plan vs delivery: what was announced, what was reported",
        "delivery.intro": (
            "Each target and budget announced for BLK and BLK Komunitas, set beside what was "
            "later reported for it. Every number comes from the registry with its basis "
            "(target, allocated, realised, capacity, count) and its source (listed at the end). "
            "The comparison does not depend on the scenario: this report is made once per "
            "language."
        ),
        "delivery.verdict": 'Did "berkali lipat" happen?',
        "delivery.verdict_no": (
            "**No, as far as the registry shows.** The Minister hoped the next targets would be "
            '"berkali lipat", many times larger. The registry holds no later targets to set '
            "against the earlier ones, so that hope cannot be tested directly; what was "
            "delivered afterwards did not grow many times:"
        ),
        "delivery.verdict_yes": (
            '**Yes.** What was reported afterwards is many times ("berkali lipat") more:'
        ),
        "delivery.verdict_unknown": "Nothing reported yet allows an answer.",
        "delivery.verdict_announced": (
            "{what}: **{delivered}** new by {year} against the **{reference}** announced for "
            "{ref_year}: **{multiple}**."
        ),
        "delivery.verdict_previous": (
            "{what}: **{delivered}** in {year} against **{reference}** in {ref_year}: "
            "**{multiple}**."
        ),
        "delivery.table": "Announced and reported, side by side",
        "delivery.table_text": (
            "One row per announcement and per figure reported for it. Ratio: what was reported "
            "(for a count of units standing, the units new since the last count before the "
            "announcement) as a share of what was announced, where both are in the same unit."
        ),
        "delivery.by_role": "What each announcement became",
        "delivery.row_ratio": (
            "{year}: **{announced}** ({basis}); reported for {period}: **{reported}** "
            "({rbasis}, grade {grade}), **{ratio}** of the announced."
        ),
        "delivery.row_stock": (
            "{year}: **{announced}** ({basis}); counted in {period}: **{reported}** "
            "({rbasis}, grade {grade}), of which **{new}** new since the {earlier} counted "
            "before: **{ratio}** the announced."
        ),
        "delivery.row_share_of_reported": (
            "{year}: **{announced}** ({basis}) against **{reported}** ({rbasis} for {period}, "
            "grade {grade}): the announced uses **{ratio}** of it."
        ),
        "delivery.row_other": (
            "{year}: **{announced}** ({basis}); reported for {period}: **{reported}** "
            "({rbasis}, grade {grade})."
        ),
        "delivery.row_unannounced": (
            "{period}: **{reported}** ({rbasis}, grade {grade}); no announcement in the registry."
        ),
        "delivery.row_unreported": (
            "{year}: **{announced}** ({basis}); the registry holds no realisation."
        ),
        "delivery.derived": "(Derived from the running totals.)",
        "delivery.lead": "(A grade C lead: shown, not used in the answer above.)",
        "delivery.key.blkk_built": "BLK Komunitas built, latest year vs the year before",
        "delivery.key.incubators": "New incubators vs target",
        "delivery.note.kemnaker_budget": (
            "Caution: the realised spending of those years includes the BSU wage subsidy "
            "(bantuan subsidi upah), added to the ministry's budget during the year from the "
            "national economic recovery programme (PEN), so realised and first-announced budgets "
            "of those years are not like for like (see the source's notes)."
        ),
        "delivery.note.trainees_capacity": (
            "The capacities were stated for other years and other institutions than the target: "
            "each is set beside it on its own, never added up; a capacity is an upper bound on "
            "what the centres can train, not a count of trainees."
        ),
        "delivery.chart.title": "Reported as a share of what was announced",
        "delivery.chart.x": "Reported / announced",
        "delivery.chart.announced": "As announced (100%)",
    }
)
LABELS.update(
    {
        "blkk_built": "BLK Komunitas built",
        "announcement": "Announced quantity",
        "trainees_capacity": "Trainees target against training capacity",
        "blkk_capacity_used": "BLK Komunitas training target against their capacity",
        "announced_value": "Announced",
        "announced_basis": "Basis announced",
        "reported_period": "Reported for",
        "reported_value": "Reported",
        "reported_basis": "Basis reported",
        "new_value": "New since the last count",
        "reported_ratio": "Reported / announced",
        "derived": "Derived",
    }
)
NOTEBOOKS["04_plan_vs_delivery"] = "delivery"


# --- 05 sensitivity (kept together here, apart from the other notebooks' texts) --------------
MESSAGES.update(
    {
        "sensitivity.title": "Which assumption drives each conclusion",
        "sensitivity.intro": (
            "Every headline of these reports rests on assumptions. Two kinds are tested here. "
            "The continuous parameters (the multiplier of the targets, the unit cost "
            "multiplier, how a multi-year envelope is spread, what a continued BLK still "
            "costs) are varied together over their plausible ranges, each uniform and "
            "independent of the others: the Sobol indices say how much of a headline's "
            "variation each explains. The readings the sources leave open (the CPI convention, "
            "how many BLK continue earlier construction, which year's unit costs, what the "
            "added-trainees target is spread over, and which of two sources that disagree is "
            "read) are tried in every combination: the range says how far they move each "
            "headline, and which readings give its ends. Where one value is shown, the "
            "multiplier is the scenario's largest. The analysis is made around the baseline "
            "scenario's values, once per language, not once per scenario."
        ),
        "sensitivity.findings": "What moves each headline",
        "sensitivity.sentence": "**{headline}** ({base}): {drivers}; {readings}",
        "sensitivity.driver": (
            "over the plausible ranges it spans {low} to {high}, and {parameter} explains about "
            "{share} of that variation"
        ),
        "sensitivity.driver_second": ", {parameter} about {share}",
        "sensitivity.interactions": ", and their interactions about {share}",
        "sensitivity.no_driver": "no continuous parameter moves it",
        "sensitivity.driver_flat": (
            "over the plausible ranges it stays at {value} at the precision shown"
        ),
        "sensitivity.readings_same": (
            "the readings leave it at **{value}** at the precision shown."
        ),
        "sensitivity.morris_driver": (
            "over the plausible ranges it spans {low} to {high}, and {parameter} moves it most "
            "(Morris screening)"
        ),
        "sensitivity.readings_move": (
            "the readings move it between **{low}** ({low_readings}) and **{high}** "
            "({high_readings})."
        ),
        "sensitivity.readings_none": "no reading moves it.",
        "sensitivity.source_reading": "{publisher}'s {as_stated} for {what} {period}",
        "sensitivity.source_label": "Source read for {what} {period}",
        "sensitivity.spread.label": "What the added trainees are spread over",
        "sensitivity.spread.new_units": "added trainees spread over the new BLK Komunitas",
        "sensitivity.spread.stock": "added trainees spread over all BLK Komunitas standing",
        "sensitivity.ranges": "The range over the readings",
        "sensitivity.ranges_text": (
            "Each headline under the scenario's readings, and its lowest and highest value over "
            "every combination of the readings it depends on (a reading that moves it when "
            "the others are held)."
        ),
        "sensitivity.tornado": "One assumption at a time",
        "sensitivity.tornado_text": (
            "Each bar moves one continuous parameter from the low to the high end of its "
            "plausible range, the others at the scenario's values; the hatched bar is the "
            "range over the readings. A parameter that does not move the headline has no bar."
        ),
        "sensitivity.tornado.parameter": "{parameter}, from {low} to {high}",
        "sensitivity.tornado.readings": "Readings (every combination)",
        "sensitivity.tornado.low": "Parameter at the low end",
        "sensitivity.tornado.high": "Parameter at the high end",
        "sensitivity.tornado.x": "Value (line: the scenario's, {base})",
        "sensitivity.sobol": "Share of the variation each parameter explains",
        "sensitivity.sobol_text": (
            "First order: the share of a headline's variance a parameter explains alone. "
            "Total order: alone and through its interactions with the others. The whiskers "
            "are {level} bootstrap intervals. Headlines no continuous parameter moves are not "
            "drawn."
        ),
        "sensitivity.sobol.first": "First order",
        "sensitivity.sobol.total": "Total order",
        "sensitivity.sobol.x": "Share of the variance",
        "sensitivity.sobol.title": "Sobol indices over the plausible ranges",
        "sensitivity.sobol.note": "Saltelli sampling, {n} base samples.",
        "sensitivity.kf.total_range": "Implied budget at the largest multiplier, over the readings",
    }
)
LABELS.update(
    {
        "headline.per_blk_year_last": "Real rupiah per BLK-year, latest BLK transformation budget",
        "headline.per_blk_year_continuing": (
            "Real rupiah per BLK-year, budget continuing earlier construction"
        ),
        "headline.intensity_multiple": (
            "Real multiple of rupiah per BLK-year, first to latest budget"
        ),
        "headline.implied_budget_total": "Implied budget of the multiplied targets (real)",
        "headline.trainees_share": "Share of the implied budget that is trainees",
        "headline.cost_per_trainee": "Real budget per trainee",
        "headline.trainees_per_blkk": "Trainees per BLK Komunitas implied by the target",
        "headline_label": "Headline",
        "range_base": "Under the scenario",
        "range_low": "Lowest",
        "range_high": "Highest",
        "range_depends_on": "Readings that move it",
    }
)
NOTEBOOKS["05_sensitivity"] = "sensitivity"
