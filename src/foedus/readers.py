"""The one safe reader of every input file: YAML and CSV, bounded before they are parsed.

Every file a user gives foedus (a scenario, a treaty, a gazetteer of places, an issue file)
is read here, so that every one is held to the same rules:

- **size**: a file larger than :data:`foedus.limits.FILE_BYTES` is refused before it is
  read; a folder, a device or a pipe given as a file is refused;
- **encoding**: UTF-8 only (a UTF-8 byte-order mark is dropped). UTF-16 and UTF-32 files,
  NUL bytes and other encodings (Latin-1, Windows-1252) are refused naming the line;
- **YAML**: parsed with PyYAML's safe loader (its C version when present), after a first
  pass over the parser's events that counts the values *with aliases expanded* and the
  nesting depth, in constant memory. A "billion laughs" file of a few hundred bytes is
  refused in a millisecond; so is a file nested 50,000 deep. A syntax error names the line
  where the unclosed bracket or quote *opened*, not only where the parser gave up; a key
  given twice in one mapping is an error;
- **CSV**: the same checks, then a cap on rows and columns before pandas reads it;
- **references**: a file a scenario names must lie in the scenario's folder, a folder the
  caller allows, or one listed in ``FOEDUS_ALLOW_DIRS`` (:func:`resolve_reference`).

Every refusal is an :class:`~foedus.errors.InputError` of one line naming the file, the
line and key where there is one, what is wrong and how to fix it. A message never quotes
more than a few bytes of the file.

Examples
--------
>>> import pathlib, tempfile
>>> f = pathlib.Path(tempfile.mkdtemp()) / "t.yaml"
>>> _ = f.write_text("name: x\\nlist: [1, 2]\\n", encoding="utf-8")
>>> data, lines = read_yaml(f)
>>> data, lines[("list",)]
({'name': 'x', 'list': [1, 2]}, 2)
>>> _ = f.write_text("a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\\n" + "".join(
...     f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\\n"
...     for i in range(8)), encoding="utf-8")
>>> try:
...     read_yaml(f)
... except InputError as exc:
...     print(exc.message.split(": ", 1)[1])
the file expands to more than 200,000 values (each alias '*name' repeats what it names)
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from foedus import limits
from foedus.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ALLOW_ENV",
    "decode",
    "parse_yaml",
    "read_bytes",
    "read_csv",
    "read_text",
    "read_yaml",
    "resolve_reference",
    "shown",
    "shown_path",
]

ALLOW_ENV = "FOEDUS_ALLOW_DIRS"
"""Folders (separated by ``os.pathsep``) whose files any scenario may name."""

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SAVE_UTF8 = "save it as UTF-8: in most editors, Save as with the encoding UTF-8"


def shown(value: Any, width: int = 40) -> str:
    """``repr(value)`` cut to ``width`` characters: what a message may quote of an input.

    Examples
    --------
    >>> shown("x" * 100, 12)
    "'xxxxxxxx..."
    """
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def shown_path(path: str | Path, width: int = 120) -> str:
    """A path as messages show it: whole, or its last ``width`` characters after an ellipsis."""
    text = str(path)
    return text if len(text) <= width else "..." + text[-(width - 3) :]


# ----------------------------------------------------------------------------- bytes, text
def read_bytes(path: str | Path, what: str = "file") -> bytes:
    """The bytes of a regular file no larger than :data:`foedus.limits.FILE_BYTES`.

    Raises
    ------
    InputError
        No such file, a folder, a device or pipe, unreadable, or too large.
    """
    p = Path(path)
    label = shown_path(p)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(f"{label}: no such file", hint=f"give the path of a {what}") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied", hint="check the file's permissions") from None
    except OSError as exc:  # a name too long, a loop of links, a file used as a folder
        raise InputError(f"{label}: cannot be read ({exc.strerror or 'invalid path'})") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{label}: is a folder, not a file", hint=f"give the path of a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{label}: not a regular file (a device, pipe or socket)",
                         hint=f"give the path of a {what}")  # fmt: skip
    limit = limits.FILE_BYTES.value
    if info.st_size > limit:
        raise InputError(
            f"{label}: {limits.human_bytes(info.st_size)} is above the limit for input files, "
            f"{limits.human_bytes(limit)} ({limits.FILE_BYTES.env})",
            hint=f"is this the right file? set {limits.FILE_BYTES.env} to read larger ones",
        )
    try:
        with open(p, "rb") as fh:
            data = fh.read(info.st_size + 1)  # one byte more: the file may have grown since stat()
    except OSError as exc:
        raise InputError(f"{label}: cannot be read ({exc.strerror or 'I/O error'})") from None
    if len(data) > info.st_size:
        raise InputError(f"{label}: the file changed while it was read", hint="try again once it is written")
    return data


_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode(data: bytes, source: str) -> str:
    """``data`` as UTF-8 text, or an error naming the encoding problem and its line.

    Examples
    --------
    >>> decode("caf\\u00e9\\n".encode("utf-8"), "a.yaml")
    'café\\n'
    >>> try:
    ...     decode("a: 1\\nb: caf\\u00e9\\n".encode("latin-1"), "a.yaml")
    ... except InputError as exc:
    ...     print(exc.message)
    a.yaml:2: not UTF-8 text (byte 0xe9 at column 7); it looks like Latin-1 or Windows-1252
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            raise InputError(
                f"{source}: the file is {name} (it starts with a {name} byte-order mark), not UTF-8",
                hint=_SAVE_UTF8,
            )
    data = data.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte-order mark (Excel writes one)
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InputError(
            f"{source}:{line}: the file holds NUL bytes (a binary file, or UTF-16 without a byte-order mark)",
            hint=_SAVE_UTF8,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        try:
            data.decode("cp1252")
            guess = "it looks like Latin-1 or Windows-1252"
        except UnicodeDecodeError:
            guess = "is it a binary file?"
        raise InputError(
            f"{source}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at column {column}); {guess}",
            hint=_SAVE_UTF8,
        ) from None


def read_text(path: str | Path, what: str = "file") -> str:
    """A file's text: :func:`read_bytes` then :func:`decode` (newlines as written)."""
    return decode(read_bytes(path, what), shown_path(path))


# ----------------------------------------------------------------------------- YAML
def _scan(text: str, source: str) -> None:
    """Refuse a document nested too deep or holding too many values once aliases expand.

    One pass over the parser's events, in constant memory: each anchor's expanded size is
    kept, and an alias adds the size of what it names.
    """
    max_nodes, max_depth = limits.YAML_NODES.value, limits.YAML_DEPTH.value
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []  # [expanded size so far, anchor] of each open collection
    total, aliased = 0, False
    for ev in yaml.parse(text, Loader=_LOADER):
        if isinstance(ev, yaml.CollectionStartEvent):
            if len(stack) >= max_depth:
                raise InputError(
                    f"{source}:{_line(ev)}: nested more than {max_depth} levels deep",
                    hint=f"flatten the file; {limits.YAML_DEPTH.env} raises the limit",
                )
            stack.append([1, ev.anchor])
            continue
        if isinstance(ev, yaml.CollectionEndEvent):
            size, anchor = stack.pop()
        elif isinstance(ev, yaml.ScalarEvent):
            size, anchor = 1, ev.anchor
        elif isinstance(ev, yaml.AliasEvent):
            size, anchor, aliased = sizes.get(ev.anchor or "", 1), None, True
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        if stack:
            stack[-1][0] += size
            size = stack[-1][0]
        else:
            total += size
            size = total
        if size > max_nodes:
            why = " (each alias '*name' repeats what it names)" if aliased else ""
            raise InputError(
                f"{source}:{_line(ev)}: the file expands to more than {limits.number(max_nodes)} values{why}",
                hint=f"split the file; {limits.YAML_NODES.env} raises the limit",
            )


def _line(event: yaml.Event) -> int | str:
    """The 1-based line an event starts on."""
    return event.start_mark.line + 1 if event.start_mark is not None else "?"


def _syntax_error(exc: yaml.YAMLError, source: str) -> InputError:
    """A YAML error as one line: the line where the construct opened, and where it broke."""
    problem = str(getattr(exc, "problem", None) or "not valid YAML")
    context = getattr(exc, "context", None)
    mark = getattr(exc, "problem_mark", None)
    opened = getattr(exc, "context_mark", None)
    if "nesting depth" in problem:  # libyaml's own cap (1000), met while it looks ahead
        line = f":{mark.line + 1}" if mark is not None else ""
        return InputError(f"{source}{line}: nested more than {limits.YAML_DEPTH.value} levels deep",
                          hint=f"flatten the file; {limits.YAML_DEPTH.env} raises the limit")  # fmt: skip
    problem = problem if len(problem) <= 80 else problem[:77] + "..."
    if opened is not None and context and (mark is None or opened.line != mark.line):
        where = f"{source}:{opened.line + 1}"
        what = f"{context} (opened at line {opened.line + 1}): {problem}"
        if mark is not None:
            what += f" at line {mark.line + 1}"
    else:
        where = f"{source}:{mark.line + 1}" if mark is not None else source
        what = f"{context}: {problem}" if context else problem
    if isinstance(exc, yaml.constructor.ConstructorError):
        hint = "remove the '!' tag" if "tag" in problem else "use plain names or numbers as keys"
        return InputError(f"{where}: not plain YAML: {what}", hint=hint)
    return InputError(f"{where}: not valid YAML: {what}",
                      hint="check the brackets, quotes and indentation there")  # fmt: skip


def _lines(node: yaml.Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int], source: str) -> None:
    """Map each key path to its line; refuse a key given twice in one mapping."""
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            k = key.value
            line = key.start_mark.line + 1
            if isinstance(key, yaml.ScalarNode) and k != "<<":
                if k in seen:
                    raise InputError(
                        f"{source}:{line}: key {shown(k)} given twice in one mapping "
                        f"(first at line {seen[k]})",
                        hint="keep one of them",
                    )
                seen[k] = line
            if not isinstance(k, list):  # a complex key: no path to it
                out[(*path, k)] = line
                _lines(value, (*path, k), out, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, (*path, i), out, source)


def parse_yaml(text: str, source: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Parse YAML text safely; return the data and a map from key path to line number.

    ``source`` names the text in messages (a file name). See the module docstring for what
    is refused.
    """
    loader = None
    lines: dict[tuple[Any, ...], int] = {}
    try:
        _scan(text, source)
        loader = _LOADER(text)
        node = loader.get_single_node()
        if node is None:
            return None, lines
        _lines(node, (), lines, source)  # before construction, which flattens merge keys (<<)
        return loader.construct_document(node), lines
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, source) from None
    finally:
        if loader is not None:
            loader.dispose()


def read_yaml(path: str | Path, what: str = "YAML file") -> tuple[Any, dict[tuple[Any, ...], int]]:
    """Read a YAML file safely; return the data and a map from key path to line number.

    Raises
    ------
    InputError
        The file is missing, too large, not UTF-8, not valid YAML (with the line of the
        problem), nested too deep, or expands to too many values.
    """
    return parse_yaml(read_text(path, what), shown_path(path))


# ----------------------------------------------------------------------------- CSV
def read_csv(path: str | Path, what: str = "CSV file", **options: Any) -> pd.DataFrame:
    """Read a CSV file safely: :func:`read_text`'s checks, then caps on rows and columns.

    ``options`` go to :func:`pandas.read_csv`.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = f.write_text("a,b\\n1,2\\n", encoding="utf-8")
    >>> read_csv(f).to_dict("list")
    {'a': [1], 'b': [2]}
    """
    import pandas as pd

    source = shown_path(path)
    text = read_text(path, what)
    rows = (text.count("\n") or text.count("\r")) + (0 if text.endswith(("\n", "\r")) else 1)
    limits.CSV_ROWS.check(max(rows - 1, 1), f"{source}: rows", need=0)
    first = re.split(r"\r\n?|\n", text, maxsplit=1)[0]
    try:
        header = next(csv.reader([first]), [])
    except csv.Error:  # an odd quote: count the separators
        header = first.split(",")
    limits.CSV_COLUMNS.check(max(len(header), 1), f"{source}: columns", need=0)
    try:
        return pd.read_csv(io.StringIO(text), **options)
    except pd.errors.EmptyDataError:
        raise InputError(f"{source}: the file is empty", hint="a CSV file needs a header row") from None
    except (pd.errors.ParserError, ValueError) as exc:
        detail = str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__
        detail = detail.removeprefix("Error tokenizing data. C error: ")
        raise InputError(
            f"{source}: not a readable CSV file ({detail[:120]})",
            hint="save it as comma-separated UTF-8 text with a header row",
        ) from None


# ----------------------------------------------------------------------------- references
def _allowed_env() -> list[Path]:
    raw = os.environ.get(ALLOW_ENV, "")
    return [Path(p).expanduser().resolve() for p in raw.split(os.pathsep) if p.strip()]


def resolve_reference(
    ref: Any,
    folder: str | Path,
    where: str,
    *,
    allow: Iterable[str | Path] = (),
    relative_only: bool = False,
) -> Path:
    """The file a spec names (``ref``, relative to ``folder``), if it lies where it may.

    A file may lie in ``folder`` (the scenario's own folder), in one of the ``allow``
    folders, or in one listed in ``FOEDUS_ALLOW_DIRS``; links are followed before the check,
    so neither ``..`` nor a link leads out. ``relative_only`` refuses absolute paths
    outright (a scenario uploaded to the dashboard).

    Parameters
    ----------
    ref : str
        The path as written in the file.
    folder : path
        The folder of the file that names it.
    where : str
        ``"file:line: key"`` for messages.

    Raises
    ------
    InputError
        Not a path, absolute when ``relative_only``, or outside every allowed folder.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> resolve_reference("treaties/a.yaml", d, "s.yaml:3").name
    'a.yaml'
    >>> try:
    ...     resolve_reference("../../etc/passwd", d, "s.yaml:3")
    ... except InputError as exc:
    ...     print(exc.message)
    s.yaml:3: '../../etc/passwd' lies outside the scenario's folder
    """
    if not isinstance(ref, str) or not ref.strip() or "\x00" in ref:
        raise InputError(f"{where}: expected a file name, got {shown(ref)}")
    if relative_only and Path(ref).is_absolute():
        raise InputError(f"{where}: an uploaded scenario may name only files beside it, "
                         "not absolute paths", hint="write the path relative to the scenario")  # fmt: skip
    base = Path(folder).resolve()
    try:
        target = (base / Path(ref)).resolve()
    except (OSError, RuntimeError):
        raise InputError(f"{where}: {shown(ref)} is not a usable path") from None
    roots: Sequence[Path] = [base, *(Path(a).resolve() for a in allow), *_allowed_env()]
    if not any(target.is_relative_to(root) for root in roots):
        raise InputError(
            f"{where}: {shown(ref)} lies outside the scenario's folder",
            hint=f"copy the file beside the scenario, or list its folder in {ALLOW_ENV}",
        )
    return target
