"""Tests for helpers.tokenizers.gpt2 and for our BPE encoder loaded with GPT-2's merges.

GPT-2's files come from tiktoken's cache (tests/conftest.py points TIKTOKEN_CACHE_DIR at
../shared/tiktoken-cache when it exists). Where they are unavailable, the tests that need
them skip with the reason; the offline error path is tested with the network cut off.
"""

from __future__ import annotations

import socket
import time

import pytest
import tiktoken
import tiktoken.registry
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.corpus import generate_corpus
from helpers.tokenizers import (
    END_OF_TEXT,
    BPETokenizer,
    GPT2TokenizerUnavailable,
    gpt2_available,
    gpt2_tokenizer,
)

needs_gpt2 = pytest.mark.skipif(
    not gpt2_available(),
    reason="GPT-2's tokenizer files are not cached here and cannot be downloaded "
           "(set TIKTOKEN_CACHE_DIR to a folder holding them)")

# The sentence and ids measured with tiktoken's gpt2 encoding (TESTING.md, "Offline pieces").
SENTENCE = ("Hello, do you like tea? <|endoftext|> In the sunlit terraces of "
            "someunknownPlace.")
SENTENCE_IDS = [15496, 11, 466, 345, 588, 8887, 30, 220, 50256, 554, 262, 4252, 18250, 8812,
                2114, 286, 617, 34680, 27271, 13]


@pytest.fixture(scope="module")
def gpt2_pair() -> tuple[BPETokenizer, tiktoken.Encoding]:
    if not gpt2_available():
        pytest.skip("GPT-2's tokenizer files are not available")
    enc = gpt2_tokenizer()
    return BPETokenizer.from_tiktoken(enc), enc


@needs_gpt2
def test_gpt2_tokenizer_is_tiktokens_gpt2():
    enc = gpt2_tokenizer()
    assert isinstance(enc, tiktoken.Encoding) and enc.name == "gpt2"
    assert enc.n_vocab == 50257 and enc.eot_token == 50256


@needs_gpt2
@pytest.mark.parametrize("make", ["tiktoken", "ours"])
def test_the_sentence_from_testing_md(gpt2_pair, make):
    tok = gpt2_pair[1] if make == "tiktoken" else gpt2_pair[0]
    assert tok.encode(SENTENCE, allowed_special="all") == SENTENCE_IDS
    assert tok.decode(SENTENCE_IDS) == SENTENCE


@needs_gpt2
def test_our_encoder_with_gpt2s_merges_equals_tiktoken_on_the_corpus(gpt2_pair):
    ours, enc = gpt2_pair
    text = generate_corpus(target_chars=200_000, seed=0).text
    assert ours.encode(text, allowed_special="all") == enc.encode(text, allowed_special="all")


@needs_gpt2
@pytest.mark.parametrize("text", [
    "", "Hello world", "I'll say 'hello' 12345678 times.\r\n\n",
    "naïve café — 猫は可愛い 😀🎉", "    indented code():\n\treturn x  ",
    "https://example.com/a?b=c&d=e", "\ud83d lone surrogate",
])
def test_our_encoder_with_gpt2s_merges_equals_tiktoken_on_samples(gpt2_pair, text):
    ours, enc = gpt2_pair
    assert ours.encode(text) == enc.encode(text)
    assert ours.decode(enc.encode(text)) == enc.decode(enc.encode(text))


@needs_gpt2
@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
       | st.lists(st.sampled_from(list(" \n\r\t'sSlL1234ab猫😀.,") + [END_OF_TEXT]),
                  max_size=30).map("".join))
def test_our_encoder_with_gpt2s_merges_equals_tiktoken_on_any_text(gpt2_pair, text):
    ours, enc = gpt2_pair
    ids = ours.encode(text, allowed_special="all")
    assert ids == enc.encode(text, allowed_special="all")
    assert ours.decode(ids) == text


@needs_gpt2
def test_gpt2s_merges_are_recovered_from_its_ranks(gpt2_pair):
    ours, _ = gpt2_pair
    merges = ours.merges
    assert len(merges) == 50000  # GPT-2's vocab.bpe has 50,000 merges
    assert merges[0].token == b" t" and merges[0].id == 256
    vocab = ours.vocab
    assert all(vocab[m.pair[0]] + vocab[m.pair[1]] == vocab[m.id] for m in merges)
    assert all(max(m.pair) < m.id for m in merges)


@needs_gpt2
def test_gpt2_save_and_load_round_trip(gpt2_pair, tmp_path):
    ours, enc = gpt2_pair
    loaded = BPETokenizer.load(ours.save(tmp_path / "gpt2.bpe"))
    assert loaded.ranks == ours.ranks and loaded.special_tokens == {END_OF_TEXT: 50256}
    assert loaded.encode(SENTENCE, allowed_special="all") == SENTENCE_IDS


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """No cached files, nothing loaded yet, and every connection attempt fails."""
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})

    def no_network(*args, **kwargs):
        raise OSError("Network is unreachable (test)")

    monkeypatch.setattr(socket, "create_connection", no_network)


def test_offline_without_files_gives_a_clear_error_fast(offline, tmp_path):
    start = time.perf_counter()
    with pytest.raises(GPT2TokenizerUnavailable) as info:
        gpt2_tokenizer()
    assert time.perf_counter() - start < 5
    message = str(info.value)
    assert "TIKTOKEN_CACHE_DIR" in message and "connect to the internet" in message
    assert "6d1cbeee0f20b3d9449abfede4726ed8212e3aee" in message  # vocab.bpe's cache name
    assert isinstance(info.value, RuntimeError)
    assert gpt2_available() is False


def test_a_failing_download_is_wrapped(monkeypatch, tmp_path):
    """The host answers but tiktoken's download fails: still our error, not a traceback."""
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))

    class Reachable:
        def close(self) -> None:
            pass

    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: Reachable())

    def failing_download(name):
        raise ConnectionError(f"download of {name} failed (test)")

    monkeypatch.setattr(tiktoken, "get_encoding", failing_download)
    with pytest.raises(GPT2TokenizerUnavailable, match="ConnectionError: download of gpt2"):
        gpt2_tokenizer()
