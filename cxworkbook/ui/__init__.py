"""Streamlit helpers shared by the pages. The only place, with the pages, that imports streamlit."""
