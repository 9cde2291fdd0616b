r"""Propensities from data: a landscape of any World, built from measured affinities.

Axelrod & Bennett (1993) built propensities from five factors coded by hand. For a
present-day World foedus builds them from data, as a weighted sum of dyadic factors
each scaled to [-1, 1] (or [0, 1]):

.. math::

   p_{ij} = w_u\,u_{ij} + w_a\,a_{ij} + w_t\,t_{ij} + w_c\,c_{ij}

- :math:`u_{ij} = 1 - 2\,|x_i - x_j| / (\max_k x_k - \min_k x_k)`: agreement of UN General
  Assembly ideal points (Bailey, Strezhnev & Voeten 2017), +1 for identical positions,
  -1 for the two most distant states of the world; 0 where a state has no ideal point
  (Taiwan is not a UN member).
- :math:`a_{ij}`: alliance ties in force (ATOP): 1 for a defence or offence obligation in
  either direction, 0.5 for consultation only, 0 otherwise. Neutrality and non-aggression
  promises are left out on purpose: they are promises *not to fight each other* and bind
  rivals too (China and Japan are both parties to the non-aggression Treaty of Amity and
  Cooperation in Southeast Asia).
- :math:`t_{ij} = -1` if the two states claim the same territory (a disputed place of the
  gazetteer, :func:`foedus.places.territorial_claims`), else 0: territorial disputes are
  the strongest predictor of interstate conflict (Vasquez 1993; Hensel 2001), and A&B
  counted border disputes against a pair.
- :math:`c_{ij}`: direct contiguity (COW type 1-3 = 1, else 0); its weight defaults to 0
  because contiguity raises both cooperation and conflict and has no agreed sign.

Default weights :math:`w_u = w_a = 1`, :math:`w_t = -1` is applied through :math:`t`
(so ``weights["claims"] = 1``), :math:`w_c = 0`; every weight is a parameter that sweeps
can vary. Regime similarity, A&B's fifth factor, is not in foedus's datasets and is not
used. Sizes are CINC shares (default) or military expenditure.

References: Axelrod & Bennett (1993); Bailey, Strezhnev & Voeten (2017); Leeds et al.
(2002); Stinnett et al. (2002).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from foedus.coalitions.landscape import Landscape
from foedus.errors import InputError
from foedus.seeds import SeedLike
from foedus.world import World

DEFAULT_WEIGHTS: dict[str, float] = {"affinity": 1.0, "alliance": 1.0, "claims": 1.0, "contiguity": 0.0}
"""Weights of the factors (see the module docstring); ``claims`` multiplies t_ij <= 0."""

CITATIONS = (
    "axelrod_bennett_1993",
    "bailey_strezhnev_voeten_2017",
    "leeds_etal_2002",
    "stinnett_etal_2002",
    "vasquez_1993",
    "hensel_2001",
)


def factor_matrices(world: World, ccodes: list[int]) -> dict[str, np.ndarray]:
    """The four dyadic factors for ``ccodes`` (in that order), each an (n, n) array."""
    n = len(ccodes)
    pos = {c: i for i, c in enumerate(ccodes)}
    d = world.dyads[world.dyads.ccode1.isin(ccodes) & world.dyads.ccode2.isin(ccodes)]
    i = d.ccode1.map(pos).to_numpy()
    j = d.ccode2.map(pos).to_numpy()

    def sym(values: np.ndarray) -> np.ndarray:
        m = np.zeros((n, n))
        m[i, j] = values
        m[j, i] = values
        return m

    ip = world.states.set_index("ccode").ideal_point
    span = float(ip.max() - ip.min()) if ip.notna().sum() > 1 else np.nan
    dist = d.ideal_distance.to_numpy(dtype=float)
    affinity = (
        np.where(np.isnan(dist), 0.0, 1.0 - 2.0 * dist / span) if span and span > 0 else np.zeros(len(d))
    )
    defence = (d.atop_defense.fillna(0).astype(int) | d.atop_offense.fillna(0).astype(int)).to_numpy()
    consult = d.atop_consul.fillna(0).astype(int).to_numpy()
    alliance = np.where(defence == 1, 1.0, np.where(consult == 1, 0.5, 0.0))
    contiguity = d.contiguity.fillna(0).astype(int).between(1, 3).to_numpy().astype(float)

    from foedus.places import territorial_claims

    claims = np.zeros((n, n))
    for row in territorial_claims(ccodes).itertuples():
        if row.n_disputed_places > 0:
            a, b = pos[int(row.ccode1)], pos[int(row.ccode2)]
            claims[a, b] = claims[b, a] = -1.0
    return {
        "affinity": sym(affinity),
        "alliance": sym(alliance),
        "claims": claims,
        "contiguity": sym(contiguity),
    }


def landscape_from_world(
    world: World,
    *,
    size: str = "cinc",
    top: int | None = None,
    weights: Mapping[str, float] | None = None,
    states: Sequence[str | int] | None = None,
) -> Landscape:
    """A :class:`Landscape` of ``world``'s states from measured affinities.

    Parameters
    ----------
    world : World
    size : {"cinc", "milex"}
        Size of each state: CINC share or SIPRI military expenditure.
    top : int, optional
        Keep the ``top`` largest states (states with no size are always dropped).
    weights : mapping, optional
        Factor weights, updating :data:`DEFAULT_WEIGHTS` (keys ``affinity``, ``alliance``,
        ``claims``, ``contiguity``).
    states : list, optional
        Restrict to these states.

    Raises
    ------
    InputError
        Unknown size measure or weight, or fewer than two states with a size.
    """
    if size not in ("cinc", "milex"):
        raise InputError(f"size must be 'cinc' or 'milex', got {size!r}")
    w = dict(DEFAULT_WEIGHTS)
    for k, v in dict(weights or {}).items():
        if k not in w:
            raise InputError(f"unknown propensity weight {k!r}; known: {', '.join(w)}")
        w[k] = float(v)
    s = world.states
    if states is not None:
        s = s[s.ccode.isin(world.ccodes(states))]
    s = s[s[size].notna() & (s[size] > 0)].sort_values(size, ascending=False, kind="mergesort")
    if top is not None:
        if top < 2:
            raise InputError(f"top must be at least 2, got {top}")
        s = s.head(top)
    if len(s) < 2:
        raise InputError(f"fewer than two states of {world.label} have a {size}")
    codes = [int(c) for c in s.ccode]
    f = factor_matrices(world, codes)
    p = np.zeros((len(codes), len(codes)))
    for k in DEFAULT_WEIGHTS:
        p += w[k] * f[k]
    np.fill_diagonal(p, 0.0)
    return Landscape(
        [str(a) for a in s.abb],
        s[size].to_numpy(float),
        p,
        name=f"{world.label}: sizes {size}, weights {w}",
    )


def factor_table(world: World, landscape: Landscape) -> pd.DataFrame:
    """Tidy table of each pair's factors and propensity (for reports): ``state1, state2, ...``."""
    codes = world.ccodes(list(landscape.actors))
    f = factor_matrices(world, codes)
    rows = []
    for a in range(len(codes)):
        for b in range(a + 1, len(codes)):
            rows.append(
                {
                    "state1": landscape.actors[a],
                    "state2": landscape.actors[b],
                    **{k: float(v[a, b]) for k, v in f.items()},
                    "propensity": float(landscape.propensities[a, b]),
                }
            )
    return pd.DataFrame(rows)


def switch_costs(result: Any) -> pd.Series:
    """How firmly each actor sits in the best configuration of a landscape search.

    For each actor, the energy added by moving it alone to the other side (two sides):
    positive everywhere at a local minimum; the smallest values mark the actors whose
    alignment is least settled. A per-actor complement to the energy gap between minima.
    """
    from foedus.coalitions.landscape import energy

    land = result.landscape
    base = result.configurations[0].astype(int)
    costs = {}
    for k, actor in enumerate(land.actors):
        flipped = base.copy()
        flipped[k] = 1 - flipped[k]
        costs[actor] = energy(land, flipped, result.convention) - energy(land, base, result.convention)
    return pd.Series(costs, name="switch_cost").sort_values()


def landscape(
    source: World | Landscape, *, top: int | None = 20, seed: SeedLike = None, **options: Any
) -> Any:
    """Predicted alignments (landscape theory) of a World's states or of a :class:`Landscape`.

    A World is turned into a landscape by :func:`landscape_from_world` (its ``top`` largest
    states); the search is :func:`foedus.coalitions.landscape.search`, exhaustive up to 24
    actors and heuristic beyond unless ``method=`` says otherwise.

    Examples
    --------
    >>> from foedus.world import World
    >>> r = landscape(World.default().subset(region="oceania", states=["USA", "CHN"]), top=8, seed=1)
    >>> r.n_minima >= 1 and len(r.sides) == 2
    True
    """
    from foedus.coalitions.landscape import search

    land = source if isinstance(source, Landscape) else landscape_from_world(source, top=top)
    options.setdefault("method", "exhaustive" if land.n <= 24 else "heuristic")
    return search(land, seed=seed, **options)
