"""score_commitments and score_outcomes on a few rows: order, states of the 1840s, bad input."""

import numpy as np
import pandas as pd
import pytest

from foedus.errors import InputError


def test_commitments_keep_rows_and_columns_in_order(data):
    from foedus.estimation import score_commitments

    rows = pd.DataFrame(
        {
            "ally": ["UKG", "Bavaria", "2", "iso3:AUS"],
            "partner": ["FRN", "AUH", "Japan", "JPN"],
            "adversary": ["GMY", "255", "China", "CHN;PRK"],
            "year": [1914, 1866, 2022, 2022],
            "note": ["a", "b", "c", "d"],
        }
    )
    out = score_commitments(rows)
    assert list(out.columns) == [*rows.columns, "p_respond", "lower", "upper"]
    assert list(out.note) == ["a", "b", "c", "d"]
    assert ((out.lower <= out.p_respond) & (out.p_respond <= out.upper)).all()
    assert out.p_respond.between(0, 1).all()
    # the German Confederation's small states fought for Austria in 1866
    assert out.p_respond[1] > 0.5
    pd.testing.assert_frame_equal(out, score_commitments(rows))  # seeded interval


def test_states_of_the_1840s(data):
    from foedus.estimation import score_commitments, score_outcomes

    # COW 325 is Sardinia-Piedmont before 1861 (COW names it Italy throughout)
    rows = pd.DataFrame({"ally": ["Tuscany"], "partner": ["Modena"], "adversary": ["325"], "year": [1848]})
    assert 0 <= score_commitments(rows).p_respond[0] <= 1
    out = score_outcomes(pd.DataFrame({"side_a": ["325"], "side_b": ["AUH;Modena"], "year": [1848]}))
    p = out[["p_a_wins", "p_b_wins", "p_stalemate"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1)


def test_outcomes_accept_several_states_and_hostility(data):
    from foedus.estimation import score_outcomes

    rows = pd.DataFrame(
        {"side_a": ["China"] * 2, "side_b": ["Japan;USA"] * 2, "year": [2022, 2022], "hostility": [4, 5]}
    )
    out = score_outcomes(rows)
    assert out.p_stalemate[1] < out.p_stalemate[0]  # a war is more decisive


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        ({"ally": "Atlantis"}, "ally", "unknown state 'Atlantis'"),
        ({"year": "19x4"}, "year", "is not a year"),
        ({"ally": "Japan", "year": 1947}, "ally", "not in the state system in 1947"),
        ({"adversary": ""}, "adversary", "empty"),
    ],
)
def test_bad_input_names_file_row_and_column(data, row, column, message):
    from foedus.estimation import score_commitments

    good = {"ally": "UKG", "partner": "FRN", "adversary": "GMY", "year": 1914}
    frame = pd.DataFrame([good, good | row])
    with pytest.raises(InputError) as err:
        score_commitments(frame, source="mine.csv")
    text = str(err.value)
    assert text.startswith(f"mine.csv row 2, column {column}:") and message in text
    assert "\n" not in text


def test_missing_columns_are_one_clear_line(data):
    from foedus.estimation import score_outcomes

    with pytest.raises(InputError, match=r"missing column.*side_b.*the header must name"):
        score_outcomes(pd.DataFrame({"side_a": ["USA"], "year": [2000]}), source="o.csv")


def test_one_state_in_two_columns_is_refused_however_it_is_written(data):
    """``USA`` and ``2`` (its COW code) are one state: refused by the library, not only by the CLI."""
    from foedus.estimation import score_commitments, score_outcomes

    with pytest.raises(InputError, match="row 1: side_a and side_b both name USA"):
        score_outcomes(pd.DataFrame({"side_a": ["USA"], "side_b": ["2;JPN"], "year": [2010]}))
    with pytest.raises(InputError, match="row 1: partner and adversary both name CHN"):
        score_commitments(
            pd.DataFrame({"ally": ["USA"], "partner": ["China"], "adversary": ["710"], "year": [2010]})
        )
