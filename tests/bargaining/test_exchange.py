"""The exchange model: the shared contract, hand-worked exchanges, and linking a proposal's issues."""

from __future__ import annotations

import numpy as np
import pytest

from foedus.bargaining import BargainingProblem, forecast, read_problems
from foedus.bargaining.exchange import exchange_round, proposal_of
from foedus.errors import InputError
from tests.bargaining.base import ModelContract, example_problem


def two_issue_problem(sal_a=(0.9, 0.1), sal_b=(0.1, 0.9)) -> BargainingProblem:
    return BargainingProblem(
        ("A", "B"),
        [1, 1],
        [[0, 0], [100, 100]],
        np.column_stack([sal_a, sal_b]),
        dimensions=("a", "b"),
    )


class TestExchange(ModelContract):
    model = "exchange"
    citations = ("stokman_van_oosten_1994", "arregui_stokman_thomson_2006")
    independent_dimensions = False  # trading across dimensions is the point

    def test_one_issue_is_the_compromise(self) -> None:
        p = example_problem()
        np.testing.assert_allclose(self.run(p).outcome, forecast(p, "mean").outcome, rtol=1e-12)

    def test_hand_worked_exchange(self) -> None:
        # compromise: a at 10, b at 90. B gives way on a (it may move up to the outcome, 10,
        # which moves the outcome by 0.1 * 90 / 1 = 9 points), A on b by the same amount since
        # the saliences are symmetric (exchange rate 1): outcomes 1 and 99.
        self.expect_outcome(two_issue_problem(), [1.0, 99.0])

    def test_no_exchange_without_differing_priorities(self) -> None:
        p = two_issue_problem(sal_a=(0.5, 0.5), sal_b=(0.5, 0.5))
        np.testing.assert_allclose(self.run(p).outcome, forecast(p, "mean").outcome)
        assert self.run(p).diagnostics["exchanges"] == []

    def test_both_partners_gain_equally(self) -> None:
        x = np.array([[0.0, 0.2], [1.0, 0.9]])
        s = np.array([[0.8, 0.3], [0.2, 0.7]])
        c = np.array([1.0, 2.0])
        new, made = exchange_round(x, s, c)
        assert len(made) == 1
        loss = lambda pos, k: float(  # noqa: E731 - salience-weighted distance of k's ideal to the outcomes
            (s[k] * np.abs(x[k] - ((c[:, None] * s * pos).sum(0) / (c[:, None] * s).sum(0)))).sum()
        )
        i, j, _, _, gain = made[0]
        assert loss(x, i) - loss(new, i) == pytest.approx(gain, rel=1e-9)
        assert loss(x, j) - loss(new, j) == pytest.approx(gain, rel=1e-9)

    def test_linked_problems_equal_one_problem_with_dimensions(self) -> None:
        a = BargainingProblem(("A", "B"), [1, 1], [0, 100], [0.9, 0.1], name="p1i1")
        b = BargainingProblem(("A", "B"), [1, 1], [0, 100], [0.1, 0.9], name="p1i2")
        assert proposal_of(a) == proposal_of(b) == "p1"
        assert self.run(a, linked=[b]).outcome[0] == pytest.approx(1.0)
        assert self.run(b, linked=[a]).outcome[0] == pytest.approx(99.0)

    def test_bad_options(self) -> None:
        with pytest.raises(InputError, match="max_rounds"):
            self.run(example_problem(), max_rounds=0)
        with pytest.raises(InputError, match="linked"):
            self.run(example_problem(), linked=["p1i2"])

    def test_training_proposals_link(self, cases_dir) -> None:
        problems = read_problems(cases_dir / "deu3_train_issues.csv")
        groups: dict[str, list[BargainingProblem]] = {}
        for p in problems:
            groups.setdefault(proposal_of(p), []).append(p)
        assert len(groups) == 70
        many = next(g for g in groups.values() if len(g) >= 4)
        res = self.run(many[0], linked=many)
        assert len(res.diagnostics["linked_issues"]) == len(many)
        assert 0 <= res.outcome[0] <= 100
