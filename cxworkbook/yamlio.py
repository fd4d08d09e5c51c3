"""Safe YAML in and out: every file the app reads or writes passes through here.

Untrusted text is size-capped and its parse events are scanned before anything is built, because
PyYAML will happily expand a few hundred bytes of aliases into hundreds of millions of nodes, and
the pure-Python loader raises RecursionError (not YAMLError) on deep nesting. Problems are reported
as `FileProblem`s naming the file, the line and the field, so a person can go and fix them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cxworkbook.ids import PATTERN_WORDS

try:  # the C implementations are many times faster; the pure-Python ones behave the same
    from yaml import CSafeDumper as _BaseDumper
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _BaseDumper
    from yaml import SafeLoader


class SafeDumper(_BaseDumper):
    """Never writes anchors and aliases (PyYAML does for an object that appears twice, such as one
    datetime used for both `created` and `updated`), since reading refuses them."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


MAX_BYTES = 1_000_000  # a pack, a locale file, or any other YAML file but a workbook
WORKBOOK_MAX_BYTES = 4_000_000  # a workbook, read, imported or saved alike
MAX_DEPTH = 12

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong with a file, said so that a person can find and fix it."""

    file: str
    message: str
    line: int | None = None
    field: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


class FileProblems(Exception):
    """A file could not be used; `problems` says why, each with its line and field."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def format_loc(loc: Loc) -> str:
    """('dimensions', 2, 'questions', 3, 'id') -> 'dimensions[2].questions[3].id'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _refuse(file: str, message: str, mark: Any = None) -> FileProblems:
    line = mark.line + 1 if mark is not None else None
    return FileProblems([FileProblem(file=file, message=message, line=line)])


def too_large(file: str, size: int, limit: int) -> FileProblems:
    return _refuse(file, f"the file is {size:,} bytes; the limit is {limit:,} bytes")


def read_capped(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A file's bytes, reading no more than one byte past the limit, so a huge file costs no
    memory; `decode` then refuses it by its size."""
    with path.open("rb") as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise too_large(path.name, path.stat().st_size, limit)
    return data


def decode(data: bytes, file: str, limit: int = MAX_BYTES) -> str:
    """Bytes of an untrusted file to text, refusing what is too large or not UTF-8 text."""
    if len(data) > limit:
        raise too_large(file, len(data), limit)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _refuse(
            file, f"this is not UTF-8 text (byte {exc.start} cannot be read); save it as UTF-8"
        ) from None
    if "\x00" in text:
        raise _refuse(file, "this is a binary file, not YAML text")
    return text


def scan(text: str, file: str, limit: int = MAX_BYTES) -> None:
    """Refuse YAML features a workbook or pack never needs, before any object is built.

    Rejects anchors and aliases (the "billion laughs" expansion), explicit tags (custom types),
    more than one document, and nesting deeper than `MAX_DEPTH`. Runs on the event stream, so a
    100,000-deep document is refused after reading only `MAX_DEPTH` levels of it.
    """
    if len(text) > limit:
        raise _refuse(file, f"the text is longer than the limit of {limit:,} characters")
    depth = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise _refuse(file, "anchors and aliases (& and *) are not allowed", mark)
            if isinstance(event, yaml.NodeEvent) and getattr(event, "tag", None):
                raise _refuse(file, f"tags such as {event.tag} are not allowed", mark)
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _refuse(
                        file, "only one YAML document is allowed (found a second ---)", mark
                    )
            elif isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _refuse(file, f"nesting is deeper than {MAX_DEPTH} levels", mark)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        problem = f"not valid YAML: {exc.problem}{_syntax_hint(exc.problem or '')}"
        raise _refuse(file, problem, exc.problem_mark) from None
    except yaml.YAMLError as exc:
        raise _refuse(file, f"not valid YAML: {exc}") from None


def _syntax_hint(problem: str) -> str:
    """The likely cause of the syntax errors a text written unquoted makes, and the fix."""
    if "expected ',' or '}'" in problem or "mapping values are not allowed" in problem:
        return (
            "; a text with a colon (:) in it, or one inside { }, needs quotes, as in "
            'en: "Decisions: who makes them?"'
        )
    return ""


class StrictSafeLoader(SafeLoader):
    """The safe loader, refusing a key given twice and saying, at its line, why a value cannot be
    built (an impossible date, a number with thousands of digits, a list or mapping as a key),
    where PyYAML would keep the last of two keys or raise a bare ValueError."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(
                None, None, _why_not_built(node, exc), node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep)
        if len(mapping) < len(node.value):
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"the key {key!r} is given twice; keep one of them",
                        key_node.start_mark,
                    )
                seen.add(key)
        return mapping


def _why_not_built(node: yaml.Node, exc: Exception) -> str:
    value = str(getattr(node, "value", ""))[:40]
    if node.tag.endswith(":timestamp"):
        return f"{value} is not a date that exists (write it as YYYY-MM-DD)"
    if node.tag.endswith(":int"):
        return f"the number {value}… has too many digits"
    return f"this value cannot be read ({exc})"


def parse_untrusted(data: bytes, file: str, limit: int = MAX_BYTES) -> Any:
    """Decode, scan and load an untrusted YAML file into plain Python data."""
    text = decode(data, file, limit)
    scan(text, file, limit)
    loader = StrictSafeLoader(text)
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        raise _refuse(file, exc.problem or str(exc), exc.problem_mark) from None
    except yaml.YAMLError as exc:
        raise _refuse(file, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()


_NOT_BMP = re.compile(r"(?<!\\)((?:\\\\)*)\\U([0-9A-F]{8})")


def dump(data: Any) -> str:
    """Plain data to block-style, human-readable YAML, keys in the order given.

    libyaml's emitter writes a character beyond the Basic Multilingual Plane (an emoji) as an
    escape such as \\U0001F3AF, even with `allow_unicode`; it is put back as itself, which a
    double-quoted scalar may hold. (`read_back` checks every text before it is saved.)
    """
    text = yaml.dump(data, Dumper=SafeDumper, allow_unicode=True, sort_keys=False, width=100)
    if "\\U" not in text:
        return text
    return _NOT_BMP.sub(lambda m: m[1] + chr(int(m[2], 16)), text)


def read_back(text: str) -> Any:
    """Parse text `dump` made, with the loader that reads it when opened again. Not scanned: the
    dumper writes no anchors, tags or second documents, and a workbook's nesting is fixed by its
    schema (the round-trip tests open what was saved as any untrusted file)."""
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as exc:
        raise _refuse("the text to save", f"it would not read back: {exc}") from None


def _line_of(text: str, loc: Loc) -> int | None:
    """The 1-based line of the node at `loc`, or of its nearest existing parent."""
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.YAMLError:
        return None
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            if match is None:
                key = next((k for k, _ in node.value if k.value == part), None)
                return key.start_mark.line + 1 if key is not None else line
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
        else:
            return line
        line = node.start_mark.line + 1
    return line


def _friendly(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "field required"
    if kind == "extra_forbidden":
        if error.get("input") is None:  # `{en: Yes, for some}` reads as {en: Yes, for some: null}
            return (
                "the rest of a text cut at a comma: put the whole text in quotes, as in "
                'en: "Yes, for some"'
            )
        return "unknown field (check its spelling)"
    if kind == "string_pattern_mismatch":
        return PATTERN_WORDS.get(
            str(error.get("ctx", {}).get("pattern")), "this text is not in the form expected here"
        )
    if kind == "string_type" and isinstance(error.get("input"), bool | int | float):
        return _not_text(error["input"])
    if kind in ("int_type", "float_type", "int_parsing", "float_parsing", "finite_number"):
        return "a number is needed here"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return _not_a_mapping(str(error.get("ctx", {}).get("class_name", "")))
    msg = str(error.get("msg", "invalid value"))
    return msg[0].lower() + msg[1:] if msg else msg


def _not_text(value: bool | int | float) -> str:
    """Why text YAML read as something else is refused, and the fix: `en: No` is false."""
    if isinstance(value, bool):
        read = f"{str(value).lower()} (as it reads yes, no, on, off, true and false)"
    else:
        read = f"the number {value}"
    return f'YAML reads this as {read}, not as text: put the text in quotes, as in en: "No"'


def _not_a_mapping(class_name: str) -> str:
    if class_name == "Text":
        return (
            "a text goes under its language: fi: … and en: …, or en: … alone in an "
            "English-only pack"
        )
    return "this needs its fields under it (key: value), not a single value"


# How pydantic names the member of a union that an error came from, inside the error's place:
# not a part of the file's own path.
_UNION_MEMBER = re.compile(
    r"^(int|float|str|bool|none|constrained-\w+|(literal|list|dict)\[.*\]|[A-Z]\w*)$"
)


def error_loc(error: Any) -> Loc:
    """The error's place in the file; an unknown field keeps its name, however it is spelt."""
    loc = tuple(error["loc"])
    last = loc[-1:] if error.get("type") == "extra_forbidden" else ()
    return (
        tuple(
            p
            for p in loc[: len(loc) - len(last)]
            if not (isinstance(p, str) and (p.startswith("function-") or _UNION_MEMBER.match(p)))
        )
        + last
    )


def problems_from_validation(exc: ValidationError, text: str, file: str) -> FileProblems:
    """Turn pydantic's errors into problems that name the line and the field: one per field, as
    a value that fits no member of a union fails each of them."""
    out, seen = [], set()
    for err in exc.errors(include_url=False):
        loc = error_loc(err)
        if loc in seen:
            continue
        seen.add(loc)
        out.append(
            FileProblem(
                file=file, message=_friendly(err), line=_line_of(text, loc), field=format_loc(loc)
            )
        )
    return FileProblems(out)


def problems_at(text: str, file: str, found: Iterable[tuple[Loc, str]]) -> FileProblems:
    """Problems found by a semantic check (duplicate ids, gaps in bands) with their lines."""
    return FileProblems(
        [
            FileProblem(file=file, message=msg, line=_line_of(text, loc), field=format_loc(loc))
            for loc, msg in found
        ]
    )


_KEEP = {"\t", "\n"}


def clean_line(value: str) -> str:
    """`clean_text` for one-line texts (names, titles): line breaks and tabs become spaces and the
    ends are trimmed."""
    return " ".join(clean_text(value).replace("\t", " ").splitlines()).strip()


def clean_text(value: str) -> str:
    """Strip what must never reach a saved file: control characters (but tab and newline),
    lone surrogates and the byte-order mark; normalise line ends and Unicode composition.

    Most texts are one printable, composed line: those are returned as they are after two checks
    in C, since this runs on every text field each time a workbook is validated."""
    if value.isprintable() and unicodedata.is_normalized("NFC", value):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(
        ch
        for ch in value
        if ch in _KEEP or (unicodedata.category(ch) not in ("Cc", "Cs") and ch != "\ufeff")
    )
    # Composed last: a removed character may have stood between a letter and its accent.
    return unicodedata.normalize("NFC", kept)
