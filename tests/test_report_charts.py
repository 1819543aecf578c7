"""The report's SVG charts, drawn without an app: real text, no script, text at least 11 CSS px on
a 360 px phone (a 304 px wide card), and no label colliding with another or with the radar's ring."""

from __future__ import annotations

import math
import re
from itertools import combinations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from app.charts import figure_svg
from app.charts.peers import draw_peers, peer_chart_spec
from app.charts.results import draw_progress, draw_radar, progress_spec, radar_spec

PHONE_CARD = 304  # CSS px: 360 px less the page's and the card's padding
LABELS = ["Estrategia, liderazgo y financiamiento", "Gobierno institucional y transparencia",
          "Desarrollo de la membresía", "Servicios digitales para las empresas afiliadas",
          "Comunicación e incidencia", "Gestión interna e infraestructura",
          "Datos, conocimiento e inteligencia artificial", "Personas y cultura",
          "Ciberseguridad y protección de datos"]
SCORES = [40.0, 80.0, 20.0, 55.0, 100.0, 70.0, 0.0, 90.0, None]
BEFORE = [30.0, 70.0, 25.0, 50.0, 60.0, 60.0, 10.0, 80.0, 35.0]
LEGEND = {"now": "Este diagnóstico", "before": "Diagnóstico anterior (15 de marzo de 2026)"}


def radar(count=9, previous=True):
    return draw_radar(radar_spec(SCORES[:count], BEFORE[:count] if previous else None, LEGEND))


def progress():
    values = ["sin puntaje" if s is None else f"{s:.1f}" for s in SCORES]
    return draw_progress(progress_spec(LABELS, SCORES, BEFORE, values,
                                       [f"{s:.1f}" for s in BEFORE], LEGEND))


def peers():
    rows = [{"label": label, "score": s, "q1": 30.0, "median": 45.0, "q3": 60.0}
            for label, s in zip(["Puntaje general", *LABELS], [50.0, *SCORES], strict=True)]
    return draw_peers(peer_chart_spec("21 cámaras de comercio en Centroamérica y México", rows,
                                      {"score": "Su puntaje", "median": "Mediana de los pares",
                                       "range": "Mitad central de los pares (percentiles 25 a 75)"},
                                      "Los pares incluyen datos de muestra ilustrativos."))


def smallest_css_px(svg: str) -> float:
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
    sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", svg)]
    assert sizes, "the chart has no real text"
    return min(sizes) * PHONE_CARD / width


@pytest.mark.parametrize("draw", [radar, progress, peers])
def test_text_is_real_at_least_11_css_px_on_a_phone_and_no_script(draw):
    svg = figure_svg(draw()).decode("utf-8")
    assert "<text" in svg and "<script" not in svg.lower() and "onload" not in svg.lower()
    assert smallest_css_px(svg) >= 11
    assert "Created with" not in svg and "<dc:date>" not in svg  # same chart, same bytes


def text_boxes(figure):
    FigureCanvasAgg(figure)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    texts = [t for axes in figure.axes for t in axes.texts if t.get_text()]
    texts += [t for legend in figure.legends for t in legend.get_texts()]
    return renderer, [(t.get_text(), t.get_window_extent(renderer)) for t in texts]


def overlapping(boxes):
    return [(a, b) for (a, box_a), (b, box_b) in combinations(boxes, 2) if box_a.overlaps(box_b)]


@pytest.mark.parametrize("count", [3, 5, 8, 9])
def test_radar_numbers_sit_outside_the_ring_and_apart(count):
    figure = radar(count)
    renderer, boxes = text_boxes(figure)
    numbers = [(text, box) for text, box in boxes if text.isdigit() and len(text) < 3]
    assert sorted(int(text) for text, _box in numbers) == list(range(1, count + 1))
    ring = figure.axes[0].get_window_extent(renderer)
    centre, radius = (ring.x0 + ring.width / 2, ring.y0 + ring.height / 2), ring.width / 2
    for text, box in numbers:
        nearest = (min(max(centre[0], box.x0), box.x1), min(max(centre[1], box.y0), box.y1))
        assert math.dist(nearest, centre) > radius, f"label {text} touches the ring"
        assert figure.bbox.contains(box.x0, box.y0) and figure.bbox.contains(box.x1, box.y1)
    assert overlapping(boxes) == []


@pytest.mark.parametrize("draw", [progress, peers])
def test_bar_charts_labels_and_values_never_collide(draw):
    figure = draw()
    _renderer, boxes = text_boxes(figure)
    assert overlapping(boxes) == []
    for _text, box in boxes:
        assert figure.bbox.x0 - 1 <= box.x0 and box.x1 <= figure.bbox.x1 + 1
