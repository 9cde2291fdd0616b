"""Issue 16: every bad input refused in one clear line, before memory is spent; nothing leaked.

One regression test per class of hostile or careless input: alias bombs, deep nesting,
encodings, sizes, folders and devices given as files, path escapes, limits, output paths,
multi-file outputs. The property-based half is ``test_hardening_props.py``.
"""

from __future__ import annotations

import os
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from foedus import limits
from foedus.atomic import atomic_folder, check_output
from foedus.errors import InputError
from foedus.readers import parse_yaml, read_csv, read_text, read_yaml, resolve_reference

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)


def short(exc: BaseException) -> str:
    """The error's text, checked against the contract: at most 3 lines, each under 300 characters."""
    text = str(exc)
    lines = text.splitlines()
    assert 1 <= len(lines) <= 3 and all(len(line) < 300 for line in lines), text
    return text


def refused(fn, *args, match: str, seconds: float = 2.0, **kw) -> str:
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        fn(*args, **kw)
    assert time.perf_counter() - start < seconds
    text = short(info.value)
    assert match in text, text
    return text


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# ----------------------------------------------------------------------------- YAML
def _loaders():
    from foedus.bargaining import read_problems
    from foedus.places import load_places
    from foedus.scenario import load_scenario
    from foedus.treaty import load_treaty

    return {"scenario": load_scenario, "treaty": load_treaty, "places": load_places, "issues": read_problems}


@pytest.mark.parametrize("kind", ["scenario", "treaty", "places", "issues"])
def test_alias_bomb_is_refused_fast_in_bounded_memory(tmp_path, kind):
    load = _loaders()[kind]
    with pytest.raises(InputError):  # the imports a first call makes are not the bomb's doing
        load(write(tmp_path / "warm.yaml", "a: ["))
    path = write(tmp_path / "bomb.yaml", BOMB)
    tracemalloc.start()
    try:
        text = refused(load, path, match="expands to more than 200,000 values", seconds=1.0)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "FOEDUS_MAX_YAML_NODES" in text and text.startswith(f"{path}:")
    assert peak < 5_000_000, peak


def test_aliases_within_the_limit_still_work(tmp_path):
    data, lines = parse_yaml("base: &b {x: 1}\nother: {<<: *b, y: 2}\nlist: [*b, *b]\n", "t.yaml")
    assert data["other"] == {"x": 1, "y": 2} and data["list"] == [{"x": 1}, {"x": 1}]
    assert lines[("other", "y")] == 2


@pytest.mark.parametrize(
    "text", ["a: " + "[" * 50_000 + "]" * 50_000, "- " * 50_000 + "x", "a: " + "{b: " * 70 + "1" + "}" * 70]
)
def test_deep_nesting_is_refused(text):
    refused(parse_yaml, text, "deep.yaml", match="nested more than 64 levels deep")


def test_depth_and_node_limits_follow_the_environment(monkeypatch):
    text = "a: " + "[" * 70 + "]" * 70
    monkeypatch.setenv("FOEDUS_MAX_YAML_DEPTH", "100")
    parse_yaml(text, "t.yaml")
    monkeypatch.setenv("FOEDUS_MAX_YAML_NODES", "5")
    refused(parse_yaml, "[1, 2, 3, 4, 5, 6]", "t.yaml", match="more than 5 values")
    monkeypatch.setenv("FOEDUS_MAX_YAML_NODES", "lots")
    refused(parse_yaml, "a: 1", "t.yaml", match="FOEDUS_MAX_YAML_NODES='lots' is not a positive number")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name: x\nlist: [1, 2\nother: 3\n", "t.yaml:2: not valid YAML: while parsing a flow sequence"),
        ("name: x\nmap: {a: 1\n\nb: 2\n", "t.yaml:2: not valid YAML: while parsing a flow mapping (opened"),
        ("name: 'unclosed\nb: 2\n", "t.yaml:1: not valid YAML: while scanning a quoted scalar (opened"),
        ("a: b: c\n", "t.yaml:1: not valid YAML: mapping values are not allowed"),
    ],
)
def test_syntax_errors_name_the_line_where_the_construct_opened(text, where):
    refused(parse_yaml, text, "t.yaml", match=where)


def test_a_key_given_twice_is_an_error():
    refused(parse_yaml, "name: a\nother: 1\nname: b\n", "t.yaml", match="t.yaml:3: key 'name' given twice")


def test_tags_are_not_constructed():
    refused(parse_yaml, "!!python/object/apply:os.system ['echo hacked']\n", "t.yaml", match="not plain YAML")


# ----------------------------------------------------------------------------- bytes and text
@pytest.mark.parametrize(
    ("data", "match"),
    [
        ("a: 1\nb: caf\u00e9\n".encode("latin-1"), "t.yaml:2: not UTF-8 text (byte 0xe9 at column 7)"),
        ("a: 1\n".encode("utf-16"), "is UTF-16"),
        ("a: 1\n".encode("utf-32"), "is UTF-32"),
        ("a: 1\n".encode("utf-16-le"), "t.yaml:1: the file holds NUL bytes"),
        (b"a: 1\nb: 2\x00\n", "t.yaml:2: the file holds NUL bytes"),
        (b"\x89PNG\r\n\x1a\n\xff\xd8", "not UTF-8 text"),
    ],
)
def test_encodings_other_than_utf8_are_named(tmp_path, data, match):
    path = write(tmp_path / "t.yaml", data)
    refused(read_text, path, match=match.replace("t.yaml", str(path)))


def test_a_utf8_byte_order_mark_is_accepted(tmp_path):
    assert read_yaml(write(tmp_path / "t.yaml", b"\xef\xbb\xbfa: 1\n"))[0] == {"a": 1}


def test_size_is_checked_before_reading(tmp_path, monkeypatch):
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as fh:  # 50 GB, sparse: reading it would take the machine down
        fh.truncate(50 * 10**9)
    text = refused(read_text, huge, match="50 GB is above the limit for input files, 20 MB")
    assert "FOEDUS_MAX_FILE_BYTES" in text
    small = write(tmp_path / "s.yaml", "a: " + "x" * 200)
    monkeypatch.setenv("FOEDUS_MAX_FILE_BYTES", "100")
    refused(read_text, small, match="203 B is above the limit for input files, 100 B")


def test_folders_devices_and_missing_files(tmp_path):
    refused(read_text, tmp_path, match="is a folder, not a file")
    refused(read_text, tmp_path / "nope.yaml", match="no such file")
    refused(read_text, "/dev/zero", match="not a regular file")
    refused(read_text, write(tmp_path / "f", "x") / "child.yaml", match="cannot be read")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    refused(read_text, fifo, match="not a regular file")  # never blocks waiting for a writer


# ----------------------------------------------------------------------------- CSV
def test_csv_caps_and_errors(tmp_path, monkeypatch):
    ok = write(tmp_path / "ok.csv", "actor,capability\nA,1\nB,2\n")
    assert read_csv(ok).shape == (2, 2)
    refused(read_csv, write(tmp_path / "e.csv", ""), match="the file is empty")
    assert read_csv(write(tmp_path / "cr.csv", "\ra,b\r1,2\r")).shape == (1, 2)  # old Mac line ends
    refused(read_csv, write(tmp_path / "q.csv", '"a,b\n1,2\n'), match="not a readable CSV file")
    refused(read_csv, write(tmp_path / "r.csv", "a,b\n1,2\n1,2,3,4\n"), match="Expected 2 fields in line 3")
    refused(read_csv, write(tmp_path / "l.csv", "a,b\ncaf\u00e9,1\n".encode("cp1252")), match=":2: not UTF-8")
    monkeypatch.setenv("FOEDUS_MAX_CSV_ROWS", "1")
    refused(read_csv, ok, match="rows 2 is above the limit of 1 (FOEDUS_MAX_CSV_ROWS)")
    monkeypatch.setenv("FOEDUS_MAX_CSV_COLUMNS", "1")
    monkeypatch.delenv("FOEDUS_MAX_CSV_ROWS")
    refused(read_csv, ok, match="columns 2 is above the limit of 1 (FOEDUS_MAX_CSV_COLUMNS)")


def test_issue_files_pass_through_the_same_reader(tmp_path):
    from foedus.bargaining import read_problems

    text = "actor,capability,position,salience\nCaf\u00e9,1,0,50\nB,1,100,100\n"
    refused(read_problems, write(tmp_path / "i.csv", text.encode("latin-1")), match="i.csv:2: not UTF-8")
    refused(read_problems, write(tmp_path / "i.yaml", BOMB), match="expands to more than")
    refused(read_problems, tmp_path, match="unknown file type")
    refused(read_problems, write(tmp_path / "d.csv", "x").parent / "sub.csv", match="no such file")
    capability = "actor,capability,position,salience\nA,1e308,0,50\nB,1,100,100\n"
    refused(read_problems, write(tmp_path / "c.csv", capability), match="capability above 1e15 for A")


# ----------------------------------------------------------------------------- references
SCENARIO = """name: t
world: default
designs:
  a:
    treaties: [{treaty}]
"""


def test_scenario_files_may_not_escape_their_folder(tmp_path):
    from foedus.scenario import load_scenario

    cases = {
        "/etc/passwd": "'/etc/passwd' lies outside the scenario's folder",
        "../../../../etc/passwd": "lies outside the scenario's folder",
        "treaties/../../outside.yaml": "lies outside the scenario's folder",
    }
    for ref, match in cases.items():
        path = write(tmp_path / "s" / "s.yaml", SCENARIO.format(treaty=ref))
        text = refused(load_scenario, path, match=match)
        assert "root:" not in text and f"{path}:5: design 'a'" in text
    places = write(tmp_path / "s" / "p.yaml", SCENARIO.format(treaty="x.yaml") + "places: /etc/passwd\n")
    assert "root:" not in refused(load_scenario, places, match="places: '/etc/passwd' lies outside")
    (tmp_path / "s" / "link.yaml").symlink_to("/etc/passwd")
    refused(load_scenario, write(tmp_path / "s" / "l.yaml", SCENARIO.format(treaty="link.yaml")),
            match="'link.yaml' lies outside")  # fmt: skip


def test_shipped_treaties_and_allowed_folders_may_be_named(tmp_path, monkeypatch):
    from foedus.scenario import load_scenario

    shipped = SCENARIOS / "treaties" / "anzus-1951.yaml"
    assert load_scenario(write(tmp_path / "s.yaml", SCENARIO.format(treaty=shipped))).designs["a"].treaties
    outside = tmp_path / "elsewhere"
    treaty = write(outside / "t.yaml", shipped.read_text(encoding="utf-8"))
    scenario = write(tmp_path / "s" / "s.yaml", SCENARIO.format(treaty=treaty))
    refused(load_scenario, scenario, match="lies outside")
    assert load_scenario(scenario, allow=[outside]).designs["a"].treaties[0].id == "anzus-1951"
    monkeypatch.setenv("FOEDUS_ALLOW_DIRS", str(outside))
    assert load_scenario(scenario).designs["a"].treaties[0].id == "anzus-1951"
    refused(load_scenario, scenario, relative_only=True, match="not absolute paths")


def test_resolve_reference_refuses_what_is_not_a_path(tmp_path):
    for bad in ("", "a\x00b", 5, None, ["x"]):
        refused(resolve_reference, bad, tmp_path, "s.yaml:3", match="expected a file name")


# ----------------------------------------------------------------------------- limits
def test_limit_messages_name_the_cost_the_limit_and_the_variable(monkeypatch):
    text = refused(limits.DRAWS.check, 10**12, "--draws", match="--draws 1e12 would need ~32 TB")
    assert text.startswith("--draws 1e12 would need ~32 TB; the limit is 1e7 (FOEDUS_MAX_DRAWS)")
    monkeypatch.setenv("FOEDUS_MAX_DRAWS", "1e13")
    assert limits.DRAWS.check(10**12, "--draws") == 10**12
    refused(limits.DRAWS.check, 0, "--draws", match="--draws: expected a whole number >= 1, got 0")
    for bad in (2.5, float("nan"), float("inf"), True, "ten", None, [1]):
        refused(limits.DRAWS.check, bad, "--draws", match="--draws: expected a whole number, got")


def test_every_limit_is_in_the_docs():
    page = (ROOT / "docs" / "limits.md").read_text(encoding="utf-8")
    from foedus.web.uploads import UPLOAD_MEMORY, UPLOAD_SECONDS

    for limit in (*limits.LIMITS, UPLOAD_MEMORY, UPLOAD_SECONDS):
        assert f"`{limit.env}`" in page and limits.number(limit.default) in page, limit.env


@pytest.mark.parametrize(
    ("seed", "ok"), [(0, True), (2**32 - 1, True), ("7", True), (-1, False), (2**32, False), (1.5, False)]
)
def test_seeds(seed, ok):
    if ok:
        assert limits.check_seed(seed) == int(seed)
    else:
        refused(limits.check_seed, seed, "--seed", match="--seed: expected a whole number from 0 to 4")


def test_years_name_the_span():
    assert limits.check_year(2012, (1816, 2024), "COW") == 2012
    refused(limits.check_year, 10**30, (1816, 2024), "COW", match="year 1e30 is outside COW (1816-2024)")
    refused(limits.check_year, "soon", (1816, 2024), "COW", match="expected a year")


def test_crisis_draws_are_refused_before_simulating(scenario):
    from foedus.crisis import simulate

    refused(simulate, scenario, "senkaku", draws=10**12, match="draws 1e12 would need ~32 TB")


def test_bargaining_sizes_and_rounds(tmp_path):
    from foedus.bargaining import BargainingProblem, forecast

    n = 200_000
    refused(BargainingProblem, [f"a{i}" for i in range(n)], np.ones(n), np.zeros(n), np.ones(n),
            match="actors 200,000 is above the limit of 2,000 (FOEDUS_MAX_ACTORS)")  # fmt: skip
    p = BargainingProblem(("A", "B"), [1, 1], [0, 100], [1, 1])
    refused(forecast, p, "bdm", max_rounds=10**9, match="max_rounds 1e9 is above the limit of 10,000")
    refused(BargainingProblem, ("A", "B"), [1e308, 1], [0, 100], [1, 1], match="capability above 1e15")
    from foedus.bargaining.uncertainty import forecast_draws

    refused(forecast_draws, p, "mean", draws=10**12, match="draws 1e12 would need ~1 PB")


def test_power_and_landscape_sizes():
    from foedus.coalitions.games import WeightedVotingGame
    from foedus.coalitions.landscape import Landscape
    from foedus.coalitions.power import banzhaf, shapley_shubik

    g = WeightedVotingGame(40_000_000, [1_000_000] * 193)
    refused(shapley_shubik, g, match="players x integer quota (table cells) 7.76e9 would need ~310 GB")
    refused(banzhaf, g, match="FOEDUS_MAX_POWER_CELLS")
    refused(shapley_shubik, g, method="monte_carlo", n_samples=10**12, match="n_samples 1e12 is above")
    n = 200_000
    refused(Landscape, [f"s{i}" for i in range(n)], np.ones(n), [[0.0]],
            match="actors 200,000 would need ~320 GB; the limit is 2,000")  # fmt: skip


def test_sweep_grids_and_samples_are_counted_before_allocation():
    from foedus.sweep import ParamSpec, design_points, parse_param

    refused(parse_param, "a=0:1:1000000000", match="points 1e9 would need ~1 TB; the limit is 1e6")
    refused(parse_param, "a=0:inf", match="finite numbers")
    grid = [ParamSpec(n, values=tuple(range(1000))) for n in ("a", "b", "c")]
    refused(design_points, grid, match="grid points 1e9 would need ~32 GB")
    ranges = [ParamSpec(n, low=0, high=1) for n in ("a", "b")]
    refused(design_points, ranges, "lhs", samples=10**12, match="sampled points 1e12 would need")
    refused(design_points, ranges, "sobol", samples=2**40, match="sampled points 6.6e12")


# ----------------------------------------------------------------------------- outputs
def test_output_paths_are_checked_before_the_work(tmp_path):
    refused(check_output, tmp_path / "missing" / "out.csv", match="its folder does not exist")
    refused(check_output, tmp_path, match="is a folder")
    refused(check_output, write(tmp_path / "f.csv", "x"), folder=True, match="is a file, not a folder")
    refused(check_output, write(tmp_path / "f2", "x") / "out.csv", match="its folder is not a folder")
    refused(check_output, "", match="the output path is empty")
    assert check_output(tmp_path / "out.csv") == tmp_path / "out.csv"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_unwritable_outputs(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    refused(check_output, locked / "out.csv", match="cannot write in its folder")
    ro = write(tmp_path / "ro.csv", "x")
    ro.chmod(0o400)
    refused(check_output, ro, match="read-only")


def test_a_multi_file_output_is_replaced_as_a_set(tmp_path):
    out = tmp_path / "figures"
    with atomic_folder(out) as tmp:
        write(tmp / "a.png", "old a")
        write(tmp / "b.png", "old b")
    with pytest.raises(RuntimeError), atomic_folder(out) as tmp:
        write(tmp / "a.png", "new a")
        raise RuntimeError("interrupted half-way")
    assert {p.name: p.read_text() for p in out.iterdir()} == {"a.png": "old a", "b.png": "old b"}
    with atomic_folder(out) as tmp:
        write(tmp / "c.png", "new c")
    assert [p.name for p in out.iterdir()] == ["c.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures"]  # no .part, no .old left


def test_report_figures_are_written_as_a_set(tmp_path, scenario, monkeypatch):
    from foedus.report import document, write_report

    png = write(tmp_path / "png" / "old.png", "old").parent

    def broken(page, folder):
        write(Path(folder) / "map-x.png", "half")
        raise RuntimeError("disk full")

    monkeypatch.setattr(document, "write_pngs", broken)
    with pytest.raises(RuntimeError):
        write_report(scenario, tmp_path / "r.html", png_dir=png, parts=["obligations"], events=["senkaku"])
    assert [p.name for p in png.iterdir()] == ["old.png"] and not (tmp_path / "r.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["png"]


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_atomic_outputs_get_the_permissions_a_plain_write_would(tmp_path, mask):
    """mkstemp/mkdtemp make private temporaries; what is renamed into place honours the umask
    (and a file written over keeps its mode), as open() and mkdir() would."""
    from foedus.atomic import write_text

    old = os.umask(mask)
    try:
        f = write_text(tmp_path / "table.csv", "a\n")
        with atomic_folder(tmp_path / "figures") as d:
            (d / "a.png").write_bytes(b"png")
    finally:
        os.umask(old)
    assert f.stat().st_mode & 0o777 == 0o666 & ~mask
    assert (tmp_path / "figures").stat().st_mode & 0o777 == 0o777 & ~mask
    f.chmod(0o640)
    write_text(f, "b\n")
    assert f.stat().st_mode & 0o777 == 0o640
