"""What to cite: BibTeX for a model, a dataset, a command, or all of foedus.

Every key lives in ``references.bib`` (:mod:`foedus.bibliography`), the one bibliography
that code, results and docs share. :func:`cite` maps a name to the keys it rests on:

- a **model** (``bdm``, ``ktab``, ``mean``, ``median``, ``nash``, ``ensemble``, ``landscape``,
  ``power``, ``burden``, ``similarity``, ``obligations``, ``crisis``, ``deterrence``,
  ``sweep``): the papers that define it and those it was validated against;
- a **dataset** (a key of :data:`foedus.data.sources.SOURCES`): its publishers' citations;
- a **command** of the ``foedus`` CLI: the models and datasets it runs;
- nothing: the whole bibliography.

A result's own ``provenance.citations`` is narrower (only what that run used); this module
answers the question before the run: "if I use ``foedus compare``, what do I cite?".

Examples
--------
>>> print(cite("nash").splitlines()[0])
@article{nash_1950,
"""

from __future__ import annotations

from foedus.bibliography import bibtex, entries
from foedus.errors import InputError
from foedus.estimation import CITATIONS as _ESTIMATED

# Keys by model. Each tuple contains the ``CITATIONS`` of the model's module (checked by
# tests/test_citing.py) and the reproductions it was validated against.
MODELS: dict[str, tuple[str, ...]] = {
    "bdm": ("scholz_calbert_smith_2011", "bdm_1994", "bdm_1997", "thomson_etal_2006"),
    "ktab": ("wise_lester_efird_2015", "kapsarc_ktab"),
    "mean": ("thomson_etal_2006", "achen_2006"),
    "median": ("black_1948", "thomson_etal_2006"),
    "nash": (
        "nash_1950",
        "kalai_1977",
        "achen_2006",
        "achen_2006_realism",
        "schneider_finke_bailer_2010",
        "thomson_etal_2006",
    ),
    "ensemble": (
        "thomson_etal_2006",
        "achen_2006",
        "bates_granger_1969",
        "clemen_1989",
        "breiman_1996",
        "smith_wallis_2009",
        "arregui_perarnaud_2021",
    ),
    "landscape": (
        "axelrod_bennett_1993",
        "axelrod_1997",
        "furnas_2016",
        "bailey_strezhnev_voeten_2017",
        "leeds_etal_2002",
        "stinnett_etal_2002",
        "vasquez_1993",
        "hensel_2001",
    ),
    "power": (
        "shapley_shubik_1954",
        "banzhaf_1965",
        "penrose_1946",
        "felsenthal_machover_1998",
        "matsui_matsui_2000",
    ),
    "burden": (
        "olson_zeckhauser_1966",
        "sandler_1977",
        "murdoch_sandler_1984",
        "sandler_hartley_1995",
        "sandler_hartley_2001",
    ),
    "similarity": ("bdm_1975", "bdm_1981", "signorino_ritter_1999"),
    "obligations": (
        "leeds_2022_atop_codebook",
        "leeds_etal_2002",
        "japan_2015_legislation",
        "pca_2016_south_china_sea",
        "cia_world_factbook",
        "amti_island_tracker",
        "korean_armistice_1953",
        "roehrig_2008_nll",
        "orourke_crs_r42784",
    ),
    "deterrence": (
        "boulding_1962",
        "bdm_1975",
        "bdm_1980",
        "bdm_1981",
        "bdm_1985",
        "bennett_stam_2000",
        "tullock_1980",
    ),
    "crisis": (
        "leeds_long_mitchell_2000",
        "leeds_2003",
        "berkemeier_fuhrmann_2018",
        "sabrosky_1980",
        "leeds_anac_2005",
        "bailey_strezhnev_voeten_2017",
    ),
    "sweep": ("saltelli_2002", "saltelli_etal_2010", "herman_usher_2017"),
    # the crisis models estimated from the historical record (foedus.estimation) and the
    # probit link that turns an expected utility into P(deterred) (crisis.montecarlo)
    "estimation": (
        *dict.fromkeys(key for keys in _ESTIMATED.values() for key in keys),
        "bdm_1981",
        "signorino_1999",
    ),
    # the pact design search (foedus.design): NSGA-II and the library that runs it
    "design": ("deb_etal_2002", "blank_deb_2020"),
}
"""Citation keys of each model."""

# The datasets every World reads (the default world embeds a table derived from them).
_WORLD_DATA = (
    "cow_states",
    "cow_nmc",
    "sipri_milex",
    "unga_ideal_points",
    "capitals",
    "mindist",
    "contiguity",
    "atop",
)

# The historical record the estimated crisis models are fitted to.
_RECORD = (
    "gml_mid", "cow_mid", "cow_war", "td_rivalries", "us_troops", "democracy", "nuclear",
)  # fmt: skip

# What a whole study (foedus.study.run_study) rests on: demo, report and the dashboard run it.
_STUDY = (
    "obligations", "crisis", "deterrence", "estimation", "landscape", "power", "burden",
    "bdm", "ktab", "mean", "median", "nash", "ensemble", *_WORLD_DATA,
)  # fmt: skip

COMMANDS: dict[str, tuple[str, ...]] = {
    "world": _WORLD_DATA,
    "demo": _STUDY,
    "data": (*_WORLD_DATA, "atop_inst"),
    "treaty": ("obligations", "atop"),
    "obligations": ("obligations", "atop"),
    "simulate": ("obligations", "crisis", "deterrence", "estimation", *_WORLD_DATA),
    "compare": ("obligations", "crisis", "deterrence", "estimation", *_WORLD_DATA),
    "report": _STUDY,
    "serve": _STUDY,
    "sweep": ("sweep", "obligations", "crisis", "deterrence", "estimation", *_WORLD_DATA),
    "calibrate": ("estimation", *_WORLD_DATA, *_RECORD),
    "backtest": ("estimation", *_WORLD_DATA, *_RECORD),
    "score": ("estimation", *_RECORD),
    "landscape": ("landscape", *_WORLD_DATA),
    "power": ("power",),
    "burden": ("burden", "atop", "sipri_milex"),
    "similarity": ("similarity", "atop"),
    "forecast": ("bdm", "ktab", "mean", "median", "nash", "ensemble"),
    "design": ("design", "obligations", "crisis", "deterrence", "estimation", "bdm", "burden", *_WORLD_DATA),
}
"""The models and datasets each ``foedus`` command runs (``demo`` runs the whole study)."""


def _datasets() -> dict[str, tuple[str, ...]]:
    from foedus.data.sources import SOURCES

    return {name: tuple(src.citations) for name, src in SOURCES.items()}


def known_targets() -> dict[str, list[str]]:
    """The names :func:`cite` accepts, by kind: ``model``, ``dataset``, ``command``."""
    return {"model": list(MODELS), "dataset": list(_datasets()), "command": list(COMMANDS)}


def keys(target: str | None = None) -> tuple[str, ...]:
    """The citation keys of ``target`` (see :func:`cite`), in order, without duplicates.

    Raises
    ------
    InputError
        If ``target`` is not a known model, dataset or command.
    """
    if target is None:
        return tuple(entries())
    name = target.strip().lower()
    datasets = _datasets()
    if name in COMMANDS:
        parts = COMMANDS[name]
        found: list[str] = []
        for part in parts:
            found += MODELS.get(part, ()) or datasets[part]
        return tuple(dict.fromkeys(found))
    if name in MODELS:
        return MODELS[name]
    if name in datasets:
        return datasets[name]
    known = known_targets()
    raise InputError(
        f"nothing to cite for {target!r}",
        hint="known models: {}; datasets: {}; commands: {}".format(
            ", ".join(known["model"]), ", ".join(known["dataset"]), ", ".join(known["command"])
        ),
    )


def cite(target: str | None = None) -> str:
    """BibTeX for a model, a dataset or a CLI command, or the whole bibliography.

    Parameters
    ----------
    target : str, optional
        A model (``bdm``, ``ktab``, ``mean``, ``median``, ``nash``, ``ensemble``,
        ``landscape``, ``power``, ``burden``, ``similarity``, ``obligations``, ``crisis``,
        ``deterrence``, ``sweep``, ``estimation``), a dataset (``cow_nmc``, ``atop``, ... as in
        ``foedus data list``) or a command (``compare``, ``forecast``, ...). A name that is
        both a model and a command (``obligations``, ``landscape``, ``power``, ``burden``,
        ``similarity``, ``sweep``) means the command, which adds the data it reads.
        ``None``: every entry.

    Returns
    -------
    str
        BibTeX entries separated by blank lines.

    Raises
    ------
    InputError
        If ``target`` is unknown; the message lists the known names.

    Examples
    --------
    >>> "@misc{cow_nmc_7," in cite("cow_nmc")
    True
    """
    return bibtex(list(keys(target)))
