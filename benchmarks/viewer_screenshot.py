"""Save a 1280×800 screenshot of the viewer with a resolved paragraph, for the README.

Starts ``corefine serve`` on a free loopback port (as
:class:`tools.service_harness.ServiceProcess` does for the tests), opens the
viewer in headless Chromium (Debian's ``chromium`` and ``chromium-driver``),
types the paragraph, presses Ctrl+Enter, hovers the first cluster so that its
mentions are outlined, and writes the PNG.

Usage: ``python benchmarks/viewer_screenshot.py [--resolver model|baseline] [--model DIR]
[--out docs/viewer.png] [--text-file FILE]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

# tools/ (the service harness) is beside the package, not in it
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools.service_harness import ServiceProcess, chromium_driver, resolve_in_viewer

ROOT = Path(__file__).resolve().parents[1]
WIDTH, HEIGHT = 1280, 800
PARAGRAPH = (
    "Louis Marinelli, the leader of the Yes California campaign, said he would leave the "
    "United States for Russia. His wife teaches English in Yekaterinburg, where she has "
    "lived for years. Marinelli told reporters that the campaign would go on without him, "
    "and its volunteers said they were ready to collect the signatures themselves."
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--resolver", choices=("model", "baseline"), default="model")
    p.add_argument("--model", help="model directory (default: the model shipped in the package)")
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "viewer.png")
    p.add_argument("--text-file", type=Path, help="resolve this text instead of the built-in one")
    args = p.parse_args(argv)
    if args.model and args.resolver != "model":
        p.error("--model applies to --resolver model")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    text = args.text_file.read_text(encoding="utf-8") if args.text_file else PARAGRAPH
    serve_args = ["--resolver", args.resolver, "--no-access-log"]
    if args.model:
        serve_args += ["--model", args.model]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    with (
        ServiceProcess(serve_args) as service,
        tempfile.TemporaryDirectory(prefix="corefine-chromium-") as profile,
    ):
        driver = chromium_driver(profile, WIDTH, HEIGHT)
        try:
            resolve_in_viewer(driver, service.url + "/", text)
            chips = driver.find_elements(By.CSS_SELECTOR, "#clusters button")
            if chips:
                ActionChains(driver).move_to_element(chips[0]).perform()
            png = driver.get_screenshot_as_png()
        finally:
            driver.quit()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(png)
    print(f"wrote {args.out} ({len(png):,} bytes, {len(chips)} clusters)", file=sys.stderr)


if __name__ == "__main__":
    main()
