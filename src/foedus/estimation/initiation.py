r"""Does it deter: the probability that a challenger starts a militarised dispute against a target.

After Leeds (2003), Johnson & Leeds (2011) and Fuhrmann & Sechser (2014): if alliances
deter, a target whose third-party defenders are strong, close, nuclear-armed or present on
its soil is chosen less often.

**Unit.** Directed dyad-years (challenger, target, year), 1816-2010, in politically
relevant dyads (Lemke & Reed 2001): contiguous (COW direct contiguity, land or water up
to 400 miles), a major power involved, or a strategic rivalry (Thompson & Dreyer 2012).
Outcome: the challenger is an originator on side A and the target an originator on side
B of a GML MID begun that year (Gibler, Miller & Little 2016).

**Model.** A logit clustered by undirected dyad on the design of :func:`design`: the
target's defenders (states other than the challenger that owe it an ATOP defence
obligation: whether any, their number, their capability relative to the challenger's,
the nearest one's distance, whether one has nuclear weapons, whether the United States is
one and how many US troops stand on the target's soil), the challenger's own offensive
and defensive allies, an alliance between the two, both sides' capability (log CINC
share of the dyad), distance and contiguity, regime (joint democracy), nuclear weapons
of each, major-power status, strategic rivalry, peace years (years since the dyad's last
dispute, with the square and cube, Carter & Signorino 2010), and the dispute history:
disputes between the two in the previous ten years, disputes the challenger started and
the target suffered in the previous five.

**Baseline** (:data:`BASELINE`): Leeds (2003)'s specification on the same rows: target has a
defensive ally, challenger has an offensive ally, capability ratio, contiguity, distance,
joint democracy, a major power involved, peace years.

References: Leeds (2003, AJPS); Johnson & Leeds (2011); Fuhrmann & Sechser (2014); Lemke &
Reed (2001); Carter & Signorino (2010); Gibler, Miller & Little (2016); Leeds et al. (2002).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from foedus.data.atop import load_dyad_years
from foedus.data.cache import data_dir
from foedus.data.conflict import load_gml_dyads, rivalry_years
from foedus.estimation.columns import raw_columns
from foedus.estimation.logit import Logit, fit_logit
from foedus.estimation.panel import _key, panel

OUTCOMES = ("initiates",)
BASE = "no_dispute"
LAST_YEAR = 2010  # GML MIDs end here

BASELINE = (
    "const",
    "target_defended",
    "challenger_offence_ally",
    "log_cinc_share",
    "land",
    "log_distance",
    "joint_democracy",
    "major_involved",
    "peace_years",
    "peace_years_2",
    "peace_years_3",
)
"""The Leeds (2003)-style baseline's columns of :func:`design`."""


def design(raw: pd.DataFrame) -> pd.DataFrame:
    """The design matrix (constant first) of directed dyad-years; the baseline is a subset."""
    r = raw
    X = pd.DataFrame({"const": np.ones(len(r))}, index=r.index)
    c_a = r.cinc_challenger.fillna(1e-4) + 1e-5
    c_b = r.cinc_target.fillna(1e-4) + 1e-5
    X["target_defended"] = (r.target_defenders > 0).astype(float)
    X["challenger_offence_ally"] = (r.challenger_offence_allies > 0).astype(float)
    X["log_cinc_share"] = np.log(c_a / (c_a + c_b))
    X["land"] = (r.contiguity == 1).astype(float)
    X["log_distance"] = np.log(r.distance_km.fillna(3000.0) + 100.0)
    X["joint_democracy"] = ((r.democracy_challenger > 0) & (r.democracy_target > 0)).astype(float)
    X["major_involved"] = ((r.major_challenger + r.major_target) > 0).astype(float)
    t = r.peace_years.astype(float) / 10.0
    X["peace_years"], X["peace_years_2"], X["peace_years_3"] = t, t**2, t**3
    # the dispute history of the dyad and of each side: the strongest predictors out of time
    X["log_dyad_mids_10y"] = np.log1p(r.dyad_mids_10y.astype(float))
    X["log_challenger_initiations_5y"] = np.log1p(r.challenger_initiations_5y.astype(float))
    X["log_target_targeted_5y"] = np.log1p(r.target_targeted_5y.astype(float))
    X["log_defenders_vs_challenger"] = np.log((r.target_defenders_cinc.fillna(0) + 1e-5) / c_a)
    X["defender_log_distance"] = np.where(
        r.target_defenders > 0, np.log(r.nearest_defender_km.fillna(3000.0) + 100.0) - np.log(3100.0), 0.0
    )
    X["nuclear_defender"] = r.nuclear_defender.astype(float)
    X["us_defender"] = r.us_defender.astype(float)
    X["log_us_troops_target"] = np.log1p(r.us_troops_target.fillna(0.0) / 1000.0)
    X["log_challenger_defenders_cinc"] = np.log1p(r.challenger_defenders_cinc.fillna(0) / c_a)
    X["rival"] = r.rival.astype(float)
    X["sea"] = r.contiguity.between(2, 5).astype(float)
    X["nuclear_challenger"] = r.nuclear_challenger.fillna(0.0).astype(float)
    X["nuclear_target"] = r.nuclear_target.fillna(0.0).astype(float)
    return X


RAW_COLUMNS = raw_columns("initiation")
"""The raw columns the model reads, ``name -> (meaning, unit, how it is computed)``."""

FEATURES = tuple(design(pd.DataFrame({c: [0.0] for c in RAW_COLUMNS})))
"""The design's columns, in order."""


# ----------------------------------------------------------------------------- raw columns from the data
@cache
def _defenders(_root: str) -> pd.DataFrame:
    """Per (state, year): who owes it defence, as sums that a challenger can be taken out of."""
    p = panel()
    d = load_dyad_years()
    d = d[(d.atop_defense == 1) & (d.year <= LAST_YEAR)]
    c1, c2, y = d.ccode1.to_numpy(), d.ccode2.to_numpy(), d.year.to_numpy()
    per = pd.DataFrame(
        {
            "key": _key(c2, y),
            "n": 1.0,
            "cinc": np.nan_to_num(p.state("cinc", c1, y)),
            "nuclear": np.nan_to_num(p.state("nuclear_weapons", c1, y)),
            "us": (c1 == 2) * 1.0,
            "km": p.capdist_km(c1, c2, y),
        }
    )
    g = per.groupby("key")
    return pd.DataFrame(
        {"n": g.n.sum(), "cinc": g.cinc.sum(), "nuclear": g.nuclear.sum(), "us": g.us.sum(), "km": g.km.min()}
    )


def raw_columns(dyads: pd.DataFrame) -> pd.DataFrame:
    """The raw columns (but ``peace_years``) for directed ``dyads`` with ``a`` (challenger),
    ``b`` (target) and ``year``, from the data folder's panel."""
    p = panel()
    a, b, y = dyads.a.to_numpy(), dyads.b.to_numpy(), np.minimum(dyads.year.to_numpy(), 2018)
    owes_ab, owes_ba = p.owes(a, b, y), p.owes(b, a, y)
    defn = _defenders(str(data_dir())).reindex(_key(b, y)).fillna({"n": 0, "cinc": 0, "nuclear": 0, "us": 0})
    a_def = owes_ab.defense.to_numpy()  # the challenger is not its own target's defender
    cinc_a, nuc_a = p.state("cinc", a, y), p.state("nuclear_weapons", a, y)
    offence = _allies_of(a, y, "offense") - owes_ba.offense.to_numpy()
    chal_def = _defenders(str(data_dir())).reindex(_key(a, y))
    return pd.DataFrame(
        {
            "target_defenders": defn.n.to_numpy() - a_def,
            "target_defenders_cinc": np.maximum(defn.cinc.to_numpy() - a_def * np.nan_to_num(cinc_a), 0.0),
            "nearest_defender_km": defn.km.to_numpy(),
            "nuclear_defender": ((defn.nuclear.to_numpy() - a_def * np.nan_to_num(nuc_a)) > 0) * 1.0,
            "us_defender": ((defn.us.to_numpy() - a_def * (a == 2)) > 0) * 1.0,
            "us_troops_target": p.state("us_troops", b, y),
            "challenger_offence_allies": np.maximum(offence, 0.0),
            "challenger_defenders_cinc": chal_def.cinc.fillna(0).to_numpy(),
            "alliance_between": ((owes_ab.sum(axis=1) + owes_ba.sum(axis=1)).to_numpy() > 0) * 1.0,
            "cinc_challenger": cinc_a,
            "cinc_target": p.state("cinc", b, y),
            "distance_km": p.capdist_km(a, b, y),
            "contiguity": p.contiguity(a, b, y),
            "democracy_challenger": p.state("dem_euds", a, y),
            "democracy_target": p.state("dem_euds", b, y),
            "nuclear_challenger": nuc_a,
            "nuclear_target": p.state("nuclear_weapons", b, y),
            "major_challenger": p.is_major(a, y) * 1.0,
            "major_target": p.is_major(b, y) * 1.0,
            "rival": p.rival(a, b, y),
            "year": dyads.year.to_numpy(),
        },
        index=dyads.index,
    )


@cache
def _offence_counts(_root: str) -> pd.Series:
    d = load_dyad_years()
    d = d[d.atop_offense == 1]
    return d.groupby(_key(d.ccode2, d.year)).size().astype(float)


def _allies_of(ccode: np.ndarray, year: np.ndarray, kind: str) -> np.ndarray:
    counts = _offence_counts(str(data_dir()))
    return counts.reindex(_key(ccode, year)).fillna(0.0).to_numpy()


# ----------------------------------------------------------------------------- training rows
def _relevant_dyads() -> pd.DataFrame:
    """Undirected politically relevant dyad-years (``a < b``) with both states in the system."""
    p = panel()
    m = p.members[p.members.year <= LAST_YEAR]
    majors = m[p.is_major(m.ccode, m.year)]
    pairs = [majors.merge(m, on="year", suffixes=("_1", "_2"))[["ccode_1", "ccode_2", "year"]]]
    cont = p._contiguity
    keys = cont.index.to_numpy()
    year, pair = keys % 10_000, keys // 10_000
    pairs.append(pd.DataFrame({"ccode_1": pair // 1_000, "ccode_2": pair % 1_000, "year": year}))
    riv = rivalry_years()
    pairs.append(
        riv.rename(columns={"ccode1": "ccode_1", "ccode2": "ccode_2"})[["ccode_1", "ccode_2", "year"]]
    )
    u = pd.concat(pairs, ignore_index=True)
    u = u[u.ccode_1 != u.ccode_2]
    u = pd.DataFrame(
        {"a": np.minimum(u.ccode_1, u.ccode_2), "b": np.maximum(u.ccode_1, u.ccode_2), "year": u.year}
    ).drop_duplicates()
    u = u[(u.year >= 1816) & (u.year <= LAST_YEAR)]
    live = pd.Index(_key(m.ccode, m.year))
    both = (live.get_indexer(_key(u.a, u.year)) >= 0) & (live.get_indexer(_key(u.b, u.year)) >= 0)
    return u[both].sort_values(["a", "b", "year"]).reset_index(drop=True)


def _peace_years(u: pd.DataFrame) -> np.ndarray:
    """Years since the undirected dyad's last MID onset (any participants), counted from the
    first year the dyad is in the sample when it has had none."""
    dd = load_gml_dyads()
    on = dd[dd.midonset == 1]
    onset = pd.Index(
        np.unique(_key(np.minimum(on.ccode1, on.ccode2) * 1000 + np.maximum(on.ccode1, on.ccode2), on.year))
    )
    dyad = u.a.to_numpy() * 1000 + u.b.to_numpy()
    had = onset.get_indexer(_key(dyad, u.year)) >= 0
    frame = pd.DataFrame({"dyad": dyad, "year": u.year.to_numpy(), "last": np.where(had, u.year, np.nan)})
    first = frame.groupby("dyad").year.transform("min")
    prev = frame.groupby("dyad")["last"].transform(lambda s: s.shift(1).ffill())
    return (frame.year - prev.fillna(first - 1) - 1).clip(lower=0).to_numpy()


def _window(counts: pd.Series, who: np.ndarray, year: np.ndarray, years: int) -> np.ndarray:
    """Sum of ``counts`` (indexed by :func:`_key`) over the ``years`` years before ``year``."""
    total = np.zeros(len(year))
    for k in range(1, years + 1):
        total += counts.reindex(_key(who, year - k)).fillna(0.0).to_numpy()
    return total


def _history(d: pd.DataFrame) -> pd.DataFrame:
    """Dispute history before each year: of the dyad, of the challenger, of the target."""
    dd = load_gml_dyads()
    on = dd[dd.midonset == 1]
    pair = np.minimum(on.ccode1, on.ccode2) * 1000 + np.maximum(on.ccode1, on.ccode2)
    dyadic = pd.DataFrame({"k": _key(pair, on.year), "n": on.dispnum}).drop_duplicates().groupby("k").size()
    started = on[(on.orig1 == 1) & (on.sidea1 == 1)].drop_duplicates(["dispnum", "ccode1"])
    targeted = on[(on.orig2 == 1) & (on.sidea1 == 1)].drop_duplicates(["dispnum", "ccode2"])
    by_a = started.groupby(_key(started.ccode1, started.year)).size()
    by_b = targeted.groupby(_key(targeted.ccode2, targeted.year)).size()
    y = d.year.to_numpy()
    return pd.DataFrame(
        {
            "dyad_mids_10y": _window(dyadic.astype(float), d.dyad.to_numpy(), y, 10),
            "challenger_initiations_5y": _window(by_a.astype(float), d.a.to_numpy(), y, 5),
            "target_targeted_5y": _window(by_b.astype(float), d.b.to_numpy(), y, 5),
        },
        index=d.index,
    )


@cache
def _rows(_root: str) -> pd.DataFrame:
    u = _relevant_dyads()
    u["peace_years"] = _peace_years(u)
    d = pd.concat([u, u.rename(columns={"a": "b", "b": "a"})], ignore_index=True)
    dd = load_gml_dyads()
    starts = dd[(dd.midonset == 1) & (dd.orig1 == 1) & (dd.orig2 == 1) & (dd.sidea1 == 1)]
    hit = pd.Index(np.unique(_key(starts.ccode1 * 1000 + starts.ccode2, starts.year)))
    d["y"] = (hit.get_indexer(_key(d.a * 1000 + d.b, d.year)) >= 0).astype(int)
    d["dyad"] = np.minimum(d.a, d.b) * 1000 + np.maximum(d.a, d.b)
    raw = raw_columns(d).join(_history(d))
    return d[["a", "b", "dyad", "y", "peace_years"]].join(raw)


def training_rows() -> pd.DataFrame:
    """The directed dyad-years: ``a`` (challenger), ``b`` (target), ``dyad``, ``y`` (1: ``a``
    started a MID against ``b``) and the :data:`RAW_COLUMNS`."""
    return _rows(str(data_dir())).copy()


def fit(rows: pd.DataFrame, features: tuple[str, ...] | None = None) -> Logit:
    """The logit on ``rows`` (``features``: a subset of the design, e.g. :data:`BASELINE`), by dyad."""
    X = design(rows)
    X = X[list(features)] if features else X
    years = (int(rows.year.min()), int(rows.year.max()))
    return fit_logit(X, rows.y.to_numpy(), rows.dyad.to_numpy(), OUTCOMES, BASE, min_count=20, years=years)
