"""A confirmed provider settlement and its lines cannot be bent by any group."""

from dateutil.relativedelta import relativedelta

from odoo.exceptions import UserError, ValidationError

from .provider_common import SettlementCase


class TestSettlementIntegrity(SettlementCase):
    def test_desk_cannot_free_a_settled_job(self):
        """The desk cancelling a confirmed line would let the job be paid a second time."""
        job = self._job(self.provider)
        first = self._settlement()
        first.with_user(self.manager).action_confirm()
        line = first.fee_line_ids
        for user in (self.desk, self.manager):
            with self.assertRaisesRegex(UserError, "use its buttons"):
                line.with_user(user).write({"state": "cancelled"})
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                line.with_user(user).write({"amount": 1.0})
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                line.with_user(user).unlink()
            with self.assertRaisesRegex(UserError, "no line can be added"):
                self.env["aftersales.provider.settlement.line"].with_user(user).create(
                    {"settlement_id": first.id, "kind": "deduction", "name": "x", "amount": -9}
                )
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                first.with_user(user).write({"date_to": first.date_to - relativedelta(days=1)})
            with self.assertRaisesRegex(UserError, "set by the system only"):
                first.with_user(user).write({"bill_id": False})
        self.assertEqual((line.state, line.amount), ("confirmed", 150))
        # the job stays settled: a new settlement does not take it
        self.assertFalse(self._settlement().fee_line_ids)
        self.assertEqual(job.id, first.fee_line_ids.request_id.id)

    def test_settlement_pays_a_provider_of_its_company(self):
        customer = self.env["res.partner"].create({"name": "Not a provider"})
        with self.assertRaisesRegex(ValidationError, "is not a service provider of"):
            self.Settlement.with_user(self.manager).create(
                {
                    "provider_id": customer.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )

    def test_settlement_cannot_start_confirmed(self):
        with self.assertRaisesRegex(UserError, "starts as Draft"):
            self.Settlement.with_user(self.manager).create(
                {
                    "provider_id": self.provider.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "state": "confirmed",
                }
            )

    def test_line_copies_follow_the_settlement(self):
        settlement = self._settlement()
        line = self.env["aftersales.provider.settlement.line"].create(
            {
                "settlement_id": settlement.id,
                "kind": "deduction",
                "name": "manual",
                "amount": -10,
                "provider_id": self.other.id,
            }
        )
        self.assertEqual(line.provider_id, self.provider)

    def test_no_settlement_of_a_future_month(self):
        start = self.date_from + relativedelta(months=2)
        with self.assertRaisesRegex(ValidationError, "in the future"):
            self.Settlement.create(
                {
                    "provider_id": self.provider.id,
                    "date_from": start,
                    "date_to": start + relativedelta(months=1, days=-1),
                }
            )
