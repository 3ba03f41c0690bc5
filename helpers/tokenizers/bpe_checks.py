"""Checks for the tables a BPE tokenizer is built from, and the special-token regex.

A rank table must map non-empty bytes to distinct ids >= 0 and hold all 256 single bytes
(byte-level BPE can then encode any text). Special tokens must be distinct non-empty strings
whose ids clash with nothing. Each problem is a TypeError/ValueError that names the culprit.

Not handled here: checking that a table is a *consistent* merge list (that every token can be
made from two earlier ones); `BPETokenizer.merges` finds that out when it recovers merges.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import regex

END_OF_TEXT = "<|endoftext|>"


def check_ranks(ranks: object) -> dict[bytes, int]:
    """A copy of `ranks` (bytes -> id) after checking it is a usable byte-level table."""
    if not isinstance(ranks, dict):
        raise TypeError(f"ranks must be a dict bytes -> id, got {type(ranks).__name__}")
    for token, rank in ranks.items():
        if not isinstance(token, bytes) or not token:
            raise TypeError(f"ranks keys must be non-empty bytes, got {token!r}")
        if isinstance(rank, bool) or not isinstance(rank, int) or rank < 0:
            raise ValueError(f"the id of {token!r} must be an int >= 0, got {rank!r}")
    missing = [b for b in range(256) if bytes([b]) not in ranks]
    if missing:
        raise ValueError(f"ranks must contain all 256 single bytes (byte-level BPE); "
                         f"{len(missing)} are missing, e.g. {bytes([missing[0]])!r}")
    if len(set(ranks.values())) != len(ranks):
        seen: dict[int, bytes] = {}
        for token, rank in ranks.items():
            if rank in seen:
                raise ValueError(f"id {rank} is given to two tokens: {seen[rank]!r} and {token!r}")
            seen[rank] = token
    return dict(ranks)


def check_special_list(special_tokens: object) -> list[str]:
    """`special_tokens` as a list, checked: a sequence (not a str) of distinct non-empty strs."""
    if isinstance(special_tokens, str) or not isinstance(special_tokens, Iterable):
        raise TypeError(f"special_tokens must be a sequence of strings such as "
                        f"({END_OF_TEXT!r},), got {special_tokens!r}")
    specials = list(special_tokens)
    for s in specials:
        if not isinstance(s, str) or not s:
            raise TypeError(f"each special token must be a non-empty str, got {s!r}")
    duplicates = sorted({s for s in specials if specials.count(s) > 1})
    if duplicates:
        raise ValueError(f"special tokens must be distinct; {duplicates} appear more than once")
    return specials


def check_special_ids(special: dict[str, int], ranks: dict[bytes, int]) -> dict[str, int]:
    """A copy of `special` (name -> id) after checking that no id is used twice."""
    if not isinstance(special, dict):
        raise TypeError(f"special_tokens must be a dict str -> id, got {type(special).__name__}")
    check_special_list(list(special))
    taken = set(ranks.values())
    seen: dict[int, str] = {}
    for name, token_id in special.items():
        if isinstance(token_id, bool) or not isinstance(token_id, int) or token_id < 0:
            raise ValueError(f"special token {name!r} needs an int id >= 0, got {token_id!r}")
        if token_id in taken:
            raise ValueError(f"special token {name!r} has id {token_id}, already used by an "
                             f"ordinary token")
        if token_id in seen:
            raise ValueError(f"special tokens {seen[token_id]!r} and {name!r} share id {token_id}")
        seen[token_id] = name
    return dict(special)


@lru_cache(maxsize=64)
def _compiled_alternation(tokens: frozenset[str]) -> regex.Pattern:
    ordered = sorted(tokens, key=lambda s: (-len(s), s))
    return regex.compile("|".join(regex.escape(s) for s in ordered))


def special_regex(tokens: Iterable[str]) -> regex.Pattern | None:
    """A regex matching any of `tokens`, longest first (so "<|a|>b" beats "<|a|>"); None if
    there are none. Compiled once per set of tokens."""
    tokens = frozenset(tokens)
    return _compiled_alternation(tokens) if tokens else None


def split_on_specials(text: str, specials: regex.Pattern | None) -> list[str]:
    """`text` with the special tokens cut out: the pieces between them."""
    return [text] if specials is None else specials.split(text)
