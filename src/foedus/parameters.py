"""Named model parameters: a default, an uncertainty range, a unit and a source for each.

Every coefficient of the crisis-response and deterrence models is a :class:`Parameter`
with a dotted name (``crisis.reliability.base``), so that a sweep can vary any of them and
every result can report the values it used. A parameter that is an empirical claim cites
where it comes from; where the literature gives no number the description says
**assumption** and the range is wide on purpose.

Uncertainty: a Monte Carlo draw samples each parameter from a *split-uniform*
distribution: with probability 1/2 uniformly on ``[low, default]`` and with probability
1/2 uniformly on ``[default, high]``, so the median is the default and the support is the
range. A parameter with ``low == high`` is fixed.

Overriding values (:func:`resolve`): ``{"crisis.reliability.base": 0.22}`` pins a value
(``low = default = high``); ``{"crisis.reliability.base": (0.41, 0.3, 0.5)}`` sets the
default and the range. Anything impossible (a probability outside [0, 1], a range that
does not contain its default, a coefficient of the wrong sign, an unknown name) is an
:class:`~foedus.errors.InputError` that names the parameter and what it expects.

Examples
--------
>>> p = get("crisis.reliability.base")
>>> p.default, p.low, p.high
(0.41, 0.22, 0.745)
>>> resolve({"deterrence.miles_per_day": 300})["deterrence.miles_per_day"].high
300.0
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from foedus.errors import InputError

__all__ = [
    "PARAMETERS",
    "Parameter",
    "ParameterSet",
    "defaults",
    "get",
    "markdown_table",
    "resolve",
    "sample",
]


@dataclass(frozen=True)
class Parameter:
    """One named model parameter.

    Attributes
    ----------
    name : str
        Dotted name, e.g. ``crisis.reliability.base``.
    default, low, high : float
        The central value and the range a Monte Carlo run samples (``low <= default <= high``).
    description : str
        What it means, in plain words; ``Assumption`` where no published number exists.
    source : str
        Citation keys of ``references.bib`` (comma-separated) or ``assumption``.
    unit : str
        ``probability``, ``logit shift``, ``miles per day``, ...
    domain : tuple of float
        The values that make sense at all (validation), e.g. ``(0, 1)`` for a probability.
    """

    name: str
    default: float
    low: float
    high: float
    description: str
    source: str
    unit: str = "logit shift"
    domain: tuple[float, float] = (-math.inf, math.inf)

    def __post_init__(self) -> None:
        lo, hi = self.domain
        for what, v in (("default", self.default), ("low", self.low), ("high", self.high)):
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not math.isfinite(v):
                raise InputError(f"parameter {self.name}: {what} must be a finite number, got {v!r}")
            if not lo <= v <= hi:
                raise InputError(
                    f"parameter {self.name}: {what} = {v:g} is outside the allowed range "
                    f"[{lo:g}, {hi:g}] ({self.unit})"
                )
        if not self.low <= self.default <= self.high:
            raise InputError(
                f"parameter {self.name}: the range [{self.low:g}, {self.high:g}] must contain the "
                f"default {self.default:g}"
            )

    @property
    def fixed(self) -> bool:
        return self.low == self.high

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "default": self.default,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "description": self.description,
            "source": self.source,
        }


_P = (0.0, 1.0)
_NEG = (-math.inf, 0.0)
_POS = (0.0, math.inf)

PARAMETERS: tuple[Parameter, ...] = (
    # ----------------------------------------------------------------- base rates
    Parameter(
        "crisis.reliability.base",
        0.41,
        0.22,
        0.745,
        "Probability that a member bound by a defence obligation whose conditions are met fights "
        "when the casus foederis arises, all other factors neutral (Leeds definition). 0.41: "
        "Berkemeier & Fuhrmann's rate for defence pacts 1816-2003; low 0.22: their 1945-2003 rate "
        "(all alliance types); "
        "high 0.745: Leeds, Long & Mitchell's 1816-1944 rate.",
        "berkemeier_fuhrmann_2018, leeds_long_mitchell_2000, leeds_2003",
        "probability",
        _P,
    ),
    Parameter(
        "crisis.unbound.rate",
        0.05,
        0.01,
        0.15,
        "Probability that a state under no obligation toward the target (or bound only to "
        "neutrality) intervenes with force, all other factors neutral. Assumption: the reliability "
        "literature measures bound states only.",
        "assumption",
        "probability",
        _P,
    ),
    # ----------------------------------------------------------------- the obligation
    Parameter(
        "crisis.obligation.conditional",
        -0.5,
        -1.5,
        0.0,
        "Shift for an obligation whose conditions the data leave unknown (status defend_if / "
        "consult_if) relative to one whose conditions are met. Assumption.",
        "assumption",
        domain=_NEG,
    ),
    Parameter(
        "crisis.obligation.consult",
        -1.5,
        -3.0,
        -0.5,
        "Shift for a member bound only to consult, relative to a defence obligation. Never "
        "below the unbound rate (the model clamps). Assumption.",
        "assumption",
        domain=_NEG,
    ),
    # ----------------------------------------------------------------- response clause
    Parameter(
        "crisis.response.automatic",
        0.4,
        0.0,
        1.0,
        "Shift for an automatic response clause ('shall immediately render military ... "
        "assistance') relative to 'such action as it deems necessary' (NATO art. 5, the "
        "reference). Assumption: the sign follows the wording; no published estimate.",
        "assumption",
        domain=_POS,
    ),
    Parameter(
        "crisis.response.constitutional_processes",
        -0.3,
        -0.8,
        0.0,
        "Shift for 'in accordance with its constitutional processes' (ANZUS art. IV, US-Japan "
        "art. V) relative to 'as it deems necessary'. Assumption.",
        "assumption",
        domain=_NEG,
    ),
    # ----------------------------------------------------------------- depth (ATOP)
    *(
        Parameter(
            f"crisis.depth.{flag}",
            0.0,
            -0.25,
            0.5,
            f"Shift when the binding treaty provides {what} (ATOP {code}). Default 0: Leeds & Anac "
            "(2005) find no evidence that more institutionalised alliances are more reliable when "
            "invoked; the range leans positive for the tripwire argument. Assumption for the range.",
            "leeds_anac_2005",
        )
        for flag, what, code in (
            ("integrated_command", "an integrated military command", "INTCOM"),
            ("bases", "bases or troops stationed on allies' territory", "BASE"),
            ("military_aid", "military aid", "MILAID"),
            ("organisation", "a formal organisation", "ORGAN1"),
            ("contributions", "specified contributions", "CONTRIB"),
        )
    ),
    # ----------------------------------------------------------------- the member
    Parameter(
        "crisis.distance.per_log",
        -0.15,
        -0.4,
        0.0,
        "Shift per unit of ln(distance from the member's capital to the place / reference "
        "distance). Assumption; the direction follows Boulding's loss of strength.",
        "boulding_1962",
        domain=_NEG,
    ),
    Parameter(
        "crisis.distance.reference_km",
        1000.0,
        1000.0,
        1000.0,
        "Distance at which the distance factor is neutral (fixed).",
        "assumption",
        "km",
        (1.0, math.inf),
    ),
    Parameter(
        "crisis.affinity.per_unit",
        0.3,
        0.0,
        0.8,
        "Shift per unit of affinity: |x_k - x_adversary| - |x_k - x_protege| on UNGA ideal "
        "points (positive: the member votes closer to the state it would defend). A member without "
        "an ideal point (Taiwan) counts as neutral; for a protégé without one (Taiwan attacked) "
        "the median state's distance from the adversary stands in. Assumption for the coefficient.",
        "bailey_strezhnev_voeten_2017",
        domain=_POS,
    ),
    Parameter(
        "crisis.exposure.dispute",
        0.3,
        -0.3,
        0.8,
        "Shift when the member has its own territorial dispute with the adversary (a gazetteer "
        "place both claim): shared threat raises, fear of retaliation lowers the chance it "
        "fights; the range straddles zero. Assumption.",
        "assumption",
    ),
    Parameter(
        "crisis.regime.nondemocratic_major",
        -0.5,
        -1.0,
        0.0,
        "Shift for a nondemocratic major power (Leeds 2003: nondemocratic major powers violate "
        "more often). Applied only when regimes are supplied (no regime dataset is loaded). "
        "Magnitude an assumption.",
        "leeds_2003",
        domain=_NEG,
    ),
    # ----------------------------------------------------------------- the event
    Parameter(
        "crisis.severity.grey_zone",
        -1.0,
        -2.0,
        -0.3,
        "Shift for a grey-zone event (coercion below an armed attack) relative to a limited "
        "attack. Assumption.",
        "assumption",
        domain=_NEG,
    ),
    Parameter(
        "crisis.severity.major",
        0.3,
        0.0,
        0.7,
        "Shift for a major attack relative to a limited one. Assumption.",
        "assumption",
        domain=_POS,
    ),
    Parameter(
        "crisis.severity.total",
        0.5,
        0.0,
        1.0,
        "Shift for a total war (invasion) relative to a limited attack. Assumption.",
        "assumption",
        domain=_POS,
    ),
    # ----------------------------------------------------------------- deterrence
    Parameter(
        "deterrence.miles_per_day",
        250.0,
        125.0,
        500.0,
        "Loss-of-strength gradient: miles a state can project power per day (BdM 1981 form; 250 "
        "for the modern era as in EUGene). Range an assumption.",
        "bdm_1981, bennett_stam_2000",
        "miles per day",
        (1e-9, math.inf),
    ),
    Parameter(
        "deterrence.contest.m",
        1.0,
        0.5,
        2.0,
        "Exponent of the Tullock contest success function (1: the ratio form; large: winner "
        "takes all). Range an assumption.",
        "tullock_1980",
        "exponent",
        (1e-9, math.inf),
    ),
    Parameter(
        "deterrence.counterattack.trigger",
        0.5,
        0.2,
        0.9,
        "Probability that the war reaches the aggressor's own territory (the defenders' "
        "counter-attack), which is what triggers its allies' defence obligations (PRC-DPRK art. II "
        "binds the DPRK only if China is attacked). Assumption.",
        "assumption",
        "probability",
        _P,
    ),
    # ---------------------------------------------- the estimated models' own assumptions
    Parameter(
        "estimated.conditions_met",
        0.5,
        0.2,
        0.8,
        "Estimated crisis models: probability that a casus foederis the event leaves open "
        "(a 'defend if' obligation) is judged met, in which case the ally behaves as a bound "
        "ally (the honouring model), otherwise as an unbound state (the joining model). No data "
        "code how open conditions were read. Assumption.",
        "assumption",
        "probability",
        _P,
    ),
    Parameter(
        "estimated.decision_sd",
        0.1,
        0.05,
        0.25,
        "Estimated crisis models: standard deviation of the aggressor's private payoff shock "
        "(strategic probit): it attacks when EU + e > 0, so P(deterred) = Phi(-EU / sd). The "
        "War Trap EU of the estimated outcome model lies within a few tenths of 0, and a hard "
        "threshold would turn estimation noise into verdicts. Scale an assumption.",
        "signorino_1999, bdm_1981",
        "utility",
        (1e-9, math.inf),
    ),
)

_BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}
if len(_BY_NAME) != len(PARAMETERS):  # pragma: no cover - a programming error
    raise RuntimeError("two parameters share a name")

ParameterSet = Mapping[str, Parameter]
"""Parameters by name, as :func:`resolve` returns them (in registry order)."""


def get(name: str) -> Parameter:
    """The registered parameter ``name`` (an :class:`InputError` suggests close names)."""
    if name not in _BY_NAME:
        close = difflib.get_close_matches(name, list(_BY_NAME), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see foedus.parameters.PARAMETERS"
        raise InputError(f"unknown parameter {name!r}", hint=hint)
    return _BY_NAME[name]


def resolve(overrides: Mapping[str, Any] | None = None) -> dict[str, Parameter]:
    """The registry with ``overrides`` applied and validated.

    Parameters
    ----------
    overrides : mapping, optional
        ``name -> value`` pins the parameter at ``value``; ``name -> (default, low, high)``
        sets its default and range.

    Raises
    ------
    InputError
        Unknown name; a value that is not a number; a value outside the parameter's domain
        (a probability outside [0, 1], a coefficient of the wrong sign); a range that does
        not contain its default.
    """
    out = dict(_BY_NAME)
    for name, value in (overrides or {}).items():
        base = get(name)
        if isinstance(value, Parameter):
            value = (value.default, value.low, value.high)
        if isinstance(value, (list, tuple)):
            if len(value) != 3:
                raise InputError(
                    f"parameter {name}: expected a number or (default, low, high), got {value!r}"
                )
            d, lo, hi = (_number(name, v) for v in value)
        else:
            d = lo = hi = _number(name, value)
        out[name] = replace(base, default=d, low=lo, high=hi)
    return out


def _number(name: str, v: Any) -> float:
    if isinstance(v, bool):
        raise InputError(f"parameter {name}: expected a number, got {v!r}")
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise InputError(f"parameter {name}: expected a number, got {v!r}") from None
    if not math.isfinite(x):
        raise InputError(f"parameter {name}: expected a finite number, got {v!r}")
    return x


def sample(params: ParameterSet, uniforms: np.ndarray) -> np.ndarray:
    """Split-uniform draws of every parameter, one column per parameter in ``params`` order.

    ``uniforms`` is an ``(n, len(params))`` array of U(0, 1) numbers; below 1/2 it maps
    onto ``[low, default]``, above onto ``[default, high]`` (median = default).
    """
    ps = list(params.values())
    u = np.asarray(uniforms, dtype=float)
    lo = np.array([p.low for p in ps])
    d = np.array([p.default for p in ps])
    hi = np.array([p.high for p in ps])
    # arithmetic rather than np.where: several times faster on broadcast operands
    return d + (2.0 * u - 1.0) * ((hi - d) + (u < 0.5) * ((d - lo) - (hi - d)))


def defaults(params: ParameterSet) -> dict[str, float]:
    """``{name: default}`` (for provenance)."""
    return {k: p.default for k, p in params.items()}


def markdown_table(params: ParameterSet | None = None, prefix: str | None = None) -> str:
    """The parameters as a Markdown table (the docs page embeds this output).

    Parameters
    ----------
    params : mapping, optional
        The parameters to list, by name (default: every registered parameter, in
        registry order).
    prefix : str, optional
        List only the parameters whose dotted name starts with ``prefix``, e.g.
        ``"crisis."`` (the crisis response model's page) or ``"deterrence."`` (the
        deterrence page). ``None`` lists them all.

    Returns
    -------
    str
        A header row, a separator row and one row per parameter: name, default, range
        (``fixed`` when ``low == high``), unit, meaning and source. A ``|`` inside a cell
        is escaped as ``\\|`` so that it does not end the cell.

    Raises
    ------
    InputError
        If ``prefix`` is given and no parameter's name starts with it (a typo, say).

    Examples
    --------
    >>> markdown_table(prefix="deterrence.").count("| `deterrence.")
    3
    """
    params = params if params is not None else _BY_NAME
    rows = [p for p in params.values() if prefix is None or p.name.startswith(prefix)]
    if prefix is not None and not rows:
        families = sorted({p.name.split(".")[0] + "." for p in params.values()})
        raise InputError(
            f"prefix {prefix!r}: no parameter name starts with it", hint=f"use one of {', '.join(families)}"
        )
    lines = [
        "| parameter | default | range | unit | meaning | source |",
        "|---|---|---|---|---|---|",
    ]
    for p in rows:
        rng = "fixed" if p.fixed else f"[{p.low:g}, {p.high:g}]"
        cells = (f"`{p.name}`", f"{p.default:g}", rng, p.unit, p.description, p.source)
        # a literal | (|x_k - x_adversary|) would end the cell: escape it
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)
