"""CX Workbook: the frame around the pages. Run with `streamlit run app.py`."""

import streamlit as st

from cxworkbook.ui.context import one_run
from cxworkbook.ui.frame import language_picker, obey_the_menu, show_frame
from cxworkbook.ui.nav import menu_pages
from cxworkbook.ui.saving import edit_arrived

with one_run():
    st.set_page_config(page_title="CX Workbook", page_icon=":material/explore:", layout="wide")
    edit = edit_arrived()
    language_picker()
    pages = menu_pages()
    page = st.navigation(pages)
    obey_the_menu(page, pages, edit)
    show_frame()
    page.run()
