"""Exact and near copies: MinHash signatures over word shingles, candidates from LSH.

A copy keeps the wording of its source (a syndicated wire story with another outlet's
boilerplate around it); a rewrite keeps the facts and changes the words, which MinHash
does not see (the two seed articles share about 6 % of their shingles): see rewrites.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

PERMUTATIONS = 128
# datasketch's 32-bit bijective scheme: stored as uint32 (512 bytes per article). Named
# explicitly because stored hash values carry no trace of the scheme that made them.
SCHEME = "affine32"
SHINGLE_WORDS = 3
# LSH recall is tuned for pairs at or above this Jaccard similarity; a pair counts as a copy
# from COPY_JACCARD on (estimated from the signatures, then checked on the shingles).
LSH_THRESHOLD = 0.5
COPY_JACCARD = 0.5
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    sketch = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    sketch.update_batch(list(shingles(text)))
    return sketch


def to_blob(sketch: MinHash) -> bytes:
    return np.asarray(sketch.hashvalues, dtype=np.uint32).tobytes()


def from_blob(blob: bytes) -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, scheme=SCHEME, hashvalues=np.frombuffer(blob, dtype=np.uint32))


@dataclass(frozen=True)
class CopyMatch:
    """`article_id` shares at least COPY_JACCARD of its shingles with the earlier `other_id`."""

    article_id: str
    other_id: str
    jaccard: float


class CopyIndex:
    """An LSH index of the articles seen so far; `match` then `add` for each arrival."""

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=PERMUTATIONS)
        self.sketches: dict[str, MinHash] = {}

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.sketches

    def add(self, article_id: str, sketch: MinHash) -> None:
        if article_id not in self.sketches:
            self.lsh.insert(article_id, sketch)
            self.sketches[article_id] = sketch

    def match(self, article_id: str, sketch: MinHash) -> list[CopyMatch]:
        """Earlier articles this one copies, best first."""
        found = []
        for other in self.lsh.query(sketch):
            if other == article_id:
                continue
            jaccard = float(sketch.jaccard(self.sketches[other]))
            if jaccard >= COPY_JACCARD:
                found.append(CopyMatch(article_id, other, round(jaccard, 4)))
        return sorted(found, key=lambda m: -m.jaccard)
