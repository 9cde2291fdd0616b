"""The fitted crisis models as one object: fit them from the data, save, load, ship.

:func:`calibrate` builds every model's training rows from the data folder and fits it
(minutes at most; under a minute on one core), returning :class:`Estimates`: one
:class:`~foedus.estimation.logit.Logit` per model (``outcome``, ``joining``, ``honouring``,
``initiation``) with its coefficient table, cluster-robust covariance, sample and fit
statistics, and the provenance of the whole: the foedus version and every dataset's
registry version and sha256.

The estimates travel as JSON, never pickle: :meth:`Estimates.save` writes sorted keys
and numbers rounded to ten significant digits, so the same data give the same bytes.
:meth:`Estimates.shipped` reads the copy inside the package (``estimates.json``), so that
the crisis simulation runs offline; ``tests/estimation`` checks that it is what
:func:`calibrate` produces.

Examples
--------
>>> est = Estimates.shipped()
>>> sorted(est.models)
['honouring', 'initiation', 'joining', 'outcome']
>>> est.models["joining"].outcomes
('target', 'aggressor')
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from foedus.estimation import CITATIONS, honouring, initiation, joining, outcome
from foedus.estimation.logit import Logit
from foedus.estimation.panel import DATASETS, panel
from foedus.version import __version__

Progress = Callable[[str, int, int], None]  # (step, done, total)
"""What ``progress=`` receives: the step's name, steps done, steps in all."""

MODELS = ("outcome", "joining", "honouring", "initiation")
SHIPPED = "estimates.json"


@dataclass(frozen=True, eq=False)
class Estimates:
    """The fitted crisis models and where they came from.

    Attributes
    ----------
    models : dict of str to Logit
        ``outcome``, ``joining``, ``honouring``, ``initiation``.
    provenance : dict
        ``foedus`` (version), ``data`` (each dataset's registry version and file sha256),
        ``citations`` (per model), ``estimators``.
    """

    models: dict[str, Logit]
    provenance: dict[str, Any] = field(default_factory=dict)

    def table(self, model: str) -> pd.DataFrame:
        """The coefficient table of ``model`` (``outcome, feature, coef, se, z, p``)."""
        return self.models[model].table()

    def summary(self) -> str:
        """Each model's sample and fit statistics, one paragraph each, for people."""
        lines = []
        for name in MODELS:
            m = self.models[name]
            s = m.stats
            pos = ", ".join(f"{k} {v}" for k, v in s["positives"].items())
            lines.append(
                f"{name}: n = {s['n']} ({pos}), {s['clusters']} clusters, {s['years'][0]}-{s['years'][1]}; "
                f"log-likelihood {s['loglik']:.1f} (null {s['loglik_null']:.1f}), "
                f"pseudo-R2 {s['pseudo_r2']:.3f}; {len(m.features) - len(m.dropped)} terms"
                + (f", not estimable: {', '.join(m.dropped)}" if m.dropped else "")
            )
        return "\n".join(lines)

    # ------------------------------------------------------------------ JSON
    def to_dict(self) -> dict[str, Any]:
        return {"models": {k: self.models[k].to_dict() for k in MODELS}, "provenance": self.provenance}

    def to_json(self) -> str:
        """Deterministic JSON: sorted keys, rounded numbers, one trailing newline."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Estimates:
        return cls({k: Logit.from_dict(v) for k, v in d["models"].items()}, d.get("provenance", {}))

    def save(self, path: str | Path) -> Path:
        """Write the JSON to ``path`` (atomically) and return it."""
        from foedus.atomic import write_text

        path = Path(path)
        write_text(path, self.to_json())
        return path

    @classmethod
    def load(cls, path: str | Path) -> Estimates:
        """Read estimates written by :meth:`save`."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def shipped(cls) -> Estimates:
        """The estimates shipped inside the package (no data folder needed)."""
        text = files("foedus.estimation").joinpath(SHIPPED).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))


def _data_versions() -> list[dict[str, Any]]:
    from foedus.data.sources import get_source

    out = []
    for name in DATASETS:
        s = get_source(name)
        out.append({"name": name, "version": s.version, "files": {f.path: f.sha256 for f in s.files}})
    return out


def calibrate(progress: Progress | None = None) -> Estimates:
    """Fit every crisis model from the data folder (``FOEDUS_DATA_DIR`` or the cache).

    Parameters
    ----------
    progress : callable, optional
        Called as ``progress(step, done, total)`` before each step and once at the end.

    Returns
    -------
    Estimates
        Deterministic: the same data give the same estimates, byte for byte once saved.
    """
    from threadpoolctl import threadpool_limits

    steps: list[tuple[str, Callable[[], Logit]]] = [
        ("outcome", lambda: outcome.fit(outcome.training_rows())),
        ("joining", lambda: joining.fit(joining.training_rows())),
        ("honouring", lambda: honouring.fit(honouring.training_rows())),
        ("initiation", lambda: initiation.fit(initiation.training_rows())),
    ]
    total = len(steps) + 1
    models: dict[str, Logit] = {}
    # one BLAS thread: faster on a shared machine, and the same arithmetic every run
    with threadpool_limits(limits=1):
        if progress:
            progress("covariates", 0, total)
        panel()
        for i, (name, step) in enumerate(steps, start=1):
            if progress:
                progress(name, i, total)
            models[name] = step()
    if progress:
        progress("done", total, total)
    provenance = {
        "foedus": __version__,
        "data": _data_versions(),
        "citations": {k: list(v) for k, v in CITATIONS.items()},
        "estimators": "statsmodels Logit/MNLogit and a tied-coefficient conditional logit (Newton), "
        "cluster-robust covariance",
    }
    return Estimates(models, provenance)
