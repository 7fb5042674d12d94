"""Editor accounts: hashes only, sign-in, lock-out, first-run password, roles."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker import auth
from tracker.errors import InputError

PASSWORD = "đúng-mật-khẩu-42"


def test_password_is_stored_only_as_a_salted_hash(store) -> None:
    auth.set_editor(store, "officer", PASSWORD, created_by="admin")
    auth.set_editor(store, "other", PASSWORD, created_by="admin")
    hashes = [
        r[0] for r in store.rows("SELECT password_hash FROM editor_accounts ORDER BY account_id")
    ]
    assert all(PASSWORD not in h for h in hashes)
    assert hashes[0] != hashes[1]  # same password, different salt
    assert auth.verify_password(PASSWORD, hashes[0])
    assert not auth.verify_password("sai", hashes[0])


def test_sign_in_and_session_expiry(store) -> None:
    auth.set_editor(store, "Officer", PASSWORD, created_by="admin")
    now = dt.datetime(2025, 7, 7, 8, 0, tzinfo=dt.UTC)
    editor = auth.sign_in(store, "officer", PASSWORD, now=now)  # user names ignore case
    assert editor.user_name == "Officer" and editor.role == "editor"
    assert editor.is_valid(now + dt.timedelta(hours=7))
    assert not editor.is_valid(now + dt.timedelta(hours=auth.SESSION_HOURS, seconds=1))


def test_wrong_passwords_lock_the_account(store) -> None:
    auth.set_editor(store, "officer", PASSWORD, created_by="admin")
    for attempt in range(auth.MAX_FAILURES - 1):
        with pytest.raises(auth.AuthError) as wrong:
            auth.sign_in(store, "officer", "not the password")
        assert "Sai tên đăng nhập hoặc mật khẩu" in wrong.value.vi
        assert f"{auth.MAX_FAILURES - 1 - attempt} more tries" in wrong.value.en
    with pytest.raises(auth.AuthError) as fifth:
        auth.sign_in(store, "officer", "not the password")
    assert "locked" in fifth.value.en
    with pytest.raises(auth.AuthError) as locked:
        auth.sign_in(store, "officer", PASSWORD)  # even the right password is refused now
    assert "khoá" in locked.value.vi and "locked" in locked.value.en
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=auth.LOCK_MINUTES + 1)
    assert auth.sign_in(store, "officer", PASSWORD, now=later).user_name == "officer"


def test_unknown_user_and_disabled_account_cannot_sign_in(store) -> None:
    with pytest.raises(auth.AuthError):
        auth.sign_in(store, "nobody", PASSWORD)
    auth.set_editor(store, "officer", PASSWORD, created_by="admin")
    auth.set_editor(store, "officer", None, role="disabled", created_by="admin")
    with pytest.raises(auth.AuthError):
        auth.sign_in(store, "officer", PASSWORD)
    assert auth.list_editors(store) == [("officer", "disabled")]


def test_first_run_creates_one_admin_with_a_one_time_password(store) -> None:
    password = auth.ensure_bootstrap_editor(store)
    assert password is not None and len(password) >= 12
    editor = auth.sign_in(store, auth.BOOTSTRAP_USER, password)
    assert editor.role == "admin" and editor.must_change_password
    assert auth.ensure_bootstrap_editor(store) is None  # never a second one


def test_short_passwords_are_refused(store) -> None:
    with pytest.raises(InputError):
        auth.set_editor(store, "officer", "short", created_by="admin")


def test_oidc_email_maps_to_a_role(store) -> None:
    auth.set_editor(store, "can.bo@langson.gov.vn", None, created_by="admin")
    assert auth.editor_for_email(store, "Can.Bo@langson.gov.vn").role == "editor"
    assert auth.editor_for_email(store, "someone@example.com") is None
