from wirewatch.cluster.copies import CopyIndex, from_blob, signature, to_blob

WIRE = (
    "Dockworkers at the port of Santos began a 48-hour strike on Thursday, leaving dozens of bulk "
    "carriers waiting offshore at the height of the soy export season, the port authority said. "
    "The union is demanding a new pay agreement after talks broke down last week, and exporters "
    "warned that every day of delay adds to freight costs for shipments bound for Asia."
)
REWRITE = (
    "A two-day walkout by dock workers in Santos has stranded dozens of ships off the Brazilian coast. "
    "Grain exporters say the stoppage, called after wage negotiations collapsed, could raise shipping "
    "costs to Asian buyers during the busiest weeks of the soybean harvest."
)


def test_a_copy_wrapped_in_another_outlets_boilerplate_is_found_with_its_similarity():
    index = CopyIndex()
    index.add("wire", signature(WIRE))
    copy = "Share this article\n" + WIRE + "\nThe post appeared first on The Northern Gazette."
    matches = index.match("copy", signature(copy))
    assert [m.other_id for m in matches] == ["wire"]
    assert 0.7 < matches[0].jaccard <= 1.0


def test_a_reworded_report_is_not_a_copy():
    index = CopyIndex()
    index.add("wire", signature(WIRE))
    assert index.match("rewrite", signature(REWRITE)) == []


def test_signatures_survive_the_store_round_trip():
    sketch = signature(WIRE)
    assert from_blob(to_blob(sketch)).jaccard(sketch) == 1.0
