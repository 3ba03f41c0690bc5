"""A word-level tokenizer: split text into words and punctuation, one id per distinct piece.

This is the simplest tokenizer that works, and chapter 2 uses it to show why real models do
not use it: its vocabulary is fixed by the text it was built from, so a word it never saw
has no id. With `<|unk|>` in the vocabulary such a word becomes `<|unk|>` (and is lost when
decoding); without it, `encode` raises a ValueError that names the word.

    tok = WordTokenizer.from_text("The cat sat. The dog sat.")
    tok.tokenize("The cat sat.")   # ['The', 'cat', 'sat', '.']
    tok.encode("The cat sat.")     # [1, 2, 4, 0]
    tok.decode([1, 2, 4, 0])       # 'The cat sat.'

What it does not handle: whitespace and letter case are not kept (`decode` rebuilds the
spacing with simple rules, so newlines and double spaces come back as single spaces), there
is no notion of sub-words, and special tokens other than the ones in its vocabulary are not
recognised (`<|endoftext|>` in the text is only special if it is in the vocabulary).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

UNK = "<|unk|>"
END_OF_TEXT = "<|endoftext|>"

# One token is, in order of preference: a special token such as <|endoftext|>; a word, which
# may contain apostrophes or hyphens between letters ("don't", "well-known"); or any single
# character that is neither a letter/digit nor whitespace (punctuation, symbols).
WORD_PATTERN = re.compile(r"<\|\w+\|>|\w+(?:['’-]\w+)*|[^\w\s]")

# Punctuation that sticks to the word before it ("end." not "end .") ...
_CLOSERS = frozenset(".,:;!?)]}…%")
# ... and punctuation that sticks to the word after it ("(yes" not "( yes").
_OPENERS = frozenset("([{")


def split_words(text: str) -> list[str]:
    """Split `text` into words, punctuation marks and special tokens (whitespace dropped).

    >>> split_words("Hello, world! Don't panic.")
    ['Hello', ',', 'world', '!', "Don't", 'panic', '.']
    """
    if not isinstance(text, str):
        raise TypeError(f"expected text as a str, got {type(text).__name__}")
    return WORD_PATTERN.findall(text)


def join_words(tokens: Sequence[str]) -> str:
    """Join tokens back into text with the spacing a reader expects.

    Words are separated by one space; closing punctuation (`. , ! ? ) ;` …) sticks to the
    token before it, opening brackets to the token after, and straight double quotes
    alternate between opening (stick to the next token) and closing (stick to the previous).
    Splitting the result with `split_words` gives `tokens` back.
    """
    parts: list[str] = []
    glue_next = True  # no space before the very first token
    quote_open = False
    for token in tokens:
        if token == '"':
            glue_before, glue_after = quote_open, not quote_open
            quote_open = not quote_open
        elif token in _CLOSERS:
            glue_before, glue_after = True, False
        elif token in _OPENERS:
            glue_before, glue_after = False, True
        else:
            glue_before, glue_after = False, False
        if parts and not (glue_before or glue_next):
            parts.append(" ")
        parts.append(token)
        glue_next = glue_after
    return "".join(parts)


class WordTokenizer:
    """Maps each word or punctuation mark of a fixed vocabulary to an id, and back.

    Attributes:
        str_to_id: token string -> id, ids 0 .. vocab_size - 1.
        id_to_str: the inverse, as a list indexed by id.
        unk_id: the id of `<|unk|>`, or None if the vocabulary has no `<|unk|>`.
    """

    def __init__(self, vocab: Iterable[str]) -> None:
        """Build a tokenizer from a list of distinct tokens; the i-th token gets id i."""
        tokens = list(vocab)
        if not tokens:
            raise ValueError("the vocabulary is empty: expected at least one token")
        bad = [t for t in tokens if not isinstance(t, str) or not t]
        if bad:
            raise TypeError(f"vocabulary entries must be non-empty str, got {bad[0]!r}")
        repeated = [t for t, n in Counter(tokens).items() if n > 1]
        if repeated:
            raise ValueError(f"the vocabulary lists {repeated[0]!r} more than once")
        self.id_to_str: list[str] = tokens
        self.str_to_id: dict[str, int] = {t: i for i, t in enumerate(tokens)}
        self.unk_id: int | None = self.str_to_id.get(UNK)

    @classmethod
    def from_text(cls, text: str, special_tokens: Sequence[str] = (END_OF_TEXT, UNK),
                  min_count: int = 1) -> WordTokenizer:
        """Build the vocabulary from `text`: every distinct token seen at least `min_count`
        times, sorted, followed by `special_tokens` (pass `()` for none, so that an unknown
        word is an error instead of `<|unk|>`)."""
        tokens = split_words(text)
        if not tokens:
            raise ValueError("cannot build a vocabulary from text with no words in it "
                             f"(got {text[:40]!r})")
        if not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"min_count must be a positive int, got {min_count!r}")
        counts = Counter(t for t in tokens if t not in special_tokens)
        words = sorted(t for t, n in counts.items() if n >= min_count)
        return cls([*words, *special_tokens])

    @property
    def vocab_size(self) -> int:
        """Number of distinct ids (words, punctuation and special tokens)."""
        return len(self.id_to_str)

    def tokenize(self, text: str) -> list[str]:
        """The pieces `encode` gives ids to, with unknown words already replaced by
        `<|unk|>` (or a ValueError naming the first unknown word if there is no `<|unk|>`)."""
        return [self.id_to_str[i] for i in self.encode(text)]

    def encode(self, text: str) -> list[int]:
        """Text -> list of ids (whitespace is dropped; see `decode` for how it comes back)."""
        ids = []
        for token in split_words(text):
            token_id = self.str_to_id.get(token, self.unk_id)
            if token_id is None:
                raise ValueError(
                    f"{token!r} is not in the vocabulary ({self.vocab_size} tokens), and the "
                    f"vocabulary has no {UNK} token to stand in for unknown words")
            ids.append(token_id)
        return ids

    def decode(self, ids: Sequence[int]) -> str:
        """List of ids -> text, with the spacing rules of `join_words`."""
        if hasattr(ids, "tolist"):  # a tensor or numpy array of ids
            ids = ids.tolist()
        tokens = []
        for position, token_id in enumerate(ids):
            if not isinstance(token_id, int) or isinstance(token_id, bool):
                raise TypeError(f"ids must be ints, got {token_id!r} at position {position}")
            if not 0 <= token_id < self.vocab_size:
                raise ValueError(f"id {token_id} at position {position} is outside the "
                                 f"vocabulary (ids 0 .. {self.vocab_size - 1})")
            tokens.append(self.id_to_str[token_id])
        return join_words(tokens)

    def __repr__(self) -> str:
        unk = "with" if self.unk_id is not None else "without"
        return f"WordTokenizer(vocab_size={self.vocab_size}, {unk} {UNK})"
