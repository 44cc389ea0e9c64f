# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshots of the demo's complaints for the readme: a complaint decided (backend) and the
customer's complaint on a phone (portal)."""

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.aftersales_service.tests.test_screenshots import ScreenshotMixin


@tagged("post_install", "-at_install")
class TestComplaintScreenshots(ScreenshotMixin, HttpCase):
    def test_screenshot_complaint_decided(self):
        complaint = self.env.ref("aftersales_complaint.demo_complaint_repair")
        text = self._shoot(
            f"/odoo/action-aftersales_complaint.aftersales_complaint_action/{complaint.id}",
            "complaint_decided",
            "supervisor",
            "!!document.querySelector('.o_form_view .o_statusbar_status')",
            ".o_action_manager",
            size=(1400, 2000),
        )
        self.assertIn(complaint.name, text)
        self.assertIn("Approved", text)

    def test_screenshot_complaint_on_the_customer_s_phone(self):
        complaint = self.env.ref("aftersales_complaint.demo_complaint_repair")
        login = complaint.partner_id.commercial_partner_id.user_ids[:1].login or "customer"
        text = self._shoot(
            f"/my/complaints/{complaint.id}",
            "portal_complaint_phone",
            login,
            "!!document.querySelector('#wrap .card, #wrap .o_portal_wrap')",
            "#wrap",
            size=(390, 1200),
        )
        self.assertIn(complaint.name, text)
