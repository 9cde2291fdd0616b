"""The shipped estimates are what calibrate produces; same data, same bytes; coefficient draws."""

import json
from importlib.resources import files

import numpy as np
import pytest


@pytest.fixture(scope="module")
def fitted(data):
    from foedus.estimation import calibrate

    return calibrate()


def test_shipped_file_is_what_calibrate_produces(fitted):
    from foedus.estimation import Estimates

    shipped = Estimates.shipped()
    assert shipped.provenance == fitted.provenance
    for name, model in fitted.models.items():
        other = shipped.models[name]
        assert other.features == model.features and other.dropped == model.dropped
        np.testing.assert_allclose(other.coef, model.coef, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(other.cov, model.cov, rtol=1e-6, atol=1e-12)
        assert other.stats == model.stats
    # ... and byte for byte on this platform (regenerate: calibrate().save(...estimates.json))
    text = files("foedus.estimation").joinpath("estimates.json").read_text(encoding="utf-8")
    assert text == fitted.to_json()


def test_same_data_same_bytes(fitted):
    from foedus.estimation import calibrate, honouring, initiation, joining, outcome

    for module in (outcome, joining, honouring, initiation):
        module._rows.cache_clear()  # rebuild the rows from the files, not from the cache
    assert calibrate().to_json() == fitted.to_json()


def test_json_is_small_and_records_provenance(fitted, tmp_path):
    from foedus.estimation import Estimates

    path = fitted.save(tmp_path / "e.json")
    assert path.stat().st_size < 2_000_000
    d = json.loads(path.read_text())
    names = {v["name"] for v in d["provenance"]["data"]}
    assert {"gml_mid", "cow_war", "atop", "cow_nmc", "us_troops", "nuclear"} <= names
    for v in d["provenance"]["data"]:
        assert all(len(sha) == 64 for sha in v["files"].values())
    back = Estimates.load(path)
    assert back.to_json() == fitted.to_json()
    for m in fitted.models.values():
        s = m.stats
        assert s["n"] > 0 and s["years"][0] < s["years"][1] and s["converged"] and s["clusters"] > 1


def test_draws_center_on_the_estimate_and_give_probabilities(fitted):
    m = fitted.models["joining"]
    draws = m.draw(4000, np.random.default_rng(0))
    assert draws.shape == (4000, len(m.features), 2)
    np.testing.assert_allclose(draws.mean(axis=0), m.coef, atol=5 * m.se.max() / np.sqrt(4000) + 1e-9)
    dropped = [m.features.index(f) for f in m.dropped]
    assert (draws[:, dropped, :] == 0).all()
    X = np.ones((3, len(m.features)))
    P = m.probabilities(X, draws[:10])
    assert P.shape == (10, 3, 3) and np.allclose(P.sum(axis=-1), 1)
