"""claimcheck: check the health claims in copy against a curated study registry.

The public Python API is `audit_text` (see `claimcheck.pipeline`); it is imported on
first use so that `import claimcheck` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "audit_text"]

if TYPE_CHECKING:  # pragma: no cover
    from claimcheck.pipeline import audit_text


def __getattr__(name: str) -> Any:
    if name == "audit_text":
        from claimcheck.pipeline import audit_text

        return audit_text
    raise AttributeError(f"module 'claimcheck' has no attribute {name!r}")
