"""The tests' data, all inside the repository (sources and licences in README.md beside it)."""

from pathlib import Path

DATA = Path(__file__).resolve().parent
