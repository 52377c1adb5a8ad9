"""Do two claims' details agree? Amounts, dates, places and actors compared pairwise.

Each comparison answers True (agree), False (disagree, with a reason) or None (nothing to
compare: one side names no such detail, or they name different things).

Amounts are read as ranges. An exact number is itself (within 1%); a hedged one ("about 30",
"nearly 200") is within 20% either side; "more than N", "at least N" and vague amounts
("tens of thousands", "dozens": the extractor's value is their lower bound) are N or more;
"up to N", "fewer than N" are N or less. An amount written with a scale word ("$2 trillion",
"1.5 million") is as precise as its last written digit, since outlets round such figures:
"$2 trillion" is 1.5 to 2.5 trillion and agrees with "$2.25 trillion", while "$12 billion" and
"$13 billion" still conflict. Two amounts conflict only when they count the same
thing (same unit and the same counted noun) and their ranges do not meet: "20,000 troops"
and "tens of thousands of troops" agree (10,000 or more), "20,000" and "5,000 troops" do not;
when either claim gives several amounts of one thing, one agreeing pair is enough, and so is
the other claim giving one of them bare ("rose by 235,000" for "235,000 jobs").
Dates conflict when no date of one overlaps a date of the other ("August 21" vs "August 28");
a month contains its days. Places conflict when both name where it happened and share neither
a name nor a country, and neither claim names the other's place at all. Actors conflict when
one claim's subject names an actor whose country the other claim never mentions, and the other
way round ("Russia fired" vs "Ukraine fired").
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence

from wirewatch.extract.actors import country_of
from wirewatch.model import Quantity, TimeSpan

# Relative tolerance of an exact amount (rounding: "1.5 million" vs "1,520,000") and of a hedged one.
EXACT_TOLERANCE = 0.01
HEDGE_TOLERANCE = 0.2
# How an amount's first words bound it (kept in code: tiny and tied to the logic below).
LOWER_BOUND_HEDGES = ("more than", "over", "at least", "upwards of", "in excess of", "above", "no fewer than")
UPPER_BOUND_HEDGES = ("up to", "less than", "fewer than", "under", "at most", "no more than", "below")
_DIGIT = re.compile(r"\d")
_NUMERAL = re.compile(r"\d[\d,]*(?:\.\d+)?")
# A stated number times this much or more was written with a scale word ("thousand", "million").
SCALED = 1000


def _bounds(q: Quantity) -> tuple[float, float]:
    value = float(q.value)
    words = q.text.casefold().lstrip("$€£ ")
    if words.startswith(LOWER_BOUND_HEDGES):
        return value, math.inf
    if words.startswith(UPPER_BOUND_HEDGES):
        return 0.0, value
    if q.approximate and not _DIGIT.search(q.text) and not words.startswith(("about", "around", "some", "nearly",
                                                                             "approximately", "roughly", "almost")):
        return value, math.inf          # vague amount: its value is a lower bound
    tolerance = HEDGE_TOLERANCE if q.approximate else EXACT_TOLERANCE
    spread = max(value * tolerance, _rounding(q.text, value))
    return value - spread, value + spread


def _rounding(text: str, value: float) -> float:
    """Half a unit of the last written digit of an amount written with a scale word ("2.25
    trillion": 0.005 trillion; "2 trillion": 0.5 trillion), just under half so that "$12 billion"
    and "$13 billion" do not meet; 0 for other amounts."""
    found = _NUMERAL.search(text)
    if not found:
        return 0.0
    numeral = found.group().replace(",", "")
    stated = float(numeral)
    if not stated or value / stated < SCALED:
        return 0.0
    decimals = len(numeral.partition(".")[2])
    return 0.499 * 10.0 ** -decimals * (value / stated)


def _noun(counts: str | None) -> str | None:
    if not counts:
        return None
    word = counts.casefold().split()[-1]
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _same_thing(a: Quantity, b: Quantity) -> bool:
    if a.value is None or b.value is None or a.unit != b.unit:
        return False
    noun_a, noun_b = _noun(a.counts), _noun(b.counts)
    if noun_a is None or noun_b is None:
        return a.unit is not None and noun_a == noun_b   # bare amounts compare only with a unit ("$", "%")
    return noun_a == noun_b


def amounts_agree(a: Quantity, b: Quantity) -> bool | None:
    """Whether two amounts agree; None when they do not count the same thing."""
    if not _same_thing(a, b):
        return None
    low_a, high_a = _bounds(a)
    low_b, high_b = _bounds(b)
    return low_a <= high_b and low_b <= high_a


def numbers_agree(xs: Sequence[Quantity], ys: Sequence[Quantity]) -> bool | None:
    """False when some thing both count has no agreeing pair of amounts; True when some agree."""
    if number_conflict(xs, ys) is not None:
        return False
    return True if any(amounts_agree(x, y) for x in xs for y in ys) else None


def number_conflict(xs: Sequence[Quantity], ys: Sequence[Quantity]) -> tuple[Quantity, Quantity] | None:
    """A pair of amounts of the same thing that cannot both be right, when every pair for that thing
    disagrees. One agreeing pair clears the thing: "fell to 3.6% from 3.8%" and "was 3.6 percent"
    state one figure, the first with the one before it."""
    pairs: dict[tuple, list[tuple[bool, Quantity, Quantity]]] = {}
    for x in xs:
        for y in ys:
            verdict = amounts_agree(x, y)
            if verdict is not None:
                pairs.setdefault((x.unit, _noun(x.counts)), []).append((verdict, x, y))
    for compared in pairs.values():
        if any(verdict for verdict, _, _ in compared):
            continue
        if any(_given_bare(x, ys) or _given_bare(y, xs) for _, x, y in compared):
            continue
        return compared[0][1], compared[0][2]
    return None


def _given_bare(q: Quantity, others: Sequence[Quantity]) -> bool:
    """Whether the other claim gives q's figure bare, its noun left out ("rose by 235,000" for
    "235,000 jobs"): the same value within rounding, with no unit and nothing counted (such an
    amount is compared with nothing else, ``_same_thing``)."""
    low, high = _bounds(q)
    return any(o.value is not None and o.unit is None and o.counts is None and low <= float(o.value) <= high
               for o in others)


def shared_dates(xs: Sequence[TimeSpan], ys: Sequence[TimeSpan]) -> bool:
    """Whether some date of one overlaps some date of the other."""
    return any(x.first <= y.last and y.first <= x.last for x in xs for y in ys)


def date_conflict(xs: Sequence[TimeSpan], ys: Sequence[TimeSpan]) -> tuple[TimeSpan, TimeSpan] | None:
    """The first dates of two claims when both are dated and no dates overlap."""
    if xs and ys and not shared_dates(xs, ys):
        return xs[0], ys[0]
    return None


def place_conflict(xs: Sequence[str], ys: Sequence[str], texts: tuple[str, str] = ("", ""),
                   actors: tuple[Sequence[str], Sequence[str]] = ((), ())) -> tuple[str, str] | None:
    """Two places where it happened with neither a name nor a (known) country in common, when
    neither claim names the other's place anywhere: not in its text (texts), nor as the country of
    one of its actors (actors: actor codes). "Withdraw troops from Syria during a visit to Iraq"
    names Iraq, so it does not contradict "visited troops in Iraq"."""
    if not xs or not ys or set(xs) & set(ys):
        return None
    if any(y in texts[0] for y in ys) or any(x in texts[1] for x in xs):
        return None
    from wirewatch.extract.places import geocode

    countries_x = {geocode(x)[1] for x in xs}
    countries_y = {geocode(y)[1] for y in ys}
    if None in countries_x or None in countries_y or countries_x & countries_y:
        return None
    if countries_y & {country_of(c) for c in actors[0]} or countries_x & {country_of(c) for c in actors[1]}:
        return None
    return xs[0], ys[0]


def actor_conflict(subjects_a: Sequence[str], actors_a: Sequence[str],
                   subjects_b: Sequence[str], actors_b: Sequence[str]) -> tuple[str, str] | None:
    """Each claim's subject is an actor (country) the other claim never names."""
    if not subjects_a or not subjects_b:
        return None
    named_a = {country_of(c) for c in actors_a}
    named_b = {country_of(c) for c in actors_b}
    doers_a = {country_of(c) for c in subjects_a}
    doers_b = {country_of(c) for c in subjects_b}
    if doers_a & named_b or doers_b & named_a:
        return None
    return subjects_a[0], subjects_b[0]
