# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_service.tests.provider_common import ProviderCase

from .common import PenaltyCase


@tagged("post_install", "-at_install")
class TestAllowanceAndVendorCredit(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            login="pen_accountant",
            name="Accountant",
            groups="account.group_account_invoice",
        )

    def test_pn_a18_allowance_on_a_complaint_becomes_a_customer_credit_note(self):
        complaint = self.env["aftersales.complaint"].create({"partner_id": self.customer.id})
        entry = self._entry(
            self.rule_allowance,
            partner=self.customer,
            amount=250,
            source="complaint",
            complaint_id=complaint.id,
        )
        self.assertEqual(entry.signed_amount, 250)
        entry.with_user(self.gm).action_approve()
        move = entry.move_id
        self.assertEqual(entry.state, "applied")
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.state, "draft")
        self.assertEqual(move.partner_id, self.customer)
        self.assertAlmostEqual(move.amount_total, 250)
        self.assertIn(move, complaint.credit_note_ids)
        move.with_user(self.accountant).action_post()
        self.assertEqual(move.state, "posted")

    def test_provider_penalty_to_vendor_credit_note_and_reversal(self):
        entry = self._approved(self.rule_uniform, partner=self.provider, qty=2)
        entry.with_user(self.clerk).action_create_credit_note()
        refund = entry.move_id
        self.assertEqual(refund.move_type, "in_refund")
        self.assertEqual(refund.partner_id, self.provider)
        self.assertAlmostEqual(refund.amount_total, 60)
        self.assertEqual(entry.state, "applied")
        refund.with_user(self.accountant).write({"invoice_date": refund.invoice_date})
        refund.with_user(self.accountant).action_post()
        # the posted refund stays; the reversal waits to be billed back
        reversal = entry.with_user(self.gm).action_reverse()
        self.assertEqual(reversal.state, "approved")
        reversal.with_user(self.clerk).action_create_credit_note()
        self.assertEqual(reversal.move_id.move_type, "in_invoice")
        self.assertAlmostEqual(reversal.move_id.amount_total, 60)

    def test_credit_notes_of_the_ledger_keep_their_amounts(self):
        """An approved allowance's and an applied fine's credit notes are posted as they
        are; changing their amount or partner, cancelling or deleting them is refused to
        every user (the ledger entry's reversal is the correction)."""
        complaint = self.env["aftersales.complaint"].create({"partner_id": self.customer.id})
        allowance = self._entry(
            self.rule_allowance,
            partner=self.customer,
            amount=300,
            source="complaint",
            complaint_id=complaint.id,
        )
        allowance.with_user(self.gm).action_approve()
        fine = self._approved(self.rule_uniform, partner=self.provider, qty=2)
        fine.with_user(self.clerk).action_create_credit_note()
        admin = self.env.ref("base.user_admin")
        for move in (allowance.move_id.sudo(), fine.move_id.sudo()):
            total = move.amount_total
            line = move.invoice_line_ids[0]
            for user in (self.accountant, admin):
                for attempt in (
                    lambda m=move, u=user, ln=line: m.with_user(u).write(
                        {"invoice_line_ids": [(1, ln.id, {"price_unit": 8888})]}
                    ),
                    lambda u=user, ln=line: ln.with_user(u).write({"price_unit": 8888}),
                    lambda m=move, u=user: m.with_user(u).write(
                        {"partner_id": self.clerk.partner_id.id}
                    ),
                    lambda m=move, u=user: m.with_user(u).button_cancel(),
                    lambda m=move, u=user: m.with_user(u).unlink(),
                ):
                    with (
                        self.assertRaisesRegex(UserError, "carries the amounts of"),
                        self.cr.savepoint(),
                    ):
                        attempt()
            self.assertAlmostEqual(move.amount_total, total)
            move.with_user(self.accountant).action_post()
            self.assertEqual(move.state, "posted")
        self.assertEqual((allowance.state, fine.state), ("applied", "applied"))

    def test_reversal_cancels_a_draft_credit_note(self):
        entry = self._approved(self.rule_uniform, partner=self.provider)
        entry.with_user(self.clerk).action_create_credit_note()
        refund = entry.move_id
        reversal = entry.with_user(self.gm).action_reverse()
        self.assertEqual(refund.state, "cancel")
        self.assertEqual(reversal.state, "applied")


@tagged("post_install", "-at_install")
class TestProviderSettlementDeduction(ProviderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.gm = new_test_user(
            cls.env,
            login="pen_gm_pv",
            name="General Manager PV",
            groups="aftersales_penalty.group_penalty_gm",
        )
        cls.provider = cls._active_provider("PEN Provider")
        cls.rule = cls.env["aftersales.penalty.rule"].create(
            {
                "name": "Late arrival causing a complaint",
                "code": "T-PN-B21",
                "kind": "occurrence",
                "target": "provider",
                "amount": 30,
            }
        )

    def test_fs13_provider_penalty_is_deducted_in_the_monthly_settlement(self):
        job = self._job(self.provider, kind="installation")
        entry = self.env["aftersales.penalty.entry"].create(
            {
                "rule_id": self.rule.id,
                "partner_id": self.provider.id,
                "date": self.date_from,
                "reason": "Late arrival at the customer",
                "source": "service_request",
                "service_request_id": job.id,
            }
        )
        draft_only = self.env["aftersales.penalty.entry"].create(
            {
                "rule_id": self.rule.id,
                "partner_id": self.provider.id,
                "date": self.date_from,
                "reason": "Not approved yet",
            }
        )
        entry.with_user(self.gm).action_approve()
        settlement = self.env["aftersales.provider.settlement"].create(
            {
                "provider_id": self.provider.id,
                "date_from": self.date_from,
                "date_to": self.date_to,
            }
        )
        settlement.action_compute_lines()
        deduction = settlement.deduction_line_ids.filtered(
            lambda line: line.res_model == "aftersales.penalty.entry"
        )
        self.assertEqual(deduction.res_id, entry.id)
        self.assertEqual(deduction.amount, -30)
        self.assertNotIn(draft_only.id, settlement.deduction_line_ids.mapped("res_id"))
        self.assertEqual(settlement.amount_total, 150 - 30)
        settlement.with_user(self.manager).action_confirm()
        self.assertEqual(entry.state, "applied")
        self.assertEqual(entry.settlement_id, settlement)
        self.assertAlmostEqual(settlement.bill_id.amount_total, 120)
        # cancelling the settlement hands the penalty back to the next one
        settlement.with_user(self.manager).action_cancel()
        self.assertEqual(entry.state, "approved")
        self.assertFalse(entry.settlement_id)

    def _computed_settlement(self, *entries):
        self._job(self.provider, kind="installation")
        for entry in entries:
            entry.with_user(self.gm).action_approve()
        settlement = self.env["aftersales.provider.settlement"].create(
            {"provider_id": self.provider.id, "date_from": self.date_from, "date_to": self.date_to}
        )
        settlement.action_compute_lines()
        return settlement

    def _provider_entry(self, amount):
        return self.env["aftersales.penalty.entry"].create(
            {
                "rule_id": self.rule.id,
                "partner_id": self.provider.id,
                "date": self.date_from,
                "reason": "Late",
                "unit_amount": amount,
            }
        )

    def test_a_penalty_is_never_deducted_twice_by_a_settlement(self):
        """A penalty deducted on a draft settlement gets no credit note as well; one
        reversed since the computation stops the confirmation until it is recomputed."""
        billed, reversed_ = self._provider_entry(21), self._provider_entry(54)
        settlement = self._computed_settlement(billed, reversed_)
        self.assertEqual(
            set(settlement.deduction_line_ids.mapped("res_id")), {billed.id, reversed_.id}
        )
        clerk = new_test_user(
            self.env,
            login="pen_clerk_pv",
            groups="aftersales_penalty.group_penalty_user_all,account.group_account_invoice",
        )
        with self.assertRaisesRegex(UserError, "deducted on the draft settlement"):
            billed.with_user(clerk).action_create_credit_note()
        self.assertFalse(billed.move_id)
        reversed_.with_user(self.gm).action_reverse()
        with self.assertRaisesRegex(UserError, "no longer apply"):
            settlement.with_user(self.manager).action_confirm()
        self.assertEqual(settlement.state, "draft")
        self.assertFalse(settlement.bill_id)
        # recomputed: the reversed penalty is gone, the other one billed once
        settlement.action_compute_lines()
        settlement.with_user(self.manager).action_confirm()
        deducted = settlement.bill_id.invoice_line_ids.filtered(lambda ln: ln.price_unit < 0)
        self.assertEqual(deducted.mapped("price_unit"), [-21.0])
        self.assertEqual(billed.state, "applied")

    def test_a_button_called_with_a_repeated_id_runs_once(self):
        """``action_confirm([7, 7])`` over RPC: one bill; ``action_reverse([8, 8])``: one
        reversal."""
        entry = self._provider_entry(50)
        settlement = self._computed_settlement(entry)
        twice = settlement.browse([settlement.id, settlement.id])
        twice.with_user(self.manager).action_confirm()
        bills = self.env["account.move"].search([("ref", "=", settlement.name)])
        self.assertEqual(bills, settlement.bill_id)
        other = self._provider_entry(70)
        other.with_user(self.gm).action_approve()
        reversals = other.browse([other.id, other.id]).with_user(self.gm).action_reverse()
        self.assertEqual(len(reversals), 1)
        self.assertEqual(
            self.env["aftersales.penalty.entry"].search_count(
                [("reversed_entry_id", "=", other.id)]
            ),
            1,
        )

    def test_a_cancelled_settlement_does_not_give_a_reversed_penalty_back_twice(self):
        """A penalty deducted, then reversed (the provider is owed it back), then its
        settlement cancelled: the reversal is settled with the cancellation; once its bill
        was posted, the cancellation waits for that bill to be reversed."""
        entry = self._provider_entry(40)
        settlement = self._computed_settlement(entry)
        settlement.with_user(self.manager).action_confirm()
        self.assertEqual(entry.state, "applied")
        reversal = entry.with_user(self.gm).action_reverse()
        self.assertEqual(reversal.state, "approved")
        settlement.with_user(self.manager).action_cancel()
        self.assertEqual(entry.state, "reversed", "the penalty is not deducted again")
        self.assertEqual(reversal.state, "applied", "nor paid back: settled by the cancellation")
        self.assertFalse(reversal.move_id)
        # the same once the reversal's bill is posted: refused until it is reversed
        other = self._provider_entry(25)
        settlement2 = self._computed_settlement(other)
        settlement2.with_user(self.manager).action_confirm()
        reversal2 = other.with_user(self.gm).action_reverse()
        reversal2.with_user(self.gm).action_create_credit_note()
        accountant = new_test_user(
            self.env, login="pen_accountant_pv", groups="account.group_account_invoice"
        )
        reversal2.move_id.with_user(accountant).action_post()
        with self.assertRaisesRegex(UserError, "Reverse that payment first"), self.cr.savepoint():
            settlement2.with_user(self.manager).action_cancel()
        settlement2.invalidate_recordset()
        self.assertEqual(settlement2.state, "confirmed")
