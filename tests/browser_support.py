"""Plumbing for the real-browser test: a throwaway JupyterLab server and a headless Chromium.

`test_browser.py` says *what* is checked; this module holds *how* the pieces are started and
stopped, so that the test reads as the steps a learner takes.

- `browser_unavailable_reason()` says why the browser test cannot run here (no playwright,
  no Debian chromium), or None.
- `LabServer` runs JupyterLab on 127.0.0.1 on a free port with a token, serving a temporary
  copy of the course's notebooks and images (Lab autosaves: never into the repo), with
  its own settings, workspaces and kernel spec so that nothing from the user's Jupyter set-up
  changes what the test sees.
- `launch_chromium()` starts Debian's chromium through Playwright with a fresh profile.

Not handled: other browsers (Playwright's downloaded ones, Firefox, macOS/Windows Chrome); on
a machine without /usr/bin/chromium the test skips. Lab's own UI (menus, status bar) is
assumed to be JupyterLab 4's; another major version may need new selectors.
"""

from __future__ import annotations

import importlib.util
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

# User settings written into the server's own settings folder, so that no pop-up covers the
# notebook: the "would you like to receive Jupyter news?" notification and the update check
# (which would also try the network). Keys are Lab's setting ids.
LAB_SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}


def browser_unavailable_reason() -> str | None:
    """Why the real-browser test cannot run on this machine, or None when it can."""
    for module, hint in (("playwright", "pip install -r requirements.txt"),
                         ("jupyterlab", "pip install -r requirements.txt")):
        if importlib.util.find_spec(module) is None:
            return f"the {module} package is not installed: {hint}"
    if not os.access(CHROMIUM, os.X_OK):
        return f"Debian chromium not found at {CHROMIUM}: apt-get install chromium"
    return None


def wait_until(condition: Callable[[], Any], timeout: float, what: str,
               interval: float = 0.2) -> Any:
    """Call `condition()` until it returns something truthy; return that value.

    Raises TimeoutError naming `what` (the thing waited for) after `timeout` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        time.sleep(interval)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """A JupyterLab server on a temporary copy of the course's `notebooks/` and `images/`.

    Use as a context manager: on exit the server is asked to shut down (POST /api/shutdown,
    which also stops its kernels), then the process started here is terminated (by its PID)
    if it is still alive, and killed with its process group as a last resort.

    Attributes:
        base_url: e.g. "http://127.0.0.1:8899".
        token: the token every request needs.
        root: the folder Lab serves: copies of notebooks/ and images/, side by side as in the
            repo, so a notebook's `../images/x.png` is inside what Lab may serve.
        log_path: where Lab's stdout and stderr go (quoted in error messages).
    """

    def __init__(self, repo: Path, workdir: Path, start_timeout: float = 60.0) -> None:
        self.repo, self.workdir, self.start_timeout = repo, workdir, start_timeout
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.root = workdir / "course"
        self.log_path = workdir / "lab.log"
        self.process: subprocess.Popen[bytes] | None = None

    # --- set-up -----------------------------------------------------------------------------

    def _copy_course(self) -> None:
        """Copy notebooks/ and images/ side by side, so `../images/x.png` links still work."""
        shutil.copytree(self.repo / "notebooks", self.root / "notebooks",
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        if (self.repo / "images").is_dir():
            shutil.copytree(self.repo / "images", self.root / "images")

    def _write_jupyter_dirs(self) -> dict[str, str]:
        """Private Jupyter folders; returns the environment variables that point at them.

        The kernel spec named "python3" (what the notebooks ask for) is written here to run
        this very interpreter, so the kernel sees the same packages as the test, whatever
        other "python3" kernels the machine has (the same reason nbval gets
        `--nbval-current-env`).
        """
        settings = self.workdir / "lab-settings"
        for setting_id, values in LAB_SETTINGS.items():
            package, plugin = setting_id.rsplit("/", 1)
            path = settings / package / f"{plugin}.jupyterlab-settings"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        (self.workdir / "lab-workspaces").mkdir()
        kernel_dir = self.workdir / "jupyter-path" / "kernels" / "python3"
        kernel_dir.mkdir(parents=True)
        (kernel_dir / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3 (ipykernel)", "language": "python",
        }))
        env = {"JUPYTER_PATH": str(self.workdir / "jupyter-path"),
               "JUPYTER_CONFIG_DIR": str(self.workdir / "jupyter-config"),
               "JUPYTER_DATA_DIR": str(self.workdir / "jupyter-data"),
               "JUPYTER_RUNTIME_DIR": str(self.workdir / "jupyter-runtime")}
        for folder in env.values():
            Path(folder).mkdir(exist_ok=True)
        return env

    def notebook_url(self, name: str) -> str:
        """The address that opens notebooks/`name` in Lab (token included)."""
        return f"{self.base_url}/lab/tree/notebooks/{name}?token={self.token}"

    def command(self) -> list[str]:
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0",  # fail rather than quietly move to another port
               f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}",
               f"--LabApp.workspaces_dir={self.workdir / 'lab-workspaces'}",
               f"--LabApp.user_settings_dir={self.workdir / 'lab-settings'}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--ServerApp.allow_root=True")
        return cmd

    # --- running ----------------------------------------------------------------------------

    def __enter__(self) -> LabServer:
        self._copy_course()
        env = {**os.environ, **self._write_jupyter_dirs()}
        with open(self.log_path, "wb") as log:
            # Own process group: if everything else fails, the kernels it started go too.
            self.process = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=env, cwd=self.workdir,
                                            start_new_session=True)
        try:
            wait_until(self._answers, self.start_timeout,
                       f"JupyterLab to answer on {self.base_url}")
        except BaseException as error:
            self.stop()
            raise RuntimeError(f"{error}\n{self.log_tail()}") from None
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def request(self, method: str, path: str, timeout: float = 5.0) -> int:
        """Send an authenticated request to the server; return the HTTP status."""
        req = urllib.request.Request(f"{self.base_url}{path}", method=method,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status

    def _answers(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {self.process.returncode} "
                               f"before answering")
        try:
            return self.request("GET", "/api/status") == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def stop(self) -> None:
        """Shut the server down politely, then make sure the process started here is gone."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            self.request("POST", "/api/shutdown")
            process.wait(timeout=15)
            return
        except (OSError, urllib.error.URLError, subprocess.TimeoutExpired):
            pass
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the group this server (and kernels) run in
            process.wait(timeout=10)

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of Lab's log, for error messages."""
        try:
            text = self.log_path.read_text(errors="replace").splitlines()[-lines:]
        except OSError:
            return f"(no log at {self.log_path})"
        return f"--- last lines of {self.log_path} ---\n" + "\n".join(text)


def launch_chromium(playwright: Any, profile_dir: Path) -> Any:
    """Debian's chromium, headless, with a fresh profile; returns a Playwright BrowserContext.

    Playwright refuses `--user-data-dir` in `args`: a persistent context is how it passes one.
    """
    return playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
        viewport={"width": 1280, "height": 900}, timeout=60_000)
