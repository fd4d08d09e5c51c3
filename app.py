"""CX Workbook: the frame around the pages. Run with `streamlit run app.py`."""

import streamlit as st

from cxworkbook.ui.context import t
from cxworkbook.ui.frame import language_picker, obey_the_menu, show_frame
from cxworkbook.ui.saving import edit_arrived

st.set_page_config(page_title="CX Workbook", page_icon=":material/explore:", layout="wide")
edit = edit_arrived()
language_picker()
pages = [
    st.Page("app_pages/home.py", title=t("nav.home"), icon=":material/home:", default=True),
    st.Page("app_pages/assessment.py", title=t("nav.assessment"), icon=":material/insights:"),
    st.Page("app_pages/crm.py", title=t("nav.crm"), icon=":material/database:"),
    st.Page("app_pages/goals.py", title=t("nav.goals"), icon=":material/flag:"),
    st.Page("app_pages/journey.py", title=t("nav.journey"), icon=":material/route:"),
    st.Page("app_pages/vision.py", title=t("nav.vision"), icon=":material/visibility:"),
]
page = st.navigation(pages)
obey_the_menu(page, pages, edit)
show_frame()
page.run()
