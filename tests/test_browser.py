"""The reports in a real browser: headless Chromium (Debian's), driven by Playwright.

The pages are those of the shipped project's build (``make report``'s command, built once per
test session and shared: every scenario, English and Indonesian). The index in both languages
and each report of the baseline, in both languages, are opened in Chromium with every
request that is not a local file or a ``data:`` URI blocked and recorded, and checked: it loads,
nothing left the machine, no console error, no script, every chart image decoded, every link of
the index resolves to an existing file (the twins in the other language too), the parameters
and sources tables are visible. An Indonesian page must show no untranslated English: the
headings, table headers, captions, the runner's own words, the page's title (its browser tab)
and the text attributes (alt, aria-label, title) are Indonesian catalogue texts, codes or
values. A full-page screenshot of each page is saved for people to look at (in
tests/output/screenshots/, or $BLK_SCREENSHOTS_DIR).

A second, small build uses a registry whose detik source holds hostile strings (``<script>``,
``<img onerror>``, HTML in a quote): they must show as text, and no script may run, even with
the page's Content-Security-Policy switched off. Two checks of the checks: the English reports
do trip the untranslated-English check, and a hand-unescaped copy of a hostile report trips the
script checks (CSP violations on the console; with the CSP off, the alert() dialogs).

Without /usr/bin/chromium (or Playwright) these tests are skipped, unless BLK_REQUIRE_BROWSER=1
(as CI sets it), which turns the skip into a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest

from blkanalysis import paths
from blkanalysis.cli.catalogue import catalogue_pairs as catalogue_texts
from blkanalysis.cli.catalogue import runner_labels
from blkanalysis.model.scenario import Scenario
from blkanalysis.present.i18n import NOTEBOOKS as CATALOGUE_NAMES
from blkanalysis.present.i18n import label, param_help, param_label, param_value, t
from blkanalysis.reports import find_external_loads, find_scripts
from blkanalysis.reports.labels import DEFAULT_LABELS
from tests.fixtures import e2e

pytestmark = pytest.mark.browser

#: Debian's Chromium (BLK_CHROMIUM may name another build, e.g. to try the skip)
CHROMIUM = Path(os.environ.get("BLK_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    # Chromium's own background traffic (not the page's): off, so nothing else goes out
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
GUARD_MS = 120_000
SKIP_REASON = "Chromium not found: install Debian's chromium to run the browser tests"
SCREENSHOTS = Path(
    os.environ.get("BLK_SCREENSHOTS_DIR") or e2e.ROOT / "tests" / "output" / "screenshots"
)

SCENARIO = "baseline"  # the stem of scenarios/baseline.yaml: the pages opened are its reports
SCENARIO_FILE = e2e.ROOT / "scenarios" / f"{SCENARIO}.yaml"
LANG_SCENARIO = {"en": SCENARIO, "id": f"{SCENARIO}.id"}
INDEX = {"en": "index.html", "id": "index.id.html"}
NOTEBOOKS = [p.stem for p in e2e.REPORT_NOTEBOOKS]
REPORTS = [f"{LANG_SCENARIO[lang]}/{nb}.html" for lang in ("en", "id") for nb in NOTEBOOKS]
PAGES = [INDEX["en"], INDEX["id"], *REPORTS]

#: the columns of the sources table (blkanalysis.present.notebook.Notebook.sources)
SOURCE_COLUMNS = [
    "ref",
    "id",
    "used_in",
    "as_stated",
    "quote",
    "speaker",
    "publisher",
    "published",
    "reliability",
    "flag",
]


# ---------------------------------------------------------------------------------------------
# the browser (or a skip / a failure when there is none)


def require_browser() -> Any:
    """Playwright's sync API, or skip (fail under BLK_REQUIRE_BROWSER=1) without a browser."""
    missing = None
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        missing = SKIP_REASON
    else:
        try:
            from playwright import sync_api
        except ImportError:
            missing = "Playwright's Python package is not installed (it is in requirements.lock)"
    if missing:
        if os.environ.get("BLK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"BLK_REQUIRE_BROWSER=1 but the browser tests cannot run: {missing}")
        pytest.skip(missing)
    return sync_api


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = require_browser()
    pw = sync_api.sync_playwright().start()
    try:
        # Playwright gives each launch a fresh temporary profile (--user-data-dir)
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
    finally:
        pw.stop()


@pytest.fixture(scope="module")
def screenshots(request) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def tell() -> None:  # shown even when pytest captures the output
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        capture = request.config.pluginmanager.get_plugin("capturemanager")
        if reporter is None or capture is None:
            print(f"browser screenshots: {SCREENSHOTS}")
            return
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nbrowser screenshots: {SCREENSHOTS}")

    request.addfinalizer(tell)
    return SCREENSHOTS


class Visit:
    """One page opened in its own browser context: what it requested, logged and raised."""

    def __init__(self, browser: Any, path: Path, *, bypass_csp: bool = False):
        self.path = path
        self.url = path.as_uri()
        self.requests: list[str] = []  # every request the page made
        self.blocked: list[str] = []  # requests that would have left the machine (aborted)
        self.console_errors: list[str] = []
        self.other_console: list[str] = []  # not the page's (e.g. the browser's own)
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []
        self.websockets: list[str] = []
        self.bypass_csp = bypass_csp
        self.context = browser.new_context(bypass_csp=bypass_csp)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.page_errors.append(str(e)))
        self.page.on("websocket", lambda ws: self.websockets.append(ws.url))
        self.page.on("dialog", self._dialog)
        # if any script ran alert/confirm/prompt, it would be recorded here too
        self.page.add_init_script(
            "window.__blkSentinel = 'untouched'; window.__blkDialogs = [];"
            "for (const f of ['alert', 'confirm', 'prompt']) {"
            "  const orig = window[f];"
            "  window[f] = function (...a) { window.__blkDialogs.push(f + ':' + a.join(' '));"
            "    return orig.apply(this, a); };"
            "}"
        )

    def _route(self, route: Any, request: Any) -> None:
        if request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.blocked.append(request.url)
            route.abort()

    def _console(self, msg: Any) -> None:
        if msg.type != "error":
            return
        where = (msg.location or {}).get("url", "")
        text = f"{msg.text} ({where})"
        if where.startswith(("chrome:", "chrome-extension:", "devtools:")):
            self.other_console.append(text)
        else:
            self.console_errors.append(text)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self) -> Any:
        # a guard against a hang, generous for a loaded machine (nothing is timed)
        self.page.set_default_timeout(GUARD_MS)
        self.page.goto(self.url, wait_until="load")
        if not self.bypass_csp:
            self.page.wait_for_load_state("networkidle")
        # with the CSP off, a doctored page's alert() dialogs (dismissed by _dialog) keep
        # "networkidle" from ever being reached on some runs: "load" has already waited for
        # its scripts and images, which is all the checks of such a page need
        return self.page

    def close(self) -> None:
        self.context.close()

    def check_loaded_and_offline(self) -> None:
        page = self.page
        assert page.url == self.url
        assert page.evaluate("document.readyState") == "complete"
        assert page.title().strip(), "the page has no title"
        assert len(page.inner_text("body")) > 200, "the page is (nearly) empty"
        # nothing left the machine: every request was this very file or a data: URI
        assert self.blocked == [], f"requests to other hosts: {self.blocked}"
        assert self.websockets == []
        local = [u for u in self.requests if not u.startswith("data:")]
        assert local == [self.url], f"the page loaded other files: {local}"
        assert self.console_errors == [], self.console_errors
        assert self.page_errors == [], self.page_errors
        # no script at all (the reports and the index are made without any), in the DOM and
        # in the file as the runner's own scanner reads it
        assert page.locator("script").count() == 0
        html = self.path.read_text(encoding="utf-8")
        assert find_scripts(html) == [] and find_external_loads(html) == []
        assert self.dialogs == []
        assert page.evaluate("window.__blkDialogs") == []
        assert page.evaluate("window.__blkSentinel") == "untouched"  # the spy was live

    def screenshot(self, directory: Path, name: str) -> Path:
        out = directory / (name.replace("/", "__").removesuffix(".html") + ".png")
        self.page.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 1000
        print(f"screenshot: {out}")
        return out


@pytest.fixture
def visit(browser) -> Iterator[Any]:
    visits: list[Visit] = []

    def open_(path: Path, **kw: Any) -> Visit:
        v = Visit(browser, path, **kw)
        visits.append(v)
        v.open()
        return v

    yield open_
    for v in visits:
        v.close()


# ---------------------------------------------------------------------------------------------
# the build


@pytest.fixture(scope="module")
def reports(browser, shipped_reports) -> Path:
    """The shipped project's reports (every notebook x every scenario, English and Indonesian;
    built once per session through the CLI, see conftest.py), as ``make report`` leaves them."""
    for page in PAGES:
        assert (shipped_reports / page).is_file(), page
    return shipped_reports


def scenario_header() -> dict[str, Any]:
    import yaml

    return yaml.safe_load(SCENARIO_FILE.read_text(encoding="utf-8"))


def scenario_title(lang: str) -> str:
    header = scenario_header()
    if lang == "en":
        return header["title"]
    return header["translations"][lang]["title"]


def lang_of(page: str) -> str:
    """The language of a page of the build: Indonesian pages are in ``<scenario>.id/``."""
    return "id" if page == INDEX["id"] or page.split("/")[0].endswith(".id") else "en"


# ---------------------------------------------------------------------------------------------
# what an Indonesian page may show


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("¶", "")).strip()


def _pattern(text: str) -> re.Pattern[str] | None:
    """A catalogue text as a regex: its {fields} match any value; markdown marks dropped.
    None for a text without any word of its own (it would match anything)."""
    parts = re.split(r"\{[A-Za-z0-9_]*\}", text.replace("**", "").replace("`", ""))
    if not any(re.search(r"[A-Za-z]{2}", p) for p in parts):
        return None
    return re.compile(r".+?".join(re.escape(norm(p)) for p in parts), re.S)


def catalogue_pairs() -> list[tuple[str, str | None]]:
    """Every (English, Indonesian) text of the catalogue: messages, labels, the runner's words
    (Indonesian None where the catalogue has no translation: the English is then shown)."""
    return [(en, text) for _, en, text in catalogue_texts("id")]


def indonesian_texts() -> list[str]:
    texts = [i for _, i in catalogue_pairs() if i is not None]
    texts += list(runner_labels("id").values())
    return texts


def english_only_texts() -> list[str]:
    """English catalogue texts that are not also Indonesian (e.g. "Year", not "Total")."""
    indonesian = {norm(x).lower() for x in indonesian_texts()}
    return sorted(
        {en for en, i in catalogue_pairs() if en != i and norm(en).lower() not in indonesian}
    )


def english_phrases() -> list[str]:
    """Runs of at least three words of English-only catalogue texts (between the fields),
    found in no Indonesian text: such a phrase on an Indonesian page is untranslated."""
    indonesian = " | ".join(norm(x).lower() for x in indonesian_texts())
    out = set()
    for en in english_only_texts():
        for part in re.split(r"\{[A-Za-z0-9_]*\}|\*\*|`", en):
            part = norm(part).strip(" .,:;()")
            if len(re.findall(r"[A-Za-z]+", part)) >= 3 and part.lower() not in indonesian:
                out.add(part)
    return sorted(out)


def allowed_header_texts() -> list[re.Pattern[str]]:
    return [p for p in map(_pattern, indonesian_texts()) if p is not None]


def scenario_names() -> set[str]:
    """What the index names each shipped scenario by, in any language: its report directories,
    its title in each language, its author."""
    import yaml

    out: set[str] = set()
    for f in sorted((e2e.ROOT / "scenarios").glob("*.yaml")):
        header = yaml.safe_load(f.read_text(encoding="utf-8"))
        out |= {f.stem, f"{f.stem}.id", header["title"], header["author"]}
        out |= {tr["title"] for tr in (header.get("translations") or {}).values()}
    return out


def codes() -> set[str]:
    """Names shown as they are in every language: parameters, notebooks, scenarios."""
    header = scenario_header()
    return {
        *scenario_names(),
        *Scenario.parameter_names(),
        # the index's parameter rows: the label, then the name as code
        *(f"{param_label(n, 'id')} {n}" for n in Scenario.parameter_names()),
        *NOTEBOOKS,
        *LANG_SCENARIO.values(),
        header["author"],
        *(tr["title"] for tr in header["translations"].values()),
    }


_NUMBERISH = re.compile(r"^[\d\s.,:;×+\-–/%()]+$")

#: structural text: headings, table headers, captions, the runner's header and footer words
STRUCTURE = (
    "h1, h2, h3, h4, th, caption, summary, figcaption, .status, .blk-scenario, "
    ".blk-provenance li, .twin, .links a, body > header p, body > footer p"
)
#: prose written from the catalogue (table cells, which hold data, are left out)
PROSE = f"{STRUCTURE}, p, li"


def visible_texts(page: Any, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector,
        "els => els.filter(e => e.getClientRects().length > 0).map(e => e.innerText)",
    )


#: attributes whose text a reader meets (tooltips, screen readers)
TEXT_ATTRIBUTES = ("alt", "aria-label", "title")


def attribute_texts(page: Any) -> list[str]:
    """The page's title (its browser tab) and every text attribute, as ``where: text``."""
    texts = [f"<title>: {page.title()}"]
    texts += page.eval_on_selector_all(
        ",".join(f"[{a}]" for a in TEXT_ATTRIBUTES),
        "(els, names) => els.flatMap(e => names.filter(n => e.hasAttribute(n))"
        ".map(n => e.tagName.toLowerCase() + '[' + n + ']: ' + e.getAttribute(n)))",
        list(TEXT_ATTRIBUTES),
    )
    return texts


def untranslated(page: Any) -> list[str]:
    """What on an Indonesian page is English from the catalogue, or not from the catalogue:
    in its visible text, its title and its text attributes (alt, aria-label, title)."""
    problems = []
    english = [p for p in map(_pattern, english_only_texts()) if p is not None]
    allowed = allowed_header_texts()
    known = codes()
    for raw in visible_texts(page, STRUCTURE):
        for text in {norm(raw), *(norm(line) for line in raw.splitlines())}:
            if text and any(p.fullmatch(text) for p in english):
                problems.append(f"English catalogue text: {text!r}")
    attributes = attribute_texts(page)
    for item in attributes:
        where, _, raw = item.partition(": ")
        # a report's title is "<notebook title> — <scenario title>": each part on its own
        for text in {norm(raw), *(norm(part) for part in raw.split(" — "))}:
            if text and any(p.fullmatch(text) for p in english):
                problems.append(f"English catalogue text in {where}: {text!r}")
    prose = "\n".join(
        [*(norm(x) for x in visible_texts(page, PROSE)), *(norm(x) for x in attributes)]
    )
    for phrase in english_phrases():
        if phrase in prose:
            problems.append(f"English phrase: {phrase!r}")
    # every table header is an Indonesian label, a code, a number, or the scenario's header
    for raw in visible_texts(page, "th"):
        for line in filter(None, (norm(x) for x in raw.splitlines())):
            ok = line in known or _NUMBERISH.match(line) or any(p.fullmatch(line) for p in allowed)
            if not ok:
                problems.append(f"table header not in the Indonesian catalogue: {line!r}")
    return sorted(set(problems))


def test_the_english_check_would_see_english():
    """The untranslated-English check itself: it knows the English words it looks for."""
    texts = english_only_texts()
    assert "Year" in texts and "Findings" in texts and "How this report was made" in texts
    assert "Total" not in texts  # the same word in both languages
    assert "Made by the blkanalysis report runner" in " ".join(english_phrases())
    allowed = allowed_header_texts()
    assert any(p.fullmatch("Tahun") for p in allowed)
    assert not any(p.fullmatch("Year") for p in allowed)


# ---------------------------------------------------------------------------------------------
# the pages


@pytest.mark.slow
@pytest.mark.parametrize("page_name", PAGES)
def test_page_in_a_real_browser(page_name, reports, visit, screenshots):
    lang = lang_of(page_name)
    v = visit(reports / page_name)
    page = v.page
    v.check_loaded_and_offline()
    assert page.evaluate("document.documentElement.lang") == lang
    v.screenshot(screenshots, page_name)
    if page_name in INDEX.values():
        check_index(page, reports, lang)
    else:
        check_report(page, lang, Path(page_name).stem)
    if lang == "id":
        assert untranslated(page) == []
    else:  # the check sees English where there is English (its headings, at least)
        title = (
            DEFAULT_LABELS["index_title"]
            if page_name in INDEX.values()
            else t(f"{CATALOGUE_NAMES[Path(page_name).stem]}.title", "en")
        )
        problems = untranslated(page)
        assert f"English catalogue text: {title!r}" in problems
        assert f"English catalogue text in <title>: {title!r}" in problems  # the tab's title


def check_index(page: Any, root: Path, lang: str) -> None:
    L = {**DEFAULT_LABELS, **runner_labels(lang)}
    assert norm(page.inner_text("h1")) == L["index_title"]
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    runs = [r for r in manifest["runs"].values() if r["scenario"].endswith(".id") == (lang == "id")]
    assert all(r["status"] == "ok" for r in runs)
    assert page.locator(".status.ok").count() == len(runs)
    # plan vs delivery does not depend on the scenario: listed once, above the scenario grid
    shared = page.locator("table.shared")
    assert shared.is_visible()
    assert norm(shared.locator("tbody th").first.inner_text()).startswith(t("delivery.title", lang))
    grid = page.locator("table.grid:not(.shared):not(.compare) thead")
    assert "04_plan_vs_delivery" not in grid.inner_text()
    # the scenarios' key findings side by side, above the build status
    compare = page.locator("table.compare")
    assert compare.is_visible() and compare.locator("tbody td a").count() > 0
    assert norm(page.locator("h2").first.inner_text()) == L["comparison"]
    assert page.locator(".status.failed").count() == 0
    params = page.locator("table.params").first
    assert params.is_visible()
    assert "multipliers" in params.inner_text()
    links = page.eval_on_selector_all(
        "a[href]",
        "els => els.map(a => ({href: a.getAttribute('href'), url: a.href, "
        "lang: a.getAttribute('hreflang'), visible: a.getClientRects().length > 0}))",
    )
    assert links
    targets = set()
    for link in links:
        href, url = link["href"], link["url"]
        if href.startswith("#"):
            target = unquote(href[1:])
            assert page.evaluate("id => !!document.getElementById(id)", target), href
            continue
        assert not re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I), f"not a relative link: {href}"
        parsed = urlparse(url)
        assert parsed.scheme == "file", url
        path = Path(unquote(parsed.path))
        assert path.is_file(), f"{href} -> {path} does not exist"
        assert path.resolve().is_relative_to(root.resolve()), href
        targets.add(path.resolve().relative_to(root.resolve()).as_posix())
    other = "id" if lang == "en" else "en"
    # each report of this language, its notebook, and its twin in the other language
    for nb in NOTEBOOKS:
        assert f"{LANG_SCENARIO[lang]}/{nb}.html" in targets
        assert f"{LANG_SCENARIO[lang]}/{nb}.ipynb" in targets
        assert f"{LANG_SCENARIO[other]}/{nb}.html" in targets
    assert INDEX[other] in targets  # the other language's index
    assert "manifest.json" in targets
    # every report of this language links its twin once: the other language's reports
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    theirs = [r["html"] for r in manifest["runs"].values() if lang_of(r["html"]) == other]
    assert {f"{LANG_SCENARIO[other]}/{nb}.html" for nb in NOTEBOOKS} <= set(theirs)
    twins = [x for x in links if x["lang"] == other]
    assert len(twins) == len(theirs) + 1 and all(x["visible"] for x in twins)
    assert {x["href"] for x in twins} == {INDEX[other], *theirs}


def check_report(page: Any, lang: str, notebook: str) -> None:
    # the runner's header: scenario title in the report's language
    header = page.locator(".blk-report-header")
    assert header.is_visible()
    assert scenario_title(lang) in header.inner_text()
    assert norm(page.inner_text("h1")) == t(f"{CATALOGUE_NAMES[notebook]}.title", lang)
    # findings first: the first section of every report, before any table
    findings = page.locator(
        f"xpath=//h2[normalize-space(translate(., '¶', ''))='{t('findings.title', lang)}']"
    )
    assert findings.count() == 1, "no findings section"
    # the parameters table: the first blk-table after the appendix heading, in every report
    # whose notebook shows the appendix (the one that takes no scenario shows none)
    if "nb.appendix()" in (paths.notebooks_dir() / f"{notebook}.ipynb").read_text("utf-8"):
        heading = t("parameters.title", lang)
        params = page.locator(
            f"xpath=//h2[normalize-space(translate(., '¶', ''))='{heading}']"
            "/following::table[contains(concat(' ', normalize-space(@class), ' '), "
            "' blk-table ')][1]"
        )
        assert params.count() == 1, f"no parameters table after the heading {heading!r}"
        assert params.is_visible()
        rows = params.evaluate(
            "t => [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim()))"
        )
        heads = params.evaluate("t => [...t.tHead.rows[0].cells].map(c => c.innerText.trim())")
        assert heads == [label(c, lang) for c in ("parameter", "value", "meaning")]
        by_name = {r[0]: r[1:] for r in rows}
        assert set(by_name) == set(Scenario.parameter_names())
        sc = Scenario.from_params(scenario_header().get("parameters") or {})
        assert by_name["multipliers"][0] == ", ".join(f"{m:g}" for m in sc.multipliers)
        assert by_name["lang"][0] == param_value("lang", lang, lang)  # "en", or "Indonesia"
        for name, (_value, meaning) in by_name.items():
            assert meaning == param_help(name, lang), name
    # the sources table
    sources = page.locator("table.blk-sources")
    assert sources.count() == 1
    assert sources.is_visible()
    assert sources.locator("tbody tr").count() >= 1
    heads = sources.evaluate("t => [...t.tHead.rows[0].cells].map(c => c.innerText.trim())")
    assert heads == [label(c, lang) for c in [*SOURCE_COLUMNS, "url"]]
    # every chart decoded
    images = page.evaluate(
        """async () => Promise.all([...document.images].map(async img => {
            try { await img.decode(); } catch (e) {}
            return {src: img.getAttribute('src').slice(0, 15), w: img.naturalWidth,
                    h: img.naturalHeight, visible: img.getClientRects().length > 0};
        }))"""
    )
    assert images, "no chart in the report"
    for img in images:
        assert img["src"].startswith("data:image/"), img
        assert img["w"] > 0 and img["h"] > 0, f"a chart image did not decode: {img}"
        assert img["visible"], img


@pytest.mark.slow
def test_indonesian_chart_descriptions_are_indonesian(reports, visit):
    """A chart's text alternative (its alt text, read by screen readers) is in the report's
    language. The notebooks give each chart one from the catalogue ("Grafik: <title>", key
    ``chart.alt``); an English placeholder on an Indonesian page is untranslated English."""
    english = []
    for nb in NOTEBOOKS:
        v = visit(reports / LANG_SCENARIO["id"] / f"{nb}.html")
        alts = v.page.eval_on_selector_all("img", "els => els.map(e => e.alt)")
        assert alts
        english += [f"{nb}: {a!r}" for a in alts if not a.startswith("Grafik: ")]
    assert english == [], "charts without their Indonesian description: " + "; ".join(english)


# ---------------------------------------------------------------------------------------------
# hostile strings


HOSTILE_SOURCE = e2e.FIXTURES / "hostile" / "detik-2022-08-22-blk-transformation.yaml"
HOSTILE_NOTEBOOKS = ["01_figures_overview", "02_budget_intensity"]
HOSTILE_TEXTS = [
    "detik.com <img src=x onerror=alert('publisher')>",
    "<script>alert('quote')</script>",
    "<b onmouseover=\"alert('quote')\">sejak 2021</b>",
]


HOSTILE_SCENARIO = e2e.BROWSER_SCENARIO.stem  # a small scenario, for a small build


@pytest.fixture(scope="module")
def hostile_reports(browser, tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    shutil.copytree(e2e.ROOT / "data", data)
    shutil.copy(HOSTILE_SOURCE, data / "sources" / HOSTILE_SOURCE.name)
    out = base / "reports"
    args: list[Any] = ["report", "--data", data, "--scenario", e2e.BROWSER_SCENARIO]
    for nb in HOSTILE_NOTEBOOKS:
        args += ["--notebooks", e2e.ROOT / "notebooks" / f"{nb}.ipynb"]
    r = e2e.blk(*args, "--jobs", "2", "--output", out)
    assert r.returncode == 0, r.stdout + r.stderr
    return out


@pytest.mark.slow
@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "csp-bypassed"])
@pytest.mark.parametrize("notebook", HOSTILE_NOTEBOOKS)
def test_hostile_strings_show_as_text_and_run_nothing(
    notebook, bypass_csp, hostile_reports, visit, screenshots
):
    """The escaping alone keeps the hostile strings inert: with the page's CSP switched off
    (``bypass_csp``) a single unescaped ``<script>`` or handler would run (and be caught)."""
    page_name = f"{HOSTILE_SCENARIO}/{notebook}.html"
    v = visit(hostile_reports / page_name, bypass_csp=bypass_csp)
    page = v.page
    sources = page.locator("table.blk-sources")
    # where the quote's <b onmouseover> would be: the pointer goes over it
    sources.get_by_text("sejak 2021", exact=False).first.hover()
    v.check_loaded_and_offline()
    if not bypass_csp:
        v.screenshot(screenshots, f"hostile__{notebook}")
    # no element carries an event handler, nothing loaded the hostile <img src=x>
    handlers = page.evaluate(
        "() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == []
    assert page.locator("img[src='x']").count() == 0
    # the hostile strings are there, as visible text (the source's hostile title is shown by
    # no report: the notebooks list a figure's publisher and quote, not its article's title)
    assert sources.is_visible()
    shown = sources.inner_text()
    for text in HOSTILE_TEXTS:
        assert text in shown, f"{text!r} is not shown as text"
    cell = sources.get_by_text(HOSTILE_TEXTS[0], exact=True).first
    assert cell.is_visible()


@pytest.mark.slow
def test_the_browser_check_catches_an_unescaped_string(hostile_reports, visit, tmp_path):
    """The checks above would fail on a report that let the hostile strings through: here a
    copy of one with two of them unescaped by hand."""
    html = (hostile_reports / HOSTILE_SCENARIO / "02_budget_intensity.html").read_text(
        encoding="utf-8"
    )
    for raw in ("<script>alert('quote')</script>", "<img src=x onerror=alert('publisher')>"):
        # escaped as text only, or quotes too: as the tables (&#x27;) or templates (&#39;) do
        forms = [raw.replace("<", "&lt;").replace(">", "&gt;")]
        forms += [forms[0].replace("'", "&#x27;"), forms[0].replace("'", "&#39;")]
        esc = next((f for f in forms if f in html), None)
        assert esc is not None, raw
        html = html.replace(esc, raw, 1)
    doctored = tmp_path / "doctored.html"
    doctored.write_text(html, encoding="utf-8")
    # the page's CSP stops the script and the handler, and says so on the console
    v = visit(doctored)
    assert any("Content Security Policy" in e for e in v.console_errors)
    # without the CSP, they run: the dialogs and the request for "x" are seen
    v = visit(doctored, bypass_csp=True)
    assert sorted(v.dialogs) == ["alert: publisher", "alert: quote"]
    assert v.page.evaluate("window.__blkDialogs") == ["alert:quote", "alert:publisher"]
    assert (tmp_path / "x").as_uri() in v.requests
