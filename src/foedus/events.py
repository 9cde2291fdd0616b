"""Events: an attack or coercion at a place, which treaties may oblige members to answer.

An :class:`Event` names the aggressor(s), the target, where it happens (a flashpoint of
the gazetteer, or coordinates), its kind and severity, and what is known of the
circumstances that treaty conditions turn on (an attack on forces rather than
territory, provocation, a request for help). ``None`` means unknown, and conditions
that depend on it evaluate as unknown rather than as met or failed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from foedus.treaty import AttackKind, SeverityName, _resolve_states


class Event(BaseModel):
    """A crisis event.

    Attributes
    ----------
    id : str
        A slug (``senkaku``).
    aggressor : tuple of int
        COW codes of the attacking state(s) (written as names, abbreviations or codes).
    target : int
        The attacked state.
    place : str, optional
        A gazetteer id (``senkaku``); or give ``lat`` and ``lon``.
    kind : {"armed_attack", "blockade", "attack_on_forces", "grey_zone"}
    severity : {"grey_zone", "limited", "major", "total"}
    on_forces : bool
        The attack strikes the target's armed forces, public vessels or aircraft (treaty
        texts such as ANZUS art. V and the US–Philippines MDT art. V cover these).
    provoked : bool or None
        Whether the target provoked the attack (``None``: unknown).
    requested : bool or None
        Whether the target asks its allies for help.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_\-]*$")
    aggressor: tuple[int, ...]
    target: int
    place: str | None = None
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    kind: AttackKind = "armed_attack"
    severity: SeverityName = "limited"
    on_forces: bool = False
    provoked: bool | None = None
    requested: bool | None = True
    year: int | None = None
    description: str | None = None

    _aggressor = field_validator("aggressor", mode="before")(_resolve_states)

    @field_validator("target", mode="before")
    @classmethod
    def _target(cls, v: Any, info: ValidationInfo) -> int:
        if isinstance(v, bool) or not isinstance(v, (str, int)):  # null, a list, a mapping
            raise ValueError("expected one state: a name, an abbreviation or a COW code")
        return _resolve_states(v, info)[0]

    @model_validator(mode="after")
    def _consistent(self) -> Event:
        if not self.aggressor:
            raise ValueError("an event needs at least one aggressor")
        if self.target in self.aggressor:
            raise ValueError("the target cannot also be an aggressor")
        if self.place is None and (self.lat is None or self.lon is None):
            raise ValueError("give a place (a gazetteer id) or both lat and lon")
        return self

    @property
    def attacks_forces(self) -> bool:
        return self.on_forces or self.kind == "attack_on_forces"
