from wirewatch.extract.mentions import actor_mentions
from wirewatch.extract.nlp import analyse

TEXT = (
    "North Korean leader Kim Jong Un visited a munitions factory on Saturday, state media outlet KCNA said. "
    "Kim urged workers to raise output before drills by South Korea and the United States. "
    "Pyongyang has called the exercises a rehearsal for invasion. Jane Doe, a tourist, watched."
)


def test_people_outlets_countries_and_capitals_in_an_article_resolve_to_actors():
    (doc,) = list(analyse([TEXT]))
    found = [(m.text, m.actor.code) for m in actor_mentions(doc)]
    assert ("Kim Jong Un", "PRKGOV") in found
    assert ("KCNA", "PRKMED") in found
    assert ("Kim", "PRKGOV") in found  # the short form after the full name
    assert ("South Korea", "KOR") in found and ("the United States", "USA") in found
    assert ("Pyongyang", "PRKGOV") in found
    assert not any(text == "Jane Doe" for text, _ in found)


def test_empty_and_non_english_text_give_no_mentions_and_no_crash():
    docs = list(analyse(["", "   ", "Der Bundestag hat am Montag getagt und nichts beschlossen."]))
    assert [actor_mentions(doc) for doc in docs[:2]] == [[], []]
    assert all(m.actor.code for m in actor_mentions(docs[2]))
