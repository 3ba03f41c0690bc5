"""Tests for the generated story corpus: determinism, entropy, unambiguity, back-references."""

from __future__ import annotations

import hashlib
import math
import os
import re
import subprocess
import sys
from fractions import Fraction

import pytest

from helpers.corpus import (
    DEFAULT_GRAMMAR,
    END_OF_TEXT,
    STORY_SEPARATOR,
    count_overlap,
    generate_corpus,
    split_stories,
)
from helpers.corpus.choices import RandomChooser, ScriptedChooser, enumerate_choice_sequences
from helpers.corpus.stories import write_story

# The sha256 of generate_corpus(20_000, seed=0).text. Notebooks store outputs that depend on
# this exact text: if this changes, every notebook that uses the corpus must be re-run.
SEED0_20K_SHA256 = "361aeeee7ac27b406a0b2ec3b80c40f536edbdc339c9a252f10ab7c37678880b"

_LIST_SLOT = re.compile(r"\{([a-z_]+)(?:=(\w+))?\}")


@pytest.fixture(scope="module")
def big():
    return generate_corpus(1_000_000, seed=0)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- determinism -------------------------------------------------------------------------


def test_same_seed_same_text_and_pinned_hash():
    a, b = generate_corpus(20_000, seed=0), generate_corpus(20_000, seed=0)
    assert a.text == b.text and a.back_references == b.back_references
    assert _sha(a.text) == SEED0_20K_SHA256
    assert generate_corpus(20_000, seed=1).text != a.text


def test_text_does_not_depend_on_hash_seed():
    code = (
        "import hashlib; from helpers.corpus import generate_corpus;"
        "print(hashlib.sha256(generate_corpus(20_000).text.encode()).hexdigest())"
    )
    for hash_seed in ("12345",):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                             text=True, check=True, cwd=os.path.dirname(os.path.dirname(__file__)))
        assert out.stdout.strip() == SEED0_20K_SHA256


# --- shape of the corpus -------------------------------------------------------------------


def test_text_is_stories_joined_and_length_rule():
    c = generate_corpus(10_000, seed=3)
    assert c.text == STORY_SEPARATOR.join(c.stories)
    assert len(c.text) >= 10_000
    # the last story was needed: without it the text would be too short
    assert len(STORY_SEPARATOR.join(c.stories[:-1])) < 10_000
    assert not any(END_OF_TEXT in s for s in c.stories)
    for story, offset in zip(c.stories, c.story_offsets):
        assert c.text[offset : offset + len(story)] == story


def test_size_words_and_overlap(big):
    assert 1_000_000 <= len(big.text) < 1_002_000
    assert 300 <= len(big.vocabulary()) <= 1500, len(big.vocabulary())
    assert len(big.vocabulary(lowercase=False)) >= len(big.vocabulary())
    train, val = split_stories(big.stories, 0.1, seed=0)
    assert count_overlap(train, val) <= len(val) // 100  # none or almost none
    assert "|" not in "".join(big.vocabulary())


def test_repr_and_summary_are_stable():
    c = generate_corpus(5_000, seed=0)
    assert repr(c) == repr(generate_corpus(5_000, seed=0))
    assert f"stories={len(c.stories)}" in repr(c).replace(",", "")
    assert f"{c.bits_per_char:.4f}" in c.summary()
    assert "0x" not in repr(c)


def test_articles_agree():
    text = generate_corpus(100_000, seed=2).text
    assert not re.search(r"\b[Aa] [aeiou]", text)
    assert not re.search(r"\b[Aa]n [^aeiou]", text)


@pytest.mark.parametrize("bad", [0, -5, 1.5, "100", True, None])
def test_bad_target_chars(bad):
    with pytest.raises(ValueError, match="target_chars must be a positive int"):
        generate_corpus(bad)


def test_bad_seed():
    with pytest.raises(TypeError, match="seed must be an int"):
        generate_corpus(1000, seed="0")


# --- entropy -------------------------------------------------------------------------------


class _Recording(RandomChooser):
    def __init__(self, seed):
        super().__init__(seed)
        self.indices = []

    def choose(self, n, weights=None):
        index = super().choose(n, weights)
        self.indices.append(index)
        return index


def test_bits_are_exact_minus_log2_probability():
    recorder = _Recording(7)
    for _ in range(20):
        recorder.indices.clear()
        story = write_story(DEFAULT_GRAMMAR, recorder)
        replay = ScriptedChooser(recorder.indices)
        assert write_story(DEFAULT_GRAMMAR, replay).text == story.text
        assert story.bits == pytest.approx(-math.log2(replay.probability), rel=1e-12)
        assert story.bits > 20


def test_corpus_bits_add_up(big):
    assert big.bits == pytest.approx(sum(big.story_bits))
    assert big.bits_per_char == pytest.approx(big.bits / len(big.text))
    assert big.bits_per_story == pytest.approx(big.bits / len(big.stories))
    assert 0.01 < big.bits_per_char < 2


# --- unambiguity by enumeration ----------------------------------------------------------


def _list_slots(templates, found=None) -> set[str]:
    """Word-list fields used by `templates`, recursively."""
    found = set() if found is None else found
    for template in templates:
        for m in _LIST_SLOT.finditer(template):
            name = m.group(2) or m.group(1)
            if hasattr(DEFAULT_GRAMMAR, name) and name not in found:
                found.add(name)
                _list_slots(getattr(DEFAULT_GRAMMAR, name), found)
    return found


def _enumerate(grammar) -> int:
    total, seen = Fraction(0), {}
    for choices, probability, text in enumerate_choice_sequences(
        lambda chooser: write_story(grammar, chooser).text
    ):
        total += probability
        assert text not in seen, f"choices {seen.get(text)} and {choices} both give:\n{text}"
        seen[text] = choices
    assert total == 1
    return len(seen)


def test_enumeration_smallest_grammar():
    assert _enumerate(DEFAULT_GRAMMAR.reduced()) > 10


def test_enumeration_characters_and_setting():
    sizes = {"female_names": 3, "male_names": 3, "kinds": 3, "female_kinds": None,
             "male_kinds": None, "hero_adjectives": 2, "colour": 2, "home_places": 2}
    assert _enumerate(DEFAULT_GRAMMAR.reduced(sizes)) > 1000


SECTIONS = ["intros", "homes", "treasures", "habits", "feelings", "set_offs", "meetings",
            "greetings", "offers", "joins", "events", "joys", "thanks", "returns", "endings"]


@pytest.mark.parametrize("section", SECTIONS)
def test_enumeration_each_section_whole(section):
    """All templates of one section, with 2 words in each list they use; the rest minimal."""
    sizes = {section: None, **{name: 2 for name in _list_slots(getattr(DEFAULT_GRAMMAR, section))}}
    assert _enumerate(DEFAULT_GRAMMAR.reduced(sizes)) >= 80 * len(getattr(DEFAULT_GRAMMAR, section))


def test_enumeration_problems_and_event_counts():
    sizes = {"problems": None, "event_count_weights": None, "food": 2, "wonder": 2}
    assert _enumerate(DEFAULT_GRAMMAR.reduced(sizes)) > 1000
    # 1, 2 or 3 events from 3 templates: 3 + 9 + 27 event sequences
    sizes = {"event_count_weights": None, "events": 3}
    assert _enumerate(DEFAULT_GRAMMAR.reduced(sizes)) == 80 * (3 + 9 + 27)


def test_enumeration_optional_sentences():
    """A habit sentence or none, "The end." or not, with two habit templates."""
    sizes = {"habit_weights": None, "the_end_weights": None, "habits": 2, "activity": 2}
    assert _enumerate(DEFAULT_GRAMMAR.reduced(sizes)) == 80 * (1 + 2 * 2) * 2


def test_word_lists_have_distinct_entries():
    import dataclasses

    for f in dataclasses.fields(DEFAULT_GRAMMAR):
        value = getattr(DEFAULT_GRAMMAR, f.name)
        if value and isinstance(value[0], str):
            assert len(set(value)) == len(value), f.name
    assert not set(DEFAULT_GRAMMAR.female_names) & set(DEFAULT_GRAMMAR.male_names)


def test_enumerate_choice_sequences_on_toy():
    def produce(chooser):
        first = chooser.choose(2, [1, 3])
        return (first, chooser.choose(3)) if first else (first,)

    results = list(enumerate_choice_sequences(produce))
    assert [r[2] for r in results] == [(0,), (1, 0), (1, 1), (1, 2)]
    assert [r[1] for r in results] == [Fraction(1, 4)] + [Fraction(1, 4)] * 3
    with pytest.raises(ValueError, match="more than 2 choice sequences"):
        list(enumerate_choice_sequences(produce, limit=2))


@pytest.mark.parametrize("n, weights, message", [(0, None, "at least 1 option"),
                                                 (2, [1], "got 1 weights for 2"),
                                                 (2, [1, 0], "positive integers")])
def test_chooser_rejects_bad_choices(n, weights, message):
    with pytest.raises(ValueError, match=message):
        RandomChooser(0).choose(n, weights)


def test_reduced_rejects_unknown_field():
    with pytest.raises(ValueError, match="unknown grammar fields"):
        DEFAULT_GRAMMAR.reduced({"colours": 2})


# --- back-references -----------------------------------------------------------------------


def test_back_references_point_back(big):
    by_story: dict[int, dict[str, set[str]]] = {}
    for ref in big.back_references:
        text = big.text[ref.offset : ref.offset + ref.length]
        start = big.story_offsets[ref.story]
        story = big.stories[ref.story]
        assert start <= ref.offset and ref.offset + ref.length <= start + len(story)
        # whole words only
        assert not big.text[ref.offset - 1].isalpha()
        assert not big.text[ref.offset + ref.length].isalpha()
        if not ref.kind.endswith("pronoun"):
            # the same words occur earlier in the story: that is what makes it a back-reference
            assert text in big.text[start : ref.offset], (ref, text)
        by_story.setdefault(ref.story, {}).setdefault(ref.kind, set()).add(text)
    for kinds in by_story.values():
        for kind in ("hero_name", "hero_kind", "companion_name", "companion_kind", "item", "home"):
            assert len(kinds.get(kind, ())) <= 1, kinds  # one name, one kind... per story
        pronouns = {p.lower() for p in kinds.get("hero_pronoun", ())}
        assert pronouns <= {"he", "him", "his"} or pronouns <= {"she", "her"}, pronouns
        assert kinds.get("hero_name") != kinds.get("companion_name")
    counts = {k: sum(1 for r in big.back_references if r.kind == k) for k in
              ("hero_name", "hero_kind", "companion_name", "companion_kind", "item", "home")}
    assert all(n > 100 for n in counts.values()), counts


def test_back_reference_offsets_are_global():
    c = generate_corpus(3_000, seed=5)
    assert len(c.stories) >= 2
    later = [r for r in c.back_references if r.story == 1]
    assert later and all(r.offset >= c.story_offsets[1] for r in later)


# --- split ---------------------------------------------------------------------------------


def test_split_partitions_and_is_deterministic():
    stories = [f"story {i}" for i in range(50)]
    train, val = split_stories(stories, 0.2, seed=1)
    assert len(val) == 10 and len(train) == 40
    assert sorted(train + val) == sorted(stories)
    assert train == [s for s in stories if s in set(train)]  # original order kept
    assert (train, val) == split_stories(stories, 0.2, seed=1)
    assert val != split_stories(stories, 0.2, seed=2)[1]
    assert count_overlap(train, val) == 0
    assert count_overlap(train + val[:3], val) == 3


@pytest.mark.parametrize("stories, fraction, error", [
    (["a", "b"], 0.0, ValueError), (["a", "b"], 1.0, ValueError), (["a"], 0.5, ValueError),
    ("one long text", 0.1, TypeError)])
def test_split_rejects_bad_input(stories, fraction, error):
    with pytest.raises(error):
        split_stories(stories, fraction)
