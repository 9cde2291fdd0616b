"""Writing output files so that an interrupted run never leaves a broken file over a good one.

:func:`check_output` checks an output path before the work starts (the CLI calls it for every
``--out``); :func:`atomic_path` writes one file and :func:`atomic_folder` a set of files, each
renamed into place only when complete.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from foedus.errors import InputError

__all__ = ["atomic_folder", "atomic_path", "check_output", "write_text"]


@contextmanager
def atomic_path(dest: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``dest``; on success rename it onto ``dest``.

    If the block raises (or the process is interrupted), the temporary file is removed
    and ``dest`` keeps whatever it held before.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "table.csv"
    >>> with atomic_path(out) as tmp:
    ...     _ = tmp.write_text("a,b\\n1,2\\n")
    >>> out.read_text()
    'a,b\\n1,2\\n'
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _as_if_created(tmp, dest, folder=False)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def _as_if_created(tmp: Path, dest: Path, *, folder: bool) -> None:
    """Give ``tmp`` the permissions ``dest`` has, or would have had if written directly.

    ``mkstemp`` and ``mkdtemp`` create private files (0600) and folders (0700); renamed into
    place as they are, a result would be unreadable to the user's group where ``open()``
    would have honoured the umask.
    """
    try:
        mode = stat.S_IMODE(dest.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0o022)  # reading the umask means setting it; set it straight back
        os.umask(mask)
        mode = (0o777 if folder else 0o666) & ~mask
    tmp.chmod(mode)


def write_text(dest: str | Path, text: str) -> Path:
    """Write ``text`` to ``dest`` atomically (UTF-8)."""
    with atomic_path(dest) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(dest)


def check_output(path: str | Path, *, folder: bool = False, label: str | None = None) -> Path:
    """Check, before the work starts, that ``path`` can be written; return it as a Path.

    For a file (``folder=False``): ``path`` is not a folder, and its parent folder exists
    and takes new files. For a folder: ``path`` is not a file, and its parent exists and
    takes new files (the folder itself is created, or replaced as a set, by
    :func:`atomic_folder`).

    Raises
    ------
    InputError
        Naming the path and what is wrong: a folder given for a file (or the reverse), a
        parent folder that does not exist or is not writable.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> check_output(d / "out.csv").name
    'out.csv'
    >>> try:
    ...     check_output(d / "missing" / "out.csv")
    ... except InputError as exc:
    ...     print(exc.message.split(": ", 1)[1])
    its folder does not exist
    """
    p = Path(path)
    if label is None:  # the messages start with the path (or with what the caller names it)
        label = str(p) if len(str(p)) <= 120 else "..." + str(p)[-117:]
    if not str(path).strip():
        raise InputError("the output path is empty", hint="give a file name")
    if folder and p.exists() and not p.is_dir():
        raise InputError(f"{label}: is a file, not a folder", hint="give a folder name, or remove the file")
    if not folder and p.is_dir():
        raise InputError(f"{label}: is a folder", hint="give a file name, e.g. " + str(p / "out.csv")[-80:])
    parent = p.absolute().parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        raise InputError(f"{label}: its folder {what}", hint=f"create it first: mkdir -p {str(parent)[-80:]}")
    try:  # os.access says yes to root even on a read-only file system: try it
        fd, probe = tempfile.mkstemp(prefix=".foedus-probe-", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise InputError(
            f"{label}: cannot write in its folder ({exc.strerror or 'permission denied'})",
            hint="choose a folder you can write in",
        ) from None
    if not folder and p.exists() and not os.access(p, os.W_OK):
        raise InputError(f"{label}: the file is read-only", hint="choose another name, or make it writable")
    return p


@contextmanager
def atomic_folder(dest: str | Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside ``dest``; on success it replaces ``dest`` as a set.

    The files are written into the temporary folder; when the block ends it is renamed onto
    ``dest`` (the previous folder, if any, is renamed aside first and then removed). An
    exception leaves ``dest`` as it was and removes the temporary folder: the reader sees the
    old set or the new one, never a mix. (A process killed between the two renames leaves the
    old set as ``.NAME.old-*`` beside ``dest``.)

    Examples
    --------
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "figures"
    >>> with atomic_folder(out) as tmp:
    ...     _ = (tmp / "a.png").write_bytes(b"png")
    >>> sorted(p.name for p in out.iterdir())
    ['a.png']
    """
    dest = Path(dest)
    check_output(dest, folder=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.absolute().parent))
    try:
        yield tmp
        _as_if_created(tmp, dest, folder=True)
        old = None
        if dest.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old-", dir=tmp.parent))
            os.replace(dest, old / dest.name)
        os.replace(tmp, dest)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
