"""The covariates the estimated crisis models read, for one event under one design, from a World.

The estimated models (:mod:`foedus.estimation`) learned from history with raw columns built
from the full datasets (``joining.RAW_COLUMNS``, ``honouring.RAW_COLUMNS``,
``outcome.RAW_COLUMNS``). A simulation builds the same columns from the World of its year
(which carries the same sources: ATOP ties, capitals, contiguity, NMC, UNGA ideal points,
democracy, nuclear weapons, US troops, rivalries) and from the design's treaties, and passes
them through the same ``design`` functions, so that training and simulation cannot drift.

- **Joining** (a candidate facing the target's side and the aggressor's): the obligations it
  owes each side and each side owes it (ATOP's, and the design's treaties'), its defence pacts
  with major powers outside the crisis that are allied with or rivals of a side (patrons:
  ATOP and the design's treaties, the World's rivalries), distance and contiguity to each side,
  capability, major power, democracy, UN ideal points, rivalries, US troops on each side's
  soil, nuclear weapons, the year, the number of states per side. The event's severity sets
  the hostility and fatalities (``joining.severity_columns``, an assumption).
- **Honouring** (an ally whose casus foederis the obligations engine finds met): its distance
  to the partner it would defend, whether the treaty names the adversary, the alliance's
  size and depth, major power, capability, the year.
- **Outcome**: each candidate's six NMC components as shares of the system total (what a side
  brings is the sum over the states that came).

Examples
--------
>>> from foedus.crisis.problem import CrisisProblem
>>> from foedus.scenario import load_scenario, shipped_scenario
>>> p = CrisisProblem.from_scenario(load_scenario(shipped_scenario()), "senkaku", candidates="relevant")
>>> sorted(p.features)
['honouring', 'joining', 'outcome']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from foedus.events import Event
from foedus.treaty import Treaty

__all__ = ["COMPONENTS", "covariates"]

COMPONENTS = ("milex", "milper", "irst", "pec", "tpop", "upop")
_ATOP = {"defence": "atop_defense", "offence": "atop_offense", "neutrality": "atop_neutral",
         "nonaggression": "atop_nonagg", "consultation": "atop_consul"}  # fmt: skip
_TREATY_KIND = {"defence": "defence", "offence": "offence", "neutrality": "neutrality",
                "non_aggression": "nonaggression", "consultation": "consultation"}  # fmt: skip


def _owes(world: Any, treaties: Sequence[Treaty], states: np.ndarray, side: Sequence[int]) -> pd.DataFrame:
    """Per candidate and kind: 1 when it owes that obligation to a state of ``side`` (ATOP's ties
    in the World's year, or a clause of the design's treaties)."""
    t = world.alliance_ties
    t = t[t.ccode2.isin(list(side))]
    out = pd.DataFrame(0.0, index=states, columns=list(_ATOP))
    for kind, col in _ATOP.items():
        owing = set(t.ccode1[t[col].fillna(0) > 0])
        out.loc[out.index.isin(owing), kind] = 1.0
    year = world.year
    for tr in treaties:
        for ob in tr.obligations:
            if tr.owed(ob, year) and set(tr.owed(ob, year)) & set(side):
                owing = set(tr.owes(ob, year)) - set(side)
                out.loc[out.index.isin(owing), _TREATY_KIND[ob.kind]] = 1.0
    return out


def _pairs(world: Any, states: np.ndarray, side: Sequence[int], column: str) -> pd.DataFrame:
    """``column`` of the World's dyads between each candidate and each state of ``side``."""
    d = world.dyads
    rows = []
    for s in side:
        a = d[(d.ccode1 == s) & d.ccode2.isin(states)][["ccode2", column]].rename(columns={"ccode2": "ccode"})
        b = d[(d.ccode2 == s) & d.ccode1.isin(states)][["ccode1", column]].rename(columns={"ccode1": "ccode"})
        rows += [a, b]
    return pd.concat(rows, ignore_index=True)


def _defence_edges(world: Any, treaties: Sequence[Treaty], kinds: tuple[str, ...]) -> set[tuple[int, int]]:
    """``(a, b)``: ``a`` owes ``b`` an obligation of one of ``kinds`` (``"defence"``, ``"offence"``)
    in the World's year, by ATOP or by a clause of the design's treaties."""
    t = world.alliance_ties
    cols = [{"defence": "atop_defense", "offence": "atop_offense"}[k] for k in kinds]
    mask = (t[cols].fillna(0) > 0).any(axis=1)
    edges = set(zip(t.ccode1[mask].astype(int), t.ccode2[mask].astype(int), strict=True))
    for tr in treaties:
        for ob in tr.obligations:
            if ob.kind in kinds and tr.owed(ob, world.year):
                edges |= {
                    (int(a), int(b))
                    for a in tr.owes(ob, world.year)
                    for b in tr.owed(ob, world.year)
                    if a != b
                }
    return edges


def _relations(world: Any, treaties: Sequence[Treaty], states: np.ndarray, side: Sequence[int],
               parties: set[int]) -> dict[str, np.ndarray]:  # fmt: skip
    """``protected_by``, ``patron_ally`` and ``patron_rival`` toward ``side`` (joining.RAW_COLUMNS)."""
    protect = _defence_edges(world, treaties, ("defence", "offence"))
    defence = _defence_edges(world, treaties, ("defence",))
    allied = defence | {(b, a) for a, b in defence}
    d = world.dyads
    rivals = {
        (int(a), int(b))
        for a, b in zip(d.ccode1[d.rival.fillna(0) > 0], d.ccode2[d.rival.fillna(0) > 0], strict=True)
    }
    rivals |= {(b, a) for a, b in rivals}
    majors = [int(c) for c in world.states.ccode[world.states.major.astype(bool)] if int(c) not in parties]
    out = {"protected_by": [], "patron_ally": [], "patron_rival": []}
    for c in (int(x) for x in states):
        patrons = [m for m in majors if m != c and (c, m) in allied]
        out["protected_by"].append(float(any((o, c) in protect for o in side)))
        out["patron_ally"].append(float(any((m, o) in allied for m in patrons for o in side)))
        out["patron_rival"].append(float(any((m, o) in rivals for m in patrons for o in side)))
    return {k: np.array(v) for k, v in out.items()}


def _side_columns(world: Any, treaties: Sequence[Treaty], states: np.ndarray, side: Sequence[int],
                  name: str, parties: set[int]) -> dict[str, np.ndarray]:  # fmt: skip
    st = world.states.set_index("ccode")
    owed = _owes(world, treaties, states, side)
    cols = {f"{k}_to_{name}": owed[k].to_numpy() for k in _ATOP}
    cols |= {f"{k}_{name}": v for k, v in _relations(world, treaties, states, side, parties).items()}
    dist = _pairs(world, states, side, "capdist_km").groupby("ccode").capdist_km.min()
    cols[f"distance_{name}_km"] = dist.reindex(states).to_numpy(dtype=float)
    cont = _pairs(world, states, side, "contiguity").groupby("ccode").contiguity.max()
    cont = cont.reindex(states).fillna(0).astype(float).to_numpy()
    cols[f"land_{name}"] = (cont == 1) * 1.0
    cols[f"sea_{name}"] = ((cont >= 2) & (cont <= 5)) * 1.0
    rival = _pairs(world, states, side, "rival").groupby("ccode").rival.max()
    cols[f"rival_{name}"] = rival.reindex(states).fillna(0).astype(float).to_numpy()
    members = st.reindex(list(side))
    n = np.ones(len(states))
    cols[f"cinc_{name}"] = n * members.cinc.sum(min_count=1)
    cols[f"democracy_{name}"] = n * members.dem_euds.mean()
    cols[f"ideal_point_{name}"] = n * members.ideal_point.mean()
    cols[f"nuclear_{name}"] = n * float((members.nuclear_weapons.fillna(0) > 0).any())
    cols[f"n_{name}"] = n * len(side)
    cols[f"us_troops_{name}"] = n * members.us_troops.fillna(0).sum()
    return cols


def joining_raw(world: Any, treaties: Sequence[Treaty], event: Event, states: np.ndarray) -> pd.DataFrame:
    """The joining model's raw columns (all but the severity's) for each candidate."""
    st = world.states.set_index("ccode").reindex(states)
    parties = {int(event.target), *(int(a) for a in event.aggressor)}
    raw = {
        **_side_columns(world, treaties, states, [event.target], "target", parties),
        **_side_columns(world, treaties, states, list(event.aggressor), "aggressor", parties),
        "major": st.major.astype(float).to_numpy(),
        "cinc": st.cinc.to_numpy(dtype=float),
        "democracy": st.dem_euds.to_numpy(dtype=float),
        "ideal_point": st.ideal_point.to_numpy(dtype=float),
        "nuclear": st.nuclear_weapons.fillna(0).to_numpy(dtype=float),
        "is_us": (states == 2) * 1.0,
        "year": np.full(len(states), world.year),
    }
    return pd.DataFrame(raw, index=pd.Index(states, name="ccode"))


def honouring_raw(
    world: Any, treaties: Sequence[Treaty], event: Event, states: np.ndarray, rows: Sequence[Any]
) -> pd.DataFrame:
    """The honouring model's raw columns for each candidate, as an ally of the target (or, for
    a state bound to defend the aggressor, of the aggressor), under its strongest treaty."""
    st = world.states.set_index("ccode")
    by_id = {t.id: t for t in treaties}
    first = {}
    for r in rows:  # rows are sorted strongest first: keep each state's first
        first.setdefault(r[0], r)
    bound = sum(1 for r in first.values() if r[2] >= 3)
    partners = {event.target, event.aggressor[0]}
    distance = {  # candidate -> km to each possible partner
        p: _pairs(world, states, [p], "capdist_km").groupby("ccode").capdist_km.min() for p in partners
    }
    out = []
    for c in states:
        code, side, level, _resp, depth, treaty_id = first[int(c)]
        partner = event.target if side > 0 else event.aggressor[0]
        adversary = list(event.aggressor) if side > 0 else [event.target]
        t = by_id.get(treaty_id)
        me = st.loc[code]
        out.append(
            {
                "offence": 0.0,
                "conditional": float(level == 3),
                "bilateral": float(t is not None and len(t.members) == 2),
                "alliance_members": float(len(t.members)) if t is not None else 2.0,
                "named_threat": _names_adversary(t, adversary) if t is not None else 0.0,
                "depth": float(sum(depth)),
                "years_since_signing": float(world.year - (t.signed or world.year)) if t is not None else 0.0,
                "major": float(me.major),
                "cinc": me.cinc,
                "cinc_at_signing": me.cinc,
                "cinc_adversary": st.reindex(adversary).cinc.sum(),
                "democracy": me.dem_euds,
                "democracy_at_signing": me.dem_euds,
                "distance_partner_km": float(distance[partner].get(code, np.nan)),
                "distance_adversary_km": np.nan,
                "allies_bound": float(max(bound, 1)),
                "us_troops_partner": st.us_troops.get(partner, 0.0),
                "is_us": float(code == 2),
                "nuclear": float(me.nuclear_weapons or 0),
                "nuclear_adversary": float((st.reindex(adversary).nuclear_weapons.fillna(0) > 0).any()),
                "year": float(world.year),
            }
        )
    return pd.DataFrame(out, index=pd.Index(states, name="ccode"))


def _names_adversary(treaty: Treaty, adversary: Sequence[int]) -> float:
    """1 when a defence clause of ``treaty`` names one of the adversaries (ATOP's named threat)."""
    for ob in treaty.obligations:
        named = ob.conditions.adversary or ()
        if ob.kind in ("defence", "offence") and set(named) & set(adversary):
            return 1.0
    return 0.0


def components(world: Any, codes: Sequence[int]) -> np.ndarray:
    """Each state's six NMC components as shares of the system (0 where NMC has none)."""
    st = world.states.set_index("ccode").reindex(list(codes))
    return np.nan_to_num(st[[f"nmc_{c}_share" for c in COMPONENTS]].to_numpy(dtype=float))


def covariates(
    world: Any, treaties: Sequence[Treaty], event: Event, states: np.ndarray, rows: Sequence[Any]
) -> dict[str, Any]:
    """Everything the estimated models read for this problem (see the module docstring)."""
    return {
        "joining": joining_raw(world, treaties, event, states),
        "honouring": honouring_raw(world, treaties, event, states, rows),
        "outcome": {
            "states": components(world, states),
            "target": components(world, [event.target])[0],
            "aggressors": components(world, event.aggressor).sum(axis=0),
        },
    }
