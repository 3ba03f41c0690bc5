"""Tests of the word-level tokenizer (helpers.tokenizers.word)."""

from __future__ import annotations

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.tokenizers.word import (
    END_OF_TEXT,
    UNK,
    WordTokenizer,
    join_words,
    split_words,
)

TEXT = 'The cat sat on the mat. "Hello (there)," said the dog; it\'s well-known!'


@pytest.fixture
def tok() -> WordTokenizer:
    return WordTokenizer.from_text(TEXT)


def test_split_words_separates_words_punctuation_and_specials():
    assert split_words("Hello, world! Don't stop<|endoftext|>well-known 42%") == [
        "Hello", ",", "world", "!", "Don't", "stop", "<|endoftext|>", "well-known", "42", "%"]
    assert split_words("  \n\t ") == []


def test_vocabulary_is_sorted_words_then_specials(tok):
    words = tok.id_to_str[:-2]
    assert words == sorted(set(words))
    assert tok.id_to_str[-2:] == [END_OF_TEXT, UNK]
    assert tok.vocab_size == len(set(split_words(TEXT))) + 2
    assert tok.unk_id == tok.vocab_size - 1


def test_encode_decode_known_text(tok):
    ids = tok.encode("The dog sat on the mat.")
    assert [tok.id_to_str[i] for i in ids] == ["The", "dog", "sat", "on", "the", "mat", "."]
    assert tok.decode(ids) == "The dog sat on the mat."
    assert tok.decode(tok.encode(TEXT)) == TEXT  # spacing rules rebuild this text exactly


def test_decode_accepts_a_tensor(tok):
    ids = tok.encode("the cat")
    assert tok.decode(torch.tensor(ids)) == "the cat"


def test_unknown_word_becomes_unk(tok):
    assert tok.tokenize("The bird sat.") == ["The", UNK, "sat", "."]
    assert tok.decode(tok.encode("The bird sat.")) == "The <|unk|> sat."


def test_unknown_word_without_unk_is_an_error_naming_it():
    tok = WordTokenizer.from_text("The cat sat.", special_tokens=())
    assert tok.unk_id is None
    with pytest.raises(ValueError, match="'bird' is not in the vocabulary"):
        tok.encode("The bird sat.")


def test_end_of_text_is_one_token(tok):
    ids = tok.encode("the cat <|endoftext|> the dog")
    assert tok.id_to_str[ids[2]] == END_OF_TEXT and len(ids) == 5


def test_min_count_drops_rare_words():
    tok = WordTokenizer.from_text("a a b", min_count=2)
    assert tok.id_to_str == ["a", END_OF_TEXT, UNK]
    assert tok.tokenize("a b") == ["a", UNK]


@pytest.mark.parametrize("bad, error, match", [
    ("", ValueError, "no words"),
    ("   ", ValueError, "no words"),
    (123, TypeError, "expected text as a str, got int"),
])
def test_from_text_rejects_bad_text(bad, error, match):
    with pytest.raises(error, match=match):
        WordTokenizer.from_text(bad)


def test_bad_vocabularies_and_ids(tok):
    with pytest.raises(ValueError, match="empty"):
        WordTokenizer([])
    with pytest.raises(ValueError, match="'a' more than once"):
        WordTokenizer(["a", "b", "a"])
    with pytest.raises(ValueError,
                       match=r"id 999 at position 1 is outside the vocabulary \(ids 0 \.\. "):
        tok.decode([0, 999])
    with pytest.raises(ValueError, match="outside"):
        tok.decode([-1])
    with pytest.raises(TypeError, match="ids must be ints"):
        tok.decode(["cat"])
    with pytest.raises(TypeError, match="got list"):
        tok.encode(["cat"])


@pytest.mark.parametrize("tokens, text", [
    (["Hello", ",", "world", "!"], "Hello, world!"),
    (["(", "yes", ")", "."], "(yes)."),
    (['"', "Hi", ",", '"', "she", "said", "."], '"Hi," she said.'),
    (["a", "-", "b"], "a - b"),
    ([], ""),
])
def test_join_words_spacing(tokens, text):
    assert join_words(tokens) == text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), max_size=30))
def test_ids_survive_decode_then_encode(ids):
    """Decoding never glues two tokens into one: encode(decode(ids)) == ids for any ids."""
    tok = WordTokenizer.from_text(TEXT + ' [x] {y} 50% ... <|endoftext|>')
    ids = [i % tok.vocab_size for i in ids]
    assert tok.encode(tok.decode(ids)) == ids


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab é,.!?()\"'-\n")), max_size=40))
def test_decode_encode_is_a_normal_form(text):
    """decode(encode(.)) may change spacing once, then never again."""
    tok = WordTokenizer.from_text(text + " x")
    once = tok.decode(tok.encode(text))
    assert tok.decode(tok.encode(once)) == once
    assert split_words(once) == split_words(text)
