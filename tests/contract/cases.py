"""The contract corpus of issue 16: malformed invocations of every command, table-driven.

Each :class:`Case` is one invocation that foedus must *refuse*: exit code 2, at most three
lines on stderr, each under 300 characters, no traceback, in bounded time (see
``docs/limits.md``, "How a refusal looks"). A case names its class (``paths``, ``encoding``,
``yaml``, ``types``, ``domain``, ``limits``, ``outputs``, ``usage``, ``references``,
``sweep``, ``csv``, ``names``, ``env``), the command it exercises, the arguments (``{d}`` is
the case's own empty folder, ``{root}`` the repository) and the files it writes there first.

``python -m tests.contract.cases`` prints the count by class and by command without running
anything; ``pytest tests/contract`` runs them and prints the clean count by class.
"""

from __future__ import annotations

import collections
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "asian-nato.yaml"
ISSUES = ROOT / "scenarios" / "asian-nato-adoption.csv"
ISSUES_YAML = ROOT / "scenarios" / "asian-nato-adoption.yaml"
TREATY = ROOT / "scenarios" / "treaties" / "us-japan-1960.yaml"

COMMANDS = (
    "demo",
    "report",
    "serve",
    "world",
    "treaty show",
    "treaty list",
    "obligations",
    "simulate",
    "compare",
    "forecast",
    "landscape",
    "power",
    "burden",
    "similarity",
    "calibrate",
    "backtest",
    "score commitments",
    "score outcomes",
    "sweep",
    "design search",
    "data list",
    "data info",
    "data fetch",
    "data snapshot",
    "cite",
)
"""Every command ``foedus --help`` lists (the groups by their subcommands)."""


@dataclass(frozen=True)
class Case:
    """One malformed invocation. ``setup(folder)`` may make what bytes alone cannot (links, modes)."""

    cls: str
    command: str
    name: str
    args: tuple[str, ...]
    files: dict[str, bytes] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    setup: Callable[[Path], None] | None = None
    match: str = ""  # a phrase stderr must hold (the message names what was wrong)
    unprivileged: bool = False  # a refusal only for users other than root (file modes)

    @property
    def id(self) -> str:
        return f"{self.cls}-{self.command.replace(' ', '_')}-{self.name}"

    def argv(self, folder: Path) -> list[str]:
        return [a.format(d=folder, root=ROOT) for a in self.args]


# ----------------------------------------------------------------------------- file contents
def b(text: str) -> bytes:
    return text.encode("utf-8")


BOMB = b(
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    )
)
DEEP_FLOW = b("a: " + "[" * 5000 + "]" * 5000 + "\n")
DEEP_BLOCK = b("".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n")
DEEP_UNCLOSED = b("a: " + "{x: " * 3000 + "\n")
TREATY_TEXT = TREATY.read_text(encoding="utf-8")

SCENARIO_TEXT = """\
name: contract
world: default
designs:
  d:
    label: one treaty
    treaties: [treaties/us-japan-1960.yaml]
events:
  - id: e
    aggressor: CHN
    target: JPN
    place: senkaku
    kind: armed_attack
    severity: limited
"""


def scenario_with(**replace: str) -> bytes:
    """The minimal scenario with lines replaced: ``scenario_with(target="target: {a: 1}")``."""
    text = SCENARIO_TEXT
    for key, line in replace.items():
        old = next(x for x in text.splitlines() if x.strip().startswith(key + ":"))
        indent = old[: len(old) - len(old.lstrip())]
        text = text.replace(old, indent + line, 1)
    return b(text)


def with_treaty(files: dict[str, bytes]) -> dict[str, bytes]:
    return {"treaties/us-japan-1960.yaml": b(TREATY_TEXT), **files}


ENCODINGS: dict[str, bytes] = {
    "latin1": "name: caf\u00e9 \u00e0 la cr\u00e8me\n".encode("latin-1"),
    "cp1252": "name: \u201cquoted\u201d\n".encode("cp1252"),
    "utf16bom": "name: x\n".encode("utf-16"),
    "utf16le-nobom": "name: x\n".encode("utf-16-le"),
    "utf32": "name: x\n".encode("utf-32"),
    "nul": b"name: x\x00y\n",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "gzip": b"\x1f\x8b\x08\x00" + bytes(range(200, 256)) * 3,
    "lone-continuation": b"name: \x80\x81\x82\n",
    "truncated-utf8": b"name: caf\xc3",
}
CSV_ENCODINGS: dict[str, bytes] = {
    "latin1": "actor,capability,position,salience\nM\u00fcller,1,50,50\n".encode("latin-1"),
    "utf16bom": "actor,capability,position,salience\nA,1,50,50\n".encode("utf-16"),
    "nul": b"actor,capability,position,salience\nA,1,5\x000,50\n",
    "utf32": "actor,capability\nA,1\n".encode("utf-32"),
    "binary": bytes(range(256)) * 4,
}
YAML_BAD: dict[str, bytes] = {
    "bomb": BOMB,
    "deep-flow": DEEP_FLOW,
    "deep-block": DEEP_BLOCK,
    "deep-unclosed": DEEP_UNCLOSED,
    "unclosed-bracket": b("name: x\nlist: [1, 2\nother: 3\n"),
    "unclosed-quote": b('name: "x\nother: 3\n'),
    "bad-indent": b("name: x\n  bad: indent\n oops: 1\n"),
    "tab-indent": b("name: x\nworld:\n\tyear: 2022\n"),
    "duplicate-key": b("name: x\nname: y\n"),
    "python-tag": b("name: !!python/object/apply:os.system ['echo pwned']\n"),
    "custom-tag": b("name: !secret x\n"),
    "list-top": b("- a\n- b\n"),
    "scalar-top": b("just a string\n"),
    "empty": b"",
    "comments-only": b("# nothing here\n"),
    "two-documents": b("name: a\n---\nname: b\n"),
    "complex-key": b("? [a, b]\n: 1\n"),
    "merge-bomb": b("a: &a {x: 1}\nb:\n  <<: *a\n  <<: *a\n"),
    "undefined-alias": b("name: *nope\n"),
    "huge-scalar-line": b("name: " + "x" * 100_000 + "\n"),
}


# ----------------------------------------------------------------------------- the corpus
def _sweep_args(args: tuple[str, ...]) -> tuple[str, ...]:
    """A sweep of the shipped scenario gets the options it needs to reach what the case is
    about: an event, and the assumed baseline whose ``crisis.*`` parameters it varies."""
    if args[:1] != ("sweep",):
        return tuple(args)
    if str(SCENARIO) in args and "--event" not in args and "forecast" not in args:
        args = (*args, "--event", "senkaku")
    if "--capability" not in args and any("crisis." in a for a in args):
        args = (*args, "--capability", "cinc")
    return tuple(args)


def _cases() -> list[Case]:
    cases: list[Case] = []

    def add(cls: str, command: str, name: str, *args: str, **kw) -> None:
        cases.append(Case(cls, command, name, _sweep_args(args), **kw))

    cmd = {  # how each command takes a file of each kind
        "scenario": [
            ("obligations", lambda f: ("obligations", f, "--event", "e")),
            ("simulate", lambda f: ("simulate", f, "--event", "e", "--draws", "100")),
            ("compare", lambda f: ("compare", f, "--draws", "100")),
            ("report", lambda f: ("report", f, "-o", "{d}/r.html")),
            ("landscape", lambda f: ("landscape", f)),
            ("power", lambda f: ("power", f)),
            ("serve", lambda f: ("serve", f)),
            ("sweep", lambda f: ("sweep", f, "-o", "{d}/sw", "--event", "e", "--samples", "2", "--serial")),
            ("design search", lambda f: ("design", "search", f, "--budget", "2")),
        ],
        "treaty": [
            ("treaty show", lambda f: ("treaty", "show", f)),
            ("burden", lambda f: ("burden", f, "--year", "2022")),
        ],
        "issues": [("forecast", lambda f: ("forecast", f))],
        "rows": [
            ("score commitments", lambda f: ("score", "commitments", f)),
            ("score outcomes", lambda f: ("score", "outcomes", f)),
            ("landscape", lambda f: ("landscape", "--sizes", f, "--propensities", f)),
        ],
    }
    ext = {"scenario": "yaml", "treaty": "yaml", "issues": "csv", "rows": "csv"}

    # --- paths: files that are not there, or not files
    for kind, commands in cmd.items():
        for command, argv in commands:
            e = ext[kind]
            add("paths", command, f"{kind}-missing", *argv(f"{{d}}/missing.{e}"))
            add("paths", command, f"{kind}-folder", *argv("{d}"))
            add("paths", command, f"{kind}-devnull", *argv("/dev/null"))
            add("paths", command, f"{kind}-empty", *argv(f"{{d}}/empty.{e}"), files={f"empty.{e}": b""})
            add("paths", command, f"{kind}-loop", *argv(f"{{d}}/loop.{e}"), setup=_loop(f"loop.{e}"))
    for command, argv in cmd["scenario"][:4] + cmd["treaty"][:1] + cmd["issues"]:
        add("paths", command, "name-too-long", *argv("{d}/" + "x" * 300 + ".yaml"))
        add("paths", command, "file-as-folder", *argv("{d}/f.yaml/x.yaml"), files={"f.yaml": b("a: 1\n")})
    add("paths", "forecast", "no-extension", "forecast", "{d}/issues", files={"issues": b("a,b\n1,2\n")})
    add(
        "paths",
        "forecast",
        "wrong-extension",
        "forecast",
        "{d}/issues.xlsx",
        files={"issues.xlsx": b"PK\x03\x04"},
    )
    add("paths", "serve", "missing-default-ok-but-port", "serve", "--port", "0")
    add(
        "paths",
        "sweep",
        "issues-missing",
        "sweep",
        "x",
        "--analysis",
        "forecast",
        "-p",
        "bdm.x=1,2",
        "--issues",
        "{d}/none.csv",
        "-o",
        "{d}/sw",
        "--serial",
    )
    add("paths", "treaty show", "treaty-zero", "treaty", "show", "/dev/zero")

    # --- encodings of every kind of input
    for kind, commands in cmd.items():
        table = CSV_ENCODINGS if ext[kind] == "csv" else ENCODINGS
        for command, argv in commands:
            for enc, data in table.items():
                add(
                    "encoding",
                    command,
                    f"{kind}-{enc}",
                    *argv(f"{{d}}/in.{ext[kind]}"),
                    files={f"in.{ext[kind]}": data},
                )
    for enc in ("latin1", "utf16bom", "nul"):
        add(
            "encoding",
            "simulate",
            f"treaty-in-scenario-{enc}",
            "simulate",
            "{d}/s.yaml",
            "--event",
            "e",
            files={"s.yaml": b(SCENARIO_TEXT), "treaties/us-japan-1960.yaml": ENCODINGS[enc]},
        )
        add(
            "encoding",
            "obligations",
            f"places-{enc}",
            "obligations",
            "{d}/s.yaml",
            "--event",
            "e",
            files=with_treaty({"s.yaml": b("places: p.yaml\n") + b(SCENARIO_TEXT), "p.yaml": ENCODINGS[enc]}),
        )
        add(
            "encoding",
            "forecast",
            f"issues-yaml-{enc}",
            "forecast",
            "{d}/i.yaml",
            files={"i.yaml": ENCODINGS[enc]},
        )

    # --- YAML: bombs, nesting, syntax, tags, shapes
    for kind in ("scenario", "treaty"):
        for command, argv in cmd[kind]:
            for name, data in YAML_BAD.items():
                if command in ("power", "serve", "sweep", "landscape") and name not in (
                    "bomb",
                    "deep-flow",
                    "python-tag",
                    "list-top",
                    "unclosed-bracket",
                ):
                    continue
                add("yaml", command, f"{kind}-{name}", *argv("{d}/in.yaml"), files={"in.yaml": data})
    for name in ("bomb", "deep-flow", "deep-block", "python-tag", "list-top", "duplicate-key", "empty"):
        add("yaml", "forecast", f"issues-{name}", "forecast", "{d}/i.yaml", files={"i.yaml": YAML_BAD[name]})
        add(
            "yaml",
            "simulate",
            f"nested-treaty-{name}",
            "simulate",
            "{d}/s.yaml",
            "--event",
            "e",
            files={"s.yaml": b(SCENARIO_TEXT), "treaties/us-japan-1960.yaml": YAML_BAD[name]},
        )
        add(
            "yaml",
            "obligations",
            f"places-{name}",
            "obligations",
            "{d}/s.yaml",
            "--event",
            "e",
            files=with_treaty({"s.yaml": b("places: p.yaml\n") + b(SCENARIO_TEXT), "p.yaml": YAML_BAD[name]}),
        )

    # --- wrong types in a scenario (the loader's schema), through two commands
    wrong = {
        "target-mapping": {"target": "target: {a: 1}"},
        "target-list": {"target": "target: [JPN, KOR]"},
        "target-unknown": {"target": "target: Atlantis"},
        "target-null": {"target": "target: null"},
        "target-float": {"target": "target: 1e308"},
        "aggressor-mapping": {"aggressor": "aggressor: {x: CHN}"},
        "aggressor-empty": {"aggressor": "aggressor: []"},
        "aggressor-is-target": {"aggressor": "aggressor: JPN"},
        "event-id-bad": {"- id": "- id: 'Bad Id!'"},
        "event-id-number": {"- id": "- id: 7"},
        "kind-unknown": {"kind": "kind: alien_invasion"},
        "severity-number": {"severity": "severity: 11"},
        "place-unknown": {"place": "place: atlantis"},
        "place-mapping": {"place": "place: {lat: 1}"},
        "name-list": {"name": "name: [a, b]"},
        "name-missing": {"name": "description: no name"},
        "world-number": {"world": "world: 42"},
        "world-year-3000": {"world": "world: {year: 3000}"},
        "world-year-1e30": {"world": "world: {year: 1e30}"},
        "world-year-text": {"world": "world: {year: soon}"},
        "world-region-unknown": {"world": "world: {region: atlantis}"},
        "world-states-mapping": {"world": "world: {states: {a: 1}}"},
        "world-unknown-key": {"world": "world: {yaer: 2022}"},
        "designs-list": {"designs": "designs: [a, b]"},
        "designs-empty": {"designs": "designs: {}"},
        "treaties-number": {"treaties": "treaties: 42"},
        "treaties-mapping": {"treaties": "treaties: {a: 1}"},
        "treaties-missing-file": {"treaties": "treaties: [treaties/nope.yaml]"},
        "extends-unknown": {"label": "extends: nowhere"},
        "extends-self": {"label": "extends: d"},
        "events-mapping": {"events": "events: {a: 1}"},
        "label-mapping": {"label": "label: {a: 1}"},
        "unknown-top-key": {"name": "name: x\nsurprise: 1"},
    }
    for name, repl in wrong.items():
        files = with_treaty({"s.yaml": scenario_with(**repl)})
        add(
            "types",
            "obligations",
            f"scenario-{name}",
            "obligations",
            "{d}/s.yaml",
            "--event",
            "e",
            files=files,
        )
        if name in (
            "target-mapping",
            "aggressor-mapping",
            "world-year-3000",
            "designs-list",
            "kind-unknown",
            "treaties-mapping",
            "place-unknown",
            "event-id-bad",
        ):
            add(
                "types", "simulate", f"scenario-{name}", "simulate", "{d}/s.yaml", "--event", "e", files=files
            )
            add(
                "types", "report", f"scenario-{name}", "report", "{d}/s.yaml", "-o", "{d}/r.html", files=files
            )
    treaty_wrong = {
        "members-mapping": ("members:", "members: {a: 1}"),
        "members-unknown": ("members:", "members: [USA, ATLANTIS]"),
        "members-number": ("members:", "members: 5"),
        "id-list": ("id:", "id: [a]"),
        "in-force-text": ("in_force:", "in_force: someday"),
        "in-force-3000": ("in_force:", "in_force: 3000-01-01"),
        "obligations-text": ("obligations:", "obligations: defend everyone"),
        "decision-rule-unknown": ("decision_rule:", "decision_rule: coin_flip"),
    }
    for name, (key, line) in treaty_wrong.items():
        text = TREATY_TEXT
        old = next((x for x in text.splitlines() if x.startswith(key)), None)
        text = text.replace(old, line, 1) if old else text + line + "\n"
        add(
            "types",
            "treaty show",
            f"treaty-{name}",
            "treaty",
            "show",
            "{d}/t.yaml",
            files={"t.yaml": b(text)},
        )
        if name in ("members-mapping", "members-unknown", "obligations-text"):
            add(
                "types",
                "burden",
                f"treaty-{name}",
                "burden",
                "{d}/t.yaml",
                "--year",
                "2022",
                files={"t.yaml": b(text)},
            )
            add(
                "types",
                "simulate",
                f"treaty-{name}",
                "simulate",
                "{d}/s.yaml",
                "--event",
                "e",
                files={"s.yaml": b(SCENARIO_TEXT), "treaties/us-japan-1960.yaml": b(text)},
            )
    issues_wrong = {
        "actor-mapping": "issues:\n  - name: i\n    actors:\n      - {actor: {a: 1}, capability: 1, position: 1, salience: 1}\n",  # noqa: E501
        "capability-text": "actor,capability,position,salience\nA,lots,50,50\nB,1,20,50\n",
        "capability-negative": "actor,capability,position,salience\nA,-1,50,50\nB,1,20,50\n",
        "capability-nan": "actor,capability,position,salience\nA,nan,50,50\nB,1,20,50\n",
        "capability-inf": "actor,capability,position,salience\nA,inf,50,50\nB,1,20,50\n",
        "capability-1e308": "actor,capability,position,salience\nA,1e308,50,50\nB,1e308,20,50\n",
        "salience-negative": "actor,capability,position,salience\nA,1,50,-5\nB,1,20,50\n",
        "salience-nan": "actor,capability,position,salience\nA,1,50,nan\nB,1,20,50\n",
        "salience-200": "actor,capability,position,salience\nA,1,50,200\nB,1,20,50\n",
        "position-inf": "actor,capability,position,salience\nA,1,inf,50\nB,1,20,50\n",
        "position-text": "actor,capability,position,salience\nA,1,left,50\nB,1,20,50\n",
        "missing-column": "actor,capability,position\nA,1,50\nB,1,20\n",
        "header-only": "actor,capability,position,salience\n",
        "one-actor": "actor,capability,position,salience\nA,1,50,50\n",
        "ragged": "actor,capability,position,salience\nA,1,50,50,9,9\nB,1,20,50\n",
        "duplicate-actor": "actor,capability,position,salience\nA,1,50,50\nA,1,20,50\n",
        "empty-actor": "actor,capability,position,salience\n,1,50,50\nB,1,20,50\n",
        "all-zero-capability": "actor,capability,position,salience\nA,0,50,50\nB,0,20,50\n",
        "unknown-voting-rule": "actor,capability,position,salience,voting_rule\nA,1,50,50,dice\nB,1,20,50,dice\n",  # noqa: E501
    }
    for name, text in issues_wrong.items():
        e = "yaml" if text.startswith("issues:") else "csv"
        add("types", "forecast", f"issues-{name}", "forecast", f"{{d}}/i.{e}", files={f"i.{e}": b(text)})
    yaml_issues = {
        "actors-mapping": "issues:\n  - name: i\n    actors: {a: 1}\n",
        "issues-number": "issues: 5\n",
        "capability-list": "issues:\n  - name: i\n    actors:\n      - {actor: A, capability: [1], position: 1, salience: 1}\n      - {actor: B, capability: 1, position: 2, salience: 1}\n",  # noqa: E501
        "scale-reversed": "issues:\n  - name: i\n    scale: [100, 0]\n    actors:\n      - {actor: A, capability: 1, position: 1, salience: 1}\n      - {actor: B, capability: 1, position: 2, salience: 1}\n",  # noqa: E501
    }
    for name, text in yaml_issues.items():
        add("types", "forecast", f"issues-yaml-{name}", "forecast", "{d}/i.yaml", files={"i.yaml": b(text)})

    # --- values outside their domain, and option types
    s = str(SCENARIO)
    for seed in ("-1", "4294967296", "99999999999999999999", "1e3", "abc", ""):
        add(
            "domain",
            "simulate",
            f"seed-{seed or 'empty'}",
            "simulate",
            s,
            "--event",
            "senkaku",
            "--seed",
            seed,
        )
        add("domain", "compare", f"seed-{seed or 'empty'}", "compare", s, "--seed", seed)
        add("domain", "report", f"seed-{seed or 'empty'}", "report", s, "-o", "{d}/r.html", "--seed", seed)
    for seed in ("-1", "4294967296", "nan"):
        add("domain", "landscape", f"seed-{seed}", "landscape", "--seed", seed)
        add("domain", "forecast", f"seed-{seed}", "forecast", str(ISSUES), "--seed", seed)
        add("domain", "sweep", f"seed-{seed}", "sweep", s, "-o", "{d}/sw", "--samples", "2", "--seed", seed)
        add("domain", "backtest", f"seed-{seed}", "backtest", "--seed", seed)
        add(
            "domain",
            "score commitments",
            f"seed-{seed}",
            "score",
            "commitments",
            "{d}/c.csv",
            "--seed",
            seed,
            files={"c.csv": b("ally,partner,adversary,year\nUSA,JPN,CHN,2010\n")},
        )
    for draws in ("0", "-5", "1e12", "1000000000000", "2.5", "ten"):
        add("domain", "simulate", f"draws-{draws}", "simulate", s, "--event", "senkaku", "--draws", draws)
        add("domain", "compare", f"draws-{draws}", "compare", s, "--draws", draws)
    for draws in ("-1", "1000000000"):
        add("domain", "forecast", f"draws-{draws}", "forecast", str(ISSUES), "--draws", draws)
        add(
            "domain",
            "sweep",
            f"draws-{draws}",
            "sweep",
            s,
            "-o",
            "{d}/sw",
            "--samples",
            "2",
            "--draws",
            draws,
        )
    for rounds in ("0", "-1", "1000000000", "x"):
        add(
            "domain",
            "forecast",
            f"rounds-{rounds}",
            "forecast",
            str(ISSUES),
            "--model",
            "bdm",
            "--rounds",
            rounds,
        )
    for reps in ("0", "19", "5001", "-3", "1e9"):
        add("domain", "backtest", f"reps-{reps}", "backtest", "--reps", reps)
    for year in ("3000", "1700", "-5", "0", "1e30", "99999999999999999999999", "twenty"):
        add("domain", "world", f"year-{year}", "world", "--year", year)
        add("domain", "similarity", f"year-{year}", "similarity", "USA", "UKG", "--year", year)
        add("domain", "treaty list", f"year-{year}", "treaty", "list", "--state", "USA", "--year", year)
        add("domain", "burden", f"year-{year}", "burden", "3180", "--year", year)
    for year in ("3000", "1700", "-1"):
        add("domain", "landscape", f"year-{year}", "landscape", "--year", year)
        add("domain", "simulate", f"year-{year}", "simulate", s, "--event", "senkaku", "--year", year)
        add("domain", "obligations", f"year-{year}", "obligations", s, "--event", "senkaku", "--year", year)
        add("domain", "demo", f"year-{year}", "demo", "--year", year, "--report", "{d}/r.html")
        add("domain", "treaty show", f"year-{year}", "treaty", "show", "3375", "--year", year)
        add("domain", "report", f"year-{year}", "report", s, "-o", "{d}/r.html", "--year", year)
        add("domain", "compare", f"year-{year}", "compare", s, "--year", year)
    for weights in (["-1", "2"], ["nan", "1"], ["inf", "1"], ["1e308", "1e308"], ["0", "0"]):
        ws = [x for w in weights for x in ("-w", w)]
        add("domain", "power", f"weights-{'_'.join(weights)}", "power", "--quota", "2", *ws)
    for quota in ("-1", "0", "nan", "inf", "100"):
        add("domain", "power", f"quota-{quota}", "power", "--quota", quota, "-w", "1", "-w", "2")
    add("domain", "power", "names-mismatch", "power", "--quota", "2", "-w", "1", "-w", "2", "-n", "A")
    add("domain", "power", "no-weights", "power", "--quota", "2")
    add("domain", "power", "design-without-scenario", "power", "--design", "d")
    for top in ("-1", "33", "100000"):
        add("domain", "landscape", f"top-{top}", "landscape", "--top", top)
    for port in ("0", "-1", "65536", "99999999999", "http"):
        add("domain", "serve", f"port-{port}", "serve", "--port", port)
    for host in ("", "not a host", "999.999.999.999"):
        add("domain", "serve", f"host-{host or 'empty'}", "serve", "--host", host)
    for target in ("-0.1", "nan", "inf", "2"):
        add("domain", "burden", f"target-{target}", "burden", "3180", "--year", "2022", "--target", target)
    add("domain", "simulate", "workers-negative", "simulate", s, "--event", "senkaku", "--workers", "-2")
    add("domain", "sweep", "workers-zero", "sweep", s, "-o", "{d}/sw", "--samples", "2", "--workers", "0")
    add(
        "domain",
        "sweep",
        "chunk-zero",
        "sweep",
        s,
        "-o",
        "{d}/sw",
        "--samples",
        "2",
        "--chunk-size",
        "0",
        "--serial",
    )
    add("domain", "sweep", "samples-zero", "sweep", s, "-o", "{d}/sw", "--samples", "0")
    add("domain", "sweep", "samples-negative", "sweep", s, "-o", "{d}/sw", "--samples", "-4")

    # --- sizes above their limits (refused before allocation)
    add("limits", "simulate", "draws-above", "simulate", s, "--event", "senkaku", "--draws", "100000000")
    add("limits", "compare", "draws-above", "compare", s, "--draws", "100000000")
    add("limits", "forecast", "draws-above", "forecast", str(ISSUES), "--draws", "100000000")
    add("limits", "forecast", "rounds-above", "forecast", str(ISSUES), "--model", "bdm", "--rounds", "100000")
    add("limits", "sweep", "samples-above", "sweep", s, "-o", "{d}/sw", "--samples", "1000000000000")
    add(
        "limits",
        "sweep",
        "grid-1e9",
        "sweep",
        s,
        "-o",
        "{d}/sw",
        "-p",
        "crisis.reliability.base=0:1:1000",
        "-p",
        "crisis.unbound.rate=0:1:1000",
        "-p",
        "crisis.distance.per_log=-1:0:1000",
    )
    add("limits", "power", "cells-above", "power", "--quota", "1e12", "-w", "1e12", "-w", "1e12", "-w", "1")
    actors = "actor,capability,position,salience\n" + "".join(f"A{i},1,{i % 100},50\n" for i in range(2500))
    add("limits", "forecast", "actors-above", "forecast", "{d}/big.csv", files={"big.csv": b(actors)})
    sizes = "actor,size\n" + "".join(f"A{i},1\n" for i in range(1200))
    wide = (
        ","
        + ",".join(f"A{i}" for i in range(1200))
        + "\n"
        + "".join(f"A{i}" + ",0" * 1200 + "\n" for i in range(3))
    )
    add(
        "limits",
        "landscape",
        "propensities-too-wide",
        "landscape",
        "--sizes",
        "{d}/s.csv",
        "--propensities",
        "{d}/p.csv",
        "--top",
        "0",
        "--heuristic",
        files={"s.csv": b(sizes), "p.csv": b(wide)},
    )
    for var, value, argv in (
        ("FOEDUS_MAX_FILE_BYTES", "10", ("obligations", s, "--event", "senkaku")),
        ("FOEDUS_MAX_FILE_BYTES", "10", ("forecast", str(ISSUES))),
        ("FOEDUS_MAX_CSV_ROWS", "3", ("forecast", str(ISSUES))),
        ("FOEDUS_MAX_CSV_COLUMNS", "2", ("forecast", str(ISSUES))),
        ("FOEDUS_MAX_YAML_NODES", "50", ("obligations", s, "--event", "senkaku")),
        ("FOEDUS_MAX_YAML_DEPTH", "2", ("treaty", "show", str(TREATY))),
        ("FOEDUS_MAX_DRAWS", "10", ("simulate", s, "--event", "senkaku")),
        ("FOEDUS_MAX_FORECAST_DRAWS", "2", ("forecast", str(ISSUES), "--draws", "10")),
        ("FOEDUS_MAX_ACTORS", "3", ("forecast", str(ISSUES))),
        ("FOEDUS_MAX_ROUNDS", "2", ("forecast", str(ISSUES), "--model", "bdm", "--rounds", "5")),
        ("FOEDUS_MAX_POWER_CELLS", "5", ("power", "--quota", "60", "-w", "50", "-w", "30", "-w", "20")),
        ("FOEDUS_MAX_LANDSCAPE_ACTORS", "3", ("landscape",)),
        ("FOEDUS_MAX_SWEEP_POINTS", "3", ("sweep", s, "-o", "{d}/sw", "--samples", "5")),
    ):
        add("limits", argv[0], f"env-{var.lower()[11:]}", *argv, env={var: value})
    three = "actor,capability,position,salience,issue\n" + "".join(
        f"{a},1,{p},50,i{k}\n" for k in range(3) for a, p in (("A", 10), ("B", 20))
    )
    add(
        "limits",
        "forecast",
        "env-issues",
        "forecast",
        "{d}/i.csv",
        files={"i.csv": b(three)},
        env={"FOEDUS_MAX_ISSUES": "2"},
    )

    # --- the environment itself
    for var, value in (
        ("FOEDUS_MAX_DRAWS", "abc"),
        ("FOEDUS_MAX_DRAWS", "-5"),
        ("FOEDUS_MAX_DRAWS", "nan"),
        ("FOEDUS_MAX_FILE_BYTES", "0"),
        ("FOEDUS_MAX_YAML_DEPTH", "inf"),
    ):
        argv = (
            ("simulate", s, "--event", "senkaku")
            if "DRAWS" in var
            else ("obligations", s, "--event", "senkaku")
        )
        add("env", argv[0], f"{var.lower()[11:]}-{value}", *argv, env={var: value})
    add("env", "world", "data-dir-missing", "world", "--year", "1990", env={"FOEDUS_DATA_DIR": "{d}/none"})
    add(
        "env",
        "similarity",
        "data-dir-empty",
        "similarity",
        "USA",
        "UKG",
        "--year",
        "1990",
        env={"FOEDUS_DATA_DIR": "{d}"},
    )
    add("env", "calibrate", "data-dir-empty", "calibrate", env={"FOEDUS_DATA_DIR": "{d}"})
    add("env", "backtest", "data-dir-empty", "backtest", env={"FOEDUS_DATA_DIR": "{d}"})
    add(
        "env",
        "treaty list",
        "data-dir-empty",
        "treaty",
        "list",
        "--state",
        "USA",
        "--year",
        "1990",
        env={"FOEDUS_DATA_DIR": "{d}"},
    )
    add(
        "env",
        "data snapshot",
        "data-dir-empty",
        "data",
        "snapshot",
        "--dest",
        "{d}/snap",
        env={"FOEDUS_DATA_DIR": "{d}"},
    )
    add(
        "env",
        "data info",
        "data-dir-a-file",
        "data",
        "info",
        "atop",
        env={"FOEDUS_DATA_DIR": "{d}/f"},
        files={"f": b"x"},
    )

    # --- outputs: every command's --out into a missing folder, onto a folder, read-only, bad type
    outs = {
        "world": ("world",),
        "treaty show": ("treaty", "show", "3375"),
        "treaty list": ("treaty", "list", "--state", "USA", "--year", "2010"),
        "obligations": ("obligations", s, "--event", "senkaku"),
        "simulate": ("simulate", s, "--event", "senkaku"),
        "compare": ("compare", s),
        "forecast": ("forecast", str(ISSUES)),
        "landscape": ("landscape",),
        "power": ("power", "--quota", "2", "-w", "1", "-w", "2"),
        "burden": ("burden", "3180", "--year", "2022"),
        "similarity": ("similarity", "USA", "UKG", "--year", "2010"),
        "calibrate": ("calibrate",),
        "backtest": ("backtest",),
        "score commitments": ("score", "commitments", "{root}/scenarios/asian-nato-adoption.csv"),
        "score outcomes": ("score", "outcomes", "{root}/scenarios/asian-nato-adoption.csv"),
        "data list": ("data", "list"),
        "data info": ("data", "info", "atop"),
        "demo": ("demo", "--report", "{d}/r.html"),
    }
    for command, argv in outs.items():
        add("outputs", command, "out-missing-folder", *argv, "--out", "{d}/no/such/out.csv")
        add("outputs", command, "out-folder", *argv, "--out", "{d}")
        add(
            "outputs",
            command,
            "out-readonly",
            *argv,
            "--out",
            "{d}/ro.csv",
            setup=_readonly("ro.csv"),
            unprivileged=True,
        )
        add("outputs", command, "out-xlsx", *argv, "--out", "{d}/out.xlsx")
        add("outputs", command, "out-under-file", *argv, "--out", "{d}/f/out.csv", files={"f": b"x"})
    add("outputs", "demo", "report-missing-folder", "demo", "--report", "{d}/no/r.html")
    add("outputs", "demo", "report-folder", "demo", "--report", "{d}")
    add("outputs", "report", "out-missing-folder", "report", s, "-o", "{d}/no/r.html")
    add("outputs", "report", "out-folder", "report", s, "-o", "{d}")
    add(
        "outputs",
        "report",
        "out-readonly",
        "report",
        s,
        "-o",
        "{d}/ro.html",
        setup=_readonly("ro.html"),
        unprivileged=True,
    )
    add(
        "outputs",
        "report",
        "png-dir-is-file",
        "report",
        s,
        "-o",
        "{d}/r.html",
        "--png-dir",
        "{d}/f",
        files={"f": b"x"},
    )
    add(
        "outputs",
        "report",
        "png-dir-missing-parent",
        "report",
        s,
        "-o",
        "{d}/r.html",
        "--png-dir",
        "{d}/a/b/c",
    )
    add("outputs", "sweep", "out-is-file", "sweep", s, "-o", "{d}/f", "--samples", "2", files={"f": b"x"})
    add("outputs", "sweep", "out-missing-parent", "sweep", s, "-o", "{d}/a/b/c", "--samples", "2")
    add("outputs", "sweep", "out-missing", "sweep", s, "--samples", "2")
    add("outputs", "data snapshot", "dest-is-file", "data", "snapshot", "--dest", "{d}/f", files={"f": b"x"})
    add("outputs", "data snapshot", "dest-missing-parent", "data", "snapshot", "--dest", "{d}/a/b/c")

    # --- usage: unknown commands and options, missing arguments, bad choices
    usage = [
        ("demo", "unknown-option", ("demo", "--bogus")),
        ("demo", "bad-format", ("demo", "--format", "xml")),
        ("demo", "bad-part", ("demo", "--part", "nothing", "--report", "{d}/r.html")),
        ("report", "no-out", ("report", s)),
        ("report", "bad-models", ("report", s, "-o", "{d}/r.html", "--models", "magic")),
        ("report", "bad-capability", ("report", s, "-o", "{d}/r.html", "--capability", "gdp")),
        ("report", "unknown-event", ("report", s, "-o", "{d}/r.html", "--event", "nope")),
        ("serve", "extra-arg", ("serve", "a.yaml", "b.yaml")),
        ("world", "bad-region", ("world", "--region", "atlantis")),
        ("world", "bad-state", ("world", "-s", "Atlantis")),
        ("world", "majors-value", ("world", "--majors=maybe")),
        ("treaty show", "no-arg", ("treaty", "show")),
        ("treaty show", "atop-unknown", ("treaty", "show", "999999")),
        ("treaty show", "atop-negative", ("treaty", "show", "-5")),
        ("treaty list", "no-year", ("treaty", "list", "--state", "USA")),
        ("treaty list", "unknown-state", ("treaty", "list", "--state", "Atlantis", "--year", "2010")),
        ("treaty", "unknown-sub", ("treaty", "burn")),
        ("treaty", "no-sub", ("treaty",)),
        ("obligations", "no-event", ("obligations", s)),
        ("obligations", "unknown-event", ("obligations", s, "--event", "nope")),
        ("obligations", "unknown-design", ("obligations", s, "--event", "senkaku", "--design", "nope")),
        ("simulate", "unknown-event", ("simulate", s, "--event", "nope")),
        ("simulate", "unknown-design", ("simulate", s, "--event", "senkaku", "--design", "nope")),
        ("simulate", "bad-models", ("simulate", s, "--event", "senkaku", "--models", "magic")),
        (
            "simulate",
            "bad-capability",
            ("simulate", s, "--event", "senkaku", "--models", "assumed", "--capability", "gdp"),
        ),
        ("simulate", "param-no-equals", ("simulate", s, "--event", "senkaku", "-p", "crisis")),
        ("simulate", "param-unknown", ("simulate", s, "--event", "senkaku", "-p", "no.such=1")),
        ("simulate", "param-nan", ("simulate", s, "--event", "senkaku", "-p", "crisis.reliability.base=nan")),
        (
            "simulate",
            "param-out-of-range",
            ("simulate", s, "--event", "senkaku", "-p", "crisis.reliability.base=99"),
        ),
        ("compare", "unknown-event", ("compare", s, "--event", "nope")),
        ("compare", "bad-models", ("compare", s, "--models", "magic")),
        ("compare", "param-text", ("compare", s, "-p", "crisis.reliability.base=high")),
        ("forecast", "unknown-model", ("forecast", str(ISSUES), "--model", "oracle")),
        ("forecast", "empty-model", ("forecast", str(ISSUES), "--model", "")),
        ("forecast", "model-list-bad", ("forecast", str(ISSUES), "--model", "bdm,,oracle")),
        ("landscape", "sizes-only", ("landscape", "--sizes", str(ISSUES))),
        ("landscape", "bad-size", ("landscape", "--size", "gdp")),
        ("landscape", "bad-region", ("landscape", "--region", "atlantis")),
        ("power", "unknown-design", ("power", s, "--design", "nope")),
        ("power", "weights-text", ("power", "--quota", "2", "-w", "heavy")),
        ("burden", "no-year", ("burden", "3180")),
        ("burden", "atop-unknown", ("burden", "999999", "--year", "2010")),
        ("similarity", "same-state", ("similarity", "USA", "USA", "--year", "2010")),
        ("similarity", "unknown-state", ("similarity", "USA", "Atlantis", "--year", "2010")),
        ("similarity", "missing-arg", ("similarity", "USA", "--year", "2010")),
        ("calibrate", "extra-arg", ("calibrate", "now")),
        ("backtest", "bad-format", ("backtest", "--format", "pdf")),
        ("score", "no-sub", ("score",)),
        ("score", "unknown-sub", ("score", "everything")),
        ("score commitments", "no-file", ("score", "commitments")),
        ("score outcomes", "no-file", ("score", "outcomes")),
        ("sweep", "no-target", ("sweep",)),
        ("sweep", "summarize-no-folder", ("sweep", "summarize")),
        (
            "sweep",
            "bad-analysis",
            ("sweep", s, "-o", "{d}/sw", "--analysis", "magic", "-p", "crisis.reliability.base=0,1"),
        ),
        (
            "sweep",
            "bad-method",
            ("sweep", s, "-o", "{d}/sw", "--method", "magic", "-p", "crisis.reliability.base=0,1"),
        ),
        ("sweep", "bad-param", ("sweep", s, "-o", "{d}/sw", "-p", "nonsense")),
        ("sweep", "param-unknown", ("sweep", s, "-o", "{d}/sw", "-p", "no.such=0:1:3")),
        ("sweep", "param-reversed", ("sweep", s, "-o", "{d}/sw", "-p", "crisis.reliability.base=1:0:3")),
        ("sweep", "param-n-zero", ("sweep", s, "-o", "{d}/sw", "-p", "crisis.reliability.base=0:1:0")),
        (
            "sweep",
            "forecast-no-issues",
            ("sweep", s, "-o", "{d}/sw", "--analysis", "forecast", "-p", "bdm.x=1,2"),
        ),
        (
            "sweep",
            "bad-capability",
            ("sweep", s, "-o", "{d}/sw", "--capability", "gdp", "-p", "crisis.reliability.base=0,1"),
        ),
        (
            "sweep",
            "bad-scheduler",
            ("sweep", s, "-o", "{d}/sw", "--scheduler", "nonsense://x", "-p", "crisis.reliability.base=0,1"),
        ),
        ("data", "no-sub", ("data",)),
        ("data info", "unknown", ("data", "info", "nothing")),
        ("data info", "traversal", ("data", "info", "../../etc/passwd")),
        ("data fetch", "neither", ("data", "fetch")),
        ("data fetch", "both", ("data", "fetch", "atop", "--all")),
        ("data fetch", "unknown", ("data", "fetch", "nothing")),
        ("data list", "bad-format", ("data", "list", "-f", "yaml")),
        ("cite", "unknown", ("cite", "warp-drive")),
        ("cite", "too-many", ("cite", "bdm", "crisis")),
        ("cite", "empty", ("cite", "")),
        ("(root)", "unknown-command", ("frobnicate",)),
        ("(root)", "unknown-global", ("--bogus", "world")),
        ("(root)", "quiet-value", ("--quiet=maybe", "world")),
    ]
    for command, name, argv in usage:
        add("usage", command, name, *argv)

    # --- references: files a scenario names outside its folder
    for name, ref in (
        ("etc-passwd", "/etc/passwd"),
        ("dotdot", "../../../../etc/passwd"),
        ("proc", "/proc/self/environ"),
        ("home", "~/.ssh/id_rsa"),
        ("nul", "a\\0b.yaml"),
    ):
        files = {"s.yaml": scenario_with(treaties=f"treaties: [{json.dumps(ref)}]")}
        add(
            "references",
            "obligations",
            f"treaty-{name}",
            "obligations",
            "{d}/s.yaml",
            "--event",
            "e",
            files=files,
            match="",
        )
        files = with_treaty({"s.yaml": b(f"places: {json.dumps(ref)}\n") + b(SCENARIO_TEXT)})
        add("references", "simulate", f"places-{name}", "simulate", "{d}/s.yaml", "--event", "e", files=files)
    add(
        "references",
        "report",
        "treaty-link-out",
        "report",
        "{d}/s.yaml",
        "-o",
        "{d}/r.html",
        files={"s.yaml": b(SCENARIO_TEXT)},
        setup=_link("treaties/us-japan-1960.yaml", "/etc/passwd"),
    )
    add(
        "references",
        "power",
        "treaty-etc",
        "power",
        "{d}/s.yaml",
        files={"s.yaml": scenario_with(treaties="treaties: [/etc/hostname]")},
    )

    # --- sweep folders: missing, corrupt, half-written
    good_manifest = {
        "analysis": "simulate",
        "n_tasks": 4,
        "method": "grid",
        "seed": 1,
        "outputs": ["p_deterred"],
    }
    sweeps = {
        "missing": {},
        "empty": {"keep": b""},
        "manifest-garbage": {"_sweep.json": b"{not json"},
        "manifest-empty": {"_sweep.json": b""},
        "manifest-list": {"_sweep.json": b"[1, 2, 3]"},
        "manifest-latin1": {"_sweep.json": '{"analysis": "caf\u00e9"}'.encode("latin-1")},
        "manifest-wrong-types": {"_sweep.json": b(json.dumps({**good_manifest, "n_tasks": "many"}))},
        "manifest-nan": {"_sweep.json": b('{"analysis": "simulate", "n_tasks": NaN}')},
        "manifest-deep": {"_sweep.json": b("[" * 100_000 + "]" * 100_000)},
        "only-parts": {"part-00000.parquet": b"PAR1garbagePAR1"},
        "corrupt-part": {"_sweep.json": b(json.dumps(good_manifest)), "part-00000.parquet": b"PAR1garbage"},
        "manifest-folder": {"_sweep.json/x": b"1"},
    }
    for name, files in sweeps.items():
        folder = "{d}/sw" if files else "{d}/none"
        add(
            "sweep",
            "sweep",
            f"summarize-{name}",
            "sweep",
            "summarize",
            folder,
            files={f"sw/{k}": v for k, v in files.items()},
        )
    add("sweep", "sweep", "summarize-file", "sweep", "summarize", "{d}/f", files={"f": b"x"})
    add(
        "sweep",
        "sweep",
        "resume-corrupt-manifest",
        "sweep",
        s,
        "-o",
        "{d}/sw",
        "--resume",
        "--samples",
        "2",
        "--serial",
        files={"sw/_sweep.json": b"{half"},
    )
    add(
        "sweep",
        "sweep",
        "resume-other-sweep",
        "sweep",
        s,
        "-o",
        "{d}/sw",
        "--resume",
        "-p",
        "crisis.reliability.base=0,1",
        "--serial",
        files={"sw/_sweep.json": b(json.dumps(good_manifest))},
    )
    add(
        "sweep",
        "sweep",
        "out-not-empty",
        "sweep",
        s,
        "-o",
        "{d}/sw",
        "-p",
        "crisis.reliability.base=0,1",
        "--serial",
        files={"sw/_sweep.json": b(json.dumps(good_manifest))},
    )
    # a real sweep's folder, then broken as an interruption or a careless hand would break it
    real = {
        "real-unknown-output": (("--output", "nothing"), None),
        "real-part-truncated": ((), _truncate("part-00000000.parquet", 3000)),
        "real-part-empty": ((), _truncate("part-00000001.parquet", 0)),
        "real-manifest-truncated": ((), _truncate("_sweep.json", 200)),
        "real-manifest-emptied": ((), _truncate("_sweep.json", 0)),
        "real-no-parts": ((), _remove("part-00000000.parquet", "part-00000001.parquet")),
        "real-manifest-key-missing": ((), _edit_manifest(lambda m: m.pop("n_tasks"))),
        "real-manifest-n-tasks-text": ((), _edit_manifest(lambda m: m.update(n_tasks="2"))),
        "real-manifest-parameters-mapping": ((), _edit_manifest(lambda m: m.update(parameters={"a": 1}))),
        "real-part-is-folder": ((), _part_folder("part-00000000.parquet")),
    }
    for name, (extra, breaker) in real.items():
        add(
            "sweep",
            "sweep",
            f"summarize-{name}",
            "sweep",
            "summarize",
            "{d}/sw",
            *extra,
            setup=_real_sweep(breaker),
        )
    sweep_again = ("sweep", s, "-o", "{d}/sw", "--draws", "10", "--serial")
    add(
        "sweep",
        "sweep",
        "resume-real-other-points",
        *sweep_again,
        "--resume",
        "-p",
        "crisis.reliability.base=0.2,0.5",
        setup=_real_sweep(None),
    )
    add(
        "sweep",
        "sweep",
        "rerun-real-without-resume",
        *sweep_again,
        "-p",
        "crisis.reliability.base=0.2,0.4",
        setup=_real_sweep(None),
    )
    add(
        "sweep",
        "sweep",
        "resume-real-manifest-truncated",
        *sweep_again,
        "--resume",
        "-p",
        "crisis.reliability.base=0.2,0.4",
        setup=_real_sweep(_truncate("_sweep.json", 100)),
    )
    add(
        "sweep",
        "sweep",
        "summarize-unknown-output",
        "sweep",
        "summarize",
        "{d}/sw",
        "--output",
        "nothing",
        files={"sw/_sweep.json": b(json.dumps(good_manifest))},
    )

    # --- CSV rows of the commands that read them
    rows = {
        "missing-columns": "a,b\n1,2\n",
        "header-only": "ally,partner,adversary,year\n",
        "ragged": "ally,partner,adversary,year\nUSA,JPN,CHN,2010,extra,more\n",
        "year-text": "ally,partner,adversary,year\nUSA,JPN,CHN,soon\n",
        "year-3000": "ally,partner,adversary,year\nUSA,JPN,CHN,3000\n",
        "year-1e30": "ally,partner,adversary,year\nUSA,JPN,CHN,1e30\n",
        "unknown-state": "ally,partner,adversary,year\nAtlantis,JPN,CHN,2010\n",
        "same-states": "ally,partner,adversary,year\nUSA,USA,USA,2010\n",
        "unclosed-quote": 'ally,partner,adversary,year\n"USA,JPN,CHN,2010\n',
        "wide": ",".join(f"c{i}" for i in range(1500)) + "\n",
    }
    for name, text in rows.items():
        add("csv", "score commitments", name, "score", "commitments", "{d}/r.csv", files={"r.csv": b(text)})
    outcome_rows = {
        "missing-columns": "a,b\n1,2\n",
        "hostility-9": "side_a,side_b,year,hostility\nUSA,CHN,2010,9\n",
        "hostility-text": "side_a,side_b,year,hostility\nUSA,CHN,2010,war\n",
        "year-1700": "side_a,side_b,year\nUSA,CHN,1700\n",
        "unknown-state": "side_a,side_b,year\nUSA,Atlantis,2010\n",
        "empty-side": "side_a,side_b,year\n,CHN,2010\n",
    }
    for name, text in outcome_rows.items():
        add("csv", "score outcomes", name, "score", "outcomes", "{d}/r.csv", files={"r.csv": b(text)})
    land = {
        "sizes-no-columns": ("x,y\n1,2\n", "a,b\na,1\n"),
        "sizes-negative": ("actor,size\nA,-1\nB,2\nC,1\n", ",A,B,C\nA,0,1,1\nB,1,0,1\nC,1,1,0\n"),
        "sizes-nan": ("actor,size\nA,nan\nB,2\nC,1\n", ",A,B,C\nA,0,1,1\nB,1,0,1\nC,1,1,0\n"),
        "sizes-inf": ("actor,size\nA,inf\nB,2\nC,1\n", ",A,B,C\nA,0,1,1\nB,1,0,1\nC,1,1,0\n"),
        "sizes-text": ("actor,size\nA,big\nB,2\nC,1\n", ",A,B,C\nA,0,1,1\nB,1,0,1\nC,1,1,0\n"),
        "prop-missing-actor": ("actor,size\nA,1\nB,2\nC,1\n", ",A,B\nA,0,1\nB,1,0\n"),
        "prop-text": ("actor,size\nA,1\nB,2\nC,1\n", ",A,B,C\nA,0,x,1\nB,1,0,1\nC,1,1,0\n"),
        "prop-nan": ("actor,size\nA,1\nB,2\nC,1\n", ",A,B,C\nA,0,nan,1\nB,1,0,1\nC,1,1,0\n"),
        "prop-inf": ("actor,size\nA,1\nB,2\nC,1\n", ",A,B,C\nA,0,inf,1\nB,1,0,1\nC,1,1,0\n"),
        "duplicate-actor": ("actor,size\nA,1\nA,2\nC,1\n", ",A,B,C\nA,0,1,1\nB,1,0,1\nC,1,1,0\n"),
        "one-actor": ("actor,size\nA,1\n", ",A\nA,0\n"),
    }
    for name, (sizes_text, prop_text) in land.items():
        add(
            "csv",
            "landscape",
            name,
            "landscape",
            "--sizes",
            "{d}/s.csv",
            "--propensities",
            "{d}/p.csv",
            files={"s.csv": b(sizes_text), "p.csv": b(prop_text)},
        )

    # --- names: states, treaties, datasets given as text
    for name in ("Atlantis", "", "   ", "9999", "-1", "x" * 5000, "USA;DROP TABLE", "\u202eASU"):
        label = {"": "empty", "   ": "blank", "x" * 5000: "huge"}.get(name, name)
        add("names", "world", f"state-{label}", "world", "-s", name)
        add("names", "similarity", f"state-{label}", "similarity", name, "UKG", "--year", "2010")
        add("names", "treaty list", f"state-{label}", "treaty", "list", "--state", name, "--year", "2010")
    for name in ("", "x" * 5000, "3375abc", "00000", "99999999999999999999"):
        label = {"": "empty", "x" * 5000: "huge"}.get(name, name)
        add("names", "treaty show", f"treaty-{label}", "treaty", "show", name)
        add("names", "burden", f"treaty-{label}", "burden", name, "--year", "2022")
    for name in ("", "x" * 5000, "../x", "a b"):
        label = {"": "empty", "x" * 5000: "huge"}.get(name, name)
        add("names", "data info", f"dataset-{label}", "data", "info", name)
        add("names", "data fetch", f"dataset-{label}", "data", "fetch", name)
        add("names", "cite", f"target-{label}", "cite", name)
    return cases


_SWEEP: list[Path] = []


def _real_sweep(breaker: Callable[[Path], None] | None) -> Callable[[Path], None]:
    """Copy a real two-task sweep folder (made once per session) to ``sw/``, then break it."""

    def make(folder: Path) -> None:
        import atexit
        import contextlib
        import io
        import shutil
        import tempfile

        if not _SWEEP:
            from foedus.cli import run

            base = Path(tempfile.mkdtemp(prefix="foedus-contract-sweep-"))
            atexit.register(shutil.rmtree, base, True)
            argv = [
                "--quiet",
                "sweep",
                str(SCENARIO),
                "--event",
                "senkaku",
                "-p",
                "crisis.reliability.base=0.2,0.4",
                "--draws",
                "10",
                "--capability",
                "cinc",
                "--serial",
                "-o",
                str(base / "sw"),
            ]
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
                code = run(argv)
            assert code == 0, err.getvalue()
            _SWEEP.append(base / "sw")
        shutil.copytree(_SWEEP[0], folder / "sw")
        if breaker is not None:
            breaker(folder / "sw")

    return make


def _truncate(name: str, size: int) -> Callable[[Path], None]:
    def cut(sw: Path) -> None:
        data = (sw / name).read_bytes()
        (sw / name).write_bytes(data[:size])

    return cut


def _remove(*names: str) -> Callable[[Path], None]:
    def remove(sw: Path) -> None:
        for n in names:
            (sw / n).unlink()

    return remove


def _edit_manifest(change: Callable[[dict], object]) -> Callable[[Path], None]:
    def edit(sw: Path) -> None:
        m = json.loads((sw / "_sweep.json").read_text(encoding="utf-8"))
        change(m)
        (sw / "_sweep.json").write_text(json.dumps(m), encoding="utf-8")

    return edit


def _part_folder(name: str) -> Callable[[Path], None]:
    def swap(sw: Path) -> None:
        (sw / name).unlink()
        (sw / name).mkdir()

    return swap


def _loop(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).symlink_to(folder / name)

    return make


def _link(name: str, target: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).symlink_to(target)

    return make


def _readonly(name: str) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        (folder / name).write_text("old\n", encoding="utf-8")
        (folder / name).chmod(0o400)

    return make


def _invented() -> list[Case]:
    """Cases beyond the issue's sample: what a careless or hostile user tries next."""
    cases: list[Case] = []
    s = str(SCENARIO)

    def add(cls: str, command: str, name: str, *args: str, **kw) -> None:
        cases.append(Case(cls, command, name, _sweep_args(args), **kw))

    # scenario logic the schema alone does not catch
    cycle = SCENARIO_TEXT.replace(
        "designs:\n  d:\n", "designs:\n  a:\n    extends: b\n  b:\n    extends: a\n  d:\n"
    )
    add(
        "types",
        "obligations",
        "scenario-extends-cycle",
        "obligations",
        "{d}/s.yaml",
        "--event",
        "e",
        files=with_treaty({"s.yaml": b(cycle)}),
    )
    for name, line in (
        ("lat-91", "place: null\n    lat: 91\n    lon: 10"),
        ("lat-nan", "lat: .nan\n    lon: 1"),
        ("lon-inf", "place: null\n    lat: 1\n    lon: .inf"),
        ("on-forces-text", "on_forces: sometimes\n    place: senkaku"),
    ):
        add(
            "types",
            "obligations",
            f"scenario-event-{name}",
            "obligations",
            "{d}/s.yaml",
            "--event",
            "e",
            files=with_treaty({"s.yaml": scenario_with(place=line)}),
        )
    treaty = {
        "reservation-probability-2": "reservations:\n  USA:\n    - {name: x, probability: 2, source: y}\n",
        "ended-before-in-force": "ended: 1900\n",
        "obligation-by-outsider": "obligations:\n  - {kind: defence, by: [CHN], to: all}\n",
        "unknown-obligation-kind": "obligations:\n  - {kind: telepathy, by: all, to: all}\n",
    }
    for name, extra in treaty.items():
        key = extra.split(":", 1)[0]
        # drop the key's whole block, then append the bad one
        lines, keep, skip = TREATY_TEXT.splitlines(), [], False
        for x in lines:
            if x.startswith(key + ":"):
                skip = True
                continue
            if skip and x and not x.startswith((" ", "-", "#")):
                skip = False
            if not skip:
                keep.append(x)
        text = "\n".join(keep) + "\n"
        add(
            "types",
            "treaty show",
            f"treaty-{name}",
            "treaty",
            "show",
            "{d}/t.yaml",
            files={"t.yaml": b(text + extra)},
        )
    # inputs that are links to files a user may not mean (nothing of them may be echoed)
    for target in ("/etc/passwd", "/etc/hosts"):
        label = target.rsplit("/", 1)[1]
        add(
            "references",
            "forecast",
            f"issues-csv-link-{label}",
            "forecast",
            "{d}/i.csv",
            setup=_link("i.csv", target),
        )
        add(
            "references",
            "forecast",
            f"issues-yaml-link-{label}",
            "forecast",
            "{d}/i.yaml",
            setup=_link("i.yaml", target),
        )
        add(
            "references",
            "treaty show",
            f"treaty-link-{label}",
            "treaty",
            "show",
            "{d}/t.yaml",
            setup=_link("t.yaml", target),
        )
        add(
            "references",
            "score commitments",
            f"rows-link-{label}",
            "score",
            "commitments",
            "{d}/r.csv",
            setup=_link("r.csv", target),
        )
        add(
            "references",
            "landscape",
            f"sizes-link-{label}",
            "landscape",
            "--sizes",
            "{d}/s.csv",
            "--propensities",
            "{d}/s.csv",
            setup=_link("s.csv", target),
        )
    add(
        "references",
        "simulate",
        "places-folder",
        "simulate",
        "{d}/s.yaml",
        "--event",
        "e",
        files=with_treaty({"s.yaml": b("places: sub\n") + b(SCENARIO_TEXT), "sub/x": b"1"}),
    )
    # sizes: many players, many repeats
    many = [x for _ in range(3000) for x in ("-w", "1")]
    add("limits", "power", "players-3000", "power", "--quota", "1500", *many)
    add(
        "limits",
        "sweep",
        "grid-two-params-huge",
        "sweep",
        s,
        "--event",
        "senkaku",
        "-o",
        "{d}/sw",
        "-p",
        "crisis.reliability.base=0:1:5000",
        "-p",
        "crisis.unbound.rate=0:0.5:5000",
    )
    add("domain", "burden", "second-year-bad", "burden", "3180", "--year", "2022", "--year", "3000")
    add("domain", "similarity", "year-1815", "similarity", "USA", "UKG", "--year", "1815")
    add("domain", "world", "region-empty", "world", "--region", "")
    add("usage", "compare", "events-one-unknown", "compare", s, "--event", "senkaku", "--event", "nope")
    add("usage", "simulate", "draws-empty", "simulate", s, "--event", "senkaku", "--draws=")
    add("usage", "simulate", "draws-hex", "simulate", s, "--event", "senkaku", "--draws", "0x10")
    add("usage", "(root)", "debug-value", "--debug=yes", "world")
    # output paths
    add("outputs", "world", "out-dev-full", "world", "--out", "/dev/full")
    add("outputs", "world", "out-proc", "world", "--out", "/proc/foedus.csv")
    add("outputs", "forecast", "out-empty", "forecast", str(ISSUES), "--out", "")
    add(
        "outputs",
        "sweep",
        "out-unrelated-folder",
        "sweep",
        s,
        "--event",
        "senkaku",
        "-o",
        "{d}/sw",
        "-p",
        "crisis.reliability.base=0.2,0.4",
        "--serial",
        files={"sw/notes.txt": b"mine"},
    )
    # sweep folders
    add(
        "sweep",
        "sweep",
        "summarize-manifest-link-loop",
        "sweep",
        "summarize",
        "{d}/sw",
        files={"sw/keep": b""},
        setup=_loop("sw/_sweep.json"),
    )
    add(
        "sweep",
        "sweep",
        "summarize-manifest-link-passwd",
        "sweep",
        "summarize",
        "{d}/sw",
        files={"sw/keep": b""},
        setup=_link("sw/_sweep.json", "/etc/passwd"),
    )
    # the environment
    add("env", "forecast", "csv-rows-inf", "forecast", str(ISSUES), env={"FOEDUS_MAX_CSV_ROWS": "1e400"})
    add(
        "env",
        "simulate",
        "allow-dirs-does-not-widen-draws",
        "simulate",
        s,
        "--event",
        "senkaku",
        "--draws",
        "100000000",
        env={"FOEDUS_ALLOW_DIRS": "/"},
    )
    return cases


def _design_cases() -> list[Case]:
    """``foedus design search``: a design space that is not one, and options out of range; each
    must be refused before any design is evaluated."""
    s, out = str(SCENARIO), []

    def add(cls: str, name: str, *args: str, **kw) -> None:
        out.append(Case(cls, "design search", name, ("design", "search", s, "--budget", "2", *args), **kw))

    space = "{d}/space.yaml"
    for name, text in {
        "empty": "",
        "not-a-mapping": "- a\n- b\n",
        "unknown-key": "name: x\nbase: hub_and_spoke\nmembrs: [USA]\n",
        "members-number": "name: x\nbase: hub_and_spoke\nmembers: 5\n",
        "bad-yaml": "name: [x\n",
        "deep": "a: " + "[" * 200 + "]" * 200 + "\n",
        "unknown-base": "name: x\nbase: warsaw_pact\nmembers: [USA, JPN]\nobligations: [defence]\n",
        "unknown-member": "name: x\nbase: hub_and_spoke\nmembers: [USA, Narnia]\nobligations: [defence]\n",
    }.items():
        add("yaml", f"space-{name}", "--space", space, files={"space.yaml": b(text)})
    add("encoding", "space-latin1", "--space", space, files={"space.yaml": "name: Sé\n".encode("latin-1")})
    add("encoding", "space-nul", "--space", space, files={"space.yaml": b"name: x\x00\n"})
    add("paths", "space-missing", "--space", "{d}/none.yaml")
    add("paths", "space-folder", "--space", "{d}")
    add("paths", "space-loop", "--space", "{d}/loop.yaml", setup=_loop("loop.yaml"))
    for opt, value in (
        ("--seed", "-1"), ("--seed", str(2**40)), ("--seed", "one"), ("--budget", "0"),
        ("--budget", "1000000000000"), ("--workers", "0"), ("--draws", "10"), ("--draws", "1e9"),
        ("--method", "annealing"), ("--format", "xml"),
    ):  # fmt: skip
        add("domain", f"{opt[2:]}-{value[:12]}", opt, value)
    add("outputs", "out-missing-folder", "--out", "{d}/no/front.json")
    add("outputs", "out-folder", "--out", "{d}")
    add("outputs", "out-unknown-type", "--out", "{d}/front.xlsx")
    add("outputs", "checkpoint-missing-folder", "--checkpoint", "{d}/no/run", match="--checkpoint")
    add("outputs", "checkpoint-a-file", "--checkpoint", "{d}/run", files={"run": b("x")},
        match="--checkpoint")  # fmt: skip
    add("outputs", "checkpoint-not-empty", "--checkpoint", "{d}", files={"mine.txt": b("keep me")},
        match="not a design-search checkpoint")  # fmt: skip
    add("outputs", "checkpoint-bad-manifest", "--checkpoint", "{d}/run", files={"run/manifest.json": b("{")},
        match="not a design-search manifest")  # fmt: skip
    return out


CASES: list[Case] = _cases() + _invented() + _design_cases()


def summary(cases: list[Case] = CASES) -> str:
    """The count by class and by command, as the closing note of issue 16 gives it."""
    by_cls = collections.Counter(c.cls for c in cases)
    by_cmd = collections.Counter(c.command.split()[0] for c in cases)
    lines = [f"{len(cases)} cases"]
    lines.append("by class: " + ", ".join(f"{k} {v}" for k, v in sorted(by_cls.items())))
    lines.append("by command: " + ", ".join(f"{k} {v}" for k, v in sorted(by_cmd.items())))
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary())
