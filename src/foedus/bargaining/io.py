"""Reading bargaining problems from CSV files, YAML files and mappings.

Formats
-------
**CSV**, one row per actor: ``actor,capability,position,salience``. Accepted aliases
(case-insensitive): ``name``/``player``/``stakeholder`` for actor;
``resources``/``power``/``clout``/``capabilities``/``influence`` for capability; ``salience_0_100``
(declares saliences on 0-100) or ``salience_0_1`` for salience. Optional columns:

- ``issue``: a long file holding many issues; each issue becomes one problem, in the
  order the issues first appear;
- ``dimension``: several dimensions of one issue, one row per actor and dimension
  (an actor's capability must be the same on all its rows, and every actor needs a row
  on every dimension);
- ``reference_point``, ``voting_rule``, ``procedure``, ``proposal``: the issue's status
  quo (empty when unknown), the Council's decision rule (``QMV``, ``Unan``), the
  legislative procedure (``COD``, ``CNS``) and the proposal it belongs to, as in the
  DEU data (Thomson et al. 2006; Arregui & Perarnaud 2021). They must agree on every
  row of an issue; they are carried on the problem, and models that do not use them
  ignore them.

A *wide* file with ``X_position, X_salience`` (or ``pos1, sal1``, ...) column pairs in
place of ``position, salience`` holds one dimension per pair (KTAB's input format).
Empty position or salience cells are an error unless ``missing="drop"``, which skips
those actors and lists them in ``problem.metadata["dropped_actors"]``.

**Mapping / YAML** (the ``actors:`` section of a scenario file looks the same)::

    name: asian-nato
    scale: [0, 100]
    salience_scale: 100          # optional
    dimensions: [pact]           # optional; then position/salience may be lists
    reference_point: 0           # optional, as are voting_rule, procedure, proposal
    actors:
      - {actor: JPN, capability: 0.2, position: 60, salience: 80}
      - ...

A mapping with ``issues: [...]`` holds several such issue mappings.

Every cell and entry is validated by the pydantic models of
:mod:`foedus.bargaining.schema`; what spans rows (one salience scale per file, one
capability per actor, no duplicate actor) is checked here.

Salience scale
--------------
Saliences are stored on [0, 1]. Files may hold them on 0-100: pass
``salience_scale=100`` (or 1), name the column ``salience_0_100``, or give
``salience_scale`` in the mapping. When none of these says, the scale is inferred for
the whole file: 100 if any salience exceeds 1, else 1. The choice is recorded in
``problem.metadata["salience_scale"]`` and ``["salience_scale_inferred"]`` (and so in
every forecast's provenance). The inference cannot tell a 0-100 file whose saliences
are all at most 1 from a 0-1 file: state the scale when in doubt.

Position scale
--------------
``scale=(low, high)`` (or ``scale:`` in a mapping). When not given it is inferred:
[0, 1] if every position lies in it, else [0, 100] if every position lies in that, else
the observed range; ``problem.metadata["scale_inferred"]`` records it.

Every bad input raises :class:`~foedus.errors.InputError` naming the file, the line or
actor, the column, what was expected and how to fix it.

Examples
--------
>>> from foedus.bargaining.io import problem_from_mapping
>>> p = problem_from_mapping({"name": "x", "scale": [0, 100], "actors": [
...     {"actor": "A", "capability": 1, "position": 10, "salience": 80},
...     {"actor": "B", "capability": 2, "position": 90, "salience": 40}]})
>>> p.salience.ravel().tolist(), p.metadata["salience_scale"]
([0.8, 0.4], 100)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import TypeAdapter, ValidationError

from foedus import limits, readers
from foedus.bargaining.problem import BargainingProblem
from foedus.bargaining.schema import (
    ALIASES,
    ISSUE_KEYS,
    ActorEntry,
    ActorRow,
    IssueSpec,
    input_error,
    is_missing,
)
from foedus.errors import InputError

# The public readers are re-exported, and listed, by foedus.bargaining.

_SALIENCE_SCALES = (1, 100)
_ROWS = TypeAdapter(list[ActorRow])

# ------------------------------------------------------------------- file-wide checks


def _check_salience_scale(value: Any, where: str) -> int:
    try:
        scale = float(value)
    except (TypeError, ValueError):
        scale = float("nan")
    if scale not in _SALIENCE_SCALES:
        raise InputError(
            f"{where}: salience_scale={value!r} is not 1 or 100",
            hint="say salience_scale=1 for saliences in [0, 1], 100 for saliences in [0, 100]",
        )
    return int(scale)


def _resolve_salience_scale(rows: Sequence[ActorRow], declared: Any, where: str) -> tuple[int, bool]:
    """Pick the salience scale for a whole file and check every salience against it."""
    if declared is not None:
        scale, inferred = _check_salience_scale(declared, where), False
    else:
        scale, inferred = (100 if any(r.salience > 1 for r in rows) else 1), True
    for r in rows:
        if not 0 <= r.salience <= scale:
            how = "inferred from the largest salience" if inferred else "as declared"
            raise InputError(
                f"{r.where}, actor {r.actor!r}, column 'salience': expected a number in "
                f"[0, {scale}] (salience scale {scale}, {how}), got {r.salience:g}",
                hint="fix the value, or state the scale with salience_scale=1 or 100",
            )
    return scale, inferred


def _declared_scale(declared: Any, where: str) -> tuple[float, float]:
    try:
        lo, hi = (float(v) for v in declared)
    except (TypeError, ValueError):
        raise InputError(
            f"{where}: scale={declared!r} is not a pair (low, high)", hint="write e.g. scale: [0, 100]"
        ) from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InputError(
            f"{where}: scale={declared!r} must be two numbers with low < high",
            hint="write e.g. scale: [0, 100]",
        )
    return lo, hi


def _resolve_scale(rows: Sequence[ActorRow], declared: Any, where: str) -> tuple[tuple[float, float], bool]:
    if declared is not None:
        lo, hi = _declared_scale(declared, where)
        for r in rows:
            for column, value in (("position", r.position), ("reference_point", r.reference_point)):
                if value is not None and not lo <= value <= hi:
                    raise InputError(
                        f"{r.where}, actor {r.actor!r}, column {column!r}: expected a number on the "
                        f"scale [{lo:g}, {hi:g}], got {value:g}",
                        hint=f"fix the {column.replace('_', ' ')} or widen the scale",
                    )
        return (lo, hi), False
    values = np.array([v for r in rows for v in (r.position, r.reference_point) if v is not None])
    low, high = float(values.min()), float(values.max())
    if low >= 0 and high <= 1:
        return (0.0, 1.0), True
    if low >= 0 and high <= 100:
        return (0.0, 100.0), True
    if low == high:
        return (low - 0.5, high + 0.5), True
    return (low, high), True


def _issue_inputs(rows: Sequence[ActorRow], issue: str) -> dict[str, Any]:
    """The per-issue columns (reference point, rule, procedure, proposal): one value per issue."""
    out: dict[str, Any] = {}
    for key in ISSUE_KEYS:
        first = rows[0]
        for r in rows[1:]:
            a, b = getattr(first, key), getattr(r, key)
            if a != b and not (key != "reference_point" and (a is None or b is None)):
                shown = ", ".join("an empty cell" if v is None else repr(v) for v in (b, a))
                raise InputError(
                    f"{r.where}, actor {r.actor!r}, column {key!r}: {shown.split(', ')[0]} differs from "
                    f"{shown.split(', ')[1]} at {first.where}",
                    hint=f"an issue has one {key.replace('_', ' ')}; make its rows agree",
                )
        out[key] = next((getattr(r, key) for r in rows if getattr(r, key) is not None), None)
    return out


# ------------------------------------------------------------------------ grouping


def _index_cells(
    issue_rows: Sequence[ActorRow], issue: str, multi: bool
) -> tuple[list[str], dict[tuple[str, str | None], ActorRow], dict[str, ActorRow]]:
    """Actors in order, the row of each (actor, dimension), and each actor's first row."""
    actors: list[str] = []
    cells: dict[tuple[str, str | None], ActorRow] = {}
    first: dict[str, ActorRow] = {}
    for r in issue_rows:
        key = (r.actor, r.dimension)
        if key in cells:
            dim_txt = f" on dimension {r.dimension!r}" if r.dimension is not None else ""
            raise InputError(
                f"{r.where}: actor {r.actor!r} appears twice in issue {issue!r}{dim_txt} "
                f"(first at {cells[key].where})",
                hint="keep one row per actor" + (" and dimension" if multi else ""),
            )
        cells[key] = r
        if r.actor not in first:
            first[r.actor] = r
            actors.append(r.actor)
        elif first[r.actor].capability != r.capability:
            raise InputError(
                f"{r.where}, actor {r.actor!r}, column 'capability': {r.capability:g} differs "
                f"from {first[r.actor].capability:g} at {first[r.actor].where}",
                hint="an actor has one capability per issue; make the rows agree",
            )
    return actors, cells, first


def _issue_problem(
    issue: str,
    issue_rows: Sequence[ActorRow],
    *,
    label: str,
    dimensions: Sequence[str] | None,
    sal_scale: int,
) -> tuple[tuple[str, ...], np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    """Actor names, capability, position, salience and the dimension names of one issue."""
    given = list(dimensions) if dimensions else []
    dims = list(dict.fromkeys(given + [r.dimension for r in issue_rows if r.dimension is not None]))
    multi = bool(dims) and issue_rows[0].dimension is not None
    actors, cells, first = _index_cells(issue_rows, issue, multi)
    if len(actors) < 2:
        raise InputError(
            f"{label}: only one actor ({', '.join(actors)}); a bargaining problem needs at least two",
            hint="add the other actors, or drop this issue",
        )
    dim_keys: list[str | None] = list(dims) if multi else [None]
    pos = np.empty((len(actors), len(dim_keys)))
    sal = np.empty_like(pos)
    for i, a in enumerate(actors):
        for k, dkey in enumerate(dim_keys):
            cell = cells.get((a, dkey))
            if cell is None:
                raise InputError(
                    f"{label}: actor {a!r} has no row for dimension {dkey!r}",
                    hint="give every actor a position and salience on every dimension",
                )
            pos[i, k], sal[i, k] = cell.position, cell.salience / sal_scale
    cap = np.array([first[a].capability for a in actors])
    names = tuple(str(d) for d in dims) if multi else tuple(dimensions or ())
    return tuple(actors), cap, pos, sal, names


def _build(
    rows: list[ActorRow],
    source: str,
    *,
    salience_scale: Any,
    scale: Any,
    name: str | None,
    dimensions: Sequence[str] | None = None,
    dropped: Mapping[str, list[str]] | None = None,
    issue_inputs: Mapping[str, Any] | None = None,
) -> list[BargainingProblem]:
    """Group validated rows into one problem per issue."""
    if not rows:
        raise InputError(f"{source}: no actors found", hint="add one row (or entry) per actor")
    sal_scale, sal_inferred = _resolve_salience_scale(rows, salience_scale, source)
    (lo, hi), scale_inferred = _resolve_scale(rows, scale, source)
    issues: dict[str, list[ActorRow]] = {}
    for r in rows:
        issues.setdefault(r.issue, []).append(r)
    limits.ISSUES.check(len(issues), f"{source}: issues")
    problems = []
    for issue, issue_rows in issues.items():
        own_name = len(issues) > 1 or name is None
        label = f"{source}: issue {issue!r}" if own_name else source
        actors, cap, pos, sal, dims = _issue_problem(
            issue, issue_rows, label=label, dimensions=dimensions, sal_scale=sal_scale
        )
        extra = dict(issue_inputs) if issue_inputs is not None else _issue_inputs(issue_rows, issue)
        meta: dict[str, Any] = {
            "salience_scale": sal_scale,
            "salience_scale_inferred": sal_inferred,
            "scale_inferred": scale_inferred,
        }
        if dropped and issue in dropped:
            meta["dropped_actors"] = tuple(dropped[issue])
        problems.append(
            BargainingProblem(
                actors=actors,
                capability=cap,
                position=pos,
                salience=sal,
                scale=(lo, hi),
                dimensions=dims,
                name=issue if own_name else name,
                source=source,
                metadata=meta,
                **extra,
            )
        )
    return problems


# ---------------------------------------------------------------------------- CSV

_LINE = "__line__"


def _wide_to_long(frame: pd.DataFrame, first_line: int) -> pd.DataFrame | None:
    """Unpivot a wide table (``X_position, X_salience`` or ``pos1, sal1`` pairs), if it is one."""
    lower = {str(c).strip().lower(): c for c in frame.columns}
    if "position" in lower:
        return None
    pairs: list[tuple[str, str, str]] = []
    for low, col in lower.items():
        if low.endswith("_position") and low[: -len("position")] + "salience" in lower:
            pairs.append(
                (str(col).strip()[: -len("_position")], col, lower[low[: -len("position")] + "salience"])
            )
        elif low.startswith("pos") and low[3:].isdigit() and f"sal{low[3:]}" in lower:
            pairs.append((f"dim{low[3:]}", col, lower[f"sal{low[3:]}"]))
    if not pairs:
        return None
    keep = [c for c in frame.columns if all(c not in (p, s) for _, p, s in pairs)]
    parts = []
    for dim, pcol, scol in pairs:
        part = frame[keep].copy()
        part["dimension"], part["position"], part["salience"] = dim, frame[pcol], frame[scol]
        part[_LINE] = np.arange(len(frame)) + first_line
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


def _find_columns(columns: Sequence[str], source: str) -> tuple[dict[str, str], int | None]:
    lower = {c.strip().lower(): c for c in columns}
    found: dict[str, str] = {}
    declared_scale: int | None = None
    for key, aliases in ALIASES.items():
        hit = next((a for a in aliases if a in lower), None)
        if hit is None:
            others = ", ".join(repr(a) for a in aliases[1:])
            also = f"; {key!r} may also be named {others}" if others else ""
            raise InputError(
                f"{source}: missing column {key!r} (found columns: {readers.shown(', '.join(columns), 60)})",
                hint=f"the file needs columns actor, capability, position, salience{also}",
            )
        found[key] = lower[hit]
        declared_scale = {"salience_0_100": 100, "salience_0_1": 1}.get(hit, declared_scale)
    for extra in ("issue", "dimension", *ISSUE_KEYS):
        if extra in lower:
            found[extra] = lower[extra]
    return found, declared_scale


def _csv_rows(
    frame: pd.DataFrame, cols: dict[str, str], source: str, default_issue: str, first_line: int, missing: str
) -> tuple[list[ActorRow], dict[str, list[str]]]:
    """Validate every row with :class:`ActorRow`; skip (and list) empty cells when ``missing="drop"``."""
    records, dropped = [], {}
    for offset, rec in enumerate(frame.to_dict(orient="records")):
        row = {key: rec[col] for key, col in cols.items()}
        row["where"] = f"{source}, line {rec.get(_LINE, first_line + offset)}"
        row["issue"] = str(row.get("issue", default_issue)).strip()
        if "dimension" in row:
            row["dimension"] = str(row["dimension"]).strip()
        if missing == "drop" and (is_missing(row["position"]) or is_missing(row["salience"])):
            dropped.setdefault(row["issue"], []).append(str(row["actor"]).strip())
            continue
        records.append(row)
    try:
        return _ROWS.validate_python(records), dropped
    except ValidationError as exc:
        bad = records[int(exc.errors()[0]["loc"][0])]
        actor = str(bad["actor"]).strip() or None
        raise input_error(_single_error(bad), bad["where"], actor=actor, columns=cols) from None


def _single_error(record: dict[str, Any]) -> ValidationError:
    """The validation error of one row (so that its location names the field, not the list index)."""
    try:
        ActorRow.model_validate(record)
    except ValidationError as exc:
        return exc
    raise AssertionError("row validated alone but not in the list")  # pragma: no cover


def problems_from_frame(
    frame: pd.DataFrame,
    *,
    source: str = "<table>",
    salience_scale: int | None = None,
    scale: tuple[float, float] | None = None,
    name: str | None = None,
    first_line: int = 2,
    missing: str = "error",
) -> list[BargainingProblem]:
    """Problems from a table with the CSV columns (values may be strings or numbers).

    ``missing="drop"`` skips actors whose position or salience cell is empty (or ``NA``,
    ``nan``), as the DEU data's convention asks for actors without a stated position, and
    lists them in ``problem.metadata["dropped_actors"]``; the default ``"error"`` rejects
    such rows. ``first_line`` is the file line of the table's first row, for error
    messages. A wide table with ``X_position, X_salience`` (or ``pos1, sal1``, ...)
    column pairs is read as one dimension per pair (as KTAB's input files are).

    Examples
    --------
    >>> frame = pd.DataFrame({"actor": ["A", "B"], "capability": [1, 3], "position": [0, 100],
    ...                       "salience": [1, 1], "reference_point": [0, 0], "voting_rule": "QMV"})
    >>> (p,) = problems_from_frame(frame, name="demo")
    >>> p.reference_point.tolist(), p.voting_rule
    ([0.0], 'QMV')
    """
    wide = _wide_to_long(frame, first_line)
    frame = wide if wide is not None else frame
    cols, column_scale = _find_columns([str(c) for c in frame.columns], source)
    if salience_scale is not None and column_scale is not None:
        if _check_salience_scale(salience_scale, source) != column_scale:
            raise InputError(
                f"{source}: salience_scale={salience_scale} contradicts the column name {cols['salience']!r}",
                hint="drop the argument or rename the column",
            )
    if missing not in ("error", "drop"):
        raise InputError(
            f"{source}: missing={missing!r} is not 'error' or 'drop'",
            hint="say missing='drop' to skip actors without a position or salience",
        )
    rows, dropped = _csv_rows(frame, cols, source, name or Path(source).stem, first_line, missing)
    declared = salience_scale if salience_scale is not None else column_scale
    return _build(rows, source, salience_scale=declared, scale=scale, name=name, dropped=dropped)


def read_csv(
    path: str | Path,
    *,
    salience_scale: int | None = None,
    scale: tuple[float, float] | None = None,
    name: str | None = None,
    missing: str = "error",
) -> list[BargainingProblem]:
    """Read every issue of a CSV file (see the module docstring for the format).

    Examples
    --------
    >>> import tempfile, os
    >>> f = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False)
    >>> _ = f.write("actor,capability,position,salience\\nA,1,0,50\\nB,1,100,100\\n")
    >>> f.close()
    >>> [p.metadata["salience_scale"] for p in read_csv(f.name)]
    [100]
    >>> os.unlink(f.name)
    """
    source = str(path)
    frame = readers.read_csv(path, "CSV file of actors", dtype=str, keep_default_na=False,
                             skipinitialspace=True)  # fmt: skip
    return problems_from_frame(
        frame, source=source, salience_scale=salience_scale, scale=scale, name=name, missing=missing
    )


# ------------------------------------------------------------------ mappings, YAML


def _entry_rows(spec: IssueSpec, source: str, raw: Mapping[str, Any]) -> tuple[list[ActorRow], dict]:
    """Rows (one per actor and dimension) from the validated ``actors:`` entries of one issue."""
    rows: list[ActorRow] = []
    info: dict[str, dict[str, Any]] = {}
    for i, item in enumerate(spec.actors):
        where = f"{source}, actors[{i}]"
        try:
            entry = ActorEntry.model_validate(item)
        except ValidationError as exc:
            actor = next((str(item[k]).strip() for k in item if str(k).lower() in ALIASES["actor"]), None)
            raise input_error(exc, where, actor=actor if isinstance(item, Mapping) else None) from None
        if entry.notes:
            info[entry.actor] = entry.notes
        n_dims = len(spec.dimensions) if spec.dimensions else len(entry.position)
        sal = entry.salience * n_dims if len(entry.salience) == 1 else entry.salience
        for key, values, also in (("position", entry.position, ""), ("salience", sal, " or one for all")):
            if len(values) != n_dims:
                raise InputError(
                    f"{where}, actor {entry.actor!r}, key {key!r}: expected {n_dims} values "
                    f"(one per dimension){also}, got {len(values)}",
                    hint=f"give one {key} per dimension" + (", or a single number" if also else ""),
                )
        names: list[str | None] = (
            list(spec.dimensions)
            if spec.dimensions
            else [None]
            if n_dims == 1
            else [f"dim{k + 1}" for k in range(n_dims)]
        )
        rows += [
            ActorRow(
                where=where,
                issue=spec.name,
                dimension=names[k],
                actor=entry.actor,
                capability=entry.capability,
                position=entry.position[k],
                salience=sal[k],
            )
            for k in range(n_dims)
        ]
    return rows, info


def _issue_spec(mapping: Mapping[str, Any], source: str) -> IssueSpec:
    if "actors" not in mapping:
        raise InputError(
            f"{source}: missing key 'actors' (found {', '.join(map(str, mapping)) or 'nothing'})",
            hint="write actors: [{actor: JPN, capability: 1, position: 60, salience: 0.8}, ...]",
        )
    actors = mapping["actors"]
    if not isinstance(actors, Sequence) or isinstance(actors, (str, bytes)):
        raise InputError(
            f"{source}: key 'actors' must be a list of actors, got {type(actors).__name__}",
            hint="write actors: [{actor: JPN, capability: 1, position: 60, salience: 0.8}, ...]",
        )
    bad = next((k for k, e in enumerate(actors) if not isinstance(e, Mapping)), None)
    if bad is not None:
        raise InputError(
            f"{source}, actors[{bad}]: expected a mapping with actor, capability, position, salience, "
            f"got {readers.shown(actors[bad])}",
            hint="write {actor: NAME, capability: C, position: X, salience: S}",
        )
    if mapping.get("scale") is not None:
        _declared_scale(mapping["scale"], source)
    try:
        return IssueSpec.model_validate({**mapping, "actors": [dict(a) for a in actors]})
    except ValidationError as exc:
        raise input_error(exc, source, data=dict(mapping)) from None


def _one_issue(
    mapping: Mapping[str, Any], source: str, salience_scale: int | None, scale: tuple[float, float] | None
) -> list[BargainingProblem]:
    spec = _issue_spec(mapping, source)
    rows, info = _entry_rows(spec, source, mapping)
    dims = spec.dimensions
    if rows and rows[0].dimension is not None and dims is None:
        dims = list(dict.fromkeys(r.dimension for r in rows if r.dimension is not None))
    issue_inputs = {
        "reference_point": spec.reference_point,
        "voting_rule": spec.voting_rule,
        "procedure": spec.procedure,
        "proposal": spec.proposal,
    }
    if spec.reference_point is not None:
        issue_inputs["reference_point"] = [np.nan if v is None else v for v in spec.reference_point]
    problems = _build(
        rows,
        source,
        salience_scale=salience_scale if salience_scale is not None else spec.salience_scale,
        scale=scale if scale is not None else spec.scale,
        name=spec.name,
        dimensions=dims,
        issue_inputs=issue_inputs,
    )
    for problem in problems if info else ():
        problem.metadata["actor_info"] = info
    return problems


def problems_from_mapping(
    mapping: Mapping[str, Any],
    *,
    source: str = "<mapping>",
    salience_scale: int | None = None,
    scale: tuple[float, float] | None = None,
) -> list[BargainingProblem]:
    """Problems from a mapping: one issue (``actors:``) or several (``issues:``)."""
    if not isinstance(mapping, Mapping):
        raise InputError(
            f"{source}: expected a mapping with 'actors' (or 'issues'), got {type(mapping).__name__}",
            hint="see foedus.bargaining.io for the format",
        )
    if "issues" not in mapping:
        return _one_issue(mapping, source, salience_scale, scale)
    issues = mapping["issues"]
    if not isinstance(issues, Sequence) or isinstance(issues, (str, bytes)) or not issues:
        raise InputError(
            f"{source}: key 'issues' must be a non-empty list of issue mappings",
            hint="write issues: [{name: ..., actors: [...]}, ...]",
        )
    out: list[BargainingProblem] = []
    for k, sub in enumerate(issues):
        if not isinstance(sub, Mapping):
            raise InputError(
                f"{source}, issues[{k}]: expected a mapping, got {type(sub).__name__}",
                hint="write {name: ..., actors: [...]}",
            )
        shared = {key: mapping.get(key) for key in ("scale", "salience_scale", *ISSUE_KEYS) if key in mapping}
        out += _one_issue({**shared, **sub}, f"{source}, issues[{k}]", salience_scale, scale)
    return out


def problem_from_mapping(mapping: Mapping[str, Any], **options: Any) -> BargainingProblem:
    """One problem from a mapping such as a scenario file's ``actors:`` section.

    ``options`` are those of :func:`problems_from_mapping` (``source``, ``salience_scale``,
    ``scale``).
    """
    problems = problems_from_mapping(mapping, **options)
    if len(problems) != 1:
        raise InputError(
            f"{options.get('source', '<mapping>')}: holds {len(problems)} issues, expected one",
            hint="use problems_from_mapping for several issues",
        )
    return problems[0]


def read_yaml(
    path: str | Path,
    *,
    salience_scale: int | None = None,
    scale: tuple[float, float] | None = None,
    key: str | None = None,
) -> list[BargainingProblem]:
    """Read the issues of a YAML file; ``key`` selects a section (e.g. ``"actors"``)."""
    source = str(path)
    data, _ = readers.read_yaml(path, "YAML file of issues")
    if key is not None:
        if not isinstance(data, Mapping) or key not in data:
            raise InputError(f"{source}: no top-level key {key!r}", hint=f"add a {key}: section")
        data, source = data[key], f"{source}, {key}"
    return problems_from_mapping(data, source=source, salience_scale=salience_scale, scale=scale)


def read_problems(
    path: str | Path,
    *,
    salience_scale: int | None = None,
    scale: tuple[float, float] | None = None,
    missing: str = "error",
) -> list[BargainingProblem]:
    """Read every issue of a ``.csv``, ``.yaml`` or ``.yml`` file.

    ``missing`` applies to CSV files (see :func:`read_csv`).
    """
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_yaml(path, salience_scale=salience_scale, scale=scale)
    if suffix in (".csv", ".txt"):
        return read_csv(path, salience_scale=salience_scale, scale=scale, missing=missing)
    raise InputError(f"{path}: unknown file type {suffix or '(none)'!r}", hint="use a .csv or .yaml file")


def read_problem(
    path: str | Path,
    *,
    salience_scale: int | None = None,
    scale: tuple[float, float] | None = None,
    missing: str = "error",
) -> BargainingProblem:
    """Read a file that holds exactly one issue."""
    problems = read_problems(path, salience_scale=salience_scale, scale=scale, missing=missing)
    if len(problems) != 1:
        raise InputError(
            f"{path}: holds {len(problems)} issues ({', '.join(p.name for p in problems[:5])}"
            f"{', ...' if len(problems) > 5 else ''}), expected one",
            hint="use read_problems to read them all",
        )
    return problems[0]
