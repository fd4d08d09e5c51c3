"""The workbook store: one YAML file per workbook in a data folder, and nothing ever lost.

- Every update is a small operation applied to the freshly read file under a cross-process lock,
  so two tabs or two people editing different fields both land.
- The new text is parsed back and compared with what was meant before it replaces anything, then
  written to a temporary file, fsync'd and moved over the old one: a crash leaves the old or the
  new file, never a torn one.
- Each save bumps the revision and keeps the previous file in a bounded history; deleting moves a
  workbook to a trash folder it can be restored from.
- Paths are built only from validated slugs and are checked to stay inside the data folder.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import ValidationError

from cxworkbook.model import SCHEMA_VERSION, SLUG_PATTERN, PackRef, Workbook
from cxworkbook.packs import Packs
from cxworkbook.yamlio import (
    FileProblem,
    FileProblems,
    parse_untrusted,
    problems_at,
    problems_from_validation,
    read_capped,
)
from cxworkbook.yamlparts import Part, WouldChange, document

DATA_ENV = "CXWORKBOOK_DATA"
HISTORY_LIMIT = 50
LOCK_TIMEOUT = 10.0
_SLUG = re.compile(SLUG_PATTERN)
_TRASH_NAME = re.compile(r"^(?P<id>[a-z0-9-]+)--(?P<stamp>\d{8}T\d{6}\d{6})$")
_STORE_LOCK = "_store"
_UMASK = os.umask(0o022)
os.umask(_UMASK)

Operation = Callable[[Workbook], Workbook]


REASONS = (
    "other",
    "not_found",
    "busy",
    "write_failed",
    "disk_full",
    "read_only",
    "roundtrip",
    "conflict",
    "invalid",
    "not_in_history",
)
# The rules an edit can break, each with a message `invalid.<code>` in the locales.
INVALID_CODES = (
    "not_a_number",
    "target_equals_baseline",
    "deadline_not_after_baseline",
    "percent_range",
    "title_missing",
    "goal_missing",
    "name_missing",
    "stage_missing",
    "touchpoint_missing",
    "journey_not_empty",
    "promise_missing",
)


class StoreError(Exception):
    """A store action could not be done. `reason` (one of REASONS) is what the UI translates for
    the user; the message is the technical detail."""

    reason = "other"

    def __init__(self, detail: str = "", reason: str | None = None) -> None:
        super().__init__(detail)
        if reason is not None:
            self.reason = reason


class WorkbookNotFound(StoreError):
    reason = "not_found"


class SaveFailed(StoreError):
    """The disk refused the write, or the text would not read back the same; the file on disk is
    unchanged."""

    reason = "write_failed"


class StaleEdit(StoreError):
    """The field was changed by someone else since this edit's starting point was read."""

    reason = "conflict"

    def __init__(self, field: str, theirs: Any) -> None:
        self.field = field
        self.theirs = theirs
        super().__init__(f"{field} was changed elsewhere in the meantime")


class InvalidEdit(StoreError):
    """An operation was asked to do something the workbook does not allow.

    `code`, when given, names the rule (`invalid.<code>` in the locales), so the page can say it
    next to the field in the user's language.
    """

    reason = "invalid"

    def __init__(self, detail: str = "", code: str | None = None) -> None:
        super().__init__(detail)
        self.code = code


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def default_data_dir() -> Path:
    """The data folder: $CXWORKBOOK_DATA, or `workbooks/` under the working directory."""
    return Path(os.environ.get(DATA_ENV) or "workbooks")


def slugify(text: str, fallback: str = "workbook") -> str:
    """A file-safe id from any text: 'Pyörä – työpaja 2026' -> 'pyora-tyopaja-2026'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].strip("-")
    return slug or fallback


def unique_id(base: str, taken: set[str]) -> str:
    if base not in taken:
        return base
    n = 2
    while f"{base[:44]}-{n}" in taken:
        n += 1
    return f"{base[:44]}-{n}"


def _error_details(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())


def _copy(workbook: Workbook) -> Workbook:
    """A deep copy, rebuilt from plain data: a third quicker than `model_copy(deep=True)`, which
    copies attribute by attribute in Python."""
    return Workbook.model_validate(workbook.model_dump())


def _write_failure(exc: OSError) -> SaveFailed:
    """What the disk said, as a SaveFailed with the reason a user can act on."""
    if exc.errno == errno.ENOSPC:
        reason = "disk_full"
    elif exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        reason = "read_only"
    else:
        reason = "write_failed"
    return SaveFailed(exc.strerror or str(exc), reason)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` so that a crash at any instant leaves the old or the new file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if os.name == "posix":  # mkstemp makes the file private; a workbook is an ordinary file
            os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def serialise(workbook: Workbook, known: Part | None = None) -> Part:
    """The YAML text of a workbook, refused if reading it back would not give the same data.

    Only the parts that changed since `known` (the last save) are written and read back again;
    the text is the same as a dump of the whole workbook in one go (see `yamlparts`).
    """
    try:
        return document(workbook.to_data(), known)
    except WouldChange as exc:
        raise SaveFailed(str(exc), "roundtrip") from None


@dataclass(frozen=True)
class WorkbookInfo:
    id: str
    title: str
    organisation: str
    updated: dt.datetime | None
    revision: int | None
    problem: str | None = None


@dataclass(frozen=True)
class Version:
    revision: int
    saved: dt.datetime


@dataclass(frozen=True)
class Deleted:
    key: str
    id: str
    title: str
    deleted: dt.datetime


def _stat_key(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class Store:
    def __init__(
        self,
        root: Path,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        history_limit: int = HISTORY_LIMIT,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        self.root = root.resolve()
        self.clock = clock
        self.history_limit = history_limit
        self.lock_timeout = lock_timeout
        self._cache: dict[Path, tuple[tuple[int, int, int], Workbook]] = {}
        self._written: dict[str, Part] = {}
        self._thread_locks: dict[str, threading.Lock] = {}
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temp_files()

    # ---- paths -------------------------------------------------------------------------------
    def _inside(self, path: Path) -> Path:
        if not path.resolve().is_relative_to(self.root):
            raise StoreError("refused a path outside the data folder")
        return path

    def path(self, workbook_id: str) -> Path:
        """The workbook's file: a name in the data folder, never a link that leads out of it."""
        if not _SLUG.match(workbook_id):
            raise WorkbookNotFound(f"{workbook_id!r} is not a workbook id")
        path = self.root / f"{workbook_id}.yaml"
        # A slug names a file in the (resolved) folder itself, so only a link can lead elsewhere.
        # Asking whether it is one takes one system call, where resolving takes one per folder
        # above it, several times in every page run.
        return self._inside(path) if path.is_symlink() else path

    def _history_dir(self, workbook_id: str) -> Path:
        self.path(workbook_id)
        return self.root / ".history" / workbook_id

    @property
    def _trash_dir(self) -> Path:
        return self.root / ".trash"

    @contextmanager
    def _lock(self, name: str) -> Iterator[None]:
        """The workbook's lock across processes. Sessions of this server first queue on a lock
        in memory, which hands over the moment it is free; the file lock alone is polled, so a
        waiting save would sleep up to 50 ms after the one before it had finished."""
        in_process = self._thread_locks.setdefault(name, threading.Lock())
        if not in_process.acquire(timeout=self.lock_timeout):
            raise StoreError(f"the lock {name} was not free in time", "busy")
        try:
            locks = self.root / ".locks"
            locks.mkdir(exist_ok=True)
            with FileLock(locks / f"{name}.lock", timeout=self.lock_timeout):
                yield
        except Timeout:
            raise StoreError(f"the lock {name} was not free in time", "busy") from None
        except PermissionError as exc:
            raise _write_failure(exc) from None
        finally:
            in_process.release()

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a crash mid-save: the workbook beside them is intact, so drop them."""
        for tmp in self.root.glob(".*.yaml.*.tmp"):
            workbook_id = tmp.name[1:].split(".yaml.", 1)[0]
            if not _SLUG.match(workbook_id):
                continue
            with suppress(Timeout, OSError):
                lock = FileLock(self.root / ".locks" / f"{workbook_id}.lock", timeout=0)
                with lock:
                    tmp.unlink(missing_ok=True)

    # ---- reading -----------------------------------------------------------------------------
    def _parse(self, data: bytes, workbook_id: str) -> Workbook:
        name = f"{workbook_id}.yaml"
        raw = parse_untrusted(data, name)
        if not isinstance(raw, dict):
            raise FileProblems([FileProblem(file=name, message="a workbook is a YAML mapping")])
        # The file's name is its id: a copied file opens as the copy, not as the original.
        raw["id"] = workbook_id
        try:
            return Workbook.model_validate(raw)
        except ValidationError as exc:
            raise problems_from_validation(exc, data.decode("utf-8-sig"), name) from None

    def _load(self, path: Path, workbook_id: str) -> Workbook:
        """Parse a file once per version of it: the cache key changes with every replace."""
        key = _stat_key(path)
        cached = self._cache.get(path)
        if cached and cached[0] == key:
            return cached[1]
        workbook = self._parse(read_capped(path), workbook_id)
        self._cache[path] = (key, workbook)
        return workbook

    def _read(self, workbook_id: str) -> Workbook:
        try:
            return self._load(self.path(workbook_id), workbook_id)
        except FileNotFoundError:
            raise WorkbookNotFound(f"there is no workbook {workbook_id!r}") from None

    def open(self, workbook_id: str) -> Workbook:
        """The workbook as it is on disk now (a copy the caller may change freely)."""
        return _copy(self._read(workbook_id))

    def read(self, workbook_id: str) -> Workbook:
        """The workbook as it is on disk now, shared with other readers: for showing, never for
        changing (changes go through `update`). Saves the deep copy `open` makes on every
        page run."""
        return self._read(workbook_id)

    def ids(self) -> set[str]:
        return {p.stem for p in self.root.glob("*.yaml") if _SLUG.match(p.stem)}

    def list(self) -> list[WorkbookInfo]:
        """Every workbook in the folder, newest first; a file that cannot be read says why."""
        infos = []
        for workbook_id in self.ids():
            try:
                wb = self._read(workbook_id)
            except FileProblems as exc:
                infos.append(WorkbookInfo(workbook_id, workbook_id, "", None, None, str(exc)))
                continue
            except (WorkbookNotFound, OSError):
                continue
            infos.append(
                WorkbookInfo(
                    wb.id, wb.meta.title, wb.meta.organisation, wb.meta.updated, wb.revision
                )
            )
        epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
        return sorted(infos, key=lambda i: (i.updated or epoch, i.id), reverse=True)

    def export_bytes(self, workbook_id: str) -> bytes:
        """The workbook file exactly as stored, for download."""
        try:
            return self.path(workbook_id).read_bytes()
        except FileNotFoundError:
            raise WorkbookNotFound(f"there is no workbook {workbook_id!r}") from None

    # ---- writing -----------------------------------------------------------------------------
    def _write(self, workbook: Workbook, previous_revision: int | None) -> None:
        """Save `workbook`, which from then on is shared with readers and must not change."""
        path = self.path(workbook.id)
        written = serialise(workbook, self._written.get(workbook.id))
        try:
            if previous_revision is not None and path.exists():
                self._keep_history(workbook.id, previous_revision, path)
            write_atomic(path, written.text)
        except OSError as exc:
            self._cache.pop(path, None)
            raise _write_failure(exc) from None
        # What was just written is what the next read would parse: keep it, keyed by the new file.
        self._cache[path] = (_stat_key(path), workbook)
        self._written[workbook.id] = written

    def _keep_history(self, workbook_id: str, revision: int, path: Path) -> None:
        folder = self._history_dir(workbook_id)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{revision:06d}.yaml"
        if not target.exists():
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)
        for old in sorted(folder.glob("*.yaml"))[: -self.history_limit]:
            old.unlink(missing_ok=True)
            self._cache.pop(old, None)

    @staticmethod
    def _validated(data: Workbook | dict[str, Any]) -> Workbook:
        """Operations change models in place; run every rule (and text cleaning) again."""
        try:
            raw = data.model_dump(warnings=False) if isinstance(data, Workbook) else data
            return Workbook.model_validate(raw)
        except ValidationError as exc:
            raise InvalidEdit(_error_details(exc)) from None

    def update(self, workbook_id: str, operation: Operation) -> Workbook:
        """Apply `operation` to the workbook as it is on disk now, and save the result.

        The operation gets a private copy; it may raise StaleEdit or InvalidEdit to refuse. When it
        changes nothing, nothing is written and the revision stays. Returns the workbook as saved,
        shared with readers as `read` is: for showing, never for changing.
        """
        with self._lock(workbook_id):
            current = self._read(workbook_id)
            try:
                applied = operation(_copy(current))
            except ValidationError as exc:  # an operation built a model that breaks a rule
                raise InvalidEdit(_error_details(exc)) from None
            changed = self._validated(applied)
            if changed == current:
                return current
            changed.revision = current.revision + 1
            changed.meta.updated = self.clock()
            self._write(changed, current.revision)
            return changed

    def create(
        self,
        organisation: str,
        title: str,
        language: str,
        pack: PackRef,
        *,
        round_date: dt.date | None = None,
    ) -> Workbook:
        """A new workbook with one empty assessment round against `pack`."""
        now = self.clock()
        day = round_date or now.date()
        with self._lock(_STORE_LOCK):
            workbook_id = unique_id(slugify(title or organisation), self.ids())
            workbook = self._validated(
                {
                    "schema_version": SCHEMA_VERSION,
                    "id": workbook_id,
                    "revision": 1,
                    "meta": {
                        "organisation": organisation,
                        "title": title,
                        "language": language,
                        "created": now,
                        "updated": now,
                    },
                    "assessments": [
                        {"id": f"{day:%Y-%m}", "date": day, "questionnaire": pack.model_dump()}
                    ],
                }
            )
            self._write(workbook, None)
        return workbook

    def import_bytes(self, data: bytes, source_name: str, packs: Packs) -> Workbook:
        """Add an uploaded workbook as a new one. Nothing existing is touched; a bad file raises
        FileProblems saying what is wrong and where."""
        name = source_name or "uploaded file"
        raw = parse_untrusted(data, name)
        if not isinstance(raw, dict):
            raise FileProblems([FileProblem(file=name, message="a workbook is a YAML mapping")])
        text = data.decode("utf-8-sig")
        try:
            workbook = Workbook.model_validate(raw)
        except ValidationError as exc:
            raise problems_from_validation(exc, text, name) from None
        missing = [
            (
                ("assessments", i, "questionnaire"),
                f"questionnaire {a.questionnaire.id} version "
                f"{a.questionnaire.version} is not installed in questionnaires/",
            )
            for i, a in enumerate(workbook.assessments)
            if (a.questionnaire.id, a.questionnaire.version) not in packs.packs
        ]
        if missing:
            raise problems_at(text, name, missing)
        with self._lock(_STORE_LOCK):
            workbook.id = unique_id(workbook.id, self.ids())
            workbook.revision = 1
            workbook.meta.updated = self.clock()
            self._write(workbook, None)
        return workbook

    # ---- delete, trash, history --------------------------------------------------------------
    def delete(self, workbook_id: str) -> Deleted:
        """Move the workbook to the trash, from where `restore_deleted` brings it back."""
        path = self.path(workbook_id)
        title = self._read(workbook_id).meta.title
        now = dt.datetime.now(dt.UTC)
        key = f"{workbook_id}--{now:%Y%m%dT%H%M%S%f}"
        with self._lock(workbook_id):
            try:
                self._trash_dir.mkdir(exist_ok=True)
                path.replace(self._trash_dir / f"{key}.yaml")
                _fsync_dir(self.root)
            except FileNotFoundError:
                raise WorkbookNotFound(f"there is no workbook {workbook_id!r}") from None
            except OSError as exc:
                raise _write_failure(exc) from None
        self._cache.pop(path, None)
        return Deleted(key=key, id=workbook_id, title=title, deleted=now.replace(microsecond=0))

    def deleted(self) -> list[Deleted]:
        """The trash, most recently deleted first."""
        out = []
        for path in self._trash_dir.glob("*.yaml"):
            match = _TRASH_NAME.match(path.stem)
            if not match:
                continue
            try:
                title = self._load(path, match["id"]).meta.title
            except (FileProblems, OSError):
                title = match["id"]
            stamp = dt.datetime.strptime(match["stamp"][:15], "%Y%m%dT%H%M%S").replace(
                tzinfo=dt.UTC
            )
            out.append(Deleted(key=path.stem, id=match["id"], title=title, deleted=stamp))
        return sorted(out, key=lambda d: d.key.split("--")[1], reverse=True)

    def restore_deleted(self, key: str) -> Workbook:
        """Bring a deleted workbook back, under its old id if that is still free."""
        match = _TRASH_NAME.match(key)
        if not match:
            raise WorkbookNotFound(f"{key!r} is not in the trash")
        source = self._inside(self._trash_dir / f"{key}.yaml")
        with self._lock(_STORE_LOCK):
            try:
                workbook = self._parse(read_capped(source), match["id"])
            except FileNotFoundError:
                raise WorkbookNotFound(f"{key!r} is not in the trash") from None
            workbook.id = unique_id(workbook.id, self.ids())
            self._write(workbook, None)
            source.unlink()
        return workbook

    def history(self, workbook_id: str) -> list[Version]:
        """Earlier saved versions of a workbook, newest first."""
        folder = self._history_dir(workbook_id)
        versions = []
        for path in folder.glob("*.yaml"):
            if path.stem.isdigit():
                saved = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(
                    microsecond=0
                )
                versions.append(Version(revision=int(path.stem), saved=saved))
        return sorted(versions, key=lambda v: v.revision, reverse=True)

    def version(self, workbook_id: str, revision: int) -> Workbook:
        """An earlier saved version, shared with readers as `read` is: for showing, never for
        changing."""
        source = self._history_dir(workbook_id) / f"{int(revision):06d}.yaml"
        try:
            return self._load(source, workbook_id)
        except FileNotFoundError:
            raise StoreError(f"revision {revision}", "not_in_history") from None

    def restore_version(self, workbook_id: str, revision: int) -> Workbook:
        """Make an earlier version the current one again, as a new revision (nothing is dropped)."""
        earlier = self.version(workbook_id, revision)

        def bring_back(_: Workbook) -> Workbook:
            return earlier

        return self.update(workbook_id, bring_back)


def open_data_folder(root: Path, examples: Path) -> Store:
    """The store of `root`. A folder that does not exist yet is created with the example
    workbooks in it, so a first run opens onto a filled-in result."""
    fresh = not root.exists()
    store = Store(root)
    if fresh:
        for path in sorted(examples.glob("*.yaml")):
            store._write(store._parse(read_capped(path), path.stem), None)
    return store
