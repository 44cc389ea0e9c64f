from datetime import datetime

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

from odoo.addons.aftersales_service.tests.common import working_calendar

# the shipped stages a quality complaint passes through, registration to the GM office's opinion
FULL_ROUTE = [
    "Registered (GM Office)",
    "Quality Investigation",
    "Manufacturing Analysis",
    "R&D Review",
    "Sales Negotiation",
    "GM Office Opinion",
]


class ComplaintCase(TransactionCase):
    """Fixtures: a Mon-Fri 9-18 UTC calendar, departments, a delivered product and users
    in every complaint group and approval level."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.calendar = working_calendar(
            cls.env, "Complaint office Mon-Fri 9-18 (UTC)", days=5, company=cls.company
        )
        cls.calendar.hours_per_day = 9.0
        cls.company.write(
            {
                "aftersales_calendar_id": cls.calendar.id,
                "aftersales_complaint_rate_target": 1.0,
            }
        )
        cls.dept_quality = cls.env["hr.department"].create({"name": "Test Quality"})
        cls.dept_sales = cls.env["hr.department"].create({"name": "Test Sales"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Complaining Customer", "email": "buyer@example.com"}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Test Panel", "type": "consu", "is_storable": True, "list_price": 100}
        )
        group = "aftersales_complaint.group_complaint_"
        cls.user_own = new_test_user(
            cls.env,
            login="cp_own",
            groups=group + "user_own",
            name="Own Handler",
            tz="UTC",
        )
        cls.user_own2 = new_test_user(
            cls.env,
            login="cp_own2",
            groups=group + "user_own",
            name="Other Handler",
            tz="UTC",
        )
        cls.user_all = new_test_user(
            cls.env, login="cp_all", groups=group + "user_all", name="GM Office", tz="UTC"
        )
        cls.sales_manager = new_test_user(
            cls.env,
            login="cp_sales_mgr",
            groups=group + "approver_sales",
            name="Sales Manager",
            tz="UTC",
        )
        cls.deputy_gm = new_test_user(
            cls.env,
            login="cp_deputy",
            groups=group + "approver_deputy_gm",
            name="Deputy GM",
            tz="UTC",
        )
        cls.env.user.tz = "UTC"
        levels = cls.env["aftersales.complaint.approval.level"].search(
            [("company_id", "=", cls.company.id)]
        )
        levels.active = False
        Level = cls.env["aftersales.complaint.approval.level"]
        cls.level_sales = Level.create(
            {
                "name": "Sales",
                "sequence": 1,
                "amount_limit": 10000,
                "group_id": cls.env.ref(group + "approver_sales").id,
            }
        )
        cls.level_deputy = Level.create(
            {
                "name": "Deputy GM",
                "sequence": 2,
                "amount_limit": 100000,
                "for_major": True,
                "group_id": cls.env.ref(group + "approver_deputy_gm").id,
            }
        )
        cls.level_gm = Level.create(
            {
                "name": "GM",
                "sequence": 3,
                "amount_limit": 0,
                "group_id": cls.env.ref(group + "approver_gm").id,
            }
        )

    @classmethod
    def _deliver(cls, qty=5):
        """A done delivery of ``qty`` units of the product to the customer."""
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(cls.product, warehouse.lot_stock_id, qty)
        picking_type = warehouse.out_type_id
        picking = cls.env["stock.picking"].create(
            {
                "partner_id": cls.customer.id,
                "picking_type_id": picking_type.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": cls.product.name,
                            "product_id": cls.product.id,
                            "product_uom_qty": qty,
                            "product_uom": cls.product.uom_id.id,
                            "location_id": warehouse.lot_stock_id.id,
                            "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.quantity = qty
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    def _complaint(self, **vals):
        values = {
            "partner_id": self.customer.id,
            "product_id": self.product.id,
            "quantity": 5,
            "defective_qty": 2,
            "customer_demand": "Replace the defective panels",
        }
        values.update(vals)
        return self.env["aftersales.complaint"].create(values)

    def _to_consolidation(self, complaint, decision="allowance", amount=500.0, shares=(100,)):
        """Walk the handling form up to the GM office's consolidated opinion."""
        complaint.write(
            {
                "root_cause": "<p>Coating too thin</p>",
                "decision_type": decision,
                "decision_amount": amount,
                "loss_amount": amount,
                "responsibility_ids": [
                    (0, 0, {"department_id": dept.id, "share": share})
                    for dept, share in zip(
                        (self.dept_quality, self.dept_sales), shares, strict=False
                    )
                ],
            }
        )
        while complaint.state != "consolidation":
            complaint.action_next_stage()
        return complaint

    def _approved(self, complaint_vals=None, **kw):
        complaint = self._to_consolidation(self._complaint(**(complaint_vals or {})), **kw)
        complaint.action_submit_approval()
        complaint.with_user(self.env.ref("base.user_admin")).action_approve()
        return complaint

    @staticmethod
    def _dt(text):
        return datetime.fromisoformat(text)
