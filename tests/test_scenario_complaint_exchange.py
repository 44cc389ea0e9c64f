"""Scenario 3: a complaint resolved by an exchange moves real stock.

The warehouse delivers a serial, the customer complains, the complaint is decided as an
exchange and approved; resolving it opens a return case (aftersales.return) whose return
receipt the warehouse validates, after which the replacement delivery leaves with
another serial.
"""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestScenarioComplaintExchange(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.write(
            {
                "aftersales_return_window_days": 7,
                "aftersales_exchange_window_days": 15,
                "aftersales_return_tolerance": 0.0,
                "aftersales_exchange_wait_return": True,
                "aftersales_return_approval_all": False,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.product = cls.env["product.product"].create(
            {
                "name": "SC3 inverter AC",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 2800,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "SC3 Customer", "email": "sc3.customer@example.com"}
        )
        cls.lot_sold, cls.lot_spare = cls.env["stock.lot"].create(
            [
                {"name": name, "product_id": cls.product.id, "company_id": cls.company.id}
                for name in ("SC3-SN-SOLD", "SC3-SN-SPARE")
            ]
        )
        cls.warehouse_user = new_test_user(
            cls.env, login="sc3_stock", name="SC3 Storekeeper", groups="stock.group_stock_user"
        )
        cls.handler = new_test_user(
            cls.env,
            login="sc3_handler",
            name="SC3 Complaint Handler",
            groups="aftersales_complaint.group_complaint_user_all",
        )
        cls.sales_approver = new_test_user(
            cls.env,
            login="sc3_sales_mgr",
            name="SC3 Sales Manager",
            groups="aftersales_complaint.group_complaint_approver_sales",
        )
        group = "aftersales_complaint.group_complaint_"
        Level = cls.env["aftersales.complaint.approval.level"]
        Level.search([("company_id", "=", cls.company.id)]).active = False
        cls.level_sales = Level.create(
            {
                "name": "SC3 Sales",
                "sequence": 1,
                "amount_limit": 10000,
                "group_id": cls.env.ref(group + "approver_sales").id,
            }
        )
        cls.dept = cls.env["hr.department"].create({"name": "SC3 Quality"})
        # only the sold serial is in stock at delivery time
        cls.env["stock.quant"]._update_available_quantity(
            cls.product, cls.stock_location, 1.0, lot_id=cls.lot_sold
        )

    def _quant_qty(self, lot, location):
        quants = self.env["stock.quant"].search(
            [("lot_id", "=", lot.id), ("location_id", "=", location.id)]
        )
        return sum(quants.mapped("quantity"))

    def _validate(self, picking):
        picking = picking.with_user(self.warehouse_user)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _deliver(self):
        picking = (
            self.env["stock.picking"]
            .with_user(self.warehouse_user)
            .create(
                {
                    "picking_type_id": self.warehouse.out_type_id.id,
                    "partner_id": self.customer.id,
                    "location_id": self.stock_location.id,
                    "location_dest_id": self.customer_location.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": self.product.name,
                                "product_id": self.product.id,
                                "product_uom_qty": 1.0,
                                "product_uom": self.product.uom_id.id,
                                "location_id": self.stock_location.id,
                                "location_dest_id": self.customer_location.id,
                            }
                        )
                    ],
                }
            )
        )
        picking.action_confirm()
        picking.action_assign()
        self.assertEqual(picking.move_line_ids.lot_id, self.lot_sold)
        self._validate(picking)
        self.assertEqual(self._quant_qty(self.lot_sold, self.customer_location), 1.0)
        return picking

    def test_complaint_exchange_receives_the_serial_and_ships_a_replacement(self):
        delivery = self._deliver()
        with Form(self.env["aftersales.complaint"].with_user(self.handler)) as form:
            form.partner_id = self.customer
            form.picking_id = delivery
            with form.line_ids.new() as goods:
                goods.lot_id = self.lot_sold
                goods.quantity = 1
                goods.defective_qty = 1
            form.customer_demand = "Exchange the unit, it trips the breaker"
        complaint = form.record
        complaint.write(
            {
                "root_cause": "<p>Faulty inverter board</p>",
                "decision_type": "exchange",
                "responsibility_ids": [(0, 0, {"department_id": self.dept.id, "share": 100})],
            }
        )
        while complaint.state != "consolidation":
            complaint.action_next_stage()
        complaint.action_submit_approval()
        self.assertEqual(complaint.approval_level_id, self.level_sales)
        complaint.with_user(self.sales_approver).action_approve()
        self.assertEqual(complaint.state, "approved")
        complaint.action_resolve()
        with self.assertRaises(UserError):
            complaint.action_resolve()

        case = complaint.sudo().return_case_ids
        self.assertEqual(len(case), 1)
        self.assertEqual(case.kind, "exchange")
        self.assertEqual(case.state, "receiving")
        self.assertEqual(case.picking_id, delivery)
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.line_ids.lot_id, self.lot_sold)
        self.assertEqual(case.line_ids.qty, 1.0)
        receipt = case.picking_ids
        self.assertEqual(len(receipt), 1, "the replacement waits for the return")
        self.assertEqual(receipt.picking_type_code, "incoming")
        self.assertEqual(receipt.return_id, delivery)
        self.assertEqual(receipt.move_line_ids.lot_id, self.lot_sold)

        # the warehouse receives the unit back, a spare serial arrives in stock
        self._validate(receipt)
        return_location = self.company.aftersales_return_location_id
        self.assertEqual(self._quant_qty(self.lot_sold, self.customer_location), 0.0)
        self.assertTrue(return_location)
        self.assertEqual(receipt.location_dest_id, return_location)
        self.assertEqual(self._quant_qty(self.lot_sold, return_location), 1.0)
        self.assertEqual(case.line_ids.qty_received, 1.0)
        self.assertEqual(case.state, "done")
        replacement = case.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(len(replacement), 1)
        self.assertEqual(replacement.partner_id, self.customer)
        self.assertEqual(replacement.move_ids.product_id, self.product)
        self.assertEqual(replacement.move_ids.product_uom_qty, 1.0)
        self.assertEqual(replacement.location_id, self.stock_location)
        self.assertEqual(
            len(complaint.sudo().return_picking_ids), 2, "return receipt and replacement"
        )

        self.env["stock.quant"]._update_available_quantity(
            self.product, self.stock_location, 1.0, lot_id=self.lot_spare
        )
        replacement.with_user(self.warehouse_user).action_assign()
        self.assertEqual(replacement.move_line_ids.lot_id, self.lot_spare)
        self._validate(replacement)
        self.assertEqual(self._quant_qty(self.lot_spare, self.customer_location), 1.0)
        self.assertEqual(self._quant_qty(self.lot_spare, self.stock_location), 0.0)

        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
