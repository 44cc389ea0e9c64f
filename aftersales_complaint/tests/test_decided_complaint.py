from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common_complaint import ComplaintCase


@tagged("post_install", "-at_install")
class TestDecidedComplaint(ComplaintCase):
    """A decided complaint keeps what was approved, and its follow-up goes on in the form:
    new corrective actions (an action found not effective asks for one), the customer's
    rejection, the cause of a late closing."""

    def _add_action(self, form, name, days):
        with form.action_ids.new() as action:
            action.action_type = "corrective"
            action.name = name
            action.user_id = self.user_all
            action.date_due = fields.Date.today() + timedelta(days=days)

    def test_follow_up_is_recorded_in_the_form_of_an_approved_complaint(self):
        complaint = self._approved()
        complaint.user_id = self.user_all
        self.assertEqual(complaint.state, "approved")
        with Form(complaint.with_user(self.user_all)) as form:
            self._add_action(form, "Second coating pass on every panel", 14)
            form.reject_reason = "The customer wants a refund instead"
        # shown once the complaint is closed late; written on the decided complaint
        complaint.with_user(self.user_all).late_cause = "Waited for the supplier's report"
        self.assertEqual(complaint.action_ids.name, "Second coating pass on every panel")
        self.assertEqual(complaint.reject_reason, "The customer wants a refund instead")
        self.assertEqual(complaint.late_cause, "Waited for the supplier's report")

    def test_what_was_approved_is_read_only_in_the_form_and_refused_over_rpc(self):
        complaint = self._approved()
        form = Form(complaint.with_user(self.user_all))
        for fname in ("decision_type", "decision_amount", "partner_id", "root_cause"):
            with self.assertRaises(AssertionError, msg=f"{fname} is read-only once approved"):
                setattr(form, fname, False)
        with self.assertRaises(AssertionError):
            form.responsibility_ids.new()
        for vals in (
            {"decision_amount": 1.0},
            {"decision_type": "compensation"},
            {"responsibility_ids": [(5, 0, 0)]},
            {"root_cause": "<p>rewritten</p>"},
        ):
            with self.assertRaises(UserError):
                complaint.with_user(self.user_all).write(vals)
        self.assertEqual(complaint.decision_amount, 500.0)

    def test_not_effective_action_gets_its_new_action_on_a_closed_complaint(self):
        complaint = self._approved(decision="not_established", amount=0.0, shares=())
        complaint.action_resolve()
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        first = self.env["aftersales.complaint.action"].create(
            {
                "complaint_id": complaint.id,
                "action_type": "corrective",
                "name": "Check the coating thickness",
                "user_id": self.user_all.id,
                "date_due": fields.Date.today(),
            }
        )
        first.date_done = fields.Date.today()
        first.action_not_effective()
        self.assertIn("Decide a new action", complaint.activity_ids[-1:].note or "")
        with Form(complaint.with_user(self.user_all)) as form:
            self._add_action(form, "Change the coating supplier", 30)
        self.assertEqual(len(complaint.action_ids), 2)
