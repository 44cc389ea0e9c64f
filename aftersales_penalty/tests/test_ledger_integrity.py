# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The ledger cannot be bent by any group: frozen entries, approval only by the general
manager's button, rules that cannot rewrite approved entries, minimums on the total."""

from datetime import date

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PenaltyCase


@tagged("post_install", "-at_install")
class TestLedgerIntegrity(PenaltyCase):
    def test_clerk_cannot_create_an_approved_entry(self):
        Entry = self.env["aftersales.penalty.entry"].with_user(self.clerk)
        vals = {
            "rule_id": self.rule_uniform.id,
            "target_type": "employee",
            "employee_id": self.emp_e.id,
            "reason": "x",
        }
        with self.assertRaisesRegex(UserError, "starts as Draft"):
            Entry.create({**vals, "state": "approved"})
        with self.assertRaisesRegex(UserError, "set by the system only"):
            Entry.create({**vals, "approved_by_id": self.gm.id})
        with self.assertRaisesRegex(UserError, "set by the system only"):
            Entry.create({**vals, "is_reversal": True})
        # nothing half-written
        self.assertFalse(Entry.search([("reason", "=", "x")]))

    def test_clerk_cannot_jump_states_or_relink(self):
        draft = self._entry(self.rule_uniform, employee=self.emp_e)
        approved = self._approved(self.rule_uniform, employee=self.emp_e, day=date(2026, 1, 5))
        run = (
            self.env["aftersales.penalty.deduction.run"]
            .with_user(self.manager)
            ._run_month(date(2026, 1, 1))
        )
        line = run.line_ids
        self.assertEqual(approved.deduction_line_id, line)
        other = self._approved(self.rule_uniform, employee=self.emp_e)
        for user in (self.clerk, self.manager, self.gm):
            with self.assertRaisesRegex(UserError, "use its buttons"):
                draft.with_user(user).write({"state": "applied"})
            with self.assertRaisesRegex(UserError, "use its buttons"):
                other.with_user(user).write({"state": "reversed"})
            with self.assertRaises(UserError):
                other.with_user(user).write({"deduction_line_id": line.id})
            with self.assertRaises(UserError):
                approved.with_user(user).write({"deduction_line_id": False})
        self.assertEqual((draft.state, other.state), ("draft", "approved"))
        self.assertEqual(approved.deduction_line_id, line)

    def test_editing_a_rule_does_not_rewrite_approved_entries(self):
        entry = self._approved(self.rule_uniform, employee=self.emp_e)
        self.assertEqual(entry.signed_amount, -30)
        with self.assertRaisesRegex(UserError, "Archive it and create a new rule"):
            self.rule_uniform.write({"direction": "reward"})
        with self.assertRaisesRegex(UserError, "Archive it"):
            self.rule_uniform.write({"subject_to_cap": False})
        with self.assertRaisesRegex(UserError, "Archive it"):
            self.rule_uniform.write({"kind": "admin_warning"})
        self.assertEqual(entry.signed_amount, -30)
        self.assertTrue(entry.subject_to_cap)
        # the amount of the rule may change: the approved entry keeps its own
        self.rule_uniform.amount = 50
        self.assertEqual(entry.amount, 30)
        # a rule with drafts only may still change
        self.rule_reward.direction = "reward"
        self._entry(self.rule_warning, employee=self.emp_e)
        self.rule_warning.subject_to_cap = False

    def test_minimums_hold_on_the_total(self):
        with self.assertRaisesRegex(ValidationError, r"at least .{0,3}400\.00 in total"):
            self._entry(self.rule_warning, employee=self.emp_e, qty=0.5)
        with self.assertRaisesRegex(ValidationError, r"at least .{0,3}800"):
            self._entry(self.rule_minor, employee=self.emp_e, qty=0.5)
        # the major demerit is the month's bonus (3000 for emp_f), not a typed amount
        with self.assertRaisesRegex(ValidationError, "efficiency bonus"):
            self._entry(self.rule_major, employee=self.emp_f, amount=100)
        entry = self._entry(self.rule_major, employee=self.emp_f)
        self.assertEqual(entry.amount, 3000)
        with self.assertRaisesRegex(ValidationError, "efficiency bonus"):
            entry.unit_amount = 10
        self.assertEqual(self._entry(self.rule_warning, employee=self.emp_e, qty=2).amount, 800)

    def test_quantity_must_be_positive_with_a_clear_message(self):
        for qty in (0, -1):
            with self.assertRaisesRegex(ValidationError, "must be positive, not"):
                self._entry(self.rule_uniform, employee=self.emp_e, qty=qty)
        entry = self._entry(self.rule_uniform, employee=self.emp_e)
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            entry.quantity = 0

    def test_reversal_of_a_closed_month_goes_to_an_open_month(self):
        today = fields.Date.context_today(self.env.user)
        month = today.replace(day=1)
        entry = self._approved(self.rule_uniform, employee=self.emp_e, day=month)
        Run = self.env["aftersales.penalty.deduction.run"].with_user(self.manager)
        for run in Run.search([("period", "<", month), ("state", "=", "draft")]):
            run.action_done()
        run = Run._run_month(month)
        run.action_done()
        reversal = entry.with_user(self.gm).action_reverse()
        self.assertGreater(reversal.date, run.period.replace(day=28))
        self.assertEqual(reversal.state, "approved")
