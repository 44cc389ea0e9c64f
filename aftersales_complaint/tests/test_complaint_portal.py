from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestComplaintPortal(HttpCase):
    """Portal intake: a customer files a complaint and sees only their own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="cp_portal",
            password="cp_portal_pw1",
            groups="base.group_portal",
            name="Portal Customer",
        )
        cls.other = cls.env["res.partner"].create({"name": "Other Customer"})
        cls.other_complaint = cls.env["aftersales.complaint"].create(
            {"partner_id": cls.other.id, "customer_demand": "Not yours"}
        )

    def test_portal_customer_files_and_follows_a_complaint(self):
        self.authenticate("cp_portal", "cp_portal_pw1")
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "customer_demand": "Refund the cracked housing",
                "description": "The housing cracked after two days.",
            },
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.env["aftersales.complaint"].search(
            [("partner_id", "=", self.portal_user.partner_id.id)]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.channel, "portal")
        self.assertIn(complaint.name, response.text)
        listing = self.url_open("/my/complaints")
        self.assertIn(complaint.name, listing.text)
        self.assertNotIn(self.other_complaint.name, listing.text)
        # another customer's complaint is not reachable
        foreign = self.url_open(f"/my/complaints/{self.other_complaint.id}")
        self.assertNotIn("Not yours", foreign.text)

    def test_portal_complaint_about_two_of_my_units(self):
        """The form offers the customer's own units; each ticked unit becomes a product
        line; a unit of another customer sent in the form is refused with a message next
        to the units, and what was typed is kept."""
        product = self.env["product.product"].create(
            {"name": "Portal Heater", "type": "consu", "tracking": "serial"}
        )
        partner = self.portal_user.partner_id
        mine = self.env["stock.lot"].create(
            [
                {"name": f"PH-{i}", "product_id": product.id, "aftersales_partner_id": partner.id}
                for i in (1, 2, 3)
            ]
        )
        theirs = self.env["stock.lot"].create(
            {"name": "PH-OTHER", "product_id": product.id, "aftersales_partner_id": self.other.id}
        )
        self.authenticate("cp_portal", "cp_portal_pw1")
        form = self.url_open("/my/complaints/new")
        self.assertIn("PH-1", form.text)
        self.assertNotIn("PH-OTHER", form.text)
        Complaint = self.env["aftersales.complaint"]
        refused = self.url_open(
            "/my/complaints/new",
            data=[
                ("csrf_token", http.Request.csrf_token(self)),
                ("customer_demand", "Replace both heaters"),
                ("lot_ids", str(mine[0].id)),
                ("lot_ids", str(theirs.id)),
            ],
        )
        self.assertIn("not registered to you", refused.text)
        self.assertIn('value="Replace both heaters"', refused.text)
        self.assertFalse(Complaint.search([("partner_id", "=", partner.id)]))
        response = self.url_open(
            "/my/complaints/new",
            data=[
                ("csrf_token", http.Request.csrf_token(self)),
                ("customer_demand", "Replace both heaters"),
                ("lot_ids", str(mine[0].id)),
                ("lot_ids", str(mine[2].id)),
            ],
        )
        self.assertEqual(response.status_code, 200)
        complaint = Complaint.search([("partner_id", "=", partner.id)])
        self.assertEqual(complaint.line_ids.lot_id, mine[0] | mine[2])
        self.assertEqual(complaint.line_ids.mapped("defective_qty"), [1.0, 1.0])
        self.assertEqual(complaint.defective_qty, 2.0)
        self.assertIn("PH-3", response.text)
        self.assertIn(partner, complaint.message_partner_ids, "the customer follows it")

    def test_portal_complaint_without_demand_says_so(self):
        self.authenticate("cp_portal", "cp_portal_pw1")
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "customer_demand": "  ",
                "description": "It broke twice.",
            },
        )
        self.assertIn("Say what you ask for.", response.text)
        self.assertIn("It broke twice.", response.text)
        self.assertFalse(
            self.env["aftersales.complaint"].search(
                [("partner_id", "=", self.portal_user.partner_id.id)]
            )
        )
