"""Days are counted where the company works: an Asia/Shanghai calendar."""

from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .common_complaint import ComplaintCase


@tagged("post_install", "-at_install")
class TestShanghaiDays(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the same Mon-Fri 9-18 calendar, in Shanghai (UTC+8)
        cls.calendar.tz = "Asia/Shanghai"

    def test_complaint_before_8_local_is_due_on_the_same_day_as_later_that_day(self):
        # Tuesday 2031-03-04 07:30 in Shanghai is Monday 23:30 UTC
        early = self._complaint(date_registered=datetime(2031, 3, 3, 23, 30))
        # Tuesday 2031-03-04 15:00 in Shanghai
        later = self._complaint(date_registered=datetime(2031, 3, 4, 7, 0))
        self.assertEqual(early.close_deadline, later.close_deadline)
        self.assertEqual(early.quality_report_deadline, later.quality_report_deadline)
        # 13 working days after Tuesday 4 March (not counted): Friday 21 March, 18:00
        # Shanghai = 10:00 UTC
        self.assertEqual(early.close_deadline, datetime(2031, 3, 21, 10, 0))

    def test_complaint_number_takes_the_local_month(self):
        # 1 April 2031 04:00 in Shanghai, still 31 March in UTC
        complaint = self._complaint(date_registered=datetime(2031, 3, 31, 20, 0))
        self.assertTrue(complaint.name.startswith("203104-"), complaint.name)

    def test_return_visit_counts_from_the_local_day_of_the_job(self):
        policy = self.env.ref("aftersales_complaint.sla_return_visit")
        policy.write({"basis": "working", "from_next_day": True})
        Visit = self.env["aftersales.return.visit"]
        # Tuesday 2026-11-24 07:00 in Shanghai (Monday 23:00 UTC) and 16:00 the same day
        early = Visit._visit_deadline(self.company, datetime(2026, 11, 23, 23, 0))
        later = Visit._visit_deadline(self.company, datetime(2026, 11, 24, 8, 0))
        self.assertEqual(early, later)
        self.assertEqual(early, date(2026, 11, 27))
        policy.write({"basis": "elapsed", "from_next_day": False})
        self.assertEqual(
            Visit._visit_deadline(self.company, datetime(2026, 11, 23, 23, 0)), date(2026, 11, 27)
        )

    def test_company_local_date(self):
        self.assertEqual(
            self.company._aftersales_local_date(datetime(2026, 12, 31, 17, 0)), date(2027, 1, 1)
        )
        self.assertEqual(
            self.company._aftersales_day_start(date(2027, 1, 1)), datetime(2026, 12, 31, 16, 0)
        )


@tagged("post_install", "-at_install")
class TestComplaintMarketAndActions(ComplaintCase):
    def test_market_from_the_customer_country(self):
        self.company.country_id = self.env.ref("base.cn")
        local = self.env["res.partner"].create(
            {"name": "Shanghai buyer", "country_id": self.env.ref("base.cn").id}
        )
        abroad = self.env["res.partner"].create(
            {"name": "Hamburg buyer", "country_id": self.env.ref("base.de").id}
        )
        self.assertEqual(self._complaint(partner_id=local.id).market, "domestic")
        foreign = self._complaint(partner_id=abroad.id)
        self.assertEqual(foreign.market, "foreign")
        # the customer moving later does not change a registered complaint
        abroad.country_id = self.env.ref("base.cn")
        self.assertEqual(foreign.market, "foreign")

    def test_actions_become_late_by_themselves(self):
        complaint = self._complaint()
        Action = self.env["aftersales.complaint.action"]
        today = self.company._aftersales_local_date()
        action = Action.create(
            {
                "complaint_id": complaint.id,
                "name": "Thicker coating",
                "user_id": self.user_all.id,
                "date_due": today,
            }
        )
        self.assertEqual(action.state, "open")
        with freeze_time(today + timedelta(days=2)):
            late = Action._cron_flag_late()
        self.assertEqual(late, action)
        self.assertEqual(action.state, "late")
        self.assertTrue(
            complaint.activity_ids.filtered(lambda a: "Thicker coating" in (a.summary or ""))
        )

    def test_monthly_statistics_count_the_complaints_closed_in_the_month(self):
        march = self._complaint(date_registered=datetime(2031, 3, 20, 2, 0))
        april = self._complaint(date_registered=datetime(2031, 4, 2, 2, 0))
        with frozen_steps():  # a fixture: closed on these days
            march.write(
                {
                    "state": "closed",
                    "decision_type": "not_established",
                    "date_closed": datetime(2031, 4, 10, 3, 0),
                }
            )
            april.write(
                {
                    "state": "closed",
                    "decision_type": "not_established",
                    "date_closed": datetime(2031, 4, 12, 3, 0),
                }
            )
        Report = self.env["aftersales.complaint.report"]
        stats = Report._get_monthly_statistics(date(2031, 4, 1), self.company)
        self.assertEqual(stats["total"], 1)
        self.assertEqual(stats["closed"], 1)
        self.assertEqual(stats["closed_in_month"], 2)
        self.assertEqual(
            Report._get_monthly_statistics(date(2031, 3, 1), self.company)["closed_in_month"], 0
        )

    def test_effectiveness_checked_after_the_action_is_done(self):
        complaint = self._complaint()
        Action = self.env["aftersales.complaint.action"]
        today = self.company._aftersales_local_date()
        action = Action.create(
            {
                "complaint_id": complaint.id,
                "name": "New supplier for the coating",
                "user_id": self.user_all.id,
                "date_due": today + timedelta(days=10),
            }
        )
        with self.assertRaisesRegex(UserError, "not done yet"):
            action.action_effective()
        action.action_done()
        self.assertEqual(action.date_effect_check, action.date_done + timedelta(days=30))
        with freeze_time(action.date_done + timedelta(days=31)):
            Action._cron_flag_late()
            Action._cron_flag_late()
        reminders = complaint.activity_ids.filtered(
            lambda a: "Check the effectiveness" in (a.summary or "")
        )
        self.assertEqual(len(reminders), 1)
        action.action_not_effective()
        self.assertEqual(action.effectiveness, "not_effective")
        self.assertTrue(
            complaint.activity_ids.filtered(lambda a: "Not effective" in (a.summary or ""))
        )
