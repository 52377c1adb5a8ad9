"""Shared fixtures: a fresh store per test and the location of the shared data folder."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pytest

from wirewatch.cluster.embed import Embedder
from wirewatch.store.db import connect

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def conn(db_path: Path):
    connection = connect(db_path)
    yield connection
    connection.close()


def seed_dir() -> Path:
    """The seed articles' folder; the test is skipped where ../shared is absent."""
    if not SEEDS.is_dir():
        pytest.skip(f"the seed articles are read from {SEEDS}, which is absent")
    return SEEDS


@pytest.fixture
def seeds() -> Path:
    return seed_dir()


def seed_store(tmp_path_factory, embedder, *, extract: bool):
    """A new store with the seed articles ingested, grouped into stories, extracted if asked."""
    from wirewatch.pipeline import ingest

    conn = connect(tmp_path_factory.mktemp("seeds") / "store.db")
    ingest(conn, [str(seed_dir())], stories=True, embedder=embedder, extract=extract, workers=1)
    return conn


def write(path: Path, text: str | bytes) -> Path:
    """Write a fixture file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


class WordHashEmbedder:
    """A deterministic stand-in for unit tests: a unit vector of hashed word counts.

    Texts that share words point the same way, which is all the assignment logic needs.
    """

    name = "word-hash-test"
    dimensions = 64

    def embed(self, texts):
        rows = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                rows[i, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dimensions] += 1
            norm = np.linalg.norm(rows[i])
            if norm:
                rows[i] /= norm
        return rows

    def embed_docs(self, docs):
        from wirewatch.cluster.embed import story_text

        return self.embed([story_text(d) for d in docs])


@pytest.fixture
def hash_embedder():
    return WordHashEmbedder()


@pytest.fixture(scope="session")
def embedder():
    """The real MiniLM model from its PyPI package (a few seconds to load, once)."""
    return Embedder()


@pytest.fixture
def run(db_path: Path):
    """The `wirewatch` command on a temporary store: run("ingest", path, "--quiet") -> click Result."""
    from click.testing import CliRunner

    from wirewatch.cli import main

    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(main, ["--db", str(db_path), *args], input=input, catch_exceptions=False)

    return invoke
