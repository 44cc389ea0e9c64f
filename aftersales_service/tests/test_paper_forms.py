"""The seeds' paper forms, printed as real PDF files by wkhtmltopdf.

Repair card (修護卡) and installation run-in report (安裝試機報告) of a service request,
finished-goods return note (成品退貨單) and return-to-factory form (返廠單) of a return case,
sales allowance certificate (銷貨折讓證明單) of a customer credit note (seed 000 篇2).
"""

from odoo import Command, fields
from odoo.tests import tagged

from .common import AftersalesCase
from .pdf_tools import pdf_pages, pdf_text, render_pdf

SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@tagged("post_install", "-at_install")
class TestPaperForms(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "name": "Paper Forms Company",
                "vat": "12345675",
                "aftersales_return_window_days": 7,
                "aftersales_return_approval_all": True,
            }
        )
        cls.customer.write({"lang": "en_US", "vat": "87654321"})
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.reason = cls.env.ref("aftersales_service.return_reason_quality")

    # ------------------------------------------------------------------ helpers
    def _render(self, report, records):
        content = render_pdf(self.env, f"aftersales_service.{report}", records.ids)
        self.assertEqual(pdf_pages(content), len(records))
        return pdf_text(content)

    def _done_request(self, serial, **vals):
        """A request done on site: work, hours, one fee, one part, the customer's signature."""
        request = self.env["aftersales.service.request"].create(
            {
                "partner_id": self.customer.id,
                "lot_id": self._lot(serial, delivery=self.d("2015-01-01")).id,
                "technician_id": self.technician.id,
                "supervisor_id": self.manager.id,
                "fault_description": "<p>The unit does not cool.</p>",
                **vals,
            }
        )
        request.action_dispatch()
        request = request.with_user(self.technician)
        request.action_start()
        request.write(
            {
                "work_done": "<p>Replaced the compressor and refilled the refrigerant.</p>",
                "time_spent": 1.5,
                "line_ids": [
                    Command.create({"line_type": "fee", "product_id": self.fee.id}),
                    Command.create({"line_type": "part", "product_id": self.part.id}),
                ],
            }
        )
        request.action_done()
        request.action_sign(SIGNATURE, "Mr Signer")
        return request.with_user(self.env.user)

    def _received_case(self, serial):
        """A return case of a delivered serial: approved by the manager, goods received."""
        stock = self.warehouse.lot_stock_id
        customers = self.env.ref("stock.stock_location_customers")
        lot = self._lot(serial, delivery=fields.Date.today())
        self.env["stock.quant"]._update_available_quantity(self.product, stock, 1.0, lot_id=lot)
        delivery = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "location_id": stock.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.product.name,
                            "product_id": self.product.id,
                            "product_uom_qty": 1.0,
                            "product_uom": self.product.uom_id.id,
                            "location_id": stock.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
            }
        )
        delivery.action_confirm()
        delivery.action_assign()
        delivery.move_ids.picked = True
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        case = self.env["aftersales.return"].create(
            {
                "partner_id": self.customer.id,
                "picking_id": delivery.id,
                "reason_id": self.reason.id,
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "lot_id": lot.id,
                            "move_id": delivery.move_ids.id,
                            "qty": 1.0,
                        }
                    )
                ],
            }
        )
        case.action_confirm()
        self.assertEqual(case.state, "to_approve")
        case.with_user(self.manager).action_approve()
        case.action_receive()
        receipt = case.picking_ids
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(case.line_ids.qty_received, 1.0)
        return case

    def _credit_note(self, move_type="out_refund"):
        return self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.customer.id,
                "invoice_date": self.d("2026-03-02"),
                "invoice_origin": "INV/ORIGIN/0042",
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Allowance for scratched panels",
                            "quantity": 2,
                            "price_unit": 150,
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )

    # ------------------------------------------------------------------ service requests
    def test_repair_card_records_hours_parts_and_signature(self):
        """RP-A03: the repair card shows the unit, the hours and the parts replaced."""
        request = self._done_request("PF-CARD-SN")
        text = self._render("report_repair_card", request)
        self.assertIn("Repair Card", text)
        self.assertIn("Paper Forms Company", text)
        self.assertIn(request.name, text)
        self.assertIn("PF-CARD-SN", text)
        self.assertIn("Test compressor", text)
        self.assertIn("01:30", text)
        self.assertIn("Replaced the compressor", text)
        self.assertIn("Mr Signer", text)

    def test_installation_run_in_report_lists_the_checks(self):
        """IN-B9: the run-in report carries the fixed list of checks to fill in."""
        request = self._done_request("PF-RUN-SN", kind="installation")
        text = self._render("report_run_in", request)
        self.assertIn("Installation Run-in Report", text)
        self.assertIn(request.name, text)
        self.assertIn("PF-RUN-SN", text)
        for check in ("Power-on test", "Refrigerant leak check", "Remote control"):
            self.assertIn(check, text)

    def test_two_repair_cards_in_one_pdf(self):
        first = self._done_request("PF-CARD-A")
        second = self._done_request("PF-CARD-B")
        text = self._render("report_repair_card", first | second)
        self.assertLess(text.index("PF-CARD-A"), text.index("PF-CARD-B"))

    # ------------------------------------------------------------------ return cases
    def test_finished_goods_return_note(self):
        """RT-A06: reason, origin and quantities; boxes for warehouse, quality and sales."""
        case = self._received_case("PF-RET-SN")
        text = self._render("report_return_note", case)
        self.assertIn("Finished-Goods Return Note", text)
        self.assertIn(case.name, text)
        self.assertIn("PF-RET-SN", text)
        self.assertIn(case.picking_id.name, text)
        self.assertIn(self.reason.name, text)
        self.assertIn(self.manager.name, text)
        for box in ("Warehouse", "Quality", "Sales"):
            self.assertIn(box, text)

    def test_return_to_factory_form(self):
        """RP-A09: the received units go to the factory with a box for its findings."""
        case = self._received_case("PF-RTF-SN")
        text = self._render("report_return_to_factory", case)
        self.assertIn("Return-to-Factory Form", text)
        self.assertIn(case.name, text)
        self.assertIn("PF-RTF-SN", text)
        self.assertIn("Factory Findings", text)

    # ------------------------------------------------------------------ credit notes
    def test_sales_allowance_certificate_of_a_credit_note(self):
        """RT-A05, RT-A11: seller, buyer, original invoice, amounts, the buyer's seal."""
        refund = self._credit_note()
        refund.action_post()
        text = self._render("report_allowance_certificate", refund)
        self.assertIn("Sales Allowance Certificate", text)
        self.assertIn(refund.name, text)
        self.assertIn("12345675", text)
        self.assertIn("87654321", text)
        self.assertIn("INV/ORIGIN/0042", text)
        self.assertIn("Allowance for scratched panels", text)
        self.assertIn("300.00", text)
        self.assertIn("Buyer's seal", text)

    def test_sales_allowance_certificate_names_the_reversed_invoice(self):
        invoice = self._credit_note(move_type="out_invoice")
        invoice.action_post()
        refund = invoice._reverse_moves()
        text = self._render("report_allowance_certificate", refund)
        self.assertIn("Sales Allowance Certificate", text)
        self.assertIn(invoice.name, text)
        self.assertIn("not posted yet", text)

    def test_sales_allowance_certificate_refused_for_an_invoice(self):
        invoice = self._credit_note(move_type="out_invoice")
        text = self._render("report_allowance_certificate", invoice)
        self.assertIn("not a customer credit note", text)
        self.assertNotIn("Buyer's seal", text)

    # ------------------------------------------------------------------ Chinese
    def test_every_form_prints_its_chinese_title(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["base", "web", "aftersales_service"], ["zh_CN"]
        )
        self.customer.lang = "zh_CN"
        request = self._done_request("PF-ZH-SN", kind="installation")
        case = self._received_case("PF-ZH-RET")
        note = self._credit_note()
        for report, records, title in (
            ("report_repair_card", request, "维修卡"),
            ("report_run_in", request, "安装试机报告"),
            ("report_return_note", case, "成品退货单"),
            ("report_return_to_factory", case, "返厂单"),
            ("report_allowance_certificate", note, "销货折让证明单"),
        ):
            with self.subTest(report=report):
                self.assertIn(title, self._render(report, records))
