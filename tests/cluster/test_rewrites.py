from wirewatch.cluster.rewrites import attributed_sources, fact_terms, rewrite_evidence

WIRE = (
    "SEOUL, Aug 13 - South Korea's coast guard seized the tanker Haebaragi off Busan on Sunday, "
    "suspecting it of transferring 4,000 tonnes of fuel to North Korean ships, according to the "
    "Yonhap news agency. Officials said the crew of 18 was being questioned."
)
REWRITE = (
    "The tanker Haebaragi was detained near Busan on Sunday by South Korea's coast guard over "
    "suspected transfers of 4,000 tonnes of fuel to North Korean vessels, as reported by the Yonhap "
    "news agency. Its 18 crew members are being questioned."
)
INDEPENDENT = (
    "Japan said on Monday it would send a patrol ship to the Sea of Japan after North Korea fired "
    "two missiles. Tokyo lodged a protest through its embassy in Beijing, the foreign ministry said."
)


def test_fact_terms_keep_names_and_numbers_not_words_that_only_start_a_sentence():
    facts = fact_terms("Officials said the Haebaragi carried 4,000 tonnes. Having sailed from Busan, it stopped.")
    assert {"haebaragi", "4000", "busan"} <= facts
    assert "officials" not in facts and "having" not in facts


def test_sources_credited_in_either_phrasing_are_recognised():
    assert attributed_sources(WIRE) == {"yonhap"}
    assert attributed_sources(REWRITE) == {"yonhap"}
    assert attributed_sources("Reuters reported the seizure.") == {"reuters"}


def test_a_retelling_of_the_same_report_is_a_rewrite():
    evidence = rewrite_evidence(REWRITE, WIRE)
    assert evidence.fact_containment >= 0.6
    assert evidence.shared_sources == ("yonhap",)
    assert evidence.is_rewrite


def test_an_unrelated_report_is_not_a_rewrite():
    assert not rewrite_evidence(INDEPENDENT, WIRE).is_rewrite
