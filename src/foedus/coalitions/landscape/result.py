"""The result of a landscape search: its local minima, best first, with their basins."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from foedus.coalitions.landscape.spec import CITATIONS, Landscape
from foedus.provenance import Provenance

__all__ = ["LandscapeResult", "entropy_of"]


@dataclass(frozen=True, eq=False)
class LandscapeResult:
    """The local minima of a landscape, best first.

    Attributes
    ----------
    landscape : Landscape
    configurations : numpy.ndarray of int8, shape (k, n)
        Row r is minimum r: 0 = side A (the side of actor 0), 1 = side B (2 = side C...,
        numbered in order of first appearance). Row 0 is the global minimum (exhaustive
        search) or the best found (heuristic).
    energies : numpy.ndarray, shape (k,)
        Energies in the result's ``convention``, ascending (ties by configuration index).
    basin_shares : numpy.ndarray, shape (k,)
        Share of all configurations whose steepest descent ends at each minimum (NaN when
        basins were not computed).
    basin_share_se : numpy.ndarray, shape (k,)
        Standard error of the share: 0 when exact, binomial when sampled.
    basin_method : {"exact", "sampled", "none"}
    method : {"exhaustive", "heuristic"}
    exact : bool
        Whether every configuration was examined (so ``energies[0]`` is the global minimum
        and the list of minima is complete).
    convention : {"ordered", "unordered"}
    engine : {"numba", "numpy"}
    n_configurations : int
        Configurations examined (``2**(n-1)``) or descents run (heuristic).
    n_samples : int
        Sampled descents behind ``basin_shares`` (0 when exact or none).
    hits : numpy.ndarray of int, shape (k,)
        Descents that ended at each minimum (heuristic and sampled basins; else zeros).
    provenance : Provenance
    diagnostics : dict
    groups : int
        Number of sides allowed (2, or more for the multi-coalition extension).
    """

    landscape: Landscape
    configurations: np.ndarray
    energies: np.ndarray
    basin_shares: np.ndarray
    basin_share_se: np.ndarray
    basin_method: str
    method: str
    exact: bool
    convention: str
    engine: str
    n_configurations: int
    n_samples: int
    hits: np.ndarray
    provenance: Provenance
    diagnostics: dict[str, Any] = field(default_factory=dict)
    groups: int = 2

    @classmethod
    def ranked(
        cls, landscape: Landscape, configs: np.ndarray, energies: np.ndarray, order: np.ndarray, *,
        shares: np.ndarray, se: np.ndarray, hits: np.ndarray, model: str, params: dict[str, Any],
        seed: int | None, diagnostics: dict[str, Any] | None = None, **fields: Any,
    ) -> LandscapeResult:  # fmt: skip
        """The minima ``configs`` put in ``order`` (best first), energies in the convention's
        scale (the searches compute ordered energies), with the search's provenance."""
        half = 1.0 if fields["convention"] == "ordered" else 0.5
        return cls(
            landscape=landscape,
            configurations=configs[order],
            energies=energies[order] * half,
            basin_shares=shares[order],
            basin_share_se=se[order],
            hits=hits[order],
            provenance=Provenance(models=(model,), citations=CITATIONS, parameters=params, seed=seed),
            diagnostics=diagnostics or {},
            **fields,
        )

    @property
    def n_minima(self) -> int:
        """Number of local minima found."""
        return int(self.energies.size)

    @property
    def energy(self) -> float:
        """Energy of the global minimum (or of the best configuration found)."""
        return float(self.energies[0])

    @property
    def sides(self) -> tuple[tuple[str, ...], ...]:
        """The sides of the global (best) minimum: (side of actor 0, the other[s])."""
        return self.minimum(0)

    @property
    def energy_gap(self) -> float:
        """Energy of the second-best minimum minus the best (NaN if there is one)."""
        return float(self.energies[1] - self.energies[0]) if self.n_minima > 1 else math.nan

    def minimum(self, rank: int) -> tuple[tuple[str, ...], ...]:
        """The sides of minimum ``rank`` (0 = best), one tuple of actors per side (``groups``
        tuples; with more than two groups a side may be empty)."""
        row = self.configurations[rank]
        actors = self.landscape.actors
        return tuple(tuple(a for a, x in zip(actors, row, strict=True) if x == g) for g in range(self.groups))

    def to_frame(self) -> pd.DataFrame:
        """One row per local minimum, best first.

        Columns: ``minimum, energy, gap, basin_share, basin_share_se, hits``, then
        ``n_side_a, n_side_b, ...`` and ``side_a, side_b, ...`` (one per group; sides as
        comma-separated actor names; side A holds the first actor).
        """
        sides = [self.minimum(r) for r in range(self.n_minima)]
        columns: dict[str, Any] = {
            "minimum": np.arange(self.n_minima),
            "energy": self.energies,
            "gap": self.energies - self.energies[0],
            "basin_share": self.basin_shares,
            "basin_share_se": self.basin_share_se,
            "hits": self.hits,
        }
        letters = [chr(ord("a") + g) for g in range(self.groups)]
        for g, letter in enumerate(letters):
            columns[f"n_side_{letter}"] = [len(m[g]) for m in sides]
        for g, letter in enumerate(letters):
            columns[f"side_{letter}"] = [", ".join(m[g]) for m in sides]
        return pd.DataFrame(columns)

    def sides_frame(self) -> pd.DataFrame:
        """Tidy long table ``minimum, actor, side`` (side ``"A"``, ``"B"``, ...)."""
        k, n = self.configurations.shape
        letters = np.array([chr(ord("A") + g) for g in range(self.groups)])
        return pd.DataFrame(
            {
                "minimum": np.repeat(np.arange(k), n),
                "actor": list(self.landscape.actors) * k,
                "side": letters[self.configurations.ravel().astype(np.int64)],
            }
        )


def entropy_of(seq: np.random.SeedSequence) -> int | None:
    entropy = seq.entropy
    return int(entropy) if isinstance(entropy, (int, np.integer)) else None
