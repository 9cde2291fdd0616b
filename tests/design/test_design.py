"""The pact design search (foedus.design): the space, the objectives, the search, the CLI.

Kept fast: a small space on two flashpoints with few draws; the shipped space's full search is
the CLI's (its timing is recorded in the issue, not tested here).
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from foedus.design import DesignPoint, DesignResult, DesignSpace, Objectives, load_space, search
from foedus.design.search import dominates, non_dominated
from foedus.errors import InputError
from foedus.scenario import load_scenario, shipped_scenario
from foedus.treaty import Treaty

EVENTS = ["korea", "senkaku"]
DRAWS = 64
SMALL = {  # 12 designs: 4 memberships x (defence with or without the clause, or consultation)
    "name": "small",
    "base": "hub_and_spoke",
    "members": {"always": ["USA"], "candidates": ["JPN", "ROK", "AUL"]},
    "obligations": ["defence", "consultation"],
    "scopes": {"territory": {"location": ["member_territory", "administered_territory"]}},
    "clauses": {"constitutional_processes": {"response": "constitutional_processes"}},
    "constraints": {"min_members": 3},
    "acceptance": {"actors": {"JPN": ["JPN-PM", "JPN-MOFA", "JPN-Komeito"]}},
}
WIDER = {  # for the cheap objectives: more scopes and an exclusion
    **SMALL,
    "members": {"always": ["USA"], "candidates": ["JPN", "ROK", "AUL", "PHI"]},
    "scopes": {
        "territory": {"location": ["member_territory", "administered_territory"]},
        "homeland": {"location": ["member_territory"]},
    },
    "clauses": {
        "constitutional_processes": {"response": "constitutional_processes"},
        "armed_attack_only": {"attack_kinds": ["armed_attack"]},
        "philippine_opt_out": {"opt_out": ["PHI"]},
    },
}


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(shipped_scenario())


@pytest.fixture(scope="module")
def small() -> DesignSpace:
    return DesignSpace.model_validate(SMALL)


@pytest.fixture(scope="module")
def exhaustive(scenario, small) -> DesignResult:
    return search(scenario, small, method="exhaustive", seed=3, draws=DRAWS, events=EVENTS, budget=500)


@pytest.fixture(scope="module")
def evolutionary(scenario, small) -> DesignResult:
    return search(scenario, small, method="nsga2", seed=3, draws=DRAWS, events=EVENTS, budget=10, pop_size=5)


def _f(entries) -> np.ndarray:
    return np.array([e.evaluation.minimised() for e in entries])


# ----------------------------------------------------------------------------- the space
def test_every_point_of_the_small_space_is_a_valid_treaty(small):
    assert len(DesignSpace.model_validate(WIDER).points()) > 12
    points = small.points()
    assert len(points) == len(set(points)) == 12
    for p in points:
        t = small.treaty(p)
        assert isinstance(t, Treaty) and len(t.members) >= 3
        assert Treaty.model_validate(t.model_dump()) == t
        assert small.decode(small.encode(p)) == p


def test_random_genes_of_the_shipped_space_give_valid_treaties_or_named_violations():
    space = load_space(shipped_scenario("asian-nato-space.yaml"))
    rng = np.random.default_rng(0)
    lo, hi = space.bounds()
    feasible = 0
    for _ in range(300):
        p = space.decode(rng.integers(lo, hi + 1))
        if space.feasible(p):
            feasible += 1
            assert isinstance(space.treaty(p), Treaty)
        else:
            assert space.violations(p)
            with pytest.raises(InputError, match="infeasible"):
                space.treaty(p)
    assert feasible > 10


def test_constraints_hold(small):
    space = DesignSpace.model_validate(
        {
            **SMALL,
            "constraints": {
                "min_members": 3,
                "requires": [{"member": "JPN", "clause": "constitutional_processes"}],
            },
        }
    )
    for p in space.points():
        if "JPN" in p.members and p.obligation == "defence":
            assert "constitutional_processes" in p.clauses
    bare = DesignPoint(("USA", "JPN", "ROK"), "defence", "territory", ())
    assert space.violations(bare) == ["JPN only with constitutional_processes"]
    # a consultation pact needs no response clause: the requirement is met
    assert space.feasible(DesignPoint(("USA", "JPN", "ROK"), "consultation", "territory", ()))


def test_bad_space_file_is_one_line_naming_file_and_key(tmp_path):
    f = tmp_path / "space.yaml"
    f.write_text("name: x\nbase: hub_and_spoke\nmembers: {candidates: [USA, JPN]}\nobligation: [defence]\n")
    with pytest.raises(InputError) as exc:
        load_space(f)
    msg = str(exc.value)
    assert "space.yaml" in msg and "obligation" in msg and "\n" not in msg
    f.write_text(
        "name: x\nbase: hub_and_spoke\nmembers: {candidates: [USA, JPN, ROK]}\nobligations: [defence]\n"
        "scopes: {t: {location: [member_territory]}}\n"
        "constraints: {requires: [{member: JPN, clause: nope}]}\n"
    )
    with pytest.raises(InputError, match=r"space\.yaml.*nope"):
        load_space(f)
    f.write_text(
        "name: x\nbase: hub_and_spoke\nmembers: {candidates: [USA, ATLANTIS]}\nobligations: [defence]\n"
        "scopes: {t: {location: [member_territory]}}\n"
    )
    with pytest.raises(InputError, match=r"space\.yaml.*members"):
        load_space(f)


# ----------------------------------------------------------------------------- the search
def test_dominance_helpers():
    f = np.array([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    assert non_dominated(f).tolist() == [0, 1]
    assert dominates(f[0], f[2]) and not dominates(f[0], f[1])


def test_exhaustive_front_is_non_dominated_and_valid(exhaustive, small):
    assert exhaustive.method == "exhaustive" and exhaustive.evaluated == len(small.points())
    f = _f(exhaustive.front)
    for i in range(len(f)):
        assert not any(dominates(f[j], f[i]) for j in range(len(f)) if j != i)
    for e in exhaustive.front:
        assert small.feasible(e.point) and isinstance(e.evaluation.treaty, Treaty)
    for e in exhaustive.dominated:
        assert e.dominated_by, "a design off the front names who dominates it"


def test_evolutionary_returns_points_of_the_exhaustive_front(exhaustive, evolutionary):
    """Every design NSGA-II returns is on the exhaustive front, and it recovers at least half of it."""
    exact = {e.point: e.evaluation.minimised() for e in exhaustive.front}
    ex_f = _f(exhaustive.front)
    assert evolutionary.method == "nsga2" and evolutionary.evaluated <= 10
    recovered = 0
    for e in evolutionary.front:
        v = e.evaluation.minimised()
        assert not any(dominates(row, v) for row in ex_f), f"{e.name} is off the exhaustive front"
        if e.point in exact:
            recovered += 1
            # common random numbers: the same design scores the same in either search
            np.testing.assert_array_equal(exact[e.point], v)
    assert recovered / len(exhaustive.front) >= 0.5


def test_same_seed_same_front_bit_for_bit(scenario, small, evolutionary):
    again = search(scenario, small, method="nsga2", seed=3, draws=DRAWS, events=EVENTS, budget=10, pop_size=5)
    assert json.dumps(again.to_dict(), sort_keys=True) == json.dumps(evolutionary.to_dict(), sort_keys=True)


def test_result_round_trips_and_compares_handwritten(exhaustive):
    d = json.loads(json.dumps(exhaustive.to_dict()))
    assert set(d["front"][0]["objectives"]) == {"deterrence", "acceptance", "cost", "entrapment"}
    assert d["provenance"]["seed"] == 3 and "deb_etal_2002" in d["provenance"]["citations"]
    assert {e["id"] for e in d["handwritten"]} == {"asian-nato-a", "asian-nato-b", "asian-nato-c"}
    back = DesignResult.from_dict(d)
    assert [e.id for e in back.front] == [e.id for e in exhaustive.front]
    t = back.to_frame()
    assert set(t.part) == {"front", "dominated", "handwritten"}
    assert t[t.part == "front"].members.str.contains("USA").all()


# ----------------------------------------------------------------------------- monotonicity
def _treaty(space, members, obligation="defence", scope="territory", clauses=()):
    return space.treaty(DesignPoint(tuple(members), obligation, scope, tuple(clauses)))


def test_adding_a_capable_defender_does_not_lower_deterrence(scenario, small):
    """Under common random numbers, Japan joining a defence pact does not lower P(deterred).

    Not a law of the model, draw by draw: the War Trap's U_ij (tau-b of the aggressor's and the
    target's alliance portfolios) moves with every new tie, and with 256 draws Japan's joining
    lowered P(deterred) over Korea by 0.002. With 1,024 draws the capability it brings wins.
    """
    obj = Objectives(scenario, small, seed=5, draws=1024, events=EVENTS)
    without, with_jpn = obj.evaluate(
        [_treaty(small, ["USA", "ROK", "AUL"]), _treaty(small, ["USA", "JPN", "ROK", "AUL"])]
    )
    for ev in EVENTS:
        assert (
            with_jpn.details["deterrence_by_event"][ev] >= without.details["deterrence_by_event"][ev] - 1e-12
        )
    assert with_jpn.objectives["deterrence"] >= without.objectives["deterrence"] - 1e-12


def test_adding_an_exclusion_does_not_raise_entrapment(scenario):
    small = DesignSpace.model_validate(WIDER)
    obj = Objectives(scenario, small, seed=5, draws=64, events=list(scenario.events))
    for p in small.points():
        if p.obligation != "defence" or "armed_attack_only" in p.clauses:
            continue
        narrower = small.canonical(
            DesignPoint(p.members, p.obligation, p.scope, (*p.clauses, "armed_attack_only"))
        )
        assert obj.entrapment(small.treaty(narrower))[0] <= obj.entrapment(small.treaty(p))[0]
        if "PHI" in p.members and "philippine_opt_out" not in p.clauses:
            opt = small.canonical(
                DesignPoint(p.members, p.obligation, p.scope, (*p.clauses, "philippine_opt_out"))
            )
            assert obj.entrapment(small.treaty(opt))[0] <= obj.entrapment(small.treaty(p))[0]
        if p.scope == "territory":
            home = DesignPoint(p.members, p.obligation, "homeland", p.clauses)
            assert obj.entrapment(small.treaty(home))[0] <= obj.entrapment(small.treaty(p))[0]


# ----------------------------------------------------------------------------- the CLI
def test_cli_design_search_json(tmp_path, small):
    from typer.testing import CliRunner

    from foedus.cli import app

    space = tmp_path / "space.yaml"
    import yaml

    issue = str(shipped_scenario("asian-nato-adoption.yaml"))
    space.write_text(yaml.safe_dump({**SMALL, "acceptance": {**SMALL["acceptance"], "issue": issue}}))
    out = tmp_path / "front.csv"
    args = ["design", "search", str(shipped_scenario()), "--space", str(space), "--seed", "2"]
    args += ["--budget", "6", "--draws", "64", "--workers", "1", "--method", "nsga2"]
    args += ["--format", "json", "--out", str(out)]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["evaluated"] <= 6 and doc["front"] and "provenance" in doc
    assert out.is_file()


# ----------------------------------------------------------------------------- where the user sees it
def test_report_and_dashboard_show_the_front(scenario, exhaustive, tmp_path):
    import base64

    from foedus.report import write_report
    from foedus.study import run_study
    from foedus.web.designs import design_text, front_figure, parse_result

    f = tmp_path / "front.json"
    f.write_text(json.dumps(exhaustive.to_dict()))
    doc = parse_result(
        "data:application/json;base64," + base64.b64encode(f.read_bytes()).decode(), "front.json"
    )
    fig = front_figure(doc)
    first = exhaustive.front[0].id
    assert any(first in (t.customdata or ()) for t in fig.data)
    text = design_text(doc, first)
    assert first in text and "obligations:" in text and "acceptance" in text
    with pytest.raises(InputError, match="front"):
        parse_result("data:application/json;base64," + base64.b64encode(b"{}").decode(), "x.json")
    study = run_study(scenario, events=["korea"], parts=("obligations",))
    html = write_report(study, tmp_path / "r.html", designs=f).read_text()
    assert 'id="designs"' in html and f'id="design-{first}"' in html
    assert "designs are on the front" in html


def test_any_executor_gives_the_same_front(scenario, small, evolutionary):
    """A plain thread pool (as a Dask client's executor would be) carries the scenario in its
    tasks and gives the same front as the serial run."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:
        r = search(scenario, small, method="nsga2", seed=3, draws=DRAWS, events=EVENTS, budget=10, pop_size=5,
                   executor=pool)  # fmt: skip
    assert json.dumps(r.to_dict(), sort_keys=True) == json.dumps(evolutionary.to_dict(), sort_keys=True)


# ----------------------------------------------------------------------------- checkpoint
def _without_checkpoint(r: DesignResult) -> str:
    d = r.to_dict()
    for k in ("checkpoint", "resumed"):
        d["provenance"]["parameters"].pop(k, None)
    return json.dumps(d, sort_keys=True)


def test_an_interrupted_search_resumes_to_the_same_front(scenario, small, evolutionary, tmp_path):
    """Killed in its second batch, the search keeps the first on disk; run again with the same
    folder it reads those back and returns the front of a search never interrupted."""
    folder = tmp_path / "search"
    options = dict(method="nsga2", seed=3, draws=DRAWS, events=EVENTS, budget=10, pop_size=5)

    def interrupt(done: int, total: int) -> None:
        if done > 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        search(scenario, small, checkpoint=folder, progress=interrupt, **options)
    kept = (folder / "evaluations.jsonl").read_text().splitlines()
    assert len(kept) == 5  # the first generation, whole
    with (folder / "evaluations.jsonl").open("a") as f:
        f.write('{"point": {"members": ["US')  # and a line torn by the kill
    r = search(scenario, small, checkpoint=folder, **options)
    assert r.provenance.parameters["resumed"] == 5
    assert _without_checkpoint(r) == _without_checkpoint(evolutionary)
    again = search(scenario, small, checkpoint=folder, **options)  # all read back, nothing simulated
    assert again.provenance.parameters["resumed"] == r.evaluated
    assert _without_checkpoint(again) == _without_checkpoint(evolutionary)


def test_a_checkpoint_of_other_inputs_is_refused(scenario, small, tmp_path):
    folder = tmp_path / "search"
    search(scenario, small, method="exhaustive", seed=3, draws=DRAWS, events=["korea"], checkpoint=folder)
    with pytest.raises(InputError, match=r"another search \(draws: 64 there, 128 here\)"):
        search(scenario, small, method="exhaustive", seed=3, draws=128, events=["korea"], checkpoint=folder)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not a design-search checkpoint"):
        search(scenario, small, seed=3, draws=DRAWS, events=["korea"], checkpoint=tmp_path / "other")
