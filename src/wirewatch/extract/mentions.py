"""Actor mentions in an analysed article, with in-article coreference of names.

Entities (people, organisations, places, nationalities) are resolved with the words around
them; a later short form of a resolved name ("Kim" after "Kim Jong Un") takes its actor.
"""
from __future__ import annotations

from dataclasses import dataclass

from wirewatch.extract.actors import CONTEXT_CHARS, Actor, ActorTable, actor_table, resolve_actor
from wirewatch.extract.nlp import doc_text

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a text: character span, the words used, the actor."""

    start: int
    end: int
    text: str
    actor: Actor
    label: str = ""                    # the spaCy entity label: PERSON, ORG, GPE, NORP...


def actor_mentions(doc, table: ActorTable | None = None) -> list[ActorMention]:
    """Every entity of a spaCy Doc that resolves to an actor, in text order."""
    table = table or actor_table()
    text = doc_text(doc)
    found: list[ActorMention] = []
    by_name_part: dict[str, Actor] = {}
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            continue
        surface = ent.text.strip()
        if not surface or "\n" in surface:
            continue
        actor = resolve_actor(surface, text[max(0, ent.start_char - CONTEXT_CHARS) : ent.start_char],
                              text[ent.end_char : ent.end_char + CONTEXT_CHARS], table)
        if actor is None and ent.label_ == "PERSON":
            actor = by_name_part.get(surface.casefold())
        if actor is None:
            continue
        found.append(ActorMention(ent.start_char, ent.end_char, surface, actor, ent.label_))
        if ent.label_ == "PERSON" and len(surface.split()) > 1:
            for part in (surface.split()[0], surface.split()[-1]):
                by_name_part.setdefault(part.casefold(), actor)
    return found
