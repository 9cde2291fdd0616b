"""The learned correction: the shared contract, the shipped parameters, and its honest scoring."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.bargaining import BargainingProblem, forecast
from foedus.bargaining.evaluation import learned_cv, load_training, paired_difference, score_table
from foedus.bargaining.learned import (
    ALPHAS_ALL,
    FEATURES,
    USED,
    choose_alpha,
    feature_matrix,
    fit,
    load_params,
    refit,
    select,
)
from foedus.errors import InputError
from tests.bargaining.base import ModelContract, example_problem


@pytest.fixture(scope="module")
def training(cases_dir):
    return cases_dir / "deu3_train_issues.csv", cases_dir / "deu3_train_outcomes.csv"


class TestLearned(ModelContract):
    model = "learned"
    citations = ("wolpert_1992", "breiman_1996", "arregui_perarnaud_2021")
    # the shipped model corrects each dimension by its own Parliament position (a variant with
    # the exchange-model feature would link them)

    def test_correction_is_the_shipped_linear_combination(self) -> None:
        p = BargainingProblem(
            ("pcom", "pep", "A", "B", "C"),
            [1, 1, 0.7, 0.3, 0.5],
            [100, 90, 0, 30, 60],
            [0.5, 0.6, 0.8, 0.4, 0.5],
            reference_point=[0],
            voting_rule="QMV",
            procedure="COD",
        )
        m, z = feature_matrix(p)
        params = load_params()
        assert params["features"] == list(USED)
        beta = np.array(params["coefficients"])
        res = self.run(p)
        assert res.outcome[0] == pytest.approx(100 * (m[0] + select(z, USED)[0] @ beta))
        assert res.rounds["compromise"][0] == pytest.approx(100 * m[0])

    def test_parliament_feature_only_under_codecision(self) -> None:
        kw = dict(actors=("pep", "A", "B"), capability=[1, 1, 1], position=[100, 0, 20], salience=[1, 1, 1])
        _, cod = feature_matrix(BargainingProblem(**kw, procedure="COD"))
        _, cns = feature_matrix(BargainingProblem(**kw, procedure="CNS"))
        k_cod, k_cns = FEATURES.index("parliament_cod"), FEATURES.index("parliament_other")
        assert cod[0, k_cod] == pytest.approx(1 - 0.4) and cod[0, k_cns] == 0
        assert cns[0, k_cns] == pytest.approx(1 - 0.4) and cns[0, k_cod] == 0

    def test_bad_parameters_rejected(self, tmp_path) -> None:
        bad = tmp_path / "p.json"
        bad.write_text('{"features": ["x"], "coefficients": [1], "alpha": 0}')
        with pytest.raises(InputError, match="refit"):
            load_params(bad)
        bad.write_text('{"features": ["nash"], "coefficients": [1, 2], "alpha": 0}')
        with pytest.raises(InputError, match="one coefficient each"):
            load_params(bad)
        with pytest.raises(InputError, match="unknown feature"):
            select(np.zeros((1, len(FEATURES))), ["nope"])

    def test_fit_recovers_a_known_coefficient(self) -> None:
        rng = np.random.default_rng(0)
        z = rng.normal(size=(200, 2))
        beta = fit(z, 0.3 * z[:, 0] + rng.laplace(0, 0.01, 200), alpha=0.0)
        assert beta == pytest.approx([0.3, 0.0], abs=0.01)
        groups = np.repeat(np.arange(40), 5)
        alpha, scores = choose_alpha(z, 0.3 * z[:, 0], groups, alphas=(0.0, 0.5))
        assert alpha == 0.0 and scores[0.0] < scores[0.5]


def test_shipped_parameters_equal_a_refit(training) -> None:
    """The JSON in the package is what refitting on the training half gives, number for number."""
    fresh = refit(*training)
    shipped = load_params()
    assert fresh == shipped


def test_every_feature_variant_refits(training) -> None:
    """The ten-feature variant with its penalty grid (the documented alternative) refits and keeps
    the Parliament feature that the shipped model uses."""
    params = refit(*training, features=FEATURES, alphas=ALPHAS_ALL)
    assert params["alpha"] in ALPHAS_ALL and len(params["coefficients"]) == len(FEATURES)
    assert params["coefficients"][FEATURES.index("parliament_cod")] > 0.1


def test_nested_cv_never_scores_a_proposal_it_fitted_on(training, monkeypatch) -> None:
    import foedus.bargaining.learned as learned

    data = load_training(*training)
    seen = []
    real_fit = learned.fit

    def spy(z, r, alpha):
        seen.append(len(r))
        return real_fit(z, r, alpha)

    monkeypatch.setattr(learned, "fit", spy)
    pred, alphas = learned_cv(data, features=FEATURES, alphas=ALPHAS_ALL, folds=5, inner_folds=5, seed=0)
    assert len(alphas) == 5 and np.isfinite(pred).all()
    assert max(seen) < len(data.y)  # no fit ever saw every issue


def test_score_table_and_paired_difference(training) -> None:
    data = load_training(*training)
    mean = np.array([forecast(p, "mean").outcome[0] / 100 for p in data.problems])
    table = score_table({"mean": mean, "zero": np.zeros_like(mean)}, data, reps=200)
    row = table.set_index("model").loc["mean"]
    assert row["mae_all"] == pytest.approx(np.abs(mean - data.y).mean())
    assert row["diff_all"] == 0 and row["diff_all_low"] == 0
    assert row["mae_all_low"] < row["mae_all"] < row["mae_all_high"]
    d, lo, hi = paired_difference(np.abs(mean - data.y), np.abs(data.y), data.groups, reps=200)
    assert lo <= d <= hi
    assert data.binary.sum() == 48 and np.unique(data.groups).size == 70


def test_unknown_option_names_the_model() -> None:
    with pytest.raises(InputError, match="learned"):
        forecast(example_problem(), "learned", members=("mean",))


def test_shipped_evaluation_summary_matches_direct_scores(training) -> None:
    """The summary behind recommended_model() is not stale: the errors of the models with nothing
    fitted equal a direct computation on the training half, and the recommendation is its best."""
    from foedus.bargaining import recommended_model
    from foedus.bargaining.batch import evaluation_summary

    data = load_training(*training)
    rows = {r["model"]: r for r in evaluation_summary()["models"]}
    for model in ("mean", "median", "nash", "procedural"):
        pred = np.array([forecast(p, model).outcome[0] / 100 for p in data.problems])
        err = np.abs(pred - data.y)
        assert rows[model]["mae_all"] == pytest.approx(err.mean(), abs=1e-6), model
        assert rows[model]["mae_nonbinary"] == pytest.approx(err[~data.binary].mean(), abs=1e-6), model
    best = recommended_model()
    assert best["mae_all"] == min(r["mae_all"] for r in rows.values())
    assert best["mae_all_low"] < best["mae_all"] < best["mae_all_high"]


def test_selection_cv_chooses_inside_each_fold(training) -> None:
    """The selection-inclusive score re-chooses the design in every outer fold, from its own folds only."""
    from foedus.bargaining.evaluation import selection_cv

    data = load_training(*training)
    designs = [(("parliament_cod",), (0.0,)), (("nash", "bdm"), (0.0, 0.05))]
    pred, chosen = selection_cv(data, designs, folds=3, inner_folds=3, seed=1)
    assert len(chosen) == 3 and set(chosen) <= {0, 1}
    assert np.isfinite(pred).all() and ((pred >= 0) & (pred <= 1)).all()
