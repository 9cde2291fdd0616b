"""The ensemble model: the shared contract, the weight fit and the nested cross-validation.

Outcome data cannot be shipped (licence), so the scoring machinery is tested on small
synthetic sets whose answer is known by construction.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings

from foedus.bargaining import BargainingProblem, forecast
from foedus.bargaining.ensemble import (
    DEFAULT_MEMBERS,
    DEFAULT_WEIGHTS,
    bootstrap_difference,
    error_summary,
    fit_weights,
    member_forecasts,
    nested_cv,
)
from foedus.errors import InputError
from tests.bargaining.base import ModelContract, example_problem, problems


class TestEnsemble(ModelContract):
    """Default members (mean, bdm) with the DEU-fitted default weights."""

    model = "ensemble"
    citations = ("thomson_etal_2006", "achen_2006", "scholz_calbert_smith_2011")
    # bdm is a member, and a zero-salience actor can move bdm's outcome
    zero_salience_neutral = False
    # bdm's discrete offers are exactly neutral only to power-of-two rescalings
    rescale_factors = (4.0, 0.125)
    max_examples = 15

    def test_default_weights_combine_the_default_members(self) -> None:
        p = example_problem()
        assert set(DEFAULT_WEIGHTS) == set(DEFAULT_MEMBERS)
        expected = sum(w * forecast(p, m).outcome[0] for m, w in DEFAULT_WEIGHTS.items())
        self.expect_outcome(p, expected)

    def test_other_members_default_to_equal_weights(self) -> None:
        p = example_problem()
        members = ("mean", "median", "nash")
        expected = np.mean([forecast(p, m).outcome[0] for m in members])
        self.expect_outcome(p, expected, members=members)
        self.expect_outcome(p, np.mean([forecast(p, m).outcome[0] for m in DEFAULT_MEMBERS]), weights="equal")

    def test_diagnostics_and_rounds_name_every_member(self) -> None:
        res = self.run(example_problem())
        assert set(res.diagnostics["members"]) == set(DEFAULT_MEMBERS)
        assert res.diagnostics["weights"] == DEFAULT_WEIGHTS
        assert set(DEFAULT_MEMBERS) <= set(res.rounds.columns)
        assert res.provenance.parameters["members"] == list(DEFAULT_MEMBERS)

    def test_given_weights_are_normalised(self) -> None:
        p = example_problem()
        res = self.run(p, members=("mean", "median"), weights={"mean": 3.0, "median": 1.0})
        expected = 0.75 * forecast(p, "mean").outcome[0] + 0.25 * forecast(p, "median").outcome[0]
        np.testing.assert_allclose(res.outcome[0], expected, rtol=1e-12)

    def test_member_options_reach_the_member(self) -> None:
        p = example_problem()
        res = self.run(p, members=("median",), member_options={"median": {"tie": "midpoint"}})
        np.testing.assert_allclose(res.outcome, forecast(p, "median", tie="midpoint").outcome)

    @pytest.mark.parametrize(
        ("kwargs", "match"),
        [
            ({"members": ()}, "at least one"),
            ({"members": ("mean", "oracle")}, "oracle"),
            ({"members": ("mean", "ensemble")}, "ensemble"),
            ({"members": ("mean", "mean")}, "repeat"),
            ({"weights": {"mean": -1.0}}, "weights"),
            ({"weights": {"ktab": 1.0}}, "not members"),
            ({"members": ("mean", "median"), "weights": DEFAULT_WEIGHTS}, "not members"),
            ({"weights": "optimal"}, "weights"),
            ({"member_options": {"ktab": {}}}, "non-members"),
        ],
    )
    def test_bad_options_rejected(self, kwargs, match) -> None:
        with pytest.raises(InputError, match=match):
            self.run(example_problem(), **kwargs)


class TestEnsembleOneShot(ModelContract):
    """One-shot members only: then a zero-salience actor is neutral too."""

    model = "ensemble"
    options = {"members": ("mean", "median", "nash")}
    citations = ("thomson_etal_2006", "black_1948", "nash_1950")
    max_examples = 20

    @settings(max_examples=20, deadline=None)
    @given(p=problems(max_actors=6))
    def test_between_the_extreme_members(self, p: BargainingProblem) -> None:
        out = self.run(p).outcome[0]
        members = [forecast(p, m).outcome[0] for m in self.options["members"]]
        assert min(members) - 1e-9 <= out <= max(members) + 1e-9


# ------------------------------------------------------------------------ fit_weights


def test_fit_recovers_a_member_that_is_exactly_right() -> None:
    rng = np.random.default_rng(1)
    F = rng.uniform(size=(40, 3))
    w = fit_weights(F, F[:, 2])
    np.testing.assert_allclose(w, [0, 0, 1], atol=1e-8)


def test_fit_recovers_a_mixture_and_stays_on_the_simplex() -> None:
    rng = np.random.default_rng(2)
    F = rng.uniform(size=(80, 3))
    y = F @ np.array([0.6, 0.4, 0.0])
    w = fit_weights(F, y)
    np.testing.assert_allclose(w, [0.6, 0.4, 0.0], atol=1e-6)
    assert w.min() >= 0 and np.isclose(w.sum(), 1.0)


def test_strong_shrinkage_gives_equal_weights() -> None:
    rng = np.random.default_rng(3)
    F = rng.uniform(size=(30, 4))
    np.testing.assert_allclose(fit_weights(F, F[:, 0], shrinkage=100.0), 0.25, atol=1e-9)


def test_fit_rejects_bad_input() -> None:
    with pytest.raises(InputError, match="N, M"):
        fit_weights(np.zeros(3), np.zeros(3))
    with pytest.raises(InputError, match="finite"):
        fit_weights(np.array([[np.nan, 1.0]]), np.array([0.5]))
    with pytest.raises(InputError, match="shrinkage"):
        fit_weights(np.ones((2, 2)), np.ones(2), shrinkage=-1.0)


# ------------------------------------------------------------------------ scoring


def _synthetic(n: int, seed: int, truth: tuple[float, float, float]):
    """Member forecasts and outcomes where the truth is a known mixture plus noise."""
    rng = np.random.default_rng(seed)
    F = rng.uniform(size=(n, 3))
    y = np.clip(F @ np.array(truth) + rng.normal(0, 0.03, n), 0, 1)
    groups = np.repeat(np.arange(n // 2), 2)[:n]
    return F, y, groups


def test_nested_cv_finds_a_real_improvement() -> None:
    F, y, groups = _synthetic(120, 4, (0.5, 0.5, 0.0))
    rep = nested_cv(F, y, ["a", "b", "c"], groups, outer_folds=4, inner_folds=3, seed=0)
    s = rep.scores["mean_error"]
    assert s["ensemble (nested CV)"] < min(s["a"], s["b"], s["c"])
    assert rep.weights.shape == (4, 3) and rep.predictions.shape == (120,)
    assert np.allclose(rep.weights.sum(axis=1), 1.0)


def test_nested_cv_scores_only_out_of_fold() -> None:
    # pure noise outcomes: an in-sample fit would look better than the truth allows;
    # the out-of-fold forecasts must be exactly the held-out fold's fitted combination
    F, y, groups = _synthetic(60, 5, (1 / 3, 1 / 3, 1 / 3))
    rep = nested_cv(F, y, ["a", "b", "c"], groups, outer_folds=3, inner_folds=3, seed=1)
    for f in range(3):
        test = rep.folds == f
        np.testing.assert_allclose(rep.predictions[test], F[test] @ rep.weights[f])
        train_groups, test_groups = set(groups[~test]), set(groups[test])
        assert not train_groups & test_groups  # a proposal never straddles train and test


def test_nested_cv_is_deterministic_for_a_seed() -> None:
    F, y, groups = _synthetic(50, 6, (0.2, 0.8, 0.0))
    a = nested_cv(F, y, ["a", "b", "c"], groups, outer_folds=3, inner_folds=3, seed=9)
    b = nested_cv(F, y, ["a", "b", "c"], groups, outer_folds=3, inner_folds=3, seed=9)
    np.testing.assert_array_equal(a.predictions, b.predictions)


def test_shrinking_to_a_member_keeps_it_when_nothing_beats_it() -> None:
    # the outcomes are member a plus noise: shrunk towards a, the ensemble is a
    rng = np.random.default_rng(8)
    F = rng.uniform(size=(60, 2))
    y = np.clip(F[:, 0] + rng.normal(0, 0.05, 60), 0, 1)
    rep = nested_cv(F, y, ["a", "b"], outer_folds=3, inner_folds=3, prior="a", shrinkages=(0.0, 10.0))
    assert (rep.weights[:, 0] > 0.9).all()
    rep = nested_cv(F, y, ["a", "b"], outer_folds=3, inner_folds=3, prior="a", shrinkages=(10.0,))
    np.testing.assert_allclose(rep.weights, [[1.0, 0.0]] * 3, atol=1e-9)
    assert rep.settings["prior"] == {"a": 1.0, "b": 0.0}
    with pytest.raises(InputError, match="prior"):
        nested_cv(F, y, ["a", "b"], prior="c")


def test_fit_shrinks_towards_a_given_prior() -> None:
    rng = np.random.default_rng(9)
    F = rng.uniform(size=(30, 3))
    w = fit_weights(F, F[:, 2], shrinkage=100.0, prior=np.array([2.0, 0.0, 0.0]))
    np.testing.assert_allclose(w, [1.0, 0.0, 0.0], atol=1e-9)
    with pytest.raises(InputError, match="prior"):
        fit_weights(F, F[:, 2], prior=np.array([1.0, -1.0, 0.0]))


def test_nested_cv_rejects_too_many_folds() -> None:
    F, y, _ = _synthetic(6, 7, (1.0, 0.0, 0.0))
    with pytest.raises(InputError, match="folds"):
        nested_cv(F, y, ["a", "b", "c"], np.zeros(6), outer_folds=2)


def test_member_forecasts_are_on_the_unit_scale() -> None:
    p = example_problem()
    F = member_forecasts([p, p], ("mean", "median"))
    assert F.shape == (2, 2)
    np.testing.assert_allclose(F[0], [forecast(p, "mean").outcome[0] / 100, 0.35])


def test_error_summary_and_bootstrap() -> None:
    s = error_summary(np.array([0.0, 0.5, 0.9]), np.array([0.05, 0.2, 0.9]))
    assert s["n"] == 3 and s["share_below_0.1"] == pytest.approx(2 / 3)
    a = np.array([0.1, 0.3, 0.2, 0.4])
    d, lo, hi = bootstrap_difference(a, a + 0.05, ["x", "x", "y", "y"], reps=100)
    assert d == pytest.approx(-0.05) and lo == pytest.approx(-0.05) and hi == pytest.approx(-0.05)


# ------------------------------------------------------------------------ the evaluation script


def _run_eval(*args: str) -> str:
    script = Path(__file__).resolve().parents[2] / "benchmarks" / "eval_models.py"
    done = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout


def test_eval_script_on_the_training_half(tmp_path, cases_dir) -> None:
    """The evaluation script runs on DEU III's training half and scores the fitted models out of fold."""
    out_json = tmp_path / "scores.json"
    text = _run_eval(
        "--cases", str(cases_dir), "--models", "mean,median,bdm", "--repeats", "0",
        "--bootstrap", "50", "--json", str(out_json),
    )  # fmt: skip
    assert "learned: nested CV" in text
    report = json.loads(out_json.read_text())
    rows = {r["model"]: r for r in report["models"]}
    assert set(rows) == {"mean", "median", "bdm", "ensemble", "learned"}
    assert rows["mean"]["diff_all"] == 0 and rows["mean"]["n"] == 168
    assert rows["learned"]["mae_all_low"] <= rows["learned"]["mae_all"] <= rows["learned"]["mae_all_high"]
