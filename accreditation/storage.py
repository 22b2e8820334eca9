"""Where evidence files are kept. Features use `storage()` and the three methods; nothing else.

The local folder (STORAGE_DIR) is the default; an S3-compatible store would be another class with the same
methods, chosen in `init_app`.
"""
import io
import os
import secrets
from pathlib import Path
from typing import Protocol

from flask import Flask, Response, current_app, send_file


class Storage(Protocol):
    def save(self, data: bytes) -> str:
        """Keep the bytes under a new random key and return the key."""

    def read(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


class LocalStorage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key.isalnum():  # keys are ours (hex); never a path a request could steer
            raise ValueError("bad storage key")
        return self.root / key[:2] / key

    def save(self, data: bytes) -> str:
        key = secrets.token_hex(16)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as out:
            out.write(data)
        return key

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def init_app(app: Flask) -> None:
    app.extensions["storage"] = LocalStorage(app.config["STORAGE_DIR"])


def storage() -> Storage:
    return current_app.extensions["storage"]


def send_stored(key: str, content_type: str, filename: str) -> Response:
    """A kept file as an attachment that is never cached: only ever after the caller has checked access."""
    response = send_file(io.BytesIO(storage().read(key)), mimetype=content_type, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
