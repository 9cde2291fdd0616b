r"""Deterrence arithmetic: capability over distance, who wins a contest, is attacking worth it.

**Loss-of-strength gradient** (Boulding 1962) in the form Bueno de Mesquita (1981) used and
EUGene implements (Bennett & Stam 2000): a state's capability share :math:`C \in (0, 1)`
delivered at a place :math:`\text{miles}` away from its capital is

.. math:: C' = C^{\log_{10}(\text{miles} / \text{miles\_per\_day} + (10 - e))}

The exponent is :math:`\log_{10}(10 - e) \approx 0.862` at distance 0 (a slight boost), 1 at
``miles / miles_per_day = e`` and grows with distance (``miles_per_day`` = 250 by default).

**Contest success** (Tullock 1980): side :math:`D` prevails over side :math:`A` with

.. math:: P_D = \frac{D^m}{D^m + A^m}, \qquad D = \sum_{k \in D} C'_k

(``m = 1`` the ratio form; :math:`m \to \infty` winner-take-all).

**War Trap expected utility** (Bueno de Mesquita 1980, 1981), bilateral part, of the
aggressor :math:`i` against the target :math:`j`:

.. math:: EU_b = P_i (U_{ii} - U_{ij}) + (1 - P_i)(U_{ij} - U_{ii}), \qquad U_{ii} = 1,

with :math:`U_{ij}` the tau-b similarity of the two alliance portfolios (Bueno de Mesquita
1975; :mod:`foedus.coalitions.similarity`) and the status quo worth 0. **The alliance form
foedus uses**: each member adds its honouring probability times its discounted capability:

.. math:: P_i = \frac{C'_i + \sum_{k \in K_i} p_k C'_k}
                     {C'_i + \sum_{k \in K_i} p_k C'_k + C'_j + \sum_{k \in K_j} p_k C'_k}

where :math:`K_j` are the states that may come to the target's aid with probability
:math:`p_k` (the crisis response model) and :math:`K_i` those that may join the aggressor.
Then :math:`EU_i = (2 P_i - 1)(1 - U_{ij})`: the aggressor is *deterred* when
:math:`EU_i < 0`, i.e. when it expects to lose more often than win (tau-b only scales the
stakes; with :math:`U_{ij} = 1` there is nothing to fight over and :math:`EU_i = 0`). Portfolios
are the World's ATOP ties plus the ties the design's treaties create, so a design changes
:math:`U_{ij}` as well as the :math:`p_k`.

BdM's separate third-party term (each third party :math:`k` backs the side it prefers by
:math:`U_{ki}` vs :math:`U_{kj}`), :func:`third_party_eu`, is implemented in the common
reading of The War Trap (documented on the function), for reference, but is *not* used in the
deterrence verdict: here a third party's side and its probability of acting come from its
treaty obligations, which is what foedus studies. The exact third-party term of The War Trap,
ch. 3, has **not** been checked against the book in this implementation (no published case is
available).

**The aggressor's allies.** A state bound to defend the aggressor (PRC–DPRK art. II) is
bound only if the aggressor itself is attacked. foedus evaluates each aggressor ally's
treaties against a hypothetical *counter-event* (the target attacks the aggressor's
capital region), and the ally's casus foederis arises only if the war reaches the
aggressor's territory, with probability ``deterrence.counterattack.trigger`` (a
parameter; the target's own counter-attack counts, so the trigger does not depend on who
else joins). The ally then honours its obligation at its own response probability.

References: Boulding (1962) ``boulding_1962``; Bueno de Mesquita (1980, 1981) ``bdm_1980``,
``bdm_1981``; Bennett & Stam (2000) ``bennett_stam_2000``; Tullock (1980) ``tullock_1980``.

Examples
--------
>>> round(float(gradient_exponent(0.0)), 3)
0.862
>>> round(float(contest_success(0.3, 0.1)), 12)
0.75
>>> float(war_trap_eu(0.75, 0.0))
0.5
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from foedus.data.geography import KM_PER_MILE, haversine_km
from foedus.events import Event
from foedus.treaty import Treaty

__all__ = [
    "CITATIONS",
    "capability_shares",
    "capital_distance_km",
    "contest_success",
    "counter_events",
    "design_tau_b",
    "design_ties",
    "discounted_capability",
    "gradient_exponent",
    "km_to_miles",
    "third_party_eu",
    "war_trap_eu",
]

CITATIONS = ("boulding_1962", "bdm_1980", "bdm_1981", "bennett_stam_2000", "tullock_1980")

_TEN_MINUS_E = 10.0 - math.e


def km_to_miles(km: Any) -> np.ndarray:
    """Statute miles from kilometres."""
    return np.asarray(km, dtype=float) / KM_PER_MILE


def gradient_exponent(miles: Any, miles_per_day: Any = 250.0) -> np.ndarray:
    """``log10(miles / miles_per_day + 10 - e)``: the BdM (1981) loss-of-strength exponent."""
    return np.log10(np.asarray(miles, dtype=float) / np.asarray(miles_per_day, dtype=float) + _TEN_MINUS_E)


def discounted_capability(capability: Any, miles: Any, miles_per_day: Any = 250.0) -> np.ndarray:
    """Capability share delivered ``miles`` from the capital: ``C ** gradient_exponent``.

    ``capability`` must be a share in [0, 1] (CINC, or military expenditure divided by a
    total); arrays broadcast.

    Examples
    --------
    >>> round(float(discounted_capability(0.1, 250 * math.e)), 6)
    0.1
    """
    c = np.asarray(capability, dtype=float)
    return np.power(c, gradient_exponent(miles, miles_per_day))


def contest_success(d: Any, a: Any, m: Any = 1.0) -> np.ndarray:
    """Tullock contest: probability that the side with strength ``d`` prevails over ``a``.

    ``d ** m / (d ** m + a ** m)``; two empty sides tie at 1/2.
    """
    d = np.asarray(d, dtype=float)
    a = np.asarray(a, dtype=float)
    m = np.asarray(m, dtype=float)
    dm = np.power(d, m)
    am = np.power(a, m)
    tot = dm + am
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(tot > 0, dm / np.where(tot > 0, tot, 1.0), 0.5)


def war_trap_eu(p_i: Any, u_ij: Any, u_ii: float = 1.0) -> np.ndarray:
    """Bilateral War Trap expected utility of attacking: ``P(Uii - Uij) + (1 - P)(Uij - Uii)``."""
    p = np.asarray(p_i, dtype=float)
    u = np.asarray(u_ij, dtype=float)
    return p * (u_ii - u) + (1.0 - p) * (u - u_ii)


def third_party_eu(c_i: float, c_j: float, c_k: Any, u_ki: Any, u_kj: Any) -> np.ndarray:
    """The War Trap's third-party terms, one per third party ``k`` (summed by the caller).

    ``k`` backs ``i`` when ``U_ki >= U_kj`` (then ``P_ik = (C'_i + C'_k) / (C'_i + C'_k + C'_j)``)
    and ``j`` otherwise (``P_ik = C'_i / (C'_i + C'_j + C'_k)``); the term is
    ``P_ik (U_ki - U_kj) + (1 - P_ik)(U_kj - U_ki)``. Not checked against The War Trap ch. 3;
    not used in :mod:`foedus.crisis`'s verdict (see the module docstring).
    """
    ck = np.asarray(c_k, dtype=float)
    uki = np.asarray(u_ki, dtype=float)
    ukj = np.asarray(u_kj, dtype=float)
    backs_i = uki >= ukj
    tot = c_i + c_j + ck
    p_ik = np.where(backs_i, (c_i + ck) / tot, c_i / tot)
    return p_ik * (uki - ukj) + (1.0 - p_ik) * (ukj - uki)


_LEVEL = {"defence": 3, "offence": 3, "neutrality": 2, "non_aggression": 2, "consultation": 1}


def design_ties(treaties: Iterable[Treaty], year: int | None = None) -> pd.DataFrame:
    """Undirected ties ``ccode1 < ccode2, level`` the treaties create between their members.

    Level of a pair: the strongest obligation kind in the treaty (3 defence/offence, 2
    neutrality/non-aggression, 1 consultation), on the scale of
    :func:`foedus.coalitions.similarity.atop_levels`.
    """
    rows: list[tuple[int, int, int]] = []
    for t in treaties:
        level = max((_LEVEL[ob.kind] for ob in t.obligations), default=0)
        codes = sorted(t.member_codes(year))
        rows.extend((a, b, level) for i, a in enumerate(codes) for b in codes[i + 1 :])
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "level"])


def design_tau_b(world: Any, treaties: Iterable[Treaty], a: int, b: int) -> float:
    """tau-b of ``a``'s and ``b``'s alliance portfolios over the World's states, counting the
    World's ATOP ties and the ties ``treaties`` create (NaN if a portfolio is constant)."""
    from foedus.coalitions.similarity import atop_levels, portfolio_table, tau_b

    states = [int(c) for c in world.states.ccode]
    ties = pd.concat([atop_levels(world), design_ties(treaties)], ignore_index=True)
    table = portfolio_table(ties, states)
    return tau_b(table.loc[a].to_numpy(), table.loc[b].to_numpy())


def counter_events(event: Event, world: Any) -> list[Event]:
    """The hypothetical attacks by the target on each aggressor's capital region.

    Evaluating the treaties against these events says who is bound to defend an aggressor
    if the war reaches its territory.
    """
    out = []
    states = world.states.set_index("ccode")
    for agg in event.aggressor:
        lat, lon = states.loc[agg, ["capital_lat", "capital_lon"]].astype(float)
        if not (np.isfinite(lat) and np.isfinite(lon)):
            continue
        spec = {
            "id": f"{event.id}-counter-{agg}",
            "aggressor": [event.target],
            "target": agg,
            "lat": float(lat),
            "lon": float(lon),
            "kind": "armed_attack",
            "severity": event.severity,
            "provoked": False,
            "requested": True,
        }
        # the codes are COW codes of this World already: no look-up in the default world
        out.append(Event.model_validate(spec, context={"resolve": int}))
    return out


def capital_distance_km(world: Any, codes: Iterable[int], lat: float, lon: float) -> np.ndarray:
    """Great-circle km from each state's capital to (lat, lon); NaN where coordinates are missing."""
    st = world.states.set_index("ccode").reindex(list(codes))
    return np.asarray(
        haversine_km(st.capital_lat.to_numpy(float), st.capital_lon.to_numpy(float), lat, lon), dtype=float
    )


def capability_shares(world: Any, measure: str = "cinc") -> Mapping[int, float]:
    """Each state's capability share: ``cinc`` (NMC, a share of the system) or ``milex``
    (SIPRI military expenditure divided by the World's total). Missing values are NaN."""
    st = world.states
    if measure == "cinc":
        vals = st.cinc.astype(float)
    elif measure == "milex":
        m = st.milex.astype(float)
        vals = m / np.nansum(m.to_numpy())
    else:
        from foedus.errors import InputError

        raise InputError(f"capability: expected 'cinc' or 'milex', got {measure!r}")
    return dict(zip(st.ccode.astype(int), vals.to_numpy(float), strict=True))
