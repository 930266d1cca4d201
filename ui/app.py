"""The palermo web interface: `palermo ui` (or `streamlit run ui/app.py`).

Settings are read here, once per session; pages reach the API only through ui/client.py.
The pages live in ui/views/, not ui/pages/: a pages/ folder beside the entry script switches Streamlit to its
legacy multipage mode on deep links (/sources ran the page without this script and listed raw file names).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from corpora.settings import load_settings
from ui.context import STATE_KEY, UiContext, current, install

ICON = Path(__file__).parent / "assets" / "palermo.png"  # a file: a ':material/...' page icon is fetched from a CDN
st.set_page_config(page_title="palermo", page_icon=str(ICON), layout="wide")

if STATE_KEY not in st.session_state:
    install(UiContext.from_settings(load_settings()))

context = current()
if not context.client.is_up():
    st.error(f"**The palermo service is not reachable** at {context.api_url}. Start it with `palermo serve` "
             "(or `make run`); this page works again as soon as it is back.", icon=":material/cloud_off:")

pages = [
    st.Page("views/ask.py", title="Ask", icon=":material/chat:", default=True),
    st.Page("views/draft.py", title="Draft a request", icon=":material/edit_document:"),
    st.Page("views/translate.py", title="Translate", icon=":material/translate:"),
    st.Page("views/sources.py", title="Sources", icon=":material/menu_book:"),
    st.Page("views/evaluate.py", title="Evaluate", icon=":material/monitoring:"),
]
st.navigation(pages).run()
