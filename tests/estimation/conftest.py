"""Fixtures for the estimated models: the real data, and the backtest computed once per session.

Every model's training rows are cached per data folder by the library itself, so tests
that rebuild them cost nothing after the first.
"""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def data(shared_data_dir):
    """The shared data folder (``FOEDUS_DATA_DIR`` points at it for the whole session)."""
    return shared_data_dir


@pytest.fixture(scope="session")
def records(data):
    """``backtest()`` on the shared data (about a minute on one core)."""
    from foedus.estimation import backtest

    return backtest(reps=100, seed=0)


def find(records, model, metric, test=None):
    """The one record of ``model``/``metric`` (and ``test`` when given)."""
    hits = [
        r
        for r in records
        if r["model"] == model and r["metric"] == metric and (test is None or r["test"] == test)
    ]
    assert len(hits) == 1, (model, metric, test, hits)
    return hits[0]
