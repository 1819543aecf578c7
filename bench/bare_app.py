"""The baseline: a bare Flask route, served by the same gunicorn as the real app. Every path answers
the same small page, and a POST is answered 303 as a saved survey page is, so bench_capacity.py
can send the very same respondents' requests here."""

from flask import Flask, redirect, request

app = Flask(__name__)


@app.route("/", methods=["GET", "POST"])
@app.route("/<path:anything>", methods=["GET", "POST"])
def hello(anything: str = ""):
    if request.method == "POST":
        return redirect(request.path, 303)
    return "<!doctype html><title>bare</title><p>Hello</p>"
