"""Shared fixtures: where the real data and the validation cases are.

Tests read the real datasets and the published cases from ``../shared`` (beside the
repository), never from copies in the project. ``FOEDUS_DATA_DIR`` and
``FOEDUS_CASES_DIR`` override the locations. When ``FOEDUS_REQUIRE_SHARED=1`` (set by
``.ci/run``) a missing folder fails the run instead of skipping, so CI can never pass
by skipping the reproductions.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _folder(env: str, default: Path) -> Path:
    path = Path(os.environ.get(env, default)).resolve()
    if not path.is_dir():
        if os.environ.get("FOEDUS_REQUIRE_SHARED") == "1":
            pytest.fail(f"{env}: {path} is not a folder, and FOEDUS_REQUIRE_SHARED=1")
        pytest.skip(f"{path} not present (set {env})")
    return path


@pytest.fixture(scope="session")
def cases_dir() -> Path:
    """``../shared/cases``: the published numbers the models must reproduce."""
    return _folder("FOEDUS_CASES_DIR", SHARED / "cases")


@pytest.fixture(scope="session")
def shared_data_dir() -> Path:
    """``../shared/data``: the real datasets; the loaders read it through ``FOEDUS_DATA_DIR``."""
    path = _folder("FOEDUS_DATA_DIR", SHARED / "data")
    os.environ["FOEDUS_DATA_DIR"] = str(path)
    return path


@pytest.fixture(scope="session")
def scenario():
    """The shipped Asian NATO scenario on the embedded default world (no data folder needed)."""
    from foedus.scenario import load_scenario, shipped_scenario

    return load_scenario(shipped_scenario())
