"""Shared test base for the bargaining models (in the spirit of Axelrod's ``TestPlayer``).

A model's test module subclasses :class:`ModelContract`, names the model and declares
which of the common properties hold for it; the base class supplies the tests. The
module then only adds what is particular to the model (published numbers, variants).

Properties checked for every model:

- unanimous actors give their common position;
- an actor with zero salience does not move the outcome (``zero_salience_neutral``);
- the outcome lies within the range of the positions (``outcome_in_range``);
- multiplying every capability by a constant leaves the outcome unchanged
  (``rescale_factors``: powers of two are exact in floating point, so even a model with
  discrete choices must be invariant to them);
- the same seed gives the same answer and the same provenance;
- each dimension is forecast as if alone (``independent_dimensions``; a model that links
  dimensions, such as the exchange model, tests its linkage instead);
- bad input (zero total salience, unknown options) raises ``InputError``;
- the result is well formed (shapes, path, rounds, provenance citations).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus.bargaining import BargainingProblem, ForecastResult, forecast
from foedus.bibliography import entries
from foedus.errors import InputError

# ---------------------------------------------------------------- hypothesis strategies


@st.composite
def problems(
    draw: st.DrawFn,
    min_actors: int = 2,
    max_actors: int = 8,
    n_dims: int = 1,
    integer_positions: bool = False,
) -> BargainingProblem:
    """Random problems on [0, 100] with at least one actor of positive salience."""
    n = draw(st.integers(min_actors, max_actors))
    cap = draw(st.lists(st.floats(0.01, 100.0), min_size=n, max_size=n))
    if integer_positions:
        pos_el = st.integers(0, 10).map(lambda v: float(10 * v))
    else:
        pos_el = st.floats(0.0, 100.0)
    pos = draw(st.lists(st.lists(pos_el, min_size=n_dims, max_size=n_dims), min_size=n, max_size=n))
    sal = draw(
        st.lists(
            st.lists(st.floats(0.05, 1.0), min_size=n_dims, max_size=n_dims),
            min_size=n,
            max_size=n,
        )
    )
    return BargainingProblem(
        tuple(f"A{i}" for i in range(n)), cap, np.array(pos), np.array(sal), scale=(0, 100)
    )


def example_problem() -> BargainingProblem:
    """A small fixed problem with distinct positions and unequal weights."""
    return BargainingProblem(
        ("A", "B", "C", "D", "E"),
        [1.0, 0.6, 0.9, 0.3, 0.5],
        [10.0, 35.0, 60.0, 80.0, 95.0],
        [0.9, 0.5, 0.7, 0.4, 0.8],
        scale=(0, 100),
    )


# --------------------------------------------------------------------------- base

# The contract's property tests run once per model subclass: the same test function from
# several classes ("executors") is the design here, not a mistake.
_SUPPRESS = [HealthCheck.too_slow, HealthCheck.differing_executors]


class ModelContract:
    """Common expectations of every bargaining model; subclasses set the class attributes."""

    model: ClassVar[str]
    options: ClassVar[dict[str, Any]] = {}
    citations: ClassVar[tuple[str, ...]] = ()
    zero_salience_neutral: ClassVar[bool] = True
    outcome_in_range: ClassVar[bool] = True
    independent_dimensions: ClassVar[bool] = True
    rescale_factors: ClassVar[tuple[float, ...]] = (4.0, 0.125, 3.7)
    rtol: ClassVar[float] = 1e-9
    max_examples: ClassVar[int] = 40

    # -- helpers a subclass uses to state expectations ---------------------------

    def run(self, problem: BargainingProblem, **kw: Any) -> ForecastResult:
        return forecast(problem, self.model, **{**self.options, **kw})

    def expect_outcome(self, problem: BargainingProblem, expected: Any, **kw: Any) -> None:
        """Assert that the model forecasts ``expected`` (per dimension) on ``problem``."""
        got = self.run(problem, **kw).outcome
        np.testing.assert_allclose(got, np.atleast_1d(expected), rtol=self.rtol, atol=1e-12)

    # -- the common tests ----------------------------------------------------------

    def test_result_is_well_formed(self) -> None:
        p = example_problem()
        res = self.run(p)
        assert isinstance(res, ForecastResult)
        assert res.outcome.shape == (p.n_dims,)
        assert res.final_positions.shape == (p.n_actors, p.n_dims)
        assert list(res.path.columns) == ["round", "actor", "dimension", "position"]
        assert {"round", "dimension", "outcome"} <= set(res.rounds.columns)
        assert res.path["round"].min() == 0
        assert res.provenance.models
        assert set(self.citations) <= set(res.provenance.citations)
        assert set(res.provenance.citations) <= set(entries())
        assert res.to_frame().shape[0] == p.n_dims
        assert res.to_dict()["outcome"] == [float(v) for v in res.outcome]

    @pytest.mark.parametrize("where", [0.0, 42.5, 100.0])
    def test_unanimous_actors_give_their_common_position(self, where: float) -> None:
        p = BargainingProblem(("A", "B", "C"), [1, 2, 3], [where] * 3, [0.2, 0.9, 0.5])
        self.expect_outcome(p, where)

    def test_zero_salience_actor_does_not_move_the_outcome(self) -> None:
        if not self.zero_salience_neutral:
            pytest.skip(f"{self.model}: a zero-salience actor can move the outcome")
        base = example_problem()
        for pos in (0.0, 50.0, 100.0):
            extra = BargainingProblem(
                (*base.actors, "Z"),
                np.append(base.capability, 5.0),
                np.append(base.position[:, 0], pos),
                np.append(base.salience[:, 0], 0.0),
            )
            np.testing.assert_allclose(self.run(extra).outcome, self.run(base).outcome, rtol=self.rtol)

    def test_outcome_within_range_on_example(self) -> None:
        if not self.outcome_in_range:
            pytest.skip(f"{self.model}: outcome may leave the range of positions")
        p = example_problem()
        out = self.run(p).outcome[0]
        assert p.position.min() <= out <= p.position.max()

    @settings(max_examples=40, deadline=None, suppress_health_check=_SUPPRESS)
    @given(p=problems())
    def test_outcome_within_range_of_positions(self, p: BargainingProblem) -> None:
        if not self.outcome_in_range:
            pytest.skip(f"{self.model}: outcome may leave the range of positions")
        out = self.run(p).outcome
        span = p.position.max(axis=0) - p.position.min(axis=0)
        assert (out >= p.position.min(axis=0) - 1e-9 * (1 + span)).all()
        assert (out <= p.position.max(axis=0) + 1e-9 * (1 + span)).all()

    @settings(max_examples=25, deadline=None, suppress_health_check=_SUPPRESS)
    @given(p=problems(integer_positions=True))
    def test_invariant_to_rescaling_capabilities(self, p: BargainingProblem) -> None:
        base = self.run(p).outcome
        for k in self.rescale_factors:
            scaled = BargainingProblem(p.actors, p.capability * k, p.position, p.salience, scale=p.scale)
            np.testing.assert_allclose(self.run(scaled).outcome, base, rtol=1e-9, atol=1e-9)

    def test_same_seed_same_answer(self) -> None:
        p = example_problem()
        a, b = self.run(p, seed=11), self.run(p, seed=11)
        np.testing.assert_array_equal(a.outcome, b.outcome)
        assert a.provenance.to_dict() == b.provenance.to_dict()
        assert a.provenance.seed == 11

    def test_each_dimension_of_a_multidimensional_problem(self) -> None:
        if not self.independent_dimensions:
            pytest.skip(f"{self.model}: links the dimensions (its own tests check how)")
        base = example_problem()
        other = BargainingProblem(base.actors, base.capability, base.position[::-1, 0], base.salience[:, 0])
        both = BargainingProblem(
            base.actors,
            base.capability,
            np.column_stack([base.position[:, 0], other.position[:, 0]]),
            np.column_stack([base.salience[:, 0], other.salience[:, 0]]),
            dimensions=("first", "second"),
        )
        res = self.run(both)
        assert res.dimensions == ("first", "second")
        assert set(res.rounds["dimension"]) == {"first", "second"}
        np.testing.assert_allclose(
            res.outcome,
            [self.run(base).outcome[0], self.run(other).outcome[0]],
            rtol=self.rtol,
        )

    def test_zero_total_salience_rejected(self) -> None:
        p = BargainingProblem(("A", "B"), [1, 1], [0, 100], [0.0, 0.0], source="z.csv")
        with pytest.raises(InputError, match=r"z\.csv.*zero"):
            self.run(p)

    def test_unknown_option_rejected(self) -> None:
        with pytest.raises(InputError, match="no_such_option"):
            self.run(example_problem(), no_such_option=1)

    def test_nan_input_rejected(self) -> None:
        with pytest.raises(InputError, match="B"):
            BargainingProblem(("A", "B"), [1, 1], [0, float("nan")], [1, 1])
