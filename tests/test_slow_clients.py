"""A few slow clients cannot starve everyone else in the recommended set-up: gunicorn with
gunicorn.conf.py behind nginx with deploy/nginx-http.conf and deploy/nginx-site.conf (README,
"Deployment").

Slow clients here: ones that send their headers a line a second, ones that trickle a request body,
ones that ask for a page and do not read it. Against gunicorn alone they take every worker thread
and normal visitors time out (the control case below, which is why the proxy is part of the
set-up); through nginx, normal visitors are answered at once: nginx reads whole requests itself,
passes only complete ones on, and cuts a client whose headers are not in after 10 s.

Needs Debian's nginx (`apt-get install nginx`, which .ci/run does); skipped with the reason when it
is missing, unless REQUIRE_NGINX is set (as in CI), which makes its absence a failure.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

from tests.servers import ROOT, free_port, prepare_database, running, server_config

pytestmark = pytest.mark.slow

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
DEPLOY = ROOT / "deploy"
SLOW_CLIENTS = 12          # three times the threads of the gunicorn below
# One worker: with several, whichever worker happens to accept fewer slow clients still answers,
# which only means an attacker needs workers x threads connections instead of threads.
WORKERS, THREADS = 1, 4
SLOW_FOR = 14.0            # seconds each slow client keeps going (longer than nginx's timeouts)
PATIENCE = 3.0             # seconds a normal visitor waits for the start page


@pytest.fixture(scope="module")
def nginx_binary():
    if NGINX:
        return NGINX
    if os.environ.get("REQUIRE_NGINX"):
        pytest.fail("REQUIRE_NGINX is set but nginx is not installed (apt-get install nginx)")
    pytest.skip("nginx is not installed (apt-get install nginx); the slow-client test needs it")


@contextlib.contextmanager
def nginx_in_front(binary: str, upstream: str, directory: Path):
    """nginx on a free port with the shipped configuration, proxying to `upstream`."""
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""
    config = directory / "nginx.conf"
    config.write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {directory}/access.log;
    client_body_temp_path {directory}/body;
    proxy_temp_path {directory}/proxy;
    fastcgi_temp_path {directory}/fastcgi;
    uwsgi_temp_path {directory}/uwsgi;
    scgi_temp_path {directory}/scgi;
    include {DEPLOY / "nginx-http.conf"};
    upstream digital_maturity {{ server {upstream.removeprefix("http://")}; }}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        include {DEPLOY / "nginx-site.conf"};
    }}
}}
""")
    check = subprocess.run([binary, "-t", "-c", str(config), "-p", str(directory)],
                           capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([binary, "-c", str(config), "-p", str(directory)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                if requests.get(url + "/", timeout=2).status_code == 200:
                    break
            time.sleep(0.2)
        else:
            raise AssertionError("nginx did not answer")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# -- the slow clients ---------------------------------------------------------------------------
def slow_headers(host: str, port: int, stop: threading.Event, closed: list) -> None:
    """Sends the request line, then one made-up header a second, never the blank line."""
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        try:
            for number in range(int(SLOW_FOR)):
                if stop.is_set():
                    return
                time.sleep(1)
                sock.sendall(f"X-Slow-{number}: {'a' * 20}\r\n".encode())
        except OSError:
            closed.append(("headers", time.monotonic() - started))


def slow_body(host: str, port: int, stop: threading.Event, closed: list) -> None:
    """Announces a 100 KB form and sends it ten bytes a second."""
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"POST /survey/profile HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/x-www-form-urlencoded\r\n"
                     b"Content-Length: 100000\r\n\r\n")
        started = time.monotonic()
        try:
            for _ in range(int(SLOW_FOR)):
                if stop.is_set():
                    return
                time.sleep(1)
                sock.sendall(b"q_org_name")
        except OSError:
            closed.append(("body", time.monotonic() - started))


def slow_reader(host: str, port: int, stop: threading.Event, closed: list) -> None:
    """Asks for pages on one keep-alive connection and never reads the answers."""
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        with contextlib.suppress(OSError):
            for _ in range(50):
                sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        stop.wait(SLOW_FOR)


def with_slow_clients(url: str, kinds=(slow_headers, slow_body, slow_reader)):
    """Start the slow clients against `url`; returns (stop event, threads, closed-after list)."""
    host, port = url.removeprefix("http://").split(":")
    stop, closed, threads = threading.Event(), [], []
    for number in range(SLOW_CLIENTS):
        thread = threading.Thread(target=kinds[number % len(kinds)],
                                  args=(host, int(port), stop, closed), daemon=True)
        thread.start()
        threads.append(thread)
    time.sleep(2)  # every slow client is connected and under way
    return stop, threads, closed


def normal_visits(url: str, count: int = 8) -> list[float | None]:
    """Seconds each of `count` fresh visitors waited for the start page (None: no answer)."""
    waits = []
    for _ in range(count):
        started = time.monotonic()
        try:
            response = requests.get(url + "/", timeout=PATIENCE)
            waits.append(time.monotonic() - started if response.status_code == 200 else None)
        except requests.RequestException:
            waits.append(None)
    return waits


@pytest.fixture
def gunicorn(tmp_path):
    database = f"sqlite:///{tmp_path / 'slow.db'}"
    prepare_database(database)
    with running(server_config(database, RATELIMIT_ENABLED=False), tmp_path,
                 workers=WORKERS, threads=THREADS) as server:
        yield server


def test_slow_clients_cannot_starve_visitors_behind_the_recommended_proxy(nginx_binary, gunicorn,
                                                                         tmp_path):
    with nginx_in_front(nginx_binary, gunicorn.url, tmp_path / "nginx") as url:
        stop, threads, closed = with_slow_clients(url)
        try:
            waits = normal_visits(url)
            # nginx, not the slow clients, decides when they are done.
            time.sleep(SLOW_FOR - 1)
            dropped = list(closed)
        finally:
            stop.set()
            for thread in threads:
                thread.join(timeout=30)
        assert None not in waits, f"visitors went unanswered behind nginx: {waits}"
        assert max(waits) < 1.5, waits
        # Headers must be complete within client_header_timeout (10 s): every slowloris is cut.
        # A body trickling faster than client_body_timeout keeps its nginx connection (limited
        # per address by limit_conn) but never reaches gunicorn, which is the point.
        header_senders = [after for kind, after in dropped if kind == "headers"]
        assert len(header_senders) == len(range(0, SLOW_CLIENTS, 3)), dropped
        assert max(header_senders) < 12, "nginx's client_header_timeout is 10 s"
        # Afterwards the site still answers at once.
        assert all(wait is not None and wait < 1.5 for wait in normal_visits(url, 3))


def test_without_the_proxy_the_same_slow_clients_starve_gunicorn(nginx_binary, gunicorn):
    """The control: gunicorn alone gives a thread to each client whose headers are still coming
    (a slow body it drains for at most 5 s once the view answers), so the proxy is needed."""
    assert normal_visits(gunicorn.url, 2)[0] is not None
    stop, threads, _closed = with_slow_clients(gunicorn.url, kinds=(slow_headers,))
    try:
        waits = normal_visits(gunicorn.url, 4)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert waits.count(None) >= 3, f"gunicorn alone answered despite the slow clients: {waits}"
