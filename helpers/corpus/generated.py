"""The generated story corpus: many stories joined into one text, with its exact entropy.

`generate_corpus(target_chars, seed)` writes stories with one `RandomChooser(seed)` until
the text is at least `target_chars` characters long. Stories are joined with
`STORY_SEPARATOR` ("\\n<|endoftext|>\\n"), none before the first or after the last.

The entropy figure. The chooser adds up `-log2 p` of every choice it made, so `corpus.bits`
is the information content of the text: the exact number of bits that the best possible
model (one that knows the grammar and its probabilities) needs to encode it. That is the
floor for a model's cross-entropy, because a text comes from only one sequence of choices
(the grammar is unambiguous; the tests prove it by enumeration on reduced grammars).
The separators and the number of stories cost nothing: a story's end is fixed by its last
template, and whether another story follows is decided by the length so far, which is known
once `target_chars` is. `bits_per_char` divides by every character of the text, separators
included.

Not handled: streaming (the whole text is built in memory; 1 MB takes well under a
second to a few seconds), and other separators or story formats.
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .choices import RandomChooser
from .grammar import DEFAULT_GRAMMAR, Grammar
from .stories import write_story

END_OF_TEXT = "<|endoftext|>"
STORY_SEPARATOR = f"\n{END_OF_TEXT}\n"
_WORD = re.compile(r"[A-Za-z]+")


@dataclass(frozen=True)
class BackReference:
    """A later mention of something fixed earlier in its story.

    `offset`/`length` locate it in `Corpus.text`; `kind` is one of hero_name, hero_kind,
    hero_adjective, hero_pronoun, companion_name, companion_kind, companion_pronoun, item,
    home, food, wonder; `story` is the index of its story.
    """

    offset: int
    length: int
    kind: str
    story: int


@dataclass(frozen=True)
class Corpus:
    """Generated stories and what the generator knows about them.

    text:            all stories joined by STORY_SEPARATOR
    stories:         the stories, in order (list of str)
    story_offsets:   where each story starts in `text`
    story_bits:      information content of each story, in bits
    back_references: every back-reference, in text order
    """

    text: str
    stories: list[str]
    story_offsets: list[int]
    story_bits: list[float]
    back_references: list[BackReference]
    seed: int
    target_chars: int
    _words: Counter = field(default_factory=Counter, repr=False, compare=False)

    @property
    def bits(self) -> float:
        """Information content of the whole text in bits (separators cost 0)."""
        return math.fsum(self.story_bits)

    @property
    def bits_per_char(self) -> float:
        """Bits per character of `text`, separators included: the best achievable loss."""
        return self.bits / len(self.text)

    @property
    def bits_per_story(self) -> float:
        """Mean information content of a story, in bits."""
        return self.bits / len(self.stories)

    def word_counts(self, lowercase: bool = True) -> Counter:
        """How often each word (a run of letters) occurs in `text`, separators left out."""
        if not self._words:
            self._words.update(_WORD.findall(self.text.replace(END_OF_TEXT, " ")))
        if not lowercase:
            return Counter(self._words)
        folded: Counter = Counter()
        for word, n in self._words.items():
            folded[word.lower()] += n
        return folded

    def vocabulary(self, lowercase: bool = True) -> list[str]:
        """The distinct words of `text`, sorted."""
        return sorted(self.word_counts(lowercase))

    def __repr__(self) -> str:
        return (
            f"Corpus(seed={self.seed}, stories={len(self.stories):,}, chars={len(self.text):,}, "
            f"distinct words={len(self.vocabulary()):,}, bits/char={self.bits_per_char:.4f})"
        )

    def summary(self) -> str:
        """A few stable lines describing the corpus."""
        return "\n".join(
            [
                f"stories:            {len(self.stories):,}",
                f"characters:         {len(self.text):,}",
                f"distinct words:     {len(self.vocabulary()):,} (lower-cased)",
                f"back-references:    {len(self.back_references):,}",
                f"bits per character: {self.bits_per_char:.4f}",
                f"bits per story:     {self.bits_per_story:.1f}",
            ]
        )


def generate_corpus(
    target_chars: int = 1_000_000, seed: int = 0, grammar: Grammar = DEFAULT_GRAMMAR
) -> Corpus:
    """Write stories until the joined text has at least `target_chars` characters.

    The same `seed` gives byte-identical text on any machine (own `random.Random(seed)`).
    """
    if isinstance(target_chars, bool) or not isinstance(target_chars, int) or target_chars < 1:
        raise ValueError(f"target_chars must be a positive int, got {target_chars!r}")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise TypeError(f"seed must be an int, got {type(seed).__name__}")
    chooser = RandomChooser(seed)
    stories: list[str] = []
    offsets: list[int] = []
    bits: list[float] = []
    refs: list[BackReference] = []
    length = 0
    while length < target_chars:
        if stories:
            length += len(STORY_SEPARATOR)
        story = write_story(grammar, chooser)
        offsets.append(length)
        refs.extend(BackReference(length + o, n, k, len(stories)) for o, n, k in story.references)
        stories.append(story.text)
        bits.append(story.bits)
        length += len(story.text)
    text = STORY_SEPARATOR.join(stories)
    return Corpus(text, stories, offsets, bits, refs, seed, target_chars)


def split_stories(
    stories: Sequence[str], val_fraction: float = 0.1, seed: int = 0
) -> tuple[list[str], list[str]]:
    """Split stories at random into (train, validation), each kept in the original order.

    The validation part has `round(len(stories) * val_fraction)` stories, at least 1; both
    parts must be non-empty.
    """
    if isinstance(stories, str):
        raise TypeError("split_stories takes a list of stories, got one str (use corpus.stories)")
    if not 0 < val_fraction < 1:
        raise ValueError(f"val_fraction must be between 0 and 1 (exclusive), got {val_fraction}")
    n = len(stories)
    n_val = max(1, round(n * val_fraction))
    if n < 2 or n_val >= n:
        raise ValueError(f"need at least 2 stories and a training part, got {n} stories")
    chosen = set(random.Random(seed).sample(range(n), n_val))
    train = [s for i, s in enumerate(stories) if i not in chosen]
    val = [s for i, s in enumerate(stories) if i in chosen]
    return train, val


def count_overlap(train: Sequence[str], validation: Sequence[str]) -> int:
    """How many validation stories also occur, word for word, in the training stories."""
    seen = set(train)
    return sum(1 for s in validation if s in seen)
