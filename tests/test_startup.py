"""A web worker starts without what only some requests need: the PDF makers and the queue's client are
imported when first used (each is some megabytes in every worker)."""
import json
import subprocess
import sys


def test_starting_the_app_imports_no_pdf_maker_and_no_queue_client(tmp_path):
    script = f"""
import json, sys
from accreditation import create_app
create_app({{"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "REDIS_URL": "redis://127.0.0.1:1/0"}},
           instance_path="{tmp_path}/instance")
print(json.dumps([m for m in ("rq", "redis", "reportlab", "uharfbuzz", "accreditation.reports.pdf", "accreditation.reports.fonts") if m in sys.modules]))
"""
    loaded = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert json.loads(loaded) == []
