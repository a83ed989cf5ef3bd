"""A worker's memory returns to where it was once a large request is done.

The model is served (its onnxruntime arena is what grew: from ~200 MB to over
1 GB after one large batch, and it stayed there). The service runs in a fresh
process so that its resident size is the worker's alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = r"""
import json, sys
from fastapi.testclient import TestClient
from corefine.service import ServiceSettings, create_app

def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

model, text = sys.argv[1], sys.stdin.read()
app = create_app(ServiceSettings(model=model, threads=2, timeout_s=600))
with TestClient(app) as client:
    loaded = rss_mb()
    # The same long text twice: the second run plans its memory from the first.
    response = client.post("/v1/resolve/batch", json={"texts": [text, text]})
    assert response.status_code == 200, response.text
    del response
    after = rss_mb()
print(json.dumps({"loaded": loaded, "after": after}))
"""


def test_memory_is_released_after_a_large_batch(model_dir: Path, shared_data: Path) -> None:
    news = (shared_data / "news" / "fake_or_real_news_256.csv").read_text(encoding="utf-8")
    text = " ".join(news.split()[:2500])  # one model segment (~15,000 characters)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(model_dir)],
        input=text,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    sizes = json.loads(done.stdout.strip().splitlines()[-1])
    # Before: the worker kept ~800 MB more than it had loaded; now it keeps next to none.
    assert sizes["after"] - sizes["loaded"] < 100, sizes
