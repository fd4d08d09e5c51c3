"""The architecture's rules, checked on the source: they fail the build when broken."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from cxworkbook import PROJECT_ROOT
from cxworkbook.steps import HOME, STEPS

LIBRARY = PROJECT_ROOT / "cxworkbook"
PAGES = PROJECT_ROOT / "app_pages"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _python_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


def test_only_the_ui_package_imports_streamlit():
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in _python_files(LIBRARY)
        if "ui" not in path.relative_to(LIBRARY).parts[:1]
        and any(name == "streamlit" or name.startswith("streamlit.") for name in _imports(path))
    ]
    assert offenders == []


def test_the_check_above_would_see_a_streamlit_import(tmp_path):
    sneaky = tmp_path / "sneaky.py"
    sneaky.write_text("from streamlit import session_state\n", encoding="utf-8")
    assert "streamlit" in _imports(sneaky)


def test_pages_do_no_parsing_or_file_io():
    forbidden = {"yaml", "json", "os", "pathlib", "shutil", "pydantic", "pickle"}
    for path in _python_files(PAGES):
        assert not (_imports(path) & forbidden), path.name
        assert not re.search(r"\bopen\(", path.read_text(encoding="utf-8")), path.name


def test_pages_draw_tables_and_charts_through_the_helpers_that_keep_their_arrow():
    """`st.dataframe` and the chart calls convert their data on every rerun; `cxworkbook.ui.charts`
    converts it once per table."""
    pattern = re.compile(r"\.(dataframe|table|vega_lite_chart|altair_chart)\(")
    for path in [PROJECT_ROOT / "frame.py", *_python_files(PAGES)]:
        assert not pattern.search(path.read_text(encoding="utf-8")), path.name
    assert pattern.search("st.expander('x').dataframe(table)")


def test_no_user_text_can_become_html():
    """The one piece of HTML the app draws is its own script, a file of the package read as it
    is (browser.js): any other `.html(` call, or HTML let through Markdown, fails."""
    pattern = re.compile(r"unsafe_allow_html\s*=\s*True|\.html\(|components\.v1")
    seam = LIBRARY / "ui" / "internals.py"
    the_script = (
        'st.sidebar.html(f"<script>{BROWSER_SCRIPT}</script>", unsafe_allow_javascript=True)'
    )
    read_as_is = (
        'BROWSER_SCRIPT = Path(__file__).with_name("browser.js").read_text(encoding="utf-8")'
    )
    assert seam.read_text(encoding="utf-8").count(the_script) == 1
    assert read_as_is in seam.read_text(encoding="utf-8")
    for path in [PROJECT_ROOT / "frame.py", *_python_files(LIBRARY), *_python_files(PAGES)]:
        source = path.read_text(encoding="utf-8").replace(the_script, "")
        assert not pattern.search(source), path.name
    assert pattern.search("st.sidebar.html(notes)")
    assert pattern.search("import streamlit.components.v1 as components")


PUBLIC_STREAMLIT = {"streamlit", "streamlit.delta_generator", "streamlit.starlette"}


def _streamlit_modules(path: Path) -> set[str]:
    """Streamlit's modules `path` imports, `from streamlit import x` counted as streamlit.x."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "streamlit":
            found |= {f"streamlit.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] == "streamlit"}


def test_what_streamlit_does_not_promise_is_used_in_one_module_only():
    """Streamlit's own modules beyond its public API, used by the app: only in `internals`
    (and `config` in the server's host check), so an upgrade has one place to look."""
    allowed = {
        LIBRARY / "ui" / "internals.py": {
            "streamlit.dataframe_util",
            "streamlit.elements.lib.column_types",
        }
    }
    allowed[LIBRARY / "ui" / "server.py"] = {"streamlit.config"}
    for path in [PROJECT_ROOT / "frame.py", PROJECT_ROOT / "app.py", *_python_files(LIBRARY)]:
        private = _streamlit_modules(path) - PUBLIC_STREAMLIT - allowed.get(path, set())
        assert not private, path.name
    assert "streamlit.dataframe_util" in _streamlit_modules(LIBRARY / "ui" / "internals.py")


def test_the_streamlit_installed_is_the_one_the_internals_were_checked_with():
    """On an upgrade this fails until each item in `cxworkbook.ui.internals` has been checked
    again (README: "Upgrading Streamlit") and its version written there."""
    import streamlit

    from cxworkbook.ui.internals import CHECKED_WITH

    assert streamlit.__version__ == CHECKED_WITH


def test_yaml_is_only_read_with_the_safe_loader():
    unsafe = re.compile(
        r"yaml\.(unsafe_load|full_load)|Loader\s*=\s*yaml\.(Full|Unsafe)?Loader\b|pickle"
    )
    for path in _python_files(LIBRARY):
        assert not unsafe.search(path.read_text(encoding="utf-8")), path.name


def test_every_step_has_its_page_and_every_page_its_step():
    from cxworkbook.ui.nav import PARTICIPANT_PAGE

    assert sorted([PARTICIPANT_PAGE, *(s.page for s in (HOME, *STEPS))]) == sorted(
        path.relative_to(PROJECT_ROOT).as_posix() for path in PROJECT_ROOT.glob("app_pages/*.py")
    )
