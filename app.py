"""CX Workbook: `streamlit run app.py` serves the workbook (`frame.py` and its pages) behind the
server's own rules (`cxworkbook.ui.server`)."""

from starlette.middleware import Middleware
from streamlit.starlette import App

from cxworkbook.ui.server import AllowedHostsOnly, RoomGate

app = App("frame.py", middleware=[Middleware(AllowedHostsOnly), Middleware(RoomGate)])
