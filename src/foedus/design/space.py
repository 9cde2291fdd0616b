"""The design space: which pacts may be written, as a frozen specification read from YAML.

A :class:`DesignSpace` names the candidate members, the obligation types, the scopes (named
sets of :class:`~foedus.treaty.Conditions`), the clauses that can be switched on and the
constraints a design must meet. A point of the space (:class:`DesignPoint`: members,
obligation, scope, clauses) becomes a :class:`~foedus.treaty.Treaty` with
:meth:`DesignSpace.treaty`; every feasible point yields a valid treaty.

**Canonical points.** A clause that does nothing under a point's obligation (a response
clause, an opt-out, a reservation, an integrated command or a spending target under a pact
that promises no defence; a scope or a trigger under a neutrality or non-aggression pledge,
which hold whatever and wherever the attack) is dropped, and a requirement for such a clause
counts as met: a consultation pact needs no constitutional-process clause. Two encodings of
the same pact are therefore one point, and exhaustive search enumerates each pact once.

**Encoding** (for the evolutionary search): one 0/1 gene per candidate member, the index of
the obligation, the index of the scope, one 0/1 gene per clause (:meth:`DesignSpace.decode`).

The file (``scenarios/asian-nato-space.yaml`` is the shipped example)::

    name: asian-nato-space
    base: hub_and_spoke          # the scenario design the pact is added to
    id: pact                     # the id prefix of the generated treaties
    members: {always: [], candidates: [USA, JPN, ROK, AUL, PHI]}
    obligations: [defence, consultation, neutrality]
    scopes:
      territory: {location: [member_territory, administered_territory]}
    clauses:
      constitutional_processes: {response: constitutional_processes}
      armed_attack_only: {attack_kinds: [armed_attack]}
      asean_opt_out: {opt_out: [PHI]}
    constraints:
      min_members: 3
      requires: [{member: JPN, clause: constitutional_processes}]
    positions: {defence: 75, consultation: 25, ...}      # on the adoption issue's scale
    acceptance: {issue: asian-nato-adoption.yaml, tolerance: 25, softness: 5, actors: {...}}
    cost: {defence_target: 0.02}

Examples
--------
>>> space = DesignSpace.model_validate({
...     "name": "tiny", "base": "hub_and_spoke",
...     "members": {"candidates": ["USA", "JPN", "AUL"]},
...     "obligations": ["defence", "consultation"],
...     "scopes": {"territory": {"location": ["member_territory", "administered_territory"]}},
...     "constraints": {"min_members": 2}})
>>> points = space.points()
>>> len(points), space.treaty(points[0]).members[0].state
(8, 740)
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from foedus.errors import FoedusError, InputError
from foedus.treaty import AttackKind, Conditions, Depth, ObligationKind, Reservation, Response, Treaty

__all__ = ["DesignPoint", "DesignSpace", "load_space"]

_FROZEN = ConfigDict(extra="forbid", frozen=True)
# clauses that change only a defence obligation
_DEFENCE_ONLY = ("response", "opt_out", "reservations", "spending_target", "depth")


class Clause(BaseModel):
    """A clause that can be switched on: what it changes in the generated treaty."""

    model_config = _FROZEN

    description: str | None = None
    response: Response | None = None  # the defence obligation's response clause
    attack_kinds: tuple[AttackKind, ...] | None = None  # the obligation covers only these attacks
    severity_at_least: str | None = None
    opt_out: tuple[str, ...] = ()  # these members owe consultation only, not defence
    exclude: tuple[str, ...] = ()  # these members are not protected by the main obligation
    reservations: dict[str, tuple[Reservation, ...]] = {}
    depth: Depth | None = None
    spending_target: float | None = Field(None, ge=0.0, le=1.0)

    def defence_only(self) -> bool:
        """Whether the clause changes nothing but a defence obligation."""
        return not (self.attack_kinds or self.severity_at_least or self.exclude) and any(
            getattr(self, k) for k in _DEFENCE_ONLY
        )


class Requirement(BaseModel):
    """``member`` may join only with ``clause`` on (or only under one of ``obligations``)."""

    model_config = _FROZEN

    member: str
    clause: str | None = None
    obligations: tuple[ObligationKind, ...] | None = None


class Constraints(BaseModel):
    model_config = _FROZEN

    min_members: int = Field(2, ge=2)
    max_members: int | None = Field(None, ge=2)
    requires: tuple[Requirement, ...] = ()
    excludes: tuple[tuple[str, str], ...] = ()  # pairs of members that will not sit together


class Members(BaseModel):
    model_config = _FROZEN

    always: tuple[str, ...] = ()
    candidates: tuple[str, ...]


class Acceptance(BaseModel):
    """How acceptance is read from the adoption issue (see :mod:`foedus.design.objectives`)."""

    model_config = _FROZEN

    issue: str | None = None  # the adoption issue file, relative to the space file
    status_quo: float = 0.0  # the reversion point on the issue's scale: no pact
    tolerance: float = Field(10.0, ge=0)  # how much worse than no pact an ally will still sign
    softness: float = Field(5.0, gt=0)  # logistic scale of the ratification rule
    actors: dict[str, tuple[str, ...]] = {}  # member -> the actors whose assent it needs


class Cost(BaseModel):
    model_config = _FROZEN

    defence_target: float | None = Field(0.02, ge=0.0, le=1.0)  # implied by a defence pact


DEFAULT_POSITIONS = {
    "non_aggression": 5.0,
    "neutrality": 10.0,
    "consultation": 25.0,
    "offence": 75.0,
    "defence": 75.0,
    "constitutional_processes": -25.0,
    "integrated_command": 25.0,
}


@dataclass(frozen=True, order=True)
class DesignPoint:
    """One design: members (abbreviations, in the space's order), obligation, scope, clauses."""

    members: tuple[str, ...]
    obligation: str
    scope: str
    clauses: tuple[str, ...] = ()

    def label(self) -> str:
        """A short name: ``defence of USA+JPN+ROK (territory; constitutional_processes)``."""
        extra = "; ".join((self.scope, *self.clauses))
        return f"{self.obligation} of {'+'.join(self.members)} ({extra})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "members": list(self.members),
            "obligation": self.obligation,
            "scope": self.scope,
            "clauses": list(self.clauses),
        }


class DesignSpace(BaseModel):
    """The space of pact designs (see the module docstring for the file format).

    Attributes
    ----------
    name : str
    base : str
        The scenario design every pact is added to (its treaties stay in force).
    id : str
        Prefix of the generated treaties' ids.
    members, obligations, scopes, clauses, constraints
        The choices and the rules a design must follow.
    positions : dict
        Where a pact sits on the adoption issue's scale: the strongest obligation's value plus
        the shifts of a ``constitutional_processes`` response and an integrated command.
    acceptance, cost
        The parameters of those objectives.
    source : str
        The file read (for messages).
    """

    model_config = _FROZEN

    name: str
    description: str | None = None
    base: str
    id: str = Field("pact", pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    members: Members
    obligations: tuple[ObligationKind, ...] = Field(min_length=1)
    scopes: dict[str, Conditions] = Field(min_length=1)
    clauses: dict[str, Clause] = {}
    constraints: Constraints = Constraints()
    positions: dict[str, float] = {}
    acceptance: Acceptance = Acceptance()
    cost: Cost = Cost()
    source: str = "<design space>"

    @model_validator(mode="after")
    def _coherent(self) -> DesignSpace:
        known = set(self.members.candidates) | set(self.members.always)
        if set(self.members.candidates) & set(self.members.always):
            raise ValueError("members: a state is both 'always' and a candidate")
        for r in self.constraints.requires:
            if r.member not in known:
                raise ValueError(f"constraints.requires: {r.member!r} is not a candidate member")
            if r.clause is not None and r.clause not in self.clauses:
                raise ValueError(f"constraints.requires: unknown clause {r.clause!r}")
        for a, b in self.constraints.excludes:
            if not {a, b} <= known:
                raise ValueError(f"constraints.excludes: ({a}, {b}) names a state that is not a member")
        for name, c in self.clauses.items():
            for s in (*c.opt_out, *c.exclude, *c.reservations):
                if s not in known:
                    raise ValueError(f"clauses.{name}: {s!r} is not a candidate member")
        if len(known) < self.constraints.min_members:
            raise ValueError(
                f"constraints.min_members is {self.constraints.min_members} but only {len(known)} "
                "states may join"
            )
        unknown = set(self.positions) - set(DEFAULT_POSITIONS)
        if unknown:
            raise ValueError(
                f"positions: unknown key(s) {sorted(unknown)}; known: {sorted(DEFAULT_POSITIONS)}"
            )
        return self

    # ------------------------------------------------------------------ points
    @property
    def n_genes(self) -> int:
        return len(self.members.candidates) + 2 + len(self.clauses)

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Lower and upper bounds of each gene (integers)."""
        k, c = len(self.members.candidates), len(self.clauses)
        lo = np.zeros(self.n_genes, dtype=int)
        hi = np.r_[np.ones(k), len(self.obligations) - 1, len(self.scopes) - 1, np.ones(c)].astype(int)
        return lo, hi

    def decode(self, x: Sequence[int]) -> DesignPoint:
        """The canonical point a gene vector encodes."""
        x = [int(v) for v in x]
        k = len(self.members.candidates)
        chosen = [m for m, g in zip(self.members.candidates, x[:k], strict=True) if g]
        members = (*self.members.always, *chosen)
        obligation = self.obligations[min(max(x[k], 0), len(self.obligations) - 1)]
        scope = list(self.scopes)[min(max(x[k + 1], 0), len(self.scopes) - 1)]
        clauses = tuple(c for c, g in zip(self.clauses, x[k + 2 :], strict=True) if g)
        return self.canonical(DesignPoint(members, obligation, scope, clauses))

    def encode(self, p: DesignPoint) -> np.ndarray:
        """The gene vector of a point."""
        genes = [int(m in p.members) for m in self.members.candidates]
        genes += [self.obligations.index(p.obligation), list(self.scopes).index(p.scope)]
        genes += [int(c in p.clauses) for c in self.clauses]
        return np.array(genes, dtype=int)

    def canonical(self, p: DesignPoint) -> DesignPoint:
        """Drop the clauses that do nothing under the point (see the module docstring)."""
        defence = p.obligation in ("defence", "offence")
        members = set(p.members)
        keep = []
        for c in p.clauses:
            cl = self.clauses[c]
            if cl.defence_only() and not defence:
                continue
            named = (*cl.opt_out, *cl.exclude, *cl.reservations)
            if named and not cl.depth and not cl.attack_kinds and not (set(named) & members):
                continue  # a clause about states that are not in the pact
            keep.append(c)
        order = [m for m in (*self.members.always, *self.members.candidates) if m in members]
        scope = p.scope
        if p.obligation in ("neutrality", "non_aggression"):
            # a pledge not to join or attack holds whatever and wherever the attack
            scope, keep = next(iter(self.scopes)), [c for c in keep if not self._conditional(c)]
        return DesignPoint(tuple(order), p.obligation, scope, tuple(keep))

    def _conditional(self, clause: str) -> bool:
        c = self.clauses[clause]
        return bool(c.attack_kinds or c.severity_at_least or c.exclude)

    def violations(self, p: DesignPoint) -> list[str]:
        """The constraints ``p`` breaks (empty: feasible)."""
        out = []
        n = len(p.members)
        cons = self.constraints
        if n < cons.min_members:
            out.append(f"fewer than {cons.min_members} members")
        if cons.max_members is not None and n > cons.max_members:
            out.append(f"more than {cons.max_members} members")
        defence = p.obligation in ("defence", "offence")
        for r in cons.requires:
            if r.member not in p.members:
                continue
            if r.obligations is not None and p.obligation not in r.obligations:
                out.append(f"{r.member} only under {', '.join(r.obligations)}")
            if r.clause is not None and r.clause not in p.clauses:
                if self.clauses[r.clause].defence_only() and not defence:
                    continue  # the clause has nothing to change: the requirement is met
                out.append(f"{r.member} only with {r.clause}")
        for a, b in cons.excludes:
            if a in p.members and b in p.members:
                out.append(f"{a} and {b} not together")
        if defence:
            opted = {s for c in p.clauses for s in self.clauses[c].opt_out}
            if len([m for m in p.members if m not in opted]) < 1:
                out.append("every member opted out of defence")
        excluded = {s for c in p.clauses for s in self.clauses[c].exclude}
        if len([m for m in p.members if m not in excluded]) < 1:
            out.append("every member excluded from protection")
        return out

    def feasible(self, p: DesignPoint) -> bool:
        return not self.violations(p)

    def iter_points(self) -> Iterator[DesignPoint]:
        """Every feasible canonical point, each once, in a fixed order."""
        seen: set[DesignPoint] = set()
        k = len(self.members.candidates)
        for genes in itertools.product(
            itertools.product((0, 1), repeat=k),
            range(len(self.obligations)),
            range(len(self.scopes)),
            itertools.product((0, 1), repeat=len(self.clauses)),
        ):
            p = self.decode([*genes[0], genes[1], genes[2], *genes[3]])
            if p in seen or not self.feasible(p):
                continue
            seen.add(p)
            yield p

    def points(self, limit: int | None = None) -> list[DesignPoint]:
        """:meth:`iter_points` as a list (an :class:`InputError` past ``limit`` points)."""
        out = []
        for p in self.iter_points():
            out.append(p)
            if limit is not None and len(out) > limit:
                raise InputError(
                    f"{self.source}: the space holds more than {limit} designs",
                    hint="search it with the evolutionary method (method='nsga2')",
                )
        return out

    @property
    def size(self) -> int:
        """The number of gene vectors (an upper bound on the distinct feasible points)."""
        return (
            2 ** len(self.members.candidates)
            * len(self.obligations)
            * len(self.scopes)
            * 2 ** len(self.clauses)
        )

    # ------------------------------------------------------------------ treaties
    def position(self, treaty: Treaty) -> float:
        """Where a treaty sits on the adoption issue's scale (see :attr:`positions`)."""
        pos = {**DEFAULT_POSITIONS, **self.positions}
        kinds = [ob.kind for ob in treaty.obligations]
        if not kinds:
            return 0.0
        strongest = max(kinds, key=lambda k: pos[k])
        x = pos[strongest]
        if strongest in ("defence", "offence"):
            responses = [ob.response for ob in treaty.obligations if ob.kind == strongest]
            if responses and all(r == "constitutional_processes" for r in responses):
                x += pos["constitutional_processes"]
        if treaty.depth.integrated_command:
            x += pos["integrated_command"]
        return float(x)

    def position_table(self) -> dict[str, float]:
        """The positions in use: the defaults with the file's overrides."""
        return {**DEFAULT_POSITIONS, **self.positions}

    def treaty(self, p: DesignPoint) -> Treaty:
        """The treaty of point ``p`` (its id: the space's prefix and a hash of the point)."""
        if not self.feasible(p):
            raise InputError(f"{self.source}: infeasible design {p.label()}: {'; '.join(self.violations(p))}")
        clauses = [self.clauses[c] for c in p.clauses]
        members = list(p.members)
        scope = self.scopes[p.scope].model_dump(exclude_defaults=True, mode="json")
        for cl in clauses:
            if cl.attack_kinds:
                scope["attack_kinds"] = list(cl.attack_kinds)
            if cl.severity_at_least:
                scope["severity_at_least"] = cl.severity_at_least
        defence = p.obligation in ("defence", "offence")
        opted = {s for cl in clauses for s in cl.opt_out}
        excluded = {s for cl in clauses for s in cl.exclude}
        main: dict[str, Any] = {"kind": p.obligation, "article": "Art. 1", "conditions": scope}
        if defence:
            main["response"] = next((cl.response for cl in clauses if cl.response), "as_it_deems_necessary")
            if opted & set(members):
                main["by"] = [m for m in members if m not in opted]
        if excluded & set(members):
            main["to"] = [m for m in members if m not in excluded]
        obligations = [main]
        if p.obligation != "consultation":
            obligations.append(
                {"kind": "consultation", "article": "Art. 2", "conditions": {"on_request": True}}
            )
        depth: dict[str, bool] = {}
        for cl in clauses:
            if cl.depth is not None:
                depth |= {k: v for k, v in cl.depth.model_dump().items() if v}
        reservations = {
            s: [r.model_dump(mode="json") for r in rs]
            for cl in clauses
            for s, rs in cl.reservations.items()
            if s in members and defence
        }
        targets = [cl.spending_target for cl in clauses if cl.spending_target is not None]
        digest = hashlib.sha256(json.dumps(p.to_dict(), sort_keys=True).encode()).hexdigest()[:10]
        data = {
            "id": f"{self.id}-{digest}",
            "name": p.label(),
            "members": members,
            "obligations": obligations,
            "depth": depth,
            "decision_rule": "consensus",
            "reservations": reservations,
            "commitments": {"defence_spending_share_of_gdp": max(targets)} if targets and defence else {},
            "sources": [f"Generated from the design space {self.name!r} ({Path(self.source).name})"],
        }
        try:
            return Treaty.model_validate(data)
        except FoedusError:
            raise
        except ValueError as exc:
            first = str(exc).splitlines()
            raise InputError(
                f"{self.source}: design {p.label()} is not a valid treaty: {' '.join(first[:3])}"
            ) from None


def load_space(path: str | Path) -> DesignSpace:
    """Read and validate a design-space YAML file.

    Raises
    ------
    InputError
        One line naming the file, the line and the key (a misspelled key, a clause the
        constraints name that does not exist, a member no state resolves to).
    """
    from foedus.specfile import read_yaml, validate

    data, lines = read_yaml(path, what="design space")
    if isinstance(data, Mapping):
        data = {**data, "source": str(path)}
    space = validate(DesignSpace, data, str(path), lines)
    from foedus.treaty import resolve_anywhere

    for s in (*space.members.always, *space.members.candidates):
        try:
            resolve_anywhere(s)
        except FoedusError as exc:
            line = lines.get(("members",))
            where = f"{path}:{line}" if line else str(path)
            raise InputError(f"{where}: members: {exc}") from None
    return space
