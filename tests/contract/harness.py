"""Run one contract case in-process, as ``foedus`` runs it, and check the result.

:func:`invoke` calls :func:`foedus.cli.run` (what the ``foedus`` entry point does, without
exiting) with stdout and stderr captured, in the case's own folder and environment. The
dashboard is never started: ``foedus serve`` that passes its checks meets a stub that fails
the case instead of listening.
"""

from __future__ import annotations

import contextlib
import io
import os
import time
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

from tests.contract.cases import Case

SECONDS = 20.0
"""The issue's bound on a refused input; a case over it fails."""


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str
    seconds: float

    def problems(self, case: Case) -> list[str]:
        """What breaks the contract (empty: a clean refusal)."""
        lines = self.stderr.splitlines()
        found = []
        if self.code != 2:
            found.append(f"exit code {self.code}, not 2")
        if not 1 <= len(lines) <= 3:
            found.append(f"{len(lines)} lines on stderr")
        if any(len(line) >= 300 for line in lines):
            found.append(f"a line of {max(map(len, lines))} characters")
        if "Traceback" in self.stderr or "Traceback" in self.stdout:
            found.append("a traceback")
        if (
            lines
            and not lines[-1].startswith("foedus: ")
            and not any(x.startswith("foedus: error") for x in lines)
        ):
            found.append("no 'foedus: error:' line")
        if self.seconds > SECONDS:
            found.append(f"{self.seconds:.1f} s")
        if case.match and case.match not in self.stderr:
            found.append(f"stderr lacks {case.match!r}")
        quoted = leaked(self.stderr, case)
        if quoted:
            found.append(f"stderr quotes {len(quoted)}+ characters of an input file: {quoted[:20]!r}...")
        return found


QUOTE = 48
"""The longest run of an input file's characters a message may repeat (a few dozen: a key, a
value, a name; never a file's contents)."""

SECRETS = [Path("/etc/passwd"), Path("/etc/hostname"), Path("/etc/hosts")]
"""Files the corpus's scenarios name: nothing of them may reach a message."""


def leaked(stderr: str, case: Case) -> str:
    """A run of more than :data:`QUOTE` characters of an input file found in ``stderr``, or ''."""
    texts = [data.decode("utf-8", errors="ignore") for data in case.files.values()]
    for secret in SECRETS:
        try:
            texts.append(secret.read_text(encoding="utf-8", errors="ignore"))
        except OSError:
            pass
    texts = [t for t in texts if len(t) > QUOTE]
    for i in range(max(len(stderr) - QUOTE, 0)):
        window = stderr[i : i + QUOTE + 1]
        if "\n" not in window and any(window in t for t in texts):
            return window
    return ""


def _no_server(**kw):
    raise AssertionError("the contract corpus would have started the dashboard")


def prepare(case: Case, folder: Path) -> tuple[list[str], dict[str, str]]:
    """Write the case's files and return its argv and environment."""
    for name, data in case.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if case.setup is not None:
        case.setup(folder)
    env = {k: v.format(d=folder) for k, v in case.env.items()}
    return case.argv(folder), env


def invoke(argv: list[str], folder: Path, env: dict[str, str], debug: bool = False) -> Outcome:
    """Run ``foedus ARGV`` in-process in ``folder`` with ``env`` added."""
    from foedus.cli import run

    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    env = {**env, "FOEDUS_DEBUG": "1" if debug else ""}
    start = time.perf_counter()
    try:
        os.chdir(folder)
        with (
            mock.patch.dict(os.environ, env),
            mock.patch("foedus.web.app.serve", _no_server),
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
        ):
            try:
                code = run(argv)
            except SystemExit as exc:  # not expected: run() returns its code
                code = exc.code if isinstance(exc.code, int) else 1
            except BaseException as exc:  # only under debug
                import traceback

                err.write("".join(traceback.format_exception(exc)))
                code = 1
    finally:
        os.chdir(old)
    return Outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - start)
