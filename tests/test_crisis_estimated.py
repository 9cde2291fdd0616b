"""The crisis simulation with the models learned from history (foedus.crisis.estimated).

What is checked: the simulation computes the same probabilities as the fitted models do on
their own design matrices (training and simulation cannot drift), draws share coefficients by
group and the bands carry that uncertainty, seeds reproduce, the fast paths equal the plain
ones, and the capability switch explains itself instead of flipping a verdict.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from foedus.crisis import compare, estimated, simulate
from foedus.crisis.draws import Draws
from foedus.crisis.estimated import EstimatedOutcome, EstimatedResponse, shipped_estimates
from foedus.crisis.features import COMPONENTS
from foedus.crisis.problem import DEFENDER, CrisisProblem
from foedus.crisis.result import GROUP
from foedus.estimation import honouring, joining, outcome
from foedus.parameters import resolve
from foedus.scenario import load_scenario, shipped_scenario


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(shipped_scenario())


@pytest.fixture(scope="module")
def korea(scenario):
    response = EstimatedResponse()
    return response, response.prepare(
        CrisisProblem.from_scenario(scenario, "korea", "hub_and_spoke", candidates="relevant")
    )


def _point_draws(models, n: int = GROUP) -> Draws:
    """``n`` draws at the default parameters and the point estimates of every coefficient."""
    params = {k: p for k, p in resolve().items() if not k.startswith("estimated.")}
    coef: dict[str, np.ndarray] = {}
    for m in models:
        coef |= m.draw_coefficients(np.random.default_rng(0), 1, uncertainty=False)
    return Draws.at_defaults(params, n).with_estimates(
        {"estimated.conditions_met": np.full((n, 1), 0.5)},
        {k: np.repeat(v, n, axis=0) for k, v in coef.items()},
        group=GROUP,
    )


def test_joining_probabilities_equal_the_fitted_models(korea):
    response, p = korea
    model = shipped_estimates().models["joining"]
    raw = p.features["joining"].assign(**joining.severity_columns(p.severity))
    expected = model.predict(joining.design(raw))  # (S, 3): none, target's side, aggressor's
    sides = response.probability(p, _point_draws([response]))
    level = np.maximum.reduceat(p.row_level, p.row_starts)
    free = (level < 3) & (p.side != 2)  # unbound: the joining model alone
    assert free.sum() > 5
    np.testing.assert_allclose(sides.defender[0, free], expected[free, 1], rtol=1e-9)
    np.testing.assert_allclose(sides.aggressor[0, free], expected[free, 2], rtol=1e-9)


def test_a_bound_ally_comes_with_the_honouring_models_probability(korea):
    response, p = korea
    model = shipped_estimates().models["honouring"]
    expected = model.predict(honouring.design(p.features["honouring"]))[:, 1]
    sides = response.probability(p, _point_draws([response]))
    level = np.maximum.reduceat(p.row_level, p.row_starts)
    met = (level == 4) & (p.side == DEFENDER)
    assert met.any(), "the US is bound to defend South Korea"
    np.testing.assert_allclose(sides.defender[0, met], expected[met], rtol=1e-9)
    assert np.all(sides.aggressor[0, met] == 0.0)
    assert np.all(sides.defender + sides.aggressor <= 1.0 + 1e-12)


def test_outcome_probabilities_equal_the_fitted_model(korea):
    _, p = korea
    model = EstimatedOutcome()
    f = p.features["outcome"]
    draws = _point_draws([model])
    target, aggressors = np.tile(f["target"], (GROUP, 1)), np.tile(f["aggressors"], (GROUP, 1))
    got = model.probabilities(p, target, aggressors, draws)
    raw = {f"a_{c}_share": [f["aggressors"][i]] for i, c in enumerate(COMPONENTS)}
    raw |= {f"b_{c}_share": [f["target"][i]] for i, c in enumerate(COMPONENTS)}
    raw |= {"year": [p.year], "hostility": [joining.severity_columns(p.severity)["hostility"]]}
    want = shipped_estimates().models["outcome"].predict(outcome.design(pd.DataFrame(raw)))[0]
    np.testing.assert_allclose(got[0], want, rtol=1e-9)  # stalemate, A wins, B wins
    np.testing.assert_allclose(got.sum(axis=-1), 1.0)


def test_group_products_equal_draw_by_draw_products():
    rng = np.random.default_rng(3)
    coef = np.repeat(rng.normal(size=(4, 6, 2)), GROUP, axis=0)
    x = rng.random((4 * GROUP, 7, 6))
    plain = np.einsum("nsk,nkm->nsm", x, coef)
    np.testing.assert_allclose(estimated._per_draw(x, coef, GROUP), plain)
    np.testing.assert_allclose(estimated._per_draw(x, coef, 1), plain)
    X = rng.random((7, 6))
    np.testing.assert_allclose(estimated._per_group(X, coef, GROUP), np.einsum("sk,nkm->nsm", X, coef))


def test_a_subset_of_draws_keeps_track_of_the_groups():
    d = _point_draws([EstimatedOutcome()], n=4 * GROUP)
    assert d.subset(slice(None, None, 8)).group == GROUP // 8
    assert d.subset(slice(1, None, 8)).group == 1  # an offset breaks the alignment
    assert d.subset(slice(None, None, 3)).group == 1


def test_bands_carry_the_estimation_uncertainty(scenario):
    drawn = simulate(scenario, "korea", draws=2 * 640, seed=4)
    fixed = simulate(scenario, "korea", draws=2 * 640, seed=4, uncertainty=False)
    width = lambda band: band[1] - band[0]  # noqa: E731
    assert drawn.grouped and drawn.p_deterred_band is not None
    assert width(drawn.p_deterred_band) > 2 * width(fixed.p_deterred_band)
    assert width(drawn.p_prevail_band) > width(fixed.p_prevail_band)
    lo, hi = drawn.p_deterred_band
    assert 0.0 <= lo <= drawn.p_deterred <= hi <= 1.0


def test_one_seed_one_answer_serial_or_threaded(scenario):
    a = simulate(scenario, "senkaku", draws=20_000, seed=9)
    with ThreadPoolExecutor(2) as ex:
        b = simulate(scenario, "senkaku", draws=20_000, seed=9, executor=ex)
    assert a.p_deterred == b.p_deterred and a.p_prevail == b.p_prevail
    pd.testing.assert_frame_equal(a.members, b.members)


def test_the_capability_switch_explains_itself(scenario):
    cinc = compare(scenario, "korea", designs=["hub_and_spoke"], draws=640, seed=1, capability="cinc")
    milex = compare(scenario, "korea", designs=["hub_and_spoke"], draws=640, seed=1, capability="milex")
    a, b = cinc.results["hub_and_spoke"], milex.results["hub_and_spoke"]
    assert a.p_deterred == b.p_deterred  # the estimated outcome model weighs six components itself
    assert any("capability measure 'milex' not used" in n for n in b.notes)


def test_the_us_fights_for_south_korea_not_for_the_north(scenario):
    r = simulate(scenario, "korea", draws=1280, seed=2).members.set_index("state")
    us = r.loc[r.ccode == 2].iloc[0]
    # bound by the 1953 treaty, the US comes with the honouring model's probability (about a
    # fifth: post-1945 allies whose casus foederis arose fought less often than before)
    assert us.p_defender_side > 0.1 and us.p_aggressor_side < 0.01


def test_no_us_treaty_ally_or_india_fights_for_china_or_north_korea(scenario):
    """Issue 20's bar: in every shipped flashpoint and design, a US treaty ally (the states the
    World's ATOP ties show the United States owes defence) or India stands with China or North
    Korea with no real chance of fighting — because the joining model's side choice turns on
    each state's relations to both sides alike, not because of a rule for these states."""
    ties = scenario.world.alliance_ties
    allies = set(ties.ccode2[(ties.ccode1 == 2) & (ties.atop_defense.fillna(0) > 0)].astype(int)) | {750}
    assert {740, 732, 840, 800, 900} <= allies
    worst = {}
    for event in scenario.events:
        for design, r in compare(scenario, event, draws=640, seed=3).results.items():
            m = r.members[r.members.ccode.isin(allies)]
            for row in m.itertuples():
                worst[(event, design, row.state)] = row.p_aggressor_side
    assert max(worst.values()) <= 0.02, sorted(worst.items(), key=lambda kv: -kv[1])[:5]
