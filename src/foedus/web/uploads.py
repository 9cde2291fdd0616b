"""Scenarios the dashboard knows: the shipped ones, the one given to ``foedus serve``, uploads.

A scenario is named in the page by a key the server issued (``shipped:NAME``, ``file:HEX``,
``upload:HEX``), never by a path from the browser. An upload is size-checked, then loaded
first in a separate process (:func:`check_upload`) with a memory cap
(``FOEDUS_WEB_UPLOAD_MEMORY``) and a deadline (``FOEDUS_WEB_UPLOAD_SECONDS``), by the same
safe reader as the CLI's (:mod:`foedus.readers`), with absolute paths refused: whatever the
file holds, the server's own memory and time are not at stake. Only a file that passed is
loaded by the server. Messages name the upload, never a server path.
"""

from __future__ import annotations

import base64
import hashlib
import multiprocessing
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Any

from foedus import limits
from foedus.errors import FoedusError, InputError
from foedus.web.errors import internal_error, public_message, roots_of

__all__ = ["MAX_UPLOAD", "SCENARIOS", "SHIPPED", "UPLOAD_MEMORY", "UPLOAD_SECONDS", "check_upload",
           "decode_upload"]  # fmt: skip

MAX_UPLOAD = 1_000_000
"""Largest scenario file accepted (bytes)."""
SHIPPED = ("asian-nato.yaml", "nato-baltic.yaml")
MAX_UPLOADS = 50
"""Uploaded scenarios the server keeps (the oldest is forgotten first)."""

UPLOAD_SECONDS = limits.Limit("seconds to check an uploaded scenario", "FOEDUS_WEB_UPLOAD_SECONDS", 30)
UPLOAD_MEMORY = limits.Limit("address space of the process that checks an upload, bytes",
                             "FOEDUS_WEB_UPLOAD_MEMORY", 3_000_000_000)  # fmt: skip

# forkserver: each check forks from a clean process that has foedus imported already (fast),
# never from the threaded web server itself.
_CTX = multiprocessing.get_context("forkserver")
_CTX.set_forkserver_preload(["foedus.scenario", "foedus.world", "foedus.places"])


def warm_up() -> None:
    """Start the process that forks the upload checkers, so that the first upload is quick."""
    from multiprocessing import forkserver

    forkserver.ensure_running()


def _check_in_child(conn: Any, path: str, memory: int) -> None:
    """Load the scenario under a memory cap; send back ("ok"|"refused"|"memory"|"bug", text)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not on this platform
        pass
    try:
        from foedus.scenario import load_scenario

        load_scenario(path, relative_only=True)
        conn.send(("ok", ""))
    except FoedusError as exc:
        conn.send(("refused", str(exc)))
    except MemoryError:
        conn.send(("memory", ""))
    except BaseException:  # a bug: the server logs it
        conn.send(("bug", traceback.format_exc(limit=20)[-4000:]))
    finally:
        conn.close()


def check_upload(path: str | Path, name: str) -> None:
    """Load the scenario at ``path`` in a child process with a memory cap and a deadline.

    Raises
    ------
    InputError
        The scenario is refused (the loader's message, with ``name`` for the server's path),
        or checking it needs more memory or time than the dashboard gives an upload.
    """
    memory, seconds = UPLOAD_MEMORY.value, UPLOAD_SECONDS.value
    receive, send = _CTX.Pipe(duplex=False)
    child = _CTX.Process(target=_check_in_child, args=(send, str(path), memory), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(seconds):
            raise InputError(
                f"{name}: checking the file took more than {seconds} s",
                hint=f"simplify the scenario; the server's {UPLOAD_SECONDS.env} raises the limit",
            )
        try:
            status, detail = receive.recv()
        except EOFError:  # killed: the memory cap, most likely
            status, detail = "memory", ""
    finally:
        child.kill()
        child.join(5)
        receive.close()
    if status == "refused":
        raise InputError(public_message(detail, {str(path): name, **roots_of(Path(path).parent)}))
    if status == "memory":
        raise InputError(
            f"{name}: checking the file needs more than {limits.human_bytes(memory)} of memory",
            hint=f"simplify the scenario; the server's {UPLOAD_MEMORY.env} raises the limit",
        )
    if status == "bug":
        raise InputError(internal_error(RuntimeError(detail), f"checking the upload {name}"))


class _Scenarios:
    """Scenarios the server knows, by key: ``shipped:NAME`` or ``upload:HEX``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cache: dict[str, Any] = {}
        self._uploads: dict[str, Path] = {}
        self._dir: Path | None = None

    def path(self, key: str) -> Path:
        if not isinstance(key, str):
            raise InputError("no scenario chosen")
        if key.startswith("shipped:") and key.removeprefix("shipped:") in SHIPPED:
            from foedus.scenario import shipped_scenario

            return shipped_scenario(key.removeprefix("shipped:"))
        if key.startswith("file:"):
            with self._lock:
                if key in self._uploads:
                    return self._uploads[key]
        if key.startswith("upload:"):
            with self._lock:
                if key in self._uploads:
                    return self._uploads[key]
        raise InputError(f"unknown scenario {key!r}", hint="choose a shipped scenario or upload one again")

    def get(self, key: str) -> Any:
        from foedus.scenario import load_scenario

        with self._lock:
            if key in self._cache:
                return self._cache[key]
        sc = load_scenario(self.path(key), relative_only=key.startswith("upload:"))
        with self._lock:
            self._cache[key] = sc
        return sc

    def add_file(self, path: str | Path) -> str:
        """Register a scenario file given on the command line."""
        key = "file:" + hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:16]
        with self._lock:
            self._uploads[key] = Path(path)
        return key

    def add_upload(self, filename: str, data: bytes) -> str:
        """Save an uploaded scenario, check it (:func:`check_upload`), load it, return its key.

        Raises
        ------
        InputError
            Too large, or refused by the loader (its message, naming the upload, not a path).
        """
        from foedus.scenario import load_scenario, shipped_scenario

        name = _display_name(filename)
        if len(data) > MAX_UPLOAD:
            raise InputError(
                f"{name}: the file is {len(data):,} bytes; the dashboard accepts at most {MAX_UPLOAD:,}"
            )
        digest = hashlib.sha256(data).hexdigest()[:16]
        with self._lock:
            if self._dir is None:
                self._dir = Path(tempfile.mkdtemp(prefix="foedus-web-"))
            folder = self._dir / digest
        folder.mkdir(parents=True, exist_ok=True)
        # An uploaded variant of a shipped scenario can name the shipped treaty files.
        treaties = folder / "treaties"
        if not treaties.exists():
            treaties.symlink_to(shipped_scenario().parent / "treaties", target_is_directory=True)
        safe = "".join(c for c in Path(filename or "scenario.yaml").name if c.isalnum() or c in "-_.")
        if not safe.endswith((".yaml", ".yml")):
            safe = (safe or "scenario") + ".yaml"
        path = folder / safe
        path.write_bytes(data)
        check_upload(path, name)  # in a child process with a memory cap and a deadline
        try:
            sc = load_scenario(path, relative_only=True)
        except FoedusError as exc:  # passed in the child: only a changed dataset gets here
            raise InputError(public_message(str(exc), {str(path): name, **roots_of(folder)})) from None
        key = f"upload:{digest}"
        with self._lock:
            self._uploads[key] = path
            self._cache[key] = sc
            uploads = [k for k in self._uploads if k.startswith("upload:")]
            for old in uploads[: max(0, len(uploads) - MAX_UPLOADS)]:  # forget the oldest
                self._uploads.pop(old, None)
                self._cache.pop(old, None)
        return key


SCENARIOS = _Scenarios()


def _display_name(filename: Any) -> str:
    """The upload's name as the page shows it: its last part, at most 60 characters."""
    name = Path(str(filename or "scenario.yaml")).name or "scenario.yaml"
    return name if len(name) <= 60 else name[:57] + "..."


def decode_upload(contents: str, filename: str | None) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL (size-checked)."""
    if not isinstance(contents, str) or "," not in contents:
        raise InputError("the upload is empty or malformed")
    b64 = contents.split(",", 1)[1]
    if len(b64) > MAX_UPLOAD * 4 // 3 + 8:
        raise InputError(
            f"{_display_name(filename)}: the dashboard accepts scenario files of at most {MAX_UPLOAD:,} bytes"
        )
    try:
        return base64.b64decode(b64, validate=True)
    except ValueError:
        raise InputError("the upload is not valid base64 data") from None
