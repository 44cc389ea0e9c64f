# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Money taken on site: an Odoo payment of the job's invoice, the technician's balance
until finance marks it handed in, overdue hand-ins flagged."""

from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestCashOnSite(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, login="as_cash_acc", groups="account.group_account_invoice"
        )
        cls.fee = cls.env["product.product"].create(
            {"name": "Call-out fee", "type": "service", "lst_price": 80.0}
        )

    def _done_paid_job(self):
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "technician_id": self.technician.id}
        )
        request.service_class = "A"
        request.write({"line_ids": [(0, 0, {"line_type": "fee", "product_id": self.fee.id})]})
        request.action_dispatch()
        job = request.with_user(self.technician)
        job.action_start()
        job.work_done = "<p>Cleaned the drain</p>"
        job.action_done()
        return request

    def _collect(self, request, amount=None, method="cash"):
        form = Form(
            self.env["aftersales.cash.collection.wizard"]
            .with_user(self.technician)
            .with_context(default_request_id=request.id)
        )
        form.method = method
        if amount is not None:
            form.amount = amount
        return form.save().action_confirm()

    def _balance(self, user):
        Payment = self.env["account.payment"].with_user(self.accountant)
        return sum(
            Payment.search(
                [
                    ("aftersales_collected_by", "=", user.id),
                    ("aftersales_handed_in_date", "=", False),
                ]
            ).mapped("amount")
        )

    def test_cash_pays_the_invoice_and_waits_for_the_hand_in(self):
        request = self._done_paid_job()
        self.assertEqual(request.amount_charged, 80.0)
        self._collect(request)
        invoice = request.invoice_ids
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        payment = self.env["account.payment"].search([("aftersales_request_id", "=", request.id)])
        # the whole invoice, taxes included, is taken by default
        self.assertEqual((payment.amount, payment.journal_id.type), (invoice.amount_total, "cash"))
        self.assertEqual(payment.aftersales_collected_by, self.technician)
        self.assertEqual(self._balance(self.technician), invoice.amount_total)
        # not handed in the next days: flagged
        with freeze_time(date.today() + timedelta(days=3)):
            self.assertTrue(payment.aftersales_handin_overdue)
            self.assertIn(
                payment,
                self.env["account.payment"].search([("aftersales_handin_overdue", "=", True)]),
            )
        # a technician cannot mark his own money handed in; finance does
        with self.assertRaises(AccessError):
            payment.with_user(self.technician).action_aftersales_hand_in()
        payment.with_user(self.accountant).action_aftersales_hand_in()
        self.assertEqual(payment.aftersales_handed_in_to, self.accountant)
        self.assertEqual(self._balance(self.technician), 0.0)
        self.assertFalse(payment.aftersales_handin_overdue)

    def test_refused_payments_write_nothing(self):
        request = self._done_paid_job()
        with self.assertRaisesRegex(UserError, "positive"):
            self._collect(request, amount=0.0)
        with self.assertRaisesRegex(UserError, "left to pay"):
            self._collect(request, amount=500.0)
        self.assertFalse(
            self.env["account.payment"].search([("aftersales_request_id", "=", request.id)])
        )
        other = self.env["aftersales.service.request"].create({"partner_id": self.customer.id})
        with self.assertRaisesRegex(UserError, "once the job is done"):
            Form(
                self.env["aftersales.cash.collection.wizard"].with_context(
                    default_request_id=other.id
                )
            ).save().action_confirm()
