"""The text file a BPE tokenizer is saved in: readable, exact, and checked when read back.

    bpe-tokenizer 1
    pattern "'(?:[sdmt]|ll|ve|re)| ?\\\\p{L}++| ..."
    special 2047 "<|endoftext|>"
    tokens 2047
    0 00  # "\\u0000"
    ...
    32 20  # " "
    ...
    256 2074 = 32 + 116  # " t"

After the header, one line per token in id order: the id, the token's bytes in hex, and for a
merged token ` = left + right` (the ids it was made from). Text after `#` is a readable
rendering for people and is ignored when reading. Strings in the header are JSON.

Reading checks everything: the first line, the counts, every line's fields, that ids are
distinct, that all 256 single bytes are there, and that `left + right` spells the token's
bytes. A problem gives a ValueError that names the file and the line.

Not handled here: other tokenizer formats (tiktoken's `.tiktoken` files, Hugging Face's
`tokenizer.json`); convert through `BPETokenizer.from_tiktoken` instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

MAGIC = "bpe-tokenizer 1"


@dataclass
class BPEFileData:
    """What a tokenizer file holds; `BPETokenizer(...)` checks the rest when built from it."""

    pattern: str
    special_tokens: dict[str, int]
    ranks: dict[bytes, int]
    pairs: dict[int, tuple[int, int]]


def format_bpe_file(pattern: str, ranks: dict[bytes, int], special_tokens: dict[str, int],
                    pairs: dict[int, tuple[int, int]]) -> str:
    """The file's text for this tokenizer (see the module docstring for the layout)."""
    lines = [MAGIC, f"pattern {json.dumps(pattern)}"]
    lines += [f"special {i} {json.dumps(s)}" for s, i in sorted(special_tokens.items(),
                                                              key=lambda item: item[1])]
    lines.append(f"tokens {len(ranks)}")
    for token, rank in sorted(ranks.items(), key=lambda item: item[1]):
        merge = f" = {pairs[rank][0]} + {pairs[rank][1]}" if rank in pairs else ""
        readable = json.dumps(token.decode("utf-8", errors="replace"), ensure_ascii=False)
        lines.append(f"{rank} {token.hex()}{merge}  # {readable}")
    return "\n".join(lines) + "\n"


def parse_bpe_file(text: str, source: str = "<text>") -> BPEFileData:
    """Read the text of a tokenizer file; ValueError naming `source` and the line if damaged."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()

    def fail(number: int, why: str) -> ValueError:
        return ValueError(f"{source}, line {number}: {why}")

    if not lines or lines[0] != MAGIC:
        first = lines[0][:40] if lines else ""
        raise ValueError(f"{source} is not a BPE tokenizer file saved by BPETokenizer.save: "
                         f"its first line is {first!r}, expected {MAGIC!r}")
    number = 2
    pattern = _json_string(_field(lines, number, "pattern", fail), number, fail)

    special: dict[str, int] = {}
    number = 3
    while number <= len(lines) and lines[number - 1].startswith("special "):
        id_text, _, name_text = lines[number - 1][len("special "):].partition(" ")
        name = _json_string(name_text, number, fail)
        if name in special:
            raise fail(number, f"special token {name!r} is listed twice")
        special[name] = _int(id_text, number, fail)
        number += 1

    count = _int(_field(lines, number, "tokens", fail), number, fail)
    first_token_line = number + 1
    if len(lines) - number < count:
        raise ValueError(f"{source}: the header promises {count} tokens but the file ends after "
                         f"{len(lines) - number} (is it truncated?)")
    if len(lines) - number > count:
        raise fail(first_token_line + count, f"more lines than the {count} tokens promised")

    ranks: dict[bytes, int] = {}
    pairs: dict[int, tuple[int, int]] = {}
    by_id: dict[int, bytes] = {}
    for number in range(first_token_line, first_token_line + count):
        fields = lines[number - 1].split("#", 1)[0].split()
        if len(fields) not in (2, 6) or (len(fields) == 6 and fields[2:6:2] != ["=", "+"]):
            raise fail(number, f"expected 'id hex' or 'id hex = left + right', got "
                               f"{lines[number - 1][:60]!r}")
        rank = _int(fields[0], number, fail)
        try:
            token = bytes.fromhex(fields[1])
        except ValueError:
            raise fail(number, f"{fields[1][:40]!r} is not hex bytes") from None
        if rank in by_id:
            raise fail(number, f"id {rank} appears twice")
        if token in ranks:
            raise fail(number, f"token {token!r} appears twice (ids {ranks[token]} and {rank})")
        if len(fields) == 6:
            left, right = _int(fields[3], number, fail), _int(fields[5], number, fail)
            if left not in by_id or right not in by_id or by_id[left] + by_id[right] != token:
                raise fail(number, f"{left} + {right} does not spell token {rank} ({token!r})")
            pairs[rank] = (left, right)
        ranks[token] = rank
        by_id[rank] = token
    return BPEFileData(pattern, special, ranks, pairs)


def _field(lines: list[str], number: int, key: str, fail) -> str:
    if number > len(lines) or not lines[number - 1].startswith(key + " "):
        got = lines[number - 1][:40] if number <= len(lines) else "the end of the file"
        raise fail(number, f"expected a line starting with {key!r}, got {got!r}")
    return lines[number - 1][len(key) + 1:]


def _int(text: str, number: int, fail) -> int:
    if not text.isdigit() or not text.isascii():
        raise fail(number, f"expected a non-negative integer, got {text[:40]!r}")
    return int(text)


def _json_string(text: str, number: int, fail) -> str:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise fail(number, f"expected a JSON string, got {text[:40]!r} ({err.msg})") from None
    if not isinstance(value, str):
        raise fail(number, f"expected a JSON string, got {text[:40]!r}")
    return value
