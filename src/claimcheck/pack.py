"""Load and check knowledge packs: substances, studies and claims from YAML.

This is the only module that reads pack files. Every problem is reported as a
`PackProblem` (`path:line: message`, line numbers from the YAML), never as a traceback.
It does not score evidence or match text.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from claimcheck.errors import PackError
from claimcheck.files import read_bounded
from claimcheck.lexicons import PREDICATE_PREFIX, predicate_classes
from claimcheck.model import Claim, Concept, Study, Substance
from claimcheck.records import Record

if TYPE_CHECKING:
    import yaml

__all__ = [
    "MAX_PACK_FILE_BYTES",
    "Pack",
    "PackProblem",
    "check_pack",
    "default_pack_dir",
    "load_pack",
]

MAX_PACK_FILE_BYTES = 1_000_000  # a study or claims file is a few kB; refuse anything absurd
MAX_PACK_NESTING = 32  # a study nests four levels deep; deeper only exhausts the recursion
# NOTE: O_NONBLOCK so that a FIFO swapped in after the type check cannot block the open
# (POSIX only; reading a regular file ignores it).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)


def _loader() -> type[yaml.SafeLoader]:
    """Libyaml's loader, much faster; the pure-Python one where PyYAML was built without it.

    NOTE: PyYAML is imported here, not at the top: a run with a warm compiled-pack cache
    reads no YAML, and importing it costs a tenth of such a run's start-up.
    """
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


ModelT = TypeVar("ModelT", bound=Record)
# NOTE: pydantic words an unknown key as a class's argument; pack authors see keys.
_MESSAGES = {"unexpected_keyword_argument": "Extra inputs are not permitted"}


@dataclass(frozen=True, order=True)
class PackProblem:
    """One problem in a pack file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        if self.line < 1:  # a problem with a whole directory, not a line
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Located:
    """Where a pack record was defined."""

    path: str
    line: int


@dataclass(frozen=True)
class Pack:
    """A loaded, cross-checked knowledge pack (one or several directories merged)."""

    substances: dict[str, Substance]
    studies: dict[str, Study]
    claims: dict[str, Claim]
    locations: dict[str, Located] = field(default_factory=dict)
    directories: tuple[str, ...] = ()
    concepts: dict[str, Concept] = field(default_factory=dict)

    def claims_for(self, substance_id: str) -> list[Claim]:
        """Claims about one substance, in pack order."""
        return [claim for claim in self.claims.values() if claim.substance == substance_id]

    def claim_terms(self, claim: Claim) -> tuple[str, ...]:
        """Every word copy may use for what the claim is about.

        The terms of its concepts, then its own outcome terms.
        """
        terms = [
            t for cid in claim.concepts if cid in self.concepts for t in self.concepts[cid].terms
        ]
        terms += [t for outcome in claim.outcomes for t in outcome.all_terms()]
        return tuple(dict.fromkeys(terms))


def default_pack_dir() -> Path:
    """The L-serine pack: inside the installed package, or at the top of a source checkout."""
    installed = Path(__file__).resolve().parent / "pack"
    if (installed / "studies").is_dir():
        return installed
    return Path(__file__).resolve().parents[2]


def load_pack(directories: Sequence[Path] | None = None) -> Pack:
    """Load packs (default: the shipped one) or raise `PackError` naming the first problem."""
    pack, problems = check_pack(directories)
    if problems or pack is None:
        first = problems[0]
        more = f" (and {len(problems) - 1} more; run `claimcheck validate`)" if problems[1:] else ""
        raise PackError(first.message + more, first.path, first.line)
    return pack


def check_pack(directories: Sequence[Path] | None = None) -> tuple[Pack | None, list[PackProblem]]:
    """Load packs and return them with every problem found (pack is None if unusable)."""
    dirs = list(directories) if directories else [default_pack_dir()]
    problems: list[PackProblem] = []
    substances: list[tuple[Substance, Located]] = []
    studies: list[tuple[Study, Located]] = []
    claims: list[tuple[Claim, Located]] = []
    concepts: list[tuple[Concept, Located]] = []
    for directory in dirs:
        if not directory.is_dir():
            problems.append(PackProblem(str(directory), 0, _not_a_directory(directory)))
            continue
        if not _holds_records(directory):
            problems.append(PackProblem(str(directory), 0, _NO_RECORDS))
            continue
        substances += _load_substances(directory, problems)
        concepts += _load_concepts(directory, problems)
        hosts = _load_source_hosts(directory, problems)
        studies += _load_studies(directory, problems, hosts)
        claims += _load_claims(directory, problems)
    pack = _assemble(substances, studies, claims, problems)
    concept_map, concept_where = _unique("concept", concepts, problems)
    pack = Pack(
        substances=pack.substances,
        studies=pack.studies,
        claims=pack.claims,
        locations={**pack.locations, **{f"concept:{k}": v for k, v in concept_where.items()}},
        directories=tuple(str(d) for d in dirs),
        concepts=concept_map,
    )
    problems += _cross_check(pack)
    if not pack.claims and not problems:
        problems.append(PackProblem(str(dirs[0]), 0, "pack has no claims (expected claims/*.yaml)"))
    return (pack if pack.claims else None), sorted(set(problems))


_NO_RECORDS = "not a knowledge pack: no substances.yaml, concepts.yaml, studies/ or claims/ files"


def _not_a_directory(path: Path) -> str:
    return "not a directory" if path.exists() else "pack directory does not exist"


def _holds_records(directory: Path) -> bool:
    """Whether a directory holds any pack record file; an empty `--pack` is a mistake."""
    if (directory / "substances.yaml").is_file() or (directory / "concepts.yaml").is_file():
        return True
    return any(any((directory / sub).glob("*.y*ml")) for sub in ("studies", "claims"))


# --- reading YAML with line numbers -------------------------------------------------


def _display(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # pragma: no cover - different drive on Windows
        return str(path)


class _Unreadable(Exception):
    """Why a pack file was not read; reported as a problem on its line 1."""


def _file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _require_regular(path: Path, mode: int) -> None:
    """Refuse anything but a regular file: a FIFO blocks, a device may never end."""
    if stat.S_ISREG(mode):
        return
    kind = _file_kind(mode)
    if path.is_symlink():
        kind = f"a symlink to {kind}"
    raise _Unreadable(f"not a regular file ({kind}); pack files must be plain files")


def _read_pack_bytes(path: Path) -> bytes:
    """A pack file's bytes, never more than one byte past `MAX_PACK_FILE_BYTES`.

    The type is checked before opening (opening a FIFO blocks) and again on the open
    descriptor, in case the path was replaced in between; the read itself is bounded, so
    a file that grows after the check cannot flood memory either.
    """
    _require_regular(path, path.stat().st_mode)
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        _require_regular(path, os.fstat(descriptor).st_mode)
        data = read_bounded(descriptor, MAX_PACK_FILE_BYTES)
    finally:
        os.close(descriptor)
    if len(data) > MAX_PACK_FILE_BYTES:
        raise _Unreadable(
            f"file is larger than {MAX_PACK_FILE_BYTES} bytes, the limit for a pack file"
        )
    return data


def _structure_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for the first anchor, alias or over-deep nesting, else None.

    One linear pass over the parser's events, before anything is composed: an alias lets
    a few hundred bytes stand for billions of nodes ("billion laughs"), and a pack has no
    use for one; nesting deeper than any pack needs would exhaust the recursion limit.
    """
    import yaml

    depth = 0
    for event in yaml.parse(text, Loader=_loader()):
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            what = "alias '*" if isinstance(event, yaml.AliasEvent) else "anchor '&"
            return line, (
                f"YAML {what}{event.anchor}' is not allowed in pack files; "
                "write each value out in full"
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_PACK_NESTING:
                return line, f"nested more than {MAX_PACK_NESTING} levels deep"
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _read_yaml(path: Path, problems: list[PackProblem]) -> tuple[Any, yaml.Node | None]:
    """Parse one YAML file into (data, node tree); report problems instead of raising."""
    import yaml

    shown = _display(path)
    try:
        text = _read_pack_bytes(path).decode("utf-8")
    except _Unreadable as why:
        problems.append(PackProblem(shown, 1, str(why)))
        return None, None
    except UnicodeDecodeError as error:
        problems.append(PackProblem(shown, 1, f"not valid UTF-8 ({error.reason})"))
        return None, None
    except OSError as error:
        problems.append(PackProblem(shown, 1, f"cannot read file: {error.strerror}"))
        return None, None
    loader = _loader()
    try:
        refused = _structure_problem(text)
        if refused is not None:
            problems.append(PackProblem(shown, *refused))
            return None, None
        node = yaml.compose(text, Loader=loader)
        if node is None:
            problems.append(PackProblem(shown, 1, "file is empty"))
            return None, None
        problems += _duplicate_keys(node, shown)
        data = loader(text).construct_document(node)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problems.append(PackProblem(shown, line, f"invalid YAML: {error.problem or error}"))
        return None, None
    except yaml.YAMLError as error:
        problems.append(PackProblem(shown, 1, f"invalid YAML: {error}"))
        return None, None
    return data, node


def _duplicate_keys(root: yaml.Node, shown: str) -> Iterator[PackProblem]:
    """PyYAML keeps the last of repeated keys silently; a curator wants to know.

    Each node is visited once, without recursion: a node shared through aliases is not
    walked again for every reference, so the walk stays linear in the file.
    """
    import yaml

    visited: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in seen:
                        yield PackProblem(
                            shown, key.start_mark.line + 1, f"duplicate key {key.value!r}"
                        )
                    seen.add(key.value)
                pending.append(value)
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(node.value)


def _child(node: yaml.Node, key: str | int) -> yaml.Node | None:
    """The node under a mapping key or sequence index, if any."""
    import yaml

    if isinstance(node, yaml.MappingNode) and isinstance(key, str):
        for key_node, value_node in node.value:
            if getattr(key_node, "value", None) == key:
                return value_node  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]  # type: ignore[no-any-return]
    return None


def _line_of(node: yaml.Node, loc: Iterable[str | int]) -> int:
    """Line (1-based) of the deepest node along a pydantic error location."""
    line = node.start_mark.line + 1
    current: yaml.Node | None = node
    for key in loc:
        current = _child(current, key) if current is not None else None
        if current is None:
            break
        line = current.start_mark.line + 1
    return line


def _validate(
    model: type[ModelT], data: Any, node: yaml.Node, shown: str, problems: list[PackProblem]
) -> ModelT | None:
    """Build one model, turning each validation error into `path:line: message`."""
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            where = ".".join(str(part) for part in loc)
            message = _MESSAGES.get(detail["type"], detail["msg"]).removeprefix("Value error, ")
            text = f"{where}: {message}" if where else message
            problems.append(PackProblem(shown, _line_of(node, loc), text))
        return None


def _records(
    data: Any, node: yaml.Node, key: str, shown: str, problems: list[PackProblem]
) -> Iterator[tuple[Any, yaml.Node]]:
    """The list under a top-level key, item by item with its node."""
    if not isinstance(data, dict) or key not in data:
        problems.append(PackProblem(shown, 1, f"expected a mapping with a '{key}' list"))
        return
    extra = sorted(set(data) - {key})
    if extra:
        problems.append(PackProblem(shown, 1, f"unknown top-level key(s): {', '.join(extra)}"))
    items, items_node = data[key], _child(node, key)
    if not isinstance(items, list) or items_node is None:
        problems.append(PackProblem(shown, _line_of(node, (key,)), f"'{key}' must be a list"))
        return
    yield from zip(items, items_node.value, strict=False)


# --- the four kinds of pack file ----------------------------------------------------


def _present(path: Path) -> bool:
    """Whether an optional pack file is there: a FIFO, device or broken link counts too.

    Such a file is reported by `_read_yaml` rather than silently skipped.
    """
    return path.exists() or path.is_symlink()


def _load_list_file(
    path: Path, key: str, model: type[ModelT], problems: list[PackProblem]
) -> list[tuple[ModelT, Located]]:
    """The records of a top-level pack file holding one list (substances, concepts)."""
    if not _present(path):
        return []
    data, node = _read_yaml(path, problems)
    if node is None:
        return []
    shown = _display(path)
    loaded = []
    for item, item_node in _records(data, node, key, shown, problems):
        record = _validate(model, item, item_node, shown, problems)
        if record is not None:
            loaded.append((record, Located(shown, item_node.start_mark.line + 1)))
    return loaded


def _load_substances(
    directory: Path, problems: list[PackProblem]
) -> list[tuple[Substance, Located]]:
    return _load_list_file(directory / "substances.yaml", "substances", Substance, problems)


def _load_concepts(directory: Path, problems: list[PackProblem]) -> list[tuple[Concept, Located]]:
    return _load_list_file(directory / "concepts.yaml", "concepts", Concept, problems)


SOURCES_FILE = "sources.yaml"


def _load_source_hosts(directory: Path, problems: list[PackProblem]) -> frozenset[str]:
    """The hosts a study's free `url` may point to, from the pack's sources.yaml.

    Links to PubMed, PMC, doi.org and ClinicalTrials.gov are derived from identifiers; a
    free `url` is for a source with none (a regulation, a book chapter), on a host a
    reviewer can show anyone: publishers, agencies, NCBI Bookshelf. No file, no free urls.
    """
    path = directory / SOURCES_FILE
    if not _present(path):
        return frozenset()
    data, node = _read_yaml(path, problems)
    if node is None:
        return frozenset()
    shown = _display(path)
    hosts = data.get("url_hosts") if isinstance(data, dict) else None
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
        problems.append(PackProblem(shown, 1, "expected a mapping with a 'url_hosts' list"))
        return frozenset()
    return frozenset(h.casefold().strip(".") for h in hosts)


def url_host_allowed(url: str, hosts: frozenset[str]) -> bool:
    """Whether `url` is https on a listed host or one of its subdomains (no port, no IP)."""
    parsed = urlsplit(url)
    host = (parsed.hostname or "").casefold()
    if parsed.scheme != "https" or parsed.port is not None or parsed.username is not None:
        return False
    return any(host == allowed or host.endswith("." + allowed) for allowed in hosts)


def _load_studies(
    directory: Path, problems: list[PackProblem], hosts: frozenset[str]
) -> list[tuple[Study, Located]]:
    loaded = []
    for path in sorted((directory / "studies").glob("*.y*ml")):
        data, node = _read_yaml(path, problems)
        if node is None:
            continue
        shown = _display(path)
        study = _validate(Study, data, node, shown, problems)
        if study is None:
            continue
        if study.id != path.stem:
            line = _line_of(node, ("id",))
            problems.append(PackProblem(shown, line, f"id {study.id!r} must match the file name"))
        url = study.identifiers.url
        if url is not None and not url_host_allowed(url, hosts):
            line = _line_of(node, ("identifiers", "url"))
            problems.append(
                PackProblem(
                    shown,
                    line,
                    f"identifiers.url: {url!r} is not a canonical source: link PubMed, PMC, "
                    f"DOI and trial records through pmid/pmc/doi/nct, or add the publisher's "
                    f"or agency's host to {SOURCES_FILE}",
                )
            )
        loaded.append((study, Located(shown, 1)))
    return loaded


def _load_claims(directory: Path, problems: list[PackProblem]) -> list[tuple[Claim, Located]]:
    loaded = []
    for path in sorted((directory / "claims").glob("*.y*ml")):
        data, node = _read_yaml(path, problems)
        if node is None:
            continue
        shown = _display(path)
        for item, item_node in _records(data, node, "claims", shown, problems):
            claim = _validate(Claim, item, item_node, shown, problems)
            if claim is not None:
                loaded.append((claim, Located(shown, item_node.start_mark.line + 1)))
    return loaded


# --- assembling and cross-checking --------------------------------------------------


def _unique(
    kind: str, records: list[tuple[Any, Located]], problems: list[PackProblem]
) -> tuple[dict[str, Any], dict[str, Located]]:
    """Index records by id, reporting duplicates where the second one is defined."""
    by_id: dict[str, Any] = {}
    where: dict[str, Located] = {}
    for record, located in records:
        if record.id in by_id:
            first = where[record.id]
            problems.append(
                PackProblem(
                    located.path,
                    located.line,
                    f"duplicate {kind} id {record.id!r} (first defined at "
                    f"{first.path}:{first.line})",
                )
            )
            continue
        by_id[record.id] = record
        where[record.id] = located
    return by_id, where


def _assemble(
    substances: list[tuple[Substance, Located]],
    studies: list[tuple[Study, Located]],
    claims: list[tuple[Claim, Located]],
    problems: list[PackProblem],
) -> Pack:
    substance_map, substance_where = _unique("substance", substances, problems)
    study_map, study_where = _unique("study", studies, problems)
    claim_map, claim_where = _unique("claim", claims, problems)
    locations = {**substance_where, **study_where, **claim_where}
    return Pack(substances=substance_map, studies=study_map, claims=claim_map, locations=locations)


def _cross_check(pack: Pack) -> list[PackProblem]:
    """Links that must resolve across files."""
    problems: list[PackProblem] = []
    known = set(pack.substances)
    for study in pack.studies.values():
        where = pack.locations[study.id]
        if known and study.substance not in known:
            problems.append(
                PackProblem(
                    where.path,
                    where.line,
                    f"study {study.id}: unknown substance {study.substance!r}",
                )
            )
        problems += [
            PackProblem(where.path, where.line, f"study {study.id}: unknown concept {c!r}")
            for c in study.protocol.conditions
            if pack.concepts and c not in pack.concepts
        ]
        twin = study.protocol.same_trial_as
        if twin is not None and (twin not in pack.studies or twin == study.id):
            problems.append(
                PackProblem(
                    where.path, where.line, f"study {study.id}: unknown same_trial_as {twin!r}"
                )
            )
    for claim in pack.claims.values():
        problems += _check_claim(claim, pack, known)
    problems += _alias_collisions(pack)
    return problems


def _check_claim(claim: Claim, pack: Pack, known: set[str]) -> list[PackProblem]:
    where = pack.locations[claim.id]
    problems: list[PackProblem] = []

    def report(message: str) -> None:
        problems.append(PackProblem(where.path, where.line, f"claim {claim.id}: {message}"))

    if known and claim.substance not in known:
        report(f"unknown substance {claim.substance!r}")
    seen: set[str] = set()
    for link in claim.evidence:
        if link.study not in pack.studies:
            report(f"evidence links unknown study {link.study!r}")
        if link.study in seen:
            report(f"study {link.study!r} is linked twice")
        seen.add(link.study)
    for general in claim.narrows:
        if general not in pack.claims or general == claim.id:
            report(f"narrows unknown claim {general!r}")
    for concept in claim.concepts:
        if concept not in pack.concepts:
            report(f"unknown concept {concept!r}")
    classes = predicate_classes()
    for group in claim.requires:
        for term in group:
            name = term.removeprefix(PREDICATE_PREFIX)
            if term.startswith(PREDICATE_PREFIX) and name not in classes:
                listed = ", ".join(PREDICATE_PREFIX + c for c in classes)
                report(f"requires names unknown predicate class {term!r} (known: {listed})")
    return problems


def _alias_collisions(pack: Pack) -> list[PackProblem]:
    """An alias that names two substances would make matching ambiguous."""
    owner: dict[str, str] = {}
    problems: list[PackProblem] = []
    for substance in pack.substances.values():
        for alias in {alias.casefold() for alias in (substance.name, *substance.aliases)}:
            other = owner.setdefault(alias, substance.id)
            if other != substance.id:
                where = pack.locations[substance.id]
                problems.append(
                    PackProblem(
                        where.path,
                        where.line,
                        f"alias {alias!r} names both {other} and {substance.id}",
                    )
                )
    return problems
