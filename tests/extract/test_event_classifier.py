"""Learned event classifiers: pentaclass and PLOVER type, their training files and model cache.

Trained on a few sentences written here, with the word-hash stand-in for MiniLM; the one check
against ConfliBERT's DEV file reads it from ../shared/eval/events and skips when it is absent.
"""
from __future__ import annotations

import copy
import pickle
from pathlib import Path

import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

from wirewatch.extract import event_classifier as ec
from wirewatch.extract import event_classifier_plover as ep
from wirewatch.extract.event_classifier import PentaclassClassifier, read_pentaclass_file, trained_pentaclass
from wirewatch.extract.event_classifier_plover import (
    PloverTypeClassifier,
    plover_05_type,
    read_plover_training,
    trained_plover,
)

EVENTS = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "events"

SENTENCES = {
    0: ["The minister said the economy would grow next year.",
        "The spokesman commented on the election results on Monday.",
        "Officials declined to comment on the report."],
    1: ["The two presidents praised their growing partnership.",
        "Leaders met in Geneva to discuss the peace plan.",
        "The government expressed support for the new accord."],
    2: ["The country sent food aid and medicine to the flood victims.",
        "Rebels released twelve hostages after the talks.",
        "The army withdrew its troops from the border town."],
    3: ["The opposition accused the government of rigging the vote.",
        "Parliament rejected the proposal to extend the mandate.",
        "The ministry condemned the attack and demanded an apology."],
    4: ["Soldiers opened fire on protesters in the capital.",
        "A car bomb killed seven people near the market.",
        "Police arrested dozens of activists during the raid."],
}
TEXTS = [text for label in SENTENCES for text in SENTENCES[label]]
LABELS = [label for label in SENTENCES for _ in SENTENCES[label]]


@pytest.fixture
def fitted(hash_embedder) -> PentaclassClassifier:
    return PentaclassClassifier(embedder=hash_embedder).fit(TEXTS, LABELS)


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setattr(ec, "cache_dir", lambda: folder)
    return folder


def write_pentaclass_file(folder: Path, extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cameo_class.tsv"
    path.write_text("".join(f"{t}\t{label}\n" for t, label in zip(TEXTS, LABELS)) + extra, encoding="utf-8")
    return path


def test_predictions_have_one_row_per_text_and_a_column_per_label(fitted):
    probabilities = fitted.predict_proba(TEXTS[:4])
    assert probabilities.shape == (4, 5)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert fitted.classes == [0, 1, 2, 3, 4]
    labels = fitted.predict(TEXTS)
    assert all(type(label) is int for label in labels)
    assert labels == LABELS  # its own training sentences, which it can separate


def test_fitting_twice_gives_identical_probabilities(hash_embedder):
    first = PentaclassClassifier(embedder=hash_embedder).fit(TEXTS, LABELS).predict_proba(TEXTS)
    second = PentaclassClassifier(embedder=hash_embedder).fit(TEXTS, LABELS).predict_proba(TEXTS)
    assert np.array_equal(first, second)


def test_precomputed_embeddings_give_the_same_answer(fitted, hash_embedder):
    embeddings = fitted.embed(TEXTS)
    assert np.array_equal(fitted.predict_proba(TEXTS, embeddings), fitted.predict_proba(TEXTS))
    with pytest.raises(ValueError):
        fitted.predict_proba(TEXTS, embeddings[:2])


def test_tfidf_only_model_never_calls_the_embedder():
    class Refuses:
        def embed(self, texts):
            raise AssertionError("embedder used")

    model = PentaclassClassifier(embedding_weight=0, embedder=Refuses()).fit(TEXTS, LABELS)
    assert len(model.predict(["Troops shelled the city."])) == 1


def test_deepcopy_answers_alike_and_shares_the_embedder(fitted):
    clone = copy.deepcopy(fitted)
    assert clone._embedder is fitted._embedder
    assert clone.model is not fitted.model
    assert np.array_equal(clone.predict_proba(TEXTS), fitted.predict_proba(TEXTS))


def test_pickle_leaves_the_embedder_out_and_keeps_the_model(fitted, hash_embedder):
    restored = pickle.loads(pickle.dumps(fitted))
    assert restored._embedder is None
    restored._embedder = hash_embedder
    assert np.array_equal(restored.predict_proba(TEXTS), fitted.predict_proba(TEXTS))


def test_empty_none_and_very_long_texts_get_an_answer(fitted):
    texts = ["", "   ", None, "Rebels attacked the convoy. " * 5000, "¿Qué pasó? 爆炸"]
    labels = fitted.predict(texts)
    assert len(labels) == len(texts) and set(labels) <= {0, 1, 2, 3, 4}
    assert fitted.predict_proba([]).shape == (0, 5)
    assert fitted.predict([]) == []


def test_unfitted_or_unlearnable_input_is_refused(hash_embedder):
    with pytest.raises(NotFittedError):
        PentaclassClassifier(embedder=hash_embedder).predict(["Talks resumed."])
    with pytest.raises(ValueError, match="two labels"):
        PentaclassClassifier(embedder=hash_embedder).fit(TEXTS[:3], [1, 1, 1])
    with pytest.raises(ValueError, match="labels"):
        PentaclassClassifier(embedder=hash_embedder).fit(TEXTS, LABELS[:-1])


def test_pentaclass_file_rows_without_a_label_are_skipped(tmp_path):
    path = write_pentaclass_file(tmp_path, extra="no label here\nA sentence\t7\n\n")
    texts, labels = read_pentaclass_file(path)
    assert texts == TEXTS and labels == LABELS


def test_trained_pentaclass_is_cached_and_reloaded(tmp_path, cache, monkeypatch, hash_embedder):
    write_pentaclass_file(tmp_path / "events" / "conflibert_cameo")
    model = trained_pentaclass(tmp_path / "events", embedder=hash_embedder)
    assert isinstance(model, PentaclassClassifier)
    stored = list(cache.glob("pentaclass-*.pkl"))
    assert len(stored) == 1

    def no_training(self, texts, labels):
        raise AssertionError("trained again instead of reading the cache")

    monkeypatch.setattr(PentaclassClassifier, "fit", no_training)
    again = trained_pentaclass(tmp_path / "events" / "conflibert_cameo" / "cameo_class.tsv", embedder=hash_embedder)
    assert again._embedder is hash_embedder
    assert np.array_equal(again.predict_proba(TEXTS), model.predict_proba(TEXTS))


def test_changed_training_file_gets_a_new_cache_entry(tmp_path, cache, hash_embedder):
    folder = tmp_path / "train"
    write_pentaclass_file(folder)
    trained_pentaclass(folder, embedder=hash_embedder)
    write_pentaclass_file(folder, extra="The rebels shelled the airport.\t4\n")
    trained_pentaclass(folder, embedder=hash_embedder)
    assert len(list(cache.glob("pentaclass-*.pkl"))) == 2


def test_a_broken_cache_entry_is_retrained(tmp_path, cache, hash_embedder):
    folder = tmp_path / "train"
    write_pentaclass_file(folder)
    trained_pentaclass(folder, embedder=hash_embedder)
    (entry,) = cache.glob("pentaclass-*.pkl")
    entry.write_bytes(b"not a pickle")
    assert trained_pentaclass(folder, embedder=hash_embedder).predict(TEXTS[:1]) == [0]


def test_training_folder_comes_from_the_environment(tmp_path, cache, monkeypatch, hash_embedder):
    write_pentaclass_file(tmp_path / "conflibert_cameo")
    monkeypatch.setenv(ec.TRAINING_ENV, str(tmp_path))
    assert trained_pentaclass(embedder=hash_embedder) is not None


def test_models_read_by_different_embedders_are_cached_apart(tmp_path, cache, hash_embedder):
    folder = tmp_path / "train"
    write_pentaclass_file(folder)
    trained_pentaclass(folder, embedder=hash_embedder)
    renamed = type("Renamed", (type(hash_embedder),), {"name": "renamed"})()
    trained_pentaclass(folder, embedder=renamed)
    names = sorted(p.name for p in cache.glob("pentaclass-*.pkl"))
    assert len(names) == 2 and names[1].startswith("pentaclass-word-hash-test-v")


def test_no_training_data_gives_no_model(tmp_path, cache, monkeypatch):
    monkeypatch.setenv(ec.TRAINING_ENV, str(tmp_path / "nowhere"))
    assert trained_pentaclass() is None
    assert trained_plover() is None
    assert trained_pentaclass(tmp_path) is None
    assert trained_plover(tmp_path) is None
    assert not cache.exists()


def test_repository_root_is_the_folder_with_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    module = tmp_path / "src" / "pkg" / "mod.py"
    module.parent.mkdir(parents=True)
    module.write_text("", encoding="utf-8")
    assert ec.repository_root(module) == tmp_path


# --- PLOVER types ---

HEADLINES = """event,mode,title
ASSAULT,ABDUCT,Gunmen Kidnap Aid Workers in {city}
ASSAULT,AERIAL,{country_1} Jets Strike Rebel Bases in {country_2}
REQUEST,MEET,{country_1} Calls on {country_2} to Resume Talks
ACCUSE,INVESTIGATE,{country_1} Opens Inquiry into Election Fraud
ACCUSE,DISAPPROVE,{country_1} Condemns {country_2}'s Missile Test
AGREE,,{country_1} and {country_2} Agree to Hold Talks
"""
COUNTRIES = 'CCA2,Name,CCA3,Nationality\nKE,Kenya,KEN,Kenyan\nPE,Peru,PER,"Peruvian, Peruvians"\nNP,Nepal,NPL,Nepalese\n'
CODEBOOK = """event,mode,event_def,mode_def,extraction_notes
AGREE,,"Agree to, offer or promise to cooperate.",Promise to sign a treaty,
ACCUSE,investigate,Express disapproval or accuse.,Investigation of corruption,
"""


def write_ngec(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ((ep.HEADLINES_FILE, HEADLINES), (ep.COUNTRIES_FILE, COUNTRIES), (ep.CODEBOOK_FILE, CODEBOOK)):
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_2021_labels_become_plover_05_types_through_their_modes():
    assert plover_05_type("REQUEST", "MEET") == "DEMAND"
    assert plover_05_type("ACCUSE", "INVESTIGATE") == "INVESTIGATE"
    assert plover_05_type("ACCUSE", "allege") == "DISAPPROVE"
    assert plover_05_type("ASSAULT", "AERIAL") == "FIGHT"
    assert plover_05_type("ASSAULT", "abduct") == "ASSAULT"
    assert plover_05_type("protest", None) == "PROTEST"


def test_training_headlines_are_filled_with_countries(tmp_path):
    folder = write_ngec(tmp_path)
    texts, labels = read_plover_training(*(folder / n for n in ep.TRAINING_FILES), fills=2)
    assert not any("{" in text for text in texts)
    assert "Investigation of corruption" in texts  # codebook definitions join the headlines
    assert {"ASSAULT", "FIGHT", "DEMAND", "INVESTIGATE", "DISAPPROVE", "AGREE"} == set(labels)
    assert read_plover_training(*(folder / n for n in ep.TRAINING_FILES), fills=2) == (texts, labels)


def test_plover_classifier_answers_type_names_and_agrees_with_pentaclass(tmp_path, fitted, hash_embedder):
    folder = write_ngec(tmp_path)
    texts, labels = read_plover_training(*(folder / n for n in ep.TRAINING_FILES))
    model = PloverTypeClassifier(embedder=hash_embedder).fit(texts, labels)
    sentences = ["Jets bombed rebel bases overnight.", "", "The two sides agreed to hold talks."]
    alone = model.predict_proba(sentences)
    joint = model.predict_proba(sentences, pentaclass=fitted)
    assert alone.shape == joint.shape == (3, len(model.classes))
    assert np.allclose(joint.sum(axis=1), 1.0)
    assert all(isinstance(t, str) for t in model.predict(sentences, pentaclass=fitted))
    best = model.top(sentences, k=2)
    assert [len(row) for row in best] == [2, 2, 2] and best[0][0][1] >= best[0][1][1]


def test_pentaclass_profile_follows_the_cameo_roots():
    profile = ep.pentaclass_profile(["AGREE", "FIGHT", "DEMAND", "NOT-A-TYPE"], [0, 1, 2, 3, 4])
    assert profile[0].tolist() == [0, 1, 0, 0, 0]
    assert profile[1].tolist() == [0, 0, 0, 0, 1]
    assert profile[2].tolist() == [0, 0, 0, 1, 0]
    assert np.allclose(profile[3], 0.2)


def test_trained_plover_is_cached(tmp_path, cache, hash_embedder, monkeypatch):
    write_ngec(tmp_path / "ngec")
    model = trained_plover(tmp_path, embedder=hash_embedder)
    assert isinstance(model, PloverTypeClassifier)
    assert len(list(cache.glob("plover-*.pkl"))) == 1
    monkeypatch.setattr(PloverTypeClassifier, "fit", lambda *_: pytest.fail("trained again"))
    again = trained_plover(tmp_path / "ngec", embedder=hash_embedder)
    assert again.classes == model.classes
    assert np.array_equal(again.predict_proba(["Jets struck the base."]), model.predict_proba(["Jets struck the base."]))


def test_dev_pentaclass_file_is_learnable_with_tfidf_alone():
    path = EVENTS / "conflibert_cameo" / "cameo_class.tsv"
    if not path.is_file():
        pytest.skip(f"ConfliBERT's DEV file is read from {path}, which is absent")
    texts, labels = read_pentaclass_file(path)
    assert len(texts) > 1000 and set(labels) == {0, 1, 2, 3, 4}
    model = PentaclassClassifier(embedding_weight=0).fit(texts[::2], labels[::2])
    answers = model.predict(texts[1::2])
    assert np.mean([a == b for a, b in zip(answers, labels[1::2])]) > 0.7
