"""Does it deter: politically relevant directed dyad-years, and the model against Leeds (2003)."""

from tests.estimation.conftest import find


def test_rows_are_politically_relevant_directed_dyad_years(data):
    from foedus.estimation import initiation

    rows = initiation.training_rows()
    assert 200_000 < len(rows) < 260_000 and 2000 < rows.y.sum() < 2500
    relevant = (rows.contiguity > 0) | (rows.major_challenger + rows.major_target > 0) | (rows.rival > 0)
    assert relevant.all()
    assert (rows.year <= 2010).all() and not rows.duplicated(["a", "b", "year"]).any()


def test_beats_the_leeds_baseline_out_of_time(records):
    for cut in (1945, 1970):
        r = find(records, "deterrence", "auc", f"fit<={cut}, score>{cut}")
        assert r["value"] > r["baseline_value"], r
        assert r["baseline"].startswith("Leeds (2003)")
