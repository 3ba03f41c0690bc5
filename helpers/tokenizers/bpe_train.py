"""Learning byte-pair merges from text: the training half of byte-level BPE.

Start from the 256 single bytes; repeatedly find the pair of adjacent tokens that occurs most
often in the training chunks and give it a new id. Two things make this fast enough for a
megabyte of text in Python:

1. Chunks are counted once. The text is pre-split into chunks (" the", " cat", ","); BPE
   never merges across chunks, so each *distinct* chunk is stored once with its frequency,
   and a pair's count is the sum of (occurrences in a chunk) x (that chunk's frequency).
2. Counts are updated, not recounted. After a merge only the chunks that contained the pair
   change. An index `pair -> ids of chunks that contain it` finds them; their old pairs are
   subtracted and their new pairs added. A heap keyed on count finds the best pair; entries
   whose count has since changed are skipped when popped ("lazy deletion").

Tie-breaking (deterministic, whatever the order of the text or of Python's dicts): the pair
with the highest count wins; among equal counts the pair with the smallest (left id, right
id) wins. For example, if (b"h", b"e") = (104, 101) and (b" ", b"t") = (32, 116) are both seen
12 times, (32, 116) is merged first.

If a merged pair spells bytes that are already a token (possible: "a"+"bc" after "ab"+"c"),
the pair is replaced by that existing token and no new id is made, because a tiktoken table
maps each byte string to exactly one id.

Not handled here: special tokens (the caller removes them before counting chunks) and
streaming text that does not fit in memory.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

Pair = tuple[int, int]


@dataclass
class TrainedMerges:
    """What training learned.

    ranks:  every token's bytes -> its id; ids 0..255 are the single bytes, merges follow.
    pairs:  new id -> the (left id, right id) pair that was merged to make it, in order.
    counts: new id -> how often that pair occurred in the training chunks when merged.
    """

    ranks: dict[bytes, int]
    pairs: dict[int, Pair] = field(default_factory=dict)
    counts: dict[int, int] = field(default_factory=dict)


def count_pairs(words: list[list[int]], freqs: list[int]) -> tuple[dict[Pair, int],
                                                                   dict[Pair, set[int]]]:
    """Count every adjacent pair over all chunks, weighted by chunk frequency.

    Returns (pair -> count, pair -> set of indices of the chunks that contain it).
    """
    counts: dict[Pair, int] = defaultdict(int)
    where: dict[Pair, set[int]] = defaultdict(set)
    for index, (ids, freq) in enumerate(zip(words, freqs)):
        for pair in zip(ids, ids[1:]):
            counts[pair] += freq
            where[pair].add(index)
    return counts, where


def merge_pair(ids: list[int], pair: Pair, new_id: int) -> list[int]:
    """Replace every non-overlapping occurrence of `pair` in `ids`, left to right.

    >>> merge_pair([1, 2, 3, 1, 2], (1, 2), 9)
    [9, 3, 9]
    """
    left, right = pair
    out: list[int] = []
    i, n = 0, len(ids)
    while i < n:
        if i + 1 < n and ids[i] == left and ids[i + 1] == right:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


Progress = Callable[[int, Pair, int, int, bytes], None]


def learn_merges(chunk_counts: dict[str, int], num_merges: int,
                 progress: Progress | None = None) -> TrainedMerges:
    """Learn up to `num_merges` merges from `chunk_counts` (distinct chunk -> frequency).

    Stops early when no pair occurs any more (every chunk is a single token); the caller
    compares `len(result.pairs)` with what it asked for. If given, `progress(step, pair,
    new_id, count, token_bytes)` is called after each merge.
    """
    token_bytes: list[bytes] = [bytes([b]) for b in range(256)]
    result = TrainedMerges(ranks={tb: i for i, tb in enumerate(token_bytes)})

    # Chunks of one byte have no pairs and can never change: leave them out.
    words: list[list[int]] = []
    freqs: list[int] = []
    for chunk in sorted(chunk_counts):  # sorted: the same chunk ids on every run
        encoded = chunk.encode("utf-8")
        if len(encoded) > 1:
            words.append(list(encoded))
            freqs.append(chunk_counts[chunk])

    counts, where = count_pairs(words, freqs)
    # Heap of (-count, left, right): the smallest tuple is the highest count, then the
    # smallest pair, which is exactly the tie-breaking rule above.
    heap = [(-c, a, b) for (a, b), c in counts.items()]
    heapq.heapify(heap)

    step = 0
    while step < num_merges:
        pair = _pop_best(heap, counts)
        if pair is None:
            break  # nothing left to merge
        count = counts[pair]
        merged = token_bytes[pair[0]] + token_bytes[pair[1]]
        new_id = result.ranks.get(merged)
        if new_id is None:
            new_id = len(token_bytes)
            token_bytes.append(merged)
            result.ranks[merged] = new_id
            result.pairs[new_id] = pair
            result.counts[new_id] = count
            step += 1
            if progress is not None:
                progress(step, pair, new_id, count, merged)
        _apply_merge(pair, new_id, words, freqs, counts, where, heap)
    return result


def _pop_best(heap: list[tuple[int, int, int]], counts: dict[Pair, int]) -> Pair | None:
    """Pop the best pair whose heap entry is still current; None when the heap runs dry."""
    while heap:
        negative_count, left, right = heapq.heappop(heap)
        pair = (left, right)
        if counts.get(pair, 0) == -negative_count > 0:
            return pair
    return None


def _apply_merge(pair: Pair, new_id: int, words: list[list[int]], freqs: list[int],
                 counts: dict[Pair, int], where: dict[Pair, set[int]],
                 heap: list[tuple[int, int, int]]) -> None:
    """Merge `pair` in every chunk that holds it and update the counts, index and heap."""
    changed: set[Pair] = set()
    for index in where.pop(pair, ()):
        ids = words[index]
        new_ids = merge_pair(ids, pair, new_id)
        if len(new_ids) == len(ids):
            continue  # stale index entry: this chunk no longer contains the pair
        freq = freqs[index]
        for old in zip(ids, ids[1:]):
            counts[old] -= freq
            changed.add(old)
        for new in zip(new_ids, new_ids[1:]):
            counts[new] += freq
            where[new].add(index)
            changed.add(new)
        words[index] = new_ids
    _push_changed(changed, counts, where, heap)


def _push_changed(changed: Iterable[Pair], counts: dict[Pair, int],
                  where: dict[Pair, set[int]], heap: list[tuple[int, int, int]]) -> None:
    """Push the new count of every changed pair; forget pairs that no longer occur."""
    for p in changed:
        c = counts[p]
        if c > 0:
            heapq.heappush(heap, (-c, p[0], p[1]))
        else:
            del counts[p]
            where.pop(p, None)
