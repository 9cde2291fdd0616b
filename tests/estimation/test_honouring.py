"""When the treaty binds: rows built with the casus foederis filter, and the calibration check."""

from tests.estimation.conftest import find


def test_rows_are_triggered_commitments(data):
    from foedus.estimation import honouring

    rows = honouring.training_rows()
    assert 400 <= len(rows) <= 800 and rows.warnum.nunique() >= 40
    assert rows.atopids.str.len().gt(0).all()
    # an ally already fighting the partner is never an ally here
    assert not [1 for a, adv in zip(rows.ally, rows.adversaries, strict=True) if a in adv]
    # pre-1945 honour rate is far above the 3-5 % of unfiltered allies, and falls after 1945
    early, late = rows[rows.year <= 1945].y.mean(), rows[rows.year > 1945].y.mean()
    assert early > 0.4 and late < early


def test_engine_decides_the_trigger(data):
    """Poland 1939: Britain's and France's guarantees bind (Poland attacked by Germany)."""
    from foedus.estimation import honouring

    hit = honouring.triggered(200, 290, [255], 1939, initiated=False)
    assert hit is not None and hit["offence"] == 0.0
    # a defence-only pact (Romania-Poland) does not bind when its partner attacks
    assert honouring.triggered(360, 290, [255], 1939, initiated=False) is not None
    assert honouring.triggered(360, 290, [255], 1939, initiated=True) is None


def test_out_of_sample_calibration_beats_the_published_rates(records):
    """Grouped by war, out of sample: probabilities closer to how often allies fought than
    Berkemeier & Fuhrmann's aggregate rates by era."""
    auc = find(records, "honouring", "auc")
    assert auc["value"] > auc["baseline_value"] and auc["value"] > 0.7
    brier = find(records, "honouring", "brier")
    assert brier["value"] < brier["baseline_value"]
    ece = find(records, "honouring", "ece")
    assert ece["value"] < ece["baseline_value"] and ece["value"] < 0.1


def test_calibration_table_by_bin(data):
    from foedus.estimation import honouring
    from foedus.estimation.evaluation import calibration_tables

    t = calibration_tables()["honouring"]
    assert t.n.sum() == len(honouring.training_rows())
    assert ((t.predicted - t.observed).abs() < 0.25).all()
