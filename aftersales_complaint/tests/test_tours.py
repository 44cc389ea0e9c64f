from odoo.tests import HttpCase, tagged

from .common_complaint import FULL_ROUTE


@tagged("post_install", "-at_install")
class TestComplaintTours(HttpCase):
    """A complaint clicked from registration to its resolution in a real browser: the
    stages whose work is recorded pass the form on by themselves when it is saved."""

    def test_tour_complaint_to_resolution(self):
        customer = self.env["res.partner"].create({"name": "Tour Complaint Customer"})
        panel = self.env["product.product"].create(
            {"name": "Tour Complaint Panel", "type": "consu"}
        )
        complaint = self.env["aftersales.complaint"].create(
            {
                "partner_id": customer.id,
                "complaint_class": "other",
                "customer_demand": "Refund the installation",
                "description": "<p>The unit was installed on the wrong wall.</p>",
            }
        )
        self.start_tour(
            f"/odoo/action-aftersales_complaint.aftersales_complaint_action/{complaint.id}",
            "aftersales_complaint_resolution",
            login="admin",
            timeout=240,
        )
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.line_ids.product_id, panel)
        self.assertEqual(complaint.line_ids.defective_qty, 2.0)
        self.assertEqual(complaint.line_ids.defect, "Mounted on the wrong wall")
        self.assertEqual(complaint.decision_type, "not_established")
        self.assertTrue(complaint.resolution_done)
        self.assertIn("wrong refrigerant", complaint.root_cause)
        self.assertIn("customer agrees", complaint.negotiation_result)
        self.assertEqual(
            complaint.stage_log_ids.mapped("stage")[:4],
            [
                "Registered (GM Office)",
                "Quality Investigation",
                "Sales Negotiation",
                "GM Office Opinion",
            ],
        )
        self.assertEqual(complaint.approved_by_id, self.env.ref("base.user_admin"))

    def test_complaint_decided_within_the_click_budget(self):
        """A quality complaint through every unit, from the list's New button to the
        approved decision, in at most the readme's number of clicks (the tour counts
        them and fails above its budget)."""
        self.env["res.partner"].create({"name": "Clicks Customer"})
        panel = self.env["product.product"].create({"name": "Clicks Panel", "type": "consu"})
        department = self.env["hr.department"].create({"name": "Clicks Production"})
        Complaint = self.env["aftersales.complaint"]
        before = Complaint.search([])
        self.start_tour(
            "/odoo/action-aftersales_complaint.aftersales_complaint_action",
            "aftersales_complaint_clicks",
            login="admin",
            timeout=240,
        )
        complaint = Complaint.search([]) - before
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.state, "approved")
        self.assertEqual(complaint.complaint_class, "quality")
        self.assertEqual(complaint.line_ids.product_id, panel)
        self.assertEqual(complaint.line_ids.defective_qty, 2.0)
        self.assertEqual(complaint.decision_type, "allowance")
        self.assertEqual(complaint.decision_amount, 300.0)
        self.assertEqual(complaint.responsibility_ids.department_id, department)
        self.assertEqual(complaint.responsibility_ids.share, 100.0)
        self.assertIn("Lower the curing temperature", complaint.rd_note)
        self.assertEqual(
            complaint.stage_log_ids.mapped("stage")[:6],
            FULL_ROUTE,
        )
