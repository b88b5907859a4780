"""What ``blk report`` writes depends on the project, not on where it is checked out or on what
else might have been built: the same project copied to two places gives byte-identical pages
with no path of either place in them, every link of a one-language build leads to a file that
exists, and an Indonesian report's page title (its browser tab) is the catalogue's Indonesian.

The project's files (package, data, scenarios, notebooks, pyproject.toml) are copied into two
directories of different path lengths, and the real ``blk`` runs in each with the package
imported from that copy (PYTHONPATH; the report kernels inherit it): one scenario, one notebook,
English only; the first copy also builds the same in Indonesian only.
"""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from blkanalysis.cli.catalogue import runner_words
from blkanalysis.present.i18n import t
from tests.fixtures import e2e

pytestmark = pytest.mark.slow

PROJECT_PARTS = ("blkanalysis", "data", "scenarios", "notebooks", "pyproject.toml")
NOTEBOOK = "01_figures_overview"  # catalogue name "overview"
SCENARIO = "browser"  # tests/fixtures/scenarios/browser.yaml, copied into scenarios/


def copy_project(dst: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
    dst.mkdir(parents=True)
    for part in PROJECT_PARTS:
        src = e2e.ROOT / part
        if src.is_dir():
            shutil.copytree(src, dst / part, ignore=ignore)
        else:
            shutil.copy2(src, dst / part)
    shutil.copy2(e2e.BROWSER_SCENARIO, dst / "scenarios" / f"{SCENARIO}.yaml")
    return dst


def start(root: Path, *args: str | Path, relative: bool = False):
    """``blk report`` of one scenario and one notebook in the copy at ``root`` (its package on
    PYTHONPATH), named by absolute paths, or by paths relative to the copy (its cwd)."""
    base = Path() if relative else root
    return e2e.start_blk(
        "report",
        "--scenario",
        base / "scenarios" / f"{SCENARIO}.yaml",
        "--notebooks",
        base / "notebooks" / f"{NOTEBOOK}.ipynb",
        "--jobs",
        "1",
        *args,
        env={"PYTHONPATH": str(root)},
        cwd=root,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("checkouts")
    a = copy_project(tmp / "a")
    b = copy_project(tmp / "a-much-longer-name-for-the-second-checkout" / "of" / "the-project")
    runs = {
        "a": (start(a), a / "reports"),  # the default output directory: <project>/reports
        "b": (start(b, relative=True), b / "reports"),
        "a-id": (start(a, "--lang", "id", "--output", a / "reports-id"), a / "reports-id"),
    }
    out = {}
    for name, (proc, output) in runs.items():
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"{name}: {stdout}{stderr}"
        out[name] = output
    out["root-a"], out["root-b"] = a, b
    return out


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.title: list[str] = []
        self.lang: str | None = None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        self._in_title = tag == "title"
        for name in ("href", "src"):
            if a.get(name) is not None:
                self.links.append(a[name])

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title.append(data)


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def pages(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html") if ".blk" not in p.relative_to(output).parts)


def outputs(output: Path) -> dict[str, bytes]:
    """Every page and executed notebook (not the manifest: it holds times and durations)."""
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file() and p.suffix in (".html", ".ipynb") and ".blk" not in p.parts
    }


@pytest.mark.parametrize("build", ["a", "a-id"], ids=["english-only", "indonesian-only"])
def test_every_link_of_a_one_language_build_resolves(builds, build):
    """Each relative href/src of every page names a file of this output directory: no link to
    the other language's index or reports, which this build did not make."""
    output = builds[build]
    checked = []
    for page in pages(output):
        for link in parse(page).links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#") or not parts.path:
                continue  # another site, data: URI or an anchor of the page itself
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(output)} links {link}: no such file"
            assert target.is_relative_to(output.resolve()), link
            checked.append(target.relative_to(output.resolve()).as_posix())
    lang_dir = SCENARIO if build == "a" else f"{SCENARIO}.id"
    assert {"manifest.json", f"{lang_dir}/{NOTEBOOK}.html", f"{lang_dir}/{NOTEBOOK}.ipynb"} <= set(
        checked
    )
    assert sorted(p.name for p in output.glob("index*.html")) == ["index.html"]


def test_the_output_does_not_depend_on_where_the_project_is(builds):
    a, b = builds["a"], builds["b"]
    pages_a, pages_b = outputs(a), outputs(b)
    assert sorted(pages_a) == sorted(pages_b)
    assert {"index.html", f"{SCENARIO}/{NOTEBOOK}.html", f"{SCENARIO}/{NOTEBOOK}.ipynb"} <= set(
        pages_a
    )
    different = [name for name in pages_a if pages_a[name] != pages_b[name]]
    assert different == [], f"differ between the two checkouts: {different}"
    # no path of the checkout anywhere a reader or a later build looks (logs aside)
    for root_key, output in (("root-a", a), ("root-b", b), ("root-a", builds["a-id"])):
        root = builds[root_key]
        places = {str(root), str(root.resolve()), os.path.realpath(root)}
        for f in output.rglob("*"):
            if f.is_file() and ".blk" not in f.relative_to(output).parts:
                text = f.read_text(encoding="utf-8", errors="replace")
                found = [p for p in places if p in text]
                assert found == [], f"{f.relative_to(output)} holds {found}"
    # the index and the manifest name the files by their place in the project
    index = (a / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"<code>scenarios/{SCENARIO}\.yaml</code>", index)
    import json

    manifest = json.loads((b / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenarios"][SCENARIO]["source"] == f"scenarios/{SCENARIO}.yaml"
    assert manifest["notebooks"][NOTEBOOK]["path"] == f"notebooks/{NOTEBOOK}.ipynb"


def test_an_indonesian_report_has_its_indonesian_title(builds):
    """The browser tab of an Indonesian page reads Indonesian: the notebook's title from the
    catalogue and the scenario's Indonesian title (not the notebook file's English title)."""
    import yaml

    header = yaml.safe_load(e2e.BROWSER_SCENARIO.read_text(encoding="utf-8"))
    output = builds["a-id"]
    report = parse(output / f"{SCENARIO}.id" / f"{NOTEBOOK}.html")
    expected = f"{t('overview.title', 'id')} — {header['translations']['id']['title']}"
    assert "".join(report.title).strip() == expected
    assert report.lang == "id"
    index = parse(output / "index.html")
    assert "".join(index.title).strip() == runner_words("id")["index_title"]
    assert index.lang == "id"
    # and the English report's title is the English one
    english = parse(builds["a"] / SCENARIO / f"{NOTEBOOK}.html")
    assert "".join(english.title).strip() == f"{t('overview.title', 'en')} — {header['title']}"
