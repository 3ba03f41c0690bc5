"""Tests for load_text: cache look-up, a real download from a local server, and its failures."""

from __future__ import annotations

import hashlib
import shutil
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpers.corpus import real_text
from helpers.corpus.real_text import (
    KNOWN_TEXTS,
    ChecksumError,
    RemoteText,
    TextNotAvailableError,
    cache_dir_path,
    load_text,
)

BODY = ("A small test text, long enough to be sent in more than one piece. " * 2000).encode()


@pytest.fixture
def fake_text(monkeypatch):
    """Register "test-text" whose expected bytes are BODY."""
    spec = RemoteText("test-text.txt", "http://invalid.example/test.txt",
                      hashlib.sha256(BODY).hexdigest(), len(BODY))
    monkeypatch.setitem(KNOWN_TEXTS, "test-text", spec)
    return spec


class _Server:
    """A one-file HTTP server on 127.0.0.1 in a thread; `mode` says how to misbehave."""

    def __init__(self, body: bytes, mode: str = "ok") -> None:
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 5  # a stuck client cannot hold the thread forever

            def do_GET(self):  # noqa: N802 (the name http.server calls)
                outer.requests += 1
                data = body
                if mode == "corrupt":
                    data = body[:100] + b"X" + body[101:]
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if mode == "die":  # half the file, then the connection goes away
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/file.txt"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        # stops itself after 20 s even if a test forgets to
        self.timer = threading.Timer(20, self.httpd.shutdown)

    def __enter__(self):
        self.thread.start()
        self.timer.start()
        return self

    def __exit__(self, *exc):
        self.timer.cancel()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def _closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/nothing.txt"


# --- cache ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(KNOWN_TEXTS))
def test_loads_from_cache_dir(name, shared_data, tmp_path):
    for path in shared_data.glob("*"):
        shutil.copy(path, tmp_path / path.name)
    text = load_text(name, cache_dir=tmp_path, url=_closed_port_url())
    spec = KNOWN_TEXTS[name]
    assert len(text.encode("utf-8")) == spec.size
    assert text == (shared_data / spec.filename).read_text(encoding="utf-8")


def test_cache_env_var(shared_data, tmp_path, monkeypatch):
    shutil.copy(shared_data / "the-verdict.txt", tmp_path / "the-verdict.txt")
    monkeypatch.setenv("LLMS_FROM_SCRATCH_CACHE", str(tmp_path))
    assert load_text("the-verdict", url=_closed_port_url()).startswith("I HAD always")


def test_cache_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.delenv("LLMS_FROM_SCRATCH_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir_path() == tmp_path / "xdg" / "llms-from-scratch"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_dir_path() == tmp_path / "home" / ".cache" / "llms-from-scratch"
    monkeypatch.setenv("LLMS_FROM_SCRATCH_CACHE", str(tmp_path / "env"))
    assert cache_dir_path() == tmp_path / "env"
    assert cache_dir_path(tmp_path / "arg") == tmp_path / "arg"


def test_unknown_name_lists_known_ones(tmp_path):
    with pytest.raises(ValueError, match="known texts: the-verdict, tiny-shakespeare"):
        load_text("war-and-peace", cache_dir=tmp_path)


# --- download ------------------------------------------------------------------------------


def test_download_verifies_and_caches(fake_text, tmp_path):
    with _Server(BODY) as server:
        assert load_text("test-text", cache_dir=tmp_path, url=server.url) == BODY.decode()
        assert load_text("test-text", cache_dir=tmp_path, url=server.url) == BODY.decode()
        assert server.requests == 1  # the second call read the cache
    assert sorted(p.name for p in tmp_path.iterdir()) == ["test-text.txt"]


def test_real_file_downloads(shared_data, tmp_path):
    body = (shared_data / "the-verdict.txt").read_bytes()
    with _Server(body) as server:
        text = load_text("the-verdict", cache_dir=tmp_path / "new", url=server.url)
    assert hashlib.sha256(text.encode()).hexdigest() == KNOWN_TEXTS["the-verdict"].sha256


def test_corrupted_download_is_not_kept(fake_text, tmp_path):
    with _Server(BODY, mode="corrupt") as server:
        with pytest.raises(ChecksumError, match="the file was not kept"):
            load_text("test-text", cache_dir=tmp_path, url=server.url)
    assert list(tmp_path.iterdir()) == []


def test_server_dying_mid_file(fake_text, tmp_path):
    with _Server(BODY, mode="die") as server:
        with pytest.raises(TextNotAvailableError, match="closed after 66,000 of 132,000 bytes"):
            load_text("test-text", cache_dir=tmp_path, url=server.url, timeout=5)
    assert list(tmp_path.iterdir()) == []


def test_corrupted_cache_file_is_not_used(fake_text, tmp_path):
    (tmp_path / "test-text.txt").write_bytes(b"not the right text")
    with _Server(BODY) as server:
        assert load_text("test-text", cache_dir=tmp_path, url=server.url) == BODY.decode()
        assert server.requests == 1


def test_offline_error_says_what_to_put_where(fake_text, tmp_path):
    with pytest.raises(TextNotAvailableError) as info:
        load_text("test-text", cache_dir=tmp_path / "cache", url=_closed_port_url(), timeout=5)
    message = str(info.value)
    assert str(tmp_path / "cache" / "test-text.txt") in message
    assert fake_text.url in message and fake_text.sha256 in message
    assert "LLMS_FROM_SCRATCH_CACHE" in message
    assert isinstance(info.value, OSError)
    assert not (tmp_path / "cache" / "test-text.txt").exists()


def test_oversized_download_is_cut_off(fake_text, tmp_path, monkeypatch):
    small = RemoteText("test-text.txt", fake_text.url, fake_text.sha256, 1000)
    monkeypatch.setitem(KNOWN_TEXTS, "test-text", small)
    with _Server(BODY) as server:
        with pytest.raises(ChecksumError, match="got more than 2,000 bytes"):
            load_text("test-text", cache_dir=tmp_path, url=server.url)
    assert list(tmp_path.iterdir()) == []
    assert real_text.CACHE_ENV == "LLMS_FROM_SCRATCH_CACHE"
