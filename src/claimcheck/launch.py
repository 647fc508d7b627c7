"""The console script: hand over the stored start-up work, then run the command.

This module imports nothing of claimcheck's at import time, so `cache.preload_startup`
runs before any module that compiles patterns or defines dataclasses (`fastcheck` itself
imports several).
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> int:
    """Console entry point (`claimcheck ...`)."""
    from claimcheck.cache import preload_startup

    preload_startup()
    from claimcheck.fastcheck import main as run

    return run()
