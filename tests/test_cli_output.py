"""Every command that prints a result: ``--format table|csv|json`` and ``--out FILE`` by extension,
the path checked before the work starts and the file written atomically."""

import io
import json
import os

import pandas as pd
import pytest

from tests.test_cli import run

SCENARIO = "scenarios/asian-nato.yaml"
NO_DATA = {"FOEDUS_DATA_DIR": "/nonexistent-foedus-data"}  # a fresh install: no data folder


@pytest.mark.parametrize(
    ("args", "columns"),
    [
        (["compare", SCENARIO, "--event", "senkaku", "--draws", "300"], {"event", "design", "p_deterred"}),
        (["simulate", SCENARIO, "--event", "korea", "--draws", "300"], {"state", "status", "p_force"}),
        (["obligations", SCENARIO, "--event", "senkaku"], {"design", "treaty", "state", "status", "reason"}),
        (["treaty", "show", "scenarios/treaties/anzus-1951.yaml"], {"obligation", "by", "to", "article"}),
        (["landscape", "--top", "8"], {"rank", "energy", "side_a", "side_b"}),
        (["power", "--quota", "3", "-w", "2", "-w", "1", "-w", "1"], {"name", "shapley_shubik"}),
        (["world", "--region", "oceania"], {"ccode", "abb", "cinc"}),
        (["data", "list"], {"name", "version", "present"}),
    ],
)
def test_csv_from_every_kind_of_command(args, columns):
    r = run(*args, "--format", "csv", env=NO_DATA)
    assert r.returncode == 0, r.stderr
    table = pd.read_csv(io.StringIO(r.stdout))
    assert columns <= set(table.columns) and len(table) > 0


def test_out_writes_each_file_type_by_extension(tmp_path):
    """The same table as --format csv prints, in CSV, Parquet and Stata; JSON as --format json."""
    args = ["obligations", SCENARIO, "--event", "second-thomas-shoal"]
    printed = pd.read_csv(io.StringIO(run(*args, "--format", "csv", env=NO_DATA).stdout))
    for ext, read in (("csv", pd.read_csv), ("parquet", pd.read_parquet), ("dta", pd.read_stata)):
        path = tmp_path / f"t.{ext}"
        r = run(*args, "--out", str(path), env=NO_DATA)
        assert r.returncode == 0, r.stderr
        assert f"wrote {path}" in r.stderr and "second-thomas-shoal" not in r.stderr
        written = read(path)
        assert list(written.columns) == list(printed.columns), ext
        assert written.status.tolist() == printed.status.tolist(), ext
        assert written.reason.tolist() == printed.reason.tolist(), ext
    r = run(*args, "--format", "json", "--out", str(tmp_path / "t.json"), env=NO_DATA)
    assert json.loads((tmp_path / "t.json").read_text()) == json.loads(r.stdout)


@pytest.mark.parametrize(
    ("out", "needle"),
    [
        ("missing-folder/t.csv", "does not exist"),
        (".", "is a folder"),
        ("t.xlsx", "cannot write a .xlsx file"),
        ("t", "without an extension"),
    ],
)
def test_a_bad_out_path_is_refused_before_the_work(tmp_path, out, needle):
    """The event id is wrong too: the --out error comes first, so nothing ran before it."""
    r = run("obligations", SCENARIO, "--event", "no-such-event", "--out", str(tmp_path / out), env=NO_DATA)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_out_file_is_refused(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("kept\n")
    path.chmod(0o444)
    r = run("world", "--out", str(path), env=NO_DATA)
    assert r.returncode == 2 and "read-only" in r.stderr and path.read_text() == "kept\n"


def test_an_interrupted_write_keeps_the_old_file(tmp_path, monkeypatch):
    from foedus import output

    path = tmp_path / "t.dta"
    output.write_result(path, pd.DataFrame({"a": [1]}))
    before = path.read_bytes()

    def broken(frame, dest):
        dest.write_bytes(b"half a file")
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "to_stata", broken)
    with pytest.raises(KeyboardInterrupt):
        output.write_result(path, pd.DataFrame({"a": [2]}))
    assert path.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["t.dta"]


def test_stata_gets_valid_names_and_no_python_objects(tmp_path):
    from foedus.output import write_result

    frame = pd.DataFrame(
        {
            "p_force.USA": [0.5, 0.25],
            "bound": [("USA", "JPN"), ()],
            "meets": [True, None],
            "n": pd.array([1, None], dtype="Int64"),
            "x" * 40: ["a", None],
        }
    )
    write_result(tmp_path / "t.dta", frame)
    back = pd.read_stata(tmp_path / "t.dta")
    assert list(back.columns) == ["p_force_USA", "bound", "meets", "n", "x" * 32]
    assert back.bound.tolist() == ['["USA", "JPN"]', "[]"]
    assert back.meets.tolist()[0] == 1 and pd.isna(back.meets.tolist()[1]) and pd.isna(back.n[1])


def test_every_result_command_takes_csv_and_out():
    """Commands that print results (not serve, fetch, snapshot, cite, report, sweep's own files)
    take the shared Format (table, csv, json) and --out."""
    import inspect

    from foedus.cli import app
    from foedus.cli.app import Format

    commands = [(c.name or c.callback.__name__, c.callback) for c in app.registered_commands]
    for group in app.registered_groups:
        commands += [(f"{group.name} {c.name}", c.callback) for c in group.typer_instance.registered_commands]
    no_table = {"serve", "report", "cite", "sweep", "data fetch", "data snapshot"}
    missing = []
    for name, callback in commands:
        params = inspect.signature(callback).parameters
        if name in no_table:
            continue
        if not any(isinstance(p.default, Format) for p in params.values()) or "out_file" not in params:
            missing.append(name)
    assert len(commands) > 15 and set(Format) == {Format.table, Format.csv, Format.json}
    assert not missing, f"commands without --format csv or --out: {missing}"


def test_demo_names_every_study_table_in_its_help():
    from foedus.cli.study import _PARTS
    from foedus.study import PARTS

    assert _PARTS == ", ".join(PARTS)
