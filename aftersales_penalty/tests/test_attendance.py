# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attendance judged by the rule book: late after the start of work, an absence after an
hour or every two lates, an unauthorised absence without check in or time off, and three
in a row open a dismissal case (acceptance scenario of the installers' rules)."""

from datetime import date, datetime, timedelta

from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.common import working_calendar

from .common import PenaltyCase

MONDAY = date(2026, 11, 2)


@tagged("post_install", "-at_install")
class TestAttendanceEntries(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.late = cls.env.ref("aftersales_penalty.rule_pn_b18_late")
        cls.absence = cls.env.ref("aftersales_penalty.rule_pn_b18_absence")
        cls.unauthorised = cls.env.ref("aftersales_penalty.rule_pn_b19")
        (cls.late | cls.absence | cls.unauthorised).active = True  # archived by the case
        calendar = working_calendar(cls.env, "ATT 9-18", tz="Asia/Shanghai", days=5)
        cls.emp_f.user_id = cls.manager
        cls.emp_e.write(
            {
                "resource_calendar_id": calendar.id,
                "tz": "Asia/Shanghai",
                "aftersales_attendance_judged": True,
                "parent_id": cls.emp_f.id,
            }
        )

    def _check_in(self, day, hour, minute):
        """A check in at ``hour:minute`` Shanghai time (UTC+8) on ``day``."""
        check_in = datetime.combine(day, datetime.min.time()) + timedelta(
            hours=hour - 8, minutes=minute
        )
        self.env["hr.attendance"].create(
            {
                "employee_id": self.emp_e.id,
                "check_in": check_in,
                "check_out": check_in + timedelta(hours=8),
            }
        )

    def _scan(self, *days):
        Rule = self.env["aftersales.penalty.rule"]
        entries = self.env["aftersales.penalty.entry"]
        for day in days:
            entries |= Rule._generate_attendance_entries(self.company, day)
        return entries

    def test_lates_absences_and_three_unauthorised_days_in_a_row(self):
        self._check_in(MONDAY, 9, 20)  # late
        self._check_in(MONDAY + timedelta(days=1), 9, 10)  # late again: an absence too
        self._check_in(MONDAY + timedelta(days=2), 10, 30)  # after 10:00: an absence
        # Thursday, Friday and next Monday: no check in, no time off
        days = [MONDAY + timedelta(days=k) for k in range(8)]
        entries = self._scan(*days)
        self.assertEqual(
            [(e.date, e.rule_id.code) for e in entries.sorted(lambda e: (e.date, e.id))],
            [
                (MONDAY, "PN-B18-L"),
                (MONDAY + timedelta(days=1), "PN-B18-L"),
                (MONDAY + timedelta(days=1), "PN-B18-A"),
                (MONDAY + timedelta(days=2), "PN-B18-A"),
                (MONDAY + timedelta(days=3), "PN-B19"),
                (MONDAY + timedelta(days=4), "PN-B19"),
                (MONDAY + timedelta(days=7), "PN-B19"),
            ],
            "nothing on the weekend",
        )
        self.assertEqual(entries.employee_id, self.emp_e)
        self.assertEqual(set(entries.mapped("state")), {"draft"})
        unauthorised = entries.filtered(lambda e: e.rule_id == self.unauthorised)
        self.assertEqual(sum(unauthorised.mapped("amount")), 150.0)
        self.assertIn("20 minutes late", entries[0].reason)
        # the third working day in a row opens a dismissal case for his manager
        cases = self.env["mail.activity"].search(
            [("res_model", "=", "hr.employee"), ("res_id", "=", self.emp_e.id)]
        )
        self.assertEqual(len(cases), 1)
        self.assertIn("Dismissal case", cases.summary)
        self.assertEqual(cases.user_id, self.manager)
        # every day is judged once
        self.assertFalse(self._scan(*days))
        self.assertEqual(
            len(
                self.env["mail.activity"].search(
                    [("res_model", "=", "hr.employee"), ("res_id", "=", self.emp_e.id)]
                )
            ),
            1,
        )

    def test_time_off_and_employees_not_judged_raise_nothing(self):
        tuesday = MONDAY + timedelta(days=1)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Approved time off",
                "resource_id": self.emp_e.resource_id.id,
                "calendar_id": self.emp_e.resource_calendar_id.id,
                "date_from": datetime.combine(tuesday, datetime.min.time()) - timedelta(hours=8),
                "date_to": datetime.combine(tuesday, datetime.max.time()) - timedelta(hours=8),
            }
        )
        self._check_in(MONDAY, 8, 55)  # on time
        self.assertFalse(self._scan(MONDAY, tuesday))
        self.emp_e.aftersales_attendance_judged = False
        self.assertFalse(self._scan(MONDAY + timedelta(days=2)))
