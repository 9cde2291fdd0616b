"""Pydantic models of every bargaining input format, and their errors in plain words.

One validation style for the bargaining files: a CSV row is an :class:`ActorRow`, an
entry of a YAML / mapping ``actors:`` list is an :class:`ActorEntry`, an issue mapping
is an :class:`IssueSpec`. The readers in :mod:`foedus.bargaining.io` only find the
columns, call these models and group the rows into problems; :func:`input_error` turns
pydantic's first error into one line that names the file, the line (or list entry), the
actor, the column and the fix.

Examples
--------
>>> row = ActorRow.model_validate({"where": "a.csv, line 2", "issue": "x", "actor": "A",
...                                "capability": "1", "position": "40", "salience": "50"})
>>> row.capability, row.position, row.reference_point
(1.0, 40.0, None)
>>> from pydantic import ValidationError
>>> try:
...     ActorRow.model_validate({"where": "a.csv, line 3", "issue": "x", "actor": "B",
...                              "capability": "x", "position": 1, "salience": 1})
... except ValidationError as exc:
...     print(input_error(exc, "a.csv, line 3", actor="B").args[0])
a.csv, line 3, actor 'B', column 'capability': expected a number > 0, got 'x'
"""

from __future__ import annotations

import difflib
import math
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from foedus.errors import InputError
from foedus.readers import shown

__all__ = [
    "ALIASES",
    "DOC_KEYS",
    "ISSUE_KEYS",
    "ActorEntry",
    "ActorRow",
    "IssueSpec",
    "input_error",
    "is_missing",
    "parse_number",
]

ALIASES: dict[str, tuple[str, ...]] = {
    "actor": ("actor", "name", "player", "stakeholder"),
    "capability": ("capability", "capabilities", "resources", "power", "clout", "influence"),
    "position": ("position",),
    "salience": ("salience", "salience_0_100", "salience_0_1"),
}
"""Column (or key) names accepted for each actor input, case-insensitive."""

ISSUE_KEYS = ("reference_point", "voting_rule", "procedure", "proposal")
"""Optional per-issue inputs (DEU's layout); models that do not use them ignore them."""

DOC_KEYS = frozenset({"source", "sources", "justification", "inference", "notes", "note", "description"})
"""Per-actor keys that document a coding (kept in ``problem.metadata["actor_info"]``, never computed on)."""

_EXPECTED = {
    "capability": "a number > 0",
    "position": "a number on the issue scale",
    "salience": "a number in [0, 1] or [0, 100]",
    "reference_point": "a number on the issue scale, or an empty cell when unknown",
}


def is_missing(raw: Any) -> bool:
    """An empty cell: None, NaN, '' or NA / N/A (any case)."""
    if raw is None:
        return True
    if isinstance(raw, float):
        return math.isnan(raw)
    return str(raw).strip().lower() in ("", "na", "nan", "n/a")


def _shown(raw: Any) -> str:
    return "an empty cell" if raw is None or str(raw).strip() == "" else shown(raw)


def parse_number(raw: Any, expected: str, low: float | None = None, strict_low: bool = False) -> float:
    """``raw`` as a finite float at or above ``low`` (above, if ``strict_low``), or a pydantic error."""
    try:
        value = float(str(raw) if isinstance(raw, bool) else raw)
    except (TypeError, ValueError):
        raise PydanticCustomError(
            "number", "expected {expected}, got {got}", {"expected": expected, "got": _shown(raw)}
        ) from None
    too_low = low is not None and (value <= low if strict_low else value < low)
    if not math.isfinite(value) or too_low:
        raise PydanticCustomError(
            "number",
            "expected {expected}, got {got}",
            {"expected": expected, "got": f"{value:g}" if math.isfinite(value) else shown(raw)},
        )
    return value


def _number(expected: str, *, low: float | None = None, strict_low: bool = False) -> BeforeValidator:
    return BeforeValidator(lambda raw: parse_number(raw, expected, low, strict_low))


def _optional_number(raw: Any) -> float | None:
    return None if is_missing(raw) else parse_number(raw, _EXPECTED["reference_point"])


def _name(raw: Any) -> str:
    if isinstance(raw, (dict, list, tuple, set)):  # str() would make a name of a whole mapping
        kind = "a mapping" if isinstance(raw, dict) else "a list"
        raise PydanticCustomError("name", "expected an actor name, got {kind}", {"kind": kind})
    text = "" if raw is None else str(raw).strip()
    if text == "" or text.lower() == "nan":
        raise PydanticCustomError("name", "expected an actor name, got an empty cell")
    return text


def _optional_text(raw: Any) -> str | None:
    return None if is_missing(raw) else str(raw).strip()


Capability = Annotated[float, _number(_EXPECTED["capability"], low=0.0, strict_low=True)]
Position = Annotated[float, _number(_EXPECTED["position"])]
Salience = Annotated[float, _number(_EXPECTED["salience"], low=0.0)]
ReferencePoint = Annotated[float | None, BeforeValidator(_optional_number)]
Text = Annotated[str | None, BeforeValidator(_optional_text)]
Name = Annotated[str, BeforeValidator(_name)]


class ActorRow(BaseModel):
    """One actor on one issue (and dimension): a CSV row, or one dimension of a YAML entry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    where: str
    issue: str
    dimension: str | None = None
    actor: Name
    capability: Capability
    position: Position
    salience: Salience
    reference_point: ReferencePoint = None
    voting_rule: Text = None
    procedure: Text = None
    proposal: Text = None


def _listify(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


class ActorEntry(BaseModel):
    """One entry of a mapping's ``actors:`` list; ``position`` / ``salience`` may be lists.

    Keys are case-insensitive and may use the aliases of :data:`ALIASES`; the keys of
    :data:`DOC_KEYS` are kept as ``notes``. A misspelt key is an error that suggests the
    nearest known key.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    actor: Name
    capability: Capability
    position: list[Position] = Field(min_length=1)
    salience: list[Salience] = Field(min_length=1)
    notes: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _canonical_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise PydanticCustomError(
                "entry",
                "expected a mapping with actor, capability, position, salience, got {got}",
                {"got": shown(data)},
            )
        out: dict[str, Any] = {"notes": {}}
        known = {alias: key for key, aliases in ALIASES.items() for alias in aliases}
        for raw_key, value in data.items():
            key = str(raw_key).strip().lower()
            if key in DOC_KEYS:
                out["notes"][str(raw_key)] = value
            elif key in known:
                out[known[key]] = _listify(value) if known[key] in ("position", "salience") else value
            else:
                out[str(raw_key)] = value  # extra="forbid" reports it
        return out


class IssueSpec(BaseModel):
    """One issue of a mapping or YAML file (the ``actors:`` section of a scenario looks the same)."""

    model_config = ConfigDict(frozen=True, extra="allow")

    name: str = "issue"
    scale: tuple[float, float] | None = None
    salience_scale: float | None = None
    dimensions: list[str] | None = None
    actors: list[dict[str, Any]]
    reference_point: list[float | None] | None = None
    voting_rule: Text = None
    procedure: Text = None
    proposal: Text = None

    @model_validator(mode="before")
    @classmethod
    def _issue_alias(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            if "name" not in data and "issue" in data:
                data["name"] = data.pop("issue")
            data["name"] = str(data.get("name", "issue"))
            if data.get("reference_point") is not None:
                data["reference_point"] = [
                    None if is_missing(v) else v for v in _listify(data["reference_point"])
                ]
        return data


# ----------------------------------------------------------------------- errors

_HINTS = {
    "actor": "name every actor",
    "capability": "write the capability as a number",
    "position": "write the position as a number",
    "salience": "write the salience as a number",
    "reference_point": "write the status quo as a number on the scale, or leave the cell empty",
    "actors": "write actors: [{actor: JPN, capability: 1, position: 60, salience: 0.8}, ...]",
    "scale": "write e.g. scale: [0, 100]",
}


def input_error(
    exc: ValidationError,
    where: str,
    *,
    actor: str | None = None,
    columns: dict[str, str] | None = None,
    data: Any = None,
) -> InputError:
    """The first error of ``exc`` as an :class:`InputError` naming where, who, which column, and the fix.

    ``columns`` maps a field to the column name the file used (e.g. ``capability`` ->
    ``power``); ``data`` is the validated input, used to name the actor of a list entry.
    """
    errors = exc.errors(include_url=False)
    # a misspelt key also makes a required key "missing": report the misspelling, which is the cause
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc = [str(p) if not isinstance(p, int) else p for p in err["loc"]]
    if len(loc) >= 2 and loc[0] == "actors" and isinstance(loc[1], int):
        where = f"{where}, actors[{loc[1]}]"
        entry = data.get("actors", [])[loc[1]] if isinstance(data, dict) else None
        if isinstance(entry, dict) and actor is None:
            actor = next((str(entry[k]).strip() for k in entry if str(k).lower() in ALIASES["actor"]), None)
        loc = loc[2:]
    field = next((p for p in loc if isinstance(p, str)), None)
    who = f", actor {actor!r}" if actor and field != "actor" else ""
    if err["type"] == "extra_forbidden":
        close = difflib.get_close_matches(
            str(field).lower(), [*sum(ALIASES.values(), ()), *sorted(DOC_KEYS)], n=1
        )
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else f"documentation keys allowed: {', '.join(sorted(DOC_KEYS))}"
        )
        return InputError(f"{where}: unknown key {field!r}", hint=hint)
    if err["type"] == "missing":
        return InputError(
            f"{where}: missing key {field!r}",
            hint="every actor needs actor, capability, position and salience",
        )
    column = (columns or {}).get(field or "", field)
    label = "key" if field in ("actors", "scale", "name", "dimensions") else "column"
    msg = (
        err["msg"]
        if err["type"] in ("number", "name", "entry")
        else f"{err['msg'][:1].lower()}{err['msg'][1:]}"
    )
    return InputError(
        f"{where}{who}, {label} {column!r}: {msg}", hint=_HINTS.get(field or "", "fix the value")
    )
