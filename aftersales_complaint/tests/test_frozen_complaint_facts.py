"""What a complaint's approval decided stays as approved, and the states of return visits
and quality feedback move only through their own steps (audit findings A2 and A7)."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_complaint import ComplaintCase


@tagged("post_install", "-at_install")
class TestFrozenComplaintFacts(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.technician = new_test_user(
            cls.env,
            login="fz_tech",
            name="Frozen Technician",
            groups="aftersales_service.group_aftersales_user_own,"
            "aftersales_complaint.group_complaint_user_own",
        )

    def _approved_with_lines(self):
        complaint = self._approved(
            {
                "line_ids": [
                    Command.create({"product_id": self.product.id, "quantity": 5}),
                    Command.create({"product_id": self.product.id, "quantity": 3}),
                ]
            },
            shares=(70, 30),
        )
        self.assertEqual(complaint.state, "approved")
        return complaint

    # ------------------------------------------------------------------ A2: shares, lines
    def test_shares_of_an_approved_complaint_cannot_be_changed_moved_or_deleted(self):
        complaint = self._approved_with_lines()
        other = self._complaint()
        shares = complaint.responsibility_ids
        before = [(s.department_id, s.share) for s in shares]
        for user in (self.user_all, self.admin):
            Share = self.env["aftersales.complaint.responsibility"].with_user(user)
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                shares[1].with_user(user).write({"complaint_id": other.id})
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                shares[0].with_user(user).write({"share": 100})
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                shares[0].with_user(user).unlink()
            with self.assertRaisesRegex(UserError, "no line can be added"):
                Share.create({"complaint_id": complaint.id, "department_id": self.dept_sales.id})
        self.assertEqual([(s.department_id, s.share) for s in complaint.responsibility_ids], before)
        self.assertFalse(other.responsibility_ids)

    def test_no_share_is_moved_onto_an_approved_complaint(self):
        complaint = self._approved_with_lines()
        open_one = self._to_consolidation(self._complaint(), shares=(100,))
        share = open_one.responsibility_ids
        with self.assertRaisesRegex(UserError, "no line can be added"):
            share.with_user(self.admin).write({"complaint_id": complaint.id})
        self.assertEqual(share.complaint_id, open_one)
        self.assertEqual(len(complaint.responsibility_ids), 2)

    def test_product_lines_of_an_approved_complaint_cannot_be_changed_moved_or_deleted(self):
        complaint = self._approved_with_lines()
        other = self._complaint()
        lines = complaint.line_ids
        for user in (self.user_all, self.admin):
            Line = self.env["aftersales.complaint.line"].with_user(user)
            for vals in (
                {"quantity": 8},
                {"complaint_id": other.id},
                {"partner_id": self.user_all.partner_id.id},
                {"complaint_class": "other"},
            ):
                # (a line's customer and class are its complaint's in any stage)
                with self.assertRaisesRegex(
                    UserError, "Approved and cannot be changed|set by the system only"
                ):
                    lines[0].with_user(user).write(vals)
            with self.assertRaisesRegex(UserError, "cannot be deleted"):
                lines[1].with_user(user).unlink()
            with self.assertRaisesRegex(UserError, "no line can be added"):
                Line.create({"complaint_id": complaint.id, "product_id": self.product.id})
        self.assertEqual(complaint.line_ids, lines)
        self.assertEqual(lines.mapped("quantity"), [5, 3])
        self.assertEqual(lines.partner_id, self.customer)
        self.assertEqual(complaint.quantity, 8)

    def test_no_line_is_moved_onto_an_approved_complaint(self):
        complaint = self._approved_with_lines()
        first, second = self._complaint(), self._complaint()
        line = first.line_ids
        with self.assertRaisesRegex(UserError, "no line can be added"):
            line.with_user(self.user_all).write({"complaint_id": complaint.id})
        self.assertEqual(line.complaint_id, first)
        # between complaints still being handled, a line may go where it belongs
        line.with_user(self.user_all).write({"complaint_id": second.id})
        self.assertEqual(second.line_ids.mapped("quantity"), [5, 5])

    def test_lines_copy_their_complaints_customer_and_class(self):
        """A line's customer and class are its complaint's: written on the line they would
        only differ from it (the complaint's statistics count the lines)."""
        complaint = self._complaint()
        line = complaint.line_ids[:1]
        other = self.env["res.partner"].create({"name": "Somebody else"})
        for user in (self.user_all, self.admin):
            with self.assertRaisesRegex(UserError, "set by the system only"):
                line.with_user(user).write({"partner_id": other.id})
        self.assertEqual(line.partner_id, complaint.partner_id)
        # unchanged values pass (a form saving the line as it is)
        line.with_user(self.user_all).write({"partner_id": complaint.partner_id.id})

    # ------------------------------------------------------------------ A2: actions
    def _action(self, complaint, days=10):
        return self.env["aftersales.complaint.action"].create(
            {
                "complaint_id": complaint.id,
                "name": "Thicker coating",
                "user_id": self.user_all.id,
                "date_due": self.company._aftersales_local_date() + timedelta(days=days),
            }
        )

    def test_corrective_action_moves_by_its_buttons_and_stays_with_its_complaint(self):
        complaint = self._approved_with_lines()
        other = self._complaint()
        action = self._action(complaint).with_user(self.admin)
        with self.assertRaisesRegex(UserError, "cannot be set to Done directly"):
            action.write({"state": "done"})
        with self.assertRaisesRegex(UserError, "cannot be moved to another complaint"):
            action.write({"complaint_id": other.id})
        with self.assertRaisesRegex(UserError, "set by the system only"):
            action.write({"effectiveness": "effective"})
        with self.assertRaisesRegex(UserError, "set by the system only"):
            self.env["aftersales.complaint.action"].with_user(self.user_all).create(
                {
                    "complaint_id": complaint.id,
                    "name": "Already effective",
                    "user_id": self.user_all.id,
                    "date_due": fields.Date.today(),
                    "effectiveness": "effective",
                }
            )
        self.assertEqual((action.state, action.complaint_id), ("open", complaint))
        self.assertFalse(action.effectiveness)
        # still planned: its owner and due date may change; done through its button
        action.with_user(self.user_all).write({"user_id": self.user_own.id})
        action.with_user(self.user_all).action_done()
        self.assertEqual(action.state, "done")
        done_on = action.date_done
        for vals in ({"date_done": False}, {"name": "Other"}, {"date_due": done_on}):
            with self.assertRaisesRegex(UserError, "Done and cannot be changed"):
                action.write(vals)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            action.unlink()
        # the effectiveness check is planned, then given by the buttons
        check = done_on + timedelta(days=45)
        action.with_user(self.user_all).date_effect_check = check
        action.with_user(self.user_all).action_effective()
        self.assertEqual(
            (action.state, action.date_done, action.date_effect_check, action.effectiveness),
            ("done", done_on, check, "effective"),
        )

    def test_late_action_stays_late(self):
        complaint = self._approved_with_lines()
        action = self._action(complaint, days=1)
        later = self.company._aftersales_local_date() + timedelta(days=5)
        with freeze_time(later):
            self.env["aftersales.complaint.action"]._cron_flag_late()
            self.assertEqual(action.state, "late")
            with self.assertRaisesRegex(UserError, "is late since"):
                action.with_user(self.user_all).write({"date_due": later + timedelta(days=9)})
            self.assertEqual(action.state, "late")
            # done late: recorded as done
            action.with_user(self.user_all).date_done = later
            self.assertEqual(action.state, "done")

    # ------------------------------------------------------------------ A7: return visits
    def _visit(self, user=None, **vals):
        today = fields.Date.today()
        return (
            self.env["aftersales.return.visit"]
            .with_user(user or self.env.user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "technician_id": self.technician.id,
                    "user_id": self.user_all.id,
                    "date_planned": today,
                    "date_deadline": today,
                    **vals,
                }
            )
        )

    def test_technician_cannot_close_the_visit_that_rates_him(self):
        visit = self._visit()
        with self.assertRaisesRegex(UserError, "cannot be set to Closed directly"):
            visit.with_user(self.technician).write({"state": "closed"})
        for user in (self.user_all, self.admin):
            for state in ("closed", "answered", "cancelled"):
                with self.assertRaisesRegex(UserError, "directly: use its buttons"):
                    visit.with_user(user).write({"state": state})
            for vals in (
                {"date_closed": fields.Datetime.now()},
                {"date_sent": fields.Datetime.now()},
                {"needs_complaint": True},
                {"new_complaint_id": self._complaint().id},
            ):
                with self.assertRaisesRegex(UserError, "set by the system only"):
                    visit.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            visit.with_user(self.user_all).write({"is_low_score": True})
        with self.assertRaisesRegex(UserError, "starts as Planned"):
            self._visit(user=self.user_all, state="closed")
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.date_closed or visit.date_made or visit.new_complaint_id)
        # the agent closes it by its button
        visit.with_user(self.user_all).action_close()
        self.assertEqual(visit.state, "closed")
        self.assertTrue(visit.date_closed)

    def test_closed_visit_is_evidence(self):
        visit = self._visit()
        visit.with_user(self.user_all).action_close()
        for vals in (
            {"technician_id": self.user_own.id},
            {"date_deadline": fields.Date.today() + timedelta(days=9)},
            {"channel": "visit"},
        ):
            with self.assertRaisesRegex(
                UserError, "Closed and cannot be changed|set by the system only"
            ):
                visit.with_user(self.admin).write(vals)
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            visit.with_user(self.admin).unlink()
        # the agent's notes and the agent still change
        visit.with_user(self.user_all).write({"note": "<p>Called back</p>", "user_id": False})
        self.assertEqual(visit.technician_id, self.technician)
        self.assertEqual(visit.state, "closed")

    # ------------------------------------------------------------------ A7: quality feedback
    def test_quality_feedback_moves_by_its_buttons(self):
        feedback = self.env["aftersales.quality.feedback"].create(
            {"product_id": self.product.id, "partner_id": self.customer.id}
        )
        as_user = feedback.with_user(self.user_all)
        with self.assertRaisesRegex(UserError, "cannot be set to Closed directly"):
            as_user.write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "set by the system only"):
            as_user.write({"date_sent": fields.Datetime.now()})
        as_user.action_send()
        with self.assertRaisesRegex(UserError, "set by the system only"):
            as_user.write({"response_deadline": fields.Date.today() + timedelta(days=60)})
        as_user.response = "<p>Supplier warned</p>"
        as_user.action_respond()
        as_user.action_close()
        self.assertEqual(feedback.state, "closed")
        for user in (self.user_all, self.admin):
            with self.assertRaisesRegex(UserError, "cannot be set to Draft directly"):
                feedback.with_user(user).write({"state": "draft"})
            with self.assertRaisesRegex(UserError, "set by the system only"):
                feedback.with_user(user).write({"date_responded": False})
        self.assertEqual(feedback.state, "closed")
        self.assertTrue(feedback.date_responded)
        # the statistics are still completed once answered
        as_user.quantity = 3
        self.assertEqual(feedback.quantity, 3)
