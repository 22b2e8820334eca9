"""API clients: an administrator creates one (its token is shown once) and can revoke it."""
import hashlib
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from accreditation import audit
from accreditation.assurance.models import ApiClient
from accreditation.auth.models import Person
from accreditation.db import utcnow


class ApiClientError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _hash(token: str) -> str:
    # The token is 256 random bits, so a plain SHA-256 is enough (no need for a slow password hash).
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_client(db: Session, actor: Person, name: str) -> tuple[ApiClient, str]:
    """The new client and its token; the caller shows the token once, since only its hash is kept."""
    if not name.strip():
        raise ApiClientError(_l("Enter a name for the client"))
    token = "sula_" + secrets.token_urlsafe(32)
    client = ApiClient(name=name.strip(), token_hash=_hash(token), token_prefix=token[:12], created_by_id=actor.id)
    db.add(client)
    audit.record(db, actor, "api_client.created", client, name=client.name)
    return client, token


def revoke_api_client(db: Session, actor: Person, client: ApiClient) -> None:
    if client.revoked_at is not None:
        return
    client.revoked_at, client.revoked_by_id = utcnow(), actor.id
    audit.record(db, actor, "api_client.revoked", client, name=client.name)


def client_for_token(db: Session, token: str) -> ApiClient | None:
    """The active client holding this token, or None (unknown or revoked)."""
    if not token:
        return None
    client = db.scalar(select(ApiClient).where(ApiClient.token_hash == _hash(token)))
    return client if client is not None and client.active else None


def api_clients(db: Session) -> list[ApiClient]:
    return list(db.scalars(select(ApiClient).order_by(ApiClient.revoked_at.is_not(None), ApiClient.name, ApiClient.id)))
