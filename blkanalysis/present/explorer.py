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
from blkanalysis.data.prices import cpi_years
from blkanalysis.data.registry import load_figures
from blkanalysis.errors import BlkAnalysisError
from blkanalysis.model.intensity import budget_intensity, intensity_growth
from blkanalysis.model.scaling import implied_budget_table, scale_targets, scaled_publishers
from blkanalysis.model.scenario import Scenario, load_scenario_file
from blkanalysis.present import views
from blkanalysis.present.i18n import label, param_value, t
from blkanalysis.present.notebook import table_html, view
from blkanalysis.present.plotting import chart_implied_budgets, chart_intensity, png_bytes

EVEN = "even"
MOST = "most"
#: dropdowns whose choices are shown in the report language (their values stay the codes)
WORDED = ("price_point", "carryover_units", "envelope_first_year_share", "blkk_reading", "lang")


class Explorer:
    """Widgets bound to a scenario; ``current`` holds the tables for the current settings."""

    def __init__(self, scenario: Scenario | None = None, figures: pd.DataFrame | None = None):
        import ipywidgets as w

        self.base = scenario or Scenario()
        self.figures = figures if figures is not None else load_figures()
        self.current: dict[str, pd.DataFrame] = {}
        self.error: str | None = None
        self._labels_lang = self.base.lang
        self._relabelling = False
        years = list(cpi_years())
        share = self.base.envelope_first_year_share
        style = {"description_width": "16em"}
        layout = w.Layout(width="34em")
        self.widgets: dict[str, Any] = {
            "multiplier": w.FloatSlider(
                value=max(self.base.multipliers), min=0.5, max=20, step=0.5,
                description="multiplier", style=style, layout=layout,
            ),
            "unit_cost_multiplier": w.FloatSlider(
                value=self.base.unit_cost_multiplier, min=0.25, max=4, step=0.05,
                description="unit_cost_multiplier", style=style, layout=layout,
            ),
            "base_year": w.SelectionSlider(
                options=years, value=self.base.base_year, description="base_year",
                style=style, layout=layout,
            ),
            "price_point": w.Dropdown(
                options=self._choices("price_point", ["december", "midyear"]),
                value=self.base.price_point,
                description="price_point", style=style, layout=layout,
            ),
            "carryover_cost_share": w.FloatSlider(
                value=self.base.carryover_cost_share, min=0, max=1, step=0.05,
                description="carryover_cost_share", style=style, layout=layout,
            ),
            "carryover_units": w.Dropdown(
                options=self._choices(
                    "carryover_units", [MOST, *range(0, self._most_carryover() + 1)]
                ),
                value=MOST if self.base.carryover_units is None else self.base.carryover_units,
                description="carryover_units", style=style, layout=layout,
            ),
            "envelope_first_year_share": w.Dropdown(
                options=self._choices(
                    "envelope_first_year_share", [EVEN, *(round(x / 20, 2) for x in range(1, 20))]
                ),
                value=EVEN if share is None else share,
                description="envelope_first_year_share", style=style, layout=layout,
            ),
            "blkk_reading": w.Dropdown(
                options=self._choices("blkk_reading", ["built", "cumulative"]),
                value=self.base.blkk_reading,
                description="blkk_reading", style=style, layout=layout,
            ),
            "lang": w.Dropdown(
                options=self._choices("lang", ["en", "id"]), value=self.base.lang,
                description="lang",
                style=style, layout=layout,
            ),
        }  # fmt: skip
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

    def _choices(self, name: str, values: list[Any]) -> list[tuple[str, Any]]:
        """A dropdown's (reader's word, value) pairs in the current language."""
        lang = self._labels_lang
        words = {EVEN: t("explore.even", lang), MOST: t("explore.most", lang)}
        return [(words[v] if v in (EVEN, MOST) else param_value(name, v, lang), v) for v in values]

    def _relabel(self, lang: str) -> None:
        """Show the dropdowns' choices in ``lang``, keeping what is chosen."""
        self._labels_lang = lang
        self._relabelling = True
        try:
            for name in WORDED:
                widget = self.widgets[name]
                value = widget.value
                widget.options = self._choices(name, [v for _, v in widget.options])
                widget.value = value
        finally:
            self._relabelling = False

    def _most_carryover(self) -> int:
        """The most BLK any budget can carry over, as the registry says (0 if it cannot tell)."""
        try:
            table = budget_intensity(
                self.figures, scenario=self.base.model_copy(update={"carryover_units": None})
            )
        except BlkAnalysisError:
            return 0
        return int(table["carryover_max"].max()) if len(table) else 0

    def scenario(self) -> Scenario:
        """The scenario the widgets describe (validated)."""
        v = {k: wd.value for k, wd in self.widgets.items()}
        params = self.base.params()
        params.update(
            multipliers=[float(v["multiplier"])],
            unit_cost_multiplier=float(v["unit_cost_multiplier"]),
            base_year=int(v["base_year"]),
            price_point=v["price_point"],
            carryover_cost_share=float(v["carryover_cost_share"]),
            carryover_units=None if v["carryover_units"] == MOST else int(v["carryover_units"]),
            envelope_first_year_share=None
            if v["envelope_first_year_share"] == EVEN
            else float(v["envelope_first_year_share"]),
            blkk_reading=v["blkk_reading"],
            lang=v["lang"],
        )
        return Scenario.from_params(params, source="explorer")

    def update(self) -> None:
        """Recompute the tables and charts for the current widget values."""
        try:
            sc = self.scenario()
            intensity = budget_intensity(self.figures, scenario=sc)
            scaled = scale_targets(self.figures, scenario=sc)
        except BlkAnalysisError as exc:
            self.error = str(exc)
            self.message.value = f"<pre>{_esc(exc)}</pre>"
            return
        self.error = None
        self.message.value = ""
        if sc.lang != self._labels_lang:
            self._relabel(sc.lang)
        budgets = implied_budget_table(scaled)
        self.current = {
            "intensity": intensity,
            "growth": intensity_growth(intensity),
            "scaled": scaled,
            "budgets": budgets,
        }
        lang = sc.lang
        self.intensity_out.value = table_html(view(*views.intensity(intensity), lang))
        self.scaling_out.value = table_html(view(*views.scaled(scaled), lang))
        self.charts[0].value = png_bytes(chart_intensity(intensity, lang))
        publishers = scaled_publishers(self.figures, scaled)
        self.charts[1].value = png_bytes(chart_implied_budgets(budgets, publishers, lang))

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
