"""Deterrence arithmetic: loss-of-strength gradient, contest success, War Trap expected utility.

The functions live in foedus.crisis.contest, .deterrence and .problem; ``dt`` gathers them
(the old foedus.deterrence module still answers, with a DeprecationWarning)."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from foedus.crisis import contest, deterrence, model_set, problem
from foedus.events import Event
from foedus.obligations import obligations
from foedus.scenario import load_scenario
from foedus.world import World

from .test_crisis import SCENARIO

CHN, PRK, ROK, JPN = 710, 731, 732, 740
dt = SimpleNamespace(
    **{n: getattr(m, n) for m in (contest, deterrence) for n in m.__all__ if not n.isupper()},
    capability_shares=problem.capability_shares,
)

ASSUMED = model_set("assumed")  # these tests check the assumed models' mechanics


def test_gradient_exponent_matches_models_md():
    assert float(dt.gradient_exponent(0.0)) == pytest.approx(math.log10(10 - math.e))
    assert float(dt.gradient_exponent(250 * math.e, 250)) == pytest.approx(1.0)
    # at e days' march the capability is delivered undiminished
    assert float(dt.discounted_capability(0.2, 500 * math.e, 500)) == pytest.approx(0.2)
    # a slight boost at home
    assert float(dt.discounted_capability(0.2, 0.0)) > 0.2


def test_eugene_style_worked_value():
    # C = 0.1 at 2500 miles, 250 miles/day: exponent log10(10 + 7.281718) = 1.237587
    assert float(dt.gradient_exponent(2500)) == pytest.approx(1.237587, abs=1e-6)
    assert float(dt.discounted_capability(0.1, 2500)) == pytest.approx(0.1**1.237587, rel=1e-5)


@given(
    c=st.floats(1e-6, 1.0),
    d1=st.floats(0, 20_000),
    d2=st.floats(0, 20_000),
    mpd=st.floats(50, 1000),
)
def test_discounted_capability_shrinks_with_distance(c, d1, d2, mpd):
    near, far = sorted((d1, d2))
    a = float(dt.discounted_capability(c, near, mpd))
    b = float(dt.discounted_capability(c, far, mpd))
    assert 0.0 <= b <= a + 1e-15
    assert a <= 1.0


def test_contest_success():
    assert float(dt.contest_success(0.3, 0.1)) == pytest.approx(0.75)
    assert float(dt.contest_success(0.0, 0.0)) == 0.5
    assert float(dt.contest_success(0.2, 0.0)) == 1.0
    assert float(dt.contest_success(0.3, 0.1, m=50)) > 0.999  # winner takes all
    assert float(dt.contest_success(0.3, 0.3, m=3)) == pytest.approx(0.5)


@given(d=st.floats(0, 1), a=st.floats(0, 1), extra=st.floats(0, 1), m=st.floats(0.25, 4))
def test_more_capability_never_lowers_the_chance_to_prevail(d, a, extra, m):
    assert float(dt.contest_success(d + extra, a, m)) >= float(dt.contest_success(d, a, m)) - 1e-12


def test_war_trap_bilateral():
    assert float(dt.war_trap_eu(0.5, 0.2)) == pytest.approx(0.0)
    assert float(dt.war_trap_eu(0.9, 1.0)) == pytest.approx(0.0)  # nothing to fight over
    assert float(dt.war_trap_eu(0.75, -0.5)) == pytest.approx(0.5 * 1.5)
    assert float(dt.war_trap_eu(0.25, -0.5)) < 0  # expects to lose: deterred


def test_third_party_terms_as_models_md_writes_them():
    # k prefers i: P_ik = (C_i + C_k) / (C_i + C_k + C_j)
    got = dt.third_party_eu(0.2, 0.1, np.array([0.1]), np.array([0.5]), np.array([-0.5]))
    p = 0.3 / 0.4
    assert got[0] == pytest.approx(p * 1.0 + (1 - p) * -1.0)
    # k prefers j: P_ik = C_i / (C_i + C_j + C_k)
    # k prefers j: P_ik = C_i / (C_i + C_j + C_k) = 0.2 / 0.4, an even chance: the term is 0
    got = dt.third_party_eu(0.2, 0.1, np.array([0.1]), np.array([-0.5]), np.array([0.5]))
    assert got[0] == pytest.approx(0.0)
    got = dt.third_party_eu(0.1, 0.1, np.array([0.2]), np.array([-0.5]), np.array([0.5]))
    p = 0.1 / 0.4
    assert got[0] == pytest.approx(p * -1.0 + (1 - p) * 1.0)


def test_design_ties_raise_portfolio_similarity():
    world = World.default()
    scenario = load_scenario(SCENARIO)
    sq = dt.design_tau_b(world, scenario.design("hub_and_spoke").treaties, ROK, JPN)
    a = dt.design_tau_b(world, scenario.design("design_a").treaties, ROK, JPN)
    assert -1 <= sq <= 1 and a > sq
    assert dt.design_tau_b(world, (), JPN, JPN) == pytest.approx(1.0)


def test_counter_event_binds_the_dprk_to_china_only_if_china_is_attacked():
    world = World.default()
    scenario = load_scenario(SCENARIO)
    treaties = scenario.design("hub_and_spoke").treaties
    ev = scenario.event("senkaku")
    direct = obligations(treaties, ev, scenario.places, scenario.names()).table.set_index("state")
    assert direct.loc["PRK", "status"] == "not_bound"
    (counter,) = dt.counter_events(ev, world)
    assert counter.target == CHN and counter.aggressor == (JPN,)
    table = obligations(treaties, counter, None, scenario.names()).table.set_index("state")
    assert table.loc["PRK", "status"] == "defend"


def test_counter_event_needs_coordinates():
    world = World.default()
    ev = Event.model_validate(
        {"id": "x", "aggressor": [PRK], "target": ROK, "lat": 38.0, "lon": 127.0}, context={"resolve": int}
    )
    (counter,) = dt.counter_events(ev, world)
    assert (counter.lat, counter.lon) == pytest.approx((39.0168, 125.7474), abs=1e-3)


def test_capability_shares():
    world = World.default()
    cinc = dt.capability_shares(world, "cinc")
    milex = dt.capability_shares(world, "milex")
    assert 0 < cinc[CHN] < 1 and 0 < milex[CHN] < 1
    assert math.isnan(milex[PRK])  # SIPRI has no DPRK figure: missing, not zero
    assert sum(v for v in milex.values() if math.isfinite(v)) == pytest.approx(1.0)


def test_the_engines_fast_contest_agrees_with_the_reference():
    from foedus.crisis import Draws
    from foedus.parameters import resolve

    rng = np.random.default_rng(0)
    d = np.r_[rng.random(50), 0.0, 0.0, 0.3]
    a = np.r_[rng.random(50), 0.0, 0.2, 0.0]
    for m in (1.0, 0.5, 2.5):
        draws = Draws.at_defaults(resolve({"deterrence.contest.m": m}), n=len(d))
        fast = contest.TullockContest().prevail(None, d[:, None], a[:, None], draws)
        assert np.allclose(fast, dt.contest_success(d, a, m), rtol=1e-12)


def test_the_old_module_still_answers_with_a_warning():
    import foedus.deterrence as old

    with pytest.warns(DeprecationWarning, match="moved to foedus.crisis.contest"):
        assert old.contest_success is contest.contest_success
    with pytest.raises(AttributeError):
        old.no_such_function  # noqa: B018
