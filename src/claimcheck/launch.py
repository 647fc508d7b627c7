"""The console script: hand over the stored start-up work, run the command, store more.

This module imports nothing of claimcheck's at import time, so `cache.preload_startup`
runs before any module that compiles patterns or defines dataclasses (`fastcheck` itself
imports several).
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> int:
    """Console entry point (`claimcheck ...`)."""
    from claimcheck.cache import preload_startup, save_startup

    preload_startup()
    from claimcheck.fastcheck import main as run

    code = run()
    save_startup()  # NOTE: after the command: what it compiled lazily is stored too
    return code
