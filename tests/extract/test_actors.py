import pytest

from wirewatch.extract.actors import Actor, actor_table, resolve_actor


@pytest.mark.parametrize("mention, code", [
    ("Kim Jong Un", "PRKGOV"), ("KCNA", "PRKMED"), ("the U.N. Command", "IGOUNO"),
    ("North Korea", "PRK"), ("North Korea’s", "PRK"), ("the United States", "USA"), ("U.S.", "USA"),
    ("Peru", "PER"), ("Türkiye", "TUR"), ("Pyongyang", "PRKGOV"), ("Moscow", "RUSGOV"),
])
def test_names_in_the_table_or_in_pycountry_resolve_without_context(mention, code):
    assert resolve_actor(mention).code == code


def test_a_country_adjective_and_a_role_before_an_unknown_person_make_the_actor():
    actor = resolve_actor("Ri Son Gwon", before="The talks were rejected by North Korean Foreign Minister ")
    assert actor == Actor("PRKGOV", "PRK", "GOV", "Ri Son Gwon")


def test_an_apposition_after_the_mention_gives_country_and_role():
    actor = resolve_actor("Ri Il Hwan", after=", the defence minister of North Korea, said on Monday")
    assert actor.code == "PRKMIL"


def test_a_country_followed_by_a_role_word_is_that_role():
    assert resolve_actor("South Korean", after=" military said").code == "KORMIL"
    assert resolve_actor("Peruvian", after=" officials reported three deaths").code == "PERGOV"


def test_state_media_context_makes_a_media_actor():
    assert resolve_actor("Central TV", before="according to North Korean state media outlet ").code == "PRKMED"


def test_an_unknown_name_with_no_context_is_not_given_a_default_actor():
    assert resolve_actor("Jane Doe", before="On Monday, ", after=" said the plan was late") is None
    assert resolve_actor("") is None


def test_every_iso_country_is_known_by_name():
    table = actor_table()
    assert table.countries["peru"] == "PER" and table.countries["korea, republic of"] == "KOR"
    assert len(set(table.countries.values())) >= 249
