"""Tests for helpers.tokenizers.bpe: training, encoding, decoding, files, tiktoken in and out.

The central claims are checked against independent references: training against a slow
trainer that recounts every pair after every merge, encoding against tiktoken loaded with
the same merges (on the default corpus and on hypothesis-generated Unicode text).
"""

from __future__ import annotations

import string
import warnings
from collections import Counter
from pathlib import Path

import pytest
import tiktoken
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.corpus import generate_corpus
from helpers.tokenizers import END_OF_TEXT, BPETokenizer, bpe_merge, split_chunks
from helpers.tokenizers.bpe_file import MAGIC
from helpers.tokenizers.bpe_train import learn_merges, merge_pair
from helpers.tokenizers.patterns import GPT2_PATTERN, GPT4_PATTERN

PATTERNS = ["gpt2", "gpt4"]


@pytest.fixture(scope="module")
def small_text() -> str:
    """About 100 KB of the default corpus (stories joined by <|endoftext|>)."""
    return generate_corpus(target_chars=100_000, seed=0).text


@pytest.fixture(scope="module", params=PATTERNS)
def trained(request, small_text) -> tuple[BPETokenizer, tiktoken.Encoding]:
    """A 512-token tokenizer trained on the small corpus, and tiktoken with its merges."""
    tok = BPETokenizer.train(small_text, 512, pattern=request.param)
    return tok, tok.to_tiktoken()


# ---- training ---------------------------------------------------------------------------

def recount_merges(chunk_counts: dict[str, int], num_merges: int) -> dict[bytes, int]:
    """Reference trainer: recount all pairs after every merge (slow, obviously right).

    Same tie-break rule as the real one: highest count, then the smallest (left, right).
    """
    token_bytes = [bytes([b]) for b in range(256)]
    ranks = {tb: i for i, tb in enumerate(token_bytes)}
    words = [(list(c.encode("utf-8")), f) for c, f in chunk_counts.items()]
    made = 0
    while made < num_merges:
        counts: Counter[tuple[int, int]] = Counter()
        for ids, freq in words:
            for pair in zip(ids, ids[1:]):
                counts[pair] += freq
        if not counts:
            break
        pair = min(counts, key=lambda p: (-counts[p], p))
        merged = token_bytes[pair[0]] + token_bytes[pair[1]]
        if merged not in ranks:
            ranks[merged] = len(token_bytes)
            token_bytes.append(merged)
            made += 1
        words = [(merge_pair(ids, pair, ranks[merged]), f) for ids, f in words]
    return ranks


@pytest.mark.parametrize("pattern", PATTERNS)
def test_incremental_counts_match_a_full_recount(small_text, pattern):
    chunks = Counter(split_chunks(small_text[:20_000].replace(END_OF_TEXT, ""), pattern))
    assert learn_merges(chunks, 120).ranks == recount_merges(chunks, 120)


@settings(max_examples=40, deadline=None)
@given(st.dictionaries(st.text(alphabet="abcab ", min_size=1, max_size=8),
                       st.integers(1, 5), min_size=1, max_size=12),
       st.integers(1, 30))
def test_incremental_counts_match_a_full_recount_on_random_chunks(chunks, num_merges):
    assert learn_merges(chunks, num_merges).ranks == recount_merges(chunks, num_merges)


def test_ties_go_to_the_smallest_pair_whatever_the_order():
    # (97, 98) "ab" and (120, 121) "xy" both occur 3 times: the smaller pair wins
    for order in ({"ab": 3, "xy": 3}, {"xy": 3, "ab": 3}):
        assert learn_merges(order, 1).pairs == {256: (97, 98)}
    # a higher count beats a smaller pair
    assert learn_merges({"ab": 3, "xy": 4}, 1).pairs == {256: (120, 121)}


def test_training_is_deterministic_and_order_independent(small_text):
    stories = small_text.split(END_OF_TEXT)
    a = BPETokenizer.train(END_OF_TEXT.join(stories), 400)
    b = BPETokenizer.train(END_OF_TEXT.join(reversed(stories)), 400)
    assert a.ranks == b.ranks and a.merges == b.merges


def test_trained_table_layout(small_text):
    tok = BPETokenizer.train(small_text, 300, special_tokens=(END_OF_TEXT, "<|pad|>"))
    assert tok.vocab_size == 300
    assert [tok.token_bytes(i) for i in range(256)] == [bytes([i]) for i in range(256)]
    assert tok.special_tokens == {END_OF_TEXT: 298, "<|pad|>": 299}
    merges = tok.merges
    assert [m.id for m in merges] == list(range(256, 298))
    for m in merges:
        assert tok.token_bytes(m.id) == m.token == tok.token_bytes(m.pair[0]) + \
            tok.token_bytes(m.pair[1])
    counts = [m.count for m in merges]
    assert counts == sorted(counts, reverse=True)  # each merge was the most frequent pair
    assert all(END_OF_TEXT.encode() not in m.token for m in merges)


def test_verbose_training_prints_progress(small_text, capsys):
    BPETokenizer.train(small_text, 270, verbose=True)
    out = capsys.readouterr().out
    assert out.startswith("merge 1/13: ") and "merge 13/13" in out


def test_too_much_vocabulary_for_the_text_warns():
    with pytest.warns(UserWarning, match="run out of pairs"):
        tok = BPETokenizer.train("abab", 1000)
    assert tok.vocab_size == 256 + 2 + 1  # "ab", "abab", <|endoftext|>


# ---- encoding equals tiktoken with the same merges ---------------------------------------

@pytest.mark.parametrize("pattern", PATTERNS)
def test_encode_equals_tiktoken_on_the_whole_default_corpus(pattern):
    text = generate_corpus(target_chars=1_000_000, seed=0).text
    tok = BPETokenizer.train(text, 512, pattern=pattern)
    ids = tok.encode(text, allowed_special="all")
    assert ids == tok.to_tiktoken().encode(text, allowed_special="all")
    assert tok.decode(ids) == text


unicode_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
# Text built from the characters the split patterns treat specially.
TRICKY_PIECES = list(" \t\n\r\x0b\x0c\u00a0\u2028'sStTdDmM1234567890aé猫😀.,!?-_<|>") + [
    "'ll", "'VE", "\r\n", END_OF_TEXT]
tricky_text = st.lists(st.sampled_from(TRICKY_PIECES), max_size=30).map("".join)


@settings(max_examples=150, deadline=None)
@given(st.one_of(unicode_text, tricky_text))
def test_encode_equals_tiktoken_and_round_trips_on_any_text(trained, text):
    tok, enc = trained
    ids = tok.encode(text, allowed_special="all")
    assert ids == enc.encode(text, allowed_special="all")
    assert tok.decode(ids) == text
    assert tok.encode_ordinary(text) == enc.encode_ordinary(text)


@pytest.mark.parametrize("text", [
    "", " ", "\n\n\n", "Hello world", "I'll say 'hello' 12345678 times.\r\n",
    "naïve café — 猫は可愛い 😀🎉", "  leading and trailing  ", "a\u200bb\u00a0c",
    "\ud83d lone surrogate",  # tiktoken replaces it by U+FFFD; so do we
])
def test_encode_equals_tiktoken_on_samples(trained, text):
    tok, enc = trained
    assert tok.encode(text) == enc.encode(text)


def test_chunks_already_in_the_table_are_one_token_like_tiktoken():
    ranks = {bytes([b]): b for b in range(256)} | {b"bc": 256, b"ab": 257, b"cd": 258,
                                                   b"abcd": 259}
    tok = BPETokenizer(ranks, pattern=r"\S+|\s+")
    # merging from bytes gets stuck at a + bc + d, but "abcd" is in the table: one token
    assert bpe_merge(ranks, b"abcd") == [b"a", b"bc", b"d"]
    assert tok.encode("abcd") == [259] == tok.to_tiktoken().encode("abcd")
    assert tok.encode("abcde") == [97, 256, 100, 101] == tok.to_tiktoken().encode("abcde")


def test_custom_pattern_is_used_by_training_and_encoding(small_text):
    # Whole lines as chunks: now a letter and the space after it can merge ("e "), which
    # GPT-2's pattern never allows (a space always starts a chunk).
    text = small_text[:20_000]
    tok = BPETokenizer.train(text, 300, pattern=r"[^\n]+\n?|\n")
    assert any(m.token[:1].isalpha() and m.token.endswith(b" ") for m in tok.merges)
    gpt2 = BPETokenizer.train(text, 300)
    assert not any(m.token[:1].isalpha() and m.token.endswith(b" ") for m in gpt2.merges)
    text = "The end. The cat sat.\n"
    assert tok.encode(text) == tok.to_tiktoken().encode(text)


# ---- special tokens ---------------------------------------------------------------------

@pytest.mark.parametrize("kwargs", [
    {"allowed_special": "all"},
    {"allowed_special": {END_OF_TEXT}},
    {"disallowed_special": ()},
    {"allowed_special": {"<|pad|>"}, "disallowed_special": ()},
])
def test_special_tokens_behave_like_tiktoken(small_text, kwargs):
    tok = BPETokenizer.train(small_text, 300, special_tokens=(END_OF_TEXT, "<|pad|>"))
    enc = tok.to_tiktoken()
    for text in (f"one{END_OF_TEXT}two three<|endof", f"one{END_OF_TEXT}two <|pad|>three"):
        try:
            expected = enc.encode(text, **kwargs)
        except ValueError:
            with pytest.raises(ValueError, match="contains the special token"):
                tok.encode(text, **kwargs)
        else:
            assert tok.encode(text, **kwargs) == expected


def test_allowed_special_gives_the_special_id(trained):
    tok, _ = trained
    ids = tok.encode(f"a{END_OF_TEXT}b", allowed_special="all")
    assert tok.special_tokens[END_OF_TEXT] in ids
    assert tok.decode(ids) == f"a{END_OF_TEXT}b"


def test_special_token_in_text_is_an_error_unless_allowed(trained):
    tok, enc = trained
    text = f"hello {END_OF_TEXT} world"
    with pytest.raises(ValueError, match=r"special token '<\|endoftext\|>' at position 6"):
        tok.encode(text)
    with pytest.raises(ValueError):  # tiktoken agrees that this is an error
        enc.encode(text)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"allowed_special": {"<|nope|>"}}, ValueError, "not special tokens"),
    ({"allowed_special": END_OF_TEXT}, TypeError, "collection of special-token"),
    ({"disallowed_special": 5}, TypeError, "collection of special-token"),
])
def test_bad_special_arguments(trained, kwargs, error, match):
    with pytest.raises(error, match=match):
        trained[0].encode("x", **kwargs)


# ---- decoding ---------------------------------------------------------------------------

def test_decoding_half_a_character_does_not_crash(trained):
    tok, _ = trained
    ids = tok.encode("😀")  # 4 bytes, no merges for them in this small table
    assert len(ids) == 4
    assert tok.decode(ids[:2]) == "\ufffd"
    assert tok.decode_bytes(ids[:2]) == "😀".encode()[:2]
    assert tok.decode(ids) == "😀"


def test_decode_accepts_any_sequence_of_ints(trained):
    import numpy as np
    import torch

    tok, _ = trained
    ids = tok.encode("Once upon a time")
    assert tok.decode(torch.tensor(ids)) == tok.decode(np.array(ids)) == "Once upon a time"


@pytest.mark.parametrize("ids, error, match", [
    ([1, 512], ValueError, r"token id 512 at position 1 is not in the vocabulary: valid ids "
                           r"are 0\.\.511"),
    ([-1], ValueError, "token id -1 at position 0"),
    (["a"], TypeError, "must be an int, got str"),
    ([1.0], TypeError, "must be an int, got float"),
    (5, TypeError, "sequence of ints"),
    ("abc", TypeError, "sequence of ints"),
])
def test_decode_errors_name_the_id(trained, ids, error, match):
    with pytest.raises(error, match=match):
        trained[0].decode(ids)


# ---- errors -----------------------------------------------------------------------------

@pytest.mark.parametrize("args, kwargs, error, match", [
    (("abc", 256), {}, ValueError, "vocab_size=256 is too small.*at least 257"),
    (("abc", 257), {"special_tokens": ("<|a|>", "<|b|>")}, ValueError, "at least 258"),
    (("abc", 300.0), {}, TypeError, "vocab_size must be an int"),
    ((b"abc", 300), {}, TypeError, "text must be a str, got bytes"),
    (("", 300), {}, ValueError, "empty text"),
    (("abc", 300), {"special_tokens": ("<|a|>", "<|a|>")}, ValueError,
     "distinct.*<\\|a\\|>"),
    (("abc", 300), {"special_tokens": END_OF_TEXT}, TypeError, "sequence of strings"),
    (("abc", 300), {"special_tokens": ("",)}, TypeError, "non-empty str"),
    (("abc", 300), {"pattern": "(unclosed"}, ValueError, "not a valid regular expression"),
    (("abc", 300), {"pattern": 3}, TypeError, "pattern must be a string"),
    (("a b", 300), {"pattern": r"\w+"}, ValueError, "matches none of the text at position 1"),
])
def test_training_errors(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        BPETokenizer.train(*args, **kwargs)


def test_encode_rejects_non_strings(trained):
    with pytest.raises(TypeError, match="text must be a str, got list"):
        trained[0].encode(["hello"])


@pytest.mark.parametrize("ranks, special, match", [
    ({b"a": 0}, {}, "all 256 single bytes"),
    ({bytes([b]): b for b in range(256)} | {b"ab": 3}, {}, "id 3 is given to two tokens"),
    ({bytes([b]): b for b in range(256)}, {"<|x|>": 7}, "already used by an ordinary token"),
    ({bytes([b]): b for b in range(256)}, {"<|x|>": 300, "<|y|>": 300}, "share id 300"),
])
def test_constructor_checks_the_table(ranks, special, match):
    with pytest.raises(ValueError, match=match):
        BPETokenizer(ranks, special_tokens=special)


# ---- files and tiktoken -----------------------------------------------------------------

def test_save_and_load_round_trip(trained, tmp_path):
    tok, _ = trained
    path = tok.save(tmp_path / "tok.bpe")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == MAGIC and lines[2].startswith("special 511 ")
    assert any(line.startswith("256 ") and " = " in line for line in lines)  # a merge line
    loaded = BPETokenizer.load(path)
    assert loaded.ranks == tok.ranks and loaded.pattern == tok.pattern
    assert loaded.special_tokens == tok.special_tokens
    assert [m[:4] for m in loaded.merges] == [m[:4] for m in tok.merges]
    text = "Once upon a time, 42 cats said: 'hello' 😀"
    assert loaded.encode(text) == tok.encode(text)


def _damage(lines: list[str], how: str) -> list[str]:
    if how == "magic":
        return ["not a tokenizer"] + lines[1:]
    if how == "truncated":
        return lines[:-10]
    if how == "bad hex":
        return [line.replace(" 61", " 6z", 1) if line.startswith("97 ") else line
                for line in lines]
    if how == "wrong merge":
        i = next(i for i, line in enumerate(lines) if line.startswith("256 "))
        ident, hexed, _ = lines[i].split(" ", 2)
        return lines[:i] + [f"{ident} {hexed} = 1 + 2"] + lines[i + 1:]
    if how == "duplicate id":
        i = next(i for i, line in enumerate(lines) if line.startswith("300 "))
        return lines[:i] + [lines[i].replace("300 ", "299 ", 1)] + lines[i + 1:]
    if how == "bad pattern":
        return [lines[0], "pattern not-json"] + lines[2:]
    raise AssertionError(how)


@pytest.mark.parametrize("how, match", [
    ("magic", "not a BPE tokenizer file"),
    ("truncated", "promises .* tokens but the file ends after"),
    ("bad hex", "is not hex bytes"),
    ("wrong merge", "1 \\+ 2 does not spell token 256"),
    ("duplicate id", "id 299 appears twice"),
    ("bad pattern", "line 2: expected a JSON string"),
])
def test_damaged_files_give_clear_errors(trained, tmp_path, how, match):
    path = trained[0].save(tmp_path / "tok.bpe")
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(_damage(lines, how)) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=match):
        BPETokenizer.load(path)


def test_loading_a_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="no tokenizer file"):
        BPETokenizer.load(tmp_path / "missing.bpe")


def test_tiktoken_round_trip_recovers_the_trained_merges(trained):
    tok, enc = trained
    back = BPETokenizer.from_tiktoken(enc)
    assert back.ranks == tok.ranks and back.special_tokens == tok.special_tokens
    assert back.pattern == tok.pattern in (GPT2_PATTERN, GPT4_PATTERN)
    assert [m.pair for m in back.merges] == [m.pair for m in tok.merges]
    assert enc.n_vocab == tok.vocab_size


def test_from_tiktoken_rejects_other_objects(trained):
    with pytest.raises(TypeError, match="expected a tiktoken.Encoding"):
        BPETokenizer.from_tiktoken(trained[0])


def test_vocab_and_repr(trained):
    tok, _ = trained
    vocab = tok.vocab
    assert len(vocab) == tok.vocab_size == 512 and vocab[511] == END_OF_TEXT.encode()
    assert repr(tok).startswith("BPETokenizer(vocab_size=512, pattern='gpt")


def test_module_docstrings_say_what_is_not_handled():
    import helpers.tokenizers.bpe as bpe
    import helpers.tokenizers.bpe_checks as bpe_checks
    import helpers.tokenizers.bpe_file as bpe_file
    import helpers.tokenizers.bpe_train as bpe_train
    import helpers.tokenizers.patterns as patterns

    for module in (bpe, bpe_checks, bpe_file, bpe_train, patterns):
        assert "Not handled here" in module.__doc__, module.__name__
        assert len(Path(module.__file__).read_text().splitlines()) < 400, module.__name__


def test_split_chunks_examples():
    assert split_chunks("Hello world, it's 2024!") == [
        "Hello", " world", ",", " it", "'s", " 2024", "!"]
    assert split_chunks("Year 123456", "gpt4") == ["Year", " ", "123", "456"]
    assert "".join(split_chunks(string.printable)) == string.printable


def test_no_warnings_in_normal_use(small_text):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        BPETokenizer.train(small_text, 300).encode("hi")
