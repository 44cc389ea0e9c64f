# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

import pytz

from odoo import api, models, tools


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "aftersales.registry.cache.mixin"]

    @api.model
    @tools.ormcache(
        "calendar_id", "day_start", "days", "self.env.su", "tuple(self.env.companies.ids)"
    )
    def _aftersales_plan_days(self, calendar_id, day_start, days):
        """``plan_days(days, day_start, compute_leaves=True)`` of the calendar, computed once
        per process for a start and a number of days: a deadline in working days starts at
        the beginning of a day, so every document of that day shares it (a complaint's
        deadlines, a return visit's). The leaves counted are those the caller reads (its
        companies), as without the cache. The cache is cleared when a calendar, its working
        hours or a leave changes."""
        calendar = self.browse(calendar_id)
        return calendar._aftersales_end_of_day(
            calendar.plan_days(days, day_start, compute_leaves=True)
        )

    def _aftersales_end_of_day(self, moment):
        """The end of the last working interval of the day of ``moment`` (naive UTC), its
        leaves counted. Odoo's ``plan_days`` gives the end of that day's *first* interval:
        with a lunch break (08:00-12:00, 13:00-17:00) a deadline of N working days would fall
        at noon of its last day instead of its evening."""
        self.ensure_one()
        if not moment:
            return moment
        tz = pytz.timezone(self.tz or "UTC")
        local_day = pytz.utc.localize(moment).astimezone(tz).date()
        start = tz.localize(datetime.combine(local_day, time.min))
        intervals = self._aftersales_work_intervals(self.id, start, start + timedelta(days=1))
        ends = [stop for begin, stop in intervals if begin.astimezone(tz).date() == local_day]
        if not ends:
            return moment
        return max(max(ends).astimezone(pytz.utc).replace(tzinfo=None), moment)

    @api.model
    @tools.ormcache("calendar_id", "start", "stop", "self.env.su", "tuple(self.env.companies.ids)")
    def _aftersales_work_intervals(self, calendar_id, start, stop):
        """The calendar's working intervals from ``start`` to ``stop`` (aware datetimes),
        its leaves counted, as a tuple of ``(begin, end)``; computed once per process for a
        span: the deadline engine asks for whole days, shared by every document of those
        days. Cleared as :meth:`_aftersales_plan_days`."""
        intervals = self.browse(calendar_id)._work_intervals_batch(start, stop)[False]
        return tuple((begin, end) for begin, end, __ in intervals)
