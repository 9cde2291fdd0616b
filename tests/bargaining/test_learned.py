"""The learned correction: the shared contract, the shipped parameters, and its honest scoring."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.bargaining import BargainingProblem, forecast
from foedus.bargaining.evaluation import learned_cv, load_training, paired_difference, score_table
from foedus.bargaining.learned import (
    ALL_FEATURES,
    ALPHAS_ALL,
    BINARY_MIN_LEAF,
    FEATURES,
    Design,
    TrainingMatrix,
    binary_dims,
    candidate_designs,
    choose_alpha,
    design_matrix,
    feature_matrix,
    fit,
    fit_design,
    load_params,
    pools,
    predict,
    predict_pool,
    refit,
    select,
    select_design,
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
        m, z, binary = design_matrix(p)
        params = load_params()
        assert not binary[0] and len(params["designs"]) == len(pools()[params["pool"]])
        each = [
            np.clip(m[0] + select(z, d["features"])[0] @ np.array(d["coefficients"]), 0.0, 1.0)
            for d in params["designs"]
        ]
        res = self.run(p)
        assert res.outcome[0] == pytest.approx(100 * np.mean(each))
        assert res.rounds["compromise"][0] == pytest.approx(100 * m[0])
        assert not res.rounds["binary_rule"][0]

    def test_binary_issue_follows_the_shipped_rule(self) -> None:
        """On a binary issue the designs with the rule pick a leaf by the compromise forecast, the
        others correct it; the forecast is their average (half of the shipped pool has the rule)."""
        designs = load_params()["designs"]
        assert sum(bool(d["binary_rule"]) for d in designs) == len(designs) // 2
        for caps in ([1, 1, 3], [1, 3, 1]):
            p = BargainingProblem(("pcom", "A", "B"), caps, [100, 0, 100], [1, 1, 1], procedure="CNS")
            res = self.run(p)
            m, z, binary = design_matrix(p)
            each = [predict(d, m, z, binary)[0] for d in designs]
            assert res.outcome[0] == pytest.approx(100 * np.mean(np.clip(each, 0, 1)))
            assert res.rounds["binary_rule"][0] and res.rounds["binary_rule_share"][0] == 0.5

    def test_unanimity_holds_whatever_the_features(self) -> None:
        """Intercept and reference-point features cannot move unanimous actors, nor a zero-salience one."""
        params = {"features": ["intercept", "reference_qmv"], "coefficients": [0.2, 0.5], "alpha": 0.0,
                  "binary_rule": {"threshold": 0.5, "below": 0.0, "above": 0.9}}  # fmt: skip
        for where in (0.0, 30.0, 100.0):
            p = BargainingProblem(("A", "B", "Z"), [1, 2, 5], [where, where, 50.0], [0.5, 0.9, 0.0],
                                  reference_point=[70], voting_rule="QMV")  # fmt: skip
            assert self.run(p, params=params).outcome[0] == pytest.approx(where)

    def test_no_procedure_is_the_compromise(self) -> None:
        """An issue without a legislative procedure is outside the training domain: the compromise,
        uncorrected, even where the structural features would move an EU issue."""
        kw = dict(actors=("pcom", "pep", "A", "B"), capability=[1, 1, 1, 2], position=[100, 100, 0, 30],
                  salience=[0.5, 0.5, 0.5, 0.9], reference_point=[0], voting_rule="QMV")  # fmt: skip
        plain = BargainingProblem(**kw)
        res = self.run(plain)
        assert res.outcome[0] == pytest.approx(forecast(plain, "mean").outcome[0])
        assert res.rounds["correction"][0] == 0 and not res.rounds["binary_rule"][0]
        assert self.run(BargainingProblem(**kw, procedure="COD")).outcome[0] != pytest.approx(res.outcome[0])

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
        with pytest.raises(InputError, match="unknown feature"):
            select(np.zeros((1, len(FEATURES))), ["dispersion"])  # only design_matrix has it
        bad.write_text('{"features": ["nash"], "coefficients": [1], "alpha": 0, "binary_rule": {"x": 1}}')
        with pytest.raises(InputError, match="threshold"):
            load_params(bad)

    def test_fit_recovers_a_known_coefficient(self) -> None:
        rng = np.random.default_rng(0)
        z = rng.normal(size=(200, 2))
        beta = fit(z, 0.3 * z[:, 0] + rng.laplace(0, 0.01, 200), alpha=0.0)
        assert beta == pytest.approx([0.3, 0.0], abs=0.01)
        groups = np.repeat(np.arange(40), 5)
        alpha, scores = choose_alpha(z, 0.3 * z[:, 0], groups, alphas=(0.0, 0.5))
        assert alpha == 0.0 and scores[0.0] < scores[0.5]

    def test_extra_features_by_hand(self) -> None:
        """Dispersion, net Council support against the reference point, (SQ - m)·QMV, intercept."""
        p = BargainingProblem(("pcom", "A", "B", "C"), [2, 1, 1, 2], [100, 0, 50, 20], [1, 1, 1, 0.5],
                              reference_point=[20], voting_rule="QMV")  # fmt: skip
        m, z, _ = design_matrix(p, features=())
        w, x = np.array([2, 1, 1, 1.0]), np.array([1, 0, 0.5, 0.2])
        assert m[0] == pytest.approx(w @ x / w.sum())
        extra = dict(zip(ALL_FEATURES[-4:], z[0, -4:], strict=True))
        roles = dict(zip(ALL_FEATURES[-8:-4], z[0, -8:-4], strict=True))
        assert roles["extremes"] == pytest.approx((2 + 1) / 5)  # c·s of pcom at 100 and A at 0
        assert roles["council_median"] == pytest.approx(0.2 - m[0])  # A 0, C 0.2, B 0.5, c·s 1 each
        assert roles["commission_cod"] == 0  # not co-decision
        # m > SQ: the right pivot of the 0.71 rule over A, B, C with votes 1, 1, 2 (C at 0.2)
        assert roles["council_pivot"] == pytest.approx(0.2 - m[0])
        assert extra["dispersion"] == pytest.approx(np.sqrt(w @ (x - m[0]) ** 2 / w.sum()))
        assert extra["support_net"] == pytest.approx((1 - 1) / 3)  # B above 20, A below, C at it
        assert extra["reference_qmv"] == pytest.approx(0.2 - m[0]) and extra["intercept"] == 1
        p_una = BargainingProblem(p.actors, p.capability, p.position, p.salience,
                                  reference_point=[20], voting_rule="unanimity")  # fmt: skip
        assert design_matrix(p_una, features=())[1][0, ALL_FEATURES.index("reference_qmv")] == 0


def test_binary_rule_is_learned_not_assumed() -> None:
    """The stump finds a threshold planted in synthetic binary issues, fits the regression on the
    others, and predict() applies it only to binary issues."""
    rng = np.random.default_rng(3)
    n = 120
    m = rng.uniform(size=n)
    binary = np.arange(n) < 60
    z = np.zeros((n, len(ALL_FEATURES)))
    k = ALL_FEATURES.index("parliament_cod")
    z[:, k] = rng.normal(0, 0.2, n)
    y = np.where(binary, np.where(m > 0.4, 1.0, 0.0), m + 0.5 * z[:, k])
    params = fit_design(Design(("parliament_cod",), binary_rule=True), m, z, y, np.arange(n) // 3, binary)
    rule = params["binary_rule"]
    assert 0.3 < rule["threshold"] < 0.5 and rule["below"] == 0 and rule["above"] == 1
    assert params["coefficients"] == pytest.approx([0.5], abs=1e-6)
    pred = predict(params, m, z, binary)
    assert np.allclose(pred[binary], y[binary]) and np.allclose(pred[~binary], y[~binary])
    few = fit_design(Design(("parliament_cod",), binary_rule=True), m, z, y, np.arange(n) // 3,
                     np.arange(n) < 2 * BINARY_MIN_LEAF - 1)  # fmt: skip
    assert few["binary_rule"] is None  # too few binary issues for two leaves


def test_select_design_prefers_the_rule_when_it_helps() -> None:
    """On data made of a step on binary issues, grouped CV picks the design with the binary rule."""
    rng = np.random.default_rng(4)
    n = 150
    m = rng.uniform(size=n)
    binary = np.arange(n) % 2 == 0
    z = np.zeros((n, len(ALL_FEATURES)))
    y = np.where(binary, (m > 0.6).astype(float), m)
    issues = TrainingMatrix(m, z, binary, np.zeros(n), np.ones(n), y, np.arange(n) // 3)
    designs = [Design(("parliament_cod",)), Design(("parliament_cod",), binary_rule=True)]
    best, scores = select_design(designs, issues)
    assert best == 1 and scores[1] < scores[0]


def test_candidate_designs_are_distinct_and_known() -> None:
    designs = candidate_designs()
    assert len({d.name for d in designs}) == len(designs) == 30
    assert all(set(d.features) <= set(ALL_FEATURES) and "parliament_cod" in d.features for d in designs)
    shipped = load_params()
    assert [d["design"] for d in shipped["designs"]] == [d.as_dict() for d in pools()[shipped["pool"]]]
    assert all(len(d.alphas) == 1 for pool in pools().values() for d in pool)


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


@pytest.fixture
def fit_sizes(monkeypatch) -> list[int]:
    """How many issues each call of the learned model's regression fit saw, in order."""
    import foedus.bargaining.learned as learned

    seen: list[int] = []
    real_fit = learned.fit

    def spy(z, r, alpha):
        seen.append(len(r))
        return real_fit(z, r, alpha)

    monkeypatch.setattr(learned, "fit", spy)
    return seen


def test_nested_cv_never_scores_a_proposal_it_fitted_on(training, fit_sizes) -> None:
    data = load_training(*training)
    pred, alphas = learned_cv(data, features=FEATURES, alphas=ALPHAS_ALL, folds=5, inner_folds=5, seed=0)
    assert len(alphas) == 5 and np.isfinite(pred).all()
    assert max(fit_sizes) < len(data.y)  # no fit ever saw every issue


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
    with_rule = [Design(("parliament_cod",)), Design(("parliament_cod",), binary_rule=True)]
    pred, chosen = selection_cv(data, with_rule, folds=3, inner_folds=3, seed=1)
    assert set(chosen) <= {0, 1} and np.isfinite(pred).all()


def test_binary_flags_agree_with_the_evaluation(training) -> None:
    """The learned model's binary issues (actors with a stake at both ends) are the evaluation's."""
    data = load_training(*training)
    assert np.array_equal([bool(binary_dims(p)[0]) for p in data.problems], data.binary)


def test_predict_pool_is_the_mean_of_clipped_designs() -> None:
    z = np.zeros((3, len(ALL_FEATURES)))
    z[:, ALL_FEATURES.index("parliament_cod")] = [0.5, -0.5, 0.0]
    a = {"features": ["parliament_cod"], "coefficients": [2.0], "alpha": 0.0, "binary_rule": None}
    b = {"features": ["parliament_cod"], "coefficients": [0.0], "alpha": 0.0,
         "binary_rule": {"threshold": 0.5, "below": 0.0, "above": 1.0}}  # fmt: skip
    m, binary = np.array([0.5, 0.5, 0.7]), np.array([False, False, True])
    out = predict_pool([a, b], m, z, binary, np.zeros(3), np.ones(3))
    assert out.tolist() == pytest.approx([(1.0 + 0.5) / 2, (0.0 + 0.5) / 2, (0.7 + 1.0) / 2])


def test_pool_cv_chooses_inside_each_fold_and_never_fits_the_scored(training, fit_sizes) -> None:
    """The shipped procedure's nested score: the pool is chosen on the other folds only, and no
    fit ever sees every issue."""
    from foedus.bargaining.evaluation import pool_cv

    data = load_training(*training)
    small = {
        "a": [Design(("parliament_cod",))],
        "b": [Design(("parliament_cod", "extremes"), binary_rule=True)],
    }
    pred, chosen = pool_cv(data, small, folds=3, inner_folds=3, seed=1)
    assert len(chosen) == 3 and set(chosen) <= {"a", "b"}
    assert np.isfinite(pred).all() and ((pred >= 0) & (pred <= 1)).all()
    assert max(fit_sizes) < len(data.y)
