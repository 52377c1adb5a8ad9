from wirewatch.clean.article import clean_document, reclean_text
from wirewatch.clean.text import line_key
from wirewatch.model import RawDocument


def test_a_repeated_line_is_listed_once_per_occurrence_and_the_id_is_kept():
    promo = "Get the Harbor Ledger app for alerts."
    text = (
        "Port reopens after storm\n"
        f"{promo}\n"
        "The port of Tema reopened on Monday after the storm passed, the harbour master said.\n"
        f"{promo}\n"
        "Shipping agents expect the backlog of about 40 vessels to clear by the weekend.\n"
    )
    raw = RawDocument(source="a.txt", content=text, kind="text", outlet="Harbor Ledger")
    article = clean_document(raw)
    again = reclean_text(raw, article, frozenset({line_key(promo)}))
    numbers = [line.line_no for line in again.removed]
    assert len(numbers) == len(set(numbers))
    assert (3, "repeated-in-outlet") in [(line.line_no, line.reason) for line in again.removed]
    assert promo not in again.body and again.id == article.id
