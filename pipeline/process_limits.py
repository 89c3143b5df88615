"""Guards for batch worker processes: die with the batch, write only under its lock, cap memory.

* :func:`die_with_parent`: on Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` so the kernel kills a
  worker when the process that started it exits, even after ``kill -9`` (the forkserver that
  starts workers exits with the batch process, so the signal chains down).
* :func:`lock_still_held`: checked before every write. The batch holds an exclusive ``flock`` on
  ``DIR/.statute-batch.lock`` for the whole run and the OS drops it when the batch dies, so a
  worker that can take a shared lock knows nobody owns the folder any more and must not write.
* :func:`limit_memory`: ``RLIMIT_AS`` set after the pipeline is loaded, to what is mapped then
  plus a headroom. Resident memory never exceeds the address space, so a worker stays under
  (loaded size + headroom); an allocation past it raises ``MemoryError`` (an ``out_of_memory``
  row) instead of driving the machine into swap or the OOM killer.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

__all__ = ["LOCK_NAME", "address_space_bytes", "die_with_parent", "limit_memory", "lock_still_held",
           "watch_process"]

LOCK_NAME = ".statute-batch.lock"
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> bool:
    """Ask the kernel to SIGKILL this process when its parent exits; False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        parent = os.getppid()
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)
    return True


def _start_time(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (tells a live process from a reused pid), None if gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
    except OSError:
        return None
    if fields[0] in (b"Z", b"X"):  # a zombie has exited already
        return None
    return fields[19].decode()


def watch_process(pid: int, interval: float = 0.5) -> bool:
    """Exit this process soon after process ``pid`` (the batch) exits; False where unsupported.

    ``PR_SET_PDEATHSIG`` follows the *direct* parent, which for forkserver workers is the
    forkserver; it notices the batch's death only when it next wakes up. This daemon thread
    watches the batch process itself.
    """
    import threading

    started = _start_time(pid)
    if started is None:
        return False

    def watch() -> None:
        while True:
            time.sleep(interval)
            if _start_time(pid) != started:
                os._exit(0)

    threading.Thread(target=watch, name="watch-batch", daemon=True).start()
    return True


def lock_still_held(out_dir: str | os.PathLike[str]) -> bool:
    """True while some process (the batch) holds the exclusive lock on ``out_dir``."""
    import fcntl

    try:
        fd = os.open(Path(out_dir) / LOCK_NAME, os.O_RDONLY)
    except OSError:
        return False  # the lock file is gone: no batch owns this folder
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True  # blocked: the batch's exclusive lock is in place
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def address_space_bytes() -> int | None:
    """Bytes of address space this process maps now (Linux ``VmSize``), or None."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def limit_memory(headroom: int | None) -> int | None:
    """Cap this process's address space at its current size plus ``headroom`` bytes.

    Returns the cap, or None when no cap was set (``headroom`` None/0, or no ``RLIMIT_AS``).
    """
    if not headroom or headroom <= 0:
        return None
    try:
        import resource
    except ImportError:  # not on POSIX
        return None
    try:  # a native library aborting at the cap must not dump a core file of the whole worker
        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    except (ValueError, OSError):
        pass
    current = address_space_bytes()
    if current is None:
        return None
    cap = current + int(headroom)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY:
        cap = min(cap, soft)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ValueError, OSError):
        return None
    return cap
