"""The public API: the names `import foedus` offers, loaded lazily, and an import that stays fast."""

from __future__ import annotations

import importlib
import subprocess
import sys

import foedus


def test_every_public_name_is_importable():
    assert set(foedus.__all__) - {"__version__"} == set(foedus._EXPORTS)
    assert len(foedus.__all__) >= 10
    for name in foedus.__all__:
        assert getattr(foedus, name) is not None, name
    assert sorted(dir(foedus)) == sorted(foedus.__all__)


def test_the_verbs_are_the_library_functions():
    from foedus.crisis import simulate
    from foedus.obligations import obligations
    from foedus.study import run_study

    assert foedus.run_study is run_study and foedus.simulate is simulate
    assert foedus.who_is_bound is obligations
    importlib.import_module("foedus.obligations")  # the submodule cannot shadow the verb
    assert foedus.who_is_bound is obligations


def test_import_loads_no_model_module():
    code = (
        "import sys, foedus; heavy = [m for m in ('pandas', 'numpy', 'pydantic', 'foedus.world') "
        "if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_the_version_is_the_one_pyproject_declares():
    import tomllib
    from pathlib import Path

    import foedus

    declared = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())["project"]["version"]
    assert foedus.__version__ == declared
