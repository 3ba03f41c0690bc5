"""The course's text: generated children's stories by default, real text on request.

    generate_corpus(target_chars, seed)  stories from a probabilistic grammar, with their
                                         exact entropy and back-reference offsets
    split_stories(stories, ...)          train/validation split by story
    load_text(name, cache_dir=None)      "tiny-shakespeare" or "the-verdict", from a cache
                                         or downloaded and checked by sha256

Only the standard library is used, and nothing else from `helpers` (this comes before the
tokenizer chapter). Not handled here: tokenizing (chapter 2) and batching (chapter 3).
"""

from .generated import (
    END_OF_TEXT,
    STORY_SEPARATOR,
    BackReference,
    Corpus,
    count_overlap,
    generate_corpus,
    split_stories,
)
from .grammar import DEFAULT_GRAMMAR, Grammar
from .real_text import KNOWN_TEXTS, ChecksumError, TextNotAvailableError, cache_dir_path, load_text

__all__ = [
    "END_OF_TEXT",
    "STORY_SEPARATOR",
    "BackReference",
    "Corpus",
    "count_overlap",
    "generate_corpus",
    "split_stories",
    "DEFAULT_GRAMMAR",
    "Grammar",
    "KNOWN_TEXTS",
    "ChecksumError",
    "TextNotAvailableError",
    "cache_dir_path",
    "load_text",
]
