# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attendance judged by the penalty book (seed 003 第7篇: 迟到, 缺勤, 旷工).

For the employees whose attendance the book judges (*Attendance Judged by the Penalty
Book* on the employee), each past working day of their working schedule (Odoo's time off
and public holidays excluded) is read against their attendances (Odoo Attendances): the
first check in after the day's start is late, later than the absence rule's Threshold
minutes (60) an absence (缺勤), and every Threshold-th late of a month (the second) one
more absence; no check in at all is an unauthorised absence (旷工), and Threshold
unauthorised absences on consecutive working days (three) open a dismissal case: a to-do
for the employee's manager. Each day is judged once (``origin_key``); entries are drafts
a manager approves or cancels.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step
from odoo.addons.aftersales_service.models.res_company import in_company_language

# past days the daily scan looks at again (a check in recorded late)
ATTENDANCE_SCAN_DAYS = 7


class AftersalesPenaltyRule(models.Model):
    _inherit = "aftersales.penalty.rule"

    attendance_event = fields.Selection(
        [
            ("late", "Late for work"),
            ("absence", "Absence (very late, or late too often)"),
            ("unauthorised_absence", "Unauthorised absence (no check in, no time off)"),
        ],
        string="Raised by Attendance",
        help="The daily scan of the attendances drafts an entry of this rule, for the "
        "employees whose attendance the book judges: late (first check in after the start "
        "of the working day; Threshold: how many lates in a month make an absence, 2); an "
        "absence (a check in more than Threshold minutes late, 60, or the lates above); an "
        "unauthorised absence (a working day without check in or time off; Threshold: "
        "consecutive days opening a dismissal case, 3).",
    )

    # ------------------------------------------------------------------ the days
    @api.model
    def _working_day_starts(self, employees, day):
        """``{employee: start}`` (UTC, naive) of the working time of ``employees`` on
        ``day``, time off and public holidays excluded; the employees not working that day
        are left out. One calendar computation per working schedule and time zone."""
        groups = defaultdict(lambda: self.env["hr.employee"])
        for employee in employees:
            calendar = employee.resource_calendar_id or employee.company_id.resource_calendar_id
            if calendar:
                groups[calendar, employee.tz or calendar.tz or "UTC"] |= employee
        starts = {}
        for (calendar, tz_name), members in groups.items():
            tz = pytz.timezone(tz_name)
            start = tz.localize(datetime.combine(day, time.min))
            intervals = calendar._work_intervals_batch(
                start, start + timedelta(days=1), resources=members.resource_id, tz=tz
            )
            for employee in members:
                begins = [interval[0] for interval in intervals[employee.resource_id.id]]
                if begins:
                    starts[employee] = min(begins).astimezone(pytz.utc).replace(tzinfo=None)
        return starts

    @api.model
    def _working_day_start(self, employee, day):
        """The start (UTC, naive) of ``employee``'s working time on ``day``, or None."""
        return self._working_day_starts(employee, day).get(employee)

    @api.model
    def _previous_working_days(self, employee, day, count):
        """The ``count`` working days of ``employee`` before ``day`` (most recent first),
        looking back at most five weeks."""
        days = []
        probe = day
        for __ in range(35):
            probe -= timedelta(days=1)
            if self._working_day_start(employee, probe):
                days.append(probe)
                if len(days) == count:
                    break
        return days

    # ------------------------------------------------------------------ the scan
    @api.model
    @frozen_step
    def _generate_attendance_entries(self, company, day):
        """Draft the attendance entries of ``company`` for ``day``; rerun-safe."""
        rules = self.search(
            [("company_id", "in", [company.id, False]), ("attendance_event", "!=", False)],
            order="id",
        )
        by_event = {}
        for rule in rules:
            by_event.setdefault(rule.attendance_event, rule)
        if not by_event:
            return self.env["aftersales.penalty.entry"]
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search([("company_id", "=", company.id), ("aftersales_attendance_judged", "=", True)])
        )
        Entry = self.env["aftersales.penalty.entry"].sudo()
        Attendance = self.env["hr.attendance"].sudo()
        vals_list = []
        dismissals = []
        starts = self._working_day_starts(employees, day)
        # the first check in of each working employee around his day, in one search
        firsts = {}
        if starts:
            for attendance in Attendance.search(
                [
                    ("employee_id", "in", [employee.id for employee in starts]),
                    ("check_in", ">=", min(starts.values()) - timedelta(hours=6)),
                    ("check_in", "<", max(starts.values()) + timedelta(hours=18)),
                ],
                order="check_in",
            ):
                start = starts[attendance.employee_id]
                if start - timedelta(hours=6) <= attendance.check_in < start + timedelta(hours=18):
                    firsts.setdefault(attendance.employee_id, attendance)
        # the lates already recorded this month, per employee
        late_rule = by_event.get("late")
        lates_before = (
            dict(
                Entry._read_group(
                    [
                        ("company_id", "=", company.id),
                        ("employee_id", "in", [employee.id for employee in starts]),
                        ("rule_id", "=", late_rule.id),
                        ("state", "in", ("draft", "approved", "applied")),
                        ("is_reversal", "=", False),
                        ("date", ">=", day.replace(day=1)),
                        ("date", "<", day),
                    ],
                    ["employee_id"],
                    ["__count"],
                )
            )
            if late_rule and starts
            else {}
        )
        for employee, start in starts.items():
            first = firsts.get(employee)
            found = []  # (rule, key suffix, reason)
            if not first:
                rule = by_event.get("unauthorised_absence")
                if rule:
                    found.append(
                        (
                            rule,
                            "",
                            self.env._(
                                "%(employee)s: no check in on %(day)s, a working day without "
                                "time off.",
                                employee=employee.name,
                                day=day,
                            ),
                        )
                    )
            elif first.check_in > start:
                minutes = int((first.check_in - start).total_seconds() // 60)
                absence = by_event.get("absence")
                late = by_event.get("late")
                if absence and minutes > (absence.threshold or 60):
                    found.append(
                        (
                            absence,
                            "",
                            self.env._(
                                "%(employee)s: checked in %(minutes)s minutes after the start "
                                "of work on %(day)s, an absence.",
                                employee=employee.name,
                                minutes=minutes,
                                day=day,
                            ),
                        )
                    )
                elif late:
                    found.append(
                        (
                            late,
                            "",
                            self.env._(
                                "%(employee)s: checked in %(minutes)s minutes late on %(day)s.",
                                employee=employee.name,
                                minutes=minutes,
                                day=day,
                            ),
                        )
                    )
                    lates = 1 + lates_before.get(employee, 0)
                    if absence and lates % (late.threshold or 2) == 0:
                        found.append(
                            (
                                absence,
                                ":lates",
                                self.env._(
                                    "%(employee)s: late %(count)s times this month, an "
                                    "absence (%(day)s).",
                                    employee=employee.name,
                                    count=lates,
                                    day=day,
                                ),
                            )
                        )
            for rule, suffix, reason in found:
                vals_list.append(
                    {
                        "company_id": company.id,
                        "rule_id": rule.id,
                        "target_type": "employee",
                        "employee_id": employee.id,
                        "date": day,
                        "quantity": 1.0,
                        "reason": reason,
                        "origin_key": f"att:{rule.id}:{employee.id}:{day}{suffix}",
                    }
                )
                if rule.attendance_event == "unauthorised_absence":
                    dismissals.append((employee, rule))
        existing = Entry._existing_origin_keys(company, [v["origin_key"] for v in vals_list])
        entries = Entry.create([v for v in vals_list if v["origin_key"] not in existing])
        for employee, rule in dismissals:
            self._open_dismissal_case(employee, rule, day)
        return entries

    @api.model
    def _open_dismissal_case(self, employee, rule, day):
        """A to-do for the employee's manager (else the penalty managers') once the
        employee is absent without leave ``threshold`` working days in a row."""
        days = [day, *self._previous_working_days(employee, day, (rule.threshold or 3) - 1)]
        keys = [f"att:{rule.id}:{employee.id}:{absent}" for absent in days]
        recorded = (
            self.env["aftersales.penalty.entry"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", employee.company_id.id),
                    ("origin_key", "in", keys),
                    ("state", "in", ("draft", "approved", "applied")),
                ]
            )
        )
        if recorded < len(days):
            return
        summary = self.env._(
            "Dismissal case: %(count)s working days of unauthorised absence in a row",
            count=len(days),
        )
        Activity = self.env["mail.activity"].sudo()
        if Activity.search_count(
            [
                ("res_model", "=", "hr.employee"),
                ("res_id", "=", employee.id),
                ("summary", "=", summary),
            ]
        ):
            return
        user = (
            employee.parent_id.user_id
            or self.env.ref("aftersales_penalty.group_penalty_manager").users[:1]
        )
        employee.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=self.env._(
                "%(employee)s was absent without time off on %(days)s: the rule book makes "
                "it a dismissal case.",
                employee=employee.name,
                days=", ".join(str(absent) for absent in sorted(days)),
            ),
            user_id=user.id or self.env.uid,
        )

    @api.model
    @in_company_language
    def _cron_generate_attendance_entries(self):
        for company in self.env["res.company"].search([]):
            today = company._aftersales_local_date(fields.Datetime.now())
            for back in range(ATTENDANCE_SCAN_DAYS, 0, -1):
                self.with_company(company)._generate_attendance_entries(
                    company, today - relativedelta(days=back)
                )
