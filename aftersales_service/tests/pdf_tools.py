"""Helpers of the PDF report tests: render real PDF bytes, read their text and fonts."""

import io
import re
import shutil
import subprocess
import tempfile
import unicodedata

from PyPDF2 import PdfReader


def render_pdf(env, report_name, ids):
    """The PDF a user downloads: Odoo renders HTML in tests unless forced."""
    content, kind = (
        env["ir.actions.report"]
        .with_context(force_report_rendering=True)
        ._render_qweb_pdf(report_name, ids)
    )
    assert kind == "pdf", kind
    assert content.startswith(b"%PDF-"), content[:40]
    return content


def pdf_pages(content):
    return len(PdfReader(io.BytesIO(content)).pages)


def pdf_text(content):
    """The text layer of a PDF, by poppler's pdftotext when present, else by PyPDF2.

    NFKC-normalised: Qt's text layer maps a few CJK glyphs to the Kangxi radicals that
    share them ("⼾" for "户"); the page shows the right character either way.
    PyPDF2 (no poppler on the machine) separates some words by tabs: runs of blanks are
    read as one space, as pdftotext gives them.
    """
    return re.sub(r"[ \t\xa0]+", " ", unicodedata.normalize("NFKC", _raw_pdf_text(content)))


def _raw_pdf_text(content):
    if shutil.which("pdftotext"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            return subprocess.run(
                ["pdftotext", "-enc", "UTF-8", pdf.name, "-"],
                capture_output=True,
                check=True,
            ).stdout.decode()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def pdf_fonts(content):
    fonts = set()
    for page in PdfReader(io.BytesIO(content)).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    return fonts
