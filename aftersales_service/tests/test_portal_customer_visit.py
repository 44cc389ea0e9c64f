# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer asks for a visit time when filing a request, and moves or cancels the
request on the portal until it is dispatched; nobody else can."""

from datetime import datetime

from freezegun import freeze_time
from lxml import html

from odoo.tests import tagged

from .portal_common import AftersalesPortalCase


@tagged("post_install", "-at_install")
class TestCustomerVisitOnThePortal(AftersalesPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a.tz = "Asia/Shanghai"

    def _csrf(self, url):
        page = html.fromstring(self.url_open(url).text)
        return page.xpath("//input[@name='csrf_token']/@value")[0]

    def _post(self, url, page_url, **data):
        data["csrf_token"] = self._csrf(page_url)
        return self.url_open(url, data=data)

    @freeze_time("2026-12-01 02:00:00")
    def test_request_with_the_visit_the_customer_would_like(self):
        self.authenticate("as_portal_a", "as_portal_a")
        Request = self.env["aftersales.service.request"]
        before = Request.search_count([])
        response = self._post(
            "/my/service_requests/new",
            "/my/service_requests/new",
            lot_id=str(self.lot_a.id),
            fault="No cooling",
            visit_day="2026-12-03",
            visit_from="15:00",
            visit_to="14:00",
        )
        page = html.fromstring(response.text)
        self.assertTrue(page.xpath("//div[contains(@class, 'o_aftersales_visit_error')]"))
        self.assertEqual(page.xpath("//textarea[@name='fault']")[0].text_content(), "No cooling")
        self.assertEqual(Request.search_count([]), before, "nothing written")
        response = self._post(
            "/my/service_requests/new",
            "/my/service_requests/new",
            lot_id=str(self.lot_a.id),
            fault="No cooling",
            visit_day="2026-12-03",
            visit_from="14:00",
            visit_to="16:00",
        )
        created = Request.search([], order="id desc", limit=1)
        self.assertEqual(created.lot_id, self.lot_a)
        # 14:00-16:00 in Shanghai = 06:00-08:00 UTC, the arrival target
        self.assertEqual(created.appointment_start, datetime(2026, 12, 3, 6, 0))
        self.assertEqual(created.arrival_deadline, datetime(2026, 12, 3, 8, 0))

    @freeze_time("2026-12-01 02:00:00")
    def test_move_and_cancel_before_dispatch(self):
        self.authenticate("as_portal_a", "as_portal_a")
        url = f"/my/service_requests/{self.request_a.id}"
        self.assertIn("o_aftersales_rebook_form", self.url_open(url).text)
        self._post(f"{url}/rebook", url, day="2026-12-04", time_from="09:00", time_to="11:00")
        self.assertEqual(self.request_a.appointment_end, datetime(2026, 12, 4, 3, 0))
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", self.request_a._name), ("res_id", "=", self.request_a.id)])
        )
        visit_mail = mails.filtered(lambda m: "visit" in (m.subject or "").lower())
        self.assertTrue(visit_mail, "the customer is told the visit by mail")
        self.assertIn(self.contact_a, visit_mail.recipient_ids | visit_mail.partner_ids)
        self._post(f"{url}/rebook", url, day="2026-12-05", time_from="09:00", time_to="11:00")
        self.assertEqual(self.request_a.appointment_changes, 1, "a rebooking is counted")
        response = self._post(
            f"{url}/rebook", url, day="2026-11-20", time_from="09:00", time_to="11:00"
        )
        self.assertIn("form_error=visit", response.url, "not in the past")
        response = self._post(f"{url}/cancel", url, reason=" ")
        self.assertIn("form_error=cancel", response.url)
        self.assertEqual(self.request_a.state, "new")
        self._post(f"{url}/cancel", url, reason="Fixed it myself: the breaker was off")
        self.assertEqual(self.request_a.state, "cancelled")
        self.assertTrue(
            any("breaker" in (m.body or "") for m in self.request_a.message_ids),
            "the reason is in the chatter for the desk",
        )

    @freeze_time("2026-12-01 02:00:00")
    def test_customer_without_a_time_zone_books_in_the_company_s(self):
        """A portal user who never chose a time zone types times in the company's."""
        self.portal_a.tz = False
        self.company.partner_id.tz = "Asia/Shanghai"
        self.authenticate("as_portal_a", "as_portal_a")
        url = f"/my/service_requests/{self.request_a.id}"
        response = self._post(
            f"{url}/rebook", url, day="2026-12-04", time_from="09:00", time_to="11:00"
        )
        self.assertIn("message=rebooked", response.url)
        self.assertEqual(self.request_a.appointment_start, datetime(2026, 12, 4, 1, 0))

    def test_dispatched_or_foreign_requests_are_refused(self):
        self.authenticate("as_portal_b", "as_portal_b")
        url = f"/my/service_requests/{self.request_a.id}"
        own = f"/my/service_requests/{self.request_b.id}"
        self._post(f"{url}/cancel", own, reason="not mine")
        self._post(f"{url}/rebook", own, day="2026-12-04", time_from="09:00", time_to="11:00")
        self.assertEqual(self.request_a.state, "new")
        self.assertFalse(self.request_a.appointment_start)
        # the provider's job of customer B is dispatched: no more changes on the portal
        job_url = f"/my/service_requests/{self.job.id}"
        self.assertNotIn("o_aftersales_rebook_form", self.url_open(job_url).text)
        response = self._post(f"{job_url}/cancel", own, reason="too late")
        self.assertIn("form_error=cancel_state", response.url)
        self.assertEqual(self.job.state, "dispatched")
