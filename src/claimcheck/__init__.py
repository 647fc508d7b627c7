"""claimcheck: check health claims in copy against a curated study registry."""

from __future__ import annotations

__version__ = "0.1.0"
