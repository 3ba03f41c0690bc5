"""Tests of the chapter 2 exercise checks: a right answer passes, each typical wrong answer
gets its precise message, and an untouched exercise is "not attempted yet"."""

from __future__ import annotations

from collections import Counter

import pytest

from helpers.checks.tokenization import (
    check_count_pairs_in_chunks,
    check_join_words,
    check_vocab_from_merges,
)


def todo(*_):
    raise NotImplementedError


# --- join_words ---------------------------------------------------------------------------

def join_right(tokens):
    text = ""
    for token in tokens:
        if text and token not in ".,:;!?)" and not text.endswith("("):
            text += " "
        text += token
    return text


def test_join_words_right_answer(capsys):
    assert check_join_words(join_right) is True
    assert "✅ join_words: all 6 cases pass." in capsys.readouterr().out


@pytest.mark.parametrize("wrong, message", [
    (lambda t: " ".join(t),
     "join_words(['Hello', ',', 'world', '!']) should give 'Hello, world!', got 'Hello , world !'"),
    (lambda t: "".join(t), "should give 'Hello, world!', got 'Hello,world!'"),
    (lambda t: join_right(t).replace("( ", "(").replace(" (", "("),
     "should give 'Wait (please): is it you?', got 'Wait(please): is it you?'"),
    (lambda t: t, "expected a str, got list"),
])
def test_join_words_wrong_answers(wrong, message, capsys):
    assert check_join_words(wrong) is False
    assert message in capsys.readouterr().out


# --- count_pairs_in_chunks ----------------------------------------------------------------

def pairs_right(chunks):
    counts = Counter()
    for chunk, n in chunks.items():
        for pair in zip(chunk, chunk[1:]):
            counts[pair] += n
    return counts


def pairs_unweighted(chunks):
    return Counter(p for chunk in chunks for p in zip(chunk, chunk[1:]))


def pairs_across_chunks(chunks):
    ids = [i for chunk, n in chunks.items() for _ in range(n) for i in chunk]
    return Counter(zip(ids, ids[1:]))


def pairs_once_per_chunk(chunks):
    return Counter({p: n for chunk, n in chunks.items() for p in set(zip(chunk, chunk[1:]))})


def test_count_pairs_right_answer(capsys):
    assert check_count_pairs_in_chunks(pairs_right) is True
    assert "✅ count_pairs_in_chunks: all 6 cases pass." in capsys.readouterr().out


@pytest.mark.parametrize("wrong, message", [
    (pairs_unweighted, "one chunk seen 5 times: pair (116, 104) should be counted 5 times "
                       "in {(116, 104, 101): 5}, got 1"),
    (pairs_across_chunks, "one chunk seen 5 times: counted pair (101, 116) 4 times, but no "
                          "chunk of {(116, 104, 101): 5} contains it: pairs are counted inside "
                          "each chunk, never from the end of one chunk to the start of the next"),
    (pairs_once_per_chunk, "a pair repeated inside a chunk: pair (1, 1) should be counted 4 "
                           "times"),
    (lambda c: list(pairs_right(c).items()), "expected a dict of pair -> count, got list"),
])
def test_count_pairs_wrong_answers(wrong, message, capsys):
    assert check_count_pairs_in_chunks(wrong) is False
    assert message in capsys.readouterr().out


# --- vocab_from_merges --------------------------------------------------------------------

def vocab_right(merges):
    vocab = {i: bytes([i]) for i in range(256)}
    for i, (a, b) in enumerate(merges):
        vocab[256 + i] = vocab[a] + vocab[b]
    return vocab


def vocab_as_str(merges):
    return {i: v.decode("latin-1") for i, v in vocab_right(merges).items()}


def vocab_without_bytes(merges):
    return {i: v for i, v in vocab_right(merges).items() if i >= 256}


def vocab_flat(merges):  # joins the pair's ids as if they were bytes: wrong for merged ids
    vocab = {i: bytes([i]) for i in range(256)}
    for i, (a, b) in enumerate(merges):
        vocab[256 + i] = bytes([a % 256, b % 256])
    return vocab


def test_vocab_from_merges_right_answer(capsys):
    assert check_vocab_from_merges(vocab_right) is True
    assert "✅ vocab_from_merges: all 5 cases pass." in capsys.readouterr().out


@pytest.mark.parametrize("wrong, message", [
    (vocab_as_str, "id 0 should be bytes like b'\\x00', got str"),
    (vocab_without_bytes, "expected 256 entries (256 single bytes + 0 merges), got 0"),
    (vocab_flat, "with merges [(116, 104), (256, 101)] id 257 should be b'the', got b'\\x00e'"),
])
def test_vocab_from_merges_wrong_answers(wrong, message, capsys):
    assert check_vocab_from_merges(wrong) is False
    assert message in capsys.readouterr().out


# --- not attempted and crashing ---------------------------------------------------------

@pytest.mark.parametrize("check", [check_join_words, check_count_pairs_in_chunks,
                                   check_vocab_from_merges])
def test_unattempted_is_not_a_failure(check, capsys):
    assert check(todo) is None
    out = capsys.readouterr().out
    assert "⏳" in out and "not attempted yet" in out and "❌" not in out


def test_a_crash_is_reported_in_one_line(capsys):
    assert check_vocab_from_merges(lambda m: {i: bytes([i]) for i in range(257)}) is False
    out = capsys.readouterr().out
    assert "your function raised ValueError: bytes must be in range(0, 256)" in out
