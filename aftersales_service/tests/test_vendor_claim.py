# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Parts replaced free of charge while under their vendor's warranty are claimed back from
the vendor with a draft vendor credit note; once, and only those."""

from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestVendorClaim(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create({"name": "VC Compressor Works"})
        cls.compressor = cls.env["product.product"].create(
            {
                "name": "VC rotary compressor",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 950,
                "seller_ids": [
                    (
                        0,
                        0,
                        {
                            "partner_id": cls.vendor.id,
                            "price": 600,
                            "aftersales_warranty_months": 24,
                        },
                    )
                ],
            }
        )
        cls.claimer = new_test_user(
            cls.env,
            login="vc_claimer",
            groups="aftersales_service.group_aftersales_manager,account.group_account_invoice",
        )

    def _receive(self, serial, days_ago):
        """A compressor received from the vendor ``days_ago`` days ago."""
        lot = self.env["stock.lot"].create({"name": serial, "product_id": self.compressor.id})
        stock = self.env.ref("stock.warehouse0").lot_stock_id
        move = self.env["stock.move"].create(
            {
                "name": serial,
                "product_id": self.compressor.id,
                "product_uom_qty": 1,
                "product_uom": self.compressor.uom_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": stock.id,
            }
        )
        move._action_confirm()
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "product_id": self.compressor.id,
                "lot_id": lot.id,
                "quantity": 1,
                "location_id": move.location_id.id,
                "location_dest_id": stock.id,
            }
        )
        move.picked = True
        move._action_done()
        move.move_line_ids.date = date.today() - timedelta(days=days_ago)
        return lot

    def _job_with(self, part_lot, unit_serial, delivery):
        unit = self._lot(unit_serial, delivery=delivery)
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "lot_id": unit.id, "technician_id": self.technician.id}
        )
        request.action_dispatch()
        request.action_start()
        request.write(
            {
                "work_done": "<p>Compressor replaced</p>",
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "line_type": "part",
                            "product_id": self.compressor.id,
                            "lot_id": part_lot.id,
                            "quantity": 1,
                        },
                    )
                ],
            }
        )
        request.action_done()
        return request.line_ids

    def test_claim_once_for_parts_under_the_vendor_warranty(self):
        fresh = self._job_with(self._receive("VC-CMP-001", 100), "VC-UNIT-1", date.today())
        old = self._job_with(self._receive("VC-CMP-002", 800), "VC-UNIT-2", date.today())
        paid = self._job_with(
            self._receive("VC-CMP-003", 100), "VC-UNIT-3", date.today() - timedelta(days=900)
        )
        self.assertEqual(fresh.vendor_id, self.vendor)
        self.assertEqual(fresh.vendor_claim_state, "to_claim")
        self.assertFalse(old.vendor_claimable, "received 800 days ago: out of the 24 months")
        self.assertTrue(paid.charged, "out of warranty for the customer: charged")
        self.assertFalse(paid.vendor_claimable, "the customer paid for it")

        with self.assertRaises(UserError):
            (fresh | old).with_user(self.claimer).action_claim_from_vendor()
        self.assertFalse(fresh.vendor_claim_move_id, "nothing half-written")

        action = fresh.with_user(self.claimer).action_claim_from_vendor()
        note = fresh.vendor_claim_move_id
        self.assertEqual(action["domain"], [("id", "in", note.ids)])
        self.assertEqual(note.move_type, "in_refund")
        self.assertEqual(note.state, "draft")
        self.assertEqual(note.partner_id, self.vendor)
        self.assertEqual(note.amount_untaxed, 600)
        self.assertIn("VC-CMP-001", note.invoice_line_ids.name)
        self.assertIn(fresh.request_id.name, note.invoice_line_ids.name)
        self.assertEqual(fresh.vendor_claim_state, "claimed")
        with self.assertRaises(UserError):
            fresh.with_user(self.claimer).action_claim_from_vendor()
        # the link is the claim's own: nobody writes it
        with self.assertRaises(UserError):
            fresh.with_user(self.claimer).sudo().write({"vendor_claim_move_id": False})
        # a cancelled credit note puts the part back to claim
        note.button_cancel()
        self.assertEqual(fresh.vendor_claim_state, "to_claim")

    def test_vendor_warranty_end_from_the_day_received(self):
        line = self._job_with(self._receive("VC-CMP-010", 30), "VC-UNIT-10", date.today())
        received = date.today() - timedelta(days=30)
        self.assertEqual(line.vendor_warranty_end.month, received.month)
        self.assertEqual(line.vendor_warranty_end.year, received.year + 2)

    def test_only_service_managers_claim(self):
        line = self._job_with(self._receive("VC-CMP-020", 10), "VC-UNIT-20", date.today())
        with self.assertRaises(AccessError):
            line.with_user(self.desk).action_claim_from_vendor()
        self.assertFalse(line.vendor_claim_move_id)

    def test_vendor_warranty_months_on_the_product_form(self):
        with Form(self.compressor.product_tmpl_id) as form:
            with form.seller_ids.edit(0) as seller:
                seller.aftersales_warranty_months = 36
        self.assertEqual(self.compressor.seller_ids.aftersales_warranty_months, 36)
