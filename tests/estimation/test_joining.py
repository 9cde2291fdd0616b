"""Who comes: the (dispute, candidate) rows over the politically relevant states, and the
out-of-time targets of issue 20."""

import numpy as np

from tests.estimation.conftest import find


def test_candidate_rows_match_models_md(data):
    from foedus.estimation import joining

    rows = joining.training_rows()
    assert rows.dispnum.nunique() == 2174
    assert 64_000 <= len(rows) <= 70_000  # MODELS.md §10: about 68,000
    rate = (rows.y > 0).mean()
    assert 0.006 < rate < 0.008  # 0.7 %
    early, late = (rows[rows.year <= 1945].y > 0).mean(), (rows[rows.year > 1945].y > 0).mean()
    assert 0.018 < early < 0.024 and 0.004 < late < 0.006  # 2.1 % and 0.5 %
    assert not rows.duplicated(["dispnum", "ccode"]).any()


def test_candidates_are_politically_relevant(data):
    from foedus.estimation import joining

    rows = joining.training_rows()
    X = joining.design(rows)
    tied = rows[[f"{k}_to_{s}" for s in ("target", "aggressor") for k in joining._KINDS]].sum(axis=1) > 0
    near = (X.land_target + X.sea_target + X.land_aggressor + X.sea_aggressor) > 0
    # the rest are tied by an obligation owed *to* the candidate, which the design does not show
    assert (tied | near | (rows.major == 1)).mean() > 0.97


def test_out_of_time_auc_meets_the_target(records):
    for cut in (1945, 1970):
        r = find(records, "joining", "auc", f"fit<={cut}, score>{cut}")
        assert r["value"] >= 0.85, r
        assert r["value"] > r["baseline_value"] + 0.05, r
        assert r["positives"] > 100 and r["n"] > 40_000


def test_per_dispute_ranking_and_brier_are_reported(records):
    for cut in (1945, 1970):
        test = f"fit<={cut}, score>{cut}"
        per = find(records, "joining", "auc_per_dispute", test)
        assert per["value"] > per["baseline_value"] and per["value"] > 0.75
        brier = find(records, "joining", "brier", test)
        assert 0 < brier["value"] < 0.01 and 0 < brier["baseline_value"] < 0.01


def test_sides_come_from_relations_to_each_side_alike(data):
    """The side choice is a conditional logit: each relation has one effect on joining the side
    it describes (``own``) and one on joining the other (``other``), the same for both sides;
    a rivalry, a closer UN position, an obligation and joint democracy each move a state
    toward the side they favour."""
    from foedus.estimation import joining

    m = joining.fit(joining.training_rows())
    par = {k: v["coef"] for k, v in m.stats["parameters"].items()}

    def coef(name):
        return m.coef[m.features.index(name)]  # (target side, aggressor side)

    for rel in ("rival", "ideal_distance", "joint_democracy", "consultation_to"):
        assert coef(f"{rel}_target")[0] == coef(f"{rel}_aggressor")[1], rel
        assert coef(f"{rel}_aggressor")[0] == coef(f"{rel}_target")[1], rel
    assert par["other rival"] > 0 > par["own rival"]  # a rival of one side joins the other
    assert par["other ideal_distance"] > par["own ideal_distance"]  # the closer side in the UN
    assert par["other joint_democracy"] < 0  # democracies seldom join an attack on a democracy
    assert par["own defence_to"] + par["casus_foederis"] > par["other defence_to"]


def test_a_side_without_an_ideal_point_favours_neither(data):
    """Taiwan since 1971: no UN ideal point, so UN distances say nothing about sides."""
    from foedus.estimation import joining

    raw = joining.training_rows().iloc[[0, 1]].copy()
    raw["year"] = 2000
    raw["ideal_point"] = 1.0
    raw["ideal_point_aggressor"] = [-1.0, -1.0]
    raw["ideal_point_target"] = [np.nan, -1.0]
    X = joining.design(raw)
    assert X.ideal_distance_target.iloc[0] == X.ideal_distance_aggressor.iloc[0] == 0.0
    assert X.ideal_distance_aggressor.iloc[1] > 0.0


def test_severity_conditions_the_probability(data):
    from foedus.estimation import joining

    m = joining.fit(joining.training_rows())
    raw = joining.training_rows().iloc[[0]].copy()
    p = {}
    for severity in ("grey_zone", "limited", "major"):
        p[severity] = joining.p_join(m, raw.assign(**joining.severity_columns(severity)))[0]
    assert p["grey_zone"] < p["limited"] < p["major"]
    assert np.isfinite(list(p.values())).all()
