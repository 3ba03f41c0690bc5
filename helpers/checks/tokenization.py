"""Checks for the chapter 2 exercises (tokenization).

    check_join_words(fn)             fn(tokens: list[str]) -> str
    check_count_pairs_in_chunks(fn)  fn(chunks: dict[tuple[int, ...], int]) -> dict[pair, int]
    check_vocab_from_merges(fn)      fn(merges: list[tuple[int, int]]) -> dict[int, bytes]

Each prints one verdict line (see `_runner`); the reference answers come from
`helpers.tokenizers.word` or are worked out here by hand, so a check never trusts the code it
is checking. What it does not handle: it checks the cases listed here, not every input.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from helpers.checks._runner import Case, CheckFailed, run_check
from helpers.tokenizers.word import join_words

Pair = tuple[int, int]


# --- Exercise 1: put the spaces back ------------------------------------------------------

JOIN_CASES: list[list[str]] = [
    ["Hello", ",", "world", "!"],
    ["The", "cat", "sat", "on", "the", "mat", "."],
    ["Wait", "(", "please", ")", ":", "is", "it", "you", "?"],
    ["one", ";", "two", ";", "three", "."],
    ["word"],
    [],
]


def _join_case(tokens: list[str]) -> Case:
    want = join_words(tokens)

    def run(fn: Callable[..., Any]) -> None:
        got = fn(list(tokens))
        if not isinstance(got, str):
            raise CheckFailed(f"expected a str, got {type(got).__name__}")
        if got != want:
            raise CheckFailed(f"join_words({tokens!r}) should give {want!r}, got {got!r}")

    return Case(f"tokens {tokens!r}", run)


def check_join_words(fn: Callable[[list[str]], str]) -> bool | None:
    """Words separated by single spaces, no space before `. , : ; ! ?` and `)`, none after `(`."""
    return run_check("join_words", fn, [_join_case(t) for t in JOIN_CASES])


# --- Exercise 2: count pairs inside chunks, weighted by how often each chunk occurs --------

def reference_count_pairs_in_chunks(chunks: dict[tuple[int, ...], int]) -> dict[Pair, int]:
    """Each adjacent pair inside a chunk, counted `count` times per occurrence in that chunk."""
    counts: Counter[Pair] = Counter()
    for chunk, count in chunks.items():
        for pair in zip(chunk, chunk[1:]):
            counts[pair] += count
    return dict(counts)


CHUNK_CASES: list[tuple[str, dict[tuple[int, ...], int]]] = [
    ("one chunk seen once", {(104, 105, 33): 1}),
    ("one chunk seen 5 times", {(116, 104, 101): 5}),
    ("two chunks (pairs never cross from one chunk to the next)", {(97, 98): 2, (98, 97): 3}),
    ("a pair repeated inside a chunk", {(1, 1, 1): 2, (1, 2, 1, 2): 1}),
    ("a one-byte chunk has no pairs", {(32,): 7, (32, 116): 1}),
    ("no chunks at all", {}),
]


def _chunk_case(description: str, chunks: dict[tuple[int, ...], int]) -> Case:
    want = reference_count_pairs_in_chunks(chunks)

    def run(fn: Callable[..., Any]) -> None:
        got = fn(dict(chunks))
        if not isinstance(got, dict):  # Counter is a dict too
            raise CheckFailed(f"expected a dict of pair -> count, got {type(got).__name__}")
        got = {pair: n for pair, n in got.items() if n != 0}
        for pair, n in got.items():
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise CheckFailed(f"keys should be pairs of ids like (104, 105), got {pair!r}")
            if pair not in want:
                raise CheckFailed(f"counted pair {pair} {n} times, but no chunk of {chunks} "
                                  f"contains it: pairs are counted inside each chunk, never "
                                  f"from the end of one chunk to the start of the next")
        for pair, n in want.items():
            if got.get(pair, 0) != n:
                raise CheckFailed(f"pair {pair} should be counted {n} times in {chunks}, "
                                  f"got {got.get(pair, 0)}")

    return Case(description, run)


def check_count_pairs_in_chunks(
        fn: Callable[[dict[tuple[int, ...], int]], dict[Pair, int]]) -> bool | None:
    """`fn(chunks)` counts adjacent pairs inside each chunk, times the chunk's count."""
    return run_check("count_pairs_in_chunks", fn, [_chunk_case(d, c) for d, c in CHUNK_CASES])


# --- Exercise 3: rebuild the id -> bytes table from the merge table ------------------------

def reference_vocab_from_merges(merges: list[Pair]) -> dict[int, bytes]:
    """Ids 0..255 are single bytes; merge i joins the bytes of its pair into id 256 + i."""
    vocab = {i: bytes([i]) for i in range(256)}
    for i, (a, b) in enumerate(merges):
        vocab[256 + i] = vocab[a] + vocab[b]
    return vocab


MERGE_CASES: list[tuple[str, list[Pair]]] = [
    ("no merges: the 256 single bytes", []),
    ("one merge", [(104, 105)]),                               # 256 = b"hi"
    ("a merge that uses an earlier merge", [(116, 104), (256, 101)]),  # 257 = b"the"
    ("merges of merges", [(32, 116), (104, 101), (256, 257), (97, 97), (259, 259)]),
    ("bytes of a multi-byte character", [(0xC3, 0xA9), (99, 256)]),     # 257 = "cé"
]


def _vocab_case(description: str, merges: list[Pair]) -> Case:
    want = reference_vocab_from_merges(merges)

    def run(fn: Callable[..., Any]) -> None:
        got = fn(list(merges))
        if not isinstance(got, dict):
            raise CheckFailed(f"expected a dict of id -> bytes, got {type(got).__name__}")
        if len(got) != len(want):
            raise CheckFailed(f"with {len(merges)} merges expected {len(want)} entries "
                              f"(256 single bytes + {len(merges)} merges), got {len(got)}")
        for token_id, piece in want.items():
            if token_id not in got:
                raise CheckFailed(f"id {token_id} is missing")
            if not isinstance(got[token_id], bytes):
                raise CheckFailed(f"id {token_id} should be bytes like {piece!r}, "
                                  f"got {type(got[token_id]).__name__} {got[token_id]!r}")
            if got[token_id] != piece:
                raise CheckFailed(f"with merges {merges} id {token_id} should be {piece!r}, "
                                  f"got {got[token_id]!r}")

    return Case(description, run)


def check_vocab_from_merges(fn: Callable[[list[Pair]], dict[int, bytes]]) -> bool | None:
    """`fn(merges)` gives every id's bytes: 0..255 single bytes, then one id per merge."""
    return run_check("vocab_from_merges", fn, [_vocab_case(d, m) for d, m in MERGE_CASES])
