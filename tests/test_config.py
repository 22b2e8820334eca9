import os
import stat

from accreditation import create_app
from accreditation.config import database_url


def test_secret_key_is_made_once_and_kept_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app({"DATABASE_URL": "sqlite://"}, instance_path=str(tmp_path)).config["SECRET_KEY"]
    second = create_app({"DATABASE_URL": "sqlite://"}, instance_path=str(tmp_path)).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


def test_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-env")
    monkeypatch.setenv("STORAGE_DIR", str(tmp_path / "evidence"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app(instance_path=str(tmp_path))
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["STORAGE_DIR"] == str(tmp_path / "evidence")
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'accreditation.sqlite'}"


def test_postgres_urls_use_psycopg_3():
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x") == "sqlite:///x"
