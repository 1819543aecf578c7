"""`flask jobs worker` processes for tests, started as an operator starts them, with the settings
the test's servers use (tests/conftest.py has the Redis server and a queue of the test's own)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

from tests.servers import CONFIG_VARIABLE, ROOT


class Workers:
    """`flask --app ... jobs worker` processes, as an operator starts them."""

    def __init__(self, config: dict, tmp_path):
        """`config`: the app's settings, as tests.servers.server_config makes them."""
        self.environment = {**os.environ, CONFIG_VARIABLE: json.dumps(config),
                            "PYTHONPATH": str(ROOT)}
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []

    def start(self, count: int = 1) -> None:
        for _ in range(count):
            log = (self.tmp_path / f"worker-{len(self.processes)}.log").open("w")
            self.processes.append(subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "tests.servers:server_app()", "jobs",
                 "worker"], cwd=ROOT, env=self.environment, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace")
                         for path in sorted(self.tmp_path.glob("worker-*.log")))
