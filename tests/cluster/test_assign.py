from datetime import date

import numpy as np

from wirewatch.cluster.assign import StoryConfig, StoryIndex
from wirewatch.model import StoryDoc

PERU_LONG = (
    "A magnitude 6.1 earthquake struck the Arequipa region of southern Peru on Thursday, killing three "
    "people and injuring at least 40, the national emergency institute said. Landslides blocked the "
    "Panamericana Sur highway near Camana, and the regional government declared an emergency in four "
    "provinces as rescuers searched collapsed adobe homes in the villages of Chuquibamba and Aplao."
)
PERU_LONG_2 = (
    "Rescuers in southern Peru searched for survivors on Thursday after a 6.1-magnitude quake shook "
    "Arequipa, leaving three dead and more than 40 hurt. Rockfalls cut the Panamericana Sur near Camana, "
    "officials said, and adobe houses collapsed in Chuquibamba and Aplao; the region is under a state of emergency."
)
TURKEY_LONG = (
    "At least twelve people were killed when a magnitude 5.9 earthquake hit Malatya province in eastern "
    "Turkey on Wednesday, the disaster agency AFAD said. Two mosques and dozens of old buildings in the town "
    "of Yesilyurt were damaged, and tents were set up for families afraid to return home after aftershocks."
)
QUAKE_PERU = "A magnitude 6.1 earthquake struck Arequipa in southern Peru, killing three people and blocking the Panamericana highway."
QUAKE_PERU_2 = "Three people died when a magnitude 6.1 earthquake hit Arequipa, Peru; landslides blocked the Panamericana highway."
QUAKE_TURKEY = "A magnitude 5.9 earthquake shook Malatya in eastern Turkey, killing twelve people and damaging mosques."


def _doc(i, text, day=None, title=""):
    return StoryDoc(i, title, text, day, None)


def _index(embedder, **config):
    return StoryIndex(embedder.dimensions, StoryConfig(**config))


def test_the_same_happening_joins_one_story_and_another_earthquake_that_week_starts_its_own(embedder):
    index = _index(embedder)
    docs = [_doc("p1", PERU_LONG, date(2023, 8, 10), "Quake kills three in southern Peru"),
            _doc("p2", PERU_LONG_2, date(2023, 8, 10), "Peru searches for survivors after Arequipa quake"),
            _doc("t1", TURKEY_LONG, date(2023, 8, 9), "Twelve dead as quake hits eastern Turkey")]
    got = [index.assign(d, v) for d, v in zip(docs, embedder.embed_docs(docs))]
    assert got[0].new_story and got[0].story_id == "s-p1"
    assert not got[1].new_story and got[1].story_id == "s-p1" and got[1].score >= 0.5
    assert got[2].new_story and got[2].story_id == "s-t1"


def test_articles_further_apart_than_the_window_are_not_one_story(hash_embedder):
    index = _index(hash_embedder, window_days=7)
    docs = [_doc("a", QUAKE_PERU, date(2023, 8, 1)), _doc("b", QUAKE_PERU, date(2023, 8, 20))]
    got = [index.assign(d, v) for d, v in zip(docs, hash_embedder.embed_docs(docs))]
    assert got[1].new_story


def test_an_undated_article_still_finds_its_dated_story(hash_embedder):
    index = _index(hash_embedder)
    docs = [_doc("a", QUAKE_PERU, date(2023, 8, 1)), _doc("z", QUAKE_TURKEY, date(2023, 8, 14)),
            _doc("b", QUAKE_PERU_2, None)]
    got = [index.assign(d, v) for d, v in zip(docs, hash_embedder.embed_docs(docs))]
    assert got[2].story_id == "s-a"


def test_old_buckets_and_stories_leave_memory_after_the_retention_period(hash_embedder):
    index = _index(hash_embedder, retention_days=30)
    docs = [_doc("a", QUAKE_PERU, date(2023, 1, 1)), _doc("b", QUAKE_TURKEY, date(2023, 3, 1))]
    for d, v in zip(docs, hash_embedder.embed_docs(docs)):
        index.assign(d, v)
    assert set(index.stories) == {"s-b"}
    size = index.config.bucket_days
    assert all((key[1] + 1) * size > date(2023, 1, 30).toordinal() for key in index.buckets if key[0] == "d")
    assert len([key for key in index.buckets if key[0] == "d"]) == 1


def test_a_short_headline_needs_less_similarity_than_a_long_article():
    index = StoryIndex(4)
    assert index.threshold(5) == StoryConfig().short_join_threshold
    assert index.threshold(500) == StoryConfig().join_threshold
    assert index.threshold(5) < index.threshold(25) < index.threshold(500)


def test_an_article_that_bridges_two_alike_stories_merges_them_and_the_old_id_resolves():
    index = StoryIndex(2, StoryConfig(join_threshold=0.5, short_join_threshold=0.5, merge_threshold=0.5,
                                      vector_weight=1.0))
    east, north = np.array([1.0, 0.0], np.float32), np.array([0.0, 1.0], np.float32)
    between = np.array([0.75, 0.66], np.float32) / np.linalg.norm([0.75, 0.66])
    index.assign(_doc("a", "x"), east)
    index.assign(_doc("b", "y"), north)
    index.config = StoryConfig(join_threshold=0.5, short_join_threshold=0.5, merge_threshold=0.0, vector_weight=1.0)
    bridge = index.assign(_doc("c", "z"), between)
    assert bridge.merged == ("s-b",)
    assert index.resolve("s-b") == "s-a" and "s-b" not in index.stories
    assert index.stories["s-a"].size == 3


def test_remembering_many_articles_at_once_gives_the_state_of_remembering_them_one_by_one(hash_embedder):
    docs = [_doc("a", QUAKE_PERU, date(2023, 8, 1)), _doc("b", QUAKE_PERU_2, date(2023, 8, 1)),
            _doc("c", QUAKE_TURKEY, date(2023, 8, 2)), _doc("d", QUAKE_TURKEY, None),
            _doc("old", QUAKE_TURKEY, date(2023, 5, 1))]
    stories = ["s-a", "s-a", "s-c", "s-c", "s-old"]
    vectors = hash_embedder.embed_docs(docs)
    one_by_one, at_once = _index(hash_embedder), _index(hash_embedder)
    for doc, vector, story in sorted(zip(docs, vectors, stories), key=lambda x: x[0].published or date.max):
        one_by_one.remember(doc, vector, story)
    assert at_once.remember_many(sorted(zip(docs, vectors, stories), key=lambda x: x[0].published or date.max)) == 5
    assert set(at_once.stories) == set(one_by_one.stories) == {"s-a", "s-c"}   # May is past the retention
    assert set(at_once.buckets) == set(one_by_one.buckets)
    for key, bucket in at_once.buckets.items():
        assert bucket.stories == one_by_one.buckets[key].stories and bucket.index.ntotal == len(bucket.stories)
    for story_id, story in at_once.stories.items():
        assert story.size == one_by_one.stories[story_id].size and story.counts == one_by_one.stories[story_id].counts
        assert np.allclose(story.vector_sum, one_by_one.stories[story_id].vector_sum)
    assert at_once.arrivals == one_by_one.arrivals and at_once.newest == one_by_one.newest
    probe = _doc("e", QUAKE_PERU_2, date(2023, 8, 2))
    (vector,) = hash_embedder.embed_docs([probe])
    assert at_once.assign(probe, vector).story_id == one_by_one.assign(probe, vector).story_id == "s-a"


def test_the_lexical_score_equals_the_cosine_of_the_weighed_term_vectors(hash_embedder):
    from wirewatch.cluster.terms import cosine, document_terms

    index = _index(hash_embedder)
    docs = [_doc("a", PERU_LONG, date(2023, 8, 10)), _doc("b", PERU_LONG_2, date(2023, 8, 10)),
            _doc("c", TURKEY_LONG, date(2023, 8, 9))]
    for doc, vector in zip(docs, hash_embedder.embed_docs(docs)):
        index.assign(doc, vector)
    query = index.term_stats.weigh(document_terms(_doc("q", QUAKE_PERU_2)))
    for story in index.stories.values():
        expected = cosine(query, index.term_stats.weigh(story.counts))
        assert abs(index.lexical(query, story) - expected) < 1e-12
        assert abs(index.lexical(query, story) - expected) < 1e-12       # from the kept term numbers
    assert max(index.lexical(query, s) for s in index.stories.values()) > 0.3
