"""The baseline: a bare Flask route, served by the same gunicorn as the real app."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "<!doctype html><title>bare</title><p>Hello</p>"
