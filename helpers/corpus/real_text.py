"""Real public-domain text on request: Tiny Shakespeare and "The Verdict".

`load_text(name)` looks for the file in the cache directory; if it is not there it downloads
it with the standard library, checks its sha256, and only then moves it into the cache
(download to a temporary file, verify, rename: a half-written or corrupted file is never
left where it would be used). Offline and not cached, it raises `TextNotAvailableError`
saying which file to put where.

Cache directory, first that applies:
    the `cache_dir` argument
    $LLMS_FROM_SCRATCH_CACHE
    $XDG_CACHE_HOME/llms-from-scratch
    ~/.cache/llms-from-scratch

Not handled: proxies beyond what `urllib` picks up from the environment, resuming a
partial download, and texts other than the ones in `KNOWN_TEXTS`.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CACHE_ENV = "LLMS_FROM_SCRATCH_CACHE"


@dataclass(frozen=True)
class RemoteText:
    """Where a text lives, what it is called in the cache, and what it must hash to."""

    filename: str
    url: str
    sha256: str
    size: int  # bytes


KNOWN_TEXTS: dict[str, RemoteText] = {
    "tiny-shakespeare": RemoteText(
        "tinyshakespeare.txt",
        "https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt",
        "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
        1_115_394,
    ),
    "the-verdict": RemoteText(
        "the-verdict.txt",
        "https://raw.githubusercontent.com/rasbt/LLMs-from-scratch/main/ch02/01_main-chapter-code/the-verdict.txt",
        "b41e41a68f0398a3154ae69e2e4c0e2694e17fe0d66730536837f1b01935b31f",
        20_479,
    ),
}


class ChecksumError(ValueError):
    """A downloaded or cached file does not have the expected sha256."""


class TextNotAvailableError(OSError):
    """The text is not in the cache and could not be downloaded."""


def cache_dir_path(cache_dir: str | os.PathLike | None = None) -> Path:
    """The cache directory `load_text` uses (see the module docstring); not created here."""
    if cache_dir is not None:
        return Path(cache_dir)
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "llms-from-scratch"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(url: str, spec: RemoteText, target: Path, timeout: float) -> None:
    """Download `url` to `target` atomically, or raise; never leaves a partial file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.filename}.", suffix=".part", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        received = 0
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            while block := response.read(1 << 16):
                received += len(block)
                if received > 2 * spec.size:  # a wrong URL could stream forever
                    raise ChecksumError(
                        f"{spec.filename} from {url}: got more than {2 * spec.size:,} bytes; "
                        f"expected {spec.size:,}"
                    )
                digest.update(block)
                out.write(block)
            announced = response.headers.get("Content-Length")
            if announced and announced.isdigit() and received < int(announced):
                raise ConnectionError(
                    f"the connection closed after {received:,} of {int(announced):,} bytes"
                )
        if digest.hexdigest() != spec.sha256:
            raise ChecksumError(
                f"{spec.filename} from {url}: got {received:,} bytes with sha256 "
                f"{digest.hexdigest()}, expected "
                f"{spec.size:,} bytes with sha256 {spec.sha256}; the file was not kept"
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def load_text(
    name: str,
    cache_dir: str | os.PathLike | None = None,
    *,
    url: str | None = None,
    timeout: float = 30.0,
) -> str:
    """The text called `name` (a key of KNOWN_TEXTS), from the cache or downloaded.

    url:     download from here instead of the text's public URL (a mirror, or a test server)
    timeout: seconds to wait for the server at each step of the download

    Raises ValueError for an unknown name, ChecksumError (a ValueError) for a download that
    does not match the sha256, TextNotAvailableError (an OSError) when offline and not cached.
    """
    if name not in KNOWN_TEXTS:
        raise ValueError(f"unknown text {name!r}; known texts: {', '.join(sorted(KNOWN_TEXTS))}")
    spec = KNOWN_TEXTS[name]
    path = cache_dir_path(cache_dir) / spec.filename
    if path.is_file() and _sha256(path) != spec.sha256:
        path.unlink()  # a corrupted cache entry is never used: fetch it again below
    if not path.is_file():
        source = url or spec.url
        try:
            _download(source, spec, path, timeout)
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            raise TextNotAvailableError(
                f"{name!r} is not in the cache and could not be downloaded from {source} "
                f"({type(error).__name__}: {error}). Put the file from {spec.url} at {path} "
                f"(sha256 {spec.sha256}), or set ${CACHE_ENV} to a folder that has "
                f"{spec.filename}."
            ) from error
    return path.read_bytes().decode("utf-8")
