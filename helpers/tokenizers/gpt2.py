"""GPT-2's real tokenizer, through tiktoken, with a clear message when its files are missing.

    enc = gpt2_tokenizer()          # a tiktoken.Encoding: enc.encode("Hello"), enc.decode(...)
    if gpt2_available(): ...        # for notebooks that show GPT-2 only when they can

tiktoken downloads GPT-2's two files (`vocab.bpe`, `encoder.json`) the first time and keeps
them in a cache folder: `$TIKTOKEN_CACHE_DIR` if set, else `$DATA_GYM_CACHE_DIR`, else
`<temp dir>/data-gym-cache`; a file's name there is the sha1 of its URL, and tiktoken checks
its sha256. Offline and without those files, `gpt2_tokenizer()` raises
`GPT2TokenizerUnavailable` at once (it checks the cache and whether the download host can be
reached in a few seconds, instead of leaving tiktoken to fail with a long traceback).

Not handled here: other OpenAI encodings (use `tiktoken.get_encoding` directly) and proxies
(tiktoken's download uses `requests`, which reads the usual HTTPS_PROXY variables).
"""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import tiktoken

# The files tiktoken's "gpt2" encoding reads (tiktoken_ext/openai_public.py, tiktoken 0.14).
GPT2_FILE_URLS = (
    "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/vocab.bpe",
    "https://openaipublic.blob.core.windows.net/gpt-2/encodings/main/encoder.json",
)
_CONNECT_TIMEOUT_S = 5.0


class GPT2TokenizerUnavailable(RuntimeError):
    """GPT-2's tokenizer files are neither cached nor downloadable right now."""


def tiktoken_cache_dir() -> Path | None:
    """The folder tiktoken reads cached files from (None if caching is switched off)."""
    for variable in ("TIKTOKEN_CACHE_DIR", "DATA_GYM_CACHE_DIR"):
        if variable in os.environ:
            return Path(os.environ[variable]) if os.environ[variable] else None
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def gpt2_files_cached() -> bool:
    """True when both of GPT-2's files are in tiktoken's cache folder (hashes not checked)."""
    folder = tiktoken_cache_dir()
    return folder is not None and all(
        (folder / hashlib.sha1(url.encode()).hexdigest()).is_file() for url in GPT2_FILE_URLS)


def gpt2_tokenizer() -> tiktoken.Encoding:
    """tiktoken's `gpt2` encoding (50,257 tokens; id 50256 is `<|endoftext|>`).

    Raises GPT2TokenizerUnavailable (a RuntimeError) with what to do when the files are not
    cached and cannot be downloaded.
    """
    if not gpt2_files_cached():
        host = urlparse(GPT2_FILE_URLS[0]).hostname
        try:
            socket.create_connection((host, 443), timeout=_CONNECT_TIMEOUT_S).close()
        except OSError as err:
            raise _unavailable(f"they are not cached and {host} cannot be reached "
                               f"({err})") from None  # the message says it all: no traceback
    try:
        return tiktoken.get_encoding("gpt2")
    except (OSError, ValueError) as err:  # requests' errors are OSErrors; ValueError: bad hash
        raise _unavailable(f"tiktoken could not load them: {type(err).__name__}: {err}") from None


def gpt2_available() -> bool:
    """True if `gpt2_tokenizer()` works here (downloading the files once if online)."""
    try:
        gpt2_tokenizer()
    except GPT2TokenizerUnavailable:
        return False
    return True


def _unavailable(why: str) -> GPT2TokenizerUnavailable:
    folder = tiktoken_cache_dir()
    return GPT2TokenizerUnavailable(
        f"GPT-2's tokenizer files are not available: {why}. Either connect to the internet "
        f"once (tiktoken then caches them in {folder}), or set the environment variable "
        f"TIKTOKEN_CACHE_DIR to a folder that holds them, named by the sha1 of their URLs: "
        + ", ".join(f"{hashlib.sha1(u.encode()).hexdigest()} for {u}" for u in GPT2_FILE_URLS))
