"""An interactive what-if explorer for JupyterLab (ipywidgets).

``blkanalysis.explore()`` shows sliders and dropdowns for the scenario parameters; every change
recomputes the intensity and scaling tables with the same library functions and chart style as
the reports and redraws them. The current settings can be saved as a scenario file that
``blk report --scenario FILE`` accepts.

The widgets can be driven from Python (``explorer.widgets["multiplier"].value = 3``), which is
how the tests check that moving a slider changes the tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from blkanalysis.atomic import atomic_write
from blkanalysis.data.inputs import Inputs
from blkanalysis.data.prices import cpi_years
from blkanalysis.errors import BlkAnalysisError
from blkanalysis.model.intensity import budget_intensity, intensity_growth
from blkanalysis.model.parameters import BY_NAME as PARAMETERS
from blkanalysis.model.parameters import Parameter
from blkanalysis.model.scaling import implied_budget_table, scale_targets, scaled_publishers
from blkanalysis.model.scenario import Scenario, load_scenario_file
from blkanalysis.model.select import inputs_of
from blkanalysis.present import views
from blkanalysis.present.i18n import label, param_help, param_label, param_value, t
from blkanalysis.present.notebook import table_html, view
from blkanalysis.present.plotting import chart_implied_budgets, chart_intensity, png_bytes

EVEN = "even"
MOST = "most"
#: the parameters the explorer shows, in order (the rest keep the scenario's values). Each
#: control's label, range or choices come from the parameter's declaration
#: (blkanalysis/parameters.py); a widget is keyed by the parameter's sweep name if it has one
#: (``multiplier``: one multiplier of ``multipliers``)
SHOWN = (
    "multipliers",
    "unit_cost_multiplier",
    "base_year",
    "price_point",
    "carryover_cost_share",
    "carryover_units",
    "envelope_first_year_share",
    "blkk_reading",
    "lang",
)
#: what null is called in a dropdown (the value chosen stands for null), by parameter
NULL_CHOICE = {"envelope_first_year_share": EVEN, "carryover_units": MOST}
_NULL_WORDS = {EVEN: "explore.even", MOST: "explore.most"}


def widget_name(p: Parameter) -> str:
    return p.sweep_as or p.name


class Explorer:
    """Widgets bound to a scenario; ``current`` holds the tables for the current settings."""

    def __init__(
        self, scenario: Scenario | None = None, figures: pd.DataFrame | Inputs | None = None
    ):
        import ipywidgets as w

        self.base = scenario or Scenario()
        # the explorer's one load (or the inputs given); every table below is computed from it
        self.inputs = inputs_of(figures)
        self.figures = self.inputs.figures_for(self.base.include_leads)
        self.current: dict[str, pd.DataFrame] = {}
        self.error: str | None = None
        self._labels_lang = self.base.lang
        self._relabelling = False
        self.widgets: dict[str, Any] = {
            widget_name(PARAMETERS[name]): self._control(PARAMETERS[name]) for name in SHOWN
        }
        self.message = w.HTML()
        self.intensity_out = w.HTML()
        self.scaling_out = w.HTML()
        self.charts = [w.Image(format="png"), w.Image(format="png")]
        self.save_path = w.Text(value="scenarios/explorer.yaml", description="save as")
        self.save_title = w.Text(value="Explorer settings", description="title")
        self.save_author = w.Text(value="", description="author")
        self.save_button = w.Button(description="save scenario")
        self.save_button.on_click(lambda _b: self._save_clicked())
        for widget in self.widgets.values():
            widget.observe(lambda _change: self._relabelling or self.update(), names="value")
        self.update()

    # ---------------------------------------------------------------------------------------

    def _control(self, p: Parameter) -> Any:
        """The widget for a declared parameter: its label, range or choices, the base value."""
        import ipywidgets as w

        kw = {
            "description": param_label(p.name, self._labels_lang),
            "tooltip": param_help(p.name, self._labels_lang),
            "style": {"description_width": "18em"},
            "layout": w.Layout(width="38em"),
        }
        value = getattr(self.base, p.name)
        if p.many:
            value = max(value)
        null = NULL_CHOICE.get(p.name)
        if p.kind == "choice" or p.kind == "bool":
            choices = list(p.choices) if p.kind == "choice" else [False, True]
            return w.Dropdown(options=self._choices(p.name, choices), value=value, **kw)
        options = self._options(p)
        if options is None:  # a continuous slider
            assert p.control is not None, f"{p.name}: declare its control to explore it"
            lo, hi, step = p.control
            return w.FloatSlider(value=value, min=lo, max=hi, step=step, **kw)
        if p.nullable:
            value = null if value is None else value
            return w.Dropdown(options=self._choices(p.name, [null, *options]), value=value, **kw)
        return w.SelectionSlider(options=options, value=value, **kw)

    def _options(self, p: Parameter) -> list[Any] | None:
        """The values offered for a parameter (None: a slider over its declared control)."""
        if p.name == "base_year":
            return list(cpi_years())  # the years the CPI series has
        if p.name == "carryover_units":
            return list(range(0, self._most_carryover() + 1))  # what the registry allows
        if p.nullable and p.control is not None:
            lo, hi, step = p.control
            n = round((hi - lo) / step)
            values = [round(lo + i * step, 10) for i in range(n + 1)]
            return [v for v in values if p.item_problem(v) is None]
        if p.kind == "int":
            lo, hi = p.plausible[0], p.plausible[-1]  # type: ignore[index]
            return list(range(int(lo), int(hi) + 1))
        return None

    def _choices(self, name: str, values: list[Any]) -> list[tuple[str, Any]]:
        """A dropdown's (reader's word, value) pairs in the current language."""
        lang = self._labels_lang
        return [
            (t(_NULL_WORDS[v], lang) if v in _NULL_WORDS else param_value(name, v, lang), v)
            for v in values
        ]

    def _relabel(self, lang: str) -> None:
        """Show the controls' labels and the dropdowns' choices in ``lang``, keeping what is
        chosen."""
        import ipywidgets as w

        self._labels_lang = lang
        self._relabelling = True
        try:
            for name in SHOWN:
                widget = self.widgets[widget_name(PARAMETERS[name])]
                widget.description = param_label(name, lang)
                widget.tooltip = param_help(name, lang)
                if isinstance(widget, w.Dropdown):
                    value = widget.value
                    widget.options = self._choices(name, [v for _, v in widget.options])
                    widget.value = value
        finally:
            self._relabelling = False

    def _most_carryover(self) -> int:
        """The most BLK any budget can carry over, as the registry says (0 if it cannot tell)."""
        try:
            table = budget_intensity(
                self.inputs, scenario=self.base.model_copy(update={"carryover_units": None})
            )
        except BlkAnalysisError:
            return 0
        return int(table["carryover_max"].max()) if len(table) else 0

    def scenario(self) -> Scenario:
        """The scenario the widgets describe (validated)."""
        params = self.base.params()
        for name in SHOWN:
            p = PARAMETERS[name]
            value = self.widgets[widget_name(p)].value
            if value == NULL_CHOICE.get(name):
                value = None
            elif p.kind == "float":
                value = float(value)
            elif p.kind == "int":
                value = int(value)
            params[name] = [value] if p.many else value
        return Scenario.from_params(params, source="explorer")

    def update(self) -> None:
        """Recompute the tables and charts for the current widget values."""
        try:
            sc = self.scenario()
            intensity = budget_intensity(self.inputs, scenario=sc)
            scaled = scale_targets(self.inputs, scenario=sc)
        except BlkAnalysisError as exc:
            self.error = str(exc)
            self.message.value = f"<pre>{_esc(exc)}</pre>"
            return
        self.error = None
        self.message.value = ""
        if sc.lang != self._labels_lang:
            self._relabel(sc.lang)
        budgets = implied_budget_table(scaled, self.inputs)
        self.current = {
            "intensity": intensity,
            "growth": intensity_growth(intensity),
            "scaled": scaled,
            "budgets": budgets,
        }
        lang = sc.lang
        self.intensity_out.value = table_html(view(*views.intensity(intensity), lang))
        self.scaling_out.value = table_html(view(*views.scaled(scaled), lang))
        fig = chart_intensity(intensity, lang, self.inputs)
        self.charts[0].value = png_bytes(fig) if fig is not None else b""  # no data: nothing
        publishers = scaled_publishers(self.figures, scaled)
        fig = chart_implied_budgets(budgets, publishers, lang)
        self.charts[1].value = png_bytes(fig) if fig is not None else b""

    def save(
        self, path: Path | str, *, title: str, author: str, rationale: str | None = None
    ) -> Path:
        """Write the current settings as a scenario file (header + every parameter)."""
        sc = self.scenario()
        doc = {
            "title": title,
            "author": author or "blkanalysis explorer",
            "rationale": rationale
            or "Settings chosen in the blkanalysis explorer (what-if exploration).",
            "references": [],
            "parameters": sc.params(),
        }
        path = Path(path)
        atomic_write(path, yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
        load_scenario_file(path)  # what we wrote must read back as a valid scenario
        return path

    def _save_clicked(self) -> None:
        try:
            path = self.save(
                self.save_path.value, title=self.save_title.value, author=self.save_author.value
            )
        except (BlkAnalysisError, OSError) as exc:
            self.message.value = f"<pre>{_esc(exc)}</pre>"
            return
        self.message.value = f"<p>{_esc(t('explore.saved', self.scenario().lang, path=path))}</p>"

    def ui(self) -> Any:
        import ipywidgets as w

        lang = self.scenario().lang if self.error is None else "en"
        controls = w.VBox(list(self.widgets.values()))
        saving = w.HBox([self.save_path, self.save_title, self.save_author, self.save_button])
        return w.VBox(
            [
                w.HTML(f"<h2>{_esc(t('explore.title', lang))}</h2>"),
                controls,
                self.message,
                w.HTML(f"<h3>{_esc(label('idr_per_unit_year', lang))}</h3>"),
                self.charts[0],
                self.intensity_out,
                w.HTML(f"<h3>{_esc(label('implied_budget_real', lang))}</h3>"),
                self.charts[1],
                self.scaling_out,
                saving,
            ]
        )


def _esc(value: Any) -> str:
    import html

    return html.escape(str(value))


def explore(scenario: Scenario | str | Path | None = None) -> Explorer:
    """Show the explorer in JupyterLab and return it (its ``widgets`` can be set from code)."""
    from IPython.display import display

    if isinstance(scenario, str | Path):
        scenario = Scenario.from_yaml(scenario)
    explorer = Explorer(scenario)
    display(explorer.ui())
    return explorer
