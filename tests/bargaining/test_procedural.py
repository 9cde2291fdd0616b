"""The procedural model: the shared contract, hand-worked procedures, and the DEU training issues."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.bargaining import BargainingProblem, forecast, read_problems
from foedus.bargaining.procedural import pivots
from foedus.errors import InputError
from tests.bargaining.base import ModelContract, example_problem

ACTORS = ("pcom", "pep", "A", "B", "C", "D")
POS = [90, 70, 10, 30, 60, 80]


def problem(sq, rule, procedure, pos=POS, cap=(1, 1, 1, 1, 1, 1)) -> BargainingProblem:
    return BargainingProblem(
        ACTORS, list(cap), list(pos), [1] * 6, reference_point=sq, voting_rule=rule, procedure=procedure
    )


class TestProcedural(ModelContract):
    model = "procedural"
    citations = ("steunenberg_1994", "crombez_1996", "steunenberg_selck_2006")

    def test_pivots_of_a_qualified_majority(self) -> None:
        x, w = np.array([10.0, 30.0, 60.0, 80.0]), np.array([1.0, 1.0, 1.0, 1.0])
        assert pivots(x, w, 0.74) == (60.0, 30.0)  # three of four needed on either side
        assert pivots(x, w, 1.0) == (80.0, 10.0)

    def test_consultation_qmv(self) -> None:
        # Council A..D at 10, 30, 60, 80; q = 0.74 needs three of four. From SQ = 0 the right
        # pivot is B (30): the winset reaches 2 * 30 = 60; the Commission (90) proposes 60.
        self.expect_outcome(problem([0], "QMV", "CNS"), 60.0)

    def test_consultation_unanimity(self) -> None:
        # unanimity: the right pivot is A (10): at most 20
        self.expect_outcome(problem([0], "Unan", "CNS"), 20.0)

    def test_codecision_splits_parliament_and_council(self) -> None:
        # EP at 70, Council median (lower, equal weights) 30: target 50, inside the winset [0, 60]
        self.expect_outcome(problem([0], "QMV", "COD"), 50.0)
        # the Parliament vetoes what it likes less than SQ = 100: it accepts [40, 100]
        self.expect_outcome(problem([100], "QMV", "COD"), 50.0)
        # SQ = 55: EP accepts [55, 85]; the Council's winset from 55 is [55, 2 * 60 - 55 = 65]
        self.expect_outcome(problem([55], "QMV", "COD"), 55.0)

    def test_status_quo_inside_the_core_does_not_move(self) -> None:
        # the QMV core is [30, 60]: a reference point inside it stays
        self.expect_outcome(problem([45], "QMV", "CNS"), 45.0)

    def test_without_reference_point_the_commission_picks_in_the_core(self) -> None:
        self.expect_outcome(problem(None, "QMV", "CNS"), 60.0)

    def test_missing_commission_lets_the_council_median_propose(self) -> None:
        p = BargainingProblem(("A", "B", "C"), [1, 1, 1], [0, 40, 100], [1, 1, 1], reference_point=[40])
        self.expect_outcome(p, 40.0)

    def test_bad_options(self) -> None:
        with pytest.raises(InputError, match="qmv_threshold"):
            self.run(example_problem(), qmv_threshold=0.3)
        with pytest.raises(InputError, match="missing_rule"):
            self.run(example_problem(), missing_rule="QMW")

    def test_runs_on_every_training_issue(self, cases_dir) -> None:
        problems = read_problems(cases_dir / "deu3_train_issues.csv")
        out = np.array([forecast(p, "procedural").outcome[0] for p in problems])
        assert np.isfinite(out).all() and ((out >= 0) & (out <= 100)).all()
        roles = forecast(problems[0], "procedural").diagnostics["roles"]
        assert roles == {"commission": "pcom", "parliament": "pep"}
