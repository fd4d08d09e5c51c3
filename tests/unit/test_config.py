"""The shipped Streamlit configuration keeps the workbook on this laptop."""

from __future__ import annotations

import tomllib

from cxworkbook import PROJECT_ROOT

CONFIG = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def test_the_server_listens_on_localhost_only():
    assert CONFIG["server"]["address"] == "127.0.0.1"
    assert set(CONFIG["server"]["allowedHosts"]) <= {"localhost", "127.0.0.1"}


def test_protections_on_and_uploads_small():
    server = CONFIG["server"]
    assert server["enableXsrfProtection"] is True and server["enableCORS"] is True
    assert server["maxUploadSize"] <= 2
    assert server["enableAgentApi"] is False


def test_no_usage_statistics_and_no_error_details():
    assert CONFIG["browser"]["gatherUsageStats"] is False
    assert CONFIG["client"]["showErrorDetails"] == "none"


def test_no_file_watcher_in_a_workshop():
    assert CONFIG["server"]["fileWatcherType"] == "none"


def test_no_whole_heap_collection_after_every_run():
    """Streamlit's collection after each run cost more than a phone's tap; Python's own
    collector still runs."""
    assert CONFIG["runner"]["postScriptGC"] is False
