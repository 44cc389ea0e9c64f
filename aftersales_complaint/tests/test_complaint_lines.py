from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_complaint import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintProductLines(ComplaintCase):
    """A complaint about several products (seed 000 (八): products, lots, quantities and
    defective quantities), resolved line by line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product_b = cls.env["product.product"].create(
            {"name": "Test Frame", "type": "consu", "is_storable": True, "list_price": 40}
        )
        cls.heater = cls.env["product.product"].create(
            {"name": "Test Heater", "type": "consu", "is_storable": True, "tracking": "serial"}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.customer_location = cls.env.ref("stock.stock_location_customers")

    @classmethod
    def _deliver_goods(cls, quantities, lots=None):
        """One done delivery to the customer: ``quantities`` maps product to quantity;
        ``lots`` are serials put in stock and delivered."""
        stock = cls.warehouse.lot_stock_id
        Quant = cls.env["stock.quant"]
        for product, qty in quantities.items():
            if product.tracking == "none":
                Quant._update_available_quantity(product, stock, qty)
        for lot in lots or []:
            Quant._update_available_quantity(lot.product_id, stock, 1.0, lot_id=lot)
        picking = cls.env["stock.picking"].create(
            {
                "partner_id": cls.customer.id,
                "picking_type_id": cls.warehouse.out_type_id.id,
                "location_id": stock.id,
                "location_dest_id": cls.customer_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": stock.id,
                            "location_dest_id": cls.customer_location.id,
                        }
                    )
                    for product, qty in quantities.items()
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    def _two_lines(self):
        return [
            Command.create({"product_id": self.product.id, "quantity": 5, "defective_qty": 2}),
            Command.create({"product_id": self.product_b.id, "quantity": 4, "defective_qty": 3}),
        ]

    def _two_product_complaint(self, **vals):
        values = {
            "partner_id": self.customer.id,
            "customer_demand": "Take back the defective panels and frames",
            "line_ids": self._two_lines(),
        }
        values.update(vals)
        return self.env["aftersales.complaint"].create(values)

    @contextmanager
    def _refused(self, exception, pattern):
        """``assertRaises`` (which rolls the failed operation back, as a request would)
        with a check of the message."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    # ------------------------------------------------------------------ intake
    def test_lines_give_main_product_and_totals(self):
        complaint = self._two_product_complaint()
        self.assertEqual(complaint.line_count, 2)
        self.assertEqual(complaint.product_id, self.product, "the first line is the main one")
        self.assertEqual((complaint.quantity, complaint.defective_qty), (9, 5))
        complaint.line_ids.filtered(lambda line: line.product_id == self.product_b).write(
            {"sequence": 1}
        )
        self.assertEqual(complaint.product_id, self.product_b)
        # the header of a complaint of several products is not edited: its lines are
        with self._refused(UserError, "2 product lines"):
            complaint.quantity = 20
        self.assertEqual(complaint.line_ids.mapped("quantity"), [4, 5])

    def test_header_product_of_a_single_line_complaint_edits_its_line(self):
        """Email, portal, return-visit and repair intake write product and quantities on
        the complaint: they become (and keep editing) its single line."""
        complaint = self._complaint()
        self.assertEqual(len(complaint.line_ids), 1)
        self.assertEqual(
            (complaint.line_ids.product_id, complaint.line_ids.defective_qty), (self.product, 2)
        )
        complaint.write({"defective_qty": 3})
        self.assertEqual(complaint.line_ids.defective_qty, 3)
        self.assertEqual(len(complaint.line_ids), 1)
        with self._refused(UserError, "choose the product"):
            self.env["aftersales.complaint"].create({"partner_id": self.customer.id, "quantity": 4})

    def test_line_quantities_and_serial_are_checked(self):
        with self._refused(ValidationError, "defective quantity 6.0 exceeds"):
            self._complaint(quantity=5, defective_qty=6)
        with self._refused(ValidationError, "cannot be negative"):
            self._complaint(quantity=-1, defective_qty=0)
        lot = self.env["stock.lot"].create({"name": "SN-X", "product_id": self.heater.id})
        with self._refused(ValidationError, "SN-X is of"):
            self._two_product_complaint(
                line_ids=[Command.create({"product_id": self.product.id, "lot_id": lot.id})]
            )
        self.assertFalse(
            self.env["aftersales.complaint"].search([("partner_id", "=", self.customer.id)]),
            "nothing half-written",
        )

    def test_handler_enters_products_through_the_form(self):
        lot = self.env["stock.lot"].create({"name": "SN-F1", "product_id": self.heater.id})
        with Form(self.env["aftersales.complaint"].with_user(self.user_own)) as form:
            form.partner_id = self.customer
            form.customer_demand = "Repair the heater, credit the panels"
            with form.line_ids.new() as line:
                line.lot_id = lot
                line.quantity = 1
                line.defective_qty = 1
            self.assertEqual(form.line_ids.edit(0).product_id, self.heater)
            with form.line_ids.new() as line:
                line.product_id = self.product
                line.quantity = 10
                line.defective_qty = 1
                line.defect = "Cracked corner"
        complaint = form.record
        self.assertEqual(complaint.line_ids.product_id, self.heater | self.product)
        self.assertEqual(complaint.lot_id, lot)
        self.assertEqual(complaint.defective_qty, 2)
        # the own-documents handler sees the lines of their own complaints only
        others = self._two_product_complaint(user_id=self.user_own2.id)
        with self.assertRaises(AccessError):
            others.line_ids.with_user(self.user_own).read(["product_id"])
        self.assertEqual(
            self.env["aftersales.complaint.line"].with_user(self.user_own).search([]),
            complaint.line_ids,
        )

    def test_repeat_complaint_on_the_second_product(self):
        self._two_product_complaint(date_registered=self._dt("2031-03-03 10:00:00"))
        again = self._complaint(
            product_id=self.product_b.id, date_registered=self._dt("2031-05-03 10:00:00")
        )
        self.assertEqual(again.repeat_count, 1)
        self.assertTrue(again.escalation_user_id)

    # ------------------------------------------------------------------ resolution
    def test_return_of_two_products_takes_each_defective_quantity(self):
        picking = self._deliver_goods({self.product: 5, self.product_b: 4})
        complaint = self._approved(
            {
                "picking_id": picking.id,
                "line_ids": self._two_lines(),
            },
            decision="return",
            amount=200,
        )
        self.assertEqual(complaint.line_count, 2)
        self.assertEqual(
            set(complaint.line_ids.mapped("date_shipped")), {picking.date_done.date()}, "CP-A03"
        )
        complaint.action_resolve()
        case = complaint.return_case_ids
        self.assertEqual(
            sorted((line.product_id.name, line.qty) for line in case.line_ids),
            [("Test Frame", 3.0), ("Test Panel", 2.0)],
        )
        receipt = complaint.return_picking_ids
        self.assertEqual(receipt.picking_type_code, "incoming")
        self.assertEqual(
            sorted((m.product_id.name, m.product_uom_qty) for m in receipt.move_ids),
            [("Test Frame", 3.0), ("Test Panel", 2.0)],
        )

    def test_exchange_of_two_serials_delivered_separately(self):
        """No delivery linked: each serial's own delivery is found and received back."""
        lots = self.env["stock.lot"].create(
            [{"name": f"SN-E{i}", "product_id": self.heater.id} for i in (1, 2)]
        )
        self._deliver_goods({self.heater: 1}, lots=lots[0])
        self._deliver_goods({self.heater: 1}, lots=lots[1])
        complaint = self._approved(
            {
                "line_ids": [
                    Command.create(
                        {
                            "product_id": self.heater.id,
                            "lot_id": lot.id,
                            "quantity": 1,
                            "defective_qty": 1,
                        }
                    )
                    for lot in lots
                ],
            },
            decision="exchange",
            amount=200,
        )
        self.assertEqual(
            complaint.line_ids.mapped("date_shipped"), lots.mapped("aftersales_delivery_date")
        )
        self.assertTrue(all(complaint.line_ids.mapped("date_shipped")))
        complaint.action_resolve()
        case = complaint.return_case_ids
        self.assertEqual(case.kind, "exchange")
        self.assertEqual(case.line_ids.lot_id, lots)
        receipts = complaint.return_picking_ids.filtered(
            lambda p: p.picking_type_code == "incoming"
        )
        self.assertEqual(receipts.move_ids.move_line_ids.lot_id, lots)

    def test_repair_opens_one_service_request_per_product_line(self):
        lot = self.env["stock.lot"].create({"name": "SN-R1", "product_id": self.heater.id})
        complaint = self._approved(
            {
                "line_ids": [
                    Command.create({"product_id": self.heater.id, "lot_id": lot.id}),
                    Command.create({"product_id": self.product.id, "defect": "Bent hinge"}),
                ]
            },
            decision="repair",
            amount=100,
        )
        complaint.action_resolve()
        requests = complaint.repair_request_ids
        self.assertEqual(len(requests), 2)
        self.assertEqual(set(requests.mapped("kind")), {"repair"})
        self.assertEqual(requests.product_id, self.heater | self.product)
        self.assertEqual(requests.lot_id, lot)
        self.assertIn(
            "Bent hinge",
            requests.filtered(lambda r: r.product_id == self.product).fault_description,
        )

    def test_reopened_complaint_keeps_the_product_lines(self):
        complaint = self._approved({"line_ids": self._two_lines()}, amount=300)
        complaint.action_customer_reject(reason="Not enough")
        child = complaint.child_ids
        self.assertEqual(
            [(line.product_id, line.quantity, line.defective_qty) for line in child.line_ids],
            [(line.product_id, line.quantity, line.defective_qty) for line in complaint.line_ids],
        )
        self.assertNotEqual(child.line_ids, complaint.line_ids)

    # ------------------------------------------------------------------ statistics
    def test_statistics_count_a_complaint_once_for_each_of_its_products(self):
        month = self._dt("2031-07-02 10:00:00")
        self._two_product_complaint(date_registered=month)
        self._complaint(date_registered=month)
        stats = self.env["aftersales.complaint.report"]._get_monthly_statistics(month.date())
        self.assertEqual(stats["total"], 2)
        self.assertEqual(
            sorted(stats["by_product"]),
            [("Test Frame", 1, 3.0), ("Test Panel", 2, 4.0)],
        )
        html = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_complaint.report_complaint_statistics",
            self.env["aftersales.complaint.stats.wizard"].create({"month": month.date()}).ids,
        )[0]
        self.assertIn(b"Test Frame", html)
        form = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_complaint.report_complaint_form",
            self._two_product_complaint().ids,
        )[0]
        self.assertEqual(form.count(b"Test Frame"), 5, "one row in each of the five copies")


@tagged("post_install", "-at_install")
class TestApprovalLevelsPerCompany(ComplaintCase):
    def test_new_company_gets_the_shipped_levels_and_can_decide(self):
        """Every company starts with the sales manager / deputy GM / GM levels."""
        shipped = self.env.ref("aftersales_complaint.approval_level_sales")
        branch = self.env["res.company"].create({"name": "Branch Office"})
        levels = self.env["aftersales.complaint.approval.level"].search(
            [("company_id", "=", branch.id)]
        )
        self.assertEqual(len(levels), 3)
        self.assertEqual(
            levels.mapped("amount_limit"), [10000.0, 100000.0, 0.0], "same limits, same order"
        )
        self.assertEqual(levels[0].group_id, shipped.group_id)
        self.assertEqual(levels.filtered("for_major").name, "Deputy General Manager")
        # running the setup again (module update) adds nothing
        self.env["res.company"]._aftersales_complaint_ensure_approval_levels()
        self.assertEqual(
            self.env["aftersales.complaint.approval.level"].search_count(
                [("company_id", "=", branch.id)]
            ),
            3,
        )
        self.sales_manager.write(
            {"company_ids": [Command.link(branch.id)], "company_id": branch.id}
        )
        dept = self.env["hr.department"].create({"name": "Branch QA", "company_id": branch.id})
        complaint = self._complaint(company_id=branch.id)
        complaint.write(
            {
                "root_cause": "<p>Loose screws</p>",
                "decision_type": "allowance",
                "decision_amount": 800,
                "responsibility_ids": [Command.create({"department_id": dept.id, "share": 100})],
            }
        )
        while complaint.state != "consolidation":
            complaint.action_next_stage()
        complaint.action_submit_approval()
        self.assertEqual(complaint.approval_level_id, levels[0])
        complaint.with_user(self.sales_manager).with_company(branch).action_approve()
        self.assertEqual(complaint.state, "approved")
