"""A small HTTP load generator. `measure`: threads, each with its own keep-alive connection, sending
one request over and over for a fixed time (throughput). `Crowd`: simulated people, each with its
own cookies, going through a list of requests with a think time between them (how many people a
server holds). Pure Python so it runs anywhere; every figure in a table comes from this same tool,
so its own overhead cancels out of the ratios."""

from __future__ import annotations

import http.client
import itertools
import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Measurement:
    requests: int
    errors: int
    seconds: float
    latencies_ms: tuple[float, ...]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p95_ms(self) -> float:
        if len(self.latencies_ms) < 20:
            return max(self.latencies_ms, default=0.0)
        return statistics.quantiles(self.latencies_ms, n=20)[-1]

    def __add__(self, other: Measurement) -> Measurement:
        """Two measuring windows as one."""
        return Measurement(self.requests + other.requests, self.errors + other.errors,
                           self.seconds + other.seconds, self.latencies_ms + other.latencies_ms)


def measure(base_url: str, request: Request | Callable[[], Request], *, seconds: float = 5.0,
            concurrency: int = 4, warmup: float = 1.0,
            ok: Callable[[int], bool] = lambda status: status < 400) -> Measurement:
    """Requests per second of `request` against `base_url`; an unexpected status is an error."""
    make = request if callable(request) else (lambda: request)
    _run(base_url, make, warmup, concurrency, ok)
    return _run(base_url, make, seconds, concurrency, ok)


def _run(base_url, make, seconds, concurrency, ok) -> Measurement:
    parts = urlsplit(base_url)
    deadline = time.perf_counter() + seconds
    counts = [[0, 0, []] for _ in range(concurrency)]

    def worker(tally):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.perf_counter() < deadline:
            item = make()
            started = time.perf_counter()
            try:
                connection.request(item.method, item.path, body=item.body,
                                   headers=dict(item.headers))
                response = connection.getresponse()
                response.read()
                if response.will_close:
                    connection.close()
            except (OSError, http.client.HTTPException):
                connection.close()
                tally[1] += 1
                continue
            tally[2].append((time.perf_counter() - started) * 1000)
            if ok(response.status):
                tally[0] += 1
            else:
                tally[1] += 1
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(tally,)) for tally in counts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return Measurement(sum(t[0] for t in counts), sum(t[1] for t in counts), elapsed,
                       tuple(lat for t in counts for lat in t[2]))


# -- people rather than request loops -------------------------------------------------------------
@dataclass
class Person:
    """One simulated respondent: the requests it goes through in turn (again from the first after
    the last) and its own cookies, kept from every Set-Cookie as a browser keeps them."""

    requests: tuple[Request, ...]
    cookies: dict[str, str] = field(default_factory=dict)

    def remember(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or ():
            pair = header.split(";", 1)[0]
            name, _, value = pair.partition("=")
            if not value or "max-age=0" in header.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value.strip()

    def headers(self, request: Request) -> dict[str, str]:
        headers = dict(request.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers["Connection"] = "close"
        return headers


class Crowd:
    """People filling in a form at once: each in its own thread sends its next request, reads the
    whole answer, then thinks for a random `think` time (uniform, seconds) before the next one.
    Requests go round-robin over the servers aimed at (several instances, no sticky sessions), each
    on a new connection, as the buffering proxy of deploy/nginx-site.conf talks to gunicorn (no
    upstream keep-alive). `ok(request, status)` says which statuses are expected; others are errors.

    `resize(people)` adds or stops people while the others keep going; `aim(base_urls)` sends their
    next requests elsewhere; `measure(seconds)` collects the requests sent to the servers aimed at
    that finish in the next `seconds`."""

    def __init__(self, base_urls: list[str], ok: Callable[[Request, int], bool], *,
                 think: tuple[float, float] = (1.0, 3.0), timeout: float = 30.0, seed: int = 1):
        self.ok, self.think, self.timeout = ok, think, timeout
        self.random = random.Random(seed)
        self.turn = itertools.count()
        self.running: list[tuple[threading.Thread, threading.Event]] = []
        # (finished at, ms, expected status, aim it was sent under)
        self.done: list[tuple[float, float, bool, int]] = []
        self.lock = threading.Lock()
        self.aimed = 0
        self.aim(base_urls)

    def __len__(self) -> int:
        return len(self.running)

    def aim(self, base_urls: list[str]) -> None:
        self.hosts = tuple(urlsplit(url) for url in base_urls)
        self.aimed += 1

    def resize(self, people: list[Person]) -> None:
        """Run exactly len(people) people: start the missing ones (each after a random pause of up
        to one think time, so they do not arrive together), stop the surplus."""
        while len(self.running) > len(people):
            self.running.pop()[1].set()
        for person in people[len(self.running):]:
            stop = threading.Event()
            pause = self.random.uniform(0, self.think[1])
            thread = threading.Thread(target=self._live, args=(person, stop, pause,
                                                               self.random.random()), daemon=True)
            self.running.append((thread, stop))
            thread.start()

    def measure(self, seconds: float) -> Measurement:
        started = time.perf_counter()
        time.sleep(seconds)
        ended = time.perf_counter()
        with self.lock:
            done, self.done = self.done, [entry for entry in self.done if entry[0] >= ended]
        window = [entry for entry in done if started <= entry[0] < ended and entry[3] == self.aimed]
        good = sum(1 for entry in window if entry[2])
        return Measurement(good, len(window) - good, ended - started,
                           tuple(entry[1] for entry in window))

    def stop(self) -> None:
        people, self.running = self.running, []
        for _, stop in people:
            stop.set()
        for thread, _ in people:
            thread.join(timeout=self.timeout + 5)

    def _live(self, person: Person, stop: threading.Event, pause: float, seed: float) -> None:
        chance = random.Random(seed)
        if stop.wait(pause):
            return
        for request in itertools.cycle(person.requests):
            aimed, hosts = self.aimed, self.hosts
            host = hosts[next(self.turn) % len(hosts)]
            started = time.perf_counter()
            connection = http.client.HTTPConnection(host.hostname, host.port, timeout=self.timeout)
            try:
                connection.request(request.method, request.path, body=request.body,
                                   headers=person.headers(request))
                response = connection.getresponse()
                response.read()
                person.remember(response)
                expected = self.ok(request, response.status)
            except (OSError, http.client.HTTPException):
                expected = False
            finally:
                connection.close()
            finished = time.perf_counter()
            with self.lock:
                self.done.append((finished, (finished - started) * 1000, expected, aimed))
            if stop.wait(chance.uniform(*self.think)):
                return
