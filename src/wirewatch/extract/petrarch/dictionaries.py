"""All the PETRARCH dictionaries a coder needs, found in one folder and indexed for matching.

`PetrarchDictionaries.from_folder` picks, in order of preference:
- the validation set ``PETR.Validate.{verbs,actors,agents,discards}.txt`` (what PETRARCH's unit
  tests name in their ``<Environment>``), or universal-PETRARCH's ``PETR.Validate.verbs.2.0.txt``
  (with ``PETR.Internal.Coding.Ontology.txt``) when that is the verb file present;
- else the operational set: ``CAMEO.2.0.txt``, ``Phoenix.*.actors.txt``, ``Phoenix.agents.txt``,
  ``Phoenix.discards.txt``.
Wirewatch ships none of these files; users point the coder at their own copy.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from wirewatch.extract.petrarch.actors import (
    Actor, Agent, Discards, read_actor_dictionary, read_agent_dictionary, read_discards)
from wirewatch.errors import DictionaryNotFound
from wirewatch.extract.petrarch.verbs import VerbDictionary, read_ontology, read_verb_dictionary

VALIDATE_VERBS = ("PETR.Validate.verbs.txt", "PETR.Validate.verbs.2.0.txt")
OPERATIONAL_VERBS = ("CAMEO.2.0.txt",)
ONTOLOGY = "PETR.Internal.Coding.Ontology.txt"


@dataclass
class PetrarchDictionaries:
    """Verbs, actors (by name key), agents (by name key) and discards, with the files read."""

    verbs: VerbDictionary
    actors: dict[str, Actor] = field(default_factory=dict)
    agents: dict[str, Agent] = field(default_factory=dict)
    discards: Discards = field(default_factory=Discards)
    ontology: dict[str, str] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.longest_name = max((k.count(" ") + 1 for k in [*self.actors, *self.agents]), default=1)
        self.longest_discard = max((k.count(" ") + 1 for k in [*self.discards.sentence,
                                                               *self.discards.story]), default=1)

    def actor_codes(self, key: str, when: date | None) -> list[str] | None:
        """Codes of the actor named `key` on `when`; None if no such actor, [] if a null actor."""
        actor = self.actors.get(key)
        return None if actor is None else actor.codes_on(when)

    @classmethod
    def from_files(cls, verbs: Path, actors: list[Path] = (), agents: list[Path] = (),
                   discards: list[Path] = (), ontology: Path | None = None) -> PetrarchDictionaries:
        """Read the given files; a name in a later actor/agent file does not replace an earlier one."""
        actor_index: dict[str, Actor] = {}
        for path in actors:
            for actor in read_actor_dictionary(path):
                for name in actor.names:
                    actor_index.setdefault(name, actor)
        agent_index: dict[str, Agent] = {}
        for path in agents:
            for name, agent in read_agent_dictionary(path).items():
                agent_index.setdefault(name, agent)
        sentence, story = set(), set()
        for path in discards:
            read = read_discards(path)
            sentence |= read.sentence
            story |= read.story
        files = [Path(verbs), *map(Path, actors), *map(Path, agents), *map(Path, discards)]
        if ontology is not None:
            files.append(Path(ontology))
        return cls(read_verb_dictionary(Path(verbs)), actor_index, agent_index,
                   Discards(frozenset(sentence), frozenset(story)),
                   read_ontology(Path(ontology)) if ontology is not None else {}, files)

    @classmethod
    def from_folder(cls, folder: Path) -> PetrarchDictionaries:
        """Find and read the dictionaries in `folder` (see the module docstring for the choice)."""
        folder = Path(folder)
        if not folder.is_dir():
            raise DictionaryNotFound(f"no such folder: {folder}")
        verbs = next((folder / n for n in VALIDATE_VERBS + OPERATIONAL_VERBS if (folder / n).is_file()), None)
        if verbs is None:
            raise DictionaryNotFound(f"no PETRARCH verb dictionary ({', '.join(VALIDATE_VERBS + OPERATIONAL_VERBS)}) "
                                     f"in {folder}")
        validate = verbs.name in VALIDATE_VERBS

        def pick(validate_name: str, operational_glob: str) -> list[Path]:
            own = folder / validate_name
            if validate and own.is_file():
                return [own]
            found = sorted(folder.glob(operational_glob))
            return found or ([own] if own.is_file() else [])

        ontology = folder / ONTOLOGY
        return cls.from_files(verbs, pick("PETR.Validate.actors.txt", "Phoenix.*actors.txt"),
                              pick("PETR.Validate.agents.txt", "Phoenix.agents.txt"),
                              pick("PETR.Validate.discards.txt", "Phoenix.discards.txt"),
                              ontology if ontology.is_file() else None)
