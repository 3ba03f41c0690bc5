"""The course in a real browser: JupyterLab, headless Chromium, chapter 1's softmax explorer.

What a learner does, step by step: open `01_activations_and_softmax.ipynb` in JupyterLab, wait
for the kernel, Run → Run All Cells, then move the explorer's temperature slider. The test
checks that the chart the browser shows is, byte for byte, the PNG that
`helpers.widgets.activations.SoftmaxExplorer` renders for that temperature (the kernel and this
test run the same matplotlib on the same machine, and the PNGs carry no metadata), before and
after the move. That covers what the widget tests without a browser cannot: the widget
front-end is installed, the notebook runs in Lab, and a change made in the page reaches the
kernel and comes back as a new picture.

The server and browser plumbing is in `browser_support.py`. On a machine without Debian's
chromium (or without playwright) the test skips with the reason; with COURSE_REQUIRE_BROWSER=1
(CI sets it) that skip is a failure instead.

Not covered: dragging the handle with the mouse (the slider's editable readout is set instead,
which cannot leak keys into Lab's command mode), the other widgets, other notebooks.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from browser_support import LabServer, browser_unavailable_reason, launch_chromium, wait_until

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = "01_activations_and_softmax.ipynb"
NEW_TEMPERATURE = 2.5
SCREENSHOT_COPY = Path(tempfile.gettempdir()) / "browser_test_screenshot.png"

# Bounded waits, in seconds: generous because other work may share the CPU.
KERNEL_IDLE_TIMEOUT = 90    # page load + kernel start
RUN_ALL_TIMEOUT = 120       # every cell of the notebook
REDRAW_TIMEOUT = 30         # one slider change: browser -> kernel -> new PNG -> browser


def require_browser() -> None:
    """Skip (or, with COURSE_REQUIRE_BROWSER=1, fail) when this machine cannot run the test."""
    reason = browser_unavailable_reason()
    if reason is None:
        return
    if os.environ.get("COURSE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (COURSE_REQUIRE_BROWSER=1: the browser test must run here)")
    pytest.skip(reason)


# --- what the page shows ----------------------------------------------------------------------

def kernel_state(page: Any) -> str:
    """The kernel's state as the status bar says it ("Idle", "Busy", ...), or "" if absent.

    The notebook toolbar says idle before the kernel has connected; the status bar does not.
    """
    text = page.locator("#jp-main-statusbar").inner_text()
    match = re.search(r"\| (Idle|Busy|Starting|Initializing|Restarting|Connecting|Unknown|"
                      r"Dead|Disconnected)\b", text)
    return match.group(1) if match else ""


def unfinished_prompts(page: Any) -> list[str]:
    """Prompts of code cells that have not run to the end yet ("[ ]:", "[*]:")."""
    prompts = page.locator(".jp-Notebook .jp-CodeCell .jp-InputPrompt").all_text_contents()
    return [p.strip() for p in prompts if not re.fullmatch(r"\[\d+\]:", p.strip())]


def error_outputs(page: Any) -> list[str]:
    """Text of every traceback shown in the notebook (first lines of each)."""
    errors = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    return [text[:800] for text in errors.all_text_contents() if "Error" in text]


def shown_png(image: Any) -> bytes:
    """The PNG bytes an `<img src="data:image/png;base64,...">` shows (b"" for anything else)."""
    src = image.get_attribute("src", timeout=5_000) or ""
    prefix = "data:image/png;base64,"
    return base64.b64decode(src[len(prefix):]) if src.startswith(prefix) else b""


def expected_png(temperature: float) -> bytes:
    """What the helper itself renders for the explorer's default logits at `temperature`."""
    from helpers.widgets.activations import SoftmaxExplorer

    explorer = SoftmaxExplorer()
    explorer.temperature.value = temperature
    assert explorer.temperature.value == temperature, "the slider clamped the test's value"
    return explorer.last_png


def clear_outputs(path: Path) -> None:
    """Strip stored outputs and counts, so every output the test sees comes from this run."""
    import nbformat  # comes with jupyterlab, which require_browser() has checked for

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, path)


@contextmanager
def screenshot_on_failure(page: Any, lab: LabServer, path: Path) -> Iterator[None]:
    """Turn any failure inside into an AssertionError naming a screenshot and Lab's log."""
    try:
        yield
    except Exception as error:
        try:
            page.screenshot(path=str(path), timeout=10_000)
            shot = f"screenshot of the page: {path}"
        except Exception as shot_error:  # the page itself may be what broke
            shot = f"(no screenshot: {shot_error})"
        raise AssertionError(f"{error}\n{shot}\n{lab.log_tail()}") from error


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture
def lab(tmp_path: Path) -> Iterator[LabServer]:
    require_browser()
    with LabServer(REPO, tmp_path / "lab") as server:
        yield server


@pytest.fixture
def page(lab: LabServer, tmp_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = launch_chromium(playwright, tmp_path / "chromium-profile")
        try:
            page = context.new_page()
            page.set_default_timeout(30_000)
            yield page
        finally:
            context.close()


# --- the test ----------------------------------------------------------------------------------

def open_notebook_and_wait_for_kernel(page: Any, lab: LabServer) -> None:
    page.goto(lab.notebook_url(NOTEBOOK), timeout=KERNEL_IDLE_TIMEOUT * 1000)

    def idle() -> bool:
        dialog = page.locator(".jp-Dialog .jp-mod-accept")  # "Select Kernel", if Lab asks
        if dialog.count() and dialog.first.is_visible():
            dialog.first.click()
        return kernel_state(page) == "Idle"

    try:
        wait_until(idle, KERNEL_IDLE_TIMEOUT, "the status bar to show the kernel Idle")
    except TimeoutError as error:
        raise TimeoutError(f"{error} (it shows {kernel_state(page)!r})") from None


def chapter_picture_loads(page: Any) -> None:
    """The picture at the top of the chapter (`../images/...`) is served and decodes.

    Lab serves only files under its root folder: a notebook's `../images/x.png` shows only
    when images/ is inside that root, beside notebooks/.
    """
    picture = page.locator(".jp-MarkdownCell img").first
    picture.wait_for(state="attached")

    def loaded() -> bool:
        return picture.evaluate("img => img.complete && img.naturalWidth > 0")

    try:
        wait_until(loaded, 15, "the chapter's picture to load")
    except TimeoutError as error:
        raise TimeoutError(f"{error}: {picture.get_attribute('src')} did not load") from None


def run_all_cells(page: Any) -> None:
    """Run → Run All Cells, as a learner would, then wait until every code cell has run."""
    page.locator("#jp-MainMenu .lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()

    def finished() -> bool:
        if error_outputs(page):
            raise AssertionError("a cell failed in Lab:\n" + "\n---\n".join(error_outputs(page)))
        return kernel_state(page) == "Idle" and not unfinished_prompts(page)

    # The outputs were cleared before opening, so every prompt reads "[ ]:" until its cell
    # has run: "Idle and all numbered" cannot be true before Run All has done its work.
    try:
        wait_until(finished, RUN_ALL_TIMEOUT, "Run All Cells to finish (kernel Idle and every "
                                              "code cell numbered)")
    except TimeoutError as error:
        raise TimeoutError(f"{error}; kernel {kernel_state(page)!r}, unfinished prompts "
                           f"{unfinished_prompts(page)}") from None


def wait_for_picture(image: Any, expected: bytes, what: str, before: bytes = b"") -> float:
    """Wait until `image` shows exactly the PNG `expected`; return the seconds it took.

    `before`: the picture shown until now, named in the error if the page still shows it.
    """
    start = time.monotonic()
    try:
        wait_until(lambda: shown_png(image) == expected, REDRAW_TIMEOUT, what)
        return time.monotonic() - start
    except TimeoutError as error:
        shown = shown_png(image)
        still = " (still the previous chart)" if before and shown == before else ""
        raise TimeoutError(f"{error}: the page shows a {len(shown)}-byte PNG{still}, the "
                           f"helper renders {len(expected)} bytes") from None


@pytest.mark.browser
def test_softmax_explorer_redraws_in_jupyterlab(lab: LabServer, page: Any,
                                                tmp_path: Path) -> None:
    default_png, moved_png = expected_png(1.0), expected_png(NEW_TEMPERATURE)
    assert default_png != moved_png, "the helper draws the same chart at both temperatures"
    clear_outputs(lab.root / "notebooks" / NOTEBOOK)

    with screenshot_on_failure(page, lab, tmp_path / "failure.png"):
        start = time.monotonic()
        open_notebook_and_wait_for_kernel(page, lab)
        chapter_picture_loads(page)
        kernel_ready = time.monotonic()
        run_all_cells(page)
        ran = time.monotonic()

        explorer = page.locator(".softmax-explorer")
        explorer.first.wait_for(state="attached")  # widget views render after the kernel idles
        assert explorer.count() == 1, f"expected one .softmax-explorer, found {explorer.count()}"
        explorer.scroll_into_view_if_needed()
        image = explorer.locator(".widget-output img")
        wait_for_picture(image, default_png,
                         "the explorer to show the helper's chart at temperature 1.0")

        # The editable readout beside the slider (ipywidgets 8): typing there cannot fall
        # into Lab's command mode the way arrow keys on the handle can.
        slider = explorer.locator(".widget-slider",
                                  has=page.locator("label", has_text="temperature"))
        readout = slider.locator(".widget-readout")
        readout.fill(f"{NEW_TEMPERATURE}")
        readout.press("Enter")
        redraw = wait_for_picture(image, moved_png,
                                  f"the chart at temperature {NEW_TEMPERATURE} after typing it "
                                  f"into the slider's readout", before=default_png)
        handle = slider.locator(".noUi-handle")
        assert float(handle.get_attribute("aria-valuenow")) == NEW_TEMPERATURE
        assert readout.inner_text().strip() == f"{NEW_TEMPERATURE:.1f}"

    screenshot = tmp_path / "after_temperature_move.png"
    page.screenshot(path=str(screenshot))
    shutil.copyfile(screenshot, SCREENSHOT_COPY)
    print(f"\nkernel idle {kernel_ready - start:.1f} s, run all {ran - kernel_ready:.1f} s, "
          f"redraw after the move {redraw:.1f} s")
    print(f"screenshot after moving the slider: {screenshot} (copy: {SCREENSHOT_COPY})")


# --- the skip rule itself (no browser needed) ------------------------------------------------

def test_missing_chromium_skips_for_learners_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    monkeypatch.setattr("browser_support.CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("COURSE_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium not found at .*no-chromium"):
        require_browser()
    monkeypatch.setenv("COURSE_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="chromium not found.*COURSE_REQUIRE_BROWSER"):
        require_browser()

