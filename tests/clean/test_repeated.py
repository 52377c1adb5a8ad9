from wirewatch.clean.repeated import REASON, _removals
from wirewatch.clean.text import line_key
from wirewatch.model import Article, RawDocument, RemovedLine


def test_a_repeated_line_already_removed_by_the_cleaner_is_not_listed_twice():
    promo = "Get the Harbor Ledger app for alerts."
    text = f"Headline here\n{promo}\nThe port reopened on Monday after the storm passed.\n{promo}\n"
    raw = RawDocument(source="a.txt", content=text, kind="text")
    article = Article(
        id="x", body=f"The port reopened on Monday after the storm passed.\n{promo}", title="Headline here",
        author=None, outlet="Harbor Ledger", url=None, published=None, language="en", source="a.txt",
        kind="text", removed=(RemovedLine(1, promo, "promo"),),
    )
    found = _removals(raw, article, {line_key(promo)})
    assert [(line.line_no, line.reason) for line in found] == [(3, REASON)]
