"""People packs: read the curated TSV, JSONL and the Wikidata/THUOCL fixture format; import
external lists into the data directory so they join the active gazetteer.

Why a canonical record: three input formats, one compile step. Imported lists are marked
``curated=False`` so their short or single-token names only count with person context.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from provguard.errors import InputError, RuleLoadError

PACK_COLUMNS = (
    "qid",
    "name_en",
    "category",
    "country",
    "zh_hans",
    "zh_hant",
    "ja",
    "ko",
    "hi",
    "bn",
    "aliases_latin",
    "aliases_cjk_nick",
    "role_aliases",
    "ambiguity_note",
    "source",
)
SCRIPT_COLUMNS = ("zh_hans", "zh_hant", "ja", "ko", "hi", "bn")
MAX_IMPORT_BYTES = 200 * 1024 * 1024


@dataclass
class PersonRecord:
    """One person with every surface form we know, as read from a pack."""

    id: str
    name: str
    category: str = ""
    country: str = ""
    names: list[str] = field(default_factory=list)  # full names in any script
    aliases: list[str] = field(default_factory=list)  # Latin aliases / pinyin
    nicknames: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    ambiguity_note: str = ""
    source: str = ""
    zh_hans: list[str] = field(default_factory=list)
    curated: bool = True
    died: str = ""  # ISO date (YYYY or YYYY-MM-DD) of death; "" for the living
    org_roles: list[str] = field(default_factory=list)  # "role:Organisation" (founder:Amazon)


def _split(cell: str | None) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return s or hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def _open_text(path: Path) -> io.TextIOBase:
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError(f"{path}: larger than {MAX_IMPORT_BYTES} bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise InputError(f"{path}: not a valid gzip file") from exc
    try:
        return io.StringIO(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 (byte {exc.start})") from exc


def read_people(path: Path, *, curated: bool | None = None) -> list[PersonRecord]:
    """Read a TSV (pack or fixture format), or JSONL people file (optionally .gz)."""
    stream = _open_text(path)
    base = path.name[:-3] if path.name.endswith(".gz") else path.name
    if base.endswith((".jsonl", ".json")):
        recs = list(_read_jsonl(stream, path))
    else:
        recs = list(_read_tsv(stream, path))
    if curated is not None:
        for r in recs:
            r.curated = curated
    return _dedupe_ids(recs)


def _dedupe_ids(recs: list[PersonRecord]) -> list[PersonRecord]:
    seen: dict[str, int] = {}
    for r in recs:
        n = seen.get(r.id, 0)
        seen[r.id] = n + 1
        if n:
            r.id = f"{r.id}-{n + 1}"
    return recs


def _read_tsv(stream: io.TextIOBase, path: Path) -> Iterator[PersonRecord]:
    reader = csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    cols = set(reader.fieldnames or ())
    if {"name_en", "zh_hans", "role_aliases"} <= cols:
        fmt = "pack"
    elif {"name_en", "names"} <= cols:
        fmt = "merged"
    else:
        raise InputError(
            f"{path}: unknown people TSV header {sorted(cols)}",
            hint="expected the pack header (qid, name_en, …, source) or qid/name_en/names/aliases/…",
        )
    for lineno, row in enumerate(reader, start=2):
        name_en = (row.get("name_en") or "").strip()
        if fmt == "pack":
            names = [name_en] if name_en else []
            zh = _split(row.get("zh_hans"))
            for col in SCRIPT_COLUMNS:
                names += _split(row.get(col))
            names += _split(row.get("native"))  # optional: names in further scripts (ru, ar, he…)
            if not names:
                continue
            yield PersonRecord(
                id=(row.get("qid") or "").strip() or f"pg:{slug(name_en or names[0])}",
                name=name_en or names[0],
                category=(row.get("category") or "").strip(),
                country=(row.get("country") or "").strip(),
                names=names,
                aliases=_split(row.get("aliases_latin")),
                nicknames=_split(row.get("aliases_cjk_nick")),
                roles=_split(row.get("role_aliases")),
                ambiguity_note=(row.get("ambiguity_note") or "").strip(),
                source=(row.get("source") or path.name).strip(),
                zh_hans=zh,
                died=(row.get("died") or "").strip(),
                org_roles=_split(row.get("org_roles")),
            )
        else:
            names = _split(row.get("names")) or ([name_en] if name_en else [])
            if name_en and name_en not in names:
                names.insert(0, name_en)
            if not names:
                continue
            label = name_en or names[0]
            yield PersonRecord(
                id=(row.get("qid") or "").strip() or f"pg:{slug(label)}",
                name=label,
                category=(row.get("category") or "").strip(),
                country=(row.get("country") or "").strip(),
                names=names,
                aliases=_split(row.get("aliases")),
                source=(row.get("source") or path.name).strip(),
                curated=False,
            )
        if lineno > 5_000_000:  # pragma: no cover - defensive bound
            break


def _read_jsonl(stream: io.TextIOBase, path: Path) -> Iterator[PersonRecord]:
    for lineno, line in enumerate(stream, start=1):
        line = line.strip()
        if not line:
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg})") from exc
        except (ValueError, RecursionError) as exc:  # >4300-digit integers, absurd nesting
            raise InputError(f"{where}: not acceptable JSON ({type(exc).__name__})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{where}: expected a JSON object")
        name = _text(obj.get("name") or obj.get("name_en") or "", where, "name").strip()
        names = [x for x in _texts(obj, "names", where) if x.strip()]
        if name and name not in names:
            names.insert(0, name)
        if not names:
            raise InputError(f"{where}: person without name/names")
        pid = _text(obj.get("id") or obj.get("qid") or "", where, "id").strip()
        pid = pid or f"pg:{slug(name or names[0])}"
        yield PersonRecord(
            id=pid,
            name=name or names[0],
            category=_text(obj.get("category", ""), where, "category"),
            country=_text(obj.get("country", ""), where, "country"),
            names=names,
            aliases=_texts(obj, "aliases", where),
            nicknames=_texts(obj, "nicknames", where),
            roles=_texts(obj, "roles", where),
            ambiguity_note=_text(obj.get("ambiguity_note", ""), where, "ambiguity_note"),
            source=_text(obj.get("source", path.name), where, "source"),
            zh_hans=_texts(obj, "zh_hans", where),
            curated=bool(obj.get("curated", False)),
            died=_text(obj.get("died", ""), where, "died"),
            org_roles=_texts(obj, "org_roles", where),
        )


def _text(value: object, where: str, field_name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise InputError(f"{where}: {field_name!r} must be a string")
    return str(value)


def _texts(obj: dict[str, object], key: str, where: str) -> list[str]:
    """A list-of-names field; a bare string is one name (not a list of its letters)."""
    value = obj.get(key, [])
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise InputError(f"{where}: {key!r} must be a string or a list of strings")
    return [_text(x, where, key) for x in value]


# --------------------------------------------------------------------------- imported packs


def imported_dir(data_dir: Path) -> Path:
    return data_dir / "people"


def import_people(src: Path, data_dir: Path, name: str | None = None) -> tuple[str, int, Path]:
    """Store ``src`` as canonical JSONL under ``data_dir/people/<name>.jsonl``."""
    recs = read_people(src)
    if not recs:
        raise InputError(f"{src}: no people found")
    base = src.name
    for suf in (".gz", ".tsv", ".jsonl", ".json", ".txt"):
        if base.endswith(suf):
            base = base[: -len(suf)]
    pack = name or base
    if not re.fullmatch(r"[A-Za-z0-9_\-]{1,64}", pack):
        raise InputError(f"invalid pack name {pack!r}", hint="use letters, digits, '-' or '_'")
    out_dir = imported_dir(data_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    dest = out_dir / f"{pack}.jsonl"
    tmp = dest.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for r in recs:
            d = asdict(r)
            d["source"] = d["source"] or src.name
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    tmp.replace(dest)
    return pack, len(recs), dest


def list_imported(data_dir: Path) -> list[Path]:
    d = imported_dir(data_dir)
    return sorted(d.glob("*.jsonl")) if d.is_dir() else []


def remove_imported(data_dir: Path, name: str) -> bool:
    p = imported_dir(data_dir) / f"{name}.jsonl"
    if p.is_file():
        p.unlink()
        return True
    return False


GIVEN_NAMES_FILE = "given_names.txt"


def read_given_names(paths: Sequence[Path]) -> list[str]:
    """Lower-case given names, one per line, ``#`` comments: evidence that a capitalised word
    pair is a person's name (see scripts/build_given_names.py)."""
    out: list[str] = []
    for p in paths:
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise RuleLoadError(f"given-name list {p}: {e}") from e
        out += [w.strip().lower() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    return out


def builtin_people_files(rules_dir: Path) -> list[Path]:
    d = rules_dir / "people"
    return sorted(d.glob("*.tsv")) if d.is_dir() else []


def load_people_files(paths: Sequence[Path]) -> list[PersonRecord]:
    """Read every pack; a curated row with no category whose name_en is already known adds its
    forms, roles and death date to that person (a supplement file, e.g. native-script names).
    Supplements merge after every file is read, so a supplement file may sort before the file
    that defines its person (native_west.tsv before politics.tsv)."""
    out: list[PersonRecord] = []
    by_name: dict[str, PersonRecord] = {}
    supplements: list[PersonRecord] = []
    for p in paths:
        try:
            recs = read_people(p)
        except InputError as exc:
            raise RuleLoadError(f"people pack {p}: {exc.message}") from exc
        for r in recs:
            if r.curated and not r.category:
                supplements.append(r)  # merged after every file is read: file order must not matter
                continue
            out.append(r)
            if r.curated:
                by_name.setdefault(r.name, r)
    for r in supplements:
        base = by_name.get(r.name)
        if base is not None:
            _merge(base, r)
        else:
            out.append(r)
    return out


def _merge(base: PersonRecord, extra: PersonRecord) -> None:
    for attr in ("names", "aliases", "nicknames", "roles", "zh_hans", "org_roles"):
        have: list[str] = getattr(base, attr)
        have += [x for x in getattr(extra, attr) if x not in have]
    base.died = base.died or extra.died
    if extra.ambiguity_note:
        base.ambiguity_note = (base.ambiguity_note + " " + extra.ambiguity_note).strip()
