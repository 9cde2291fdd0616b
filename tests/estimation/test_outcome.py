"""Who prevails: the bilateral disputes, and the learned outcome model against the CINC ratio."""

import numpy as np
import pandas as pd

from tests.estimation.conftest import find


def test_training_rows_are_the_bilateral_disputes_of_models_md(data):
    from foedus.estimation import outcome

    rows = outcome.training_rows()
    assert len(rows) == 1468  # MODELS.md §10: about 1,470
    counts = rows.y.value_counts()
    assert (counts[0], counts[1], counts[2]) == (1207, 181, 80)  # stalemate, A wins, B wins
    assert rows.dispnum.is_unique and (rows.ccode_a != rows.ccode_b).all()


def test_cross_validated_prl_beats_the_target_and_the_cinc_ratio(records):
    r = find(records, "outcome", "prl")
    assert r["value"] >= 0.19, r  # Carroll & Kenkel's DOE 2.0: 0.195
    assert r["baseline_value"] < 0.05 and r["lower"] < r["value"] < r["upper"]
    assert r["n"] == 1468


def test_design_is_pure_and_complete(data):
    from foedus.estimation import outcome

    rows = outcome.training_rows()
    X = outcome.design(rows)
    assert tuple(X.columns) == outcome.FEATURES and np.isfinite(X.to_numpy()).all()
    pd.testing.assert_frame_equal(X, outcome.design(rows.copy()))


def test_war_makes_outcomes_decisive(data):
    """A war ends in victory more often than a use of force (the fitted model agrees)."""
    from foedus.estimation import outcome

    m = outcome.fit(outcome.training_rows())
    war = m.coef[m.features.index("war")]
    assert (war > 0).all()
