"""foedus.citing: every model, dataset and command has its citations, and every key exists."""

from __future__ import annotations

import importlib

import pytest

from foedus.bibliography import entries
from foedus.citing import COMMANDS, MODELS, cite, keys, known_targets
from foedus.data.sources import SOURCES
from foedus.errors import InputError

ALL_MODELS = (
    "bdm",
    "ktab",
    "mean",
    "median",
    "nash",
    "ensemble",
    "landscape",
    "power",
    "burden",
    "similarity",
    "obligations",
    "crisis",
    "deterrence",
    "sweep",
)

# The module whose CITATIONS each model's keys must include (the code's own claim).
MODULE_CITATIONS = {
    "bdm": "foedus.bargaining.bdm",
    "ktab": "foedus.bargaining.ktab.solver",
    "mean": "foedus.bargaining.compromise",
    "median": "foedus.bargaining.median",
    "nash": "foedus.bargaining.nash",
    "ensemble": "foedus.bargaining.ensemble",
    "burden": "foedus.coalitions.burden",
    "similarity": "foedus.coalitions.similarity",
    "obligations": "foedus.obligations",
    "deterrence": "foedus.crisis.deterrence",
    "sweep": "foedus.sweep",
}


def test_every_model_and_dataset_is_covered():
    assert set(ALL_MODELS) <= set(MODELS)
    for name in (*ALL_MODELS, *SOURCES):
        assert keys(name), name
        assert cite(name).startswith("@"), name


@pytest.mark.parametrize("name", sorted(set(MODELS) | set(SOURCES) | set(COMMANDS)))
def test_every_key_exists(name):
    missing = [k for k in keys(name) if k not in entries()]
    assert not missing, f"{name}: {missing}"


def test_models_include_their_modules_citations():
    for model, module in MODULE_CITATIONS.items():
        declared = importlib.import_module(module).CITATIONS
        assert set(declared) <= set(MODELS[model]), (model, set(declared) - set(MODELS[model]))
    from foedus import crisis
    from foedus.coalitions import alignment, landscape

    assert set(crisis.CITATIONS) <= set(MODELS["crisis"]) | set(MODELS["deterrence"]) | set(
        MODELS["estimation"]
    )
    from foedus.estimation.estimates import CITATIONS as ESTIMATED

    assert {k for keys in ESTIMATED.values() for k in keys} <= set(MODELS["estimation"])
    assert set(alignment.CITATIONS) | set(landscape.CITATIONS) <= set(MODELS["landscape"])


def test_datasets_cite_their_sources():
    for name, source in SOURCES.items():
        assert keys(name) == tuple(source.citations)


def test_every_cli_command_is_mapped():
    from foedus.cli import app

    commands = {c.name or c.callback.__name__.removesuffix("_cmd") for c in app.registered_commands}
    commands |= {g.name for g in app.registered_groups}
    commands.discard("cite")  # cites nothing itself
    assert commands <= set(COMMANDS), commands - set(COMMANDS)
    for parts in COMMANDS.values():
        assert set(parts) <= set(MODELS) | set(SOURCES)


def test_a_command_cites_its_models_and_data():
    text = cite("compare")
    for key in ("berkemeier_fuhrmann_2018", "tullock_1980", "leeds_2022_atop_codebook", "cow_nmc_7"):
        assert f"{{{key}," in text
    assert "{nash_1950," not in text


def test_everything():
    assert keys(None) == tuple(entries())
    assert cite(None).count("\n@") == len(entries()) - 1


def test_unknown_target_lists_the_known_ones():
    with pytest.raises(InputError) as err:
        cite("warp-drive")
    message = str(err.value) + str(getattr(err.value, "hint", ""))
    for name in ("bdm", "cow_nmc", "forecast"):
        assert name in message
    assert set(known_targets()) == {"model", "dataset", "command"}


def _run_cli(args: list[str]) -> int:
    import sys

    from foedus.cli import main

    argv = sys.argv
    sys.argv = ["foedus", *args]
    try:
        main()
    except SystemExit as done:
        return int(done.code or 0)
    finally:
        sys.argv = argv
    return 0


def test_cli_cite(capsys):
    from foedus.cli import app

    if "cite" not in {c.name or c.callback.__name__ for c in app.registered_commands}:
        pytest.skip("foedus cite is not registered in cli.py yet")
    assert _run_cli(["cite", "ktab"]) == 0
    assert capsys.readouterr().out == cite("ktab")
    assert _run_cli(["cite", "warp-drive"]) == 2
    assert "known models" in capsys.readouterr().err
