"""Tests of the chapter 2 tokenizer playground, driven without a browser."""

from __future__ import annotations

import pytest

from helpers.tokenizers import BPETokenizer, WordTokenizer
from helpers.widgets.tokenization import TokenizerPlayground, show_piece, token_piece

TRAIN = ("The cat sat on the mat. The dog sat on the log. A cat and a dog met on the mat, "
         "and the cat said hello to the dog. ") * 20


@pytest.fixture(scope="module")
def word() -> WordTokenizer:
    return WordTokenizer.from_text(TRAIN)


@pytest.fixture(scope="module")
def bpe_sizes() -> dict[int, BPETokenizer]:
    return {size: BPETokenizer.train(TRAIN, size) for size in (260, 275, 289)}


@pytest.fixture
def playground(word, bpe_sizes) -> TokenizerPlayground:
    return TokenizerPlayground({"word": word, "BPE (ours)": bpe_sizes},
                               text="The cat sat on the mat.")


def test_starts_with_the_first_tokenizer(playground, word):
    assert playground.tokens == ["The", "cat", "sat", "on", "the", "mat", "."]
    assert playground.ids == word.encode("The cat sat on the mat.")
    assert playground.describe() == "TokenizerPlayground(word: 7 tokens for 23 characters)"
    assert playground.size.disabled  # the word tokenizer has one size only
    assert playground.widget._dom_classes == ("tokenizer-playground",)


def test_typing_re_encodes(playground, word):
    before = playground.redraws
    playground.text.value = "The dog met a cat."
    assert playground.redraws == before + 1
    assert playground.ids == word.encode("The dog met a cat.")
    assert "6 tokens" in playground.html.value and "<span" in playground.html.value


def test_switching_to_bpe_shows_byte_pieces_and_the_largest_size(playground, bpe_sizes):
    playground.choice.value = "BPE (ours)"
    assert not playground.size.disabled
    assert playground.ids == bpe_sizes[289].encode("The cat sat on the mat.")
    assert "".join(playground.tokens) == "The cat sat on the mat."  # pieces keep their spaces
    assert playground.describe().startswith("TokenizerPlayground(BPE (ours), 289: ")


def test_a_smaller_vocabulary_gives_more_tokens(playground, bpe_sizes):
    playground.choice.value = "BPE (ours)"
    counts = {}
    for size in (289, 275, 260):
        playground.size.value = size
        counts[size] = len(playground.ids)
        assert playground.ids == bpe_sizes[size].encode(playground.text.value)
    assert counts[260] > counts[275] >= counts[289]


def test_unknown_words_are_marked_and_missing_unk_is_reported(word):
    pg = TokenizerPlayground({"word": word}, text="The zebra sat.")
    assert pg.tokens == ["The", "<|unk|>", "sat", "."]
    assert "background:#ff6b6b" in pg.html.value  # <|unk|> drawn in red

    strict = WordTokenizer.from_text(TRAIN, special_tokens=())
    pg = TokenizerPlayground({"strict": strict}, text="The zebra sat.")
    assert pg.ids == [] and "'zebra' is not in the vocabulary" in pg.error
    assert "cannot encode" in pg.html.value
    assert pg.describe() == "TokenizerPlayground(strict: cannot encode the text)"


def test_special_tokens_and_split_characters(bpe_sizes):
    tok = bpe_sizes[260]
    pg = TokenizerPlayground({"bpe": tok}, text="cat<|endoftext|>é")
    assert tok.special_tokens["<|endoftext|>"] in pg.ids
    assert "background:#444" in pg.html.value  # the special token drawn dark
    # é is two bytes that no merge joined: each piece is half a character, shown as bytes
    assert pg.tokens[-2:] == ["\\xc3", "\\xa9"]
    assert tok.decode(pg.ids) == "cat<|endoftext|>é"


def test_html_escapes_text_and_shows_whitespace(word):
    tok = BPETokenizer.train(TRAIN, 260)
    pg = TokenizerPlayground({"bpe": tok}, text="a <script>\n")
    assert "<script>" not in pg.html.value and "&lt;" in pg.html.value
    assert show_piece(b" a\n") == "·a↵" and show_piece("\t") == "→"
    assert token_piece(tok, ord("a")) == b"a" and token_piece(word, 0) == word.id_to_str[0]


def test_mimebundle_text_is_the_description(playground):
    bundle = playground._repr_mimebundle_()
    assert bundle["text/plain"] == playground.describe()
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize("args, message", [
    (({},), "at least one tokenizer"),
    (({"word": None}, "x", "bpe"), "start='bpe' is not one of the tokenizers"),
])
def test_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        TokenizerPlayground(*args)


def test_gpt2_when_available():
    from helpers.tokenizers import gpt2_available, gpt2_tokenizer
    if not gpt2_available():
        pytest.skip("GPT-2's tokenizer files are not available here")
    pg = TokenizerPlayground({"GPT-2": gpt2_tokenizer()}, text="Hello, do you like tea?")
    assert pg.ids == [15496, 11, 466, 345, 588, 8887, 30]
    assert pg.tokens == ["Hello", ",", " do", " you", " like", " tea", "?"]
