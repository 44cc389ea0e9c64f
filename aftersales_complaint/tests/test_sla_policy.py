# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The complaint's deadlines come from service level policies a manager edits."""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from .common_complaint import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintServiceLevels(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sla_manager = new_test_user(
            cls.env,
            login="cp_sla_mgr",
            groups="aftersales_service.group_aftersales_manager",
            name="Service Manager",
        )

    def test_policy_edited_in_the_form_changes_the_next_deadline(self):
        policy = self.env.ref("aftersales_complaint.sla_complaint_close_domestic")
        before = self._complaint(date_registered=self._dt("2031-03-03 10:00:00"))
        self.assertEqual(before.close_deadline, self._dt("2031-03-20 18:00:00"))
        with self.assertRaises(AccessError):
            policy.with_user(self.user_all).write({"target": 5})
        with Form(policy.with_user(self.sla_manager)) as form:
            form.target = 5
        after = self._complaint(date_registered=self._dt("2031-03-03 10:00:00"))
        # 5 working days after Monday 3 March: Monday 10 March, end of day
        self.assertEqual(after.close_deadline, self._dt("2031-03-10 18:00:00"))
        self.assertEqual(before.close_deadline, self._dt("2031-03-20 18:00:00"))

    def test_foreign_policy_wins_by_sequence(self):
        foreign = self._complaint(date_registered=self._dt("2031-03-03 10:00:00"), market="foreign")
        self.assertEqual(
            foreign._sla_policy_of("close"),
            self.env.ref("aftersales_complaint.sla_complaint_close_foreign"),
        )
        # 17 working days after Monday 3 March (Mon-Fri): Wednesday 26 March
        self.assertEqual(foreign.close_deadline, self._dt("2031-03-26 18:00:00"))

    def test_days_are_counted_in_the_calendar_time_zone(self):
        """Registered at 07:30 in Shanghai (23:30 UTC the day before): the registration day
        is the Shanghai day; the deadline is the end of a Shanghai working day."""
        self.calendar.tz = "Asia/Shanghai"
        complaint = self._complaint(date_registered=self._dt("2031-03-02 23:30:00"))
        # Monday 3 March in Shanghai; 13 working days later: Thursday 20 March 18:00
        # Shanghai = 10:00 UTC
        self.assertEqual(complaint.close_deadline, self._dt("2031-03-20 10:00:00"))
        handling = self.env.ref("aftersales_complaint.sla_complaint_handling")
        handling.write({"basis": "working", "target": 2})
        with freeze_time("2031-03-02 23:30:00"):
            early = self._complaint(date_registered=self._dt("2031-03-02 23:30:00"))
        # 2 working hours from 09:00 Shanghai (01:00 UTC) on Monday
        self.assertEqual(early.handling_deadline, self._dt("2031-03-03 03:00:00"))

    def test_stage_policy_with_its_own_calendar(self):
        """A stage policy may count on another calendar (e.g. the factory's 24/7 shifts)."""
        shifts = self.env["resource.calendar"].create(
            {
                "name": "Factory 24/7",
                "company_id": False,
                "tz": "UTC",
                "hours_per_day": 24,
                "attendance_ids": [(5, 0, 0)]
                + [
                    (0, 0, {"name": str(d), "dayofweek": str(d), "hour_from": 0, "hour_to": 24})
                    for d in range(7)
                ],
            }
        )
        self.env.ref("aftersales_complaint.sla_complaint_stage_quality").calendar_id = shifts
        with freeze_time("2031-03-07 17:00:00"):  # a Friday
            complaint = self._complaint(date_registered=self._dt("2031-03-07 17:00:00"))
            complaint.action_next_stage()
        self.assertEqual(complaint.state, "quality")
        # one day of 24 working hours through the weekend
        self.assertEqual(complaint.stage_deadline, self._dt("2031-03-08 17:00:00"))

    def test_waiting_for_the_customer_moves_close_and_stage_targets(self):
        """Paused on Monday 11:00 until Tuesday 11:00 (9 working hours of the Mon-Fri 9-18
        calendar): the closing and the stage targets move on by those 9 working hours."""
        with freeze_time("2031-03-03 10:00:00"):
            complaint = self._complaint(date_registered=self._dt("2031-03-03 10:00:00"))
        self.assertEqual(complaint.close_deadline, self._dt("2031-03-20 18:00:00"))
        self.assertEqual(complaint.stage_deadline, self._dt("2031-03-03 14:30:00"))
        with freeze_time("2031-03-03 11:00:00"):
            complaint.with_user(self.user_all)._sla_pause("Waiting for the customer's photos")
        self.assertEqual(complaint.sla_pause_ids.duties.split(",").count("close"), 1)
        with freeze_time("2031-03-04 11:00:00"):
            complaint.with_user(self.user_all).action_sla_resume()
        self.assertEqual(complaint.close_deadline, self._dt("2031-03-21 18:00:00"))
        self.assertEqual(complaint.stage_deadline, self._dt("2031-03-04 14:30:00"))
        self.assertIn("The customer answered", complaint.message_ids[0].body)
