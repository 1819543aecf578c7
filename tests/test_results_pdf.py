"""The PDF report, rendered by WeasyPrint from the page's HTML, read back with pypdf: A4, in the
report's language, the summary alone on page 1, the peer figures those of the page, the answers
last; and a clear message (with the print button kept) when PDFs cannot be made."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from pypdf import PdfReader

from tests.factories import add_peers, html, results_token

A4 = (595.28, 841.89)  # points


def with_peers(app, locale="en") -> str:
    with app.app_context():
        add_peers(6, step=3.0, country="CL", org_type="sectoral", members_band=None)
    return results_token(app, locale)


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].endswith('.pdf"')
    reader = PdfReader(io.BytesIO(response.data))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=1)
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def words(fragment: str) -> str:
    """An HTML fragment's text, spaces collapsed, as pypdf reads it back."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_summary_on_page_one_then_dimensions_peers_recommendations_and_answers(app, client):
    token = with_peers(app)
    page = html(client.get(f"/results/{token}", headers={"Accept-Language": "en"}))
    pages = pdf_pages(client.get(f"/results/{token}/report.pdf?lang=en"))
    first, rest = pages[0], " ".join(pages[1:])
    assert "Summary" in first and "Overall score 50.0 out of 100" in first
    assert "What the next stage needs" in first and "How priorities are chosen" in first
    position = words(page.split('class="summary-peers">')[1].split("<a ")[0])
    assert position.startswith("Your overall score is higher than that of") and position in first
    assert "Score by dimension" not in first and "Appendix" not in first
    order = [rest.index(heading) for heading in ("Score by dimension", "Compared with your peers",
                                                 "Recommendations", "Appendix: your answers")]
    assert order == sorted(order)
    assert "Appendix: your answers" in pages[-1] and "Cámara de Prueba" in pages[-1]
    for private in ("Start a new assessment", "Share with your board", "Targets for your next"):
        assert private not in rest


def test_the_pdf_peer_table_has_the_page_figures(app, client):
    token = with_peers(app)
    page = html(client.get(f"/results/{token}", headers={"Accept-Language": "en"}))
    pdf_text = " ".join(pdf_pages(client.get(f"/results/{token}/report.pdf?lang=en")))
    table = page.split('class="peers-table stack"')[1].split("</tbody>")[0].split("<tbody>")[1]
    rows = [words(row) for row in table.split("</tr>") if "<th" in row]
    assert len(rows) == 3 and all(re.search(r"\d", row) for row in rows)
    for row in rows:  # title, score, percentile, count, median, middle half: in the page's order
        assert row in pdf_text, row


def test_the_pdf_speaks_the_report_language_and_keeps_the_chosen_group(app, client):
    token = with_peers(app, locale="es")
    pages = pdf_pages(client.get(f"/results/{token}/report.pdf?group=all"))
    assert "Resumen" in pages[0] and "Puntaje general" in pages[0]
    assert "6 organizaciones de toda América Latina y el Caribe" in pages[0]


def test_the_shared_link_has_its_pdf_too(app, client):
    token = with_peers(app)
    client.post(f"/results/{token}/share")
    shared = re.search(r"/shared/([\w-]{20,})", html(client.get(f"/results/{token}"))).group(1)
    pages = pdf_pages(app.test_client().get(f"/shared/{shared}/report.pdf?lang=en"))
    assert "Summary" in pages[0]


@pytest.mark.parametrize("app_config", [{"PDF_DISABLED": True}])
def test_without_weasyprint_the_page_says_so_and_keeps_the_print_button(app, client):
    token = with_peers(app)
    page = html(client.get(f"/results/{token}", headers={"Accept-Language": "en"}))
    assert "A PDF cannot be made on this server at the moment" in page
    assert "data-print" in page and "report.pdf" not in page
    response = client.get(f"/results/{token}/report.pdf", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert "A PDF cannot be made on this server at the moment" in html(response)
