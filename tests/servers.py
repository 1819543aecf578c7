"""Real servers for the tests that need them: gunicorn processes on free ports, a database prepared
for them, and a respondent that fills the questionnaire in as a browser would (it reads each form,
keeps its CSRF token and hidden fields, picks an answer for every question and presses the
"next" button).

The served app is production-like (CSRF on, no debug) except that cookies are not marked Secure,
because these servers speak plain HTTP on the loopback address.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = Path(__file__).resolve().parent / "data"
CONFIG_VARIABLE = "TEST_SERVER_CONFIG"
SERVER_SECRET = "shared-test-secret-for-every-instance"


# -- the app a server runs ------------------------------------------------------------------------
def server_app():
    """gunicorn's entry point (`tests.servers:server_app()`): the app configured from the JSON in
    TEST_SERVER_CONFIG."""
    from app import create_app
    from config import ProductionConfig

    overrides = json.loads(os.environ[CONFIG_VARIABLE])
    return create_app(ProductionConfig, **overrides)


def server_config(database_url: str, questionnaire_dir: Path = EXAMPLE_DIR, **extra) -> dict:
    return {
        "SQLALCHEMY_DATABASE_URI": database_url,
        "QUESTIONNAIRE_DIR": str(questionnaire_dir),
        "SECRET_KEY": SERVER_SECRET,
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_SECURE": False,
        # Test servers run several workers without Redis; tests of the start-up check turn it on.
        "REQUIRE_SHARED_STATE": False,
        "TRUSTED_HOSTS": ["127.0.0.1", "localhost"],
        **extra,
    }


def prepare_database(database_url: str, questionnaire_dir: Path = EXAMPLE_DIR) -> None:
    """Create every table (as `flask db upgrade` would on deploy) in a fresh database."""
    from app import create_app
    from app.extensions import db
    from config import TestConfig

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     QUESTIONNAIRE_DIR=str(questionnaire_dir))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()


# -- gunicorn -------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except FileNotFoundError:
            return []

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_gunicorn(config: dict, log_dir: Path, *, workers: int = 2, threads: int = 4,
                   worker_class: str = "gthread", app: str = "tests.servers:server_app()",
                   extra_args: tuple[str, ...] = (), env: dict | None = None,
                   ready_timeout: float = 60) -> Server:
    """Start gunicorn with our gunicorn.conf.py on a free port and wait until it answers."""
    port = free_port()
    log = log_dir / f"gunicorn-{port}.log"
    command = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
               "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--worker-class", worker_class, "--threads", str(threads),
               "--access-logfile", str(log), "--error-logfile", str(log),
               "--graceful-timeout", "5", *extra_args, app]
    environment = {**os.environ, CONFIG_VARIABLE: json.dumps(config), "PYTHONPATH": str(ROOT),
                   **(env or {})}
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_until_ready(server, ready_timeout)
    except Exception:
        server.stop()
        raise
    return server


def wait_until_ready(server: Server, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}:\n"
                               f"{server.log_text()[-3000:]}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(server.url + "/", timeout=2).status_code < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{server.log_text()[-3000:]}")


@contextlib.contextmanager
def running(config: dict, log_dir: Path, **options):
    server = start_gunicorn(config, log_dir, **options)
    try:
        yield server
    finally:
        server.stop()


# -- a respondent, as a browser -------------------------------------------------------------------
@dataclass
class Form:
    action: str
    method: str
    fields: list[dict] = field(default_factory=list)  # every input/select/textarea/button

    def filled(self, text_value: str) -> list[tuple[str, str]]:
        """Hidden fields as they are, one answer for every question, and the forward button."""
        data, seen_groups = [], set()
        for item in self.fields:
            name, kind = item.get("name"), item["kind"]
            if not name:
                continue
            if kind == "hidden":
                data.append((name, item.get("value", "")))
            elif kind in ("radio", "checkbox"):
                if name not in seen_groups and item.get("value") != "_na":
                    seen_groups.add(name)
                    data.append((name, item.get("value", "on")))
            elif kind == "select":
                options = [value for value in item["options"] if value and value != "_na"]
                if options:
                    data.append((name, options[0]))
            elif kind in ("text", "textarea", "email", "search", "tel", "url"):
                data.append((name, item.get("value") or text_value))
            elif kind == "number":
                data.append((name, item.get("value") or "1"))
        button = self.forward_button()
        if button is not None:
            data.append((button["name"], button.get("value", "")))
        return data

    def hidden_only(self) -> list[tuple[str, str]]:
        return [(item["name"], item.get("value", "")) for item in self.fields
                if item["kind"] == "hidden" and item.get("name")]

    def forward_button(self) -> dict | None:
        buttons = [item for item in self.fields if item["kind"] == "submit"]
        for button in buttons:
            if button.get("name") == "direction" and button.get("value") != "back":
                return button
        for button in buttons:
            if button.get("name") and button.get("name") not in ("goto", "switch_language",
                                                                 "direction"):
                return button
        return None


class FormParser(HTMLParser):
    """Every form on a page with its fields, as a browser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._form = Form(attributes.get("action", ""), attributes.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in ("radio", "checkbox") and "disabled" in attributes:
                return
            self._form.fields.append({**attributes, "kind": kind})
        elif tag == "button":
            kind = attributes.get("type", "submit").lower()
            self._form.fields.append({**attributes, "kind": kind})
        elif tag == "select":
            self._select = {**attributes, "kind": "select", "options": []}
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attributes.get("value", ""))
        elif tag == "textarea":
            self._textarea = {**attributes, "kind": "textarea", "value": ""}
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_on(html: str) -> list[Form]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


class JourneyError(AssertionError):
    pass


@dataclass
class Respondent:
    """One person filling in the questionnaire through real HTTP, with one keep-alive session."""

    base_url: str
    name: str
    timeout: float = 60
    session: requests.Session = field(default_factory=requests.Session)
    statuses: list[tuple[str, str, int]] = field(default_factory=list)
    saved_pages: list[str] = field(default_factory=list)
    results_url: str | None = None

    def request(self, method: str, url: str, **kwargs) -> requests.Response:
        response = self.session.request(method, urljoin(self.base_url, url), timeout=self.timeout,
                                        **kwargs)
        for hop in (*response.history, response):
            self.statuses.append((hop.request.method, urlsplit(hop.url).path, hop.status_code))
        if response.status_code >= 500:
            raise JourneyError(f"{method} {url} -> {response.status_code}")
        return response

    def server_errors(self) -> list[tuple[str, str, int]]:
        return [entry for entry in self.statuses if entry[2] >= 500]

    def start(self, language: str = "es") -> requests.Response:
        self.session.headers["Accept-Language"] = language
        self.request("GET", "/")
        return self.request("GET", "/survey/profile")

    def answer_page(self, response: requests.Response) -> requests.Response:
        """Fill in and send the page's questionnaire form; return the page it leads to."""
        form = self.page_form(response)
        path = urlsplit(response.url).path
        after = self.request("POST", urljoin(response.url, form.action),
                             data=form.filled(self.name))
        if after.history and after.history[0].status_code in (302, 303):
            self.saved_pages.append(path)
        return after

    def page_form(self, response: requests.Response) -> Form:
        candidates = [form for form in forms_on(response.text) if form.method == "post"
                      and "language" not in form.action and "/new" not in form.action]
        questionnaire_forms = [form for form in candidates
                               if any(f.get("name", "").startswith("q_") for f in form.fields)]
        found = questionnaire_forms or candidates
        if not found:
            raise JourneyError(f"no form on {response.url} ({response.status_code})")
        return found[0]

    def submit(self, review: requests.Response) -> requests.Response:
        form = [f for f in forms_on(review.text) if f.method == "post" and "submit" in f.action]
        if not form:
            raise JourneyError(f"no submit form on {review.url}")
        response = self.request("POST", urljoin(review.url, form[0].action),
                                data=form[0].hidden_only())
        self.results_url = response.url
        return response

    def answer_all(self, page: requests.Response | None = None,
                   max_pages: int = 30) -> requests.Response:
        """Answer every page from `page` (the start by default); return the review page."""
        page = page if page is not None else self.start()
        for _ in range(max_pages):
            path = urlsplit(page.url).path
            if path.endswith("/review"):
                return page
            if not path.startswith("/survey/"):
                raise JourneyError(f"left the questionnaire at {page.url} ({page.status_code})")
            page = self.answer_page(page)
        raise JourneyError(f"did not reach the review page in {max_pages} pages")

    def complete(self) -> requests.Response:
        """From the start to the submitted assessment's results."""
        return self.submit(self.answer_all())


# -- a database connection that can be cut --------------------------------------------------------
class TcpProxy:
    """Forwards a local port to a database server; `stop()` refuses new connections and cuts the
    open ones (as a crashed or unreachable server would), `start()` brings it back on the same
    port."""

    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked on it
            listener.close()
        self.cut()

    def cut(self) -> int:
        """Break every open connection (as a network fault or a restarted server would) but keep
        accepting new ones; returns how many connections were cut."""
        with self._lock:
            cut = len(self._sockets) // 2
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()
        return cut

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._sockets.update((client, server))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
