"""Learned sentence classifiers for events: the CAMEO pentaclass (0-4) of a sentence, and (in
``event_classifier_plover``) its PLOVER event type.

Both are one model: word uni- and bigram TF-IDF beside a down-weighted MiniLM sentence
embedding, into a balanced logistic regression. Chosen by 5-fold CV macro-F1 on ConfliBERT's
CAMEO pentaclass file (DEV split): word TF-IDF alone 0.822-0.834, with 0.5 x embedding 0.872 at
C = 64; character n-grams, heavier embeddings and C = 1-16 measured lower.

Trained models are cached under ``platformdirs.user_cache_dir("wirewatch")``, keyed by the
sha256 of the training files and the model version, so the training data is read (and embedded)
once per machine; it is never shipped inside the package.
"""
from __future__ import annotations

import copy
import hashlib
import logging
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

log = logging.getLogger(__name__)

# Bump when features, model or training data handling change: old cached models are then ignored.
MODEL_VERSION = "1"
TRAINING_ENV = "WIREWATCH_EVENT_TRAINING"
CACHE_FOLDER = "event_models"
PENTACLASS_FILE = "cameo_class.tsv"
PENTACLASS_FOLDER = "conflibert_cameo"
# MiniLM sees at most 256 word pieces; TF-IDF sees more, but a sentence this long is not a sentence.
MAX_CHARS = 5000


class TextEmbedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def _default_embedder() -> TextEmbedder:
    from wirewatch.cluster.embed import Embedder

    return Embedder()


def _clean(texts: Iterable[Any]) -> list[str]:
    """Texts as one-line strings of bounded length; None becomes the empty string."""
    cleaned = []
    for text in texts:
        text = "" if text is None else " ".join(str(text).split())
        cleaned.append(text[:MAX_CHARS])
    return cleaned


class SentenceClassifier:
    """TF-IDF word n-grams + `embedding_weight` x sentence embedding -> logistic regression.

    c: inverse regularisation strength; 64 and 256 measured alike (CV macro-F1 0.872), 1-16 lower.
    embedding_weight: scale of the unit-length embedding beside the unit-length TF-IDF row;
        0 leaves the embedder unused (TF-IDF only).
    embedder: anything with ``embed(texts) -> (n, d) array``; default Wirewatch's MiniLM
        `Embedder`, built on first use. It is shared by copies and left out of pickles.
    """

    def __init__(self, c: float = 64.0, embedding_weight: float = 0.5, seed: int = 0,
                 embedder: TextEmbedder | None = None):
        self.c = c
        self.embedding_weight = embedding_weight
        self.seed = seed
        self._embedder = embedder
        self.vectorizer: Any = None
        self.model: Any = None

    # --- copying and pickling: the embedder holds a torch model, not worth copying or storing

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_embedder"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __deepcopy__(self, memo: dict[int, Any]) -> SentenceClassifier:
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for key, value in self.__dict__.items():
            setattr(clone, key, value if key == "_embedder" else copy.deepcopy(value, memo))
        return clone

    @property
    def embedder(self) -> TextEmbedder:
        if self._embedder is None:
            self._embedder = _default_embedder()
        return self._embedder

    @property
    def classes(self) -> list[Any]:
        """The labels, in the order of `predict_proba`'s columns (empty before fitting)."""
        return [] if self.model is None else [_plain(label) for label in self.model.classes_]

    @property
    def fitted(self) -> bool:
        return self.model is not None

    def embed(self, texts: Sequence[str]) -> np.ndarray | None:
        """The sentence embeddings this model reads (None when it reads none), to share with
        another model on the same texts through `predict_proba(texts, embeddings)`."""
        return None if not self.embedding_weight else np.asarray(self.embedder.embed(_clean(texts)))

    def _features(self, texts: list[str], embeddings: np.ndarray | None = None) -> Any:
        import scipy.sparse as sp

        words = self.vectorizer.transform(texts)
        if not self.embedding_weight:
            return words.tocsr()
        if embeddings is None:
            embeddings = self.embedder.embed(texts)
        if len(embeddings) != len(texts):
            raise ValueError(f"{len(embeddings)} embeddings for {len(texts)} texts")
        vectors = np.asarray(embeddings, dtype=np.float64) * self.embedding_weight
        return sp.hstack([words, sp.csr_matrix(vectors)]).tocsr()

    def fit(self, texts: Sequence[str], labels: Sequence[Any]) -> SentenceClassifier:
        """Train from scratch. Needs at least two distinct labels."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        texts, labels = _clean(texts), list(labels)
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        if len(set(labels)) < 2:
            raise ValueError("a classifier needs training examples of at least two labels")
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, strip_accents="unicode")
        self.vectorizer.fit(texts)
        # newton-cg: the lbfgs optimum, much faster on these sparse features; deterministic.
        model = LogisticRegression(C=self.c, solver="newton-cg", max_iter=2000, class_weight="balanced",
                                   random_state=self.seed)
        model.fit(self._features(texts), labels)
        self.model = model
        return self

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """One row per text, one column per label of `classes`, rows summing to 1.

        embeddings: the texts' sentence embeddings, when already at hand (see `embed`).
        """
        from sklearn.exceptions import NotFittedError

        if self.model is None:
            raise NotFittedError(f"{type(self).__name__} is not fitted: call fit() or use a trained_* model")
        texts = _clean(texts)
        if not texts:
            return np.zeros((0, len(self.model.classes_)))
        return self.model.predict_proba(self._features(texts, embeddings))

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[Any]:
        """The most probable label per text."""
        probabilities = self.predict_proba(texts, embeddings)
        classes = self.classes
        return [classes[i] for i in probabilities.argmax(axis=1)]


def _plain(label: Any) -> Any:
    # numpy scalars out of sklearn's classes_ become plain ints and strings.
    return label.item() if isinstance(label, np.generic) else label


class PentaclassClassifier(SentenceClassifier):
    """A sentence's CAMEO pentaclass: 0 statement, 1 verbal cooperation, 2 material cooperation,
    3 verbal conflict, 4 material conflict."""

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[int]:
        return [int(label) for label in super().predict(texts, embeddings)]


# --- training data and the model cache ---


def repository_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above `start` (default: this module) that holds pyproject.toml."""
    here = (start or Path(__file__)).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file():
            return folder
    return None


def training_root() -> Path | None:
    """Where the event training sets live: `$WIREWATCH_EVENT_TRAINING`, else the shared DEV copy
    ``<repository root>/../shared/eval/events`` (None when neither is set or found)."""
    if os.environ.get(TRAINING_ENV):
        return Path(os.environ[TRAINING_ENV])
    root = repository_root()
    return None if root is None else root.parent / "shared" / "eval" / "events"


def find_training(training: Path | None, names: Sequence[str], folder: str) -> list[Path] | None:
    """The training files `names`, found in `training` (a folder holding them, or one above
    holding `folder/`; a file: its folder), else under `training_root()`. None if any is missing."""
    base = Path(training) if training is not None else training_root()
    if base is None:
        return None
    if base.is_file():
        base = base.parent
    for candidate in (base, base / folder):
        files = [candidate / name for name in names]
        if all(f.is_file() for f in files):
            return files
    return None


def files_digest(files: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("wirewatch")) / CACHE_FOLDER


def embedder_name(embedder: TextEmbedder | None) -> str:
    """A file-name-safe name of the embedder a model reads (None: Wirewatch's MiniLM)."""
    name = "all-MiniLM-L6-v2" if embedder is None else str(getattr(embedder, "name", type(embedder).__name__))
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)


def cached_model(kind: str, files: Sequence[Path], train: Callable[[], SentenceClassifier],
                 embedder: TextEmbedder | None = None) -> SentenceClassifier:
    """The model trained by `train` on `files`, from the cache when it holds one for the same
    files, embedder, model version and scikit-learn version; trained and stored otherwise."""
    import sklearn

    key = (f"{kind}-{embedder_name(embedder)}-v{MODEL_VERSION}-sk{sklearn.__version__}-"
           f"{files_digest(files)[:24]}.pkl")
    path = cache_dir() / key
    if path.is_file():
        try:
            with path.open("rb") as handle:
                model = pickle.load(handle)
            if isinstance(model, SentenceClassifier) and model.fitted:
                return model
        except Exception as exc:  # noqa: BLE001 - a broken cache entry is retrained, whatever broke it
            log.warning("ignoring unreadable cached model %s (%s: %s)", path, type(exc).__name__, exc)
    model = train()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as handle:
            pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, path)
    except OSError as exc:  # a read-only cache costs a retraining next time, not the answer
        log.warning("could not cache the %s model in %s: %s", kind, path.parent, exc)
    return model


def read_pentaclass_file(path: Path) -> tuple[list[str], list[int]]:
    """`sentence<TAB>label` rows (labels 0-4); other rows are skipped."""
    texts, labels = [], []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        sentence, _, label = line.rpartition("\t")
        if sentence.strip() and label.strip() in {"0", "1", "2", "3", "4"}:
            texts.append(sentence.strip())
            labels.append(int(label))
    return texts, labels


def trained_pentaclass(training: Path | None = None, embedder: TextEmbedder | None = None
                       ) -> PentaclassClassifier | None:
    """A `PentaclassClassifier` trained on ConfliBERT's cameo_class.tsv (cached), or None when
    there is no such file.

    training: the file, or a folder holding it or holding ``conflibert_cameo/``; default
        `$WIREWATCH_EVENT_TRAINING`, else ``<repository root>/../shared/eval/events``. Only
        point it at a training split, never at the folder being evaluated.
    embedder: the sentence embedder to use (and share with other models); default MiniLM.
    """
    files = find_training(training, [PENTACLASS_FILE], PENTACLASS_FOLDER)
    if files is None:
        return None

    def train() -> PentaclassClassifier:
        texts, labels = read_pentaclass_file(files[0])
        return PentaclassClassifier(embedder=embedder).fit(texts, labels)

    try:
        model = cached_model("pentaclass", files, train, embedder)
    except ValueError as exc:  # a file with too few usable rows
        log.warning("cannot train the pentaclass model on %s: %s", files[0], exc)
        return None
    if not isinstance(model, PentaclassClassifier):
        return None
    model.training_digest = files_digest(files)  # lets a harness tell a training-set score
    model._embedder = embedder or model._embedder
    return model
