"""Provenance: what produced a result, so that anyone can reproduce and cite it.

Every result object carries a :class:`Provenance`: the data versions and checksums,
the parameters, the seed, the models with their citation keys, the scenario hash and
the package version. It holds no timestamp or host name on purpose: two runs with the
same inputs and seed must serialise to identical output.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from foedus.bibliography import bibtex
from foedus.version import __version__


@dataclass(frozen=True)
class DataVersion:
    """One dataset as used: registry name, version, and the sha256 of each file read."""

    name: str
    version: str
    files: tuple[tuple[str, str], ...] = ()  # (relative path, sha256)
    year_used: int | None = None  # the year taken when the requested one was past coverage
    citations: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "files": {path: sha for path, sha in self.files},
            "year_used": self.year_used,
            "citations": list(self.citations),
        }


@dataclass(frozen=True)
class Provenance:
    """What produced a result.

    Parameters
    ----------
    models : tuple of str
        Names of the models run, e.g. ``("bdm/scholz_code",)``.
    citations : tuple of str
        Keys into ``references.bib`` for every model and dataset used.
    data : tuple of DataVersion
        The datasets (or the embedded snapshot) the inputs came from.
    parameters : mapping
        Every parameter that shaped the result, JSON-serialisable.
    seed : int or None
        The integer seed (entropy) that reproduces the run; ``None`` if deterministic.
    scenario_hash : str or None
        sha256 of the canonical scenario, when the result came from a scenario.
    """

    models: tuple[str, ...] = ()
    citations: tuple[str, ...] = ()
    data: tuple[DataVersion, ...] = ()
    parameters: Mapping[str, Any] = field(default_factory=dict)
    seed: int | None = None
    scenario_hash: str | None = None
    package_version: str = __version__

    def all_citations(self) -> tuple[str, ...]:
        """Model and data citation keys, without duplicates."""
        keys = list(self.citations)
        for d in self.data:
            keys.extend(d.citations)
        return tuple(dict.fromkeys(keys))

    def bibtex(self) -> str:
        """BibTeX for everything this result rests on."""
        return bibtex(list(self.all_citations()))

    def to_dict(self) -> dict[str, Any]:
        return {
            "package": "foedus",
            "package_version": self.package_version,
            "models": list(self.models),
            "parameters": dict(self.parameters),
            "seed": self.seed,
            "scenario_hash": self.scenario_hash,
            "data": [d.to_dict() for d in self.data],
            "citations": list(self.all_citations()),
        }
