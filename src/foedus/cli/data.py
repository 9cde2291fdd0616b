"""``foedus data``: list, inspect, fetch and snapshot the datasets; ``foedus cite``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from foedus.cli.app import Format, _state, out
from foedus.cli.common import require_extra
from foedus.cli.output import FormatOption, OutOption, emit
from foedus.errors import FoedusError, InputError

data_app = typer.Typer(help="The datasets: list, inspect, fetch and snapshot.", no_args_is_help=True)


@data_app.command("list")
def data_list(fmt: FormatOption = Format.table, out_file: OutOption = None) -> None:
    """List the datasets foedus reads, with version and citation."""
    import pandas as pd

    from foedus.data.cache import status
    from foedus.data.sources import SOURCES

    rows: list[dict[str, Any]] = []
    for s in SOURCES.values():
        st = status(s.name)
        rows.append(
            {
                "name": s.name,
                "title": s.title,
                "version": s.version,
                "coverage": s.coverage,
                "homepage": s.homepage,
                "citations": list(s.citations),
                "bibtex": s.bibtex(),
                "present": all(f.present for f in st),
                "verified": all(f.verified for f in st),
                "files": [{"path": f.path, "sha256": f.sha256, "url": f.url} for f in s.files],
            }
        )

    def table() -> None:
        t = Table(title="foedus datasets", title_justify="left")
        for c in ("name", "version", "coverage", "present"):
            t.add_column(c)
        for r in rows:
            t.add_row(
                r["name"],
                r["version"],
                r["coverage"],
                "verified" if r["verified"] else ("present" if r["present"] else "missing"),
            )
        out.print(t)

    cols = ["name", "title", "version", "coverage", "homepage", "present", "verified", "citations"]
    emit(fmt, out_file, pd.DataFrame(rows, columns=cols), rows, table)


@data_app.command("info")
def data_info(
    name: Annotated[str, typer.Argument(help="A dataset name from `foedus data list`.")],
    fmt: FormatOption = Format.table,
    out_file: OutOption = None,
) -> None:
    """Version, citation, files, where they are and whether they verify."""
    import pandas as pd

    from foedus.data.cache import data_dir, status
    from foedus.data.sources import get_source

    s = get_source(name)
    st = status(name)
    info: dict[str, Any] = {
        "name": s.name,
        "title": s.title,
        "version": s.version,
        "coverage": s.coverage,
        "homepage": s.homepage,
        "notes": s.notes,
        "data_dir": str(data_dir()),
        "files": [
            {
                "path": str(f.path),
                "present": f.present,
                "verified": f.verified,
                "sha256": spec.sha256,
                "url": spec.url,
            }
            for f, spec in zip(st, s.files, strict=True)
        ],
        "citations": list(s.citations),
        "bibtex": s.bibtex(),
    }

    def table() -> None:
        out.print(f"[bold]{s.name}[/bold]: {s.title}, version {s.version} ({s.coverage})")
        out.print(f"home: {s.homepage}")
        if s.notes:
            out.print(f"notes: {s.notes}")
        out.print(f"data folder: {data_dir()}")
        for f in info["files"]:
            state = (
                "verified (" + f["verified"] + ")"
                if f["verified"]
                else ("present, NOT verified" if f["present"] else "missing")
            )
            out.print(f"  {f['path']}: {state}")
        out.print(s.bibtex(), markup=False)

    emit(fmt, out_file, pd.DataFrame(info["files"]).assign(dataset=s.name), info, table)


@data_app.command("fetch")
def data_fetch(
    name: Annotated[str | None, typer.Argument(help="Dataset name; or use --all.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Fetch every dataset.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Download even if a verified copy is present.")
    ] = False,
) -> None:
    """Download datasets into the cache (or $FOEDUS_DATA_DIR), verifying their checksums."""
    from foedus.data.cache import data_dir, fetch, progress_printer
    from foedus.data.sources import SOURCES

    if (name is None) == (not all_):
        raise InputError("give a dataset name or --all, not both", hint="see `foedus data list`")
    names = list(SOURCES) if all_ else [str(name)]
    _require_r_reader(names, force)
    hook = progress_printer(_state["quiet"])
    failed = []
    for n in names:
        try:
            paths = fetch(n, force=force, progress=hook)
            if not _state["quiet"]:
                typer.echo(f"{n}: {len(paths)} file(s) verified in {data_dir()}")
        except FoedusError as exc:
            if not all_:
                raise
            failed.append(n)
            if len(failed) <= 2:  # the first two in full; the rest by name, below (three lines at most)
                typer.echo(f"foedus: error: {exc.message}", err=True)
    if failed:
        raise FoedusError(
            f"{len(failed)} of {len(names)} datasets failed: {', '.join(failed)}",
            hint="foedus data fetch NAME says why; the others are in place",
        )


def _require_r_reader(names: list[str], force: bool) -> None:
    """Datasets published as R files are converted with pyreadr (the data extra): say so
    before downloading anything, not after the download, one dataset into ``--all``."""
    from foedus.data.cache import status
    from foedus.data.sources import get_source

    need = [
        n
        for n in names
        for spec, st in zip(get_source(n).files, status(n), strict=True)
        if spec.derive[:1] == ("rda",) and (force or not st.verified)
    ]
    if need:
        require_extra("data", "pyreadr", f"fetching {', '.join(dict.fromkeys(need))} (R data files)")


@data_app.command("snapshot")
def data_snapshot(
    dest: Annotated[
        Path | None, typer.Option(help="Write here instead of the package's embedded folder.")
    ] = None,
) -> None:
    """Rebuild the embedded default world from the datasets (needs them all: foedus data fetch --all)."""
    from foedus.atop_treaty import write_embedded_specs
    from foedus.cli.common import _output
    from foedus.data.snapshot import write_snapshot

    _output(dest, "--dest", folder=True)
    for p in [*write_snapshot(dest), write_embedded_specs(dest)]:
        if not _state["quiet"]:
            typer.echo(f"wrote {p}")


def cite(
    target: Annotated[
        str | None,
        typer.Argument(
            help="A model (bdm, crisis, ...), a dataset (cow_nmc, ...) or a command; omit for all."
        ),
    ] = None,
) -> None:
    """Print BibTeX for a model, a dataset or a command's models and data (everything if omitted)."""
    from foedus.citing import cite as bibtex_for

    typer.echo(bibtex_for(target), nl=False)
