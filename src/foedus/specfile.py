"""Validating specification files (treaties, scenarios, places) with clear errors.

Files are read by :mod:`foedus.readers` (:func:`read_yaml` is re-exported here); a
validation error names the file, the line, the key path (``obligations[0].conditions.location``),
what was expected and how to fix it, in one line, instead of a pydantic traceback. It quotes
at most a few bytes of what the file holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from foedus.errors import InputError
from foedus.readers import read_yaml, shown

__all__ = ["format_loc", "read_yaml", "validate", "validation_error"]


def format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _line_for(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> int | None:
    loc = tuple(loc)
    while loc:
        if loc in lines:
            return lines[loc]
        loc = loc[:-1]
    return lines.get(())


def _known_keys(model: type[BaseModel] | None) -> list[str]:
    """Every key a model and its nested models accept (for "did you mean" hints)."""
    if model is None:
        return []
    schema = model.model_json_schema()
    keys = set(schema.get("properties", {}))
    for sub in schema.get("$defs", {}).values():
        keys |= set(sub.get("properties", {}))
    return sorted(keys)


def validation_error(
    exc: ValidationError,
    source: str,
    lines: dict[tuple[Any, ...], int] | None = None,
    model: type[BaseModel] | None = None,
    expected: Mapping[str, str] | None = None,
) -> InputError:
    """Turn the most telling pydantic error into a one-line :class:`InputError`.

    A misspelled key shows up twice (an unknown key and a missing one): the unknown key is
    reported, with the missing one as the suggestion. ``expected`` maps a key to what it
    must hold, in words ("a latitude between -90 and 90"); with it, a bad value reads
    "key 'lat': expected ..., got 100".
    """
    import difflib

    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    err = errors[0]
    missing = [str(e["loc"][-1]) for e in errors if e["type"] == "missing" and e["loc"]]
    # pydantic adds the tag of a tagged union or a function name to loc; drop non-keys.
    loc = tuple(p for p in err["loc"] if isinstance(p, int) or not str(p).startswith("function-"))
    line = _line_for(loc, lines or {})
    where = f"{source}:{line}" if line else source
    kind = err["type"]
    if kind == "extra_forbidden":
        msg = f"unknown key {format_loc(loc)!r}"
        key, known = (str(loc[-1]).lower() if loc else ""), missing or _known_keys(model)
        close = difflib.get_close_matches(key, known, n=1) or [
            k
            for k in known
            if key.startswith(k) or k.startswith(key)  # latitude -> lat
        ]
        hint = f"did you mean {close[0]!r}?" if close else "check the spelling; see the schema in the docs"
    elif not loc and kind in ("model_type", "dict_type", "model_attributes_type"):
        given = err.get("input")
        msg = "the file is empty" if given is None else f"expected a mapping, got a {type(given).__name__}"
        hint = "write one 'key: value' per line; see the schema in the docs"
    elif kind == "missing":
        what = (expected or {}).get(str(loc[-1]) if loc else "")
        msg = f"missing key {format_loc(loc)!r}" + (f": expected {what}" if what else "")
        hint = None
    elif expected and loc and str(loc[-1]) in expected:
        msg = f"key {format_loc(loc)!r}: expected {expected[str(loc[-1])]}, got {shown(err.get('input'))}"
        hint = None
    else:
        msg = f"{format_loc(loc)}: {err['msg'].removeprefix('Value error, ')}"
        given = err.get("input")
        hint = f"got {shown(given)}" if given is not None and not isinstance(given, (dict, list)) else None
    if len(msg) > 200:  # a long key or value in the file: the message stays one short line
        msg = msg[:197] + "..."
    more = len(errors) - 1 - (1 if kind == "extra_forbidden" and missing else 0)
    if more:
        msg += f" (and {more} more problem{'s' if more > 1 else ''})"
    return InputError(f"{where}: {msg}", hint=hint)


def validate(
    model: type[BaseModel],
    data: Any,
    source: str,
    lines: dict | None = None,
    context: dict | None = None,
    expected: Mapping[str, str] | None = None,
) -> Any:
    """``model.model_validate(data)`` with errors turned into :class:`InputError`.

    Examples
    --------
    >>> from pydantic import BaseModel, ConfigDict
    >>> class Point(BaseModel):
    ...     model_config = ConfigDict(extra="forbid")
    ...     lat: float
    >>> try:
    ...     validate(Point, {"lat": 1, "lon": 2}, "p.yaml", {("lon",): 3})
    ... except InputError as exc:
    ...     print(exc)
    p.yaml:3: unknown key 'lon' (check the spelling; see the schema in the docs)
    """
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise validation_error(exc, source, lines, model, expected) from None
