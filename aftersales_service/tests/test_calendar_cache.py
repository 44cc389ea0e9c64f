from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.modules.registry import Registry
from odoo.tests import TransactionCase, tagged

from odoo.addons.aftersales_service.models.aftersales_sla_mixin import _plan_hours_batch

from .common import working_calendar


@tagged("post_install", "-at_install")
class TestCalendarCache(TransactionCase):
    """The working time the deadlines are counted on is kept per process (the documents
    of a day share it), and a change of the calendar, its hours or its leaves is seen by
    the next deadline: never a deadline computed on yesterday's calendar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.calendar = working_calendar(
            cls.env,
            "Cache test: Mon-Fri 9-17 (Shanghai)",
            tz="Asia/Shanghai",
            days=5,
            hours=(9, 17),
            company=cls.company,
        )
        # Monday 2031-03-03, 10:00 in Shanghai
        cls.moment = datetime(2031, 3, 3, 2, 0)

    def _days(self, days):
        return self.company._aftersales_working_days_after(self.moment, days, self.calendar)

    def _hours(self, hours):
        return _plan_hours_batch(self.calendar, [(self.moment, hours)])[0]

    def _plain_hours(self, hours):
        """Odoo's own computation, without any cache."""
        return self.calendar.plan_hours(hours, self.moment, compute_leaves=True)

    def _public_holiday(self, day):
        return self.env["resource.calendar.leaves"].create(
            {
                "name": "Cache test holiday",
                "calendar_id": self.calendar.id,
                "company_id": self.company.id,
                "date_from": datetime.combine(day, datetime.min.time()) - timedelta(hours=8),
                "date_to": datetime.combine(day, datetime.max.time()) - timedelta(hours=8),
            }
        )

    def test_working_days_follow_a_new_holiday_and_its_removal(self):
        # 2 working days after Monday: Wednesday's end (17:00 Shanghai = 09:00 UTC)
        self.assertEqual(self._days(2), datetime(2031, 3, 5, 9, 0))
        self.assertEqual(self._days(2), datetime(2031, 3, 5, 9, 0), "same from the cache")
        holiday = self._public_holiday(datetime(2031, 3, 4).date())
        self.assertEqual(self._days(2), datetime(2031, 3, 6, 9, 0), "Tuesday off: Thursday")
        holiday.date_to = holiday.date_from + timedelta(hours=1)
        self.assertEqual(self._days(2), datetime(2031, 3, 5, 9, 0), "the leave shortened")
        holiday.unlink()
        self.assertEqual(self._days(2), datetime(2031, 3, 5, 9, 0))

    def test_a_working_day_ends_in_its_evening_whatever_its_lunch_break(self):
        """Odoo's ``plan_days`` stops at the end of the day's first interval: with a lunch
        break the deadline of N working days is the evening of its last day, not noon."""
        split = self.env["resource.calendar"].create(
            {
                "name": "Lunch break: Mon-Fri 8-12, 13-17 (Shanghai)",
                "tz": "Asia/Shanghai",
                "company_id": self.company.id,
                "attendance_ids": [(5, 0, 0)]
                + [
                    (
                        0,
                        0,
                        {
                            "name": f"{d} {f}",
                            "dayofweek": str(d),
                            "hour_from": f,
                            "hour_to": t,
                            "day_period": period,
                        },
                    )
                    for d in range(5)
                    for f, t, period in ((8, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )
        # 2 working days after Monday: Wednesday 17:00 in Shanghai = 09:00 UTC
        self.assertEqual(
            self.company._aftersales_working_days_after(self.moment, 2, split),
            datetime(2031, 3, 5, 9, 0),
        )

    def test_working_hours_follow_the_calendar_hours_and_leaves(self):
        # 10 working hours from Monday 10:00: Monday 7 h, Tuesday 3 h -> Tuesday 12:00
        self.assertEqual(self._hours(10), datetime(2031, 3, 4, 4, 0))
        self.assertEqual(self._hours(10), self._plain_hours(10))
        self._public_holiday(datetime(2031, 3, 4).date())
        self.assertEqual(self._hours(10), datetime(2031, 3, 5, 4, 0), "Tuesday off")
        self.assertEqual(self._hours(10), self._plain_hours(10))
        self.calendar.attendance_ids.write({"hour_to": 18})
        # Monday 8 h, Tuesday off, Wednesday 2 h -> Wednesday 11:00
        self.assertEqual(self._hours(10), datetime(2031, 3, 5, 3, 0))
        self.assertEqual(self._hours(10), self._plain_hours(10))
        self.calendar.tz = "UTC"
        self.assertEqual(self._hours(10), self._plain_hours(10), "the calendar's time zone")
        self.assertNotEqual(self._hours(10), datetime(2031, 3, 5, 3, 0))

    def test_a_persons_time_off_keeps_the_cache(self):
        resource = self.env["resource.resource"].create(
            {"name": "Cache test technician", "calendar_id": self.calendar.id}
        )
        day = datetime(2031, 3, 4)
        with patch.object(Registry, "clear_cache") as clear:
            leave = self.env["resource.calendar.leaves"].create(
                {
                    "name": "Time off",
                    "calendar_id": self.calendar.id,
                    "resource_id": resource.id,
                    "date_from": day,
                    "date_to": day + timedelta(hours=8),
                }
            )
            leave.date_to = day + timedelta(hours=4)
            leave.unlink()
        clear.assert_not_called()
        with patch.object(Registry, "clear_cache") as clear:
            self._public_holiday(day.date())
        clear.assert_called()

    def test_the_company_day_follows_its_time_zone_changes(self):
        """The company's time zone is kept per process too: a new calendar, another zone on
        the calendar, or (without any calendar) the company partner's zone is seen at once."""
        company = self.company
        company.aftersales_calendar_id = self.calendar
        late_evening = datetime(2031, 3, 3, 20, 0)  # 04:00 on the 4th in Shanghai
        self.assertEqual(company._aftersales_tz(), "Asia/Shanghai")
        self.assertEqual(str(company._aftersales_local_date(late_evening)), "2031-03-04")
        self.calendar.tz = "America/New_York"
        self.assertEqual(str(company._aftersales_local_date(late_evening)), "2031-03-03")
        company.aftersales_calendar_id = working_calendar(self.env, "Tokyo", tz="Asia/Tokyo")
        self.assertEqual(company._aftersales_tz(), "Asia/Tokyo")
        company.write({"aftersales_calendar_id": False, "resource_calendar_id": False})
        company.partner_id.tz = "Europe/Paris"
        self.assertEqual(company._aftersales_tz(), "Europe/Paris")
        company.partner_id.tz = "Asia/Shanghai"
        self.assertEqual(company._aftersales_tz(), "Asia/Shanghai")
