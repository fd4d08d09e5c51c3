"""The frame around every page: page settings, the sidebar (language, workbook, saved state) and
the menu; `app.py` serves it. A participant's phone gets the participant view and nothing else."""

import streamlit as st

from cxworkbook.ui.context import LANGUAGE_KEY, page_run
from cxworkbook.ui.fields import edit_arrived
from cxworkbook.ui.frame import ICON, language_picker, show_frame, stay_on_page
from cxworkbook.ui.nav import menu_pages, open_steps, participant_pages
from cxworkbook.ui.room import in_room
from cxworkbook.ui.url import keep_in_url

with page_run():
    if in_room():
        st.set_page_config(page_title="CX Workbook", page_icon=ICON, layout="centered")
        language_picker(st.container())
        keep_in_url(LANGUAGE_KEY)
        st.navigation(participant_pages(), position="hidden").run()
    else:
        st.set_page_config(page_title="CX Workbook", page_icon=ICON, layout="wide")
        edit = edit_arrived()
        language_picker(st.sidebar)
        pages = menu_pages(open_steps())
        page = st.navigation(pages)
        stay_on_page(page, pages, edit)
        show_frame()
        page.run()
