"""Where workbooks are kept: the storage protocol, its implementations, and the services every
store shares (making, importing and exporting workbooks)."""

from __future__ import annotations

from pathlib import Path

from cxworkbook.store.files import DATA_ENV, FileStore, default_data_dir
from cxworkbook.store.protocol import Deleted, WorkbookInfo, WorkbookStore
from cxworkbook.store.workbooks import seed_examples

__all__ = [
    "DATA_ENV",
    "Deleted",
    "FileStore",
    "WorkbookInfo",
    "WorkbookStore",
    "default_data_dir",
    "open_data_folder",
]


def open_data_folder(root: Path, examples: Path) -> FileStore:
    """The store of the folder `root`. A folder that does not exist yet is created with the
    example workbooks in it, so a first run opens onto a filled-in result."""
    fresh = not root.exists()
    store = FileStore(root)
    if fresh:
        seed_examples(store, examples)
    return store


def open_store(examples: Path) -> WorkbookStore:
    """The store this app is set up to use: the data folder ($CXWORKBOOK_DATA or ./workbooks)."""
    return open_data_folder(default_data_dir().resolve(), examples)
