"""Formatting tables for the terminal and for scripts, and writing them to files (used by the
CLI; no model logic here).

A result goes to a file by the file's extension (:data:`FILE_TYPES`): ``.csv``, ``.json``,
``.parquet`` or ``.dta`` (Stata 14+). :func:`check_out_path` refuses a path that cannot be
written before any work is done, and :func:`write_result` writes atomically, so an
interrupted run leaves the earlier file, never half of a new one.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from foedus.atomic import atomic_path, check_output
from foedus.errors import InputError


def plain(value: Any) -> Any:
    """A JSON-ready Python value: NA/NaN become ``None``, numpy scalars Python ones."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``df`` as JSON-ready dicts (floats kept exact, NA as ``None``)."""
    cols = list(df.columns)
    return [{c: plain(v) for c, v in zip(cols, row, strict=True)} for row in df.itertuples(index=False)]


def dumps(obj: Any) -> str:
    """JSON text with NaN refused (``allow_nan=False``) so scripts always get valid JSON."""
    return json.dumps(plain(obj), indent=2, allow_nan=False, ensure_ascii=False)


def fmt_number(value: Any, digits: int = 4) -> str:
    """Short human formatting for tables: NA as an em dash."""
    v = plain(value)
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        if v != 0 and (abs(v) < 10 ** -(digits - 1) or abs(v) >= 1e7):
            return f"{v:.{digits - 1}e}"
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        return f"{v:.{digits}g}"
    return str(v)


def decimals_for(uncertainty: float) -> int:
    """The decimals a number known to about ``uncertainty`` supports: down to its first digit's
    place (a forecast with an expected error of 21 points is shown as 13, not 13.24).

    Examples
    --------
    >>> decimals_for(21.0), decimals_for(0.35), decimals_for(0.0)
    (0, 1, 2)
    """
    return max(0, -math.floor(math.log10(uncertainty))) if uncertainty > 0 else 2


def flat(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with list, tuple and dict cells as JSON text, so that CSV, Parquet and Stata
    hold one value per cell that reads back (``json.loads``) instead of a Python repr.

    Examples
    --------
    >>> flat(pd.DataFrame({"bound": [("USA", "JPN"), ()]})).bound.tolist()
    ['["USA", "JPN"]', '[]']
    """
    out = frame.copy()
    for c in out.columns:
        if out[c].map(lambda v: isinstance(v, (tuple, list, dict))).any():
            out[c] = out[c].map(lambda v: dumps_cell(v) if isinstance(v, (tuple, list, dict)) else v)
    return out


def dumps_cell(value: Any) -> str:
    """One cell as compact JSON text."""
    return json.dumps(plain(value), ensure_ascii=False, allow_nan=False)


def to_csv(frame: pd.DataFrame) -> str:
    """CSV text of ``frame`` (no index; nested cells as JSON text)."""
    return flat(frame).to_csv(index=False)


def check_out_path(path: str | Path, option: str = "--out") -> Path:
    """Refuse an output file that cannot be written, before any work is done.

    The path must end in one of :data:`FILE_TYPES`, must not be a folder, its folder must
    exist and be writable, and an existing file there must be writable.

    Raises
    ------
    InputError
        Naming the option, the path and what to change.

    Examples
    --------
    >>> check_out_path("results.xlsx")
    Traceback (most recent call last):
    ...
    foedus.errors.InputError: --out results.xlsx: cannot write a .xlsx file (end the name in ...)
    """
    p = Path(path)
    where = f"{option} {path}"
    *first, last = FILE_TYPES
    kinds = f"{', '.join(first)} or {last}"
    if p.is_dir():
        raise InputError(f"{where}: is a folder", hint=f"give a file name ending in {kinds}")
    if p.suffix.lower() not in FILE_TYPES:
        what = f"a {p.suffix} file" if p.suffix else "a file without an extension"
        raise InputError(f"{where}: cannot write {what}", hint=f"end the name in {kinds}")
    # the folder exists and takes files, an existing file is writable: the shared check
    return check_output(p, label=where)


def write_result(path: str | Path, frame: pd.DataFrame, document: Any = None) -> Path:
    """Write a result to ``path`` by its extension, atomically.

    ``.json`` gets ``document`` (what ``--format json`` prints; the records of ``frame``
    when it is ``None``); the other types get ``frame``, the table ``--format csv`` prints.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "t.dta"
    >>> _ = write_result(out, pd.DataFrame({"state": ["USA"], "bound": [True], "p.force": [0.5]}))
    >>> list(pd.read_stata(out).columns)
    ['state', 'bound', 'p_force']
    """
    p = check_out_path(path)
    with atomic_path(p) as tmp:
        FILE_TYPES[p.suffix.lower()].write(frame, document, tmp)
    return p


def to_stata(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``frame`` as a Stata 14+ file (version 118).

    Stata has no boolean, no nullable integer and no list: booleans become 0/1, nullable
    integers and booleans with missing values become doubles (missing as Stata's ``.``),
    text stays text with missing as ``""``, nested cells become JSON text; column names
    are made valid Stata names (letters, digits, ``_``, at most 32 characters).
    """
    out = flat(frame)
    for c in out.columns:
        col = out[c]
        if col.dtype == bool:
            out[c] = col.astype("int8")
        elif str(col.dtype) in {"Int8", "Int16", "Int32", "Int64", "boolean", "Float64"}:
            out[c] = col.astype("float64")
        elif isinstance(col.dtype, pd.StringDtype) or col.dtype == object:
            values = col.dropna()
            if len(values) and values.map(lambda v: isinstance(v, (bool, np.bool_))).all():
                out[c] = col.map(lambda v: np.nan if v is None or v is pd.NA else float(v))
            else:
                out[c] = col.astype(object).where(col.notna(), "").astype(str)
    out.columns = _stata_names(list(map(str, out.columns)))
    long_text = [c for c in out.columns if out[c].dtype == object and out[c].str.len().max() > 2045]
    out.to_stata(path, write_index=False, version=118, convert_strl=long_text)


def _stata_names(names: list[str]) -> list[str]:
    """Valid, distinct Stata variable names (``p_force.USA`` -> ``p_force_USA``)."""
    out: list[str] = []
    for name in names:
        clean = re.sub(r"[^A-Za-z0-9_]", "_", name) or "v"
        if clean[0].isdigit():
            clean = "_" + clean
        clean = clean[:32]
        base, i = clean, 1
        while clean in out:
            suffix = f"_{i}"
            clean, i = base[: 32 - len(suffix)] + suffix, i + 1
        out.append(clean)
    return out


# ---------------------------------------------------------------------------- file types
@dataclass(frozen=True)
class FileType:
    """A file type a result is written to: its name, and how ``frame`` (or, for JSON, the
    ``document`` when there is one) is written to a path."""

    name: str
    write: Callable[[pd.DataFrame, Any, Path], Any]


def _json(frame: pd.DataFrame, document: Any, path: Path) -> None:
    path.write_text(dumps(records(frame) if document is None else document) + "\n", encoding="utf-8")


FILE_TYPES = {
    ".csv": FileType("CSV", lambda frame, _, path: path.write_text(to_csv(frame), encoding="utf-8")),
    ".json": FileType("JSON", _json),
    ".parquet": FileType("Parquet", lambda frame, _, path: flat(frame).to_parquet(path, index=False)),
    ".dta": FileType("Stata", lambda frame, _, path: to_stata(frame, path)),
}
"""The file types a result is written to, by extension: the one table that the check of an
output path, the writer and the CLI's messages read."""
