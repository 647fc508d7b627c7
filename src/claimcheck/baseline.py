"""Baselines: adopt claimcheck on an existing site by hiding the findings it already has.

A baseline is a JSON file written from one run's findings; later runs report only the
findings whose fingerprint is not in it:

    {"fingerprints": {"<fingerprint>": {"claim_id": ..., "path": ..., "sentence": ...}},
     "tool": "claimcheck", "version": 1}

The key is `Finding.fingerprint` (a hash of the claim id and the normalised sentence),
so a baseline survives line moves, re-wrapping, case and punctuation edits and file
renames. It does not include the path, so the same sentence with the same claim is *one*
entry wherever it occurs: twice in a file, or in two files (the entry records the first
path in sort order, for the reader only). A baselined sentence copied into a new page is
therefore hidden there too; any rewording makes it new. The entry's `path`, `claim_id`
and `sentence` (first 120 characters) are for people reviewing the file and are not
read back.

The text is stable (sorted keys, two-space indent, final newline), so a regenerated
baseline diffs cleanly. This module is pure: the CLI reads and writes the file.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping, Sequence

from claimcheck.errors import InputError
from claimcheck.findings import Finding

__all__ = ["BASELINE_VERSION", "baseline_text", "decode_baseline", "filter_new", "read_baseline"]

BASELINE_VERSION = 1
_TOOL = "claimcheck"
_SENTENCE_LIMIT = 120
_KEYS = frozenset({"version", "tool", "fingerprints"})
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # NOTE: before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def baseline_text(findings: Sequence[Finding]) -> str:
    """The baseline file for these findings: stable JSON ending in a newline."""
    entries: dict[str, dict[str, str]] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        entries.setdefault(
            finding.fingerprint,
            {
                "path": finding.path,
                "claim_id": finding.claim_id,
                "sentence": finding.sentence[:_SENTENCE_LIMIT],
            },
        )
    document = {"version": BASELINE_VERSION, "tool": _TOOL, "fingerprints": entries}
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def decode_baseline(data: bytes, source: str) -> str:
    """The text of a baseline file's bytes; `InputError` (one line, `source`) unless UTF-8.

    A UTF-8 byte-order mark is accepted. UTF-16 is refused by name: it is what Windows
    PowerShell's `>` writes, and the fix (save as UTF-8) is not obvious from a JSON error.
    """
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            raise InputError(f"baseline is {name} text; save it as UTF-8", source)
    if b"\x00" in data:
        raise InputError("baseline is not UTF-8 text (it contains NUL bytes)", source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"baseline is not valid UTF-8 (at byte {error.start}); save it as UTF-8", source
        ) from None


def read_baseline(text: str, source: str) -> frozenset[str]:
    """The fingerprints of a baseline file; `InputError` (one line, `source`) if unusable."""
    data = _load_json(text, source)
    if not isinstance(data, dict):
        raise _shape_error(source, f"the file holds a JSON {_json_type(data)}, not an object")
    # NOTE: the version is checked first, so a newer file with new keys says so plainly.
    _check_version(data, source)
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise _shape_error(source, f"unknown key {_show(unknown[0])}")
    if data.get("tool", _TOOL) != _TOOL:
        raise _shape_error(source, f'"tool" is {_show(data["tool"])}, not "{_TOOL}"')
    return _fingerprints(data.get("fingerprints"), source)


def filter_new(
    findings: Sequence[Finding], known: frozenset[str]
) -> tuple[tuple[Finding, ...], int]:
    """The findings not in the baseline, in their order, and how many the baseline hid."""
    new = tuple(finding for finding in findings if finding.fingerprint not in known)
    return new, len(findings) - len(new)


def _load_json(text: str, source: str) -> object:
    if not text.strip():
        raise InputError("baseline is empty; write one with the findings to accept", source)
    try:
        data: object = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"baseline is not valid JSON: {error.msg} (column {error.colno})", source, error.lineno
        ) from None
    except RecursionError:
        raise InputError("baseline is not valid JSON: nested too deeply", source) from None
    except ValueError:
        # NOTE: Python refuses to parse integers of more than 4300 digits (CVE-2020-10735).
        raise InputError("baseline is not usable JSON: a number is too long", source) from None
    return data


def _check_version(data: Mapping[str, object], source: str) -> None:
    version = data.get("version")
    # NOTE: bool is an int in Python; `true` must not pass as version 1.
    if type(version) is not int:
        raise _shape_error(source, f'"version" must be the number {BASELINE_VERSION}')
    if version != BASELINE_VERSION:
        raise InputError(
            f"baseline version {_show(version)} is not supported (expected {BASELINE_VERSION}); "
            "regenerate the baseline",
            source,
        )


def _fingerprints(entries: object, source: str) -> frozenset[str]:
    if not isinstance(entries, dict):
        found = "missing" if entries is None else f"a JSON {_json_type(entries)}"
        raise _shape_error(source, f'"fingerprints" must be an object, found {found}')
    for fingerprint, entry in entries.items():
        if not fingerprint.strip():
            raise _shape_error(source, "a fingerprint is empty")
        if not isinstance(entry, dict):
            raise _shape_error(
                source, f"the entry of fingerprint {_show(fingerprint)} is not an object"
            )
    return frozenset(entries)


def _shape_error(source: str, problem: str) -> InputError:
    return InputError(f"not a claimcheck baseline: {problem}", source)


def _show(value: object, limit: int = 40) -> str:
    """A decoded value as escaped one-line JSON, cut to `limit` characters."""
    shown = json.dumps(value)  # NOTE: escapes line breaks, so the message stays one line
    return shown if len(shown) <= limit else shown[:limit] + "..."


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"
