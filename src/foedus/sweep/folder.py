"""A sweep's output folder: the manifest, the part files, the failures, and clean workers.

The folder is a parquet dataset: ``_sweep.json`` (the manifest, written atomically), one
``part-NNNNNNNN.parquet`` per finished chunk (each written atomically) and, when tasks
failed, ``_failures.csv``. Readers of the folder skip files whose names start with ``_``.
A part that cannot be read is an error for :func:`foedus.sweep.load_sweep`, and is set aside
(``_corrupt-part-...``) by a resumed sweep so that its tasks run again.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd

from foedus.atomic import atomic_path, check_output, write_text
from foedus.errors import InputError

__all__ = ["FAILURES", "done_tasks", "log_failures", "open_folder", "read_manifest", "watch_parent"]


def done_tasks(out: Path, n_tasks: int, repair: bool = False) -> pd.DataFrame:
    """The rows of every part file. A part that cannot be read (half-written, truncated,
    foreign) is an error, or with ``repair`` is renamed ``_corrupt-NAME`` so its tasks run
    again; a task recorded twice is an error."""
    frames = []
    for part in sorted(out.glob("part-*.parquet")):
        try:
            frame = pd.read_parquet(part)
            ids = frame["task_id"].to_numpy()
            if "status" not in frame or len(ids) == 0 or ids.min() < 0 or ids.max() >= n_tasks:
                raise ValueError("not a part of this sweep")
        except Exception:  # any reader error means the same thing: this part is unusable
            if not repair:
                raise InputError(
                    f"{out}: {part.name} is corrupt or half-written",
                    hint="run the sweep again with --resume: its tasks run again",
                ) from None
            os.replace(part, part.with_name(f"_corrupt-{part.name}"))
            continue
        frames.append(frame)
    if not frames:
        return pd.DataFrame()
    table = pd.concat(frames, ignore_index=True)
    dup = table.task_id[table.task_id.duplicated()]
    if len(dup):
        raise InputError(f"{out}: task {int(dup.iloc[0])} is recorded twice",
                         hint="a part file was copied in by hand; remove it")  # fmt: skip
    return table


_SAME = (
    "analysis",
    "scenario",
    "parameters",
    "method",
    "samples",
    "seed",
    "n_tasks",
    "options",
    "points_sha",
)
"""What a resumed sweep must share with the one in its folder."""


def open_folder(folder: Path, manifest: dict[str, Any], resume: bool) -> pd.DataFrame:
    """Start a sweep in an empty folder, or resume the one there (the tasks already done)."""
    mpath = folder / "_sweep.json"
    check_output(folder, folder=True)
    if not resume:
        if folder.exists() and any(folder.iterdir()):
            raise InputError(f"{folder} is not empty", hint="use --resume to continue it, or a new folder")
        folder.mkdir(parents=True, exist_ok=True)
        write_text(mpath, json.dumps(manifest, indent=2, default=str) + "\n")
        return pd.DataFrame()
    old = read_manifest(folder, "nothing to resume")
    diff = [k for k in _SAME if old.get(k) != json.loads(json.dumps(manifest, default=str)).get(k)]
    if diff:
        raise InputError(
            f"{folder}: the sweep there differs in {', '.join(diff)}", hint="use a new -o folder"
        )
    manifest["chunk_size"] = old["chunk_size"]
    for stale in folder.glob(".part-*.part"):  # the temporary file of a part being written when killed
        stale.unlink(missing_ok=True)
    return done_tasks(folder, manifest["n_tasks"], repair=True)


_KEYS = ("analysis", "parameters", "method", "seed", "n_tasks", "chunk_size", "bounds")


def read_manifest(folder: Path, missing: str) -> dict[str, Any]:
    """The sweep's ``_sweep.json``, or one line saying why it cannot be used."""
    mpath = folder / "_sweep.json"
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder", hint="give the sweep's output folder")
    if not mpath.is_file():
        raise InputError(f"{folder}: {missing} (no _sweep.json)", hint="give the folder a sweep wrote (-o)")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        ok = isinstance(manifest, dict) and all(k in manifest for k in _KEYS)
        ok = ok and isinstance(manifest["n_tasks"], int) and isinstance(manifest["parameters"], list)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: nested too deep
        ok = False
    if not ok:
        raise InputError(f"{folder}: _sweep.json is corrupt", hint="start the sweep again in a new folder")
    return manifest


FAILURES = "_failures.csv"
"""The failed tasks of a sweep folder: task, parameters, error (pandas and pyarrow skip ``_`` files)."""


def log_failures(folder: Path, table: pd.DataFrame) -> None:
    """Write the failed tasks to ``FAILURES`` (or remove a stale one once none failed)."""
    failed = table[table.status != "ok"] if not table.empty else table
    path = folder / FAILURES
    if failed.empty:
        path.unlink(missing_ok=True)
        return
    keep = [c for c in failed.columns if c not in ("status",)]
    with atomic_path(path) as tmp:
        failed[keep].dropna(axis=1, how="all").to_csv(tmp, index=False)


def watch_parent(interval: float = 1.0) -> None:
    """Make this worker process exit when its parent dies (a process pool's ``initializer``).

    A worker blocked on its task queue never learns that a killed parent is gone; without
    this, ``kill -9`` of ``foedus sweep`` would leave its workers running for ever.
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="foedus-watch-parent").start()
