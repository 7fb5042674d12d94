"""Who is using the app: sign-in form, session expiry, OIDC, and the optional viewing gate."""

from __future__ import annotations

import os
import sys

import streamlit as st

from tracker.auth import (
    BOOTSTRAP_USER,
    AuthError,
    Editor,
    editor_for_email,
    ensure_bootstrap_editor,
    sign_in,
    viewing_requires_sign_in,
)
from tracker.store import Store
from tracker.ui_text import t as ui_t

SESSION_KEY = "editor"


def t(key: str, lang: str, **fields: object) -> str:
    return ui_t(f"access_{key}", lang).format(**fields)


def oidc_enabled() -> bool:
    """Streamlit's OIDC sign-in replaces passwords when ``TRACKER_AUTH=oidc``."""
    return os.environ.get("TRACKER_AUTH", "password").lower() == "oidc"


@st.cache_resource
def bootstrap_editor(_store: Store) -> bool:
    """Once per server process: with no editor yet, create 'admin' with a one-time password and
    print it on the server console only (like a notebook token), never on the page."""
    if oidc_enabled():
        return False
    password = ensure_bootstrap_editor(_store)
    if password is not None:
        print(
            f"\ntracker: no editor account existed, so one was created.\n"
            f"  user: {BOOTSTRAP_USER}\n  one-time password: {password}\n"
            "  (it must be changed at first sign-in; manage accounts with "
            "'python -m tracker editor ...')\n",
            file=sys.stderr,
            flush=True,
        )
    return password is not None


def current_account(store: Store, lang: str) -> Editor | None:
    """The signed-in account of this browser session, if any and still valid."""
    account: Editor | None = st.session_state.get(SESSION_KEY)
    if account is not None and not account.is_valid():
        del st.session_state[SESSION_KEY]
        st.warning(t("expired", lang))
        account = None
    if account is None and oidc_enabled() and st.user.is_logged_in:
        account = editor_for_email(store, str(st.user.email))
        if account is not None:
            st.session_state[SESSION_KEY] = account
    return account


def account_bar(account: Editor, lang: str, key: str) -> None:
    """Who is signed in, with a sign-out button."""
    left, right = st.columns([4, 1])
    left.caption(
        t(
            "signed_in",
            lang,
            user=account.user_name,
            role=account.role,
            scope=account.scope.describe(lang),
        )
    )
    if right.button(t("sign_out", lang), key=key):
        for name in (SESSION_KEY, "prepared", "prepared_for"):
            st.session_state.pop(name, None)
        if oidc_enabled() and st.user.is_logged_in:
            st.logout()
        st.rerun()


def sign_in_form(store: Store, lang: str, key: str) -> None:
    """The sign-in form; on success the session holds the account and the page reruns."""
    if oidc_enabled():
        if st.button(t("sign_in", lang), key=f"{key}_oidc"):
            st.login()
        return
    with st.form(f"{key}_form"):
        user = st.text_input(t("user", lang), key=f"{key}_user")
        password = st.text_input(t("password", lang), type="password", key=f"{key}_password")
        submitted = st.form_submit_button(t("sign_in", lang))
    if submitted:
        try:
            st.session_state[SESSION_KEY] = sign_in(store, user, password)
        except AuthError as exc:
            st.error(exc.message(lang))
            return
        st.rerun()


def require_view_access(store: Store, lang: str) -> bool:
    """True when this session may view; otherwise draws the sign-in form and returns False.

    Viewing is open to anyone unless the administrator created viewer accounts.
    """
    bootstrap_editor(store)
    if not viewing_requires_sign_in(store) or current_account(store, lang) is not None:
        return True
    st.info(t("gate", lang))
    sign_in_form(store, lang, key="gate")
    return False
