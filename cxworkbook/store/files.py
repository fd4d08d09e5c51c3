"""The workbook store of one laptop: one YAML file per workbook in a data folder.

- Every update is a small operation applied to the freshly read file under a cross-process lock,
  so two tabs or two people editing different fields both land.
- The new text is parsed back and compared with what was meant, and refused if it is larger than
  a workbook may be read, before it replaces anything; then it is written to a temporary file,
  fsync'd and moved over the old one: a crash leaves the old or the new file, never a torn one.
- Each save bumps the revision and keeps the previous file in the history (by time, see
  `history`); deleting moves a workbook to a trash folder it can be restored from.
- Paths are built only from validated slugs and are checked to stay inside the data folder.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import ValidationError

from cxworkbook.edits import Operation
from cxworkbook.errors import SaveFailed, StoreError, WorkbookNotFound, refused
from cxworkbook.ids import is_slug, unique_id
from cxworkbook.model import Workbook
from cxworkbook.store.history import Version, versions_to_keep
from cxworkbook.store.kept import (
    Kept,
    KeptDeleted,
    KeptHistory,
    KeptVersion,
    KeptWorkbook,
    refuse_taken,
)
from cxworkbook.store.protocol import Deleted, WorkbookInfo
from cxworkbook.yamlio import (
    WORKBOOK_MAX_BYTES,
    FileProblem,
    FileProblems,
    parse_untrusted,
    problems_from_validation,
    read_capped,
)
from cxworkbook.yamlparts import Part, WouldChange, document

DATA_ENV = "CXWORKBOOK_DATA"
# What a list of workbooks shows, kept beside the files: each file's entry holds while the file
# is the one it was made from (inode, time and size), else the file is read again.
INDEX_NAME = ".index.json"
INDEX_MAX_BYTES = 50_000_000
LOCK_TIMEOUT = 10.0
THIN_EVERY = 20  # saves of a workbook between two looks at its history (a look stats every file)
_TRASH_NAME = re.compile(r"^(?P<id>[a-z0-9-]+)--(?P<stamp>\d{8}T\d{6}\d{6})$")
_STORE_LOCK = "_store"
_UMASK = os.umask(0o022)
os.umask(_UMASK)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def default_data_dir() -> Path:
    """The data folder: $CXWORKBOOK_DATA, or `workbooks/` under the working directory."""
    return Path(os.environ.get(DATA_ENV) or "workbooks")


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


def write_atomic(path: Path, text: str, saved: dt.datetime | None = None) -> None:
    """Write `text` to `path` so that a crash at any instant leaves the old or the new file; the
    file's time is `saved` when given (the history reads a version's time from its file)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if os.name == "posix":  # mkstemp makes the file private; a workbook is an ordinary file
            os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if saved is not None:
            stamp = saved.timestamp()
            os.utime(tmp, (stamp, stamp))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def serialise(workbook: Workbook, known: Part | None = None) -> Part:
    """The YAML text of a workbook, refused if reading it back would not give the same data or if
    it is larger than a workbook may be read.

    Only the parts that changed since `known` (the last save) are written and read back again;
    the text is the same as a dump of the whole workbook in one go (see `yamlparts`).
    """
    try:
        written = document(workbook.to_data(), known)
    except WouldChange as exc:
        raise SaveFailed(str(exc), "roundtrip") from None
    size = len(written.text.encode("utf-8"))
    if size > WORKBOOK_MAX_BYTES:
        raise SaveFailed(f"{size:,} bytes; the limit is {WORKBOOK_MAX_BYTES:,}", "too_large")
    return written


def parse_workbook(data: bytes, name: str) -> Workbook:
    """A workbook from a file's bytes; FileProblems naming the line and the field if it is not
    one."""
    raw = parse_untrusted(data, name, WORKBOOK_MAX_BYTES)
    if not isinstance(raw, dict):
        raise FileProblems([FileProblem(file=name, message="a workbook is a YAML mapping")])
    try:
        return Workbook.model_validate(raw)
    except ValidationError as exc:
        raise problems_from_validation(exc, data.decode("utf-8-sig"), name) from None


def _index_entry(workbook: Workbook, stat: list[int]) -> dict[str, Any]:
    meta = workbook.meta
    return {
        "stat": stat,
        "title": meta.title,
        "organisation": meta.organisation,
        "facilitator": meta.facilitator,
        "updated": meta.updated.isoformat(),
        "revision": workbook.revision,
    }


def _info(workbook_id: str, entry: dict[str, Any]) -> WorkbookInfo:
    return WorkbookInfo(
        workbook_id,
        str(entry["title"]),
        str(entry["organisation"]),
        dt.datetime.fromisoformat(entry["updated"]),
        int(entry["revision"]),
        facilitator=str(entry.get("facilitator", "")),
    )


def next_revision(
    current: Workbook, operation: Operation, clock: Callable[[], dt.datetime]
) -> Workbook:
    """`current` with `operation` applied to its plain data and validated, as its next revision
    saved now; `current` itself when nothing changed. Raises InvalidEdit (or the operation's
    StaleEdit) to refuse."""
    data = current.model_dump()
    operation(data)
    try:
        changed = Workbook.model_validate(data)
    except ValidationError as exc:
        raise refused(exc) from None
    if changed == current:
        return current
    return changed.model_copy(
        update={
            "id": current.id,
            "revision": current.revision + 1,
            "meta": changed.meta.model_copy(update={"updated": clock()}),
        }
    )


def _stat_key(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _moment(path: Path) -> dt.datetime:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).replace(microsecond=0)


class FileStore:
    """Workbooks as YAML files in a data folder (see the module's docstring)."""

    def __init__(
        self,
        root: Path,
        *,
        clock: Callable[[], dt.datetime] = utc_now,
        lock_timeout: float = LOCK_TIMEOUT,
    ) -> None:
        self.root = root.resolve()
        self.clock = clock
        self.lock_timeout = lock_timeout
        self._cache: dict[Path, tuple[tuple[int, int, int], Workbook]] = {}
        self._written: dict[str, Part] = {}
        self._saves: dict[str, int] = {}
        self._thread_locks: dict[str, threading.Lock] = {}
        self._index: dict[str, dict[str, Any]] | None = None  # see `list`
        self.root.mkdir(parents=True, exist_ok=True)
        self._remove_stale_temp_files()

    # ---- paths -------------------------------------------------------------------------------
    def _inside(self, path: Path) -> Path:
        if not path.resolve().is_relative_to(self.root):
            raise StoreError("refused a path outside the data folder")
        return path

    def path(self, workbook_id: str) -> Path:
        """The workbook's file: a name in the data folder, never a link that leads out of it."""
        if not is_slug(workbook_id):
            raise WorkbookNotFound(f"{workbook_id!r} is not a workbook id")
        path = self.root / f"{workbook_id}.yaml"
        # A slug names a file in the (resolved) folder itself, so only a link can lead elsewhere;
        # asking whether it is one takes one system call, resolving one per folder above it.
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
        waiting save would sleep after the one before it had finished."""
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
            if not is_slug(workbook_id):
                continue
            with suppress(Timeout, OSError):
                lock = FileLock(self.root / ".locks" / f"{workbook_id}.lock", timeout=0)
                with lock:
                    tmp.unlink(missing_ok=True)

    # ---- reading -----------------------------------------------------------------------------
    def _load(self, path: Path, workbook_id: str) -> Workbook:
        """Parse a file once per version of it: the cache key changes with every replace. The
        file's name is its id: a copied file opens as the copy, not as the original."""
        key = _stat_key(path)
        cached = self._cache.get(path)
        if cached and cached[0] == key:
            return cached[1]
        workbook = parse_workbook(read_capped(path, WORKBOOK_MAX_BYTES), f"{workbook_id}.yaml")
        if workbook.id != workbook_id:
            workbook = workbook.model_copy(update={"id": workbook_id})
        self._cache[path] = (key, workbook)
        return workbook

    def read(self, workbook_id: str) -> Workbook:
        try:
            return self._load(self.path(workbook_id), workbook_id)
        except FileNotFoundError:
            raise WorkbookNotFound(f"there is no workbook {workbook_id!r}") from None

    def ids(self) -> set[str]:
        return {p.stem for p in self.root.glob("*.yaml") if is_slug(p.stem)}

    def _taken(self) -> set[str]:
        """Ids a new workbook may not take: a history belongs to one workbook for its whole
        life, so the ids of workbooks in the trash or with a history stay theirs."""
        history = self.root / ".history"
        kept = {p.name for p in history.iterdir()} if history.is_dir() else set()
        return self.ids() | {d.id for d in self.deleted()} | kept

    def list(self) -> list[WorkbookInfo]:
        """Read from the index beside the files where a file is as the index last saw it, so a
        library of hundreds opens without parsing each; the index is brought up to date. The
        file is read once per store; after that its copy in memory is checked the same way."""
        if self._index is None:
            self._index = self._read_index()
        index = self._index
        infos, fresh = [], {}
        for workbook_id in self.ids():
            path = self.path(workbook_id)
            try:
                key = list(_stat_key(path))
            except OSError:
                continue
            entry = index.get(workbook_id)
            if entry is None or entry.get("stat") != key:
                try:
                    entry = _index_entry(self.read(workbook_id), key)
                except FileProblems as exc:
                    infos.append(WorkbookInfo(workbook_id, workbook_id, "", None, None, str(exc)))
                    continue
                except (WorkbookNotFound, OSError):
                    continue
            fresh[workbook_id] = entry
            infos.append(_info(workbook_id, entry))
        if fresh != index:
            self._index = fresh
            with suppress(OSError):  # an index that cannot be written is made again next time
                write_atomic(self.root / INDEX_NAME, json.dumps(fresh, ensure_ascii=False))
        epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
        return sorted(infos, key=lambda i: (i.updated or epoch, i.id), reverse=True)

    def _read_index(self) -> dict[str, dict[str, Any]]:
        """The index as last written, or empty if it is missing or cannot be read."""
        try:
            index = json.loads(read_capped(self.root / INDEX_NAME, INDEX_MAX_BYTES))
        except (OSError, ValueError, FileProblems):
            return {}
        return index if isinstance(index, dict) else {}

    # ---- writing -----------------------------------------------------------------------------
    def _write(self, workbook: Workbook, previous_revision: int | None) -> None:
        """Save `workbook`, which from then on is shared with readers."""
        path = self.path(workbook.id)
        written = serialise(workbook, self._written.get(workbook.id))
        try:
            if previous_revision is not None and path.exists():
                self._keep_history(workbook.id, previous_revision, path)
            write_atomic(path, written.text, workbook.meta.updated)
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
        saves = self._saves.get(workbook_id, 0) + 1
        self._saves[workbook_id] = saves
        if saves % THIN_EVERY == 1:
            self._thin_history(workbook_id)

    def _thin_history(self, workbook_id: str) -> None:
        versions = self.history(workbook_id)
        keep = {v.revision for v in versions_to_keep(versions, self.clock())}
        folder = self._history_dir(workbook_id)
        for version in versions:
            if version.revision not in keep:
                old = folder / f"{version.revision:06d}.yaml"
                old.unlink(missing_ok=True)
                self._cache.pop(old, None)

    def update(self, workbook_id: str, operation: Operation) -> Workbook:
        with self._lock(workbook_id):
            current = self.read(workbook_id)
            saved = next_revision(current, operation, self.clock)
            if saved is not current:
                self._write(saved, current.revision)
            return saved

    def add(self, workbook: Workbook) -> Workbook:
        with self._lock(_STORE_LOCK):
            added = workbook.model_copy(
                update={"id": unique_id(workbook.id, self._taken()), "revision": 1}
            )
            self._write(added, None)
        return added

    # ---- delete, trash, history --------------------------------------------------------------
    def delete(self, workbook_id: str) -> Deleted:
        path = self.path(workbook_id)
        title = self.read(workbook_id).meta.title
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
        self._written.pop(workbook_id, None)
        return Deleted(key=key, id=workbook_id, title=title, deleted=now.replace(microsecond=0))

    def deleted(self) -> list[Deleted]:
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
        """Bring a deleted workbook back under its own id, with its history (no other workbook
        can have taken the id meanwhile)."""
        match = _TRASH_NAME.match(key)
        if not match:
            raise WorkbookNotFound(f"{key!r} is not in the trash")
        source = self._inside(self._trash_dir / f"{key}.yaml")
        with self._lock(_STORE_LOCK):
            try:
                workbook = self._load(source, match["id"])
            except FileNotFoundError:
                raise WorkbookNotFound(f"{key!r} is not in the trash") from None
            if workbook.id in self.ids():  # made by a version that handed ids out again
                workbook = workbook.model_copy(update={"id": unique_id(workbook.id, self._taken())})
            self._write(workbook, None)
            source.unlink()
            self._cache.pop(source, None)
        return workbook

    def history(self, workbook_id: str) -> list[Version]:
        folder = self._history_dir(workbook_id)
        versions = []
        for path in folder.glob("*.yaml"):
            if path.stem.isdigit():
                with suppress(FileNotFoundError):
                    stat = path.stat()
                    saved = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).replace(microsecond=0)
                    versions.append(Version(int(path.stem), saved, stat.st_size))
        return sorted(versions, key=lambda v: v.revision, reverse=True)

    def version(self, workbook_id: str, revision: int) -> Workbook:
        source = self._history_dir(workbook_id) / f"{int(revision):06d}.yaml"
        try:
            return self._load(source, workbook_id)
        except FileNotFoundError:
            raise StoreError(f"revision {revision}", "not_in_history") from None

    def restore_version(self, workbook_id: str, revision: int) -> Workbook:
        earlier = self.version(workbook_id, revision).model_dump()

        def bring_back(data: dict) -> None:
            data.clear()
            data.update(earlier)

        return self.update(workbook_id, bring_back)

    # ---- moving to another store ---------------------------------------------------------------
    def kept(self) -> Kept:
        """Everything kept here, as it is (see `migrate`)."""
        history_root = self.root / ".history"
        histories = []
        for folder in sorted(history_root.iterdir()) if history_root.is_dir() else []:
            if is_slug(folder.name):
                versions = tuple(
                    KeptVersion(v.revision, v.saved, self._text(folder / f"{v.revision:06d}.yaml"))
                    for v in self.history(folder.name)
                )
                histories.append(KeptHistory(folder.name, versions))
        return Kept(
            workbooks=tuple(KeptWorkbook(i, self._text(self.path(i))) for i in sorted(self.ids())),
            histories=tuple(histories),
            trash=tuple(
                KeptDeleted(d.key, d.id, d.deleted, self._text(self._trash_dir / f"{d.key}.yaml"))
                for d in self.deleted()
            ),
        )

    def _text(self, path: Path) -> str:
        return read_capped(path, WORKBOOK_MAX_BYTES).decode("utf-8")

    def keep(self, kept: Kept) -> None:
        """Take `kept` as it is: each text in its file, each file dated as it was."""
        with self._lock(_STORE_LOCK):
            refuse_taken(self._taken(), kept)
            try:
                for history in kept.histories:
                    folder = self._history_dir(history.id)
                    folder.mkdir(parents=True, exist_ok=True)
                    for v in history.versions:
                        write_atomic(folder / f"{v.revision:06d}.yaml", v.text, v.saved)
                for workbook in kept.workbooks:
                    updated = parse_workbook(
                        workbook.text.encode("utf-8"), workbook.id
                    ).meta.updated
                    write_atomic(self.path(workbook.id), workbook.text, updated)
                if kept.trash:
                    self._trash_dir.mkdir(exist_ok=True)
                for deleted in kept.trash:
                    if not _TRASH_NAME.match(deleted.key):
                        raise StoreError(f"{deleted.key!r} is not a trash key")
                    write_atomic(self._trash_dir / f"{deleted.key}.yaml", deleted.text)
            except OSError as exc:
                raise _write_failure(exc) from None
