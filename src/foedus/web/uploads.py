"""Scenarios the dashboard knows: the shipped ones, the one given to ``foedus serve``, uploads.

A scenario is named in the page by a key the server issued (``shipped:NAME``, ``file:HEX``,
``upload:HEX``), never by a path from the browser. Uploads are size-checked and parsed as
YAML only.
"""

from __future__ import annotations

import base64
import hashlib
import tempfile
import threading
from pathlib import Path
from typing import Any

from foedus.errors import FoedusError, InputError

__all__ = ["MAX_UPLOAD", "SCENARIOS", "SHIPPED", "decode_upload"]

MAX_UPLOAD = 1_000_000
"""Largest scenario file accepted (bytes)."""
SHIPPED = ("asian-nato.yaml", "nato-baltic.yaml")


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
        sc = load_scenario(self.path(key))
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
        """Save an uploaded scenario, load it, and return its key (or raise InputError)."""
        from foedus.scenario import load_scenario, shipped_scenario

        if len(data) > MAX_UPLOAD:
            raise InputError(
                f"{filename}: the file is {len(data):,} bytes; the dashboard accepts at most {MAX_UPLOAD:,}"
            )
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError(f"{filename}: not a text (UTF-8) file; a scenario is a YAML file") from None
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
        try:
            sc = load_scenario(path)  # the CLI's message, with the upload's name for the server's path
        except FoedusError as exc:
            raise InputError(str(exc).replace(str(path), Path(filename or "scenario.yaml").name)) from None
        key = f"upload:{digest}"
        with self._lock:
            self._uploads[key] = path
            self._cache[key] = sc
        return key


SCENARIOS = _Scenarios()


def decode_upload(contents: str, filename: str | None) -> bytes:
    """The bytes of a ``dcc.Upload`` data URL (size-checked)."""
    if not isinstance(contents, str) or "," not in contents:
        raise InputError("the upload is empty or malformed")
    b64 = contents.split(",", 1)[1]
    if len(b64) > MAX_UPLOAD * 4 // 3 + 8:
        raise InputError(f"{filename}: the dashboard accepts scenario files of at most {MAX_UPLOAD:,} bytes")
    try:
        return base64.b64decode(b64, validate=True)
    except ValueError:
        raise InputError("the upload is not valid base64 data") from None
