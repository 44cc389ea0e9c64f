import ast
from datetime import date
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RequestPathsCase


@tagged("post_install", "-at_install")
class TestWorkshop(RequestPathsCase):
    """Carry-in repair: the customer's unit received, repaired and delivered back, each
    step a transfer validated the way a warehouse user does it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.location = cls.env.company._aftersales_internal_location(
            "aftersales_repair_location_id", "Customer Units in Repair"
        )

    def _carried_in(self, lot):
        request = self._dispatched(lot)
        request.with_user(self.desk).action_carry_in()
        return request

    def _unit_quants(self, lot):
        return self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "=", self.location.id)]
        )

    def test_carry_in_repair_with_parts_and_return(self):
        request = self._dispatched(self.lot_warranty)
        request.action_start()
        request.with_user(self.desk).action_carry_in()
        self.assertEqual(request.state, "carry_in")
        receipt = request.picking_ids
        self.assertEqual(receipt.state, "done")
        self.assertEqual(receipt.move_line_ids.lot_id, self.lot_warranty)
        self.assertEqual(receipt.move_line_ids.owner_id, self.customer)
        location = self.env.company.aftersales_repair_location_id
        self.assertEqual(receipt.location_dest_id, location)
        repair = request.repair_ids
        self.assertEqual(repair.lot_id, self.lot_warranty)
        self.assertEqual(repair.product_location_src_id, location)
        # parts as repair moves; warranty decided per line
        repair.write(
            {
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.part.id,
                            "product_uom_qty": 1,
                            "repair_line_type": "add",
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.filter.id,
                            "product_uom_qty": 1,
                            "repair_line_type": "add",
                        }
                    ),
                ]
            }
        )
        compressor = repair.move_ids.filtered(lambda m: m.product_id == self.part)
        filt = repair.move_ids.filtered(lambda m: m.product_id == self.filter)
        self.assertTrue(compressor.aftersales_under_warranty)
        self.assertFalse(filt.aftersales_under_warranty)
        repair.with_user(self.desk).action_create_sale_order()
        prices = {ol.product_id: ol.price_unit for ol in repair.sale_order_id.order_line}
        self.assertEqual(prices[self.part], 0.0)
        self.assertEqual(prices[self.filter], 50.0)
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        self.assertEqual(
            compressor.aftersales_repair_warranty_end,
            fields.Date.add(fields.Date.to_date(compressor.date), days=89),
        )
        request.write({"work_done": "<p>Compressor replaced in the workshop</p>"})
        request.action_done()
        # the unit goes back only once the supervisor checked the repair; never by the
        # technician who repaired it, nor by the desk
        with self.assertRaisesRegex(UserError, "supervisor verifies the repair"):
            request.with_user(self.desk).action_return_unit()
        for user in (self.technician, self.desk):
            with self.assertRaisesRegex(AccessError, "verified by its supervisor"):
                request.with_user(user).action_verify_repair()
        request.with_user(self.manager).action_verify_repair()
        self.assertEqual(request.repair_verified_by, self.manager)
        self.assertTrue(request.date_repair_verified)
        with self.assertRaisesRegex(UserError, "already verified"):
            request.with_user(self.manager).action_verify_repair()
        with self.assertRaisesRegex(UserError, "set by the system only"):
            request.with_user(self.manager).write({"repair_verified_by": False})
        request.with_user(self.desk).action_return_unit()
        delivery = request.picking_ids - receipt
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.location_dest_id.usage, "customer")
        self.assertEqual(delivery.move_line_ids.lot_id, self.lot_warranty)
        self.assertTrue(request.date_returned)
        quants = self.env["stock.quant"].search(
            [("lot_id", "=", self.lot_warranty.id), ("location_id", "=", location.id)]
        )
        self.assertFalse(sum(quants.mapped("quantity")), "the unit left the repair location")
        register = self.env.ref("aftersales_service.aftersales_unit_register_action")
        lines = self.env["stock.move.line"].search(ast.literal_eval(register.domain))
        self.assertEqual(
            lines.filtered(lambda line: line.lot_id == self.lot_warranty).picking_id,
            receipt | delivery,
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_service.report_goods_receipt", request.ids)[0]
            .decode()
        )
        self.assertIn(request.name, html)
        self.assertIn("PATH-W", html)

    def test_a_paid_job_is_invoiced_on_the_day_its_unit_goes_back(self):
        request = self._dispatched(self.lot_expired)
        request.action_start()
        request.with_user(self.desk).action_carry_in()
        self.assertEqual(request.service_class, "A")
        repair = request.repair_ids
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        request.write(
            {
                "work_done": "<p>Fan motor replaced in the workshop</p>",
                "line_ids": [Command.create({"line_type": "fee", "product_id": self.fee.id})],
            }
        )
        request.action_done()
        self.assertFalse(request.invoice_ids)
        request.with_user(self.manager).action_verify_repair()
        request.with_user(self.desk).action_return_unit()
        invoice = request.invoice_ids
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.amount_untaxed, request.amount_charged)
        self.assertEqual(
            invoice.invoice_date, request.company_id._aftersales_local_date(request.date_returned)
        )

    def test_carry_in_needs_serial(self):
        request = self.env["aftersales.service.request"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.product.id,
                "technician_id": self.technician.id,
            }
        )
        request.action_dispatch()
        with self.assertRaisesRegex(UserError, "serial number"):
            request.action_carry_in()

    def test_carry_in_receives_the_serial_owned_by_the_customer(self):
        request = self._carried_in(self.lot_expired)
        receipt = request.picking_ids
        self.assertEqual(receipt.state, "done")
        self.assertEqual(receipt.picking_type_code, "incoming")
        self.assertEqual(
            [(ml.lot_id, ml.owner_id, ml.quantity) for ml in receipt.move_line_ids],
            [(self.lot_expired, self.customer, 1.0)],
        )
        quant = self._unit_quants(self.lot_expired)
        self.assertEqual((quant.quantity, quant.owner_id), (1.0, self.customer))

    def test_return_delivers_exactly_the_customers_serial(self):
        # the customer's other unit came in first: Odoo's own reservation would take it
        other = self._carried_in(self.lot_expired)
        request = self._carried_in(self.lot_warranty)
        request.repair_ids.with_user(self.desk).action_repair_cancel()
        request.with_user(self.desk).action_return_unit()
        delivery = request.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(delivery.state, "done")
        self.assertEqual(
            [(ml.lot_id, ml.owner_id, ml.quantity) for ml in delivery.move_line_ids],
            [(self.lot_warranty, self.customer, 1.0)],
        )
        self.assertFalse(sum(self._unit_quants(self.lot_warranty).mapped("quantity")))
        self.assertEqual(self._unit_quants(self.lot_expired).quantity, 1.0, "still in repair")
        self.assertFalse(self._unit_quants(self.lot_expired).reserved_quantity)
        self.assertFalse(other.date_returned)

    def test_return_refused_when_the_unit_is_gone(self):
        request = self._carried_in(self.lot_warranty)
        request.repair_ids.with_user(self.desk).action_repair_cancel()
        # the unit left the repair location some other way
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.location, -1, lot_id=self.lot_warranty, owner_id=self.customer
        )
        receipt = request.picking_ids
        with self.assertRaisesRegex(UserError, "the unit PATH-W is not in .*Customer Units"):
            request.with_user(self.desk).action_return_unit()
        self.assertEqual(request.picking_ids, receipt, "no delivery left half-written")
        self.assertFalse(request.date_returned)

    def test_return_picking_vals_hook_extends_the_delivery(self):
        request = self._carried_in(self.lot_warranty)
        request.repair_ids.with_user(self.desk).action_repair_cancel()
        Request = type(self.env["aftersales.service.request"])
        prepare = Request._prepare_return_unit_picking_vals

        def with_note(record, location):
            return dict(prepare(record, location), note="<p>Carry it upright</p>")

        with patch.object(Request, "_prepare_return_unit_picking_vals", with_note):
            request.with_user(self.desk).action_return_unit()
        delivery = request.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertIn("Carry it upright", str(delivery.note))
        self.assertEqual(delivery.owner_id, self.customer)

    def test_part_serial_used_on_site_is_the_one_booked(self):
        part = self.env["product.product"].create(
            {"name": "Test board", "is_storable": True, "tracking": "serial", "list_price": 400}
        )
        van = self.env["stock.location"].create(
            {"name": "Test van", "location_id": self.warehouse.view_location_id.id}
        )
        self.technician.sudo().aftersales_van_location_id = van
        boards = self.env["stock.lot"].create(
            [{"name": name, "product_id": part.id} for name in ("BRD-1", "BRD-2")]
        )
        for board in boards:
            self.env["stock.quant"]._update_available_quantity(part, van, 1, lot_id=board)
        request = self._dispatched(self.lot_expired)
        request.action_start()
        request.write(
            {
                "work_done": "<p>Board replaced</p>",
                "line_ids": [
                    Command.create(
                        {"line_type": "part", "product_id": part.id, "lot_id": boards[1].id}
                    ),
                    Command.create({"line_type": "part", "product_id": self.filter.id}),
                ],
            }
        )
        request.action_done()
        board_line, filter_line = request.line_ids
        self.assertEqual(board_line.move_id.state, "done")
        self.assertEqual(board_line.move_id.move_line_ids.lot_id, boards[1])
        self.assertEqual(board_line.move_id.location_id, van)
        self.assertEqual(part.with_context(location=van.id).qty_available, 1.0)
        self.assertEqual(
            self.env["stock.quant"]
            .search([("location_id", "=", van.id), ("product_id", "=", part.id)])
            .filtered("quantity")
            .lot_id,
            boards[0],
        )
        # the filter is not in the van: booked all the same, the van goes short
        self.assertEqual(filter_line.move_id.state, "done")
        self.assertEqual(filter_line.move_id.quantity, 1.0)
        self.assertEqual(self.filter.with_context(location=van.id).qty_available, -1.0)

    def test_labour_free_after_the_warranty_for_its_category(self):
        """Water purifiers: once the warranty expired, repairs charge the parts only; a
        unit whose warranty the customer voided pays the labour too."""
        self.category.aftersales_labour_free_after_warranty = True
        expired = self._dispatched(self.lot_expired)
        self.assertEqual(expired.service_class, "A")
        lines = self.env["aftersales.service.line"].create(
            [
                {"request_id": expired.id, "line_type": "fee", "product_id": self.fee.id},
                {"request_id": expired.id, "line_type": "part", "product_id": self.filter.id},
            ]
        )
        self.assertEqual(lines.mapped("charged"), [False, True])
        self.assertEqual(expired.amount_charged, 50)
        void = self._lot(
            "PATH-V",
            delivery=date(2015, 1, 1),
            aftersales_void_exclusion_id=self.env.ref(
                "aftersales_service.exclusion_self_repair"
            ).id,
            aftersales_void_note="Opened and repaired by the customer.",
        )
        voided = self._dispatched(void)
        fee = self.env["aftersales.service.line"].create(
            {"request_id": voided.id, "line_type": "fee", "product_id": self.fee.id}
        )
        self.assertTrue(fee.charged)
        self.category.aftersales_labour_free_after_warranty = False
        late = self._dispatched(self.lot_expired)
        fee = self.env["aftersales.service.line"].create(
            {"request_id": late.id, "line_type": "fee", "product_id": self.fee.id}
        )
        self.assertTrue(fee.charged)
