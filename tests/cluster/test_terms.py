from collections import Counter

from wirewatch.cluster.terms import TermStats, cosine, document_terms, terms
from wirewatch.model import StoryDoc


def test_terms_are_lowercased_without_stop_words_or_single_letters():
    assert terms("The quake struck Arequipa, and a bridge fell.") == Counter(
        {"quake": 1, "struck": 1, "arequipa": 1, "bridge": 1, "fell": 1})


def test_title_terms_count_twice_in_a_document():
    doc = StoryDoc("a", "Quake in Peru", "Rescuers searched the rubble.")
    counts = document_terms(doc)
    assert counts["quake"] == 2 and counts["rescuers"] == 1


def test_rare_terms_weigh_more_than_common_ones():
    stats = TermStats()
    for text in ["quake kills three", "quake hits coast", "quake in arequipa"]:
        stats.add(terms(text))
    weights = stats.weigh(terms("quake arequipa"))
    assert weights["arequipa"] > weights["quake"] > 0


def test_cosine_of_unit_vectors_is_one_for_the_same_text_and_zero_for_disjoint():
    stats = TermStats()
    a, b = terms("tanker seized off busan"), terms("summit in hanoi")
    stats.add(a)
    stats.add(b)
    assert abs(cosine(stats.weigh(a), stats.weigh(a)) - 1.0) < 1e-9
    assert cosine(stats.weigh(a), stats.weigh(b)) == 0.0
