"""Where datasets live, checking them, and downloading them.

Files are looked up under one *data folder*: ``$FOEDUS_DATA_DIR`` when it is set
(tests and CI point it at ``../shared/data``), otherwise the user cache
(``$XDG_CACHE_HOME/foedus/data``, usually ``~/.cache/foedus/data``). Every file is
checked against the registry's checksums before it is read (once per process).

``fetch`` downloads each file to a temporary name beside its destination, derives
the file from the download when needed, checks it, and only then renames it into
place: an interrupted or corrupt download never leaves a file behind.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import shutil
import sys
import tempfile
import urllib.error
import urllib.request
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from foedus.atomic import atomic_path
from foedus.data.sources import DataFile, Source, get_source
from foedus.errors import ChecksumError, DataError, DataMissingError

ENV_DATA_DIR = "FOEDUS_DATA_DIR"
_CHUNK = 1 << 16


def data_dir() -> Path:
    """The folder the loaders read: ``$FOEDUS_DATA_DIR`` or the user cache."""
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        path = Path(env).expanduser().resolve()
        if path.exists() and not path.is_dir():
            raise DataError(
                f"{ENV_DATA_DIR}={env[-120:]} is a file, not a folder",
                hint="point it at the data folder (foedus data fetch --all fills it)",
            )
        return path
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "foedus" / "data"


def _where() -> str:
    env = os.environ.get(ENV_DATA_DIR)
    return f"{ENV_DATA_DIR}={env}" if env else "the foedus cache"


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(_CHUNK), b""):
            h.update(block)
    return h.hexdigest()


def table_digest(path: Path, fmt: str | None = None) -> str:
    """A checksum of a CSV file's *table*, indifferent to number formatting and row order.

    Floats are written with 10 significant digits, everything else as text, rows sorted;
    so ``.0396`` and ``0.0396``, or a re-compressed ``.gz``, give the same digest.
    """
    gz = fmt == "csv.gz" if fmt else str(path).endswith(".gz")
    df = pd.read_csv(path, low_memory=False, compression="gzip" if gz else None)
    cols = {}
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_float_dtype(s):
            cols[c] = s.map(lambda v: "" if pd.isna(v) else format(v, ".10g"))
        else:
            cols[c] = s.astype("string").fillna("")
    out = pd.DataFrame(cols).sort_values(list(df.columns), kind="mergesort")
    return hashlib.sha256(out.to_csv(index=False).encode("utf-8")).hexdigest()


_verified: dict[tuple[str, int, int], str] = {}


def check_file(path: Path, spec: DataFile) -> str | None:
    """How ``path`` matches ``spec`` (``"sha256"`` or ``"table"``), or ``None`` if it does not."""
    st = path.stat()
    key = (str(path), st.st_mtime_ns, st.st_size)
    if key in _verified:
        return _verified[key]
    how: str | None = None
    if sha256_file(path) == spec.sha256:
        how = "sha256"
    elif spec.content_sha256 is not None:
        try:
            if table_digest(path, spec.fmt) == spec.content_sha256:
                how = "table"
        except Exception:  # unreadable as a table: it simply does not match
            how = None
    if how:
        _verified[key] = how
    return how


def locate(name: str, path: str | None = None) -> Path:
    """Path of a verified file of dataset ``name`` (its first file if ``path`` is ``None``).

    Raises
    ------
    DataMissingError
        The file is not in the data folder; the message names the dataset, the path and
        the command that fixes it.
    ChecksumError
        The file is there but its checksum differs from the registry's.
    """
    source = get_source(name)
    spec = source.file(path) if path else source.files[0]
    full = data_dir() / spec.path
    fix = f"run `foedus data fetch {name}` or set {ENV_DATA_DIR} to a folder holding {spec.path}"
    if source.manual and not full.exists():
        fix = f"{source.manual} Looked for it with {_where()}"
    if not full.is_file():
        raise DataMissingError(
            f"dataset {name!r} ({source.title} {source.version}) is missing: {full}", hint=fix
        )
    if check_file(full, spec) is None:
        raise ChecksumError(
            f"dataset {name!r}: {full} does not match its registered sha256 {spec.sha256[:12]}... "
            "(corrupt, truncated or a different version)",
            hint=f"delete it and run `foedus data fetch {name}`, or point {ENV_DATA_DIR} at a verified copy",
        )
    return full


@dataclass(frozen=True)
class FileStatus:
    """Whether one file is present and verified."""

    path: Path
    present: bool
    verified: str | None  # "sha256", "table" or None


def status(name: str) -> list[FileStatus]:
    """Presence and verification of each file of ``name`` in the data folder."""
    out = []
    for spec in get_source(name).files:
        full = data_dir() / spec.path
        present = full.is_file()
        out.append(FileStatus(full, present, check_file(full, spec) if present else None))
    return out


# ----------------------------------------------------------------------------- fetching

ProgressHook = Callable[[str, int, int | None], None]  # (label, bytes so far, total or None)


def _download(url: str, dest: Path, label: str, progress: ProgressHook | None, timeout: float) -> None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp, open(dest, "wb") as out:
            total = resp.headers.get("Content-Length")
            total_n = int(total) if total and total.isdigit() else None
            done = 0
            for block in iter(lambda: resp.read(_CHUNK), b""):
                out.write(block)
                done += len(block)
                if progress:
                    progress(label, done, total_n)
            if total_n is not None and done != total_n:
                raise DataError(f"download of {url} stopped after {done} of {total_n} bytes")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise DataError(
            f"could not download {url}: {exc}",
            hint=f"check the network, or place the file by hand and set {ENV_DATA_DIR}",
        ) from exc


def _zip_member(archive: Path, member: str) -> bytes:
    """The bytes of the file named ``member`` anywhere in ``archive``, looking into nested zips."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            if Path(info.filename).name == member:
                return zf.read(info)
        for info in zf.infolist():
            if info.filename.lower().endswith(".zip"):
                inner = Path(tempfile.mkdtemp()) / "inner.zip"
                try:
                    inner.write_bytes(zf.read(info))
                    return _zip_member(inner, member)
                except DataError:
                    continue
                finally:
                    shutil.rmtree(inner.parent, ignore_errors=True)
    raise DataError(f"{archive.name} has no member {member!r}")


def _write_table(df: pd.DataFrame, dest: Path, fmt: str) -> None:
    if fmt == "csv.gz":
        with gzip.open(dest, "wt", encoding="utf-8", newline="") as fh:
            df.to_csv(fh, index=False)
    else:
        df.to_csv(dest, index=False)


def _derive(spec: DataFile, download: Path, dest: Path) -> None:
    """Turn the downloaded artefact into the file the loaders read."""
    kind = spec.derive[0] if spec.derive else "copy"
    if kind == "copy":
        shutil.copyfile(download, dest)
    elif kind == "zip":
        dest.write_bytes(_zip_member(download, spec.derive[1]))
    elif kind == "atop_ddyr":
        raw = pd.read_csv(io.BytesIO(_zip_member(download, spec.derive[1])))
        keep = ["defense", "offense", "neutral", "nonagg", "consul"]
        df = (
            raw[["stateA", "stateB", "year", *keep]]
            if "stateA" in raw
            else raw[["ccode1", "ccode2", "year", *keep]]
        )
        df.columns = ["ccode1", "ccode2", "year", *(f"atop_{k}" for k in keep)]
        _write_table(df, dest, spec.fmt)
    elif kind == "dta":
        _write_table(pd.read_stata(download), dest, spec.fmt)
    elif kind == "rda":
        try:
            import pyreadr
        except ImportError as exc:
            raise DataError(
                f"{spec.path} comes as an R data file; reading it needs pyreadr",
                hint="pip install 'foedus[data]', then fetch again",
            ) from exc
        frames = pyreadr.read_r(str(download))
        _write_table(frames[spec.derive[1]], dest, spec.fmt)
    else:  # pragma: no cover - registry error
        raise DataError(f"{spec.path}: unknown derivation {kind!r}")


def fetch(
    name: str | Source,
    *,
    force: bool = False,
    progress: ProgressHook | None = None,
    timeout: float = 60.0,
    dest_dir: Path | None = None,
) -> list[Path]:
    """Download dataset ``name`` into the data folder, verify it and return its paths.

    Files already present and verified are kept unless ``force``. A download that fails
    or does not match the registered checksum raises and leaves no file behind (a good
    file already in place is left untouched).

    Parameters
    ----------
    name : str or Source
        Registry name (``foedus data list``) or a :class:`Source`.
    force : bool
        Download again even when a verified file is present.
    progress : callable, optional
        ``progress(label, bytes_done, bytes_total_or_None)`` called while downloading.
    dest_dir : Path, optional
        Where to write (default :func:`data_dir`).
    """
    source = get_source(name) if isinstance(name, str) else name
    root = dest_dir or data_dir()
    if source.manual and not all(f.url for f in source.files):
        missing = [root / f.path for f in source.files if not (root / f.path).is_file()]
        if missing:
            raise DataError(f"dataset {source.name!r} cannot be fetched automatically", hint=source.manual)
    downloads: dict[str, Path] = {}
    workdir = Path(tempfile.mkdtemp(prefix="foedus-fetch-"))
    written: list[Path] = []
    try:
        for spec in source.files:
            dest = root / spec.path
            if dest.is_file() and not force and check_file(dest, spec):
                written.append(dest)
                continue
            if spec.url is None:
                raise DataError(f"{spec.path} has no download address", hint=source.manual or None)
            if spec.url not in downloads:
                target = workdir / f"download-{len(downloads)}"
                _download(spec.url, target, f"{source.name}: {Path(spec.url).name}", progress, timeout)
                downloads[spec.url] = target
            with atomic_path(dest) as tmp:  # a failed check leaves dest as it was
                _derive(spec, downloads[spec.url], tmp)
                if check_file(tmp, spec) is None:
                    raise ChecksumError(
                        f"dataset {source.name!r}: the download from {spec.url} does not match "
                        f"the registered checksum of {spec.path} (sha256 {sha256_file(tmp)[:12]}..., "
                        f"expected {spec.sha256[:12]}...)",
                        hint="the publisher may have changed the file; nothing was written",
                    )
            written.append(dest)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return written


def progress_printer(quiet: bool = False) -> ProgressHook | None:
    """A simple progress hook on stderr, silent when ``quiet`` or not a terminal."""
    if quiet or not sys.stderr.isatty():
        return None
    from rich.progress import BarColumn, DownloadColumn, Progress, TaskID, TransferSpeedColumn

    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        transient=True,
    )
    tasks: dict[str, TaskID] = {}

    def hook(label: str, done: int, total: int | None) -> None:
        if label not in tasks:
            bar.start()
            tasks[label] = bar.add_task(label, total=total)
        bar.update(tasks[label], completed=done, total=total)
        if total is not None and done >= total:
            bar.stop()

    return hook


def state_years(raw: pd.DataFrame, columns: Mapping[str, str]) -> pd.DataFrame:
    """``ccode, year`` and ``columns`` (new name -> the source's column) of a state-year file,
    rows without a COW code dropped (entities that are not states, such as the EU).

    Examples
    --------
    >>> raw = pd.DataFrame({"ccode": [2.0, None], "year": [2020, 2020], "x": [1.5, 2.5]})
    >>> state_years(raw, {"src_x": "x"}).to_dict("records")
    [{'ccode': 2, 'year': 2020, 'src_x': 1.5}]
    """
    raw = raw[raw.ccode.notna()]
    out = {"ccode": raw.ccode.astype(int), "year": raw.year.astype(int)}
    return pd.DataFrame(out | {new: raw[old] for new, old in columns.items()}).reset_index(drop=True)
