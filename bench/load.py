"""A small HTTP load generator: threads, each with its own keep-alive connection, sending one
request over and over for a fixed time. Pure Python so it runs anywhere; every figure in a table
comes from this same tool, so its own overhead cancels out of the ratios."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
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
