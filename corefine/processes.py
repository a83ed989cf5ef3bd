"""Worker processes that die with their parent.

Why: ``corefine batch --workers N`` and ``corefine serve --workers N`` start worker
processes that each hold a model (hundreds of MB). When the parent is killed with
``SIGKILL`` it cannot stop them, and they were re-parented to PID 1 and kept running
forever, blocked on a pipe or still serving on the port. A worker therefore watches its
parent: a daemon thread polls ``os.getppid()`` and ends the process the moment it no longer
names the parent (a re-parented process gets PID 1 or a subreaper). Polling, rather than
Linux's ``PR_SET_PDEATHSIG``, because that signal fires when the *thread* that started the
worker exits, which is not what dying with the parent means, and it exists only on Linux.
"""

from __future__ import annotations

import os
import threading
import time

POLL_S = 0.5


def exit_with_parent(parent_pid: int, poll_s: float = POLL_S) -> threading.Thread:
    """End this process (``os._exit``, no clean-up) as soon as ``parent_pid`` is no longer
    its parent, at once if it already is not. Returns the watching thread."""
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(poll_s)
            if os.getppid() != parent_pid:
                os._exit(1)

    thread = threading.Thread(target=watch, name="corefine-parent-watch", daemon=True)
    thread.start()
    return thread


def pid_alive(pid: int) -> bool:
    """Is there a process ``pid`` (of any user)?"""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
