"""Issue 16, property-based: malformed files and values get a short FoedusError, never a traceback.

Hypothesis mutates the shipped scenario, treaty, places and issue files (nasty snippets, cut
text, other encodings) and builds random YAML documents from the schemas' own keys; every
reader must load the file or refuse it with a :class:`~foedus.errors.FoedusError` of at most
three short lines, within a deadline. The same for the values of every limit and ``--param``.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus import limits
from foedus.errors import FoedusError

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
SETTINGS = settings(
    max_examples=40,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,  # one seed, one answer: the same examples on every run
)

NASTY = [
    "[", "]", "{", "}", "&a ", "*a", "*nope", "<<: *a", "\x00", "\t", "'", '"', ": ", "- ", "\n  ",
    "\n- ", "? ", "|", ">", "!!python/object/apply:os.system [x]", "!tag ", "1e308", "-1e308", ".nan",
    ".inf", "~", "null", "[[[[[[[[[[", "{a: {b: {c: ", "/etc/passwd", "../../etc/passwd", "%YAML 1.1\n",
    "---\n", "...\n", "\ufeff", "\u202e", "\ud7ff", "x" * 500, "0x10", "2020-01-01", "yes", "=",
]  # fmt: skip


@st.composite
def mutated(draw, text: str) -> bytes:
    """``text`` with a few edits: a nasty snippet or random text inserted, a span cut; then an encoding."""
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["nasty", "text", "cut"]))
        if kind == "nasty":
            text = text[:at] + draw(st.sampled_from(NASTY)) + text[at:]
        elif kind == "text":
            text = text[:at] + draw(st.text(max_size=20)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 200)) :]
    encoding = draw(st.sampled_from(["utf-8"] * 6 + ["utf-16", "latin-1", "utf-8-sig"]))
    return text.encode(encoding, errors="replace")


def keys_of(*texts: str) -> list[str]:
    """Every key the shipped files use (so random documents reach the validators)."""
    out: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            out.update(str(k) for k in node)
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    for t in texts:
        walk(yaml.safe_load(t))
    return sorted(out)


SCALARS = (
    st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats() | st.text(max_size=30)
    | st.sampled_from(["USA", "JPN", "CHN", "senkaku", "defence", "armed_attack", "treaties/quad.yaml"])
)  # fmt: skip


def documents(keys: list[str]):
    """Random YAML documents whose mappings use ``keys`` (and a few others)."""
    key = st.sampled_from(keys) | st.text(max_size=8)
    return st.recursive(
        SCALARS,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(key, inner, max_size=6),
        max_leaves=25,
    )


def short(exc: BaseException) -> None:
    text = str(exc)
    lines = text.splitlines()
    assert 1 <= len(lines) <= 3 and all(len(line) < 300 for line in lines), text
    assert "Traceback" not in text


def check(load, path: Path) -> None:
    """``load(path)`` loads or refuses with a short FoedusError; anything else fails the test."""
    try:
        load(path)
    except FoedusError as exc:
        short(exc)


def _folder() -> tempfile.TemporaryDirectory:
    tmp = tempfile.TemporaryDirectory()
    (Path(tmp.name) / "treaties").symlink_to(SCENARIOS / "treaties", target_is_directory=True)
    return tmp


NO_DATA = mock.patch.dict(os.environ, {"FOEDUS_DATA_DIR": "/nonexistent-foedus-data"})


def _loader(kind: str):
    from foedus.bargaining import read_problems
    from foedus.places import load_places
    from foedus.scenario import load_scenario
    from foedus.treaty import load_treaty

    return {"scenario": load_scenario, "treaty": load_treaty, "places": load_places, "issues": read_problems}[
        kind
    ]


FILES = {
    "scenario": (SCENARIOS / "asian-nato.yaml", "s.yaml"),
    "treaty": (SCENARIOS / "treaties" / "anzus-1951.yaml", "t.yaml"),
    "places": (SCENARIOS / "places-europe.yaml", "p.yaml"),
    "issues": (SCENARIOS / "asian-nato-adoption.yaml", "i.yaml"),
    "issues-csv": (SCENARIOS / "asian-nato-adoption.csv", "i.csv"),
}


@pytest.mark.parametrize("kind", sorted(FILES))
def test_mutated_files_are_loaded_or_refused_in_one_line(kind):
    source, name = FILES[kind]
    load = _loader(kind.removesuffix("-csv"))

    @SETTINGS
    @given(data=mutated(source.read_text(encoding="utf-8")))
    def run(data: bytes) -> None:
        with _folder() as folder, NO_DATA:
            path = Path(folder) / name
            path.write_bytes(data)
            check(load, path)

    run()


@pytest.mark.parametrize("kind", ["scenario", "treaty", "places", "issues"])
def test_random_documents_are_loaded_or_refused_in_one_line(kind):
    source, name = FILES[kind]
    keys = keys_of(source.read_text(encoding="utf-8"))
    load = _loader(kind)

    @SETTINGS
    @given(doc=documents(keys) | st.lists(documents(keys), max_size=3))
    def run(doc) -> None:
        with _folder() as folder, NO_DATA:
            path = Path(folder) / name
            path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
            check(load, path)

    run()


@SETTINGS
@given(st.lists(st.lists(st.text(max_size=6) | st.sampled_from(["1", "0", "100", "-1", "1e308", "nan", ""]),
                         min_size=1, max_size=6), min_size=1, max_size=8))  # fmt: skip
def test_random_csv_tables_are_read_or_refused(rows):
    from foedus.bargaining import read_problems

    header = ["actor", "capability", "position", "salience", "issue"][: len(rows[0])]
    text = "\n".join(",".join(r) for r in [header, *rows[1:]]) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "i.csv"
        path.write_text(text, encoding="utf-8")
        check(read_problems, path)


VALUES = (
    st.integers(-(10**40), 10**40) | st.floats() | st.booleans() | st.none() | st.text(max_size=12)
    | st.decimals(allow_nan=True) | st.lists(st.integers(), max_size=2)
)  # fmt: skip


@SETTINGS
@given(value=VALUES, limit=st.sampled_from(limits.LIMITS))
def test_limit_values_are_an_int_in_range_or_one_line(value, limit):
    try:
        n = limit.check(value, "--option")
    except FoedusError as exc:
        short(exc)
    else:
        assert isinstance(n, int) and 1 <= n <= limit.value
    try:
        assert 0 <= limits.check_seed(value) <= limits.MAX_SEED
    except FoedusError as exc:
        short(exc)


@SETTINGS
@given(st.text(max_size=60) | st.from_regex(r"[a-z.]{1,12}=[-0-9e.:,inf]{0,20}", fullmatch=True))
def test_sweep_params_are_parsed_or_refused(text):
    from foedus.sweep import parse_param

    try:
        spec = parse_param(text)
    except FoedusError as exc:
        short(exc)
    else:
        values = spec.values or (spec.low, spec.high)
        assert all(v == v and abs(v) != float("inf") for v in values)
