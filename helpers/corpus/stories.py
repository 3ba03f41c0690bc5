"""Write one story from the grammar, through a chooser, and note its back-references.

`write_story(grammar, chooser)` makes every random decision through `chooser.choose` (see
`choices.py`), in this order: the hero (gender, name, kind, adjective), the companion
(gender, name other than the hero's, kind other than the hero's), the treasured item
(colour, thing) and the home (place, adjective); then the sections of `plan` below, each a
choice of template whose slots are filled left to right.

A back-reference is a later mention of something the story fixed earlier: the hero's name,
kind and pronouns, the companion's name, kind and pronouns, the item, the home, and the
food or wonder a problem introduced. Predicting it needs the earlier context, so chapter 8
measures how well a model recalls them. The first mention (the introduction) is not a
back-reference; pronouns always are (they agree with a name given earlier).

Not handled: capitalising a lower-case slot that starts a sentence (templates are written
so that none does), and slots nested more than a few levels deep (values are rendered
recursively).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .choices import Chooser
from .grammar import Grammar, Words

_SLOT = re.compile(r"\{(\w+)(?:=(\w+))?\}")

# state slot -> kind of back-reference it is
_REFERENCE_KIND = {
    "HERO": "hero_name", "KIND": "hero_kind", "HADJ": "hero_adjective",
    "he": "hero_pronoun", "him": "hero_pronoun", "his": "hero_pronoun",
    "He": "hero_pronoun", "His": "hero_pronoun",
    "FRIEND": "companion_name", "FKIND": "companion_kind",
    "fhe": "companion_pronoun", "fhim": "companion_pronoun", "fhis": "companion_pronoun",
    "ITEM": "item", "HOME": "home", "HOME_AT": "home", "FOOD": "food", "WONDER": "wonder",
}
_PRONOUNS = {
    "she": {"he": "she", "him": "her", "his": "her", "He": "She", "His": "Her"},
    "he": {"he": "he", "him": "him", "his": "his", "He": "He", "His": "His"},
}
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True)
class Story:
    """One story: its text, the bits of the choices that made it, and its back-references.

    `references`: `(offset, length, kind)` with offsets into `text`.
    """

    text: str
    bits: float
    references: tuple[tuple[int, int, str], ...]


@cache
def _parse(template: str) -> tuple[tuple[str, str | None, str | None], ...]:
    """Split a template into `(literal, slot, list_to_define_from)` pieces."""
    pieces = []
    last = 0
    for m in _SLOT.finditer(template):
        pieces.append((template[last : m.start()], m.group(1), m.group(2)))
        last = m.end()
    pieces.append((template[last:], None, None))
    return tuple(pieces)


class _Writer:
    """Accumulates a story's text, its state (for back-references) and the references."""

    def __init__(self, grammar: Grammar, chooser: Chooser) -> None:
        self.grammar = grammar
        self.chooser = chooser
        self.parts: list[str] = []
        self.length = 0
        self.state: dict[str, tuple[str, int]] = {}  # slot -> (text, where the reference starts)
        self.introduced: set[str] = set()
        self.references: list[tuple[int, int, str]] = []
        self.separator = ""

    def pick(self, options: Words) -> str:
        return options[self.chooser.choose(len(options))]

    def append(self, text: str) -> None:
        if not text:
            return
        if text[0] in _VOWELS and self.parts:
            last = self.parts[-1]
            # "a" as a word just before a vowel becomes "an"
            if (last.endswith(" a ") or last in ("a ", "A ") or last.endswith(('"A ', " A "))):
                self.parts[-1] = last[:-1] + "n "
                self.length += 1
        self.parts.append(text)
        self.length += len(text)

    def set(self, slot: str, text: str, skip: int = 0) -> None:
        """Fix state `slot`; references to it cover `text[skip:]`."""
        self.state[slot] = (text, skip)

    def mention(self, slot: str) -> None:
        text, skip = self.state[slot]
        kind = _REFERENCE_KIND[slot]
        self.append(text)
        start = self.length - len(text)  # after any "a" -> "an" change
        if kind in self.introduced or kind.endswith("_pronoun"):
            self.references.append((start + skip, len(text) - skip, kind))
        self.introduced.add(kind)

    def render(self, template: str) -> None:
        for literal, slot, source in _parse(template):
            self.append(literal)
            if slot is None:
                continue
            if source is not None:  # {FOOD=food}: choose, remember, and this is the introduction
                self.set(slot, self.pick(getattr(self.grammar, source)))
                self.mention(slot)
            elif slot in self.state:
                self.mention(slot)
            else:
                self.render(self.pick(getattr(self.grammar, slot)))

    def sentence(self, templates: Words) -> None:
        self.append(self.separator)
        self.separator = " "
        self.render(self.pick(templates))

    def paragraph(self) -> None:
        self.separator = "\n"


def _choose_characters(w: _Writer) -> None:
    g = w.grammar
    genders = ("she", "he")
    names = {"she": g.female_names, "he": g.male_names}
    gendered_kinds = {"she": g.female_kinds, "he": g.male_kinds}

    hero_gender = genders[w.chooser.choose(2)]
    hero = w.pick(names[hero_gender])
    hero_kind = w.pick(g.kinds + gendered_kinds[hero_gender])
    w.set("HERO", hero)
    w.set("KIND", hero_kind)
    w.set("HADJ", w.pick(g.hero_adjectives))
    for slot, word in _PRONOUNS[hero_gender].items():
        w.set(slot, word)

    friend_gender = genders[w.chooser.choose(2)]
    w.set("FRIEND", w.pick(tuple(n for n in names[friend_gender] if n != hero)))
    friend_kinds = g.kinds + gendered_kinds[friend_gender]
    w.set("FKIND", w.pick(tuple(k for k in friend_kinds if k != hero_kind)))
    for slot, word in _PRONOUNS[friend_gender].items():
        if slot.islower():
            w.set("f" + slot, word)

    w.set("ITEM", f"{w.pick(g.colour)} {w.pick(g.items)}")
    preposition, place = w.pick(g.home_places).split(" ")
    home = f"the {w.pick(g.home_adjectives)} {place}"
    w.set("HOME", home, skip=len("the "))
    w.set("HOME_AT", f"{preposition} {home}", skip=len(preposition) + len(" the "))


def write_story(grammar: Grammar, chooser: Chooser) -> Story:
    """One story drawn from `grammar` with `chooser` (see the module docstring)."""
    w = _Writer(grammar, chooser)
    start_bits = getattr(chooser, "bits", 0.0)
    _choose_characters(w)
    g = grammar
    problem = g.problems[chooser.choose(len(g.problems))]

    for section in (g.intros, g.homes, g.treasures):
        w.sentence(section)
    if chooser.choose(len(g.habit_weights), g.habit_weights) == 0:
        w.sentence(g.habits)

    w.paragraph()
    for section in (problem.starts, g.feelings, problem.worries, g.set_offs):
        w.sentence(section)

    w.paragraph()
    for section in (g.meetings, g.greetings, problem.explains, g.offers, g.joins):
        w.sentence(section)

    w.paragraph()
    for _ in range(1 + chooser.choose(len(g.event_count_weights), g.event_count_weights)):
        w.sentence(g.events)
    for section in (problem.solutions, g.joys, g.thanks):
        w.sentence(section)

    w.paragraph()
    for section in (g.returns, g.endings):
        w.sentence(section)
    if chooser.choose(len(g.the_end_weights), g.the_end_weights) == 0:
        w.sentence(("The end.",))

    bits = getattr(chooser, "bits", 0.0) - start_bits
    return Story("".join(w.parts), bits, tuple(w.references))
