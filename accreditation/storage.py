"""Where evidence files are kept. Features use `storage()`, its three methods and `send_stored`; nothing else.

The local folder (STORAGE_DIR) is the default, for one machine. With S3_BUCKET set, files go to an
S3-compatible store shared by every app server, and downloads are short-lived signed links to it.
"""
import io
import os
import secrets
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

from flask import Flask, Response, current_app, redirect, send_file


class Storage(Protocol):
    def save(self, data: bytes) -> str:
        """Keep the bytes under a new random key and return the key."""

    def read(self, key: str) -> bytes: ...

    def delete(self, key: str) -> None: ...


def _new_key() -> str:
    return secrets.token_hex(16)


def _checked(key: str) -> str:
    if not key.isalnum():  # keys are ours (hex); never a path a request could steer
        raise ValueError("bad storage key")
    return key


class LocalStorage:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / _checked(key)[:2] / key

    def save(self, data: bytes) -> str:
        key = _new_key()
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb") as out:
            out.write(data)
        return key

    def read(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Storage:
    """An S3-compatible bucket. The bucket must not be public: files leave it only through signed links."""

    def __init__(self, bucket: str, *, endpoint_url: str | None = None, region: str = "eu-west-2", url_seconds: int = 60):
        import boto3  # only needed when S3 is configured

        self.bucket, self.url_seconds = bucket, url_seconds
        self.client = boto3.client("s3", endpoint_url=endpoint_url, region_name=region)

    def save(self, data: bytes) -> str:
        key = _new_key()
        self.client.put_object(Bucket=self.bucket, Key=key, Body=data)
        return key

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=_checked(key))["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=_checked(key))

    def download_url(self, key: str, content_type: str, filename: str) -> str:
        """A link that works for `url_seconds` only, so a copied link soon stops working."""
        return self.client.generate_presigned_url("get_object", ExpiresIn=self.url_seconds, Params={
            "Bucket": self.bucket, "Key": _checked(key), "ResponseContentType": content_type,
            "ResponseContentDisposition": _attachment(filename), "ResponseCacheControl": "private, no-store",
        })


def _attachment(filename: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(filename)}"


def init_app(app: Flask) -> None:
    if app.config.get("S3_BUCKET"):
        app.extensions["storage"] = S3Storage(
            app.config["S3_BUCKET"], endpoint_url=app.config.get("S3_ENDPOINT_URL"),
            region=app.config.get("S3_REGION", "eu-west-2"), url_seconds=app.config.get("S3_URL_SECONDS", 60),
        )
    else:
        app.extensions["storage"] = LocalStorage(app.config["STORAGE_DIR"])


def storage() -> Storage:
    return current_app.extensions["storage"]


def send_stored(key: str, content_type: str, filename: str) -> Response:
    """A kept file as a download that is never cached: only ever after the caller has checked access.

    From S3, a redirect to a short-lived signed link, so the file does not pass through the app server."""
    store = storage()
    if isinstance(store, S3Storage):
        response = redirect(store.download_url(key, content_type, filename))
    else:
        response = send_file(io.BytesIO(store.read(key)), mimetype=content_type, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
