"""The normaliser's vocabulary (currencies, pay periods, remote words), loaded once from data."""

import json
from pathlib import Path

VOCABULARY_PATH = Path(__file__).resolve().parent.parent / "data" / "vocabulary.json"
VOCABULARY = json.loads(VOCABULARY_PATH.read_text(encoding="utf-8"))
