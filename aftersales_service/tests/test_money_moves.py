# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The accounting document a confirmed after-sales document created carries its amounts:
nobody (the desk with its invoicing right, an accountant, the administrator) changes its
partner, currency or amounts, cancels or deletes it; it is posted and paid as it is, and
reversed by a credit note. The document's own buttons (cancelling the settlement) still
handle it."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user

from .provider_common import SettlementCase


class TestMoneyMoves(SettlementCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="pv_accountant",
            name="Provider Accountant",
            groups="account.group_account_manager",
        )

    def _confirmed_bill(self):
        self._job(self.provider)
        settlement = self._settlement()
        settlement.with_user(self.manager).action_confirm()
        self.assertTrue(settlement.bill_id)
        return settlement, settlement.bill_id

    def test_bill_of_a_confirmed_settlement_keeps_its_amounts(self):
        settlement, bill = self._confirmed_bill()
        total, partner = bill.amount_total, bill.partner_id
        line = bill.invoice_line_ids[0]
        other = self.env["res.partner"].create({"name": "Somebody else"})
        for user in (self.desk, self.accountant, self.env.ref("base.user_admin")):
            as_user = bill.with_user(user)
            with self.assertRaisesRegex(UserError, "carries the amounts of"), self.cr.savepoint():
                as_user.write({"invoice_line_ids": [Command.update(line.id, {"price_unit": 9999})]})
            with self.assertRaisesRegex(UserError, "carries the amounts of"), self.cr.savepoint():
                line.with_user(user).write({"quantity": 3})
            with self.assertRaisesRegex(UserError, "carries the amounts of"), self.cr.savepoint():
                as_user.write({"partner_id": other.id})
            with self.assertRaisesRegex(UserError, "carries the amounts of"), self.cr.savepoint():
                as_user.write(
                    {"invoice_line_ids": [Command.create({"name": "extra", "price_unit": 50})]}
                )
            with self.assertRaisesRegex(UserError, "carries the amounts of"), self.cr.savepoint():
                line.with_user(user).unlink()
            with self.assertRaisesRegex(UserError, "carries the amounts of"), self.cr.savepoint():
                as_user.button_cancel()
            with self.assertRaisesRegex(UserError, "carries the amounts of"), self.cr.savepoint():
                as_user.unlink()
        self.assertEqual(
            (bill.amount_total, bill.partner_id, bill.state), (total, partner, "draft")
        )
        # what does not touch the money is the accountant's: the reference, the date, posting
        bill.with_user(self.accountant).write(
            {"ref": "GB-2026-12", "invoice_date": settlement.date_to}
        )
        bill.with_user(self.accountant).action_post()
        self.assertEqual((bill.state, bill.amount_total), ("posted", total))
        # paid as it is
        self.env["account.payment.register"].with_user(self.accountant).with_context(
            active_model="account.move", active_ids=bill.ids
        ).create({})._create_payments()
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        # and reversed, not edited: the credit note is a document of its own
        reversal = bill.with_user(self.accountant)._reverse_moves(
            [{"ref": "correction", "invoice_date": settlement.date_to}]
        )
        reversal.with_user(self.accountant).write(
            {
                "invoice_line_ids": [
                    Command.update(reversal.invoice_line_ids[0].id, {"price_unit": 1})
                ]
            }
        )

    def test_the_settlements_own_cancel_still_cancels_its_bill(self):
        settlement, bill = self._confirmed_bill()
        settlement.with_user(self.manager).action_cancel()
        self.assertEqual((settlement.state, bill.state), ("cancelled", "cancel"))
