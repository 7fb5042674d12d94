"""Accounts: salted password hashes, lock-out after repeated failures, first-run password.

Viewing needs no account unless the administrator creates viewer accounts. Uploading, undoing
and editing baselines need an editor. The command line is the administrator's tool on the server
and needs no login (whoever can run it can already write the database file).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from tracker.errors import InputError, TrackerError
from tracker.scopes import NATIONAL, Scope
from tracker.store import Store

ROLES = ("editor", "admin")  # may write
ACCOUNT_ROLES = ("viewer", *ROLES)  # may sign in
MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 8
MIN_PASSWORD_CHARS = 10
BOOTSTRAP_USER = "admin"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class AuthError(TrackerError):
    """Sign-in refused; the message says why without revealing which part was wrong."""


@dataclass(frozen=True)
class Editor:
    """A signed-in editor, valid until ``expires_at``."""

    user_name: str
    role: str
    must_change_password: bool
    expires_at: dt.datetime
    scope: Scope = NATIONAL  # the provinces this account may write

    def is_valid(self, now: dt.datetime | None = None) -> bool:
        return (now or _now()) < self.expires_at

    @property
    def can_write(self) -> bool:
        """Editors and admins upload and undo; a viewer account only reads."""
        return self.role in ROLES


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` with a fresh random salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """Constant-time check of ``password`` against a stored hash."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.encode("utf-8"),
        salt=bytes.fromhex(salt),
        dklen=len(digest) // 2,
        n=int(n),
        r=int(r),
        p=int(p),
    )
    return hmac.compare_digest(candidate.hex(), digest)


def _check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_CHARS:
        raise InputError(
            vi=f"Mật khẩu phải có ít nhất {MIN_PASSWORD_CHARS} ký tự.",
            en=f"The password must have at least {MIN_PASSWORD_CHARS} characters.",
        )


def set_editor(
    store: Store,
    user_name: str,
    password: str | None,
    *,
    role: str = "editor",
    created_by: str,
    must_change: bool = False,
    scope: Scope | None = None,
) -> None:
    """Create an editor, or give one a new password, role or scope (as a new row; the old one
    stays). Without ``scope`` an existing account keeps its own and a new one writes everywhere."""
    name = user_name.strip()
    if not name or len(name) > 200:
        raise InputError(vi="Tên đăng nhập không hợp lệ.", en="The user name is not valid.")
    if role not in (*ACCOUNT_ROLES, "disabled"):
        raise InputError(vi=f"Vai trò '{role}' không hợp lệ.", en=f"Role '{role}' is not valid.")
    if password is not None:
        _check_password_strength(password)
    if scope is None:
        current = store.query_row("account", user_name=name)
        scope = NATIONAL if current is None else Scope.parse(str(current[4]))
    # Inserts stay beside the code that binds their values; reads are named queries.
    with store.transaction() as tx:
        tx.execute(
            """INSERT INTO editor_accounts (user_name, role, password_hash, must_change,
                                            created_by, scope)
               VALUES ($user_name, $role, $password_hash, $must_change, $created_by, $scope)""",
            {
                "user_name": name,
                "role": role,
                "password_hash": None if password is None else hash_password(password),
                "must_change": must_change,
                "created_by": created_by,
                "scope": scope.stored(),
            },
        )


def list_editors(store: Store) -> list[tuple[str, str]]:
    """(user name, role) of every account in force, disabled ones included."""
    return [(name, role) for name, role, _ in list_accounts(store)]


def list_accounts(store: Store) -> list[tuple[str, str, Scope]]:
    """(user name, role, scope) of every account in force, disabled ones included."""
    return [(str(u), str(r), Scope.parse(str(s))) for u, r, s in store.query_rows("accounts")]


def has_editors(store: Store) -> bool:
    return any(role in ROLES for _, role in list_editors(store))


def viewing_requires_sign_in(store: Store) -> bool:
    """Viewing is open unless the administrator created at least one viewer account."""
    return any(role == "viewer" for _, role in list_editors(store))


def ensure_bootstrap_editor(store: Store) -> str | None:
    """On first run with no editor, create ``admin`` with a random one-time password and return
    it (to print on the server console, like a notebook token); otherwise return None."""
    if has_editors(store):
        return None
    password = secrets.token_urlsafe(12)
    set_editor(
        store, BOOTSTRAP_USER, password, role="admin", created_by="first-run", must_change=True
    )
    return password


def _recent_failures(store: Store, user_name: str, now: dt.datetime) -> list[dt.datetime]:
    """Failed attempts since the last success within the lock window, newest first."""
    rows = store.query_rows("recent_logins", user_name=user_name, count=MAX_FAILURES)
    window = now - dt.timedelta(minutes=LOCK_MINUTES)
    failures = []
    for epoch, succeeded in rows:
        if succeeded:
            break
        at = dt.datetime.fromtimestamp(float(epoch), dt.UTC)
        if at >= window:
            failures.append(at)
    return failures


def is_locked(store: Store, user_name: str, now: dt.datetime | None = None) -> bool:
    """Locked after ``MAX_FAILURES`` failures in a row within ``LOCK_MINUTES``."""
    return len(_recent_failures(store, user_name, now or _now())) >= MAX_FAILURES


def _record(store: Store, user_name: str, succeeded: bool) -> None:
    with store.transaction() as tx:
        tx.execute(
            "INSERT INTO login_attempts (user_name, succeeded) VALUES ($user_name, $succeeded)",
            {"user_name": user_name.strip()[:200], "succeeded": succeeded},
        )


def _locked() -> AuthError:
    return AuthError(
        vi=f"Tài khoản tạm khoá vì nhập sai mật khẩu {MAX_FAILURES} lần liên tiếp. Thử lại sau "
        f"{LOCK_MINUTES} phút không nhập sai, hoặc nhờ quản trị viên đặt lại mật khẩu.",
        en=f"The account is locked after {MAX_FAILURES} wrong passwords in a row. Try again "
        f"after {LOCK_MINUTES} minutes without a wrong try, or ask the administrator to reset "
        "the password.",
    )


def sign_in(store: Store, user_name: str, password: str, now: dt.datetime | None = None) -> Editor:
    """Check a password sign-in; raise :class:`AuthError` (also when the account is locked)."""
    now = now or _now()
    if is_locked(store, user_name, now):
        _record(store, user_name, False)  # logged too; guessing on keeps the account locked
        raise _locked()
    row = store.query_row("account", user_name=user_name.strip())
    ok = (
        row is not None
        and row[1] in ACCOUNT_ROLES
        and row[2] is not None
        and verify_password(password, str(row[2]))
    )
    _record(store, user_name, ok)
    if not ok or row is None:
        left = MAX_FAILURES - len(_recent_failures(store, user_name, now))
        if left <= 0:
            raise _locked()
        raise AuthError(
            vi=f"Sai tên đăng nhập hoặc mật khẩu. Còn {left} lần thử trước khi tài khoản bị khoá "
            f"{LOCK_MINUTES} phút.",
            en=f"Wrong user name or password. {left} more tries before the account locks for "
            f"{LOCK_MINUTES} minutes.",
        )
    return Editor(
        str(row[0]),
        str(row[1]),
        bool(row[3]),
        now + dt.timedelta(hours=SESSION_HOURS),
        Scope.parse(str(row[4])),
    )


def editor_for_email(store: Store, email: str, now: dt.datetime | None = None) -> Editor | None:
    """The editor an OIDC-verified e-mail maps to, or None (a viewer)."""
    row = store.query_row("account", user_name=email.strip())
    if row is None or row[1] not in ACCOUNT_ROLES:
        return None
    return Editor(
        str(row[0]),
        str(row[1]),
        False,
        (now or _now()) + dt.timedelta(hours=SESSION_HOURS),
        Scope.parse(str(row[4])),
    )
