"""Issues with observed outcomes, for fitting and scoring: DEU III's training half.

:func:`load_training` reads DEU-style issues and outcomes (``deu3_train_issues.csv``,
``deu3_train_outcomes.csv``; Arregui & Perarnaud 2021) from wherever they lie; foedus ships
no copy of them. Both the learned model (:mod:`~foedus.bargaining.learned`, which fits on
them) and the evaluation (:mod:`~foedus.bargaining.evaluation`, which scores on them) read
them here.

Examples
--------
>>> from foedus.bargaining.problem import BargainingProblem
>>> p = BargainingProblem(actors=("a", "b"), position=[0.0, 100.0], capability=[1, 1], salience=[1, 1])
>>> is_binary(p)
True
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from foedus.bargaining.exchange import proposal_of
from foedus.bargaining.problem import BargainingProblem
from foedus.errors import InputError

__all__ = ["TrainingData", "is_binary", "load_training"]


def is_binary(problem: BargainingProblem) -> bool:
    """Whether every actor's position lies at one of the two ends of the scale."""
    lo, hi = problem.scale
    return bool(np.isin(problem.position, (lo, hi)).all())


@dataclass(frozen=True, eq=False)
class TrainingData:
    """Issues with observed outcomes: the problems, outcomes on [0, 1], proposals, binary flags."""

    problems: tuple[BargainingProblem, ...]
    y: np.ndarray
    groups: np.ndarray
    binary: np.ndarray

    def linked(self, problem: BargainingProblem) -> list[BargainingProblem]:
        """The issues of ``problem``'s proposal (itself included)."""
        key = proposal_of(problem)
        return [p for p in self.problems if proposal_of(p) == key]


def load_training(issues_csv: str | Path, outcomes_csv: str | Path) -> TrainingData:
    """Read DEU-style issues (long CSV) and outcomes (``issue, proposal, ..., outcome``).

    Raises
    ------
    InputError
        If an issue has no outcome, or the outcomes file lacks ``issue`` or ``outcome``.
    """
    from foedus.bargaining.io import read_problems

    problems = read_problems(issues_csv)
    table = pd.read_csv(outcomes_csv, dtype={"issue": str})
    missing_cols = {"issue", "outcome"} - set(table.columns)
    if missing_cols:
        raise InputError(
            f"{outcomes_csv}: missing column(s) {', '.join(sorted(missing_cols))}",
            hint="the outcomes file needs columns issue and outcome (and proposal to group issues)",
        )
    table = table.set_index("issue")
    absent = [p.name for p in problems if p.name not in table.index]
    if absent:
        raise InputError(
            f"{outcomes_csv}: no outcome for issue(s) {', '.join(absent[:5])}", hint="add a row per issue"
        )
    if "proposal" in table.columns:
        problems = [
            p if p.proposal else _with_proposal(p, str(table.loc[p.name, "proposal"])) for p in problems
        ]
    y = np.array(
        [(float(table.loc[p.name, "outcome"]) - p.scale[0]) / (p.scale[1] - p.scale[0]) for p in problems]
    )
    return TrainingData(
        problems=tuple(problems),
        y=y,
        groups=np.array([proposal_of(p) for p in problems]),
        binary=np.array([is_binary(p) for p in problems]),
    )


def _with_proposal(problem: BargainingProblem, proposal: str) -> BargainingProblem:
    import dataclasses

    return dataclasses.replace(problem, proposal=proposal)
