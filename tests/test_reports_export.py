"""The HTML: offline, no code, header and sources, deterministic, hostile strings escaped."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from blkanalysis.reports import (
    KEY_FIGURES_MIME,
    SOURCES_MIME,
    find_external_loads,
    find_scripts,
    make_offline,
)
from blkanalysis.reports.export import export_html
from blkanalysis.reports.index import render_index

HOSTILE = '<script>alert("x")</script>'
PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()


def executed_notebook():
    code = new_code_cell("secret_code_line = compute_everything()", execution_count=1)
    code.outputs = [
        new_output("stream", name="stdout", text="visible stdout\n"),
        new_output("stream", name="stderr", text="a noisy warning on stderr\n"),
        new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
        new_output(
            "display_data",
            data={
                KEY_FIGURES_MIME: {"Total": "Rp 1,2 triliun"},
                "text/html": '<table class="blk-key-figures"><tr><td>Rp 1,2 triliun</td></tr>'
                "</table>",
                "text/plain": "Total: Rp 1,2 triliun",
            },
        ),
        new_output("display_data", data={SOURCES_MIME: [{"title": "S"}], "text/plain": ""}),
        new_output("display_data", data={"application/javascript": "alert(1)"}),
        new_output(
            "display_data",
            data={
                "text/html": '<img src="https://tracker.invalid/p.gif"><b>kept</b>'
                '<script>fetch("https://tracker.invalid/")</script>'
                '<img src="data:image/png;base64,AA" onload="alert(1)">'
            },
        ),
    ]
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Title\n\n![remote](https://example.invalid/x.png) and $x^2$"),
            code,
            new_markdown_cell("Last cell text."),
        ]
    )
    for i, c in enumerate(nb.cells):
        c.id = f"c{i}"
    return nb


def context(**over):
    ctx = {
        "scenario": "alpha",
        "scenario_title": f"Alpha {HOSTILE}",
        "author": "Author & co",
        "rationale": "Because <b>reasons</b>",
        "references": ["fig-1", "https://example.org/ref", "javascript:alert(1)"],
        "scenario_file": "alpha.yaml",
        "notebook": "nb",
        "notebook_file": "nb.ipynb",
        "title": "Title — Alpha",
        "notebook_sha256": "ab" * 32,
        "parameters": {"label": '<img src=x onerror="alert(1)">', "scale": 2.0, "xs": [1, 2]},
        "inputs": {"data/a.yaml": "cd" * 32},
        "runner": "1",
        "python": "3.11",
        "packages": {"nbconvert": "7"},
    }
    ctx.update(over)
    return ctx


@pytest.fixture(scope="module")
def exported():
    return export_html(
        executed_notebook(), context(), [{"title": "Source <1>", "url": "https://example.org/s"}]
    )


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html):
    p = Tags()
    p.feed(html)
    return p.tags


def test_nothing_is_loaded_from_elsewhere(exported):
    html, blocked = exported
    assert find_external_loads(html) == []
    assert find_scripts(html) == []  # the notebook's inline script and handler are inert
    scripts = [a for t, a in tags(html) if t == "script"]
    assert [a.get("type") for a in scripts] == ["text/x-blk-blocked"]
    csp = [a["content"] for t, a in tags(html) if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp == [
        "default-src 'none'; img-src data:; media-src data:; font-src data:; "
        "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
    ]
    assert html.index("Content-Security-Policy") < html.index("<style")
    assert "cdn" not in html.lower() and "mathjax" not in html.lower()
    assert {b.url for b in blocked if b.kind == "load"} == {
        "https://example.invalid/x.png",
        "https://tracker.invalid/p.gif",
    }
    assert {(b.tag, b.attr) for b in blocked if b.kind == "script"} == {
        ("script", "inline"),
        ("img", "onload"),
    }
    # links a reader clicks are still links
    hrefs = [a.get("href") for t, a in tags(html) if t == "a"]
    assert "https://example.org/s" in hrefs and "https://example.org/ref" in hrefs
    assert "javascript:alert(1)" not in hrefs


def test_images_are_embedded(exported):
    html, _ = exported
    srcs = [a.get("src") for t, a in tags(html) if t == "img" and a.get("src")]
    assert srcs and all(src.startswith("data:") for src in srcs)


def test_no_code_and_no_stderr(exported):
    html, _ = exported
    assert "secret_code_line" not in html
    classes = " ".join(a.get("class") or "" for _, a in tags(html))
    for code_part in ("jp-InputPrompt", "jp-OutputPrompt", "jp-InputArea-editor", "highlight"):
        assert code_part not in classes
    assert "visible stdout" in html
    assert "a noisy warning" not in html


def test_key_figures_show_as_a_table_not_as_json(exported):
    html, _ = exported
    assert "blk-key-figures" in html
    assert KEY_FIGURES_MIME not in html and SOURCES_MIME not in html
    assert '{"Total"' not in html


def test_parameters_on_top_and_sources_at_the_end(exported):
    html, _ = exported
    header = html.index('class="blk-report-header"')
    first_cell = html.index('id="cell-id=c0"')
    last_cell = html.index("Last cell text.")
    footer = html.index('class="blk-report-footer"')
    assert header < first_cell < last_cell < footer
    table = html[header:first_cell]
    assert "<code>scale</code>" in table and "<code>2.0</code>" in table
    assert "<code>1, 2</code>" in table
    tail = html[footer:]
    assert "Source &lt;1&gt;" in tail and "nb.ipynb" in tail and "data/a.yaml" in tail


def test_hostile_strings_are_escaped(exported):
    html, _ = exported
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(" in html
    assert not [a for _, a in tags(html) if "onerror" in a]  # text, not an attribute
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html  # as jinja escapes it
    assert "Because &lt;b&gt;reasons&lt;/b&gt;" in html


def test_export_is_byte_identical(exported):
    again, _ = export_html(
        executed_notebook(), context(), [{"title": "Source <1>", "url": "https://example.org/s"}]
    )
    assert again == exported[0]


def test_language_from_the_context():
    html, _ = export_html(executed_notebook(), context(language="id"), [])
    assert re.search(r'<html lang="id"', html)


def test_make_offline_neutralises_every_kind_of_load():
    page = (
        "<html><head><style>@import url('https://f.invalid/a.css');"
        "body{background:url(https://x.invalid/b.png)} .ok{background:url(data:,)}</style>"
        '<link rel="stylesheet" href="//cdn.invalid/s.css">'
        '<script src="https://cdn.invalid/r.js"></script>'
        '<meta http-equiv="refresh" content="0; url=https://e.invalid/"></head><body>'
        "<IMG SRC='https://e.invalid/i.png'><img srcset=\"a.png 1x, data:image/png;base64,AA 2x\">"
        '<div style="background-image: url(http://e.invalid/c.png)">t</div>'
        '<iframe src="https://e.invalid/"></iframe><video poster="p.png"></video>'
        '<svg><use xlink:href="https://e.invalid/s.svg#i"/></svg>'
        '<a href="https://example.org/">a link stays</a></body></html>'
    )
    assert len(find_external_loads(page)) == 11
    fixed, blocked = make_offline(page)
    assert len(blocked) == 11
    assert find_external_loads(fixed) == []
    assert '<a href="https://example.org/">a link stays</a>' in fixed
    assert make_offline(fixed) == (fixed, [])


def manifest_with(header, params, error, figures):
    return {
        "build": {"order": {"scenarios": ["evil"], "notebooks": ["nb"]}},
        "notebooks": {"nb": {"title": f"NB {HOSTILE}"}},
        "scenarios": {"evil": {"source": "evil.yaml", "header": header, "parameters": params}},
        "runs": {
            "evil/nb": {
                "scenario": "evil",
                "notebook": "nb",
                "status": "failed",
                "action": "executed",
                "error": error,
                "key_figures": figures,
                "html": "evil/nb.html",
                "ipynb": None,
                "failed_ipynb": "evil/nb.failed.ipynb",
            }
        },
    }


def test_index_escapes_everything_and_loads_nothing():
    html = render_index(
        manifest_with(
            {
                "title": f"Title {HOSTILE}",
                "author": "<b>me</b>",
                "rationale": HOSTILE,
                "references": ["javascript:alert(1)", "https://example.org/r"],
            },
            {"label": '"><img src=x onerror=alert(1)>'},
            f"ValueError: {HOSTILE}",
            {f"K {HOSTILE}": f"V {HOSTILE}"},
        )
    )
    assert HOSTILE not in html and "onerror=alert(1)>" not in html
    assert not [t for t, _ in tags(html) if t in ("script", "img", "iframe")]
    assert find_external_loads(html) == [] and find_scripts(html) == []
    assert "Content-Security-Policy" in html
    hrefs = [a.get("href") for t, a in tags(html) if t == "a"]
    assert "javascript:alert(1)" not in hrefs
    assert "evil/nb.html" in hrefs and "evil/nb.failed.ipynb" in hrefs
    assert "failed" in html and "ValueError: &lt;script&gt;" in html


def test_nbformat_roundtrip_of_fixture_notebooks_is_valid():
    from tests.fixtures.reports import support as s

    for p in (s.GOOD, s.BROKEN, s.SLOW, s.EXTERNAL):
        nbformat.validate(nbformat.read(p, as_version=4))


def _chromium() -> str | None:
    import shutil

    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.mark.browser
def test_a_browser_fetches_nothing_and_runs_nothing(exported, tmp_path):
    """Open a report and the index in headless Chromium; record every request it makes."""
    import os

    chromium = _chromium()
    if chromium is None:
        if os.environ.get("BLK_REQUIRE_BROWSER") == "1":
            pytest.fail("BLK_REQUIRE_BROWSER=1 but no Chromium is installed")
        pytest.skip("needs headless Chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")

    report = tmp_path / "report.html"
    report.write_text(exported[0])
    index = tmp_path / "index.html"
    index.write_text(render_index(manifest_with({"title": "T"}, {"x": 1}, "E: e", {"K": "V"})))
    requested: list[str] = []
    console: list[str] = []

    def route(r, request):
        requested.append(request.url)
        if request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            r.abort()

    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            for page_file in (report, index):
                page = browser.new_page()
                page.on("console", lambda m: console.append(m.text))
                page.route("**/*", route)
                page.goto(page_file.as_uri())
                page.wait_for_load_state("networkidle")
                assert page.locator(".blk-report-header, main").count() >= 1
                page.close()
        finally:
            browser.close()
    assert [u for u in requested if not u.startswith("data:")] == [
        report.as_uri(),
        index.as_uri(),
    ]
    assert console == []  # no script ran, no Content-Security-Policy violation was reported


def test_the_page_title_is_the_runners_not_the_notebooks():
    """nbconvert would title the page with the notebook's own (English) metadata title: the
    report's title is the one the runner gives, in the report's language."""
    nb = executed_notebook()
    nb.metadata["title"] = "English notebook title"
    html, _ = export_html(nb, context(title="Judul laporan — Alfa", language="id"), [])
    assert re.search(r"<title>Judul laporan — Alfa</title>", html)
    assert "English notebook title" not in html


def _two_language_manifest(with_twin: bool) -> dict:
    """Scenario ``s`` (English) naming its Indonesian twin ``s.id``, built or not."""

    def scenario(lang: str, twin_lang: str, twin: str) -> dict:
        return {
            "source": "scenarios/s.yaml",
            "header": {"title": f"S {lang}", "translations": {twin_lang: twin}},
            "parameters": {"lang": lang},
        }

    def run(name: str) -> dict:
        return {"scenario": name, "notebook": "nb", "status": "ok", "html": f"{name}/nb.html"}

    manifest = {
        "scenarios": {"s": scenario("en", "id", "s.id")},
        "runs": {"s/nb": run("s")},
        "build": {"order": {"scenarios": ["s"], "notebooks": ["nb"]}},
    }
    if with_twin:
        manifest["scenarios"]["s.id"] = scenario("id", "en", "s")
        manifest["runs"]["s.id/nb"] = run("s.id")
        manifest["build"]["order"]["scenarios"].append("s.id")
    return manifest


def test_the_index_links_only_the_languages_built():
    """A translation named in a scenario's header is linked only if it was built here."""
    from blkanalysis.reports.index import render_indexes

    pages = render_indexes(_two_language_manifest(with_twin=False))
    assert list(pages) == ["index.html"]
    hrefs = [a.get("href") for t, a in tags(pages["index.html"]) if t == "a"]
    assert "s/nb.html" in hrefs
    assert not [h for h in hrefs if "id" in h.split("#")[0]], hrefs  # no index.id.html, s.id/

    pages = render_indexes(_two_language_manifest(with_twin=True))
    assert sorted(pages) == ["index.html", "index.id.html"]
    en = [a.get("href") for t, a in tags(pages["index.html"]) if t == "a"]
    id_ = [a.get("href") for t, a in tags(pages["index.id.html"]) if t == "a"]
    assert "index.id.html" in en and "s.id/nb.html" in en
    assert "index.html" in id_ and "s/nb.html" in id_


def test_a_one_language_index_is_in_that_language():
    manifest = _two_language_manifest(with_twin=True)
    del manifest["scenarios"]["s"], manifest["runs"]["s/nb"]
    from blkanalysis.reports.index import render_indexes

    pages = render_indexes(manifest)
    assert list(pages) == ["index.html"]
    assert '<html lang="id">' in pages["index.html"]
    hrefs = [a.get("href") for t, a in tags(pages["index.html"]) if t == "a"]
    assert "s.id/nb.html" in hrefs and "s/nb.html" not in hrefs


def test_parameter_values_in_the_readers_words():
    """The runner shows a value in the words its labels give (value.<name>.<value>), item by
    item in a list, and as a scenario file writes it otherwise."""
    from blkanalysis.reports.export import shown_value

    words = {"value.pp.december": "Desember", "value.b.realised": "realisasi", "value.n.null": "-"}
    assert shown_value("pp", "december", words) == "Desember"
    assert shown_value("b", ["realised", "allocated"], words) == "realisasi, allocated"
    assert shown_value("n", None, words) == "-"
    assert shown_value("x", None, {}) == "null"
    assert shown_value("x", [1.0, 3.0], {}) == "1.0, 3.0"
    assert shown_value("x", True, {}) == "true"


def test_the_cli_gives_the_runner_words_for_every_enumerable_value():
    from blkanalysis.cli.catalogue import runner_labels, value_words
    from blkanalysis.model.parameters import PARAMETERS

    words = value_words("id")
    for p in PARAMETERS:
        for code in p.choices:
            assert f"value.{p.name}.{code}" in words, p.name
    assert runner_labels("id")["value.price_point.december"] == "Desember"
    assert not any(k.startswith("value.") for k in runner_labels("en"))


# ---------------------------------------------------------------------------------------------
# downloads: the tables a report shows, as CSV and one workbook


def test_download_files_are_a_csv_per_table_and_one_workbook_byte_identical():
    import io

    import pandas as pd

    from blkanalysis.reports.export import download_files, download_links

    tables = [
        ("intensity", ["id", "idr", "multiple"], [["a", 20906135371, 1.5], ["b", None, None]]),
        ("sources", ["id", "url"], [["a", "https://example.org/?q=1&r=<2>"]]),
    ]
    files = download_files("02_x", tables)
    assert sorted(files) == ["02_x.data/intensity.csv", "02_x.data/sources.csv", "02_x.xlsx"]
    assert download_files("02_x", tables) == files  # the same bytes every time
    assert download_files("02_x", []) == {}
    back = pd.read_csv(io.BytesIO(files["02_x.data/intensity.csv"]))
    assert back["idr"].iloc[0] == 20906135371 and back["multiple"].iloc[0] == 1.5
    assert back["idr"].isna().iloc[1]
    sheets = pd.read_excel(io.BytesIO(files["02_x.xlsx"]), sheet_name=None)
    assert list(sheets) == ["intensity", "sources"]
    pd.testing.assert_frame_equal(sheets["intensity"], back)
    links = download_links(sorted(files))
    assert links["xlsx"] == "02_x.xlsx"
    assert links["csv"] == [
        ("intensity", "02_x.data/intensity.csv"),
        ("sources", "02_x.data/sources.csv"),
    ]


@pytest.mark.slow
def test_shipped_downloads_hold_the_tables_shown_and_are_linked(shipped_reports):
    """Every report of the shipped build has its tables as CSV and a workbook, listed in the
    manifest with their SHA-256, linked from the report and from the index; each CSV reads back
    equal to its sheet of the workbook; the budget intensity table equals the library's."""
    import hashlib
    import json

    import pandas as pd

    from blkanalysis.data.inputs import load_inputs
    from blkanalysis.model import intensity
    from blkanalysis.model.scenario import Scenario
    from blkanalysis.present import views

    manifest = json.loads((shipped_reports / "manifest.json").read_text(encoding="utf-8"))
    index = (shipped_reports / "index.html").read_text(encoding="utf-8")
    for key, run in manifest["runs"].items():
        files = run.get("downloads") or {}
        assert any(f.endswith(".xlsx") for f in files), key
        html = (shipped_reports / run["html"]).read_text(encoding="utf-8")
        for rel, digest in files.items():
            path = shipped_reports / rel
            assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, rel
            assert f'href="{rel.split("/", 1)[1]}"' in html, (key, rel)  # from the report
        xlsx = next(f for f in files if f.endswith(".xlsx"))
        if not run["scenario"].endswith(".id"):
            assert f'href="{xlsx}"' in index, xlsx  # and from the index
        sheets = pd.read_excel(shipped_reports / xlsx, sheet_name=None)
        csvs = [f for f in files if f.endswith(".csv")]
        assert sorted(f.rsplit("/", 1)[1].removesuffix(".csv") for f in csvs) == sorted(sheets)
        for rel in csvs:
            name = rel.rsplit("/", 1)[1].removesuffix(".csv")
            # the same values (a workbook keeps a double to 15 significant digits)
            pd.testing.assert_frame_equal(
                pd.read_csv(shipped_reports / rel),
                sheets[name],
                check_dtype=False,
                check_exact=False,
                rtol=1e-12,
                obj=rel,
            )
        assert "figure_sources" in sheets

    # 02's first table (section "per_blk") is the budget intensity table the library computes
    run = manifest["runs"]["baseline/02_budget_intensity"]
    params = {k: v for k, v in run["parameters"].items() if k != "scenario_name"}
    sc = Scenario.from_params(params)
    shown, columns = views.intensity(intensity.budget_intensity(load_inputs(), scenario=sc))
    got = pd.read_csv(shipped_reports / "baseline/02_budget_intensity.data/per_blk.csv")
    want = shown[[c for c in columns if c in shown.columns]].reset_index(drop=True)
    assert list(got.columns) == list(want.columns)
    for col in want.columns:
        if pd.api.types.is_numeric_dtype(want[col]):
            pd.testing.assert_series_equal(
                got[col].astype("float64"), want[col].astype("float64"), check_names=False
            )
        else:
            assert (
                got[col].fillna("").astype(str).tolist()
                == want[col].fillna("").astype(str).tolist()
            ), col


def _page_edits_cases():
    """Notebooks whose pages the two exporters must render alike: the shipped notebooks as
    saved (executed, with their tables, charts and Markdown) and a small one with what
    nbconvert edits (an image without alternative text, visible inputs, outputs)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "notebooks"
    small = executed_notebook()
    small.cells.append(new_markdown_cell(f"an image ![](data:image/png;base64,{PNG}) inline"))
    cases = [("small", small, False)]
    for name in ("02_budget_intensity", "05_sensitivity"):
        cases.append((name, nbformat.read(root / f"{name}.ipynb", as_version=4), True))
    return cases


_PAGE_CASES = _page_edits_cases()


@pytest.mark.parametrize("name,nb,exclude_input", _PAGE_CASES, ids=[c[0] for c in _PAGE_CASES])
def test_the_page_is_nbconverts_without_its_soup_pass(name, nb, exclude_input):
    """The report's exporter skips nbconvert's BeautifulSoup pass over the whole page and makes
    its edits (alt text, focusable cells) in place: parsed, the page is node for node the one
    nbconvert's own HTMLExporter writes with the same configuration."""
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from blkanalysis.reports import export

    ours = export.make_exporter()
    ours.exclude_input = exclude_input
    theirs = HTMLExporter(config=ours.config)
    theirs.exclude_input = exclude_input
    reader_nb = export.for_reader(nb)
    resources = {
        "metadata": {"name": name, "path": ""},
        "blk": {"header_html": "<p>header</p>", "footer_html": "<p>footer</p>", "css": ""},
    }
    mine, _ = ours.from_notebook_node(reader_nb, resources=dict(resources))
    reference, _ = theirs.from_notebook_node(reader_nb, resources=dict(resources))
    assert str(BeautifulSoup(mine, features="html.parser")) == reference
    if not exclude_input:  # the edits are there to be made
        assert export.NO_ALT in mine and "jp-Cell-inputWrapper" in mine
    assert mine.count('tabindex="0"') == reference.count('tabindex="0"') > 0


def test_accessible_edits_only_what_lacks_them():
    from blkanalysis.reports.export import NO_ALT, accessible

    html = (
        '<img src="data:,"><img alt="a chart" src="data:,"/>'
        '<div class="jp-OutputArea-output x">a</div><div class="other">b</div>'
        "<div class='jp-Cell-inputWrapper' tabindex=\"-1\">c</div>"
        '<div data-x="1>2" class="jp-OutputArea-output">d</div>'
    )
    assert accessible(html) == (
        f'<img src="data:," alt="{NO_ALT}"><img alt="a chart" src="data:,"/>'
        '<div class="jp-OutputArea-output x" tabindex="0">a</div><div class="other">b</div>'
        "<div class='jp-Cell-inputWrapper' tabindex=\"-1\">c</div>"
        '<div data-x="1>2" class="jp-OutputArea-output" tabindex="0">d</div>'
    )
