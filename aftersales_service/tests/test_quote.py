# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Quote and consent for paid work: the customer accepts the price before the work; above
twice the fee schedule the supervisor approves first; charging without consent is flagged."""

from lxml import html

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .portal_common import AftersalesPortalCase


@tagged("post_install", "-at_install")
class TestQuoteAndConsent(AftersalesPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(
            cls.env, login="as_quote_sup", groups="aftersales_service.group_aftersales_manager"
        )
        cls.fee = cls.env["product.product"].create(
            {"name": "On-site repair fee", "type": "service", "lst_price": 120.0}
        )
        cls.request_a.write({"service_class": "A", "technician_id": cls.technician.id})
        cls.request_a.action_dispatch()

    def _charge(self, price):
        self.request_a.write(
            {
                "line_ids": [
                    (5, 0, 0),
                    (0, 0, {"line_type": "fee", "product_id": self.fee.id, "price_unit": price}),
                ]
            }
        )
        self.assertEqual(self.request_a.amount_charged, price)

    def test_customer_accepts_the_quote_on_the_portal(self):
        self._charge(150.0)
        self.request_a.with_user(self.technician).action_send_quote()
        self.assertEqual(self.request_a.quote_state, "sent")
        self.assertEqual(self.request_a.quote_amount, 150.0)
        self.authenticate("as_portal_a", "as_portal_a")
        url = f"/my/service_requests/{self.request_a.id}"
        page = html.fromstring(self.url_open(url).text)
        token = page.xpath(
            "//form[contains(@action, '/quote/accept')]//input[@name='csrf_token']/@value"
        )
        self.assertTrue(token, "the customer sees the quote with its Accept button")
        response = self.url_open(f"{url}/quote/accept", data={"csrf_token": token[0]})
        self.assertIn("message=quote_accepted", response.url)
        self.assertEqual(self.request_a.quote_state, "accepted")
        self.assertEqual(self.request_a.quote_accepted_by, self.portal_a.partner_id.name)
        # the work done at the accepted price: nothing to flag
        job = self.request_a.with_user(self.technician)
        job.action_start()
        job.work_done = "<p>Fan motor replaced</p>"
        job.action_done()
        self.assertFalse(self.request_a.charged_without_quote)

    def test_quote_above_twice_the_schedule_needs_the_supervisor(self):
        self._charge(300.0)  # 2.5 x 120
        self.request_a.with_user(self.technician).action_send_quote()
        self.assertEqual(self.request_a.quote_state, "to_approve")
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.technician).action_approve_quote()
        with self.assertRaises(UserError):
            self.request_a.with_user(self.technician).action_accept_quote(signed_by="Alice")
        self.request_a.with_user(self.supervisor).action_approve_quote()
        self.assertEqual(
            (self.request_a.quote_state, self.request_a.quote_approved_by),
            ("sent", self.supervisor),
        )
        # accepted on site: the name (and signature) recorded by the technician
        self.request_a.with_user(self.technician).action_accept_quote(signed_by="Alice Baker")
        self.assertEqual(self.request_a.quote_state, "accepted")

    def test_work_charged_without_consent_is_flagged(self):
        self._charge(150.0)
        job = self.request_a.with_user(self.technician)
        job.action_start()
        job.work_done = "<p>Board replaced</p>"
        job.action_done()
        self.assertTrue(self.request_a.charged_without_quote)
        self.assertIn(
            self.request_a,
            self.env["aftersales.service.request"].search([("charged_without_quote", "=", True)]),
        )
