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
