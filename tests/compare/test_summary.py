"""The cited extractive summary of a compared story, on hand-made comparisons (no models)."""
import re

from wirewatch.compare.claims import Claim
from wirewatch.compare.corroborate import ArticleInfo, ClaimGroup
from wirewatch.compare.story import StoryComparison
from wirewatch.model import Quantity
from wirewatch.compare.summary import SummarySentence, summarize_story

HARBOR, DELTA, COAST = "Harbor Ledger", "Delta Morning Post", "Coast Wire"
ARTICLES = [ArticleInfo("a1", HARBOR), ArticleInfo("a2", DELTA), ArticleInfo("a3", COAST)]
# A story of five articles, the last two without a usable claim: room for a five-sentence summary.
FIVE = ARTICLES + [ArticleInfo("a4", "Inland Courier"), ArticleInfo("a5", "Valley Tribune")]


def claim(article: str, index: int, text: str, kind: str = "report") -> Claim:
    outlet = next(a.outlet for a in ARTICLES if a.id == article)
    terms = frozenset(w.casefold()[:4] for w in re.findall(r"[A-Za-z]{4,}", text))
    return Claim(article, outlet, index, 0, len(text), text, kind, terms=terms)


def group(status: str, *claims: Claim, independent=None, details=()) -> ClaimGroup:
    outlets = tuple(dict.fromkeys(c.outlet for c in claims if c.kind != "commentary"))
    return ClaimGroup(status, claims, outlets, tuple(independent if independent is not None else outlets),
                      None, tuple(details))


def comparison(*groups: ClaimGroup, articles=ARTICLES) -> StoryComparison:
    return StoryComparison("s-test", list(articles), list(groups), {})


STORM = group("corroborated",
              claim("a1", 0, "A winter storm closed the coastal highway near Port Avery on Sunday."),
              claim("a2", 1, "The coastal highway near Port Avery was closed by a winter storm on Sunday."))
FERRY = group("corroborated",
              claim("a1", 2, "Ferry crossings to Gull Island were cancelled for a second day."),
              claim("a2", 3, "The ferry service to Gull Island cancelled all crossings again."),
              claim("a3", 1, "No ferries sailed to Gull Island, the operator confirmed."), )
POWER = group("single-source", claim("a3", 0, "About 12,000 homes in the county lost electricity overnight."))
SHELTER = group("single-source", claim("a2", 0, "The county opened two warming shelters at local schools."))
OPINION = group("commentary", claim("a1", 1, "The state should have invested in storm defences years ago, "
                                             "and its failure is shameful.", kind="commentary"))
CLAIMED = group("conflict", claim("a1", 4, "Forecasters expect 30 centimetres of snow by Tuesday."),
                claim("a3", 4, "Forecasters expect 10 centimetres of snow by Tuesday."))


def test_corroborated_facts_come_first_most_sources_first_then_single_source_facts():
    summary = summarize_story(comparison(POWER, STORM, SHELTER, FERRY, articles=FIVE))
    statuses = [s.group_status for s in summary]
    assert statuses == ["corroborated", "corroborated", "corroborated", "single-source", "single-source"]
    assert "Gull Island" in summary[0].text            # three outlets before two
    assert "coastal highway" in summary[1].text
    assert "shelters" in summary[3].text                # same position: the earlier article's first
    assert "12,000 homes" in summary[4].text


def test_a_corroborated_fact_is_said_again_only_by_a_source_that_adds_to_it():
    summary = summarize_story(comparison(POWER, STORM, FERRY, articles=FIVE))
    ferry = [s for s in summary if "Gull Island" in s.text or "ferr" in s.text.casefold()]
    storm = [s for s in summary if "Port Avery" in s.text]
    # The ferry group's voice, then another outlet's own wording with what it adds ("for a second
    # day"); the third wording only repeats the second and stays out.
    assert [s.article_id for s in ferry] == ["a3", "a1"]
    assert summary.index(ferry[1]) < summary.index(next(s for s in summary if "12,000" in s.text))
    # The storm's second wording says the same as the first: said once.
    assert len(storm) == 1


def test_a_further_voice_with_details_of_its_own_cites_its_own_outlet():
    lead = claim("a1", 0, "Rescuers reached the stranded ferry off Gull Island on Monday.")
    text = "Coastguard boats brought 140 passengers ashore from the ferry near Gull Island."
    more = Claim("a2", DELTA, 0, 0, 0, text, "report", numbers=(Quantity("140", 0, 0, 140.0, False, None, "passengers"),),
                 terms=claim("a2", 0, text).terms)
    rescue = group("corroborated", lead, more, details=("140",))
    first, second = summarize_story(comparison(rescue))
    assert first.text == lead.text and first.outlets == (HARBOR, DELTA)
    assert second.text == more.text and second.outlets == (DELTA,)


def test_a_piece_of_a_quote_cut_by_the_sentence_splitter_never_speaks():
    cut = group("single-source", claim("a1", 0, "“There is no time to wait for the ferries to sail again."))
    whole = group("single-source", claim("a2", 0, "“There is no time to wait,” the harbour master said of the ferries."))
    assert [s.text for s in summarize_story(comparison(cut, whole))] == [whole.claims[0].text]


def test_each_sentence_is_an_article_sentence_and_cites_the_outlets_that_state_it():
    summary = summarize_story(comparison(STORM, POWER))
    texts = {c.text for g in (STORM, POWER) for c in g.claims}
    assert all(s.text in texts for s in summary)
    assert summary[0].outlets == (HARBOR, DELTA)
    assert summary[0].cited.endswith(f"[{HARBOR}, {DELTA}]")
    assert summary[1].outlets == (COAST,)


def test_commentary_and_disputed_facts_stay_out_of_the_summary():
    summary = summarize_story(comparison(OPINION, CLAIMED, STORM))
    assert [s.group_status for s in summary] == ["corroborated"]
    assert not any("shameful" in s.text or "centimetres" in s.text for s in summary)


def test_a_commentary_claim_in_a_corroborated_group_never_voices_it():
    mixed = group("corroborated", claim("a3", 2, "Shamefully, the highway near Port Avery was shut again, "
                                                 "a scandal for the county.", kind="commentary"),
                  *STORM.claims)
    (sentence,) = summarize_story(comparison(mixed))
    assert sentence.text == STORM.claims[0].text and COAST not in sentence.outlets


def test_at_most_five_sentences():
    many = [group("single-source", claim("a1", i, f"Crews cleared {n} roads in the northern district by noon."))
            for i, n in enumerate(["four", "nine", "twelve", "fifteen", "twenty", "thirty", "forty"])]
    distinct = [group("single-source", claim("a2", i, text)) for i, text in enumerate([
        "Schools across the county will stay closed on Monday.",
        "The regional airport suspended all departures until the evening.",
        "Police reported three minor collisions on the bridge.",
        "Volunteers delivered meals to elderly residents in Marlow.",
        "The weather service lifted its warning late on Sunday.",
        "Bus routes along the seafront resumed after repairs."])]
    assert len(summarize_story(comparison(*many, *distinct, articles=FIVE))) == 5
    assert len(summarize_story(comparison(*distinct, articles=FIVE), sentences=3)) == 3


def test_a_summary_has_no_more_sentences_than_the_story_has_articles():
    distinct = [group("single-source", claim(article, i, text)) for i, (article, text) in enumerate([
        ("a1", "Schools across the county will stay closed on Monday."),
        ("a2", "The regional airport suspended all departures until the evening."),
        ("a3", "Police reported three minor collisions on the bridge."),
        ("a1", "Volunteers delivered meals to elderly residents in Marlow."),
        ("a2", "Bus routes along the seafront resumed after repairs.")])]
    assert len(summarize_story(comparison(*distinct))) == 3
    assert len(summarize_story(comparison(*distinct[:2], articles=ARTICLES[:2]))) == 2
    assert len(summarize_story(comparison(*distinct, articles=FIVE))) == 5


def test_among_corroborated_facts_the_articles_leads_are_chosen_first_and_told_in_rank_order():
    # Three outlets state the ferry fact further down their articles; two open theirs with the
    # storm, each in words of its own. Within three sentences both leads are said, and the
    # ferry fact (most sources) still comes first; the ferry's other wordings stay out.
    storm = group("corroborated",
                  claim("a1", 0, "A winter storm closed the coastal highway near Port Avery on Sunday."),
                  claim("a2", 0, "Gales and snowdrifts shut roads around Port Avery, stranding hundreds of drivers."))
    summary = summarize_story(comparison(FERRY, storm))
    assert [(s.article_id, s.index) for s in summary] == [("a3", 1), ("a1", 0), ("a2", 0)]
    assert summary[1].outlets == (HARBOR, DELTA) and summary[2].outlets == (HARBOR, DELTA)
    assert all(s.group_status == "corroborated" for s in summary)


def test_near_duplicate_sentences_are_said_once():
    again = group("single-source", claim("a3", 3, "A winter storm closed the coastal highway near Port Avery on Sunday "
                                                  "morning."))
    summary = summarize_story(comparison(STORM, again, SHELTER))
    assert sum("coastal highway" in s.text for s in summary) == 1
    assert len(summary) == 2


def test_a_group_is_voiced_by_a_report_and_a_self_contained_sentence():
    said = group("corroborated",
                 claim("a1", 5, "He said the highway would reopen once the snow ploughs had finished.", "attributed"),
                 claim("a2", 5, "The highway will reopen once snow ploughs finish clearing it."))
    (sentence,) = summarize_story(comparison(said))
    assert sentence.text.startswith("The highway")


def test_an_empty_comparison_has_an_empty_summary():
    assert summarize_story(comparison()) == []
    assert SummarySentence("x", (), "single-source").cited == "x"
