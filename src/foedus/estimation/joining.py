r"""Who comes: the probability that a third state joins a militarised dispute, and on which side.

**Unit.** A (dispute, candidate) pair: every GML MID 2.2.1 dispute (Gibler, Miller & Little
2016) and every *politically relevant* state in the system in its first year that was not
an originator — contiguous to an originator on either side (COW direct contiguity, land or
water up to 400 miles), a COW major power, or bound by any ATOP obligation to or from an
originator at onset (Lemke & Reed 2001 on relevance; Leeds et al. 2002). Distant small
states are easy negatives that would inflate any score, so they are left out. The target's
side is side B (the side that did not act first); the aggressor's, side A. Outcome: the
candidate joined on the target's side, on the aggressor's, or not at all (its first
episode, if it changed sides).

**Model.** A conditional logit (McFadden 1974; Train 2009, ch. 3) over three alternatives
— stay out, join the target's side :math:`T`, join the aggressor's :math:`A` — in which the
choice of side depends on the candidate's relations to *each* side through coefficients that
are the same for both sides (:func:`~foedus.estimation.logit.fit_logit` with ``tie``, clustered by
dispute):

.. math:: U_{\text{out}} = 0, \qquad
          U_s = g'\gamma + \alpha\,[s = A] + \kappa\,\text{defence}_{s}[s = T]
                + w_s'\delta + w_{-s}'\theta, \qquad s \in \{T, A\},

.. math:: P(\text{joins } s) = \frac{e^{U_s}}{1 + e^{U_T} + e^{U_A}}.

:math:`g` (:data:`GENERAL`) describes the candidate and the dispute — capability, major
power, regime, nuclear weapons, era and **what the dispute became between its originators**
(use of force, war, fatality levels): these say *whether* a state fights, not for whom, and
enter both utilities alike. :math:`w_s` (:data:`RELATIONS`) is the candidate's relation to
side :math:`s`: the ATOP obligations it owes the side (defence, offence, neutrality,
non-aggression, consultation) and whether the side owes it defence (*protected by*), distance
and contiguity (land, sea; great powers reach further), strategic rivalry, its defence pacts
with a major power outside the dispute that is allied with the side or a rival of it
(*patrons*: the ally of my ally, the ally of my enemy's enemy), the side's capability
(balancing or bandwagoning, Walt 1987), regime distance and the weak-link *joint democracy*
(the lower of the two democracy scores, Dixon 1994: democracies seldom fight one another, so
a democracy rarely joins an attack on another), UNGA ideal-point distances, the side's
nuclear weapons, its number of states and the US troops on its soil. :math:`\delta` is a
relation's effect on joining *that* side, :math:`\theta` its effect on joining the *other*
(a rival of the aggressor joins the target), one pair per relation, as in Altfeld & Bueno de
Mesquita's (1979) choice of sides by the joiner's ties to both belligerents. Among joiners,
then,

.. math:: \log\frac{P(A)}{P(T)} = \alpha - \kappa\,\text{defence}_T
          + (w_A - w_T)'(\delta - \theta),

so the side a state takes is decided by how its relations to the two sides *differ* — never
by a coefficient that one side has and the other lacks. The two asymmetries are named and
estimated: :math:`\alpha`, the aggressor's side being joined less often, and :math:`\kappa`,
the *casus foederis* — a defence pact binds when the partner is attacked, not when it
attacks (Leeds 2003). A relation nobody can measure for a side tells nothing about sides:
UN ideal points count only where the candidate and both sides have one (none before 1946;
none for Taiwan since 1971), centred on the typical distance :data:`IDEAL_GAP`, and regime
distance only where all three have a democracy score. The probability for an *armed attack
on a member* is read with the severity set by :func:`severity_columns`.

Earlier versions fitted a multinomial logit with a free coefficient per side. With 261
target-side and 233 aggressor-side joiners in 67,000 rows, each side's equation absorbed
whatever made a state join at all, in its own way (being near the target raised joining the
*aggressor* more than joining the target), and a side without a UN ideal point was given a
typical distance, so that "closer to the aggressor in the UN" pulled most of Asia to China's
side in a war over Taiwan. Tying the coefficients removes both.

References: McFadden (1974); Train (2009); Altfeld & Bueno de Mesquita (1979); Walt (1987);
Dixon (1994); Leeds (2003); Gibler, Miller & Little (2016); Leeds et al. (2002); Lemke & Reed (2001);
Stinnett et al. (2002); Bailey, Strezhnev & Voeten (2017); Thompson & Dreyer (2012);
Allen, Flynn & Martinez Machain (2022); Bleek (2017); Pemstein, Meserve & Melton (2010).

Examples
--------
>>> raw = pd.DataFrame([dict.fromkeys(RAW_COLUMNS, 0.0)]).assign(
...     year=2022, distance_target_km=1000.0, distance_aggressor_km=2000.0, cinc=0.01,
...     cinc_target=0.02, cinc_aggressor=0.1, n_target=1, n_aggressor=1, hostility=4)
>>> design(raw).shape, len(TIE)   # 55 columns, 57 free parameters
((1, 55), 57)
>>> TIE["other rival"]   # a rivalry with one side raises joining the other, alike for both
[('rival_aggressor', 'target'), ('rival_target', 'aggressor')]
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from foedus.data.atop import OBLIGATIONS
from foedus.data.cache import data_dir
from foedus.data.conflict import load_gml_disputes, load_gml_dyads, load_gml_participants
from foedus.estimation.columns import raw_columns
from foedus.estimation.logit import Logit, Tie, fit_logit
from foedus.estimation.panel import panel

OUTCOMES = ("target", "aggressor")
BASE = "neither"
IDEAL_GAP = 0.9  # the median |ideal point difference| between a candidate and a side, 1946-2010
REGIME_GAP = 1.0  # a typical |extended UDS difference| between a candidate and a side
SIDES = ("target", "aggressor")
MIN_COUNT = 20  # a feature must be non-zero for this many joiners (either side) to be estimated
_KINDS = ("defence", "offence", "neutrality", "nonaggression", "consultation")  # OBLIGATIONS, spelled out

RAW_COLUMNS = raw_columns("joining")
"""The raw columns the model reads, ``name -> (meaning, unit, how it is computed)``."""


def _log_km(km: pd.Series) -> np.ndarray:
    # 100 km keeps neighbours finite; NA distances (a capital unknown) take the sample's typical value
    return np.log(km.fillna(3000.0).to_numpy(dtype=float) + 100.0)


GENERAL = (
    "const",
    "major",
    "log_cinc",
    "democracy",
    "nuclear",
    "year",
    "before_1946",
    "use_of_force",
    "war",
    "major_x_war",
    "fatalities",
    "fatalities_over_100",
    "fatalities_over_999",
)
"""Columns that describe the candidate or the dispute, not a side: one coefficient, the same in
both sides' utilities (they say how likely the candidate is to fight, not for whom)."""

RELATIONS = (
    *(f"{k}_to" for k in _KINDS),
    "protected_by",
    "log_distance",
    "major_x_log_distance",
    "land",
    "sea",
    "rival",
    "patron_ally",
    "patron_rival",
    "log_cinc",
    "regime_distance",
    "joint_democracy",
    "ideal_distance",
    "nuclear",
    "log_n",
    "log_us_troops",
    "us_x_log_us_troops",
)
"""The candidate's relations to a side: each has a column per side (``{relation}_target``,
``{relation}_aggressor``) and two coefficients, the same for both sides: its effect on joining
that side (``own``) and on joining the other (``other``)."""


def design(raw: pd.DataFrame) -> pd.DataFrame:
    """The design matrix (constant first) from the raw columns: the one function that both the
    training code and a simulation use, so that the features cannot drift apart.

    Columns: :data:`GENERAL`, then each of :data:`RELATIONS` for the target's side and for the
    aggressor's. A distance on UN ideal points counts only where the candidate and both sides
    have one (after 1945), centred on the typical distance :data:`IDEAL_GAP`, so that a side
    without an ideal point (Taiwan since 1971) makes neither side closer; likewise the regime
    distance where all three have a democracy score (centred on :data:`REGIME_GAP`).
    """
    r = raw
    X = pd.DataFrame({"const": np.ones(len(r))}, index=r.index)
    major = r.major.astype(float)
    X["major"] = major
    cinc = r.cinc.fillna(1e-4).to_numpy(dtype=float) + 1e-5
    X["log_cinc"] = np.log(cinc)
    X["democracy"] = r.democracy.fillna(0.0)
    X["nuclear"] = r.nuclear.fillna(0.0).astype(float)
    X["year"] = (r.year.astype(float) - 1900.0) / 100.0
    before = r.year < 1946
    X["before_1946"] = before.astype(float)
    X["use_of_force"] = (r.hostility >= 4).astype(float)
    X["war"] = (r.hostility >= 5).astype(float)
    X["major_x_war"] = major * X.war
    for level, name in ((1, "fatalities"), (3, "fatalities_over_100"), (6, "fatalities_over_999")):
        X[name] = (r.fatality.fillna(0) >= level).astype(float)
    un_known = (
        r.ideal_point.notna() & r.ideal_point_target.notna() & r.ideal_point_aggressor.notna() & ~before
    )
    regime_known = r.democracy.notna() & r.democracy_target.notna() & r.democracy_aggressor.notna()
    is_us = r.is_us.astype(float)
    for s in SIDES:
        for k in _KINDS:
            X[f"{k}_to_{s}"] = r[f"{k}_to_{s}"].astype(float)
        X[f"protected_by_{s}"] = r[f"protected_by_{s}"].fillna(0.0).astype(float)
        X[f"log_distance_{s}"] = _log_km(r[f"distance_{s}_km"])
        X[f"major_x_log_distance_{s}"] = major * (X[f"log_distance_{s}"] - np.log(3100.0))
        for c in ("land", "sea", "rival", "patron_ally", "patron_rival"):
            X[f"{c}_{s}"] = r[f"{c}_{s}"].fillna(0.0).astype(float)
        X[f"log_cinc_{s}"] = np.log(r[f"cinc_{s}"].fillna(0.0).to_numpy(dtype=float) + 1e-4)
        regime = (r.democracy - r[f"democracy_{s}"]).abs() - REGIME_GAP
        X[f"regime_distance_{s}"] = regime.where(regime_known, 0.0).astype(float)
        joint = np.minimum(r.democracy, r[f"democracy_{s}"])  # the weak link (Dixon 1994)
        X[f"joint_democracy_{s}"] = joint.where(regime_known, 0.0).astype(float)
        gap = (r.ideal_point - r[f"ideal_point_{s}"]).abs() - IDEAL_GAP
        X[f"ideal_distance_{s}"] = gap.where(un_known, 0.0).astype(float)
        X[f"nuclear_{s}"] = r[f"nuclear_{s}"].fillna(0.0).astype(float)
        X[f"log_n_{s}"] = np.log(r[f"n_{s}"].astype(float))
        troops = np.log1p(r[f"us_troops_{s}"].fillna(0.0) / 1000.0)
        X[f"log_us_troops_{s}"] = troops
        X[f"us_x_log_us_troops_{s}"] = is_us * troops
    return X


def _tie() -> Tie:
    """The free parameters and the (column, side) coefficients each one sets (see the module
    docstring): general terms on both sides, each relation's ``own`` and ``other`` effect, the
    aggressor's side constant and the casus foederis."""
    tie: Tie = {g: [(g, "target"), (g, "aggressor")] for g in GENERAL}
    tie["aggressor_side"] = [("const", "aggressor")]
    for rel in RELATIONS:
        tie[f"own {rel}"] = [(f"{rel}_target", "target"), (f"{rel}_aggressor", "aggressor")]
        tie[f"other {rel}"] = [(f"{rel}_aggressor", "target"), (f"{rel}_target", "aggressor")]
    tie["casus_foederis"] = [("defence_to_target", "target")]
    return tie


TIE = _tie()
"""Free parameter -> the ``(design column, side)`` coefficients it sets."""

FEATURES = tuple(
    design(pd.DataFrame({c: [0.0] for c in RAW_COLUMNS}).assign(n_target=1, n_aggressor=1, year=2000))
)
"""The design's columns, in order."""


def severity_columns(severity: str) -> dict[str, int]:
    """``hostility`` and ``fatality`` that stand for an event of foedus ``severity``.

    An assumption, not an estimate: ``grey_zone`` is a display of force without deaths,
    ``limited`` a use of force with 1-25 deaths, ``major`` and ``total`` a war (over 999 deaths).
    """
    table = {"grey_zone": (3, 0), "limited": (4, 1), "major": (5, 6), "total": (5, 6)}
    hostility, fatality = table[severity]
    return {"hostility": hostility, "fatality": fatality}


# ----------------------------------------------------------------------------- raw columns from the data
def raw_columns(candidates: pd.DataFrame, sides: pd.DataFrame) -> pd.DataFrame:
    """The raw columns (all but ``hostility`` and ``fatality``) from the data folder's panel.

    Parameters
    ----------
    candidates : DataFrame
        ``row, ccode, year``: one row per candidate to score (``row`` unique).
    sides : DataFrame
        ``row, ccode, side``: the states on each side (``side`` is ``"target"`` or
        ``"aggressor"``) that candidate ``row`` faces.

    Returns
    -------
    DataFrame indexed by ``row``.
    """
    p = panel()
    pairs = sides.merge(candidates[["row", "ccode", "year"]].rename(columns={"ccode": "cand"}), on="row")
    c, o, y = pairs.cand.to_numpy(), pairs.ccode.to_numpy(), pairs.year.to_numpy()
    owed = p.owes(c, o, y)
    cont = p.contiguity(c, o, y)
    cols = {f"{k}_to": owed[ob].to_numpy() for k, ob in zip(_KINDS, OBLIGATIONS, strict=True)}
    cols |= {"land": (cont == 1) * 1.0, "sea": ((cont >= 2) & (cont <= 5)) * 1.0, "rival": p.rival(c, o, y)}
    back = p.owes(o, c, y)
    cols["protected_by"] = ((back.defense + back.offense) > 0).to_numpy() * 1.0
    cols |= _patrons(p, pairs, sides)
    cols |= {
        "distance": p.capdist_km(c, o, y),
        "cinc": p.state("cinc", o, y),
        "democracy": p.state("dem_euds", o, y),
        "ideal_point": p.state("unga_ideal_point", o, y),
        "us_troops": p.state("us_troops", o, y),
        "nuclear": p.state("nuclear_weapons", o, y),
        "n": np.ones(len(pairs)),
    }
    how = {k: "max" for k in cols} | {"distance": "min", "cinc": "sum", "democracy": "mean"}
    how |= {"ideal_point": "mean", "us_troops": "sum", "n": "sum"}
    frame = pd.DataFrame(cols).assign(row=pairs.row.to_numpy(), side=pairs.side.to_numpy())
    agg = frame.groupby(["row", "side"]).agg(how).unstack("side")
    out = pd.DataFrame(index=candidates.row.to_numpy())
    names = {"distance": "distance_{s}_km", "n": "n_{s}"}
    for col in cols:
        for s in ("target", "aggressor"):
            name = names.get(col, f"{col}_{s}")
            out[name.format(s=s)] = agg[(col, s)].reindex(out.index).to_numpy()
    out["nuclear_aggressor"] = out.nuclear_aggressor.fillna(0.0)
    cy = (candidates.ccode.to_numpy(), candidates.year.to_numpy())
    out["major"] = p.is_major(*cy) * 1.0
    out["cinc"] = p.state("cinc", *cy)
    out["democracy"] = p.state("dem_euds", *cy)
    out["ideal_point"] = p.state("unga_ideal_point", *cy)
    out["nuclear"] = p.state("nuclear_weapons", *cy)
    out["is_us"] = (candidates.ccode.to_numpy() == 2) * 1.0
    out["year"] = candidates.year.to_numpy()
    drop = [c for c in out if c not in RAW_COLUMNS]
    return out.drop(columns=drop)


def _patrons(p, pairs: pd.DataFrame, sides: pd.DataFrame) -> dict[str, np.ndarray]:
    """For each (row, candidate, side state) pair: whether the candidate has a defence pact
    (either way) with a major power outside the dispute that has one with the side state
    (``patron_ally``) or is its strategic rival (``patron_rival``)."""
    keys = p.majors.to_numpy()
    majors = pd.DataFrame({"m": keys // 10_000, "year": keys % 10_000})
    x = pairs[["row", "cand", "ccode", "year"]].reset_index(names="pair").merge(majors, on="year")
    on_side = pd.MultiIndex.from_arrays([x.row, x.m]).isin(pd.MultiIndex.from_frame(sides[["row", "ccode"]]))
    x = x[(x.m != x.cand) & ~on_side]
    c, m, o, y = x.cand.to_numpy(), x.m.to_numpy(), x.ccode.to_numpy(), x.year.to_numpy()
    tie = (p.owes(c, m, y).defense.to_numpy() + p.owes(m, c, y).defense.to_numpy()) > 0
    ally = (p.owes(m, o, y).defense.to_numpy() + p.owes(o, m, y).defense.to_numpy()) > 0
    rival = p.rival(m, o, y) > 0
    out = pd.DataFrame({"pair": x.pair.to_numpy(), "ally": tie & ally, "rival": tie & rival})
    g = out.groupby("pair").max().reindex(np.arange(len(pairs))).fillna(False)
    return {"patron_ally": g.ally.to_numpy() * 1.0, "patron_rival": g.rival.to_numpy() * 1.0}


# ----------------------------------------------------------------------------- training rows
def _originators() -> pd.DataFrame:
    part = load_gml_participants()
    o = part[part.orig == 1].drop_duplicates(["dispnum", "ccode"])
    year = load_gml_disputes().set_index("dispnum").styear
    return pd.DataFrame(
        {
            "dispnum": o.dispnum.to_numpy(),
            "ccode": o.ccode.to_numpy(),
            "side": np.where(o.sidea == 1, "aggressor", "target"),
            "year": o.dispnum.map(year).astype(int).to_numpy(),
        }
    )


def _severity() -> pd.DataFrame:
    """What each dispute became between its originators: highest hostility and fatality level."""
    dd = load_gml_dyads()
    oo = dd[(dd.orig1 == 1) & (dd.orig2 == 1)]
    g = oo.groupby("dispnum")
    return pd.DataFrame({"hostility": g.hostlev1.max(), "fatality": g.fatality1.max().fillna(0.0)})


def _relevant(cand: pd.DataFrame, orig: pd.DataFrame) -> np.ndarray:
    """Contiguous to an originator, a major power, or an ATOP obligation either way at onset."""
    p = panel()
    pairs = cand[["row", "dispnum", "ccode", "year"]].merge(
        orig[["dispnum", "ccode"]].rename(columns={"ccode": "oc"}), on="dispnum"
    )
    c, o, y = pairs.ccode.to_numpy(), pairs.oc.to_numpy(), pairs.year.to_numpy()
    tie = (p.contiguity(c, o, y) > 0) | (p.owes(c, o, y).sum(axis=1).to_numpy() > 0)
    tie |= p.owes(o, c, y).sum(axis=1).to_numpy() > 0
    linked = pd.Series(tie).groupby(pairs.row.to_numpy()).max()
    return linked.reindex(cand.row).fillna(False).to_numpy() | p.is_major(cand.ccode, cand.year)


@cache
def _rows(_root: str) -> pd.DataFrame:
    orig = _originators()
    disputes = orig[["dispnum", "year"]].drop_duplicates()
    cand = disputes.merge(panel().members, on="year")
    is_orig = pd.MultiIndex.from_frame(cand[["dispnum", "ccode"]]).isin(
        pd.MultiIndex.from_frame(orig[["dispnum", "ccode"]])
    )
    cand = cand[~is_orig].reset_index(drop=True)
    cand["row"] = np.arange(len(cand))
    cand = cand[_relevant(cand, orig)].reset_index(drop=True)
    cand["row"] = np.arange(len(cand))
    sides = cand[["row", "dispnum"]].merge(orig[["dispnum", "ccode", "side"]], on="dispnum")
    raw = raw_columns(cand, sides[["row", "ccode", "side"]])
    raw = raw.join(_severity(), on=cand.set_index("row").dispnum)
    part = load_gml_participants()
    joiners = part[part.orig == 0].sort_values(["styear", "stmon"]).drop_duplicates(["dispnum", "ccode"])
    joined = joiners.set_index(["dispnum", "ccode"]).sidea.map({0: 1, 1: 2})
    key = pd.MultiIndex.from_frame(cand[["dispnum", "ccode"]])
    y = joined.reindex(key).fillna(0).astype(int).to_numpy()
    out = cand[["dispnum", "ccode"]].assign(y=y).join(raw.reset_index(drop=True))
    return out


def training_rows() -> pd.DataFrame:
    """The (dispute, candidate) rows: ``dispnum, ccode, y`` (0 neither, 1 target's side,
    2 aggressor's side) and the :data:`RAW_COLUMNS`. Built once per data folder."""
    return _rows(str(data_dir())).copy()


def fit(rows: pd.DataFrame) -> Logit:
    """The conditional logit on ``rows`` (see the module docstring), clustered by dispute."""
    years = (int(rows.year.min()), int(rows.year.max()))
    return fit_logit(
        design(rows),
        rows.y.to_numpy(),
        rows.dispnum.to_numpy(),
        OUTCOMES,
        BASE,
        TIE,
        min_count=MIN_COUNT,
        years=years,
    )


def p_join(model: Logit, rows: pd.DataFrame) -> np.ndarray:
    """P(joins either side) for each row."""
    return 1.0 - model.predict(design(rows))[:, 0]


BASELINE = (
    "const",
    *(f"{k}_to_{s}" for s in ("target", "aggressor") for k in _KINDS),
    "log_distance_target",
    "log_distance_aggressor",
    "major",
    "log_cinc",
    "year",
)
"""The baseline's columns: a plain logit of joining either side on obligations, distance,
major-power status, capability and era."""


def fit_baseline(rows: pd.DataFrame) -> Logit:
    """The baseline: a binary logit of joining (either side) on :data:`BASELINE`, by dispute."""
    X = design(rows)[list(BASELINE)]
    years = (int(rows.year.min()), int(rows.year.max()))
    y = (rows.y.to_numpy() > 0).astype(int)
    return fit_logit(X, y, rows.dispnum.to_numpy(), ("joins",), BASE, min_count=MIN_COUNT, years=years)
