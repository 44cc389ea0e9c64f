# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The cost of free work: parts at their stock valuation plus the hours at the technician's
cost per hour."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestWarrantyCost(AftersalesCase):
    def _stock(self, product, qty, cost):
        product.standard_price = cost
        location = self.env.ref("stock.warehouse0").lot_stock_id
        self.env["stock.quant"]._update_available_quantity(product, location, qty)

    def test_job_with_two_parts_and_one_and_a_half_hours(self):
        Product = self.env["product.product"]
        capacitor = Product.create(
            {"name": "WC capacitor", "is_storable": True, "type": "consu", "lst_price": 60}
        )
        sensor = Product.create(
            {"name": "WC sensor", "is_storable": True, "type": "consu", "lst_price": 90}
        )
        for product, cost in ((capacitor, 25.0), (sensor, 40.0)):
            product.categ_id.property_cost_method = "standard"
            self._stock(product, 10, cost)
        self.technician.sudo().aftersales_labour_rate = 80.0
        lot = self._lot("WC-UNIT-1", delivery=date.today())  # in warranty: class C
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "lot_id": lot.id, "technician_id": self.technician.id}
        )
        self.assertEqual(request.service_class, "C")
        self.assertTrue(request.is_free_work)
        request.action_dispatch()
        job = request.with_user(self.technician)
        job.action_start()
        job.write(
            {
                "time_spent": 1.5,
                "work_done": "<p>Capacitor and sensor replaced</p>",
                "line_ids": [
                    (0, 0, {"line_type": "part", "product_id": capacitor.id, "quantity": 1}),
                    (0, 0, {"line_type": "part", "product_id": sensor.id, "quantity": 1}),
                ],
            }
        )
        job.action_done()
        valuation = -sum(request.line_ids.move_id.stock_valuation_layer_ids.mapped("value"))
        self.assertEqual(valuation, 65.0, "the parts leave the stock at their valuation")
        self.assertEqual(request.cost_parts, valuation)
        self.assertEqual(request.cost_labour, 1.5 * 80.0)
        self.assertEqual(request.cost_total, valuation + 1.5 * 80.0)
        # the analysis of free work counts it, per product and month
        action = self.env.ref("aftersales_service.aftersales_warranty_cost_action")
        rows = (
            self.env["aftersales.service.request"]
            .with_user(self.manager)
            ._read_group(
                [("id", "=", request.id), *safe_eval(action.domain)],
                ["product_id"],
                ["cost_total:sum"],
            )
        )
        self.assertEqual(rows, [(lot.product_id, 185.0)])

    def test_company_rate_when_the_technician_has_none(self):
        self.company.aftersales_labour_rate = 50.0
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "technician_id": self.technician.id}
        )
        request.time_spent = 2.0
        self.assertEqual(request.cost_labour, 100.0)

    def _deliver(self, product, qty, to_customer=True):
        stock = self.env.ref("stock.warehouse0").lot_stock_id
        customers = self.env.ref("stock.stock_location_customers")
        if to_customer:
            self.env["stock.quant"]._update_available_quantity(product, stock, qty)
        src, dest = (stock, customers) if to_customer else (customers, stock)
        move = self.env["stock.move"].create(
            {
                "name": "delivery",
                "product_id": product.id,
                "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "location_id": src.id,
                "location_dest_id": dest.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = qty
        move.picked = True
        move._action_done()
        return move

    def test_cost_per_unit_sold(self):
        product = self.env["product.product"].create(
            {"name": "WC cabinet unit", "type": "consu", "is_storable": True}
        )
        self._deliver(product, 4)
        self._deliver(product, 1, to_customer=False)  # one came back
        self.technician.sudo().aftersales_labour_rate = 80.0
        request = self.env["aftersales.service.request"].create(
            {
                "partner_id": self.customer.id,
                "product_id": product.id,
                "lot_id": self._lot("WC-CAB-1", delivery=date.today(), product=product).id,
                "technician_id": self.technician.id,
            }
        )
        self.assertTrue(request.is_free_work)
        request.action_dispatch()
        request.action_start()
        request.write({"time_spent": 1.5, "work_done": "<p>Fan motor reseated</p>"})
        request.action_done()
        self.env.flush_all()
        Report = self.env["aftersales.warranty.cost.report"].with_user(self.manager)
        row = Report.search([("product_id", "=", product.id)])
        self.assertEqual(len(row), 1)
        self.assertEqual(row.job_count, 1)
        self.assertEqual(row.cost_total, 120.0)
        self.assertEqual(row.units_sold, 3.0, "four delivered, one returned")
        self.assertEqual(row.cost_per_unit, 40.0)
        # the desk does not see the company's costs
        with self.assertRaises(AccessError):
            Report.with_user(self.desk).search([])
