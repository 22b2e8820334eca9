"""Configuration read from the environment, with safe defaults for the embedded (SQLite) set-up."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

# The project root holds the top-level folders fixed by the project: standards/, templates/, translations/.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def database_url(raw: str) -> str:
    """Accept the usual spellings of a PostgreSQL URL and use the psycopg 3 driver for all of them."""
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def instance_secret(instance: Path) -> str:
    """A secret key made once per instance folder and kept there, so sessions survive restarts.

    Several app servers behind a load balancer must share SECRET_KEY through the environment instead.
    """
    path = instance / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_hex(32))
    return path.read_text().strip()


def load(instance_path: str, overrides: dict | None = None) -> dict:
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    env = os.environ
    settings = {
        "DATABASE_URL": database_url(env.get("DATABASE_URL") or f"sqlite:///{instance / 'accreditation.sqlite'}"),
        "STORAGE_DIR": env.get("STORAGE_DIR") or str(instance / "evidence"),
        # Evidence in an S3-compatible store when S3_BUCKET is set (credentials from the usual AWS_* variables).
        "S3_BUCKET": env.get("S3_BUCKET", ""),
        "S3_ENDPOINT_URL": env.get("S3_ENDPOINT_URL") or None,
        "S3_REGION": env.get("S3_REGION", "eu-west-2"),
        "S3_URL_SECONDS": int(env.get("S3_URL_SECONDS", "60")),
        # PDFs are made by `accreditation worker` when REDIS_URL is set, else in the request.
        "REDIS_URL": env.get("REDIS_URL", ""),
        "STANDARDS_DIR": env.get("STANDARDS_DIR") or str(PROJECT_ROOT / "standards"),
        "FRONTEND_DIR": env.get("FRONTEND_DIR") or str(PROJECT_ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"),
        # Right-to-left copies of the stylesheets, made at install by `./dev` with rtlcss.
        "RTL_STYLES_DIR": env.get("RTL_STYLES_DIR") or str(PROJECT_ROOT / "build" / "rtl"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": env.get("SESSION_COOKIE_SECURE", "") == "1",
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        # How long before a session ends the page offers to keep it going (WCAG 2.2.1: at least 20 seconds).
        "SESSION_WARNING": timedelta(minutes=2),
        # Only a request that changes the session sends the cookie: a slow image or stylesheet response
        # must never put back a session that signing out has just ended.
        "SESSION_REFRESH_EACH_REQUEST": False,
        # A form left open for a long shift must still post: CSRF tokens live as long as the session.
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        # Every validator says its message in our own catalogues (WTForms' lack most of our languages), so
        # WTForms' catalogue is not loaded on every request.
        "WTF_I18N_ENABLED": False,
        "SIGN_IN_MAX_FAILURES": 5,
        "SIGN_IN_LOCKOUT": timedelta(minutes=15),
        "SIGN_IN_MAX_FAILURES_PER_ADDRESS": 50,
        "MAX_CONTENT_LENGTH": 25 * 1024 * 1024,
    }
    settings.update(overrides or {})
    if "SECRET_KEY" not in settings:
        settings["SECRET_KEY"] = env.get("SECRET_KEY") or instance_secret(instance)
    return settings
