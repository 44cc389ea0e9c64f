# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer is told the visit booked or moved by a text message too, when the company
sends them: queued for Odoo's SMS service, in the customer's time zone."""

from datetime import datetime

from odoo.tests import tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestVisitSms(AftersalesCase):
    def _book(self):
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "technician_id": self.technician.id}
        )
        request._set_appointment(datetime(2026, 12, 10, 6, 0), datetime(2026, 12, 10, 8, 0))
        return request

    def _sms(self, request):
        return self.env["sms.sms"].search(
            [
                ("mail_message_id.res_id", "=", request.id),
                ("mail_message_id.model", "=", request._name),
            ]
        )

    def test_text_message_when_the_company_sends_them(self):
        self.company.aftersales_visit_sms = True
        self.customer.write({"mobile": "+86 138 0000 1111", "tz": "Asia/Shanghai"})
        request = self._book()
        sms = self._sms(request)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing", "queued for the SMS service's scheduled action")
        self.assertIn(request.name, sms.body)
        self.assertIn("2:00 PM", sms.body, "the visit in the customer's time zone")
        self.assertIn("1380", sms.number.replace(" ", ""))
        # moved: told again
        request._set_appointment(datetime(2026, 12, 11, 6, 0), datetime(2026, 12, 11, 8, 0))
        self.assertEqual(len(self._sms(request)), 2)

    def test_no_text_message_by_default_or_without_a_number(self):
        self.customer.mobile = "+86 138 0000 1111"
        self.assertFalse(self._sms(self._book()), "the company does not send them by default")
        self.company.aftersales_visit_sms = True
        self.customer.write({"mobile": False, "phone": False})
        self.assertFalse(self._sms(self._book()))
