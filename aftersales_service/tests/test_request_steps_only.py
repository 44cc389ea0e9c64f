"""A service request's state, approvals, consent and signature are set by its steps only
(audit findings A3 and A4): whoever may write the request (the technician on his own job,
the desk, an administrator) cannot type them."""

from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import RequestPathsCase

SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@tagged("post_install", "-at_install")
class TestRequestStepsOnly(RequestPathsCase):
    def _on_site_with_fee(self, **line_vals):
        job = self._dispatched(self.lot_expired)
        job.action_start()
        job.write(
            {
                "work_done": "<p>Fixed</p>",
                "line_ids": [
                    Command.create({"line_type": "fee", "product_id": self.fee.id, **line_vals})
                ],
            }
        )
        return job

    def _snapshot(self, job, fnames):
        job.invalidate_recordset()
        return {fname: job[fname] for fname in fnames}

    # ------------------------------------------------------------------ state
    def test_nobody_writes_the_state(self):
        job = self._dispatched(self.lot_expired)
        for user in (self.technician, self.desk, self.manager, self.env.ref("base.user_admin")):
            for state in ("done", "closed", "new", "cancelled"):
                with self.assertRaisesRegex(UserError, "use its buttons"):
                    job.with_user(user).write({"state": state})
        self.assertEqual(job.state, "dispatched")
        # the steps move it
        job.action_start()
        self.assertEqual(job.state, "in_progress")

    def test_a_request_is_registered_first(self):
        Request = self.env["aftersales.service.request"].with_user(self.desk)
        for state in ("dispatched", "done", "closed"):
            with self.assertRaisesRegex(UserError, "starts as Registered"):
                Request.create({"partner_id": self.customer.id, "state": state})
        with self.assertRaisesRegex(UserError, "set by the system only"):
            Request.create(
                {"partner_id": self.customer.id, "quote_state": "accepted", "quote_amount": 5000}
            )
        request = Request.create({"partner_id": self.customer.id, "state": "new"})
        self.assertEqual(request.state, "new")

    # ------------------------------------------------------------------ A3
    def test_technician_cannot_approve_his_own_waiver(self):
        job = self._on_site_with_fee()
        job.line_ids.write({"discount": 100})
        self.assertEqual(job.charge_state, "to_approve")
        with self.assertRaisesRegex(UserError, "set by the system only"):
            job.write({"charge_state": "approved"})
        with self.assertRaisesRegex(UserError, "set by the system only"):
            job.write({"charges_approved_by": self.manager.id})
        self.assertEqual(job.charge_state, "to_approve")
        self.assertFalse(job.charges_approved_by)
        job.action_done()
        job.action_sign(SIGNATURE, "Chen Jiahui")
        with self.assertRaisesRegex(UserError, "approval"):
            job.with_user(self.desk).action_close()
        with self.assertRaisesRegex(UserError, "approval"):
            job.with_user(self.desk).action_create_invoice()
        with self.assertRaises(AccessError):
            job.action_approve_charges()

    def test_a_reduction_changed_after_approval_is_approved_again(self):
        job = self._on_site_with_fee(discount=10)
        job.with_user(self.manager).action_approve_charges()
        self.assertEqual(job.charge_state, "approved")
        self.assertEqual(job.charges_approved_by, self.manager)
        job.line_ids.write({"discount": 100})
        self.assertEqual(job.charge_state, "to_approve")
        self.assertFalse(job.charges_approved_by)
        job.with_user(self.manager).action_approve_charges()
        self.assertEqual(job.charge_state, "approved")
        # back to the schedule price: nothing to approve
        job.line_ids.write({"discount": 0})
        self.assertEqual(job.charge_state, "none")

    # ------------------------------------------------------------------ A4
    def test_technician_cannot_forge_quote_consent_or_approval(self):
        job = self._on_site_with_fee()
        fields_ = ("quote_state", "quote_amount", "quote_approved_by", "quote_accepted_on")
        before = self._snapshot(job, fields_)
        for vals in (
            {"quote_state": "accepted", "quote_amount": 5000, "quote_accepted_by": "Chen"},
            {"quote_state": "accepted"},
            {"quote_amount": 5000},
            {"quote_approved_by": self.manager.id},
            {"quote_accepted_on": datetime(2026, 12, 1)},
        ):
            with self.assertRaisesRegex(UserError, "set by the system only"):
                job.write(vals)
        # the name of the person accepting is typed only while the quote waits for him
        with self.assertRaisesRegex(UserError, "waits for the customer"):
            job.write({"quote_accepted_by": "Chen"})
        self.assertEqual(self._snapshot(job, fields_), before)
        self.assertFalse(job.quote_accepted_by)
        # the steps: quoted, the name typed on the job, accepted by the button
        job.action_send_quote()
        job.write({"quote_accepted_by": "Chen Jiahui"})
        job.action_accept_quote()
        self.assertEqual(job.quote_state, "accepted")
        self.assertEqual(job.quote_accepted_by, "Chen Jiahui")
        with self.assertRaisesRegex(UserError, "waits for the customer"):
            job.write({"quote_accepted_by": "Somebody Else"})
        self.assertEqual(job.quote_accepted_by, "Chen Jiahui")

    def test_nobody_types_the_signature_or_the_flags(self):
        job = self._on_site_with_fee()
        fields_ = (
            "signed_by",
            "signed_on",
            "customer_signature",
            "customer_confirmed",
            "overdue_cause",
            "carry_over",
            "sla_paused",
            "provider_acceptance",
            "first_contact_deadline",
        )
        before = self._snapshot(job, fields_)
        for user in (self.technician, self.desk, self.manager):
            for vals in (
                {"signed_by": "Chen Jiahui"},
                {"signed_on": datetime(2026, 12, 1)},
                {"customer_confirmed": True},
                {"overdue_cause": "late:arrival"},
                {"carry_over": True},
                {"sla_paused": True},
                {"provider_acceptance": "accepted"},
                {"first_contact_deadline": datetime(2030, 1, 1)},
            ):
                with self.assertRaisesRegex(UserError, "set by the system only"):
                    job.with_user(user).write(vals)
        self.assertEqual(self._snapshot(job, fields_), before)

    def test_step_dates_are_not_typed_even_when_empty(self):
        job = self._dispatched(self.lot_expired)
        self.assertFalse(job.date_arrived)
        # the technician judged by them
        for vals in (
            {"date_arrived": datetime(2026, 12, 1, 1)},
            {"date_contacted": datetime(2026, 12, 1, 1)},
            {"date_done": datetime(2026, 12, 1, 1)},
            {"is_overdue": True},
        ):
            with self.assertRaisesRegex(UserError, "your own work"):
                job.write(vals)
        # the desk neither: a manager corrects, with a reason
        with self.assertRaisesRegex(AccessError, "only an after-sales manager"):
            job.with_user(self.desk).write({"date_arrived": datetime(2026, 12, 1, 1)})
        job.invalidate_recordset()
        self.assertFalse(job.date_arrived)
        self.assertFalse(job.date_contacted)
        self.assertFalse(job.is_overdue)
        self.assertEqual(job.state, "dispatched")

    def test_step_dates_are_not_given_to_a_new_request(self):
        """Registered as already arrived, a job would escape its late-arrival penalty."""
        Request = self.env["aftersales.service.request"].with_user(self.desk)
        vals = {"partner_id": self.customer.id, "technician_id": self.technician.id}
        for fname in ("date_arrived", "date_done", "date_contacted"):
            with self.subTest(field=fname), self.assertRaisesRegex(UserError, "recorded by its"):
                Request.create({**vals, fname: datetime(2026, 12, 1, 1)})
        job = Request.with_context(
            default_date_arrived=datetime(2026, 12, 1, 1), default_is_overdue=True
        ).create(vals)
        self.assertFalse(job.date_arrived)
        self.assertFalse(job.is_overdue)

    def test_the_customer_signs_through_the_step(self):
        job = self._dispatched(self.lot_expired)
        # not before the work, even from the form
        with self.assertRaisesRegex(UserError, "does not wait for a signature"):
            job.write({"customer_signature": SIGNATURE, "signed_by": "Chen Jiahui"})
        self.assertFalse(job.customer_signature)
        job.action_start()
        job.write({"work_done": "<p>Fixed</p>"})
        job.action_done()
        # the form's signature pad: recorded by the step, with its time
        job.write({"customer_signature": SIGNATURE, "signed_by": "Chen Jiahui"})
        self.assertTrue(job.customer_confirmed)
        self.assertEqual(job.signed_by, "Chen Jiahui")
        self.assertTrue(job.signed_on)
        # once signed, nobody changes it or signs again
        with self.assertRaisesRegex(UserError, "set by the system only"):
            job.write({"signed_by": "Somebody Else"})
        with self.assertRaisesRegex(UserError, "does not wait for a signature"):
            job.with_user(self.desk).write({"customer_signature": SIGNATURE})
        with self.assertRaisesRegex(UserError, "set by the system only"):
            job.with_user(self.manager).write({"customer_signature": False})
        self.assertEqual(job.signed_by, "Chen Jiahui")
        self.assertTrue(job.customer_signature)
