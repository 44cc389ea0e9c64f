# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models, tools


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

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
        return self.browse(calendar_id).plan_days(days, day_start, compute_leaves=True)

    @api.model
    @tools.ormcache("calendar_id", "start", "stop", "self.env.su", "tuple(self.env.companies.ids)")
    def _aftersales_work_intervals(self, calendar_id, start, stop):
        """The calendar's working intervals from ``start`` to ``stop`` (aware datetimes),
        its leaves counted, as a tuple of ``(begin, end)``; computed once per process for a
        span: the deadline engine asks for whole days, shared by every document of those
        days. Cleared as :meth:`_aftersales_plan_days`."""
        intervals = self.browse(calendar_id)._work_intervals_batch(start, stop)[False]
        return tuple((begin, end) for begin, end, __ in intervals)

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    # only the leaves of no resource (public holidays, the company's closures) count in
    # the deadlines: a person's time off does not clear the cache

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if any(not vals.get("resource_id") for vals in vals_list):
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        general = any(not leave.resource_id for leave in self)
        res = super().write(vals)
        if general or ("resource_id" in vals and not vals["resource_id"]):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        general = any(not leave.resource_id for leave in self)
        res = super().unlink()
        if general:
            self.env.registry.clear_cache()
        return res
