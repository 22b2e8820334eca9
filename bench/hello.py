"""The baseline: a bare Flask hello-world page, served by gunicorn with the app's settings."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "Hello, World!"
