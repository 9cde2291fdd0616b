"""Treaties as code: who owes what to whom, under which conditions, with which limits.

A :class:`Treaty` is a validated, frozen specification, written in YAML by a user or
built from ATOP, and faithful to the ATOP 5.1 codebook (Leeds 2022):

- its **dates**: the years it was signed, entered into force and ended (a proposal has none,
  and so holds in whichever year it is studied);
- **members**, with the year they joined and left;
- **obligations** by kind, as ATOP distinguishes them: ``defence`` (active military
  support if an ally's sovereignty or territory is attacked), ``offence`` (active support
  in other circumstances), ``neutrality`` (not to join the ally's adversary),
  ``non_aggression`` (not to use force against the ally) and ``consultation`` (to consult
  in a militarised crisis). Each may be asymmetric (``by`` / ``to``) and conditional;
- **conditions**, ATOP's DEFCOLOC / DEFCOADV / DEFCONUM / DEFCODEM / DEFCONPR, as typed
  predicates over an event: where the attack happens (the member's territory, territory
  under its administration, its forces, the Pacific area, named places), by whom, how
  many attackers, on request of the attacked party, unprovoked; plus the kinds and
  severity of attack that trigger it. A condition ATOP records without its details
  (an imported treaty) is ``unspecified`` and evaluates as *unknown*;
- the **response clause**: ``automatic``, ``as_it_deems_necessary`` (NATO art. 5),
  ``constitutional_processes`` (ANZUS art. IV, US–Japan art. V, US–ROK art. III);
- **depth** (ATOP's INTCOM, BASE, MILAID, ORGAN1, CONTRIB) and the **decision rule**;
- member **reservations**: legal limits on using force for others (Japan's
  "survival-threatening situation", a non-alignment policy), each with its source and,
  where the outcome is uncertain, the probability that force is lawful;
- **commitments** such as a defence-spending target.

Nothing in a file is evaluated as code: conditions are data, read by
:mod:`foedus.obligations`.

States are written as COW abbreviations, names or codes and stored as COW codes; the
validation context supplies the resolver (by default the embedded default world).

References: Leeds et al. (2002); Leeds (2022), ATOP codebook v5.1;
Government of Japan (2015), Legislation for Peace and Security.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import IntEnum
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from foedus.errors import FoedusError, InputError

if TYPE_CHECKING:
    from foedus.world import World

ObligationKind = Literal["defence", "offence", "neutrality", "non_aggression", "consultation"]
Response = Literal["automatic", "as_it_deems_necessary", "constitutional_processes"]
LocationClass = Literal[
    "member_territory",  # the attacked member's own territory (metropolitan or island, undisputed)
    "administered_territory",  # territory under the attacked member's administration, disputed or not
    "member_forces",  # the attacked member's armed forces, public vessels or aircraft
    "anywhere",
]
Area = Literal["pacific", "anywhere"]
AttackKind = Literal["armed_attack", "blockade", "attack_on_forces", "grey_zone"]
Unspecified = Literal["location", "adversary", "conflict", "number", "demand", "provocation", "other"]


class Severity(IntEnum):
    """How grave an event is; conditions may require a least severity."""

    grey_zone = 0
    limited = 1
    major = 2
    total = 3


SeverityName = Literal["grey_zone", "limited", "major", "total"]

# Obligations in order of strength: used to report a member's strongest applicable one.
STRENGTH: dict[str, int] = {
    "defence": 4,
    "offence": 3,
    "consultation": 2,
    "neutrality": 1,
    "non_aggression": 0,
}

_FROZEN = ConfigDict(extra="forbid", frozen=True)


@cache
def _default_world() -> World:
    """The embedded default world, built once for look-ups (never handed to users to mutate)."""
    from foedus.world import World

    return World.default()


def _resolver(info: ValidationInfo) -> Callable[[str | int], int]:
    ctx = info.context or {}
    if "resolve" in ctx:
        return ctx["resolve"]
    world = _default_world()
    return lambda q: world.lookup(q).ccode


def _resolve_states(value: Any, info: ValidationInfo) -> Any:
    if value is None or value == "all":
        return value
    if isinstance(value, (str, int)):
        value = [value]
    resolve = _resolver(info)
    out = []
    for v in value:
        try:
            out.append(resolve(v))
        except FoedusError as exc:
            raise ValueError(str(exc)) from None
    return tuple(out)


class Conditions(BaseModel):
    """When an obligation applies: every condition given must hold (a conjunction).

    ``location`` lists location classes relative to the attacked member, any one of which
    suffices; ``administered_by`` requires the place to be under one of these states'
    administration (US–Japan art. V: "territories under the administration of Japan");
    ``places`` requires one of these gazetteer places; ``area: pacific`` the Pacific area;
    ``target`` and ``adversary`` restrict the attacked and attacking states. A clause with
    alternative locations of different kinds is written as two obligations.
    """

    model_config = _FROZEN

    location: tuple[LocationClass, ...] | None = None
    administered_by: tuple[int, ...] | None = None
    places: tuple[str, ...] | None = None
    target: tuple[int, ...] | None = None
    area: Area = "anywhere"
    treaty_area: str | None = None  # a treaty area the gazetteer cannot decide (evaluates as unknown)
    adversary: tuple[int, ...] | None = None
    attack_kinds: tuple[AttackKind, ...] | None = None
    severity_at_least: SeverityName | None = None
    min_attackers: int | None = Field(None, ge=1)
    max_attackers: int | None = Field(None, ge=1)
    on_request: bool = False
    not_provoked: bool = False
    unspecified: tuple[Unspecified, ...] = ()

    _states = field_validator("adversary", "administered_by", "target", mode="before")(_resolve_states)

    @model_validator(mode="after")
    def _can_hold(self) -> Conditions:
        if self.min_attackers and self.max_attackers and self.min_attackers > self.max_attackers:
            raise ValueError(
                f"min_attackers {self.min_attackers} > max_attackers {self.max_attackers}: "
                "the condition can never hold"
            )
        for name in ("location", "places", "attack_kinds", "adversary", "administered_by", "target"):
            v = getattr(self, name)
            if v is not None and len(v) == 0:
                raise ValueError(
                    f"{name} is an empty list: the condition can never hold (omit it to drop it)"
                )
        return self


class Obligation(BaseModel):
    """One promise: ``by`` members owe ``kind`` to ``to`` members, under ``conditions``."""

    model_config = _FROZEN

    kind: ObligationKind
    by: Literal["all"] | tuple[int, ...] = "all"
    to: Literal["all"] | tuple[int, ...] = "all"
    conditions: Conditions = Conditions()
    response: Response | None = None
    article: str | None = None
    text: str | None = None
    interpretation: str | None = None  # how the parties have read the clause (quoted in reasons)

    _states = field_validator("by", "to", mode="before")(_resolve_states)

    @model_validator(mode="after")
    def _response_fits_kind(self) -> Obligation:
        if self.response is not None and self.kind not in ("defence", "offence"):
            raise ValueError(f"a response clause belongs to defence or offence obligations, not {self.kind}")
        return self


class Member(BaseModel):
    """A member state and the years it joined and left (``None``: from the start / still in)."""

    model_config = _FROZEN

    state: int
    joined: int | None = None
    left: int | None = None

    @field_validator("state", mode="before")
    @classmethod
    def _state(cls, v: Any, info: ValidationInfo) -> int:
        return _resolve_states(v, info)[0]

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        return {"state": data} if isinstance(data, (str, int)) else data

    def in_force(self, year: int | None) -> bool:
        if year is None:
            return True
        return (self.joined is None or self.joined <= year) and (self.left is None or year <= self.left)


class Reservation(BaseModel):
    """A member's legal limit on using force for others.

    Attributes
    ----------
    name : str
        E.g. ``survival_threatening`` (Japan, 2015 legislation), ``non_alignment``.
    limits : {"force", "all"}
        What it restricts: the use of force (consultation is still owed) or every action.
    unless : Conditions, optional
        When these hold the limit does not apply (an attack on the member itself is
        individual self-defence, not the use of force for others).
    probability : float
        Probability that force is lawful when the limit applies: 0 forbids force; a value
        in between is the chance the legal test is met (an assumption that crisis
        simulations sample, within ``probability_range``).
    source : str
        The law, policy or statement that sets the limit.
    """

    model_config = _FROZEN

    name: str
    limits: Literal["force", "all"] = "force"
    unless: Conditions | None = None
    probability: float = Field(0.0, ge=0.0, le=1.0)
    probability_range: tuple[float, float] | None = None
    source: str

    @model_validator(mode="after")
    def _range(self) -> Reservation:
        r = self.probability_range
        if r is not None and not (0 <= r[0] <= self.probability <= r[1] <= 1):
            raise ValueError(
                f"probability_range {r} must lie in [0, 1] and contain probability {self.probability}"
            )
        return self


class Depth(BaseModel):
    """ATOP's institutional provisions (Leeds & Anac 2005)."""

    model_config = _FROZEN

    integrated_command: bool = False  # INTCOM
    bases: bool = False  # BASE
    military_aid: bool = False  # MILAID
    organisation: bool = False  # ORGAN1
    contributions: bool = False  # CONTRIB


class DecisionRule(BaseModel):
    """How the alliance decides collectively."""

    model_config = _FROZEN

    kind: Literal["consensus", "qualified_majority", "each_member"] = "each_member"
    weights: dict[int, float] | None = None
    quota: float | None = None

    @model_validator(mode="before")
    @classmethod
    def _short_form(cls, data: Any) -> Any:
        return {"kind": data} if isinstance(data, str) else data

    @field_validator("weights", mode="before")
    @classmethod
    def _weights(cls, v: Any, info: ValidationInfo) -> Any:
        if v is None:
            return v
        resolve = _resolver(info)
        return {resolve(k): w for k, w in dict(v).items()}

    @model_validator(mode="after")
    def _quota(self) -> DecisionRule:
        if self.kind == "qualified_majority":
            if not self.weights or self.quota is None:
                raise ValueError("a qualified_majority rule needs weights and a quota")
            if not 0 < self.quota <= sum(self.weights.values()):
                raise ValueError(
                    f"quota {self.quota} must be > 0 and at most the total weight "
                    f"{sum(self.weights.values())}"
                )
        return self


class Commitments(BaseModel):
    """Burden commitments."""

    model_config = _FROZEN

    defence_spending_share_of_gdp: float | None = Field(None, ge=0.0, le=1.0)


class Treaty(BaseModel):
    """An alliance treaty (see the module docstring)."""

    model_config = _FROZEN

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    name: str
    signed: int | None = None  # the year signed (an arrangement without a treaty: launched)
    in_force: int | None = None  # the year it entered into force (None: as signed, or not known)
    ended: int | None = None  # the last year it was in force (None: still in force)
    members: tuple[Member, ...]
    obligations: tuple[Obligation, ...]
    depth: Depth = Depth()
    decision_rule: DecisionRule = DecisionRule()
    reservations: dict[int, tuple[Reservation, ...]] = {}
    commitments: Commitments = Commitments()
    sources: tuple[str, ...] = ()
    atopid: int | None = None
    notes: str | None = None

    @field_validator("reservations", mode="before")
    @classmethod
    def _reservation_keys(cls, v: Any, info: ValidationInfo) -> Any:
        resolve = _resolver(info)
        out = {}
        for k, items in dict(v or {}).items():
            try:
                code = resolve(k)
            except FoedusError as exc:
                raise ValueError(str(exc)) from None
            out[code] = [items] if isinstance(items, dict) else items
        return out

    @model_validator(mode="after")
    def _consistent(self) -> Treaty:
        given = ("signed", "in_force", "ended")
        dates = [(k, getattr(self, k)) for k in given if getattr(self, k) is not None]
        for (a, x), (b, y) in pairwise(dates):
            if x > y:
                raise ValueError(f"{a} ({x}) is after {b} ({y}): the dates go signed, in_force, ended")
        codes = [m.state for m in self.members]
        if len(set(codes)) != len(codes):
            raise ValueError("a state is listed twice among members")
        if len(codes) < 2:
            raise ValueError("a treaty needs at least two members")
        member_set = set(codes)
        for i, ob in enumerate(self.obligations):
            for side in ("by", "to"):
                val = getattr(ob, side)
                if val != "all":
                    outside = [c for c in val if c not in member_set]
                    if outside:
                        raise ValueError(
                            f"obligations[{i}].{side} names non-member(s) {outside}: "
                            "an obligation binds members toward members"
                        )
        for code in self.reservations:
            if code not in member_set:
                raise ValueError(f"a reservation is given for {code}, which is not a member")
        return self

    def to_spec(self, names: Mapping[int, str]) -> dict[str, Any]:
        """The treaty as a treaty file writes it: states as COW abbreviations (``names``:
        code -> abbreviation), defaults left out; :func:`load_treaty` reads it back.

        >>> t = Treaty(id="x", name="X", members=[2, 740], obligations=[{"kind": "defence", "by": [2]}])
        >>> t.to_spec({2: "USA", 740: "JPN"})["obligations"]
        [{'kind': 'defence', 'by': ['USA']}]
        """
        d = self.model_dump(mode="json", exclude_defaults=True)

        def abb(c: Any) -> Any:
            return names.get(int(c), c) if isinstance(c, int) or (isinstance(c, str) and c.isdigit()) else c

        d["members"] = [abb(m["state"]) if set(m) == {"state"} else {**m, "state": abb(m["state"])}
                        for m in d.get("members", [])]  # fmt: skip
        for ob in d.get("obligations", []):
            for side in ("by", "to"):
                if isinstance(ob.get(side), list):
                    ob[side] = [abb(c) for c in ob[side]]
            cond = ob.get("conditions", {})
            for k in ("administered_by", "target", "adversary"):
                if isinstance(cond.get(k), list):
                    cond[k] = [abb(c) for c in cond[k]]
        if "reservations" in d:
            d["reservations"] = {abb(k): v for k, v in d["reservations"].items()}
        rule = d.get("decision_rule")
        if isinstance(rule, dict) and isinstance(rule.get("weights"), dict):
            rule["weights"] = {abb(k): v for k, v in rule["weights"].items()}
        if isinstance(rule, dict) and set(rule) == {"kind"}:
            d["decision_rule"] = rule["kind"]
        return d

    @classmethod
    def from_atop(cls, atopid: int, year: int | None = None, phase: int | None = None) -> Treaty:
        """The treaty ATOP 5.1 codes as alliance ``atopid``, in force in ``year`` or in ``phase``.

        The arguments, the mapping from ATOP's variables and what is refused (an unknown
        atopid or phase, a year before 1815 or outside the alliance) are those of
        :func:`foedus.atop_treaty.atop_spec`. Without the ATOP files, an alliance among the
        default world's states in force in 2018 is built from the specs shipped with that world
        (for 2018 or later, latest phase); any other is a ``DataError`` (``foedus data fetch atop``).

        Examples
        --------
        >>> t = Treaty.from_atop(3375, 2018)                        # doctest: +SKIP
        >>> [(ob.kind, ob.by) for ob in t.obligations][:2]          # doctest: +SKIP
        [('defence', (2,)), ('non_aggression', (2,))]
        """
        from foedus import atop_treaty
        from foedus.errors import DataMissingError

        try:
            data = atop_treaty.atop_spec(atopid, year=year, phase=phase)
            context = {"resolve": atop_treaty.resolver()}
        except DataMissingError:
            # Without the ATOP files, the alliances among the default world's states still
            # answer from the specs shipped with it (its members resolve in that world).
            shipped = atop_treaty.embedded_spec(atopid, year=year, phase=phase)
            if shipped is None:
                raise
            data, context = shipped, None
        try:
            return cls.model_validate(data, context=context)
        except FoedusError:
            raise
        except ValueError as exc:  # pydantic's ValidationError: the data break a spec rule
            raise InputError(f"ATOP alliance {atopid} does not convert to a treaty spec: {exc}") from None

    # ------------------------------------------------------------------ queries
    def in_force_in(self, year: int) -> bool:
        """Whether the treaty is in force in ``year`` (the first and last years count).

        It starts in ``in_force`` (``signed`` when the file gives only that) and runs to
        ``ended``; a treaty without dates (a proposal) is in force in any year.

        Examples
        --------
        >>> t = Treaty(id="mdt", name="MDT", signed=1951, in_force=1952, members=[2, 840], obligations=[])
        >>> t.in_force_in(1951), t.in_force_in(1952), t.in_force_in(2022)
        (False, True, True)
        """
        start = self.in_force if self.in_force is not None else self.signed
        return (start is None or start <= year) and (self.ended is None or year <= self.ended)

    def dates(self) -> str:
        """The dates in words: ``signed 1951, in force from 1952`` (empty when there are none)."""
        labels = (("signed", self.signed), ("in force from", self.in_force), ("ended", self.ended))
        return ", ".join(f"{label} {value}" for label, value in labels if value is not None)

    def member_codes(self, year: int | None = None) -> tuple[int, ...]:
        """COW codes of the members (in force in ``year`` if given)."""
        return tuple(m.state for m in self.members if m.in_force(year))

    def owes(self, ob: Obligation, year: int | None = None) -> tuple[int, ...]:
        """The members bound by obligation ``ob``."""
        members = self.member_codes(year)
        return members if ob.by == "all" else tuple(c for c in ob.by if c in members)

    def owed(self, ob: Obligation, year: int | None = None) -> tuple[int, ...]:
        """The members ``ob`` protects."""
        members = self.member_codes(year)
        return members if ob.to == "all" else tuple(c for c in ob.to if c in members)


def treaties_in_force(state: str | int, year: int) -> list[Treaty]:
    """The ATOP alliances ``state`` belongs to in ``year``, as treaties (by atopid).

    ``state`` and ``year`` as :func:`foedus.atop_treaty.memberships` takes them (which also
    says what it refuses).
    """
    from foedus.atop_treaty import memberships
    from foedus.data.atop import ATOP_LAST_YEAR

    out = []
    for atopid, code, phase in memberships(state, year):
        t = Treaty.from_atop(atopid, year)
        if code not in t.member_codes(min(year, ATOP_LAST_YEAR)):
            # the state's phase ended in the year another began without it
            t = Treaty.from_atop(atopid, year, phase=phase)
        out.append(t)
    return out


def resolve_anywhere(query: str | int) -> int:
    """Resolve a state in the default world, or in the full state list when the data are there.

    The default world holds the Indo-Pacific and the major powers; treaties among other
    states (NATO) need the COW state list from the data folder.
    """
    try:
        return _default_world().lookup(query).ccode
    except FoedusError as not_in_default:
        from foedus.data.states import StateSystem

        try:
            system = StateSystem.from_data()
        except FoedusError:
            raise not_in_default from None  # no datasets: the default world's answer stands
        return system.lookup(query).ccode


def load_treaty(path: str | Path, resolve: Callable[[str | int], int] | None = None) -> Treaty:
    """Read and validate a treaty YAML file.

    Parameters
    ----------
    path : path
    resolve : callable, optional
        Maps a state as written to its COW code (default: look it up in the embedded
        default world).

    Raises
    ------
    InputError
        Naming the file, the line, the key and what was expected.
    """
    from foedus.specfile import read_yaml, validate

    data, lines = read_yaml(path)
    context = {"resolve": resolve} if resolve else None
    return validate(Treaty, data, str(path), lines, context)
