"""LLMs from Scratch: the clean reference version of what the chapter notebooks build.

One module per concept, in the order of the course; a module imports only modules of
earlier chapters, so the import graph is the syllabus:

    activations   ch. 1  ReLU, sigmoid, tanh, GELU, softmax, log-softmax, cross-entropy
    corpus        text   the generated story corpus (default) and real text on request
    tokenizers    ch. 2  word-level tokenizer, byte-level BPE (split patterns, training,
                         encoding, the merge-table file), GPT-2's tokenizer
    data          ch. 3  sliding-window dataset and dataloader
    embeddings    ch. 3  token + position embeddings, sinusoidal encoding

Widgets live in `helpers.widgets` and exercise checks in `helpers.checks`, one module per
chapter in each, kept apart from the maths.
"""

from helpers.activations import (
    cross_entropy,
    entropy_bits,
    gelu,
    log_softmax,
    relu,
    sigmoid,
    softmax,
    tanh,
)
from helpers.corpus import generate_corpus, load_text, split_stories
from helpers.data import SlidingWindowDataset, count_windows, create_dataloader
from helpers.embeddings import InputEmbedding, sinusoidal_encoding
from helpers.tokenizers import BPETokenizer, WordTokenizer, gpt2_tokenizer

__all__ = [
    # ch. 1
    "relu", "sigmoid", "tanh", "gelu", "softmax", "log_softmax", "cross_entropy", "entropy_bits",
    # the course's text
    "generate_corpus", "split_stories", "load_text",
    # ch. 2
    "WordTokenizer", "BPETokenizer", "gpt2_tokenizer",
    # ch. 3
    "SlidingWindowDataset", "count_windows", "create_dataloader", "InputEmbedding",
    "sinusoidal_encoding",
]
