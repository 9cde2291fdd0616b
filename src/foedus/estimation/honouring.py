r"""When the treaty binds: the probability that an ally whose casus foederis arose fights.

Being an ally is not being bound: a defence pact binds when the partner is *attacked*, by
the adversary and in the place the treaty names, under its stated conditions. Counting
every ally of every war participant, allies seem to join a few per cent of the time; the
published rates for commitments whose conditions were met are far higher (about three
quarters before 1945, Leeds, Long & Mitchell 2000; lower after 1945, Berkemeier &
Fuhrmann 2018). So the rows are built with the casus foederis filter.

**Unit.** (war, partner, ally), from COW Inter-State War Data 4.0 (Sarkees & Wayman 2010)
and ATOP 5.1 (Leeds et al. 2002):

- a *partner* is an original participant of a war (it entered within :data:`ORIGINAL_DAYS`
  days of the war's first day: a late entrant chose to fight, and its choice does not
  trigger its allies' pledges);
- it was *attacked* when it did not initiate the war (COW ``Initiator``), and then its
  allies' **defence** obligations are the ones that can bind; when it initiated, its allies'
  **offence** obligations;
- the adversaries are the states it fought (COW war dyads);
- an *ally* is a state with an ATOP defence or offence obligation toward the partner in
  force in the year of the partner's entry that was not already fighting on either side;
- foedus's obligations engine (:func:`foedus.obligations.obligations`) then evaluates each
  alliance the two share, as ATOP codes it, against the event "the adversaries attack the
  partner" (``provoked`` = the partner initiated): the row is kept when the ally's status is
  ``defend`` (conditions met) or ``defend_if`` (ATOP records a condition without its details,
  such as a location or an adversary).

**Outcome.** The ally fought on the partner's side (it entered the war on the partner's
COW side at any time).

**Model.** A logit clustered by war (:mod:`foedus.estimation.logit`). :func:`design`
offers the candidate terms: offence rather than defence, conditions unknown, bilateral,
alliance size, the adversary among the alliance's named threats (Leeds, Long & Mitchell
2000: specific promises against specific threats), depth (Leeds & Anac 2005), the ally's
distance and capability relative to the adversaries, major power, regime, changes in
capability and regime since signing (Leeds 2003), the number of allies bound to the same
partner, US troops on the partner's soil for the United States, nuclear weapons, the era.
With 567 rows in 48 wars the full design overfits; the shipped :data:`SPECIFICATION` keeps
the era, the distance between ally and partner, the named threat, and major-power status
with its own distance slope (great powers reach further, as in the joining model): the
terms that predicted best out of sample (grouped cross-validation by war),

.. math:: P(\text{fights}) = \operatorname{logit}^{-1}\big(\beta_0 + \beta_1 [\text{after 1945}]
          + (\beta_2 + \beta_5 M) \log(d + 100) + \beta_3 [\text{adversary named}] + \beta_4 M\big)

with :math:`d` the km between the ally's and the partner's capitals and :math:`M` 1 for a
COW major power (the distance enters :func:`design` centred at 3,000 km for :math:`M`).
Published case-by-case codings of honoured commitments (Leeds, Long & Mitchell 2000; Leeds &
Anac 2005; Berkemeier & Fuhrmann 2018) are not used anywhere.

References: Leeds, Long & Mitchell (2000); Leeds (2003); Leeds & Anac (2005); Berkemeier &
Fuhrmann (2018); Sarkees & Wayman (2010); Leeds et al. (2002); Leeds (2022).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

from foedus.data.atop import load_alliances, load_dyad_years, load_members
from foedus.data.cache import data_dir
from foedus.data.conflict import load_war_dyads, load_wars
from foedus.errors import FoedusError
from foedus.estimation.columns import raw_columns
from foedus.estimation.logit import Logit, fit_logit
from foedus.estimation.panel import panel
from foedus.events import Event
from foedus.obligations import obligations
from foedus.treaty import Treaty

OUTCOMES = ("fought",)
BASE = "stayed_out"
ORIGINAL_DAYS = 30
MIN_COUNT = 10
SPECIFICATION = (
    "const",
    "after_1945",
    "log_distance_partner",
    "named_threat",
    "major",
    "major_x_log_distance_partner",
)
"""The shipped model's columns of :func:`design`: the specification that predicted best in
grouped cross-validation by war. 48 wars cannot carry the full design (it predicts worse out
of sample; the backtest reports both)."""

RAW_COLUMNS = raw_columns("honouring")
"""The raw columns the model reads, ``name -> (meaning, unit, how it is computed)``."""


def design(raw: pd.DataFrame) -> pd.DataFrame:
    """The design matrix (constant first) from the raw columns; shared by training and scoring."""
    r = raw
    X = pd.DataFrame({"const": np.ones(len(r))}, index=r.index)
    for c in ("offence", "conditional", "bilateral", "named_threat", "major"):
        X[c] = r[c].astype(float)
    X["log_alliance_members"] = np.log(r.alliance_members.astype(float).clip(lower=2))
    X["depth"] = r.depth.astype(float)
    X["log_allies_bound"] = np.log(r.allies_bound.astype(float).clip(lower=1))
    X["log_distance_partner"] = np.log(r.distance_partner_km.fillna(3000.0).astype(float) + 100.0)
    # great powers reach further (as in the joining model): distance matters less for them
    X["major_x_log_distance_partner"] = X.major * (X.log_distance_partner - np.log(3100.0))
    cinc = r.cinc.fillna(1e-4).astype(float) + 1e-5
    X["log_cinc_vs_adversary"] = np.log(cinc / (cinc + r.cinc_adversary.fillna(0.0).astype(float)))
    # Leeds (2003): allies whose power or polity changed since signing violate more often
    X["capability_change"] = np.abs(
        np.log(cinc / (r.cinc_at_signing.fillna(cinc - 1e-5).astype(float) + 1e-5))
    )
    X["regime_change"] = (r.democracy - r.democracy_at_signing).abs().fillna(0.0)
    X["democracy"] = r.democracy.fillna(0.0).astype(float)
    X["us_x_log_us_troops_partner"] = r.is_us.astype(float) * np.log1p(r.us_troops_partner.fillna(0.0) / 1000)
    X["nuclear"] = r.nuclear.fillna(0.0).astype(float)
    X["nuclear_adversary"] = r.nuclear_adversary.fillna(0.0).astype(float)
    X["after_1945"] = (r.year > 1945).astype(float)
    return X


FEATURES = tuple(design(pd.DataFrame({c: [1.0] for c in RAW_COLUMNS})))
"""The design's columns, in order."""


def _treaty(atopid: int, year: int) -> Treaty:
    """An ATOP alliance as foedus reads it (the one place this package builds treaties from ATOP)."""
    return Treaty.from_atop(atopid, year=year)


@cache
def _treaties(_root: str, atopid: int, year: int) -> Treaty | None:
    try:
        return _treaty(atopid, year)
    except FoedusError:  # not in force in that year under ATOP's phase rules
        return None


@cache
def _statuses(root: str, atopid: int, year: int, kind: str, event: Event) -> dict[int, str]:
    """Each member's status under alliance ``atopid``'s ``kind`` pledges for ``event`` (cached:
    every ally of one partner in one war shares the evaluation)."""
    treaty = _treaties(root, atopid, year)
    pledges = tuple(o for o in treaty.obligations if o.kind == kind) if treaty else ()
    if treaty is None or not pledges:
        return {}
    table = obligations([treaty.model_copy(update={"obligations": pledges})], event, year=year).table
    return dict(zip(table.ccode.astype(int), table.status, strict=True))


def _shared_alliances(ally: int, partner: int, year: int) -> list[int]:
    m = _members_by_state(str(data_dir()))
    live = {a for a, s, e in m.get(ally, ()) if s <= year and (e == 0 or e >= year)}
    return sorted(live & {a for a, s, e in m.get(partner, ()) if s <= year and (e == 0 or e >= year)})


@cache
def _members_by_state(_root: str) -> dict[int, list[tuple[int, int, int]]]:
    out: dict[int, list[tuple[int, int, int]]] = {}
    for r in load_members()[["atopid", "member", "yrent", "yrexit"]].itertuples(index=False):
        out.setdefault(int(r.member), []).append((int(r.atopid), int(r.yrent), int(r.yrexit)))
    return out


@cache
def _threats(_root: str) -> dict[int, frozenset[int]]:
    a = load_alliances()
    out = {}
    for r in a[["atopid", "statthr1", "statthr2"]].itertuples(index=False):
        out[int(r.atopid)] = frozenset(int(c) for c in (r.statthr1, r.statthr2) if pd.notna(c) and c > 0)
    return out


def threat_named(ally: int, partner: int, adversaries: Iterable[int], year: int) -> float:
    """1.0 when an ATOP alliance of ``ally`` and ``partner`` in force in ``year`` (2018's
    later) names one of ``adversaries`` among its threats (STATTHR1/2), else 0.0."""
    threats = _threats(str(data_dir()))
    shared = _shared_alliances(ally, partner, min(year, 2018))
    return float(any(threats.get(a, frozenset()) & {int(c) for c in adversaries} for a in shared))


def triggered(
    ally: int, partner: int, adversaries: Iterable[int], year: int, initiated: bool
) -> dict[str, Any] | None:
    """Whether ``ally``'s obligation to ``partner`` binds when ``adversaries`` fight ``partner``.

    Every ATOP alliance the two share in ``year`` is evaluated by the obligations engine,
    keeping only its defence obligations (its offence ones when ``initiated``). Returns
    ``None`` when none binds, else the alliance columns of :data:`RAW_COLUMNS`
    (``offence, conditional, bilateral, alliance_members, named_threat, depth,
    years_since_signing``) and ``atopids``.
    """
    kind = "offence" if initiated else "defence"
    adversaries = tuple(int(a) for a in adversaries if int(a) not in (partner, ally))
    if not adversaries:
        return None
    event = Event.model_validate(
        {
            "id": "war",
            "aggressor": adversaries,
            "target": int(partner),
            "lat": 0.0,
            "lon": 0.0,
            "kind": "armed_attack",
            "severity": "major",
            "provoked": initiated,
            "year": year,
        },
        context={"resolve": int},
    )
    root = str(data_dir())
    hits: list[tuple[int, Treaty, str]] = []
    for atopid in _shared_alliances(ally, partner, year):
        status = _statuses(root, atopid, year, kind, event).get(ally)
        treaty = _treaties(root, atopid, year)
        if treaty is not None and status in ("defend", "defend_if"):
            hits.append((atopid, treaty, status))
    if not hits:
        return None
    threats = _threats(root)
    depth = [sum(bool(v) for v in t.depth.model_dump().values()) for _, t, _ in hits]
    signed = [t.signed or year for _, t, _ in hits]
    sizes = [len(t.member_codes(year)) for _, t, _ in hits]
    return {
        "offence": float(initiated),
        "conditional": float(all(s == "defend_if" for *_, s in hits)),
        "bilateral": float(min(sizes) == 2),
        "alliance_members": float(min(sizes)),
        "named_threat": float(any(threats.get(a, frozenset()) & set(adversaries) for a, _, _ in hits)),
        "depth": float(max(depth)),
        "years_since_signing": float(year - max(signed)),
        "signed": int(max(signed)),
        "atopids": ";".join(str(a) for a, _, _ in hits),
    }


# ----------------------------------------------------------------------------- raw columns from the data
def ally_columns(rows: pd.DataFrame) -> pd.DataFrame:
    """The ally-level raw columns from the panel for ``rows`` with ``ally, partner, adversaries``
    (a tuple of codes), ``year`` and ``signed`` (the alliance's signing year)."""
    p = panel()
    a, y, s = rows.ally.to_numpy(), rows.year.to_numpy(), rows.signed.to_numpy()
    pairs = rows[["adversaries"]].assign(i=np.arange(len(rows)), ally=a, year=y).explode("adversaries")
    ai, ad, ay = pairs.ally.to_numpy(int), pairs.adversaries.to_numpy(int), pairs.year.to_numpy(int)
    per = pd.DataFrame(
        {
            "i": pairs.i.to_numpy(),
            "cinc": p.state("cinc", ad, ay),
            "distance": p.capdist_km(ai, ad, ay),
            "nuclear": p.state("nuclear_weapons", ad, ay),
        }
    ).groupby("i")
    return pd.DataFrame(
        {
            "major": p.is_major(a, y) * 1.0,
            "cinc": p.state("cinc", a, y),
            "cinc_at_signing": p.state("cinc", a, np.maximum(s, 1816)),
            "cinc_adversary": per.cinc.sum(min_count=1).to_numpy(),
            "democracy": p.state("dem_euds", a, y),
            "democracy_at_signing": p.state("dem_euds", a, np.maximum(s, 1816)),
            "distance_partner_km": p.capdist_km(a, rows.partner.to_numpy(), y),
            "distance_adversary_km": per.distance.min().to_numpy(),
            "us_troops_partner": p.state("us_troops", rows.partner.to_numpy(), y),
            "is_us": (a == 2) * 1.0,
            "nuclear": p.state("nuclear_weapons", a, y),
            "nuclear_adversary": per.nuclear.max().fillna(0.0).to_numpy(),
            "year": y,
        },
        index=rows.index,
    )


# ----------------------------------------------------------------------------- training rows
def _partners() -> pd.DataFrame:
    """Original participants of each war, with whom they fought and whether they initiated."""
    wars = load_wars()
    first = wars.sort_values("start").drop_duplicates(["warnum", "ccode"])
    onset = first.groupby("warnum").start.transform("min")
    orig = first[(first.start - onset).dt.days <= ORIGINAL_DAYS]
    dyads = load_war_dyads()
    fought = dyads.groupby(["warnum", "ccode1"]).ccode2.agg(lambda s: tuple(sorted({int(c) for c in s})))
    orig = orig.assign(
        adversaries=[fought.get((w, c), ()) for w, c in zip(orig.warnum, orig.ccode, strict=True)]
    )
    return orig[orig.adversaries.map(len) > 0].reset_index(drop=True)


@cache
def _rows(_root: str) -> pd.DataFrame:
    wars = (
        load_wars().sort_values("start").drop_duplicates(["warnum", "ccode"]).set_index(["warnum", "ccode"])
    )
    partners = _partners().assign(year=lambda d: d.start.dt.year)
    pledged = load_dyad_years()
    pledged = pledged[(pledged.atop_defense == 1) | (pledged.atop_offense == 1)][["ccode1", "ccode2", "year"]]
    cand = partners.merge(pledged.rename(columns={"ccode1": "ally", "ccode2": "ccode"}), on=["ccode", "year"])
    out = []
    for r in cand.itertuples(index=False):
        entry = wars.start.get((r.warnum, r.ally))
        if entry is not None and entry < r.start:
            continue  # already fighting when the partner entered: not a response to the partner's war
        if r.ally in r.adversaries:
            continue
        hit = triggered(r.ally, r.ccode, r.adversaries, r.year, bool(r.initiator))
        if hit is None:
            continue
        side = wars.side.get((r.warnum, r.ally))
        out.append(
            {
                "warnum": r.warnum,
                "partner": r.ccode,
                "ally": r.ally,
                "adversaries": r.adversaries,
                "year": r.year,
                "y": int(side is not None and side == r.side),
                **hit,
            }
        )
    rows = pd.DataFrame(out)
    rows["allies_bound"] = rows.groupby(["warnum", "partner"]).ally.transform("size").astype(float)
    return rows.join(ally_columns(rows).drop(columns="year"))


def training_rows() -> pd.DataFrame:
    """The (war, partner, ally) rows whose casus foederis arose: ``warnum, partner, ally,
    adversaries, year, y`` (1 fought on the partner's side), ``atopids`` and the :data:`RAW_COLUMNS`."""
    return _rows(str(data_dir())).copy()


def fit(rows: pd.DataFrame, features: tuple[str, ...] = SPECIFICATION) -> Logit:
    """The logit on ``rows`` over ``features`` of :func:`design`, clustered by war."""
    years = (int(rows.year.min()), int(rows.year.max()))
    X = design(rows)[list(features)]
    y, wars = rows.y.to_numpy(), rows.warnum.to_numpy()
    return fit_logit(X, y, wars, OUTCOMES, BASE, min_count=MIN_COUNT, years=years)
