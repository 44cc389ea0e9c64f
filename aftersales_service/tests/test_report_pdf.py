"""Reports rendered as real PDF files by wkhtmltopdf, in English and in Chinese.

Odoo renders HTML instead of PDF in tests unless ``force_report_rendering`` is in the
context; these tests force it, so they check the bytes a user downloads. The Chinese
test proves that a CJK font is installed and used: without one, wkhtmltopdf prints
every Chinese character as nothing, and the text layer of the PDF has no Chinese.
"""

from odoo.tests import tagged

from .common import AftersalesCase
from .pdf_tools import pdf_fonts, pdf_pages, pdf_text, render_pdf


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
        content = render_pdf(self.env, "aftersales_service.report_warranty_certificate", lot.ids)
        self.assertEqual(pdf_pages(content), 1)
        return content

    def test_warranty_certificate_pdf_in_english(self):
        text = pdf_text(self._certificate("en_US"))
        self.assertIn("Warranty Certificate", text)
        self.assertIn("CERT-en_US", text)

    def test_warranty_certificate_pdf_in_chinese_shows_chinese(self):
        content = self._certificate("zh_CN")
        text = pdf_text(content)
        self.assertIn("保修证书", text, "the Chinese title is missing: no CJK font rendered it")
        self.assertNotIn("Months", text, "the warranty unit is in the customer's language")
        self.assertIn("CERT-zh_CN", text)
        # the Simplified Chinese face of the CJK font, not the Japanese one
        self.assertTrue(
            any("CJKsc" in font or "WenQuanYi" in font for font in pdf_fonts(content)),
            pdf_fonts(content),
        )

    def test_two_certificates_in_one_pdf(self):
        """Debian's wkhtmltopdf takes one document per call: two records still print."""
        lots = self._lot("CERT-A", delivery=self.d("2025-06-01")) | self._lot(
            "CERT-B", delivery=self.d("2025-07-01")
        )
        content = render_pdf(self.env, "aftersales_service.report_warranty_certificate", lots.ids)
        self.assertEqual(pdf_pages(content), 2)
        text = pdf_text(content)
        self.assertLess(text.index("CERT-A"), text.index("CERT-B"))

    def test_maintenance_expiry_notice_in_chinese(self):
        self.env["ir.module.module"]._load_module_terms(["aftersales_service"], ["zh_CN"])
        self.customer.lang = "zh_CN"
        lot = self._lot("CONTRACT-SN", delivery=self.d("2025-06-01"))
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": self.d("2025-07-01"),
                "date_end": self.d("2026-06-30"),
                "lot_ids": [(6, 0, lot.ids)],
                "fee_amount": 1200,
            }
        )
        content = render_pdf(self.env, "aftersales_service.report_contract_expiry", contract.ids)
        text = pdf_text(content)
        self.assertIn("保养到期通知书", text)
        self.assertIn(contract.name, text)
        self.assertIn("CONTRACT-SN", text)
