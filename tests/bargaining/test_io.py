"""Reading bargaining problems: every case file loads; bad input gets a clear error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from foedus.bargaining import (
    problem_from_mapping,
    problems_from_frame,
    problems_from_mapping,
    read_problem,
    read_problems,
    read_yaml,
)
from foedus.errors import InputError

HEADER = "actor,capability,position,salience\n"

CASES = {
    # file: (actors, dimensions, salience scale)
    "bdm_scholz2011_ec10_inputs.csv": (10, 1, 1),
    "bdm_china1989_inputs.csv": (24, 1, 100),
    "bdm_sultan_oilprice_inputs.csv": (17, 1, 1),
    "bdm_honduras_nicaragua_inputs.csv": (5, 1, 1),
    "bdm_ww1_minimalgeek_inputs.csv": (10, 1, 1),
    "bdm_ww1_bdm7_minimalgeek_inputs.csv": (7, 1, 1),
    "ktab_dummy3dim_inputs.csv": (7, 3, 100),
    "ktab_soe_pol_comp_inputs.csv": (13, 2, 100),
}


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_case_file_loads(cases_dir, name) -> None:
    n, d, sal_scale = CASES[name]
    p = read_problem(cases_dir / name)
    assert (p.n_actors, p.n_dims) == (n, d)
    assert p.metadata["salience_scale"] == sal_scale
    assert 0 <= p.salience.min() and p.salience.max() <= 1
    assert p.source == str(cases_dir / name)


def test_all_case_input_files_are_covered(cases_dir) -> None:
    on_disk = {f.name for f in cases_dir.glob("*_inputs.csv") if f.name.startswith(("bdm", "ktab"))}
    assert on_disk <= set(CASES)


def test_china_saliences_are_divided_by_100(cases_dir) -> None:
    p = read_problem(cases_dir / "bdm_china1989_inputs.csv")
    assert p.metadata["salience_scale_inferred"] is False  # the column says salience_0_100
    assert p.salience[p.actors.index("Zeming"), 0] == 0.5
    assert p.capability[p.actors.index("Zeming")] == 80


def test_ec10_values(cases_dir) -> None:
    p = read_problem(cases_dir / "bdm_scholz2011_ec10_inputs.csv")
    assert p.actors[:3] == ("Netherlands", "Belgium", "Luxembourg")
    assert p.position[:, 0].tolist() == [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
    assert p.metadata["salience_scale_inferred"] is True


def test_ktab_wide_columns_become_dimensions(cases_dir) -> None:
    p = read_problem(cases_dir / "ktab_soe_pol_comp_inputs.csv")
    assert p.dimensions == ("policy", "competitive")
    assert p.capability[p.actors.index("XJ")] == 100.0
    np.testing.assert_allclose(p.salience[p.actors.index("XJ")], [0.24, 0.48])
    q = read_problem(cases_dir / "ktab_dummy3dim_inputs.csv")
    assert q.dimensions == ("dim1", "dim2", "dim3")


# ------------------------------------------------------------------ salience scale


def test_salience_scale_inferred_from_values(tmp_path) -> None:
    p = read_problem(write(tmp_path, HEADER + "A,1,0,50\nB,1,100,1\n"))
    assert p.metadata == {
        "salience_scale": 100,
        "salience_scale_inferred": True,
        "scale_inferred": True,
    }
    np.testing.assert_allclose(p.salience[:, 0], [0.5, 0.01])


def test_explicit_salience_scale_wins(tmp_path) -> None:
    path = write(tmp_path, HEADER + "A,1,0,0.5\nB,1,100,1\n")
    p = read_problem(path, salience_scale=100)
    np.testing.assert_allclose(p.salience[:, 0], [0.005, 0.01])
    assert p.metadata["salience_scale_inferred"] is False


def test_salience_outside_declared_scale(tmp_path) -> None:
    path = write(tmp_path, HEADER + "A,1,0,0.5\nB,1,100,50\n")
    match = r"in\.csv, line 3, actor 'B', column 'salience'.*\[0, 1\]"
    with pytest.raises(InputError, match=match):
        read_problem(path, salience_scale=1)


def test_salience_above_100(tmp_path) -> None:
    with pytest.raises(InputError, match=r"line 2, actor 'A'.*\[0, 100\].*got 120"):
        read_problem(write(tmp_path, HEADER + "A,1,0,120\nB,1,100,50\n"))


def test_bad_salience_scale_argument(tmp_path) -> None:
    with pytest.raises(InputError, match="salience_scale=10 is not 1 or 100"):
        read_problem(write(tmp_path, HEADER + "A,1,0,1\nB,1,100,1\n"), salience_scale=10)


def test_salience_scale_contradicting_the_column(tmp_path) -> None:
    path = write(tmp_path, "actor,capability,position,salience_0_100\nA,1,0,50\nB,1,9,9\n")
    with pytest.raises(InputError, match="contradicts"):
        read_problem(path, salience_scale=1)


# ----------------------------------------------------------------- bad CSV input


def test_missing_column(tmp_path) -> None:
    path = write(tmp_path, "actor,capability,position\nA,1,0\nB,1,100\n")
    with pytest.raises(InputError, match=r"in\.csv: missing column 'salience'") as err:
        read_problem(path)
    assert "actor, capability, position, salience" in str(err.value)


@pytest.mark.parametrize(
    ("row", "match"),
    [
        ("B,1,,0.5", r"line 3, actor 'B', column 'position'.*empty cell"),
        ("B,1,abc,0.5", r"line 3, actor 'B', column 'position'.*'abc'"),
        ("B,1,NaN,0.5", r"line 3, actor 'B', column 'position'.*'NaN'"),
        ("B,x,10,0.5", r"line 3, actor 'B', column 'capability'"),
        ("B,-1,10,0.5", r"actor 'B', column 'capability'.*> 0"),
        ("B,1,10,-0.5", r"line 3, actor 'B', column 'salience'"),
        (",1,10,0.5", r"line 3, column 'actor'.*empty"),
        ("A,1,10,0.5", r"line 3: actor 'A' appears twice"),
    ],
)
def test_bad_cells(tmp_path, row, match) -> None:
    with pytest.raises(InputError, match=match):
        read_problem(write(tmp_path, HEADER + "A,1,0,0.5\n" + row + "\n"))


def test_missing_positions_dropped_on_request(tmp_path) -> None:
    text = HEADER + "A,1,0,0.5\nB,1,,0.5\nC,2,100,NA\nD,1,60,1\n"
    path = write(tmp_path, text)
    with pytest.raises(InputError, match=r"line 3, actor 'B', column 'position'.*empty cell"):
        read_problem(path)
    p = read_problem(path, missing="drop")
    assert p.actors == ("A", "D")
    assert p.metadata["dropped_actors"] == ("B", "C")
    with pytest.raises(InputError, match="missing='keep'"):
        read_problem(path, missing="keep")


def test_single_actor(tmp_path) -> None:
    with pytest.raises(InputError, match=r"in\.csv.*only one actor \(A\)"):
        read_problem(write(tmp_path, HEADER + "A,1,0,0.5\n"))


def test_no_rows(tmp_path) -> None:
    with pytest.raises(InputError, match="no actors"):
        read_problem(write(tmp_path, HEADER))


def test_position_outside_a_given_scale(tmp_path) -> None:
    path = write(tmp_path, HEADER + "A,1,0,0.5\nB,1,120,0.5\n")
    with pytest.raises(InputError, match=r"line 3, actor 'B', column 'position'.*\[0, 100\]"):
        read_problem(path, scale=(0, 100))


def test_scale_inference(tmp_path) -> None:
    assert read_problem(write(tmp_path, HEADER + "A,1,0,1\nB,1,0.4,1\n")).scale == (0, 1)
    assert read_problem(write(tmp_path, HEADER + "A,1,0,1\nB,1,40,1\n")).scale == (0, 100)
    assert read_problem(write(tmp_path, HEADER + "A,1,-5,1\nB,1,400,1\n")).scale == (-5, 400)
    p = read_problem(write(tmp_path, HEADER + "A,1,0,1\nB,1,4,1\n"), scale=(0, 10))
    assert p.scale == (0, 10) and p.metadata["scale_inferred"] is False


def test_missing_file_and_unknown_type(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_problem(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="unknown file type"):
        read_problem(write(tmp_path, "x", "in.xlsx"))


# --------------------------------------------------------- many issues, dimensions


def test_long_csv_with_issue_column(tmp_path) -> None:
    text = (
        "issue,actor,capability,position,salience\n"
        "tax,A,1,0,0.5\ntax,B,2,100,0.5\n"
        "trade,A,1,30,1\ntrade,B,2,60,0.2\ntrade,C,1,90,0.4\n"
    )
    path = write(tmp_path, text)
    problems = read_problems(path)
    assert [p.name for p in problems] == ["tax", "trade"]
    assert [p.n_actors for p in problems] == [2, 3]
    with pytest.raises(InputError, match="holds 2 issues"):
        read_problem(path)


def test_single_actor_issue_named(tmp_path) -> None:
    text = "issue,actor,capability,position,salience\nx,A,1,0,1\nx,B,1,1,1\ny,A,1,0,1\n"
    with pytest.raises(InputError, match=r"issue 'y': only one actor"):
        read_problems(write(tmp_path, text))


def test_dimension_column(tmp_path) -> None:
    text = (
        "actor,dimension,capability,position,salience\n"
        "A,tax,1,0,0.5\nA,trade,1,10,0.4\nB,tax,2,100,0.5\nB,trade,2,90,0.1\n"
    )
    p = read_problem(write(tmp_path, text))
    assert p.dimensions == ("tax", "trade")
    np.testing.assert_allclose(p.position, [[0, 10], [100, 90]])


def test_dimension_column_inconsistent_capability(tmp_path) -> None:
    text = "actor,dimension,capability,position,salience\nA,x,1,0,1\nA,y,2,0,1\nB,x,1,1,1\n"
    with pytest.raises(InputError, match=r"line 3, actor 'A', column 'capability'.*differs"):
        read_problem(write(tmp_path, text))


def test_dimension_column_missing_cell(tmp_path) -> None:
    text = "actor,dimension,capability,position,salience\nA,x,1,0,1\nA,y,1,0,1\nB,x,1,1,1\n"
    with pytest.raises(InputError, match=r"actor 'B' has no row for dimension 'y'"):
        read_problem(write(tmp_path, text))


def test_frame_with_numbers() -> None:
    frame = pd.DataFrame({"actor": ["A", "B"], "power": [1.0, 3.0], "position": [0, 100], "salience": [1, 1]})
    (p,) = problems_from_frame(frame, source="frame", name="demo")
    assert p.name == "demo" and p.capability.tolist() == [1.0, 3.0]


# ------------------------------------------------------------------ mappings, YAML

MAPPING = {
    "name": "asian-nato",
    "scale": [0, 100],
    "actors": [
        {"actor": "JPN", "capability": 0.2, "position": 60, "salience": 80},
        {"actor": "CHN", "capability": 0.4, "position": 0, "salience": 90},
        {"actor": "USA", "capability": 0.5, "position": 70, "salience": 40},
    ],
}


def test_mapping() -> None:
    p = problem_from_mapping(MAPPING, source="scenario.yaml")
    assert p.name == "asian-nato" and p.actors == ("JPN", "CHN", "USA")
    assert p.scale == (0, 100) and p.metadata["scale_inferred"] is False
    np.testing.assert_allclose(p.salience[:, 0], [0.8, 0.9, 0.4])


def test_yaml_file_and_section(tmp_path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({"title": "x", "bargaining": MAPPING}))
    (p,) = read_yaml(path, key="bargaining")
    assert p.n_actors == 3
    plain = tmp_path / "p.yml"
    plain.write_text(yaml.safe_dump(MAPPING))
    assert read_problem(plain).actors == p.actors


def test_mapping_with_issues_and_dimensions() -> None:
    mapping = {
        "scale": [0, 100],
        "issues": [
            MAPPING,
            {
                "name": "two-d",
                "dimensions": ["depth", "scope"],
                "actors": [
                    {"actor": "A", "capability": 1, "position": [10, 20], "salience": 0.5},
                    {"actor": "B", "capability": 1, "position": [90, 80], "salience": [1, 0.2]},
                ],
            },
        ],
    }
    a, b = problems_from_mapping(mapping)
    assert a.name == "asian-nato" and b.dimensions == ("depth", "scope")
    np.testing.assert_allclose(b.salience, [[0.5, 0.5], [1, 0.2]])


@pytest.mark.parametrize(
    ("mapping", "match"),
    [
        ({"name": "x"}, "missing key 'actors'"),
        ({"actors": "JPN"}, "must be a list"),
        ({"actors": [{"actor": "A", "capability": 1, "position": 0}]}, r"actors\[0\].*'salience'"),
        ({"actors": [{"actor": "A", "capability": 1, "position": 0, "salience": 1}]}, "only one"),
        (
            {
                "actors": [
                    {"actor": "A", "capability": 1, "position": 0, "salience": 1},
                    {"actor": "B", "capability": 1, "position": None, "salience": 1},
                ]
            },
            r"actors\[1\], actor 'B', column 'position'",
        ),
        ({**MAPPING, "scale": [100, 0]}, "low < high"),
        ({**MAPPING, "salience_scale": 1}, r"actor 'JPN'.*\[0, 1\]"),
        ([1, 2], "expected a mapping"),
    ],
)
def test_bad_mappings(mapping, match) -> None:
    with pytest.raises(InputError, match=match):
        problems_from_mapping(mapping, source="scenario.yaml")


def test_bad_yaml(tmp_path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("actors: [unclosed\n")
    with pytest.raises(InputError, match="not valid YAML"):
        read_yaml(path)


def test_yaml_rejects_misspelt_keys_and_keeps_documentation(tmp_path):
    from foedus.bargaining.io import read_yaml
    from foedus.errors import InputError

    path = tmp_path / "issue.yaml"
    path.write_text(
        "name: x\nactors:\n"
        "  - {actor: A, capability: 1, position: 10, salience: 0.5,\n"
        "     source: 'a statement', justification: why}\n"
        "  - {actor: B, capability: 1, posiiton: 20, salience: 0.5}\n"
    )
    with pytest.raises(InputError, match=r"unknown key 'posiiton' \(did you mean 'position'\?\)"):
        read_yaml(path)
    path.write_text(path.read_text().replace("posiiton", "position"))
    (problem,) = read_yaml(path)
    assert problem.metadata["actor_info"] == {"A": {"source": "a statement", "justification": "why"}}


# ------------------------------------------------------ DEU columns: status quo, rule, procedure

DEU_HEADER = "issue,actor,capability,position,salience,reference_point,voting_rule,procedure\n"


def test_deu_columns_are_carried_on_the_problem(tmp_path) -> None:
    text = DEU_HEADER + "p1i1,A,1,0,50,20,QMV,COD\np1i1,B,2,100,40,20,QMV,COD\n"
    text += "p1i2,A,1,0,50,,Unan,CNS\np1i2,B,2,100,40,,Unan,CNS\n"
    a, b = read_problems(write(tmp_path, text))
    assert a.reference_point.tolist() == [20.0] and a.voting_rule == "QMV" and a.procedure == "COD"
    assert b.reference_point is None and b.voting_rule == "unanimity" and b.procedure == "CNS"


def test_deu_training_file_reads(cases_dir) -> None:
    problems = read_problems(cases_dir / "deu3_train_issues.csv")
    assert len(problems) == 168
    assert sum(p.reference_point is not None for p in problems) == 114
    assert {p.voting_rule for p in problems} == {"QMV", "unanimity"}
    assert {p.procedure for p in problems} == {"COD", "CNS"}


@pytest.mark.parametrize(
    ("rows", "match"),
    [
        ("x,A,1,0,50,20,QMV,COD\nx,B,1,9,50,30,QMV,COD\n", r"line 3, actor 'B', column 'reference_point'"),
        ("x,A,1,0,50,20,QMV,COD\nx,B,1,9,50,20,QMV,CNS\n", r"line 3, actor 'B', column 'procedure'.*differs"),
        ("x,A,1,0,50,abc,QMV,COD\nx,B,1,9,50,20,QMV,COD\n", r"line 2, actor 'A'.*'abc'"),
        ("x,A,1,0,50,20,QMW,COD\nx,B,1,9,50,20,QMW,COD\n", r"voting_rule 'QMW' is not known.*QMV"),
    ],
)
def test_bad_deu_columns(tmp_path, rows, match) -> None:
    with pytest.raises(InputError, match=match):
        read_problems(write(tmp_path, DEU_HEADER + rows))


def test_reference_point_outside_a_given_scale(tmp_path) -> None:
    path = write(tmp_path, DEU_HEADER + "x,A,1,0,50,120,QMV,COD\nx,B,1,9,50,120,QMV,COD\n")
    with pytest.raises(InputError, match=r"line 2, actor 'A', column 'reference_point'.*\[0, 100\]"):
        read_problems(path, scale=(0, 100))


def test_mapping_carries_issue_inputs() -> None:
    (p,) = problems_from_mapping({**MAPPING, "reference_point": 10, "voting_rule": "QMV", "procedure": "cod"})
    assert p.reference_point.tolist() == [10.0] and p.procedure == "COD"
    assert p.to_dict()["reference_point"] == [10.0]
