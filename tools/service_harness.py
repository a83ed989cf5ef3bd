"""Run the service as users do and drive its viewer in headless Chromium.

Why one module, and why here: the end-to-end tests, the load benchmark
(``benchmarks/service_load.py``) and the screenshot script
(``benchmarks/viewer_screenshot.py``) must start the service the same way (a
real ``corefine serve`` process on a free loopback port, waited for on
``/healthz``) and drive the page the same way, or what the benchmark measures
and what the README shows would drift from what the tests check. It is test
and benchmark support, not product, so it lives in ``tools/`` beside the
package rather than in it: the tests import it as ``tools.service_harness``
(pytest puts the repository root on ``sys.path``), the benchmarks after adding
the root themselves.

Chromium is the system's (Debian's ``chromium`` and ``chromium-driver``),
driven by Selenium (a dev dependency, imported only here). It runs with the
flags that keep it from reaching for the network, which this machine does not
have: without them it waits on connections that never come.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from corefine.errors import CorefineError

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LOOPBACK = "127.0.0.1"


def free_port(host: str = LOOPBACK) -> int:
    """A TCP port free on ``host`` right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class ServiceProcess:
    """``corefine serve ARGS`` on a free loopback port, for the length of a ``with`` block.

    ``serve_args`` are the command's options (``--resolver baseline``,
    ``--workers 2``, ...). Entering waits until ``/healthz`` answers; leaving
    stops the server (Ctrl-C, as a user would, then a kill if it hangs). Its
    output goes to :attr:`log_path`, quoted in the error when it fails to
    start.
    """

    def __init__(
        self,
        serve_args: Sequence[str] = (),
        *,
        host: str = LOOPBACK,
        startup_timeout: float = 180.0,
        env: dict[str, str] | None = None,
    ) -> None:
        self.serve_args = list(serve_args)
        self.host = host
        self.startup_timeout = startup_timeout
        self.env = env
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.log_path: Path | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> ServiceProcess:
        for _ in range(3):  # another program may take the free port before the server does
            self.port = free_port(self.host)
            if self._start():
                return self
        raise CorefineError(f"corefine serve did not start:\n{self.log_tail()}")

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _start(self) -> bool:
        if self._log is not None:
            self._log.close()
        # Open for as long as the server runs (and until stop), so no ``with``.
        self._log = tempfile.NamedTemporaryFile(prefix="corefine-serve-", suffix=".log")  # noqa: SIM115
        self.log_path = Path(self._log.name)
        command = [
            sys.executable, "-m", "corefine", "serve",
            "--host", self.host, "--port", str(self.port), *self.serve_args,
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(self.env or {})},
            start_new_session=True,  # its workers share its process group, stopped together
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if b"address already in use" in self.log_bytes().lower():
                    return False
                raise CorefineError(
                    f"corefine serve exited with status {self.process.returncode}:\n"
                    f"{self.log_tail()}"
                )
            try:
                if get_json(self.url + "/healthz", timeout=2.0)["status"] == "ok":
                    return True
            except (OSError, ValueError):
                time.sleep(0.2)
        self.stop()
        raise CorefineError(
            f"corefine serve did not answer /healthz within {self.startup_timeout:g} s:\n"
            f"{self.log_tail()}"
        )

    def stop(self, timeout: float = 20.0) -> int | None:
        """Stop the server as Ctrl-C does; its exit status (``None`` if never started)."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its own session: itself and its workers
                process.wait(timeout)
        return process.returncode

    def close(self) -> None:
        """Stop the server and delete its log."""
        self.stop()
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_bytes(self) -> bytes:
        return self.log_path.read_bytes() if self.log_path and self.log_path.exists() else b""

    def log_tail(self, lines: int = 30) -> str:
        text = self.log_bytes().decode("utf-8", "replace")
        return "\n".join(text.splitlines()[-lines:])


def get_json(url: str, timeout: float = 10.0) -> Any:
    """The JSON body of a GET (standard library only: used before anything else is up)."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return json.loads(response.read())


def post_json(url: str, body: object, timeout: float = 60.0) -> tuple[int, Any]:
    """Status and JSON body of a POST of ``body`` as JSON, errors included."""
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def missing_chromium() -> str | None:
    """Why headless Chromium cannot run here, or ``None`` when it can."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if not missing:
        return None
    return (
        f"{' and '.join(missing)} not found: install Debian's chromium and chromium-driver "
        "(apt-get install chromium chromium-driver; .ci/run does)"
    )


def chromium_driver(user_data_dir: str | Path, width: int = 1280, height: int = 800) -> Any:
    """A Selenium driver of headless Chromium, a ``width`` × ``height`` viewport, fresh profile."""
    problem = missing_chromium()
    if problem:
        raise CorefineError(problem)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={user_data_dir}")
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument("--force-device-scale-factor=1")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(60)
    # The window has a minimum size and a frame; the page itself (and a screenshot)
    # is made exactly width × height, as a device of that size would show it.
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    return driver


def resolve_in_viewer(driver: Any, url: str, text: str, timeout: float = 120.0) -> None:
    """Open the viewer at ``url``, type ``text``, press Ctrl+Enter and wait for the result.

    Waits for ``/healthz`` to have been read first (the slider then holds the
    server's threshold), and raises ``TimeoutError`` with the page's status
    line if no result appears.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(url)
    wait_for(driver, lambda: driver.find_element(By.ID, "server-info").text, timeout, "healthz")
    box = driver.find_element(By.ID, "text")
    box.clear()
    type_text(driver, box, text)
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    status = driver.find_element(By.ID, "status")
    wait_for(driver, lambda: status.text.startswith(("Resolved", "Error")), timeout, "a result")
    if not status.text.startswith("Resolved"):
        raise RuntimeError(f"the viewer did not resolve the text: {status.text}")


def type_text(driver: Any, box: Any, text: str) -> None:
    """Type ``text`` into the text area ``box`` at its caret.

    ChromeDriver types only characters of the Basic Multilingual Plane (newer releases
    refuse the rest, e.g. 🗳), so each run of other characters is inserted at the caret
    by script, with the ``input`` event that typing would fire; everything else is typed.
    """
    for run in _BMP_RUNS.findall(text):
        if ord(run[0]) <= 0xFFFF:
            box.send_keys(run)
        else:
            driver.execute_script(
                "const el = arguments[0];"
                "el.setRangeText(arguments[1], el.selectionStart, el.selectionEnd, 'end');"
                "el.dispatchEvent(new Event('input', {bubbles: true}));",
                box,
                run,
            )


_BMP_RUNS = re.compile("[\u0000-\uffff]+|[^\u0000-\uffff]+")


def wait_for(driver: Any, condition: Any, timeout: float, what: str) -> Any:
    """Poll ``condition()`` until truthy; past ``timeout``, a ``TimeoutError`` naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:g} s for {what} in {driver.current_url}")
        time.sleep(0.05)
