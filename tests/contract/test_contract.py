"""Issue 16's contract on every command: each malformed invocation of the corpus
(:mod:`tests.contract.cases`) is refused with exit code 2, at most three lines on stderr each
under 300 characters, no traceback, in bounded time. ``pytest tests/contract`` prints the
clean count by class at the end."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.contract.cases import CASES, COMMANDS, ROOT, summary
from tests.contract.harness import invoke, prepare

RESULTS: dict[str, tuple[str, bool]] = {}
"""Case id -> (class, clean), for the summary at the end of the run (see conftest.py)."""


@pytest.fixture(scope="module", autouse=True)
def _data(shared_data_dir):
    """The real datasets, so that year and state checks meet real spans (see tests/conftest.py)."""
    return shared_data_dir


def test_the_corpus_is_large_and_covers_every_command():
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    assert len(CASES) >= 300, summary()
    covered = {c.command for c in CASES}
    assert set(COMMANDS) <= covered, set(COMMANDS) - covered


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refused_in_one_clear_line(case, tmp_path):
    if case.unprivileged and os.geteuid() == 0:
        pytest.skip("root writes read-only files")
    argv, env = prepare(case, tmp_path)
    result = invoke(argv, tmp_path, env)
    problems = result.problems(case)
    RESULTS[case.id] = (case.cls, not problems)
    if problems and result.code == 1:  # an unexpected error: show where it came from
        result = invoke(argv, tmp_path, env, debug=True)
    assert not problems, f"foedus {' '.join(argv)[:300]}: {'; '.join(problems)}\n{result.stderr[-3000:]}"


SAMPLE = [
    "yaml-obligations-scenario-bomb",
    "usage-(root)-unknown-command",
    "limits-simulate-draws-above",
    "sweep-sweep-summarize-manifest-garbage",
]


@pytest.mark.parametrize("case_id", SAMPLE)
def test_the_entry_point_agrees_in_a_separate_process(case_id, tmp_path):
    """A sample through ``python -m foedus`` under a 4 GB address-space cap, as users run it."""
    import resource

    case = next(c for c in CASES if c.id == case_id)
    argv, env = prepare(case, tmp_path)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (4_000_000_000, 4_000_000_000))

    r = subprocess.run(
        [sys.executable, "-m", "foedus", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT / "src")},
        preexec_fn=cap,
    )
    lines = r.stderr.splitlines()
    assert r.returncode == 2, r.stderr[-2000:]
    assert 1 <= len(lines) <= 3 and all(len(x) < 300 for x in lines) and "Traceback" not in r.stderr


# ----------------------------------------------------------------------------- the unexpected path
def _broken_cite(monkeypatch, exc: BaseException) -> None:
    import foedus.citing

    def boom(target=None):
        raise exc

    monkeypatch.setattr(foedus.citing, "cite", boom)


def test_an_unexpected_error_is_one_line_and_exit_1(monkeypatch, tmp_path):
    _broken_cite(monkeypatch, RuntimeError("disk on fire\n" + "x" * 500))
    result = invoke(["cite"], tmp_path, {})
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and len(lines[0]) < 300 and "Traceback" not in result.stderr
    assert lines[0].startswith("foedus: error: RuntimeError: disk on fire")
    assert lines[0].endswith("(run with --debug for the traceback)")


@pytest.mark.parametrize("how", ["option", "env"])
def test_debug_shows_the_traceback(monkeypatch, how):
    from foedus.cli import run

    _broken_cite(monkeypatch, RuntimeError("disk on fire"))
    if how == "env":
        monkeypatch.setenv("FOEDUS_DEBUG", "1")
    with pytest.raises(RuntimeError, match="disk on fire"):
        run(["--debug", "cite"] if how == "option" else ["cite"])


def test_ctrl_c_is_exit_130(monkeypatch, tmp_path):
    _broken_cite(monkeypatch, KeyboardInterrupt())
    result = invoke(["cite"], tmp_path, {})
    assert result.code == 130 and result.stderr == "foedus: interrupted\n"


def test_a_refusal_under_debug_is_still_one_line(tmp_path):
    result = invoke(["--debug", "world", "--year", "3000"], tmp_path, {})
    assert result.code == 2 and len(result.stderr.splitlines()) == 1


def test_help_and_version_exit_0(tmp_path):
    for argv in (["--help"], ["--version"], ["simulate", "--help"]):
        result = invoke(argv, tmp_path, {})
        assert result.code == 0 and not result.stderr, argv


def test_data_fetch_all_keeps_its_exit_code(monkeypatch, tmp_path):
    """``data fetch --all`` with a failed dataset exits 2 (typer.Exit's code was lost once)."""
    import foedus.data.cache
    from foedus.errors import DataError

    def fail(name, **kw):
        raise DataError(f"{name}: the download failed")

    monkeypatch.setattr(foedus.data.cache, "fetch", fail)
    monkeypatch.setattr("foedus.cli.data._require_r_reader", lambda names, force: None)
    result = invoke(["--quiet", "data", "fetch", "--all"], tmp_path, {})
    assert result.code == 2 and "the download failed" in result.stderr
    lines = result.stderr.splitlines()  # every dataset failed: still three lines at most
    assert len(lines) == 3 and all(len(x) < 300 for x in lines) and "datasets failed" in lines[-1]
