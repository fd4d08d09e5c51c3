"""Where workbooks are kept: the storage protocol, its implementations, and the services every
store shares (making, importing and exporting workbooks)."""

from __future__ import annotations

import os
from pathlib import Path

from cxworkbook.store.files import DATA_ENV, FileStore, default_data_dir
from cxworkbook.store.protocol import Deleted, WorkbookInfo, WorkbookStore
from cxworkbook.store.workbooks import seed_examples

DATABASE_ENV = "CXWORKBOOK_DATABASE_URL"

__all__ = [
    "DATABASE_ENV",
    "DATA_ENV",
    "Deleted",
    "FileStore",
    "WorkbookInfo",
    "WorkbookStore",
    "configured_store",
    "default_data_dir",
    "open_data_folder",
    "open_store",
]


def open_data_folder(root: Path, examples: Path) -> FileStore:
    """The store of the folder `root`. A folder that does not exist yet is created with the
    example workbooks in it, so a first run opens onto a filled-in result."""
    fresh = not root.exists()
    store = FileStore(root)
    if fresh:
        seed_examples(store, examples)
    return store


def open_database(url: str, examples: Path) -> WorkbookStore:
    """The store of the PostgreSQL database at `url`. An empty database gets the schema and the
    example workbooks, as a new data folder does; an older schema is upgraded."""
    from cxworkbook.store.postgres import PostgresStore  # only a team server needs psycopg

    store = PostgresStore(url)
    if store.created:
        seed_examples(store, examples)
    return store


def configured_store() -> str:
    """Where this app keeps its workbooks, as set in the environment: the database's URL
    ($CXWORKBOOK_DATABASE_URL), or else the data folder ($CXWORKBOOK_DATA or ./workbooks)."""
    return os.environ.get(DATABASE_ENV) or str(default_data_dir().resolve())


def is_database(where: str) -> bool:
    return where.startswith(("postgresql://", "postgres://"))


def open_store(where: str, examples: Path) -> WorkbookStore:
    """The store at `where`, a database's URL or a data folder (see `configured_store`)."""
    return (
        open_database(where, examples)
        if is_database(where)
        else open_data_folder(Path(where), examples)
    )
