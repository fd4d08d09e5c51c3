"""A consultancy's own look: a reference Word file (its styles, fonts, colours, header with a
logo) and a PowerPoint template (its masters and layouts), given once and used by every export.
Without them, the clean default.

They are kept in the data folder's `look/` under fixed names, never a name a user gave. A file
given is checked before it replaces anything: its size, what its ZIP would unpack to, and that
python-docx or python-pptx opens it.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import docx
import pptx

Kind = Literal["docx", "pptx"]
FILES: dict[Kind, str] = {"docx": "reference.docx", "pptx": "template.pptx"}
MAX_BYTES = 5_000_000
MAX_UNPACKED_BYTES = 50_000_000  # a small file that unpacks to gigabytes is not a template


@dataclass(frozen=True)
class Look:
    docx: bytes | None = None
    pptx: bytes | None = None


PLAIN = Look()  # python-docx's and python-pptx's own styles and masters


class BadTemplate(Exception):
    """A file that cannot serve as a reference document or template; says why in a line."""


def look_folder(data_folder: Path) -> Path:
    return data_folder / "look"


def read_look(data_folder: Path) -> Look:
    folder = look_folder(data_folder)
    found = {kind: folder / name for kind, name in FILES.items()}
    return Look(**{kind: path.read_bytes() for kind, path in found.items() if path.is_file()})


def given(data_folder: Path) -> set[Kind]:
    """Which of the look's files have been given: what a page shows, without reading them."""
    folder = look_folder(data_folder)
    return {kind for kind, name in FILES.items() if (folder / name).is_file()}


def check_template(kind: Kind, data: bytes) -> None:
    """Raise BadTemplate unless `data` is a Word file (`docx`) or a PowerPoint file (`pptx`)
    that opens."""
    if len(data) > MAX_BYTES:
        raise BadTemplate(f"larger than {MAX_BYTES // 1_000_000} MB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        raise BadTemplate("not a Word or PowerPoint file") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise BadTemplate(f"unpacks to more than {MAX_UNPACKED_BYTES // 1_000_000} MB")
    try:
        (docx.Document if kind == "docx" else pptx.Presentation)(io.BytesIO(data))
    except Exception as exc:  # whatever the library finds wrong with it, the file is not one
        raise BadTemplate(f"does not open as a {kind.upper()} file: {exc}") from None


def save_template(data_folder: Path, kind: Kind, data: bytes) -> None:
    """Keep `data` as the look's `kind`, once checked; written atomically."""
    check_template(kind, data)
    folder = look_folder(data_folder)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    Path(temporary).replace(folder / FILES[kind])


def remove_template(data_folder: Path, kind: Kind) -> None:
    (look_folder(data_folder) / FILES[kind]).unlink(missing_ok=True)
