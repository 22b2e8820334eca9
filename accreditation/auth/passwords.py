"""Passwords: argon2id hashes; at least 10 characters and no composition rules (NCSC guidance)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext as _

MIN_LENGTH = 10
_hasher = PasswordHasher()
# Verified when no such person exists, so a wrong email takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str) -> str | None:
    """A plain message when a new password is not acceptable, else None."""
    if len(password) < MIN_LENGTH:
        return _("Your password must be at least %(count)d characters long", count=MIN_LENGTH)
    return None
