"""Pre-splitting text into chunks before byte-pair encoding, the way GPT-2 and GPT-4 do.

BPE never merges across chunk boundaries, so the split pattern decides what a token can be:
with GPT-2's pattern, " dog" can become one token but "dog." cannot, because the full stop
is always its own chunk. Two patterns are built in:

    "gpt2"  GPT-2's pattern: contractions ('s 't 're 've 'm 'll 'd), an optional space plus a
            run of letters, of digits, or of other symbols, then whitespace.
    "gpt4"  GPT-4's pattern (tiktoken's `cl100k_base`): contractions in any case, numbers
            cut into groups of at most three digits, and newlines kept with punctuation.

Any other string is used as a regular expression of your own. Patterns are compiled with the
`regex` package (installed with tiktoken), which understands `\\p{L}` (any letter) and
possessive quantifiers (`++`), as tiktoken's Rust engine does; Python's `re` does not.

Not handled here: splitting on special tokens (that is the tokenizer's job, before the
pattern runs), and patterns that skip characters: `split_chunks` raises a ValueError
instead of silently dropping text that no alternative of the pattern matches.
"""

from __future__ import annotations

from functools import lru_cache

import regex

# The two patterns as tiktoken 0.14 writes them (`r50k_base`/`gpt2` and `cl100k_base`).
GPT2_PATTERN = (
    r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
)
GPT4_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+"""
    r"""|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
)
PATTERNS: dict[str, str] = {"gpt2": GPT2_PATTERN, "gpt4": GPT4_PATTERN}


def resolve_pattern(pattern: str) -> str:
    """The regular expression for `pattern`: a built-in name ("gpt2", "gpt4") or a regex.

    Raises TypeError for a non-string and ValueError for an empty or invalid regex.
    """
    if not isinstance(pattern, str):
        raise TypeError(f"pattern must be a string (a name in {sorted(PATTERNS)} or a regular "
                        f"expression), got {type(pattern).__name__}")
    if pattern in PATTERNS:
        return PATTERNS[pattern]
    if not pattern:
        raise ValueError(f"pattern is empty; expected one of {sorted(PATTERNS)} or a regular "
                         f"expression")
    compile_pattern(pattern)  # raises ValueError for a bad regex
    return pattern


@lru_cache(maxsize=32)
def compile_pattern(pattern: str) -> regex.Pattern:
    """Compile a (resolved) pattern once; a bad regex becomes a ValueError that says why."""
    try:
        compiled = regex.compile(pattern)
    except regex.error as err:
        raise ValueError(f"pattern {pattern!r} is not a valid regular expression: {err}") from None
    return compiled


def find_chunks(compiled: regex.Pattern, text: str) -> list[str]:
    """Every match of `compiled` in `text`, in order (whole matches, even with groups)."""
    if compiled.groups == 0:
        return compiled.findall(text)  # fastest path: findall returns whole matches
    return [match.group() for match in compiled.finditer(text)]


def split_chunks(text: str, pattern: str = "gpt2") -> list[str]:
    """Split `text` into the chunks BPE works on; joining them gives `text` back.

    >>> split_chunks("Hello world, it's 2024!")
    ['Hello', ' world', ',', ' it', "'s", ' 2024', '!']

    Raises ValueError if the pattern leaves some characters out of every chunk (a custom
    pattern such as r"\\w+" drops spaces): those characters could never be encoded.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    chunks = find_chunks(compile_pattern(resolve_pattern(pattern)), text)
    check_covered(text, chunks, pattern)
    return [c for c in chunks if c]


def check_covered(text: str, chunks: list[str], pattern: str) -> None:
    """Raise ValueError naming the first character that no chunk covers (cheap when all are)."""
    if sum(map(len, chunks)) == len(text):
        return  # findall returns non-overlapping matches in order: same length means all
    position = 0
    for chunk in chunks:
        found = text.find(chunk, position) if chunk else position
        if found != position:
            break
        position += len(chunk)
    raise ValueError(f"the split pattern {pattern!r} matches none of the text at position "
                     f"{position} ({text[position:position + 10]!r}...); a pattern must cover "
                     f"every character, or that text could never be encoded")
