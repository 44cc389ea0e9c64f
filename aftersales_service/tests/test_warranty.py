from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from odoo.addons.aftersales_service.models.stock_lot import add_warranty_duration

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestWarrantyArithmetic(AftersalesCase):
    def test_every_unit(self):
        """PRC Civil Code arts. 201-202: the start day is not counted."""
        start = date(2024, 5, 15)
        self.assertEqual(add_warranty_duration(start, 10, "day"), date(2024, 5, 25))
        self.assertEqual(add_warranty_duration(start, 2, "week"), date(2024, 5, 29))
        self.assertEqual(add_warranty_duration(start, 12, "month"), date(2025, 5, 15))
        self.assertEqual(add_warranty_duration(start, 3, "year"), date(2027, 5, 15))

    def test_civil_code_examples(self):
        self.assertEqual(add_warranty_duration(date(2026, 1, 31), 30, "day"), date(2026, 3, 2))
        self.assertEqual(add_warranty_duration(date(2024, 3, 1), 12, "month"), date(2025, 3, 1))
        self.assertEqual(add_warranty_duration(date(2024, 2, 29), 12, "month"), date(2025, 2, 28))

    def test_month_ends(self):
        # a month without the corresponding day ends on its last day
        self.assertEqual(add_warranty_duration(date(2023, 1, 31), 1, "month"), date(2023, 2, 28))
        self.assertEqual(add_warranty_duration(date(2024, 1, 31), 1, "month"), date(2024, 2, 29))
        self.assertEqual(add_warranty_duration(date(2024, 3, 31), 1, "month"), date(2024, 4, 30))
        self.assertEqual(add_warranty_duration(date(2024, 1, 1), 1, "month"), date(2024, 2, 1))
        self.assertEqual(add_warranty_duration(date(2024, 12, 1), 1, "month"), date(2025, 1, 1))

    def test_leap_years(self):
        self.assertEqual(add_warranty_duration(date(2024, 2, 29), 1, "year"), date(2025, 2, 28))
        self.assertEqual(add_warranty_duration(date(2023, 3, 1), 12, "month"), date(2024, 3, 1))
        self.assertEqual(add_warranty_duration(date(2024, 2, 29), 4, "year"), date(2028, 2, 29))
        self.assertEqual(add_warranty_duration(date(2024, 2, 1), 29, "day"), date(2024, 3, 1))

    def test_no_duration_no_end(self):
        self.assertFalse(add_warranty_duration(date(2024, 1, 1), 0, "month"))
        self.assertFalse(add_warranty_duration(False, 12, "month"))


@tagged("post_install", "-at_install")
class TestWarrantyTerms(AftersalesCase):
    def test_company_default_then_category_then_product(self):
        lot = self._lot("W-TERMS", delivery=self.d("2025-01-10"))
        self.assertEqual(lot.aftersales_warranty_end, self.d("2026-01-10"))
        self.category.write({"aftersales_warranty_duration": 2, "aftersales_warranty_unit": "year"})
        second = self._lot("W-TERMS-2", delivery=self.d("2025-01-10"))
        self.assertEqual(second.aftersales_warranty_end, self.d("2027-01-10"))
        self.product.product_tmpl_id.write(
            {"aftersales_warranty_duration": 90, "aftersales_warranty_unit": "day"}
        )
        third = self._lot("W-TERMS-3", delivery=self.d("2025-01-10"))
        self.assertEqual(third.aftersales_warranty_end, self.d("2025-04-10"))
        # a unit keeps the terms of the day its warranty started; its own dates count again
        self.assertEqual(lot.aftersales_warranty_end, self.d("2026-01-10"))
        self.assertEqual(second.aftersales_warranty_end, self.d("2027-01-10"))
        lot.aftersales_delivery_date = self.d("2025-02-01")
        self.assertEqual(lot.aftersales_warranty_end, self.d("2025-05-02"))

    def test_parent_category_terms_are_inherited(self):
        parent = self.env["product.category"].create(
            {
                "name": "Appliances",
                "aftersales_warranty_duration": 6,
                "aftersales_warranty_unit": "month",
                "aftersales_return_window_days": 10,
            }
        )
        self.category.parent_id = parent
        terms = self.product._aftersales_warranty_terms()[self.product.id]
        self.assertEqual((terms["duration"], terms["unit"]), (6, "month"))
        self.assertEqual(terms["return_days"], 10)
        self.assertEqual(terms["exchange_days"], 15, "company default exchange window")

    def test_start_basis(self):
        lot = self._lot(
            "W-BASIS",
            delivery=self.d("2025-03-01"),
            aftersales_installation_date=self.d("2025-03-20"),
            aftersales_invoice_date=self.d("2025-02-25"),
        )
        self.assertEqual(lot.aftersales_warranty_start, self.d("2025-03-01"))
        self.category.aftersales_warranty_start_basis = "installation"
        self.assertEqual(lot.aftersales_warranty_start, self.d("2025-03-20"))
        self.assertEqual(lot.aftersales_warranty_end, self.d("2026-03-20"))
        self.category.aftersales_warranty_start_basis = "invoice"
        self.assertEqual(lot.aftersales_warranty_start, self.d("2025-02-25"))
        # no invoice date recorded: the delivery date stands in
        lot.aftersales_invoice_date = False
        self.assertEqual(lot.aftersales_warranty_start, self.d("2025-03-01"))

    def test_negative_duration_refused(self):
        with self.assertRaisesRegex(Exception, "cannot be negative"):
            self.category.aftersales_warranty_duration = -1


@tagged("post_install", "-at_install")
class TestCoverage(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["stock.lot"])
        cls.today = today
        cls.lot_new = cls._lot("COV-NEW", delivery=today.replace(day=1))
        cls.lot_old = cls._lot("COV-OLD", delivery=date(today.year - 3, 1, 1))
        cls.lot_void = cls._lot(
            "COV-VOID",
            delivery=today.replace(day=1),
            aftersales_void_exclusion_id=cls.env.ref("aftersales_service.exclusion_self_repair").id,
            aftersales_void_note="The customer replaced the capacitor himself.",
        )
        cls.lot_contract = cls._lot("COV-CONTRACT", delivery=date(today.year - 4, 1, 1))
        cls.lot_unknown = cls._lot("COV-UNKNOWN")
        cls.contract = cls.env["aftersales.contract"].create(
            {
                "partner_id": cls.customer.id,
                "date_start": date(today.year - 1, 1, 1),
                "date_end": date(today.year + 1, 12, 31),
                "lot_ids": [Command.set(cls.lot_contract.ids)],
            }
        )
        cls.contract.action_confirm()

    def test_service_class_per_lot(self):
        lots = self.lot_new | self.lot_old | self.lot_void | self.lot_contract | self.lot_unknown
        result = self.env["aftersales.coverage"].lot_coverage(lots)
        self.assertEqual(result[self.lot_new.id]["service_class"], "C")
        self.assertEqual(result[self.lot_old.id]["service_class"], "A")
        self.assertIn("expired", result[self.lot_old.id]["reason"])
        self.assertEqual(result[self.lot_void.id]["service_class"], "A")
        self.assertIn("Self-disassembly", result[self.lot_void.id]["reason"])
        self.assertEqual(result[self.lot_contract.id]["service_class"], "B")
        self.assertEqual(result[self.lot_contract.id]["contract_id"], self.contract.id)
        self.assertEqual(result[self.lot_unknown.id]["warranty_state"], "unknown")

    def test_coverage_on_a_past_date(self):
        past = date(self.today.year - 3, 6, 1)
        result = self.env["aftersales.coverage"].lot_coverage(self.lot_old, past)
        self.assertEqual(result[self.lot_old.id]["service_class"], "C")

    def test_batch_costs_constant_queries(self):
        lots = self.env["stock.lot"].create(
            [
                {
                    "name": f"BATCH-{i}",
                    "product_id": self.product.id,
                    "aftersales_partner_id": self.customer.id,
                    "aftersales_delivery_date": self.today,
                }
                for i in range(60)
            ]
        )
        lots.invalidate_recordset()
        coverage = self.env["aftersales.coverage"]
        with self.assertQueryCount(__system__=4):
            coverage.lot_coverage(lots[:5])
        lots.invalidate_recordset()
        with self.assertQueryCount(__system__=4):
            result = coverage.lot_coverage(lots)
        self.assertEqual({v["service_class"] for v in result.values()}, {"C"})

    def test_product_and_customer_coverage(self):
        result = self.env["aftersales.coverage"].product_coverage(
            [(self.product.id, self.customer.id), (self.part.id, self.customer.id)]
        )
        self.assertEqual(result[(self.product.id, self.customer.id)]["service_class"], "C")
        self.assertEqual(result[(self.part.id, self.customer.id)]["service_class"], "A")
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": self.today,
                "date_end": self.today,
                "product_ids": [Command.set(self.part.ids)],
            }
        )
        contract.action_confirm()
        result = self.env["aftersales.coverage"].product_coverage(
            [(self.part.id, self.customer.id)]
        )
        self.assertEqual(result[(self.part.id, self.customer.id)]["service_class"], "B")

    def test_searchable_status(self):
        Lot = self.env["stock.lot"]
        self.assertIn(self.lot_new, Lot.search([("aftersales_warranty_state", "=", "in_warranty")]))
        expired = Lot.search([("aftersales_warranty_state", "=", "expired")])
        self.assertIn(self.lot_old, expired)
        self.assertNotIn(self.lot_contract, expired)
        self.assertIn(
            self.lot_contract, Lot.search([("aftersales_warranty_state", "=", "under_contract")])
        )
        self.assertIn(self.lot_void, Lot.search([("aftersales_warranty_state", "=", "void")]))
        out = Lot.search([("aftersales_warranty_state", "in", ["expired", "void", "no_warranty"])])
        self.assertTrue({self.lot_old, self.lot_void} <= set(out))
        self.assertNotIn(self.lot_new, out)
        not_in = Lot.search(
            [
                ("aftersales_warranty_state", "!=", "in_warranty"),
                ("id", "in", (self.lot_new | self.lot_old).ids),
            ]
        )
        self.assertEqual(not_in, self.lot_old)
        self.assertEqual(self.lot_new.aftersales_warranty_state, "in_warranty")
        self.assertGreater(self.lot_new.aftersales_remaining_days, 300)
        self.assertEqual(self.lot_old.aftersales_remaining_days, 0)

    def test_expiring_filter_domain(self):
        soon = self._lot(
            "COV-SOON", delivery=self.today - relativedelta(years=1) + relativedelta(days=10)
        )
        action = self.env.ref("aftersales_service.action_aftersales_installed_base")
        self.assertTrue(action)
        domain = [
            ("aftersales_warranty_end", ">=", self.today),
            ("aftersales_warranty_end", "<=", fields.Date.add(self.today, days=30)),
        ]
        self.assertIn(soon, self.env["stock.lot"].search(domain))
        self.assertNotIn(self.lot_new, self.env["stock.lot"].search(domain))


@tagged("post_install", "-at_install")
class TestInstalledBaseFromStock(AftersalesCase):
    def test_delivery_fills_customer_and_date(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        lot = self.env["stock.lot"].create({"name": "SHIP-001", "product_id": self.product.id})
        self.env["stock.quant"]._update_available_quantity(
            self.product, warehouse.lot_stock_id, 1, lot_id=lot
        )
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.out_type_id.id,
                "partner_id": self.customer.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "AC",
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "product_uom": self.product.uom_id.id,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, lot)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(lot.aftersales_partner_id, self.customer)
        self.assertEqual(lot.aftersales_delivery_date, picking.date_done.date())
        self.assertEqual(lot.aftersales_warranty_state, "in_warranty")

    def test_lot_form_smart_buttons(self):
        lot = self._lot("BTN-1", delivery=self.d("2025-01-01"))
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "lot_id": lot.id}
        )
        self.assertEqual(lot.aftersales_request_count, 1)
        action = lot.action_view_aftersales_requests()
        self.assertEqual(self.env[action["res_model"]].search(action["domain"]), request)
        self.assertEqual(lot.action_view_aftersales_contracts()["res_model"], "aftersales.contract")
        self.assertEqual(lot.action_view_aftersales_repairs()["res_model"], "repair.order")

    def test_void_lot_through_form(self):
        lot = self._lot("VOID-FORM", delivery=fields.Date.context_today(self.env["stock.lot"]))
        with self.assertRaisesRegex(ValidationError, "explain to the customer"):
            lot.aftersales_void_exclusion_id = self.env.ref(
                "aftersales_service.exclusion_altered_serial"
            )
        with Form(lot) as form:
            form.aftersales_void_exclusion_id = self.env.ref(
                "aftersales_service.exclusion_altered_serial"
            )
            form.aftersales_void_note = "The serial label was scratched off."
        self.assertEqual(lot.aftersales_warranty_state, "void")
        self.assertEqual(lot.aftersales_remaining_days, 0)

    def test_warranty_certificate_pdf(self):
        lot = self._lot("CERT-1", delivery=self.d("2025-06-01"))
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_service.report_warranty_certificate", lot.ids)[0]
            .decode()
        )
        self.assertIn("CERT-1", html)
        self.assertIn("06/01/2026", html)
