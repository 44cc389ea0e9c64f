# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One deadline engine for every timed duty of the after-sales documents.

A model inherits ``aftersales.sla.mixin`` and lists its duties in
:meth:`AftersalesSlaMixin._sla_duty_specs`: for each duty code, its label, the fields
holding its start, the moment it was met and its deadline, and, for the scheduled sweep,
the domain of the records still bound by it and the reason written when it is missed. The
targets come from the service level policies (``aftersales.sla.policy``, data a manager
edits): the first matching policy of each record sets its deadline, computed here in batch
on the working calendar (in the calendar's time zone) or on the clock. One scheduled action
(:meth:`AftersalesSlaPolicy._cron_sweep`) flags the records whose deadline passed with the
duty undone, through each model's :meth:`_sla_on_late`.

A new deadline: add its code to the model's ``_sla_duty_specs``, a stored deadline field
computed with :meth:`_sla_deadlines`, and ship its policy in the addon's data.
"""

import bisect
from datetime import timedelta

import pytz

from odoo import api, fields, models

PLAN_WINDOW = timedelta(days=14)  # the window of resource.calendar.plan_hours


def _plan_hours_batch(calendar, items):
    """``calendar.plan_hours(hours, start, compute_leaves=True)`` for each ``(start,
    hours)`` of ``items`` (naive UTC, hours >= 0), with one read of the work intervals
    for the whole span. The intervals are cut at the same 14-day windows as
    ``plan_hours`` so that the arithmetic, and so the result, is the same. ``None``
    where the span read is too short: the caller falls back to ``plan_hours``.

    Bought for speed: a batch of requests reads the calendar's intervals once instead of
    once per request (bench/: registering 1,000 requests)."""
    starts = [start.replace(tzinfo=pytz.utc) for start, __ in items]
    span_end = max(starts) + PLAN_WINDOW
    intervals = [
        (begin, stop)
        for begin, stop, __ in calendar._work_intervals_batch(min(starts), span_end)[False]
    ]
    stops = [stop for __, stop in intervals]
    result = []
    for start, (__, hours) in zip(starts, items, strict=True):
        deadline = None
        if hours >= 0:
            index = bisect.bisect_right(stops, start)
            boundary = start + PLAN_WINDOW
            for begin, stop in intervals[index:]:
                begin = max(begin, start)
                while begin < stop and deadline is None:
                    while boundary <= begin:
                        boundary += PLAN_WINDOW
                    piece_end = min(stop, boundary)
                    interval_hours = (piece_end - begin).total_seconds() / 3600
                    if hours <= interval_hours:
                        deadline = begin + timedelta(hours=hours)
                    elif piece_end >= span_end:
                        break
                    hours -= interval_hours
                    begin = piece_end
                if deadline is not None or stop >= span_end:
                    break
        result.append(deadline and deadline.astimezone(pytz.utc).replace(tzinfo=None))
    return result


class AftersalesSlaMixin(models.AbstractModel):
    _name = "aftersales.sla.mixin"
    _description = "After-Sales Timed Duties"

    # ------------------------------------------------------------------ declaration
    @api.model
    def _sla_duty_specs(self):
        """``{code: spec}`` of the model's timed duties. A spec holds ``label``, ``start``
        (field of the moment the duty starts), ``done`` (field set when it is met),
        ``deadline`` (the stored deadline field), and for the sweep ``open`` (domain of
        the records still bound by it) and ``late`` (the reason recorded when missed);
        ``sweep: False`` leaves the duty to the model's own follow-up."""
        return {}

    def _sla_on_late(self, duty, reason):
        """Hook of the sweep: ``self`` missed ``duty``; flag it, tell someone."""

    @api.model
    def _sla_sweep_domain(self):
        """Records the sweep looks at, whatever the duty (e.g. not yet flagged)."""
        return []

    def _sla_target_override(self, duty):
        """Hook: ``(target, unit, basis)`` the record's own agreement sets for ``duty``
        (e.g. a maintenance contract's response time), winning over the policies."""
        return None

    # ------------------------------------------------------------------ policies
    def _sla_policies(self, duty):
        """``{record: policy}``: the first policy of ``duty`` (by sequence) whose company
        and domain match each record of ``self``."""
        Policy = self.env["aftersales.sla.policy"].sudo()
        policies = Policy.search(
            [
                ("duty", "=", f"{self._name}:{duty}"),
                ("company_id", "in", [False, *self.company_id.ids]),
            ]
        )
        result = {}
        remaining = self
        for policy in policies:
            if not remaining:
                break
            candidates = remaining.filtered(
                lambda r, p=policy: not p.company_id or r.company_id == p.company_id
            )
            matched = candidates.filtered_domain(policy._parsed_domain())
            for record in matched:
                result[record] = policy
            remaining -= matched
        return result

    def _sla_deadlines(self, duty, starts=None):
        """``{record: deadline}`` of ``duty`` for the records of ``self``, each from its
        start (``starts[record]``, default the duty's start field) and its policy; False
        where no start or no policy. Working time is counted in batch per calendar."""
        spec = self._sla_duty_specs()[duty]
        if starts is None:
            starts = {record: record[spec["start"]] for record in self}
        policies = self._sla_policies(duty)
        result = {}
        batches = {}  # calendar: [(record, start, hours)]
        for record in self:
            start = starts.get(record)
            policy = policies.get(record)
            override = record._sla_target_override(duty)
            result[record] = False
            if not start or not (policy or override):
                continue
            company = record.company_id or self.env.company
            if override:
                target, unit, basis = override
                calendar, from_next_day = company._aftersales_calendar(), False
            else:
                target, unit, basis = policy.target, policy.unit, policy.basis
                calendar = policy.calendar_id or company._aftersales_calendar()
                from_next_day = policy.from_next_day
            if basis == "elapsed" or not calendar:
                result[record] = start + (
                    timedelta(hours=target) if unit == "hours" else timedelta(days=target)
                )
            elif unit == "days" and from_next_day:
                result[record] = company._aftersales_working_days_after(start, target, calendar)
            else:
                hours = target if unit == "hours" else target * (calendar.hours_per_day or 8.0)
                batches.setdefault(calendar, []).append((record, start, hours))
        for calendar, items in batches.items():
            if calendar.flexible_hours or len(items) == 1:
                planned = [None] * len(items)
            else:
                planned = _plan_hours_batch(
                    calendar, [(start, hours) for __, start, hours in items]
                )
            for (record, start, hours), deadline in zip(items, planned, strict=True):
                result[record] = (
                    deadline
                    or calendar.plan_hours(hours, start, compute_leaves=True)
                    or start + timedelta(hours=hours)
                )
        # to the second, as stored (a calendar's 24:00 is 23:59:59.999999)
        return {
            record: deadline and (deadline + timedelta(microseconds=500000)).replace(microsecond=0)
            for record, deadline in result.items()
        }

    def _sla_policy_of(self, duty):
        """The policy setting ``duty`` of this record (False under its own agreement)."""
        self.ensure_one()
        return self._sla_policies(duty).get(self, self.env["aftersales.sla.policy"])

    # ------------------------------------------------------------------ sweep
    @api.model
    def _sla_sweep(self, now=None):
        """Flag the records of every duty whose deadline passed with the duty undone."""
        now = now or fields.Datetime.now()
        for duty, spec in self._sla_duty_specs().items():
            if not spec.get("sweep", True):
                continue
            late = self.search(
                [
                    *self._sla_sweep_domain(),
                    *spec.get("open", []),
                    (spec["done"], "=", False),
                    (spec["deadline"], "<", now),
                ]
            )
            if late:
                late._sla_on_late(duty, spec.get("late") or spec["label"])
        return True
