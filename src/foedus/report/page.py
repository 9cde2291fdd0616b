"""What the report shows of a study: :class:`Page`, the study's parts as the sections read
them, and the capability measure its maps and figures draw.

Its own module so that the sections (which read a page) and the document (which assembles
them) both stand on it and neither imports the other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from foedus.errors import InputError
from foedus.study import StudyResult

__all__ = ["Page"]


@dataclass(frozen=True, eq=False)
class Page:
    """What the report shows of a study: its parts, and the capability measure its maps and
    figures draw (every measure the study ran appears in the tables).

    Parameters
    ----------
    study : StudyResult
        A study with its details (as :func:`foedus.study.run_study` returns it, not one
        read back with :meth:`~foedus.study.StudyResult.load`).
    measure : str, optional
        The capability measure of the maps and figures (default: the study's first).
    designs : DesignResult, optional
        A design search's result (:func:`foedus.design.search`); the report then shows its front.
    """

    study: StudyResult
    measure: str | None = None
    designs: Any = None

    def __post_init__(self) -> None:
        if self.study.details is None or self.study.details.scenario is None:
            raise InputError(
                "write_report: this study holds its tables only (read from disk?)",
                hint="run it again with foedus.study.run_study to draw its report",
            )
        measures = self.measures
        if self.measure is None:
            object.__setattr__(self, "measure", measures[0] if measures else None)
        elif self.measure not in measures:
            raise InputError(
                f"write_report: the study has no crisis results measured by {self.measure!r}",
                hint=f"it ran {', '.join(measures) or 'no crisis simulation'}",
            )

    @property
    def measures(self) -> list[str]:
        return list(self.study.details.crisis) if self.study.details is not None else []

    @property
    def scenario(self) -> Any:
        return self.study.details.scenario

    @property
    def events(self) -> tuple[Any, ...]:
        return tuple(self.scenario.event(e) for e in self.study.settings["events"])

    @property
    def obligations(self) -> Mapping[str, Mapping[str, Any]]:
        return self.study.details.obligations

    @property
    def bound(self) -> pd.DataFrame:
        return self.study.tables.get("bound", pd.DataFrame(columns=["event", "design"]))

    @property
    def crisis(self) -> Mapping[str, Any]:
        return self.study.details.crisis.get(self.measure, {}) if self.measure else {}

    @property
    def landscape(self) -> Any:
        return self.study.details.landscape

    @property
    def switch_costs(self) -> Any:
        return self.study.details.switch_costs

    @property
    def power(self) -> pd.DataFrame:
        return self.study.tables.get("power", pd.DataFrame())

    @property
    def burden(self) -> pd.DataFrame:
        return self.study.tables.get("burden", pd.DataFrame())

    @property
    def exploitation(self) -> Mapping[str, Any]:
        return self.study.details.exploitation

    @property
    def forecasts(self) -> Mapping[str, Mapping[str, Any]]:
        return self.study.details.forecasts

    @property
    def problems(self) -> Mapping[str, Any]:
        return self.study.details.problems

    @property
    def seed(self) -> Any:
        return self.study.settings["seed"]

    @property
    def parameters(self) -> Mapping[str, Any]:
        return self.study.settings

    @property
    def notes(self) -> tuple[str, ...]:
        return self.study.notes

    def citations(self) -> tuple[str, ...]:
        return self.study.provenance.all_citations()
