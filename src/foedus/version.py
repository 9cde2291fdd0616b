"""The package's version, in a base module of its own so that every layer can record it in a
result's provenance without importing the package's face (``foedus/__init__.py``, which stands
above them all). Keep it equal to ``version`` in ``pyproject.toml`` (tests/test_api.py checks).
"""

__version__ = "0.1.0"
