import base64
import io

import openpyxl
import xlwt

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import AftersalesCase

HEADER = ["Serial", "Product", "Customer", "Delivery Date", "Installation Date"]


def xlsx_file(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return base64.b64encode(out.getvalue())


def xls_file(rows):
    book = xlwt.Workbook()
    sheet = book.add_sheet("base")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return base64.b64encode(out.getvalue())


@tagged("post_install", "-at_install")
class TestInstalledBaseImport(AftersalesCase):
    def _import(self, content, filename):
        form = Form(
            self.env["aftersales.installed.base.import"]
            .with_user(self.manager)
            .with_context(default_filename=filename)
        )
        form.file = content
        wizard = form.save()
        wizard.action_import()
        return wizard

    def test_xlsx_import_creates_and_updates(self):
        existing = self._lot("IMP-0002")
        wizard = self._import(
            xlsx_file(
                [
                    HEADER,
                    ["IMP-0001", "T-AC", "Test Customer", "2025-01-15", "2025-01-20"],
                    ["IMP-0002", "Test AC", "Test Customer", "2024/06/01", None],
                ]
            ),
            "base.xlsx",
        )
        self.assertEqual(wizard.state, "done", wizard.error_log)
        self.assertEqual((wizard.created_count, wizard.updated_count), (1, 1))
        lot = self.env["stock.lot"].search([("name", "=", "IMP-0001")])
        self.assertEqual(lot.aftersales_partner_id, self.customer)
        self.assertEqual(str(lot.aftersales_installation_date), "2025-01-20")
        self.assertEqual(str(lot.aftersales_warranty_end), "2026-01-15")
        self.assertEqual(str(existing.aftersales_delivery_date), "2024-06-01")

    def test_xls_import(self):
        wizard = self._import(
            xls_file([HEADER, ["XLS-1", "T-AC", "Test Customer", "2025-02-01", ""]]), "base.xls"
        )
        self.assertEqual(wizard.state, "done", wizard.error_log)
        self.assertTrue(self.env["stock.lot"].search([("name", "=", "XLS-1")]))

    def test_bad_rows_write_nothing_and_are_all_reported(self):
        wizard = self._import(
            xlsx_file(
                [
                    HEADER,
                    ["BAD-1", "T-AC", "Test Customer", "2025-01-15", None],
                    ["BAD-2", "NO-SUCH", "Test Customer", "2025-01-15", None],
                    ["BAD-3", "T-AC", "Nobody", "not a date", None],
                    [None, "T-AC", "Test Customer", None, None],
                    ["BAD-1", "T-AC", "Test Customer", None, None],
                ]
            ),
            "bad.xlsx",
        )
        self.assertEqual(wizard.state, "failed")
        log = wizard.error_log
        self.assertIn("Line 3: product NO-SUCH is unknown", log)
        self.assertIn(
            "Line 4: customer Nobody is unknown; delivery date not a date is not a date", log
        )
        self.assertIn("Line 5: serial is empty", log)
        self.assertIn("Line 6: serial BAD-1 repeats line 2", log)
        self.assertNotIn("Line 2:", log)
        self.assertFalse(self.env["stock.lot"].search([("name", "like", "BAD-")]))

    def test_missing_column_and_wrong_format(self):
        with self.assertRaisesRegex(UserError, "lacks the column"):
            self._import(xlsx_file([["Serial", "Product"], ["A", "T-AC"]]), "x.xlsx")
        with self.assertRaisesRegex(UserError, "only .xlsx and .xls"):
            self._import(base64.b64encode(b"a,b"), "x.csv")
        with self.assertRaisesRegex(UserError, "cannot be read"):
            self._import(base64.b64encode(b"garbage"), "x.xlsx")

    def test_ten_thousand_rows(self):
        rows = [HEADER] + [
            [f"BULK-{i:05d}", "T-AC", "Test Customer", "2025-03-01", None] for i in range(10000)
        ]
        wizard = self._import(xlsx_file(rows), "bulk.xlsx")
        self.assertEqual(wizard.state, "done", wizard.error_log)
        self.assertEqual(wizard.created_count, 10000)
        self.assertEqual(
            self.env["stock.lot"].search_count(
                [("name", "=like", "BULK-%"), ("aftersales_warranty_state", "=", "expired")]
            )
            + self.env["stock.lot"].search_count(
                [("name", "=like", "BULK-%"), ("aftersales_warranty_state", "=", "in_warranty")]
            ),
            10000,
        )
