"""The documentation runs, links, cites and describes the code as it is.

- Every ```python block of the tutorial and of the runnable how-to guides is executed, in
  order, in one namespace per page, from a scratch folder holding a copy of ``scenarios/``
  (so relative paths work and nothing is written into the repository). The tutorial's
  ``assert`` lines check the numbers its prose quotes. Blocks fenced ```py or ```bash are
  illustrations and are not run.
- Every relative link between docs pages resolves (file and heading anchor).
- Every citation key quoted in the docs (`key_2000`) is in ``references.bib``.
- The generated reference pages (CLI, API, scenario schema) equal a fresh generation.
- ``mkdocs build --strict`` succeeds (skipped when mkdocs is not installed): it runs the
  tutorial (markdown-exec) and refuses unknown citation keys (``docs/hooks/citations.py``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from foedus.bibliography import entries

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"

# Pages whose ```python blocks run without a data folder, in this order.
EXECUTED = (
    "tutorial.md",
    "how-to/write-your-own-treaty.md",
    "how-to/model-legal-limits.md",
    "how-to/add-a-flashpoint.md",
    "how-to/forecast-your-issues.md",
    "how-to/export-to-stata-r.md",
    "how-to/embed-in-python.md",
    "how-to/find-the-pact-that-works.md",
    "reproducibility.md",
)
# Pages whose ```python blocks need the real datasets (FOEDUS_DATA_DIR).
EXECUTED_WITH_DATA = ("how-to/other-region-and-year.md",)

# ```python, optionally with markdown-exec options (```python exec="on" ...): run by the tests.
_BLOCK = re.compile(r"^```python(?:[ \t][^\n]*)?\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def _load(name: str, path: Path):
    """A docs helper module (not a package) by its file path."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The docs build's own citation hook defines what a quoted key and a fence look like.
_hook = _load("citations_hook", DOCS / "hooks" / "citations.py")
_KEY, _FENCE = _hook.KEY, _hook.FENCE


def python_blocks(page: Path) -> list[str]:
    return _BLOCK.findall(page.read_text(encoding="utf-8"))


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def run_page(page: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    """Execute the page's python blocks in one namespace; a failing block names itself."""
    shutil.copytree(ROOT / "scenarios", workdir / "scenarios", dirs_exist_ok=True)
    monkeypatch.chdir(workdir)
    namespace: dict = {"__name__": f"docs:{page.name}"}
    blocks = python_blocks(page)
    assert blocks, f"{page} has no python blocks"
    for i, code in enumerate(blocks, 1):
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                exec(compile(code, f"{page.relative_to(DOCS)} block {i}", "exec"), namespace)
            except Exception as exc:
                raise AssertionError(f"{page.relative_to(DOCS)}, python block {i} failed: {exc!r}") from exc
    return namespace


@pytest.mark.parametrize("name", EXECUTED)
def test_page_runs(name, tmp_path, monkeypatch):
    monkeypatch.delenv("FOEDUS_DATA_DIR", raising=False)
    run_page(DOCS / name, tmp_path, monkeypatch)


@pytest.mark.parametrize("name", EXECUTED_WITH_DATA)
def test_page_with_data_runs(name, tmp_path, monkeypatch, data_dir):
    monkeypatch.setenv("FOEDUS_DATA_DIR", str(data_dir))
    run_page(DOCS / name, tmp_path, monkeypatch)


@pytest.fixture
def data_dir():
    import os

    path = os.environ.get("FOEDUS_DATA_DIR")
    if not path or not (Path(path) / "cow_nmc").is_dir():
        pytest.skip("needs the real datasets (FOEDUS_DATA_DIR)")
    return Path(path).resolve()


# ----------------------------------------------------------------------------- the first hour
_FENCED = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def test_first_hour_runs_on_a_fresh_install(tmp_path, monkeypatch):
    """docs/first-hour.md, block by block in page order, as a newcomer runs it: YAML blocks
    headed ``# file: PATH`` are saved there, each line of a bash block runs as a command (the
    CLI in a subprocess) and python blocks run in one namespace; all with no data folder, except
    a bash block headed ``# needs the datasets``, which runs with FOEDUS_DATA_DIR when it is set."""
    import os
    import shlex

    page = DOCS / "first-hour.md"
    data = os.environ.get("FOEDUS_DATA_DIR")
    data = str(Path(data).resolve()) if data else None  # before chdir: it may be relative
    has_data = bool(data) and (Path(str(data)) / "cow_nmc").is_dir()
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FOEDUS_DATA_DIR", str(tmp_path / "no-data"))
    namespace: dict = {"__name__": "docs:first-hour"}
    ran = {"bash": 0, "python": 0, "yaml": 0}
    for i, (lang, code) in enumerate(_FENCED.findall(page.read_text(encoding="utf-8")), 1):
        first = code.splitlines()[0] if code.strip() else ""
        if lang == "yaml" and first.startswith("# file: "):
            (tmp_path / first.removeprefix("# file: ").split()[0]).write_text(code, encoding="utf-8")
        elif lang == "python":
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(code, f"first-hour.md block {i}", "exec"), namespace)
        elif lang == "bash" and not first.startswith("# not run by the tests"):
            env = dict(os.environ)
            if first.startswith("# needs the datasets"):
                if not has_data:
                    continue
                env["FOEDUS_DATA_DIR"] = str(data)
            for line in (x for x in code.splitlines() if x.strip() and not x.startswith("#")):
                argv = shlex.split(line)
                assert argv[0] == "foedus", f"block {i}: {line!r} is not a foedus command"
                r = subprocess.run(
                    [sys.executable, "-m", "foedus", *argv[1:]],
                    capture_output=True, text=True, env=env, timeout=600,
                )  # fmt: skip
                assert r.returncode == 0, f"first-hour.md block {i}: {line}\n{r.stderr[-2000:]}"
        else:
            continue
        ran[lang] += 1
    assert ran == {"bash": 7 + has_data, "python": 1, "yaml": 2}, ran
    assert (tmp_path / "senkaku.dta").is_file() and (tmp_path / "report.html").is_file()


def test_tutorial_quotes_checked_numbers():
    """The tutorial's conclusions rest on assertions, not on prose alone."""
    code = "\n".join(python_blocks(DOCS / "tutorial.md"))
    assert code.count("near(") + code.count("assert ") >= 20


# ----------------------------------------------------------------------------- links
def slug(heading: str) -> str:
    """Python-Markdown's toc slug (MkDocs' default): what an in-page anchor must match."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


def anchors(page: Path) -> set[str]:
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    headings = {slug(m.group(1)) for m in re.finditer(r"^#{1,6}\s+(.+?)\s*#*$", text, re.MULTILINE)}
    return headings | set(re.findall(r"\{#([\w-]+)\}", text))  # attr_list ids (glossary terms)


def links(page: Path) -> list[str]:
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    text = re.sub(r"`[^`\n]*`", "", text)
    return [t for t in _LINK.findall(text) if not re.match(r"[a-z]+:", t)]


@pytest.mark.parametrize("page", pages(), ids=lambda p: str(p.relative_to(DOCS)))
def test_links_resolve(page):
    broken = []
    for target in links(page):
        path, _, anchor = target.partition("#")
        dest = (page.parent / path).resolve() if path else page
        if not dest.exists():
            broken.append(f"{target} (no file)")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target} (no heading #{anchor})")
    assert not broken, f"{page.relative_to(DOCS)}: {broken}"


def test_every_page_is_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    missing = [str(p.relative_to(DOCS)) for p in pages() if str(p.relative_to(DOCS)) not in nav]
    assert not missing, f"pages missing from mkdocs.yml's nav: {missing}"


# ----------------------------------------------------------------------------- citations
def test_citation_keys_exist():
    known = entries()
    unknown = {}
    for page in pages():
        for key in _KEY.findall(page.read_text(encoding="utf-8")):
            if key not in known:
                unknown.setdefault(str(page.relative_to(DOCS)), []).append(key)
    assert not unknown, f"citation keys not in references.bib: {unknown}"


# ----------------------------------------------------------------------------- one page per model
# Every model `foedus cite` knows has its own explanation page, in the same shape.
MODEL_PAGES = {
    "mean": "models/mean.md",
    "median": "models/median.md",
    "nash": "models/nash.md",
    "bdm": "models/bdm.md",
    "ktab": "models/ktab.md",
    "ensemble": "models/ensemble.md",
    "landscape": "models/landscape.md",
    "power": "models/power.md",
    "burden": "models/burden.md",
    "similarity": "models/similarity.md",
    "obligations": "models/obligations.md",
    "crisis": "models/response.md",
    "deterrence": "models/deterrence.md",
    "sweep": "models/sensitivity.md",
    "estimation": "models/estimation.md",
    "design": "models/design.md",
}
MODEL_SECTIONS = ("Assumptions", "Equations", "Parameters", "Validation", "Known weaknesses", "References")


def test_every_model_has_a_page():
    from foedus.citing import MODELS

    assert set(MODEL_PAGES) == set(MODELS)


@pytest.mark.parametrize("model", sorted(MODEL_PAGES))
def test_model_page_shape(model):
    """Assumptions, equations, parameters, validation, weaknesses, references: in that order,
    citing the model's own sources."""
    from foedus.citing import MODELS

    text = (DOCS / MODEL_PAGES[model]).read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", _FENCE.sub("", text), re.MULTILINE)
    found = [next((h for h in headings if h.startswith(s)), None) for s in MODEL_SECTIONS]
    missing = [s for s, h in zip(MODEL_SECTIONS, found, strict=True) if h is None]
    assert not missing, f"{MODEL_PAGES[model]} lacks sections {missing}"
    positions = [headings.index(h) for h in found]
    assert positions == sorted(positions), f"{MODEL_PAGES[model]}: sections out of order {found}"
    assert set(_KEY.findall(text)) & set(MODELS[model]), f"{MODEL_PAGES[model]} cites none of {MODELS[model]}"


def test_every_dataset_has_its_section():
    from foedus.data.sources import SOURCES

    text = (DOCS / "reference" / "datasets.md").read_text(encoding="utf-8")
    for name, source in SOURCES.items():
        assert f"## {name}\n" in text, name
        assert f"foedus cite {name}" in text and source.files[0].path in text


def test_every_world_column_names_its_dataset():
    from foedus.data.sources import SOURCES
    from foedus.world import DYAD_COLUMNS, STATE_COLUMNS, World

    world = World.default()
    documented = {**STATE_COLUMNS, **DYAD_COLUMNS}
    assert set(world.states.columns) <= set(STATE_COLUMNS) and set(world.dyads.columns) <= set(DYAD_COLUMNS)
    derived_here = {"crosswalk", "foedus", ""}  # foedus' own tables, or the World's year
    assert {source for _, _, source in documented.values()} <= set(SOURCES) | derived_here


# ----------------------------------------------------------------------------- reference
def _gen_reference():
    return _load("gen_reference", DOCS / "gen_reference.py")


def test_reference_pages_are_current():
    stale = _gen_reference().stale()
    assert not stale, f"out of date (run python docs/gen_reference.py): {[str(p) for p in stale]}"


def test_shipped_schema_is_a_fresh_generation():
    import json

    from foedus.scenario import scenario_json_schema

    shipped = json.loads((DOCS / "reference" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert shipped == scenario_json_schema()


def test_cli_reference_covers_every_command():
    text = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    from foedus.cli import app

    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"## `foedus {name}`" in text, name


# ----------------------------------------------------------------------------- build
def test_mkdocs_build_fails_on_a_missing_reference(tmp_path):
    """The build itself, not only this test file, refuses a citation key absent from references.bib."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("markdown_exec")
    docs = tmp_path / "docs"
    (docs / "hooks").mkdir(parents=True)
    shutil.copy(DOCS / "hooks" / "citations.py", docs / "hooks" / "citations.py")
    (docs / "index.md").write_text("# T\n\nAs `nash_1950` and `nobody_1999` showed.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nstrict: true\nexclude_docs: |\n  hooks/\nhooks:\n  - docs/hooks/citations.py\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "nobody_1999" in result.stderr and "nash_1950" not in result.stderr


def test_mkdocs_build_strict(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("markdown_exec")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
