"""Evidence storage: the local folder and an S3-compatible store (a real S3 API, served locally by moto)."""
import io
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest

from accreditation.storage import LocalStorage, S3Storage
from tests.cycle_fixtures import post


@pytest.fixture(scope="session")
def s3_endpoint():
    import warnings

    with warnings.catch_warnings():  # moto asks for its "server" extra, whose other services we do not use
        warnings.simplefilter("ignore", UserWarning)
        from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch, request):
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_SESSION_TOKEN": "test"}.items():
        monkeypatch.setenv(name, value)
    store = S3Storage(f"evidence-{request.node.name[:30].lower().replace('_', '-')}", endpoint_url=s3_endpoint, url_seconds=30)
    store.client.create_bucket(Bucket=store.bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    return store


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    return LocalStorage(tmp_path) if request.param == "local" else request.getfixturevalue("s3")


def test_a_store_keeps_reads_and_deletes_files_under_new_random_keys(store):
    first, second = store.save(b"minutes of the meeting"), store.save(b"minutes of the meeting")
    assert first != second and first.isalnum() and len(first) == 32
    assert store.read(first) == b"minutes of the meeting"
    store.delete(first)
    with pytest.raises(Exception):
        store.read(first)
    assert store.read(second) == b"minutes of the meeting"
    store.delete(first)  # deleting twice does no harm


def test_a_key_from_outside_is_never_used_as_a_path(store):
    for bad in ("../secret_key", "ab/cd", ""):
        with pytest.raises(ValueError):
            store.read(bad)


def test_a_signed_link_downloads_the_file_with_its_name_and_expires(s3):
    key = s3.save(b"%PDF-1.4 minutes")
    url = s3.download_url(key, "application/pdf", "Minutes – June.pdf")
    query = parse_qs(urlparse(url).query)
    assert query["X-Amz-Expires"] == ["30"] and "X-Amz-Signature" in query
    with urllib.request.urlopen(url) as response:
        assert response.read() == b"%PDF-1.4 minutes"
        assert response.headers["Content-Type"] == "application/pdf"
        assert "Minutes%20%E2%80%93%20June.pdf" in response.headers["Content-Disposition"]


def test_evidence_downloads_from_s3_after_the_permission_check(app, client, db, sign_in_as, s3, monkeypatch, cycle, people, make_person):
    from sqlalchemy import select

    from accreditation.organisation.models import Team
    from accreditation.roles import Role

    monkeypatch.setitem(app.extensions, "storage", s3)
    url = f"/self-assessments/{cycle.self_assessment.id}/standards/WEL-01/evidence"
    sign_in_as(people["member"])
    response = post(client, url, {"kind": "file", "file": (io.BytesIO(b"Our welcome board\n"), "board.txt"),
                                  "description": "Photo of the board", "no_patient_information": "y"})
    assert response.status_code == 302
    evidence = cycle.self_assessment.answers[0].current_evidence[0]
    assert s3.read(evidence.storage_key) == b"Our welcome board\n"  # in the bucket, not on this server's disk
    download = client.get(f"/self-assessments/{cycle.self_assessment.id}/evidence/{evidence.id}")
    assert download.status_code == 302 and download.headers["Cache-Control"] == "private, no-store"
    with urllib.request.urlopen(download.headers["Location"]) as response:
        assert response.read() == b"Our welcome board\n"
    other = db.scalar(select(Team).where(Team.name != "Larch Ward").limit(1))
    sign_in_as(make_person(Role.TEAM_MEMBER, team=other))  # not in this team: no link at all
    assert client.get(f"/self-assessments/{cycle.self_assessment.id}/evidence/{evidence.id}").status_code == 404
