"""How many people filling in the questionnaire at once one instance holds, and two instances on
the same machine, with p95 under 500 ms on PostgreSQL; a bare Flask route measured the same way in
the same minutes is the stack's own limit.

- Servers as the README's deployment section runs them: gunicorn with gunicorn.conf.py's defaults
  (gthread, cores + 1 workers, 4 threads each), PostgreSQL in a schema of this run's own, Redis
  for the shared state when it answers. Rate limits are off for the load: every simulated person
  comes from 127.0.0.1 and starting an assessment is limited to 10 an hour per address; the pages
  measured have no limit of their own.
- A concurrent respondent is a person filling in the form, not a request loop: its own session
  (made through the profile page, as a browser starts), then GET a dimension page, think, POST
  that page's answers (validated, saved, answered 303), think, GET the next page... through every
  dimension page and round again, with a think time of 1-3 s (uniform) after every answer, so
  each person sends about one request every 2 s. Load: bench/load.py `Crowd`.
- Three targets, measured in turn at each number of people by the same crowd (so each sees the
  machine of the same minute; other work shares it): one instance; two instances, round-robin
  request by request (no sticky sessions); the bare route (bench/bare_app.py answers the very same
  requests, cookies and bodies included; copies of the respondents once only it is left). The
  number of people doubles from 20 until every target has missed, then two halvings of each
  target's gap between the last number held and the first missed. A number is held when, in a
  window of 0.6 x --seconds (3 s by default; the whole run takes about 3-4 minutes), p95 <= 500
  ms, no request failed and the people were not mostly left waiting (`Step.held`); a miss is
  looked at for a second window and judged on both, since other work here comes in bursts.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import requests

from bench.data import postgres_schema_url, questionnaire_dir
from bench.load import Crowd, Measurement, Person, Request
from bench.results import Result
from tests.servers import Form, Respondent, forms_on, prepare_database, server_config, start_gunicorn

LIMIT_MS = 500.0
THINK = (1.0, 3.0)
FIRST_STEP = 20
MOST = 4000          # people (threads) the load generator starts at most
REFINEMENTS = 2
SETTLE = 2.0         # seconds after a step grows before measuring
WINDOW_SHARE = 0.6   # of --seconds: each measuring window (3 s by default, the run about 4 minutes)
LANGUAGE = ("Accept-Language", "es")
FORM = ("Content-Type", "application/x-www-form-urlencoded")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
SERVED = {"workers": (os.cpu_count() or 1) + 1, "worker_class": "gthread", "threads": 4}


def say(text: str) -> None:
    print(f"bench_capacity: {text} ({time.strftime('%X')}, load average {os.getloadavg()[0]:.0f})",
          file=sys.stderr, flush=True)


def expected(request: Request, status: int) -> bool:
    return status == (303 if request.method == "POST" else 200)


@dataclass(frozen=True)
class Step:
    people: int
    measurement: Measurement

    @property
    def held(self) -> bool:
        """p95 within the limit, no failed request, and at least half the requests these people
        send when answered at once: fewer means most of them are waiting on answers that have not
        come by the end of the window, which the p95 of the answered ones does not show."""
        m = self.measurement
        sent_at_once = self.people * m.seconds / (sum(THINK) / 2)
        return m.errors == 0 and m.p95_ms <= LIMIT_MS and m.requests >= sent_at_once / 2

    def text(self) -> str:
        m = self.measurement
        return (f"{self.people}: p95 {m.p95_ms:.0f} ms, {m.per_second:.0f} req/s"
                + (f", {m.errors} failed" if m.errors else ""))


# -- the people -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Questionnaire:
    """The forms every respondent goes through, read once by one respondent walking the survey."""

    profile: Form
    pages: tuple[tuple[str, Form], ...]  # (path, form) of every dimension page, in order


def read_forms(base_url: str) -> Questionnaire:
    walker = Respondent(base_url, "Capacity walker")
    start = walker.start()
    profile = walker.page_form(start)
    page, pages = walker.answer_page(start), []
    while urlsplit(page.url).path != "/survey/review" and len(pages) < 40:
        form = walker.page_form(page)
        pages.append((urlsplit(urljoin(page.url, form.action)).path, form))
        page = walker.answer_page(page)
    if not pages:
        raise RuntimeError(f"no dimension page reached (stopped at {page.url})")
    return Questionnaire(profile, tuple(pages))


def with_token(data: list[tuple[str, str]], token: str) -> list[tuple[str, str]]:
    return [(name, token if name == "csrf_token" else value) for name, value in data]


def bodies(survey: Questionnaire, name: str, token: str) -> list[tuple[str, bytes]]:
    return [(path, urlencode(with_token(form.filled(name), token)).encode())
            for path, form in survey.pages]


def new_respondent(base_url: str, survey: Questionnaire, number: int) -> Person:
    """A person whose assessment was just started on the profile page, as a browser starts it."""
    name = f"Capacity organization {number}"
    with requests.Session() as session:
        session.headers["Accept-Language"] = LANGUAGE[1]
        profile = session.get(f"{base_url}/survey/profile", timeout=60)
        found = CSRF.search(profile.text)
        token = found.group(1) if found else dict(forms_on(profile.text)[0].hidden_only())["csrf_token"]
        action = urljoin(profile.url, survey.profile.action or "/survey/profile")
        started = session.post(action, data=with_token(survey.profile.filled(name), token),
                               allow_redirects=False, timeout=60)
        if started.status_code != 303:
            raise RuntimeError(f"starting an assessment answered {started.status_code}")
        cookies = {cookie.name: cookie.value for cookie in session.cookies}
    steps = []
    for path, body in bodies(survey, name, token):
        steps += [Request("GET", path, headers=(LANGUAGE,)),
                  Request("POST", path, body, (LANGUAGE, FORM))]
    return Person(tuple(steps), cookies)


class People:
    """Respondents made as the steps need them (each one starts an assessment). A target that
    ignores sessions (the bare route) may get copies of them instead, which cost nothing to make."""

    def __init__(self, make):
        self.make, self.made, self.copies = make, [], []

    def first(self, count: int, copies: bool = False) -> list[Person]:
        missing = range(len(self.made), count)
        if missing and not (copies and self.made):
            with ThreadPoolExecutor(8) as pool:
                self.made += list(pool.map(self.make, missing))
        extra = count - len(self.made)
        for person in itertools.islice(itertools.cycle(self.made), max(0, extra - len(self.copies))):
            self.copies.append(Person(person.requests, dict(person.cookies)))
        return self.made[:count] + self.copies[:max(0, extra)]


# -- stepping -------------------------------------------------------------------------------------
@dataclass
class Search:
    """One target's steps: the largest number of people held so far and the smallest missed."""

    good: int = 0
    bad: int | None = None
    steps: list[Step] = field(default_factory=list)

    def record(self, found: Step) -> None:
        self.steps.append(found)
        if found.held:
            self.good = max(self.good, found.people)
        else:
            self.bad = found.people if self.bad is None else min(self.bad, found.people)

    def next_refinement(self) -> int | None:
        if self.bad is None or self.bad - self.good <= max(1, self.good // 20):
            return None
        return (self.good + self.bad) // 2

    def summary(self) -> str:
        held = next((s for s in self.steps if s.people == self.good and s.held), None)
        missed = next((s for s in self.steps if s.people == self.bad), None)
        return ((held.text() if held else "none held")
                + (f"; missed at {missed.text()}" if missed else f"; not missed up to {MOST}"))


def capacity(targets: dict[str, list[str]], people: People, seconds: float,
             sessionless: frozenset[str] = frozenset()) -> dict[str, Search]:
    """Every target's search, stepping one crowd of people up (and down for the refinements);
    targets in `sessionless` may be sent copies of the respondents."""
    crowd = Crowd(next(iter(targets.values())), expected, think=THINK)
    searches = {name: Search() for name in targets}
    rounds = itertools.count()

    def measure_at(count: int, names: list[str]) -> None:
        growing = count > len(crowd)
        crowd.resize(people.first(count, copies=sessionless.issuperset(names)))
        for turn, name in enumerate(names[::-1] if next(rounds) % 2 else names):
            crowd.aim(targets[name])
            # The first step also warms every server up (first rendering of each page); after
            # growing, the new people arrive; after a switch, the last requests elsewhere finish.
            crowd.measure(SETTLE * 2 if not searches[name].steps else
                          SETTLE if growing and turn == 0 else 1.0)
            measured = crowd.measure(seconds)
            if not Step(count, measured).held:  # a second look: other work here comes in bursts
                measured = measured + crowd.measure(seconds)
            searches[name].record(Step(count, measured))
            say(f"{name} {searches[name].steps[-1].text()}")

    def in_play(names) -> list[str]:
        return [name for name in names if searches[name].bad is None]

    def refine(names) -> None:
        for _ in range(REFINEMENTS):
            wanted: dict[int, list[str]] = {}
            for name in names:
                if (middle := searches[name].next_refinement()) is not None:
                    wanted.setdefault(middle, []).append(name)
            for middle in sorted(wanted):
                measure_at(middle, wanted[middle])

    # The targets with sessions first (the sessionless one alongside), refined before the crowd
    # grows to the thousands only the bare route holds, whose aftermath would blur them.
    sessions = [name for name in targets if name not in sessionless]
    count = FIRST_STEP
    try:
        for group in (sessions, list(targets)):
            while count <= MOST and in_play(group):
                measure_at(count, in_play(targets))
                count *= 2
            refine([name for name in group if group is sessions or name in sessionless])
        return searches
    finally:
        crowd.stop()


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return -1
    return int(fields[11]) + int(fields[12])  # utime + stime


def booted(server, workers: int, timeout: float = 90) -> None:
    """gunicorn answers as soon as one worker has loaded the app; wait until all of them have
    (every worker there and its CPU time no longer growing), so that the first step does not
    measure workers still importing on a busy machine."""
    deadline, last = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        ticks = {pid: cpu_ticks(pid) for pid in server.worker_pids()}
        if (len(ticks) == workers and last is not None and last.keys() == ticks.keys()
                and all(0 <= ticks[pid] - last[pid] <= 2 for pid in ticks)):
            return
        last = ticks
        time.sleep(0.5)


def started_server(config: dict, folder: Path, **options):
    server = start_gunicorn(config, folder, **SERVED, **options)
    booted(server, SERVED["workers"])
    return server


def redis_url() -> str | None:
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        from redis import Redis

        Redis.from_url(url, socket_connect_timeout=2).ping()
        return url
    except Exception:  # noqa: BLE001 - no Redis: run without it and say so
        return None


def run(options) -> list[Result]:
    postgres = postgres_schema_url()
    if postgres is None:
        return [Result("capacity: respondents held (PostgreSQL)", None, None,
                       detail="PostgreSQL not reachable")]
    database, drop = postgres
    started = time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-capacity-") as folder:
            window = max(1.0, options.seconds * WINDOW_SHARE)
            searches, how = measure_all(Path(folder), database, window)
    finally:
        drop()
    return results(searches, f"{how}, {time.perf_counter() - started:.0f} s")


def measure_all(folder: Path, database: str, seconds: float) -> tuple[dict[str, Search], str]:
    questionnaires = questionnaire_dir()
    prepare_database(database, questionnaires)
    redis = redis_url()
    shared = ({"REDIS_URL": redis, "RATELIMIT_STORAGE_URI": redis, "INSTANCES": 2,
               "REQUIRE_SHARED_STATE": True, "RATELIMIT_KEY_PREFIX": f"bench-{uuid.uuid4().hex}",
               "JOBS_QUEUE": f"bench-{uuid.uuid4().hex}"} if redis else {})
    config = server_config(database, questionnaires, RATELIMIT_ENABLED=False, **shared)
    with ThreadPoolExecutor(3) as pool:  # booting in parallel: a busy machine makes it slow
        starting = [pool.submit(started_server, config, folder),
                    pool.submit(started_server, config, folder),
                    pool.submit(started_server, {}, folder, app="bench.bare_app:app")]
    servers = [future.result() for future in starting if not future.exception()]
    try:
        if len(servers) < 3:
            raise next(f.exception() for f in starting if f.exception())
        one, two, bare = (server.url for server in servers)
        survey = read_forms(one)
        say(f"servers up, {len(survey.pages)} dimension pages")
        people = People(lambda number: new_respondent(one, survey, number))
        searches = capacity({ONE: [one], TWO: [one, two], BARE: [bare]}, people, seconds,
                            sessionless=frozenset({BARE}))
    finally:
        for server in servers:
            server.stop()
    return searches, (f"{questionnaires.name}/, gunicorn gthread {SERVED['workers']}x"
                      f"{SERVED['threads']} per instance, {'Redis' if redis else 'no Redis'}, "
                      f"load average {os.getloadavg()[0]:.0f}")


ONE, TWO, BARE = "one instance", "two instances", "bare route"


def results(searches: dict[str, Search], how: str) -> list[Result]:
    held = {name: search.good for name, search in searches.items()}

    def share(part: str, whole: str) -> float | None:
        return held[part] / held[whole] if held[part] and held[whole] else None

    def figure(name: str, title: str) -> Result:
        return Result(f"capacity: respondents held at p95 < 500 ms, {title}", held[name] or None,
                      None, unit="respondents", detail=searches[name].summary())

    return [
        figure(ONE, "one instance (PostgreSQL)"),
        figure(TWO, "two instances on one machine"),
        Result("capacity: two instances / one instance, respondents held", share(TWO, ONE), None,
               detail=f"{held[TWO]} vs {held[ONE]}; {how}"),
        figure(BARE, "bare Flask route"),
        Result("capacity: one instance / bare route, respondents held", share(ONE, BARE), None,
               detail=f"{held[ONE]} vs {held[BARE]}; think time {THINK[0]:g}-{THINK[1]:g} s"),
    ]
