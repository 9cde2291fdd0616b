r"""Does it deter: the aggressor's expected utility of attacking, and the portfolios behind it.

**War Trap expected utility** (Bueno de Mesquita 1980, 1981), bilateral part, of the
aggressor :math:`i` against the target :math:`j`:

.. math:: EU_b = P_i (U_{ii} - U_{ij}) + (1 - P_i)(U_{ij} - U_{ii}), \qquad U_{ii} = 1,

with :math:`U_{ij}` the tau-b similarity of the two alliance portfolios (Bueno de Mesquita
1975; :mod:`foedus.coalitions.similarity`) and the status quo worth 0. **The alliance form
foedus uses**: each state that may join adds its probability of coming times the strength it
delivers (:mod:`foedus.crisis.contest`), and :math:`P_i` is the outcome model's probability
that the aggressor prevails against the side it expects:

.. math:: P_i = P\big(C'_i + \sum_{k \in K_i} p_k C'_k \text{ beats } C'_j + \sum_{k \in K_j} p_k C'_k\big)

where :math:`K_j` are the states that may come to the target's aid with probability
:math:`p_k` (the response model) and :math:`K_i` those that may join the aggressor. Then
:math:`EU_i = (2 P_i - 1)(1 - U_{ij})`: the aggressor is *deterred* when :math:`EU_i < 0`, i.e.
when it expects to lose more often than win (tau-b only scales the stakes; with
:math:`U_{ij} = 1` there is nothing to fight over and :math:`EU_i = 0`). Portfolios are the
World's ATOP ties plus the ties the design's treaties create, so a design changes
:math:`U_{ij}` as well as the :math:`p_k`.

BdM's separate third-party term (each third party :math:`k` backs the side it prefers by
:math:`U_{ki}` vs :math:`U_{kj}`), :func:`third_party_eu`, is implemented in the common
reading of The War Trap, for reference, but is *not* used in the deterrence verdict: here a
third party's side and its probability of acting come from its treaty obligations, which is
what foedus studies. The exact third-party term of The War Trap, ch. 3, has **not** been
checked against the book (no published case is available).

**The aggressor's allies.** A state bound to defend the aggressor (PRC–DPRK art. II) is
bound only if the aggressor itself is attacked. :func:`counter_events` builds the
hypothetical attack by the target on each aggressor's capital region; evaluating the
treaties against it says who is bound to defend the aggressor, and that ally's casus
foederis arises only if the war reaches the aggressor's territory, with probability
``deterrence.counterattack.trigger`` (a parameter).

References: Bueno de Mesquita (1975, 1980, 1981) ``bdm_1975``, ``bdm_1980``, ``bdm_1981``.

Examples
--------
>>> float(war_trap_eu(0.75, 0.0))
0.5
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from foedus.events import Event
from foedus.treaty import Treaty

__all__ = [
    "CITATIONS",
    "counter_events",
    "design_tau_b",
    "design_ties",
    "third_party_eu",
    "war_trap_eu",
]

CITATIONS = ("bdm_1975", "bdm_1980", "bdm_1981")


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
