"""The two hash functions claimcheck uses, without importing `hashlib`.

`hashlib` loads OpenSSL's bindings at import (about 3 ms, 2% of a one-sentence `check`),
though for the short texts hashed here CPython's own implementations are as fast and give
the same digests. Where an interpreter is built without them, `hashlib` is used.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

__all__ = ["Hash", "blake2b", "sha256"]


class Hash(Protocol):
    """What claimcheck asks of a hash object."""

    def update(self, data: bytes, /) -> None:
        """Hash these bytes too."""

    def hexdigest(self) -> str:
        """The digest so far, in hexadecimal."""


blake2b: Callable[..., Hash]
sha256: Callable[..., Hash]

try:
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without its own BLAKE2
    from hashlib import blake2b

try:
    from _sha2 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]  # 3.12+
except ImportError:
    try:
        from _sha256 import sha256  # type: ignore[import-not-found, no-redef, unused-ignore]
    except ImportError:  # pragma: no cover - a Python built without its own SHA-2
        from hashlib import sha256  # type: ignore[no-redef, unused-ignore]
