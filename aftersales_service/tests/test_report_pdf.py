"""Reports rendered as real PDF files by wkhtmltopdf, in English and in Chinese.

Odoo renders HTML instead of PDF in tests unless ``force_report_rendering`` is in the
context; these tests force it, so they check the bytes a user downloads. The Chinese
test proves that a CJK font is installed and used: without one, wkhtmltopdf prints
every Chinese character as nothing, and the text layer of the PDF has no Chinese.
"""

import io
import shutil
import subprocess
import tempfile

from PyPDF2 import PdfReader

from odoo.tests import tagged

from .common import AftersalesCase


def pdf_text(content):
    """The text layer of a PDF, by poppler's pdftotext when present, else by PyPDF2."""
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


@tagged("post_install", "-at_install")
class TestReportPdf(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search(
            [("name", "in", ("base", "web", "aftersales_service"))]
        )._load_module_terms(["base", "web", "aftersales_service"], ["zh_CN"])

    def _certificate(self, lang):
        self.customer.lang = lang
        lot = self._lot(f"CERT-{lang}", delivery=self.d("2025-06-01"))
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("aftersales_service.report_warranty_certificate", lot.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF-"), content[:40])
        self.assertEqual(len(PdfReader(io.BytesIO(content)).pages), 1)
        return content

    def test_warranty_certificate_pdf_in_english(self):
        text = pdf_text(self._certificate("en_US"))
        self.assertIn("Warranty Certificate", text)
        self.assertIn("CERT-en_US", text)

    def test_warranty_certificate_pdf_in_chinese_shows_chinese(self):
        content = self._certificate("zh_CN")
        text = pdf_text(content)
        self.assertIn("保修证书", text, "the Chinese title is missing: no CJK font rendered it")
        self.assertIn("CERT-zh_CN", text)
        self.assertTrue(
            any("CJK" in font or "WenQuanYi" in font or "Droid" in font for font in pdf_fonts(content)),
            pdf_fonts(content),
        )
