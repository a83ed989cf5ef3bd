"""What every CLI error test checks: exit status 2 and one line on stderr, no traceback."""

from __future__ import annotations

import subprocess


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    """The one line a failed command printed, after checking it failed as a usage error."""
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]
