"""Embedders share the process's one MiniLM and each keeps its own reading length."""
import numpy as np

from wirewatch.cluster.embed import Embedder

LONG = ("The harbour authority closed the northern quay on Monday after a crane collapsed. " * 3
        + "Ferries to the islands were moved to the southern pier until further notice.")


def test_embedders_share_one_model_yet_each_reads_its_own_number_of_word_pieces(embedder):
    short = Embedder(max_tokens=16)
    assert short._load() is embedder._load()
    whole, cut = embedder.embed([LONG])[0], short.embed([LONG])[0]
    assert float(whole @ cut) < 0.999                          # the tail about ferries is read by one only
    assert np.allclose(embedder.embed([LONG])[0], whole, atol=1e-3)   # the short one left the length as it was
    assert np.allclose(short.embed([LONG])[0], cut, atol=1e-3)
