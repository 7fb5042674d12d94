"""Streamlit page parts. Only app.py and this package import Streamlit; tracker never does."""
