"""The crisis response model and its Monte Carlo: calibration, determinism, monotonicity, controls."""

from __future__ import annotations

import json
import math
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus import parameters as pm
from foedus.crisis import CHUNK, LEVEL, compare, model_set, response_probability, simulate, simulate_event
from foedus.errors import InputError
from foedus.events import Event
from foedus.scenario import load_scenario
from foedus.treaty import Treaty
from foedus.world import World

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "asian-nato.yaml"
CTX = {"resolve": int}
USA, CHN, PRK, ROK, JPN, PHI, AUL, NEW, SIN, IND = 2, 710, 731, 732, 740, 840, 900, 920, 830, 750
# Every member-level factor at zero, so a bound member responds at the base rate.
NEUTRAL = {
    "crisis.distance.per_log": 0.0,
    "crisis.affinity.per_unit": 0.0,
    "crisis.exposure.dispute": 0.0,
}

ASSUMED = model_set("assumed")  # these tests check the assumed models' mechanics


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(SCENARIO)


@pytest.fixture(scope="module")
def world():
    return World.default()


def treaty(members, response=None, reservations=None, tid="pact", depth=None):
    ob = {"kind": "defence", "conditions": {"location": ["member_territory", "administered_territory"]}}
    if response:
        ob["response"] = response
    spec = {"id": tid, "name": tid, "members": list(members), "obligations": [ob]}
    if reservations:
        spec["reservations"] = reservations
    if depth:
        spec["depth"] = depth
    return Treaty.model_validate(spec, context=CTX)


def senkaku_event(severity="limited"):
    return Event.model_validate(
        {"id": "s", "aggressor": [CHN], "target": JPN, "place": "senkaku", "severity": severity}, context=CTX
    )


# ----------------------------------------------------------------------------- calibration
def test_bound_member_responds_at_the_base_rate_with_neutral_factors():
    assert response_probability("defend") == pytest.approx(0.41, abs=1e-12)
    for rate in (0.22, 0.745):
        got = response_probability("defend", params={"crisis.reliability.base": rate})
        assert got == pytest.approx(rate, abs=1e-12)
    assert response_probability("not_bound") == pytest.approx(0.05, abs=1e-12)


def test_simulated_share_matches_the_base_rate(scenario, world):
    res = simulate_event(
        world, [treaty([USA, JPN])], senkaku_event(), scenario.places, draws=20_000, seed=3,
        params=NEUTRAL, uncertainty=False, **ASSUMED,
    )  # fmt: skip
    us = res.members.set_index("state").loc["USA"]
    assert us.status == "defend"
    assert us.ci_low <= 0.41 <= us.ci_high
    assert abs(us.p_force - 0.41) < 0.015


def test_reservation_with_probability_zero_forbids_force(scenario, world):
    res = {USA: {"name": "no_force", "probability": 0.0, "source": "test"}}
    r = simulate_event(
        world,
        [treaty([USA, JPN], reservations=res)],
        senkaku_event(),
        scenario.places,
        draws=3000,
        seed=1,
        **ASSUMED,
    )
    us = r.members.set_index("state").loc["USA"]
    assert us.p_force == 0.0 and us.p_lawful == 0.0
    assert response_probability("defend", p_lawful=0.0) == 0.0


def test_japans_reservation_applies_to_force_outside_its_own_territory(scenario):
    # The survival-threatening limit has `unless: administered_by JPN`; on Guam it applies.
    guam = simulate(scenario, "guam", design="design_a", draws=2000, seed=1, **ASSUMED).members.set_index(
        "state"
    )
    assert 0.3 <= guam.loc["JPN", "p_lawful"] <= 0.9
    okinawa = simulate(
        scenario, "okinawa", design="design_a", draws=2000, seed=1, **ASSUMED
    ).members.set_index("state")
    assert "JPN" not in okinawa.index  # Japan is the target there


# ----------------------------------------------------------------------------- monotonicity
STATUSES = sorted(LEVEL, key=LEVEL.get)
RANGES = {p.name: (p.low, p.high) for p in pm.PARAMETERS if not p.fixed}


@settings(max_examples=60, deadline=None)
@given(
    pair=st.tuples(st.sampled_from(STATUSES), st.sampled_from(STATUSES)),
    response=st.sampled_from([None, "automatic", "as_it_deems_necessary", "constitutional_processes"]),
    depth=st.fixed_dictionaries({f: st.booleans() for f in ("integrated_command", "bases", "organisation")}),
    distance=st.floats(10, 20_000),
    affinity=st.floats(-4, 4),
    dispute=st.booleans(),
    severity=st.sampled_from(["grey_zone", "limited", "major", "total"]),
    u=st.lists(st.floats(0, 1), min_size=len(RANGES), max_size=len(RANGES)),
)
def test_a_stronger_obligation_never_lowers_the_response_probability(
    pair, response, depth, distance, affinity, dispute, severity, u
):
    weak, strong = sorted(pair, key=LEVEL.get)
    params = {name: lo + (hi - lo) * x for (name, (lo, hi)), x in zip(RANGES.items(), u, strict=True)}
    kw = dict(depth=depth, distance_km=distance, affinity=affinity, dispute=dispute, severity=severity,
              params=params)  # fmt: skip
    p_weak = response_probability(weak, response if weak.startswith("defend") else None, **kw)
    p_strong = response_probability(strong, response if strong.startswith("defend") else None, **kw)
    assert p_strong >= p_weak - 1e-12


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    extra=st.sampled_from([ROK, PHI, AUL, NEW, SIN, IND]),
    response=st.sampled_from([None, "automatic", "constitutional_processes"]),
    severity=st.sampled_from(["grey_zone", "limited", "total"]),
)
def test_adding_a_bound_member_never_lowers_p_prevail(scenario, world, extra, response, severity):
    ev = senkaku_event(severity)
    base = simulate_event(
        world, [treaty([USA, JPN], response)], ev, scenario.places, draws=1500, seed=5, **ASSUMED
    )
    more = simulate_event(
        world, [treaty([USA, JPN, extra], response)], ev, scenario.places, draws=1500, seed=5, **ASSUMED
    )
    # common random numbers: the comparison holds draw by draw, not only on average
    assert np.all(more.p_def >= base.p_def - 1e-12)
    assert more.p_prevail >= base.p_prevail


# ----------------------------------------------------------------------------- determinism
def test_same_seed_same_answer_serial_and_process_pool(scenario):
    draws = 2 * CHUNK + 17  # three chunks, the last a short one
    serial = simulate(scenario, "senkaku", draws=draws, seed=11, **ASSUMED)
    again = simulate(scenario, "senkaku", draws=draws, seed=11, **ASSUMED)
    assert json.dumps(serial.to_dict()) == json.dumps(again.to_dict())
    with ProcessPoolExecutor(max_workers=2) as ex:
        pooled = simulate(scenario, "senkaku", draws=draws, seed=11, executor=ex, **ASSUMED)
    assert np.array_equal(serial.p_def, pooled.p_def)
    assert serial.to_dict() == pooled.to_dict()
    other = simulate(scenario, "senkaku", draws=draws, seed=12, **ASSUMED)
    assert not np.array_equal(serial.p_def, other.p_def)


def test_compare_uses_common_random_numbers(scenario):
    cmp = compare(scenario, "second-thomas-shoal", draws=3000, seed=2, **ASSUMED)
    assert list(cmp.results) == list(scenario.designs)
    for name, r in cmp.results.items():
        alone = simulate(scenario, "second-thomas-shoal", design=name, draws=3000, seed=2, **ASSUMED)
        assert np.array_equal(alone.p_def, r.p_def)
    frame = cmp.to_frame().set_index("design")
    # paired differences are far more precise than the separate intervals
    half_width = (frame.p_prevail_high - frame.p_prevail_low) / 2
    assert (frame.d_prevail_se.iloc[1:] < half_width.iloc[1:] / 1.96).all()
    assert frame.loc["design_a", "d_prevail"] > 0


def test_seed_is_recorded_and_draws_reproduce(scenario):
    r = simulate(scenario, "korea", draws=500, seed=None, **ASSUMED)
    again = simulate(scenario, "korea", draws=500, seed=r.provenance.seed, **ASSUMED)
    assert np.array_equal(r.p_def, again.p_def)


def test_doubling_draws_halves_the_variance(scenario, world):
    pact = [treaty([USA, JPN, AUL])]
    ev = senkaku_event()

    def spread(draws):
        est = [
            simulate_event(world, pact, ev, scenario.places, draws=draws, seed=s, **ASSUMED).p_prevail
            for s in range(40)
        ]
        return np.var(est, ddof=1)

    ratio = spread(500) / spread(1000)
    assert 1.3 < ratio < 3.2


# ----------------------------------------------------------------------------- the shipped scenario
def test_shipped_events_run_and_serialise(scenario):
    for event_id in scenario.events:
        cmp = compare(scenario, event_id, draws=1000, seed=1, **ASSUMED)
        d = cmp.to_dict()
        json.dumps(d)
        for r in cmp.results.values():
            assert 0 <= r.p_prevail <= 1 and 0 <= r.p_deterred <= 1
            assert r.p_prevail_ci[0] <= r.p_prevail <= r.p_prevail_ci[1]
            assert r.provenance.scenario_hash == scenario.hash
        assert cmp.note()
        assert event_id in cmp.results["hub_and_spoke"].summary()


def test_senkaku_status_quo_and_design_a(scenario):
    cmp = compare(scenario, "senkaku", draws=4000, seed=1, **ASSUMED)
    sq = cmp.results["hub_and_spoke"].members.set_index("state")
    a = cmp.results["design_a"].members.set_index("state")
    assert sq.loc["USA", "status"] == "defend" and sq.loc["ROK", "status"] == "not_bound"
    assert a.loc["ROK", "status"] == "defend" and a.loc["ROK", "p_force"] > sq.loc["ROK", "p_force"] + 0.2
    # the US's clause improves from constitutional processes to 'as it deems necessary'
    assert a.loc["USA", "p_force"] >= sq.loc["USA", "p_force"]
    # the DPRK is bound to China only if China is attacked
    assert sq.loc["PRK", "side"] == "aggressor_ally"
    assert sq.loc["PRK", "p_force"] < sq.loc["USA", "p_force"]


def test_counterattack_trigger_governs_the_aggressors_allies(scenario):
    never = simulate(
        scenario, "korea", draws=2000, seed=1, params={"deterrence.counterattack.trigger": 0.0}, **ASSUMED
    )
    always = simulate(
        scenario, "korea", draws=2000, seed=1, params={"deterrence.counterattack.trigger": 1.0}, **ASSUMED
    )
    assert never.members.set_index("state").loc["CHN", "p_force"] == 0.0
    assert always.members.set_index("state").loc["CHN", "p_force"] > 0.2
    assert always.p_prevail < never.p_prevail


def test_taiwan_nobody_is_bound(scenario):
    r = simulate(scenario, "taiwan", draws=1000, seed=1, **ASSUMED)
    assert set(r.members.status) <= {"not_bound", "defend_aggressor", "defend_aggressor_if"}
    assert any("ideal point" in n for n in r.notes)


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "override, words",
    [
        ({"crisis.reliability.base": 1.5}, "outside the allowed range"),
        ({"crisis.unbound.rate": -0.1}, "outside the allowed range"),
        ({"crisis.obligation.conditional": 0.5}, "crisis.obligation.conditional"),
        ({"crisis.reliability.base": (0.41, 0.5, 0.7)}, "must contain the default"),
        ({"crisis.reliabilty.base": 0.3}, "did you mean crisis.reliability.base"),
        ({"deterrence.miles_per_day": "fast"}, "expected a number"),
        ({"deterrence.contest.m": (1, 2)}, "(default, low, high)"),
    ],
)
def test_bad_parameters_are_rejected(scenario, override, words):
    with pytest.raises(InputError) as info:
        simulate(scenario, "senkaku", draws=10, seed=1, params=override, **ASSUMED)
    assert words in str(info.value)


@pytest.mark.parametrize("draws", [0, -5, 2.5, "100"])
def test_bad_draws_are_rejected(scenario, draws):
    with pytest.raises(InputError, match="draws"):
        simulate(scenario, "senkaku", draws=draws, seed=1, **ASSUMED)


def test_unknown_event_and_design_are_rejected(scenario):
    with pytest.raises(InputError, match="senkaku"):
        simulate(scenario, "senkaku-landing", draws=10, **ASSUMED)
    with pytest.raises(InputError, match="design_a"):
        simulate(scenario, "senkaku", design="design_z", draws=10, **ASSUMED)
    with pytest.raises(InputError, match="capability"):
        simulate(scenario, "senkaku", draws=10, capability="gdp", **ASSUMED)


# ----------------------------------------------------------------------------- NATO control
def test_status_quo_nato_deters_russia_in_the_baltics(shared_data_dir):
    from foedus.data.atop import members_in

    world = World.from_data(2018, region="europe", states=["USA", "CAN", "TUR"])
    nato = treaty(members_in(3180, 2018), "as_it_deems_necessary", tid="nato",
                  depth={"integrated_command": True, "bases": True, "organisation": True})  # fmt: skip
    narva = SimpleNamespace(
        id="narva", name="Narva", lat=59.377, lon=28.190, administered_by_ccode=366,
        in_territory_of_ccode=366, status="undisputed", pacific_area=False, claimant_ccodes=(366,),
    )  # fmt: skip
    ev = Event.model_validate(
        {"id": "baltic", "aggressor": [365], "target": 366, "place": "narva", "severity": "major"},
        context=CTX,
    )
    r = simulate_event(world, [nato], ev, {"narva": narva}, draws=5000, seed=1, **ASSUMED)
    assert r.p_deterred > 0.85
    assert r.p_prevail > 0.5
    assert not math.isnan(r.u_ij)
    # without NATO, Estonia alone does not deter Russia
    alone = simulate_event(world, [], ev, {"narva": narva}, draws=5000, seed=1, **ASSUMED)
    assert alone.p_deterred < 0.2


# Each model page embeds the table of its own parameters, between these markers.
PARAMETER_PAGES = {"response.md": "crisis.", "deterrence.md": "deterrence.", "estimation.md": "estimated."}


def test_docs_parameter_tables_are_current():
    rows: list[str] = []
    for page, prefix in PARAMETER_PAGES.items():
        doc = (Path(__file__).resolve().parents[1] / "docs" / "models" / page).read_text(encoding="utf-8")
        start = doc.index("<!-- parameters:start -->\n") + len("<!-- parameters:start -->\n")
        table = doc[start : doc.index("<!-- parameters:end -->", start)].strip()
        assert table == pm.markdown_table(prefix=prefix), f"docs/models/{page} is stale"
        rows += table.splitlines()[2:]
    # together the pages list every parameter, each once, in registry order
    assert rows == pm.markdown_table().splitlines()[2:]
    with pytest.raises(InputError, match="no parameter name starts with"):
        pm.markdown_table(prefix="crisis.reliabilty")


def test_every_parameter_cites_a_known_source():
    from foedus.bibliography import entries

    for p in pm.PARAMETERS:
        keys = [k.strip() for k in p.source.split(",")]
        assert keys == ["assumption"] or all(k in entries() for k in keys), p.name
        if keys == ["assumption"] or p.fixed:
            continue
        assert p.low < p.high, p.name


def test_shipped_nato_control_scenario(shared_data_dir):
    """scenarios/nato-baltic.yaml: NATO deters a Russian attack on Estonia; Estonia alone does not."""
    from foedus.crisis import compare
    from foedus.scenario import load_scenario

    study = load_scenario(Path(__file__).resolve().parents[1] / "scenarios" / "nato-baltic.yaml")
    t = compare(study, "narva", draws=5000, seed=1, **ASSUMED).to_frame().set_index("design")
    assert t.loc["nato", "p_deterred"] > 0.75
    assert t.loc["no_alliance", "p_deterred"] < 0.2
    assert t.loc["nato", "p_prevail"] > t.loc["no_alliance", "p_prevail"] + 0.3
