r"""Who prevails: P(A wins), P(B wins), P(stalemate) of a militarised dispute, learned from its outcomes.

After Carroll & Kenkel (2019), whose Dispute Outcome Expectations (DOE) learn the mapping
from both sides' material capabilities to dispute outcomes instead of assuming that the
CINC ratio is the probability of victory.

**Unit.** GML MID 2.2.1 disputes (Gibler, Miller & Little 2016) with exactly one state on
each side (counted from the participant file: a state may have several episodes) and an
outcome of victory, yield or stalemate: 1,468 disputes, 1816-2010. A's victory or B's
yield is "A wins" (181, 12 %), B's victory or A's yield "B wins" (80, 5 %), stalemate 1,207
(82 %). Side A is the side that took the first militarised action.

**Model.** A multinomial logit (base: stalemate) on

- each side's six NMC 7.0 components as **yearly shares** of the system total, in logs
  (:math:`\log(s + 10^{-5})`; a missing component counts as 0): shares, unlike raw
  values, are comparable across years (NMC's military expenditure changes currency in
  1914), and the yearly totals drop out;
- the year, piecewise linear with bends at 1900 and 1945 (outcome coding and the
  frequency of decisive outcomes change over two centuries; linear tails extrapolate
  more gently than a polynomial);
- what the dispute became: use of force, war (GML ``hostlev`` 4 and 5).

The metric is the proportional reduction in log loss against the class frequencies, by
10-fold cross-validation (Carroll & Kenkel report 0.195 for DOE 2.0); the baseline is the
ordered logit on A's share of the dyad's CINC, which barely beats the frequencies.

References: Carroll & Kenkel (2019); Gibler, Miller & Little (2016); Singer, Bremer &
Stuckey (1972).

Examples
--------
>>> raw = pd.DataFrame([dict.fromkeys(RAW_COLUMNS, 0.01)]).assign(year=2022, hostility=5)
>>> design(raw).shape
(1, 18)
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from foedus.data.cache import data_dir
from foedus.data.conflict import load_gml_disputes, load_gml_participants
from foedus.estimation.columns import raw_columns
from foedus.estimation.logit import Logit, fit_logit
from foedus.estimation.panel import COMPONENTS, panel

OUTCOMES = ("a_wins", "b_wins")
BASE = "stalemate"
CODES = {1: 1, 4: 1, 2: 2, 3: 2, 5: 0}  # GML outcome -> 0 stalemate, 1 A wins, 2 B wins

RAW_COLUMNS = raw_columns("outcome")
"""The raw columns the model reads, ``name -> (meaning, unit, how it is computed)``."""


def design(raw: pd.DataFrame) -> pd.DataFrame:
    """The design matrix (constant first) from the raw columns; shared by training and simulation."""
    X = pd.DataFrame({"const": np.ones(len(raw))}, index=raw.index)
    for s in ("a", "b"):
        for c in COMPONENTS:
            X[f"log_{s}_{c}_share"] = np.log(raw[f"{s}_{c}_share"].fillna(0.0).astype(float) + 1e-5)
    t = (raw.year.astype(float) - 1900.0) / 100.0
    X["year"] = t
    X["year_after_1900"] = np.maximum(t, 0.0)
    X["year_after_1945"] = np.maximum(t - 0.45, 0.0)
    X["use_of_force"] = (raw.hostility >= 4).astype(float)
    X["war"] = (raw.hostility >= 5).astype(float)
    return X


FEATURES = tuple(design(pd.DataFrame({c: [0.0] for c in RAW_COLUMNS})))
"""The design's columns, in order."""


def side_shares(states: pd.DataFrame) -> pd.DataFrame:
    """Each side's component shares from the data: ``states`` has ``row, side ('a'|'b'), ccode, year``.

    Returns the ``{a,b}_{component}_share`` columns indexed by ``row`` (NA when no state of
    the side has the component in that year).
    """
    p = panel()
    vals = {c: p.state(f"{c}_share", states.ccode, states.year) for c in COMPONENTS}
    frame = pd.DataFrame(vals).assign(row=states.row.to_numpy(), side=states.side.to_numpy())
    summed = frame.groupby(["row", "side"]).sum(min_count=1).unstack("side")
    out = pd.DataFrame(index=pd.Index(sorted(states.row.unique()), name="row"))
    for s in ("a", "b"):
        for c in COMPONENTS:
            out[f"{s}_{c}_share"] = summed[(c, s)].reindex(out.index) if (c, s) in summed else np.nan
    return out


@cache
def _rows(_root: str) -> pd.DataFrame:
    part = load_gml_participants()
    disp = load_gml_disputes()
    per_side = part.groupby(["dispnum", "sidea"]).ccode.nunique().unstack(fill_value=0)
    bilateral = per_side[(per_side[0] == 1) & (per_side[1] == 1)].index
    d = disp[disp.dispnum.isin(bilateral) & disp.outcome.isin(list(CODES))].reset_index(drop=True)
    first = part.drop_duplicates(["dispnum", "sidea"]).set_index(["dispnum", "sidea"]).ccode
    states = pd.DataFrame(
        {
            "row": np.r_[d.index, d.index],
            "side": ["a"] * len(d) + ["b"] * len(d),
            "ccode": np.r_[
                first.loc[list(zip(d.dispnum, [1] * len(d), strict=True))].to_numpy(),
                first.loc[list(zip(d.dispnum, [0] * len(d), strict=True))].to_numpy(),
            ],
            "year": np.r_[d.styear, d.styear].astype(int),
        }
    )
    raw = side_shares(states)
    cinc = panel().state("cinc", states.ccode, states.year)
    out = pd.DataFrame(
        {
            "dispnum": d.dispnum.to_numpy(),
            "ccode_a": states.ccode.to_numpy()[: len(d)],
            "ccode_b": states.ccode.to_numpy()[len(d) :],
            "y": d.outcome.map(CODES).astype(int).to_numpy(),
            "cinc_a": cinc[: len(d)],
            "cinc_b": cinc[len(d) :],
            "year": d.styear.astype(int).to_numpy(),
            "hostility": d.hostlev.to_numpy(),
        }
    )
    return out.join(raw.reset_index(drop=True))


def training_rows() -> pd.DataFrame:
    """The bilateral disputes: ``dispnum, ccode_a, ccode_b, y`` (0 stalemate, 1 A wins, 2 B
    wins), ``cinc_a, cinc_b`` (for the baseline) and the :data:`RAW_COLUMNS`."""
    return _rows(str(data_dir())).copy()


def fit(rows: pd.DataFrame) -> Logit:
    """The multinomial logit on ``rows`` (each dispute its own cluster: robust covariance)."""
    years = (int(rows.year.min()), int(rows.year.max()))
    return fit_logit(design(rows), rows.y.to_numpy(), rows.dispnum.to_numpy(), OUTCOMES, BASE, years=years)


def baseline_probabilities(train: pd.DataFrame, test: pd.DataFrame) -> np.ndarray:
    """The baseline: an ordered logit (B wins < stalemate < A wins) on A's share of the dyad's
    CINC, fitted on ``train``; columns ``(stalemate, a_wins, b_wins)`` for ``test``."""
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    def share(r: pd.DataFrame) -> np.ndarray:
        return (r.cinc_a / (r.cinc_a + r.cinc_b)).fillna(0.5).to_numpy()[:, None]

    order = train.y.map({2: 0, 0: 1, 1: 2}).to_numpy()
    res = OrderedModel(order, share(train), distr="logit").fit(method="bfgs", disp=0)
    P = np.asarray(res.model.predict(res.params, exog=share(test)))  # (B wins, stalemate, A wins)
    return P[:, [1, 2, 0]]
