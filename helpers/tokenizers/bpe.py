"""Byte-level BPE, the tokenizer family of GPT-2 and GPT-4, written from scratch.

    tok = BPETokenizer.train(text, vocab_size=2048)          # learn 2048 - 256 - 1 merges
    ids = tok.encode("Hello world<|endoftext|>", allowed_special="all")
    tok.decode(ids)                                         # 'Hello world<|endoftext|>'
    enc = tok.to_tiktoken()                                 # same ids, from Rust
    gpt2 = BPETokenizer.from_tiktoken(tiktoken.get_encoding("gpt2"))

The whole state is a table `ranks: bytes -> id` (tiktoken calls it `mergeable_ranks`), a
split pattern and the special tokens. Token ids are ranks: a lower id was merged earlier.
For a tokenizer trained here ids 0..255 are the bytes 0..255 and merges follow in order;
for GPT-2 the bytes have other ids, and nothing below assumes otherwise.

Encoding a text = split off the special tokens, pre-split the rest into chunks with the
pattern, then inside each chunk start from single bytes and repeatedly merge the adjacent
pair whose joined bytes have the lowest rank (the leftmost one on a tie). That is exactly
tiktoken's algorithm, so with the same table both give the same ids. A chunk that already is
a token is looked up directly (as tiktoken does), and each chunk's ids are cached, which is
what makes repeated words cheap.

Not handled here: lone surrogates in a str (as in tiktoken they become U+FFFD before
encoding, so such a string does not round-trip), very long chunks (merging a chunk of n
bytes costs about n^2 steps, as in tiktoken; a megabyte with no space or symbol is slow), and
normalisation (NFC/NFKC): text is encoded byte for byte as given.
"""

from __future__ import annotations

import operator
import warnings
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from os import PathLike
from pathlib import Path
from typing import Literal, NamedTuple

import tiktoken

from .bpe_checks import (
    END_OF_TEXT,
    check_ranks,
    check_special_ids,
    check_special_list,
    special_regex,
    split_on_specials,
)
from .bpe_file import format_bpe_file, parse_bpe_file
from .bpe_train import learn_merges
from .patterns import PATTERNS, check_covered, compile_pattern, find_chunks, resolve_pattern

_CACHE_LIMIT = 200_000  # chunks remembered by encode before the cache is emptied


class Merge(NamedTuple):
    """One merge: tokens `pair` (ids) became token `id`; `left + right` are its bytes."""

    pair: tuple[int, int]
    id: int
    left: bytes
    right: bytes
    count: int | None  # how often the pair occurred when training merged it (None: unknown)

    @property
    def token(self) -> bytes:
        return self.left + self.right


def bpe_merge(ranks: dict[bytes, int], piece: bytes, max_rank: int | None = None) -> list[bytes]:
    """Split `piece` into tokens: from single bytes, merge the lowest-rank pair until none is left.

    Only merges whose rank is below `max_rank` are used when it is given (to find which two
    tokens a token was made from). Returns the parts as bytes, e.g. [b"Hel", b"lo"].
    """
    parts = [piece[i:i + 1] for i in range(len(piece))]
    never = float("inf")
    if max_rank is None:
        get = ranks.get
    else:
        def get(token: bytes, default: float) -> float:  # ranks from max_rank on don't exist
            rank = ranks.get(token, default)
            return rank if rank < max_rank else default

    # pair_ranks[i] is the rank of parts[i] + parts[i + 1]: after a merge only the two
    # neighbours of the merged pair change, so each step recomputes two entries, not all.
    pair_ranks = [get(a + b, never) for a, b in zip(parts, parts[1:])]
    while pair_ranks:
        best = min(pair_ranks)
        if best == never:
            break
        i = pair_ranks.index(best)  # the leftmost of equal ranks, as in tiktoken
        parts[i:i + 2] = [parts[i] + parts[i + 1]]
        del pair_ranks[i]
        if i > 0:
            pair_ranks[i - 1] = get(parts[i - 1] + parts[i], never)
        if i < len(pair_ranks):
            pair_ranks[i] = get(parts[i] + parts[i + 1], never)
    return parts


class BPETokenizer:
    """A byte-level BPE tokenizer: a rank table, a split pattern and special tokens.

    Build one with `BPETokenizer.train`, `BPETokenizer.load` or `BPETokenizer.from_tiktoken`;
    the constructor takes the table directly and checks it.
    """

    def __init__(self, ranks: dict[bytes, int], pattern: str = "gpt2",
                 special_tokens: dict[str, int] | None = None,
                 pairs: dict[int, tuple[int, int]] | None = None,
                 counts: dict[int, int] | None = None) -> None:
        self._ranks = check_ranks(ranks)
        self.pattern = resolve_pattern(pattern)
        self._regex = compile_pattern(self.pattern)
        self._special = check_special_ids(special_tokens or {}, self._ranks)
        self._decoder: dict[int, bytes] = {i: b for b, i in self._ranks.items()}
        self._decoder.update({i: s.encode("utf-8") for s, i in self._special.items()})
        self._vocab_size = max(self._decoder) + 1
        self._pairs = dict(pairs) if pairs is not None else None  # None: recover when asked
        self._counts = dict(counts or {})
        self._cache: dict[str, list[int]] = {}

    # ---- building ---------------------------------------------------------------------

    @classmethod
    def train(cls, text: str, vocab_size: int, pattern: str = "gpt2",
              special_tokens: Sequence[str] = (END_OF_TEXT,), verbose: bool = False,
              ) -> BPETokenizer:
        """Learn merges from `text` until the vocabulary has `vocab_size` tokens.

        vocab_size counts the 256 bytes, the merges and the special tokens, so it must be at
        least 256 + len(special_tokens). Special tokens found in `text` separate the training
        pieces and are never merged with anything; they get the ids after the merges.
        Tie-breaking among equally frequent pairs is described in `helpers.tokenizers.bpe_train`.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        if not text:
            raise ValueError("cannot train on empty text; pass at least a few sentences")
        specials = check_special_list(special_tokens)
        if isinstance(vocab_size, bool) or not isinstance(vocab_size, int):
            raise TypeError(f"vocab_size must be an int, got {type(vocab_size).__name__}")
        smallest = 256 + len(specials)
        if vocab_size < smallest:
            raise ValueError(f"vocab_size={vocab_size} is too small: the 256 byte tokens and "
                             f"{len(specials)} special token(s) need at least {smallest}")
        regex_str = resolve_pattern(pattern)
        compiled = compile_pattern(regex_str)
        chunk_counts: Counter[str] = Counter()
        for piece in split_on_specials(text, special_regex(specials)):
            chunks = find_chunks(compiled, piece)
            check_covered(piece, chunks, pattern)
            chunk_counts.update(chunks)
        chunk_counts.pop("", None)

        wanted = vocab_size - smallest
        progress = _verbose_progress(wanted) if verbose else None
        learned = learn_merges(chunk_counts, wanted, progress)
        got = len(learned.pairs)
        if got < wanted:
            warnings.warn(f"the text has run out of pairs to merge after {got} of {wanted} "
                          f"merges; the vocabulary has {256 + got + len(specials)} tokens, "
                          f"not {vocab_size}: train on more text", stacklevel=2)
        next_id = 256 + got
        special_ids = {s: next_id + i for i, s in enumerate(specials)}
        return cls(learned.ranks, regex_str, special_ids, learned.pairs, learned.counts)

    @classmethod
    def from_tiktoken(cls, encoding: object) -> BPETokenizer:
        """The same tokenizer as a `tiktoken.Encoding` (its ranks, pattern, special tokens)."""
        if not isinstance(encoding, tiktoken.Encoding):
            raise TypeError(f"expected a tiktoken.Encoding (e.g. tiktoken.get_encoding('gpt2')), "
                            f"got {type(encoding).__name__}")
        # tiktoken keeps these as attributes without a public getter (stable since 0.1).
        return cls(dict(encoding._mergeable_ranks), encoding._pat_str,
                   dict(encoding._special_tokens))

    def to_tiktoken(self, name: str = "helpers-bpe") -> tiktoken.Encoding:
        """A `tiktoken.Encoding` with our ranks, pattern and special tokens (same ids, faster)."""
        return tiktoken.Encoding(name=name, pat_str=self.pattern,
                                 mergeable_ranks=dict(self._ranks),
                                 special_tokens=dict(self._special))

    # ---- saving -----------------------------------------------------------------------

    def save(self, path: str | PathLike) -> Path:
        """Write a readable text file (one token per line, see `bpe_file`); returns the path."""
        path = Path(path)
        path.write_text(format_bpe_file(self.pattern, self._ranks, self._special,
                                        self._merge_pairs()), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | PathLike) -> BPETokenizer:
        """Read a file written by `save`; a damaged file gives a ValueError naming the line."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"no tokenizer file at {path}")
        data = parse_bpe_file(path.read_text(encoding="utf-8"), str(path))
        return cls(data.ranks, data.pattern, data.special_tokens, data.pairs)

    # ---- encoding ---------------------------------------------------------------------

    def encode(self, text: str, *,
               allowed_special: Literal["all"] | Collection[str] = frozenset(),
               disallowed_special: Literal["all"] | Collection[str] = "all") -> list[int]:
        """Text -> token ids, with tiktoken's rules for special tokens.

        By default text that spells a special token ("<|endoftext|>") is an error, because
        user-typed text should not be able to inject one. `allowed_special="all"` (or a set
        of names) encodes them as their special ids; `disallowed_special=()` encodes them as
        ordinary text instead.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        allowed = self._resolve_specials(allowed_special, "allowed_special")
        if isinstance(disallowed_special, str) and disallowed_special == "all":
            disallowed = set(self._special) - allowed
        else:
            disallowed = self._resolve_specials(disallowed_special, "disallowed_special")
        if disallowed:
            found = special_regex(disallowed).search(text)
            if found:
                raise ValueError(
                    f"the text contains the special token {found.group()!r} at position "
                    f"{found.start()}; pass allowed_special={{{found.group()!r}}} (or 'all') "
                    f"to encode it as a special token, or disallowed_special=() to encode it "
                    f"as ordinary text")
        try:
            return self._encode(text, allowed)
        except UnicodeEncodeError:
            # Lone surrogates cannot be UTF-8: replace them with U+FFFD, as tiktoken does.
            text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            return self._encode(text, allowed)

    def encode_ordinary(self, text: str) -> list[int]:
        """Encode with no special-token handling at all: "<|endoftext|>" is plain text."""
        return self.encode(text, disallowed_special=())

    def _encode(self, text: str, allowed: set[str]) -> list[int]:
        if not allowed:
            out: list[int] = []
            self._encode_ordinary(text, out)
            return out
        pieces_regex = special_regex(allowed)
        out = []
        start = 0
        for match in pieces_regex.finditer(text):
            self._encode_ordinary(text[start:match.start()], out)
            out.append(self._special[match.group()])
            start = match.end()
        self._encode_ordinary(text[start:], out)
        return out

    def _encode_ordinary(self, text: str, out: list[int]) -> None:
        """Append the ids of `text` (no special tokens in it) to `out`."""
        chunks = find_chunks(self._regex, text)
        check_covered(text, chunks, self.pattern)
        cache = self._cache
        for chunk in chunks:
            ids = cache.get(chunk)
            if ids is None:
                ids = self._encode_chunk(chunk.encode("utf-8"))
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()  # simple bound on memory; refills with what is common
                cache[chunk] = ids
            out += ids

    def _encode_chunk(self, piece: bytes) -> list[int]:
        rank = self._ranks.get(piece)
        if rank is not None:
            return [rank]  # the whole chunk is a token (tiktoken's shortcut, same result)
        return [self._ranks[part] for part in bpe_merge(self._ranks, piece)]

    def _resolve_specials(self, names: object, argument: str) -> set[str]:
        if isinstance(names, str) and names == "all":
            return set(self._special)
        if isinstance(names, str) or not isinstance(names, Iterable):
            raise TypeError(f"{argument} must be 'all' or a collection of special-token "
                            f"strings such as {{{END_OF_TEXT!r}}}, got {names!r}")
        names = set(names)
        unknown = names - set(self._special)
        if unknown:
            raise ValueError(f"{argument} names {sorted(unknown)}, which are not special tokens "
                             f"of this tokenizer; its special tokens are {sorted(self._special)}")
        return names

    # ---- decoding ---------------------------------------------------------------------

    def decode_bytes(self, ids: Iterable[int]) -> bytes:
        """Token ids -> the exact bytes they stand for."""
        if isinstance(ids, (int, str, bytes)) or not isinstance(ids, Iterable):
            raise TypeError(f"ids must be a sequence of ints, got {type(ids).__name__}; "
                            f"for a single id use token_bytes(id)")
        if hasattr(ids, "tolist"):
            ids = ids.tolist()  # a torch tensor or numpy array: plain ints are much faster
        decoder = self._decoder
        parts = []
        for position, token in enumerate(ids):
            part = decoder.get(token) if type(token) is int else None
            if part is None:
                part = self.token_bytes(token, position)  # the slow path explains the error
            parts.append(part)
        return b"".join(parts)

    def decode(self, ids: Iterable[int]) -> str:
        """Token ids -> text. Bytes that are not valid UTF-8 (a character cut between two
        tokens, e.g. `decode(ids[:1])` of an emoji) become U+FFFD instead of raising."""
        return self.decode_bytes(ids).decode("utf-8", errors="replace")

    def token_bytes(self, token: int, position: int | None = None) -> bytes:
        """The bytes of one token id; ValueError naming the id if it is not in the vocabulary."""
        where = "" if position is None else f" at position {position}"
        if isinstance(token, bool):
            raise TypeError(f"token id{where} must be an int, got bool")
        try:
            token = operator.index(token)
        except TypeError:
            raise TypeError(f"token id{where} must be an int, got {type(token).__name__} "
                            f"({token!r})") from None
        part = self._decoder.get(token)
        if part is None:
            gap = (f" (id {token} is an unused gap in this table)"
                   if 0 <= token < self.vocab_size else "")
            raise ValueError(f"token id {token}{where} is not in the vocabulary: valid ids are "
                             f"0..{self.vocab_size - 1}{gap}")
        return part

    # ---- looking inside ---------------------------------------------------------------

    @property
    def vocab_size(self) -> int:
        """One more than the largest id: the number of rows an embedding table needs."""
        return self._vocab_size

    @property
    def vocab(self) -> dict[int, bytes]:
        """Every id -> its bytes (special tokens as their UTF-8 spelling), in id order."""
        return dict(sorted(self._decoder.items()))

    @property
    def special_tokens(self) -> dict[str, int]:
        """A copy of the special tokens: name -> id."""
        return dict(self._special)

    @property
    def ranks(self) -> dict[bytes, int]:
        """A copy of the table bytes -> id (tiktoken's `mergeable_ranks`)."""
        return dict(self._ranks)

    @property
    def merges(self) -> list[Merge]:
        """Every merge in the order it was learned (its id order)."""
        decoder = self._decoder
        return [Merge((a, b), new, decoder[a], decoder[b], self._counts.get(new))
                for new, (a, b) in sorted(self._merge_pairs().items())]

    def _merge_pairs(self) -> dict[int, tuple[int, int]]:
        """id -> (left, right) for every multi-byte token; recovered from ranks if not known.

        A token of rank r was made from the two parts that BPE with only ranks below r
        produces from its bytes (true for tables trained by BPE, GPT-2's included).
        """
        if self._pairs is None:
            pairs = {}
            for token, rank in sorted(self._ranks.items(), key=lambda item: item[1]):
                if len(token) < 2:
                    continue
                parts = bpe_merge(self._ranks, token, max_rank=rank)
                if len(parts) != 2:
                    raise ValueError(f"token {rank} ({token!r}) cannot be made by merging two "
                                     f"earlier tokens, so this table is not a BPE merge list")
                pairs[rank] = (self._ranks[parts[0]], self._ranks[parts[1]])
            self._pairs = pairs
        return self._pairs

    def __repr__(self) -> str:
        names = {v: k for k, v in PATTERNS.items()}
        pattern = names.get(self.pattern, "custom")
        return (f"BPETokenizer(vocab_size={self.vocab_size}, pattern={pattern!r}, "
                f"special_tokens={sorted(self._special)})")


def _verbose_progress(total: int):
    """A progress callback that prints the first merges, then about every tenth of the way."""
    every = max(1, total // 10)

    def show(step: int, pair: tuple[int, int], new_id: int, count: int, token: bytes) -> None:
        if step <= 5 or step % every == 0 or step == total:
            print(f"merge {step}/{total}: {pair[0]} + {pair[1]} -> {new_id} {token!r} "
                  f"(seen {count} times)")
    return show

