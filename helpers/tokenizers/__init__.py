"""Chapter 2: tokenizers, from words to byte-level BPE to GPT-2's own.

    WordTokenizer    one id per distinct word or punctuation mark (`word`)
    BPETokenizer     byte-level BPE: train, encode, decode, save/load, tiktoken in and out (`bpe`)
    gpt2_tokenizer   GPT-2's real tokenizer as a tiktoken.Encoding (`gpt2`)
    split_chunks     the regex pre-split BPE runs on, GPT-2's or GPT-4's pattern (`patterns`)

Not handled here: SentencePiece/WordPiece tokenizers and Hugging Face's tokenizer files.
"""

from .bpe import END_OF_TEXT, BPETokenizer, Merge, bpe_merge
from .gpt2 import GPT2TokenizerUnavailable, gpt2_available, gpt2_tokenizer
from .patterns import GPT2_PATTERN, GPT4_PATTERN, PATTERNS, split_chunks
from .word import WordTokenizer

__all__ = [
    "BPETokenizer",
    "END_OF_TEXT",
    "GPT2TokenizerUnavailable",
    "GPT2_PATTERN",
    "GPT4_PATTERN",
    "Merge",
    "PATTERNS",
    "WordTokenizer",
    "bpe_merge",
    "gpt2_available",
    "gpt2_tokenizer",
    "split_chunks",
]
