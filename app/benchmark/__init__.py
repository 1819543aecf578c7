"""Peer statistics, the one module behind the results page's peer comparison, the staff dashboard's
score tables and charts, and `flask peers stats`:

  selection.py   Selection: which assessments (the staff filters, a peer group's population)
  groups.py      peer groups, the fallback order, and the one country -> region mapping
  queries.py     SQL: peers per group, and each group's score histograms (one path, both databases)
  dashboard.py   every group of one kind by every dimension (staff dashboard, peers stats)
  comparison.py  one organization against its chosen group (the results page), routes.py its chart
  references.py  the reference profiles

The arithmetic (quartiles, ranks from a histogram) is app.domain.statistics; who may see what is
app.domain.anonymity.

Settings (config.py, from the environment):
  ANONYMITY_THRESHOLD          smallest group, the organization itself not counted (default 5)
  BENCHMARK_SAMPLES            when sample reference profiles join a group: "auto" (while it has fewer
                               than ANONYMITY_THRESHOLD real organizations), "always" or "never"
  BENCHMARK_INCLUDE_SYNTHETIC  count synthetic load-test assessments as peers (benchmarks only)
  REFERENCE_PROFILES           path of the reference profiles file
"""

from __future__ import annotations

from flask import Flask

from app.domain.anonymity import SamplesMode


def configure(app: Flask) -> None:
    """Refuse to start with a BENCHMARK_SAMPLES value that means nothing."""
    try:
        SamplesMode(app.config["BENCHMARK_SAMPLES"])
    except ValueError as error:
        raise RuntimeError("BENCHMARK_SAMPLES must be auto, always or never, not "
                           f"{app.config['BENCHMARK_SAMPLES']!r}") from error


def init_app(app: Flask) -> None:
    """Read the settings and reference profiles, register the results page's peer comparison and
    the peer chart's route. Refuses to start when the reference profiles file is invalid."""
    from app.benchmark.comparison import peer_comparison
    from app.benchmark.routes import bp
    from app.domain.references import load_reference_profiles

    configure(app)
    library = app.extensions["questionnaires"]
    app.extensions["reference_profiles"] = load_reference_profiles(
        app.config["REFERENCE_PROFILES"], library.regions, library.active.languages)
    app.extensions["peer_comparison"] = peer_comparison
    app.register_blueprint(bp)
