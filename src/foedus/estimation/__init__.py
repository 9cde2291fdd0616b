"""Evidence, not assumptions: the crisis models learned from two centuries of disputes and wars.

One module per model, each with its training rows built from the data folder, a raw-feature
schema (``RAW_COLUMNS``), a pure ``design(raw)`` that training and simulation share, and a
``fit`` that returns a :class:`~foedus.estimation.logit.Logit` (coefficients, cluster-robust
covariance, ``draw(n, rng)`` for coefficient uncertainty):

- :mod:`~foedus.estimation.outcome` — who prevails (Carroll & Kenkel 2019);
- :mod:`~foedus.estimation.joining` — who comes, on which side;
- :mod:`~foedus.estimation.honouring` — whether an ally whose casus foederis arose fights;
- :mod:`~foedus.estimation.initiation` — whether a challenger starts a dispute (deterrence).

:func:`calibrate` fits them all (:class:`Estimates`, shipped as JSON in the package);
:func:`backtest` scores each against its baseline out of sample; :func:`score_commitments`
and :func:`score_outcomes` answer for user rows.

In a simulation, with coefficient uncertainty::

    from foedus.estimation import Estimates, joining
    model = Estimates.shipped().models["joining"]
    X = joining.design(raw)[list(model.features)].to_numpy()   # raw: joining.RAW_COLUMNS
    draws = model.draw(10_000, rng)                             # (draws, features, outcomes)
    P = model.probabilities(X, draws)                           # (draws, rows, 1 + outcomes)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from foedus.estimation.estimates import Estimates, calibrate
    from foedus.estimation.evaluation import backtest
    from foedus.estimation.scoring import score_commitments, score_outcomes

__all__ = ["Estimates", "backtest", "calibrate", "score_commitments", "score_outcomes"]

# What each model rests on; here, light to import, for foedus.citing as well as the estimates.
CITATIONS: dict[str, tuple[str, ...]] = {
    "outcome": ("carroll_kenkel_2019", "gibler_miller_little_2016", "singer_bremer_stuckey_1972"),
    "joining": (
        "gibler_miller_little_2016",
        "leeds_etal_2002",
        "lemke_reed_2001",
        "bailey_strezhnev_voeten_2017",
        "mcfadden_1974",
        "altfeld_bdm_1979",
        "dixon_1994",
    ),
    "honouring": (
        "leeds_long_mitchell_2000",
        "leeds_2003",
        "berkemeier_fuhrmann_2018",
        "sarkees_wayman_2010",
    ),
    "initiation": (
        "leeds_2003_deterrence",
        "johnson_leeds_2011",
        "fuhrmann_sechser_2014",
        "carter_signorino_2010",
    ),
}

# the public names, by the submodule that defines them
_HOME = {
    name: f"foedus.estimation.{module}"
    for module, names in {
        "estimates": ("Estimates", "calibrate"),
        "evaluation": ("backtest",),
        "scoring": ("score_commitments", "score_outcomes"),
    }.items()
    for name in names
}


def __getattr__(name: str) -> Any:
    # lazy: importing foedus.estimation must not pull statsmodels in
    if name in _HOME:
        from importlib import import_module

        return getattr(import_module(_HOME[name]), name)
    raise AttributeError(f"module 'foedus.estimation' has no attribute {name!r}")
