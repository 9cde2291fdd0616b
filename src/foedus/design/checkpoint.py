"""A design search's evaluations kept in a folder, so that an interrupted search resumes.

Evaluating a design costs crisis simulations at every flashpoint; a large search (a big
``budget``, many ``draws``, a Dask cluster) can run for hours. With a checkpoint folder every
evaluation is appended to ``evaluations.jsonl`` as soon as its batch is done, and a search
started again with the same folder and the same inputs reads them back instead of simulating
again. Because the evaluations are deterministic (one seed, common random numbers) and NSGA-II
is seeded, the resumed search walks the same path and returns the same front, bit for bit, as
one that was never interrupted; with a larger ``budget`` it goes on from where it stopped.

The folder's ``manifest.json`` records what the evaluations depend on: the scenario's hash, the
space (every field), the adoption issue file's SHA-256, the seed, the draws, the flashpoints and
the foedus version. A folder of other inputs is refused, never mixed in. A line cut short by a
kill mid-write is ignored (that design is evaluated again).

Examples
--------
>>> import tempfile
>>> from foedus.design.space import DesignPoint
>>> folder = Path(tempfile.mkdtemp()) / "search"
>>> cp = Checkpoint.open(folder, {"seed": 1})
>>> p = DesignPoint(("JPN", "USA"), "defence", "territory", ())
>>> cp.append([(p, {"deterrence": 0.5}, {"deterrence": [0.4, 0.6]}, {}, [])])
>>> Checkpoint.open(folder, {"seed": 1}).load()[p][0]
{'deterrence': 0.5}
>>> Checkpoint.open(folder, {"seed": 2})
Traceback (most recent call last):
...
foedus.errors.InputError: ... holds the evaluations of another search (seed: 1 there, 2 here) ...
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from foedus.atomic import check_output, write_text
from foedus.design.space import DesignPoint
from foedus.errors import InputError

__all__ = ["Checkpoint"]

MANIFEST = "manifest.json"
EVALUATIONS = "evaluations.jsonl"

Record = tuple[
    DesignPoint, Mapping[str, float], Mapping[str, Sequence[float]], Mapping[str, Any], Sequence[str]
]
"""One evaluated design: its point, objectives, intervals, details (JSON-ready) and the notes
its batch of simulations gave."""


class Checkpoint:
    """The evaluations of one search, in ``folder`` (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / EVALUATIONS

    @classmethod
    def open(cls, folder: str | Path, manifest: Mapping[str, Any]) -> Checkpoint:
        """The checkpoint in ``folder``: created with ``manifest``, or checked against it."""
        folder = Path(folder)
        if folder.is_dir() and (folder / MANIFEST).is_file():
            try:
                held = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise InputError(
                    f"{folder / MANIFEST}: not a design-search manifest ({exc})",
                    hint="give an empty or new folder to --checkpoint",
                ) from None
            wanted = json.loads(json.dumps(dict(manifest)))  # as JSON reads it back
            differ = [k for k in sorted({*held, *wanted}) if held.get(k) != wanted.get(k)]
            if differ:
                k = differ[0]
                raise InputError(
                    f"{folder} holds the evaluations of another search "
                    f"({k}: {_short(held.get(k))} there, {_short(wanted.get(k))} here)",
                    hint="give a new folder, or delete this one to start afresh",
                )
            return cls(folder)
        if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
            raise InputError(
                f"{folder} is not a design-search checkpoint (no {MANIFEST}) and not empty",
                hint="give a new or empty folder",
            )
        check_output(folder, folder=True)
        folder.mkdir(exist_ok=True)
        write_text(folder / MANIFEST, json.dumps(dict(manifest), indent=1, sort_keys=True) + "\n")
        return cls(folder)

    def load(self) -> dict[DesignPoint, tuple[Any, ...]]:
        """Every evaluation kept, by point (a line cut short at the end is skipped)."""
        out: dict[DesignPoint, Any] = {}
        if not self.path.is_file():
            return out
        data = self.path.read_bytes()
        complete = data.rfind(b"\n") + 1
        if complete < len(data):  # a kill mid-write: drop the torn line before appending more
            with self.path.open("r+b") as f:
                f.truncate(complete)
        for line in data[:complete].decode("utf-8", errors="replace").splitlines():
            try:
                x = json.loads(line)
                pt = x["point"]
                p = DesignPoint(tuple(pt["members"]), pt["obligation"], pt["scope"], tuple(pt["clauses"]))
                intervals = {k: tuple(v) for k, v in x["intervals"].items()}
                out[p] = (x["objectives"], intervals, x["details"], x.get("notes", []))
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # not a record (an edited file?): that design is simply evaluated again
        return out

    def append(self, records: Sequence[Record]) -> None:
        """Add a batch of evaluations, on disk before this returns."""
        lines = "".join(
            json.dumps(
                {
                    "point": p.to_dict(),
                    "objectives": dict(objectives),
                    "intervals": {k: list(v) for k, v in intervals.items()},
                    "details": details,
                    "notes": list(notes),
                },
                default=_jsonable,
            )
            + "\n"
            for p, objectives, intervals, details, notes in records
        )
        with self.path.open("a", encoding="utf-8") as f:
            f.write(lines)
            f.flush()
            os.fsync(f.fileno())


def _jsonable(x: Any) -> Any:
    """numpy scalars and arrays as JSON reads them back."""
    if hasattr(x, "tolist"):
        return x.tolist()
    raise TypeError(f"cannot keep {type(x).__name__} in a checkpoint")


def _short(value: Any) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."
