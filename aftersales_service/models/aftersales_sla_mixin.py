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
from datetime import datetime, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_frozen_mixin import frozen_step, in_frozen_step, without_defaults
from .res_company import cron_batch, lock_for_cron

PLAN_WINDOW = timedelta(days=14)  # the window of resource.calendar.plan_hours


def _plan_hours_batch(calendar, items):
    """``calendar.plan_hours(hours, start, compute_leaves=True)`` for each ``(start,
    hours)`` of ``items`` (naive UTC, hours >= 0), with one read of the work intervals
    for the whole span. The intervals are cut at the same 14-day windows as
    ``plan_hours`` so that the arithmetic, and so the result, is the same. ``None``
    where the span read is too short: the caller falls back to ``plan_hours``.

    Bought for speed: a batch of requests reads the calendar's intervals once instead of
    once per request (bench/: registering 1,000 requests), and the intervals of whole
    days are kept per process (``resource.calendar._aftersales_work_intervals``): the
    documents of a day share them (issue 22: a complaint filed on the portal)."""
    starts = [start.replace(tzinfo=pytz.utc) for start, __ in items]
    day = timedelta(days=1)
    span_start = min(starts).replace(hour=0, minute=0, second=0, microsecond=0)
    span_end = (max(starts) + PLAN_WINDOW).replace(hour=0, minute=0, second=0, microsecond=0)
    span_end += day
    intervals = list(calendar._aftersales_work_intervals(calendar.id, span_start, span_end))
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

    sla_paused = fields.Boolean(
        string="Waiting for the Customer",
        copy=False,
        readonly=True,
        index=True,
        help="The clock of the open deadlines is stopped until the customer answers.",
    )
    sla_pause_ids = fields.One2many(
        "aftersales.sla.pause",
        "res_id",
        string="Waiting Times",
        domain=lambda self: [("res_model", "=", self._name)],
        readonly=True,
    )

    # ------------------------------------------------------------------ the pause flag
    # set and cleared by the pause and resume buttons only, which record the waiting
    # time (a record typed as paused would stop its clock without any trace)
    def _sla_pause_typed_error(self):
        return UserError(
            self.env._(
                "%(field)s of %(document)s is set by the Wait for Customer and Resume "
                "buttons only.",
                field=self._fields["sla_paused"]._description_string(self.env),
                document=self.env["ir.model"]._get(self._name).name,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        self = without_defaults(self, {"sla_paused"})
        if not (in_frozen_step() or not self.pool.ready) and any(
            vals.get("sla_paused") for vals in vals_list
        ):
            raise self._sla_pause_typed_error()
        return super().create(vals_list)

    def write(self, vals):
        if (
            "sla_paused" in vals
            and not (in_frozen_step() or not self.pool.ready)
            and any(record.sla_paused != bool(vals["sla_paused"]) for record in self)
        ):
            raise self._sla_pause_typed_error()
        return super().write(vals)

    # ------------------------------------------------------------------ declaration
    @api.model
    def _sla_duty_specs(self):
        """``{code: spec}`` of the model's timed duties. A spec holds ``label``, ``start``
        (field of the moment the duty starts), ``done`` (field set when it is met),
        ``deadline`` (the stored deadline field), and for the sweep ``open`` (domain of
        the records still bound by it) and ``late`` (the reason recorded when missed);
        ``sweep: False`` leaves the duty to the model's own follow-up, ``report: False``
        keeps it out of the service level analysis; ``date: True`` marks a deadline kept as
        a day (a Date field, computed with :meth:`_sla_due_dates`); ``start: None`` a duty
        whose start is not a field of the model."""
        return {}

    def _sla_on_late(self, duty, reason):
        """Hook of the sweep: ``self`` missed ``duty``; flag it, tell someone."""

    @api.model
    def _sla_late_text(self, duty):
        """What a missed ``duty`` is called, in the environment's language."""
        spec = self._sla_duty_specs().get(duty, {})
        return spec.get("late") or spec.get("label") or duty

    @api.model
    def _sla_sweep_domain(self):
        """Records the sweep looks at, whatever the duty (e.g. not yet flagged)."""
        return []

    # True when :meth:`_sla_on_late` takes the records out of :meth:`_sla_sweep_domain`
    # (they are flagged): the scheduled sweep may then take them in committed batches
    # (a batch found again would never end)
    _sla_sweep_batched = False

    @api.model
    def _sla_report_user_field(self):
        """The field of the person answering for the record's duties (the analysis)."""
        return "user_id" if "user_id" in self._fields else None

    def _sla_check_pausable(self):
        """Hook: raise when the record may not wait on the customer (e.g. it is closed)."""

    def _sla_target_override(self, duty):
        """Hook: ``(target, unit, basis)`` the record's own agreement sets for ``duty``
        (e.g. a maintenance contract's response time), winning over the policies."""
        return None

    # ------------------------------------------------------------------ policies
    def _sla_policies(self, duty):
        """``{record: policy}``: the first policy of ``duty`` (by sequence) whose company
        and domain match each record of ``self``."""
        policies = self.env["aftersales.sla.policy"]._policies_for(
            self._name, duty, self.company_id
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
            if unit == "minutes":
                target, unit = target / 60.0, "hours"
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
            if calendar.flexible_hours:
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
        self._sla_add_pauses(duty, result, policies, starts)
        # to the second, as stored (a calendar's 24:00 is 23:59:59.999999)
        return {
            record: deadline and (deadline + timedelta(microseconds=500000)).replace(microsecond=0)
            for record, deadline in result.items()
        }

    def _sla_add_pauses(self, duty, result, policies, starts):
        """Move ``result`` (``{record: deadline}``) on by the finished pauses of each
        record during which ``duty`` was open, from its start on: the working hours paused
        on a working-time policy's calendar, the clock's time otherwise."""
        ids = [record.id for record in self if isinstance(record.id, int)]
        if not ids:
            return
        pauses = (
            self.env["aftersales.sla.pause"]
            .sudo()
            .search(
                [("res_model", "=", self._name), ("res_id", "in", ids), ("date_end", "!=", False)],
                order="date_start",
            )
        )
        for record in self:
            deadline = result.get(record)
            mine = pauses.filtered(lambda p, r=record: p.res_id == r.id and duty in p._duty_codes())
            if not deadline or not mine:
                continue
            policy = policies.get(record)
            company = record.company_id or self.env.company
            working = policy and policy.basis == "working"
            calendar = working and (policy.calendar_id or company._aftersales_calendar())
            for pause in mine:
                begin = max(pause.date_start, starts[record])
                if begin >= pause.date_end:
                    continue
                if not calendar:
                    deadline += pause.date_end - begin
                    continue
                hours = calendar.get_work_hours_count(
                    begin.replace(tzinfo=pytz.utc),
                    pause.date_end.replace(tzinfo=pytz.utc),
                    compute_leaves=True,
                )
                if hours:
                    deadline = calendar.plan_hours(hours, deadline, compute_leaves=True)
            result[record] = deadline

    def _sla_open_duties(self):
        """Codes of the record's duties not met yet."""
        self.ensure_one()
        return [code for code, spec in self._sla_duty_specs().items() if not self[spec["done"]]]

    @frozen_step
    def _sla_pause(self, reason):
        """Stop the clock of the open duties: the record waits on the customer."""
        self.check_access("write")
        for record in self:
            if record.sla_paused:
                raise UserError(
                    self.env._(
                        "%(document)s %(name)s already waits for the customer.",
                        document=self.env["ir.model"]._get(self._name).name,
                        name=record.display_name,
                    )
                )
            record._sla_check_pausable()
        now = fields.Datetime.now()
        # written as superuser once the user's right to change the document is checked
        self.env["aftersales.sla.pause"].sudo().create(
            [
                {
                    "res_model": self._name,
                    "res_id": record.id,
                    "company_id": record.company_id.id,
                    "date_start": now,
                    "duties": ",".join(record._sla_open_duties()),
                    "reason": reason,
                    "user_id": self.env.uid,
                }
                for record in self
            ]
        )
        self.write({"sla_paused": True})
        if hasattr(self, "message_post"):
            for record in self:
                record.message_post(
                    body=self.env._("Waiting for the customer: %(reason)s", reason=reason)
                )
        return True

    @frozen_step
    def action_sla_resume(self):
        """The customer answered: the clock runs again and the open deadlines move on by
        the time paused."""
        self.check_access("write")
        pauses = (
            self.env["aftersales.sla.pause"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("date_end", "=", False),
                ]
            )
        )
        if not pauses:
            return True
        pauses.write({"date_end": fields.Datetime.now()})
        # computed deadlines depend on sla_paused and are computed again with the pause
        self.write({"sla_paused": False})
        specs = self._sla_duty_specs()
        for record in self:
            mine = pauses.filtered(lambda p, r=record: p.res_id == r.id)
            for duty in set().union(*(p._duty_codes() for p in mine)):
                fname = specs[duty]["deadline"]
                if self._fields[fname].compute or not record[fname]:
                    continue
                moved = record._sla_deadlines(duty, {record: record[specs[duty]["start"]]})
                record[fname] = moved[record] or record[fname]
            if hasattr(record, "message_post"):
                record.message_post(body=self.env._("The customer answered: the clock runs again."))
        return True

    def action_sla_pause(self):
        """Ask why the record waits on the customer (wizard)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Wait for the Customer"),
            "res_model": "aftersales.sla.pause.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_res_model": self._name, "default_res_ids": self.ids},
        }

    def _sla_due_dates(self, duty, starts=None):
        """``{record: day}`` of a duty whose deadline is a day (a Date field): the day,
        in the company's time zone, on which the deadline of :meth:`_sla_deadlines`
        falls. A start given as a day counts from that day's beginning."""
        starts = {
            record: (
                (record.company_id or self.env.company)._aftersales_day_start(start)
                if start and not isinstance(start, datetime)
                else start
            )
            for record, start in (starts or {}).items()
        } or None
        return {
            record: deadline
            and (record.company_id or self.env.company)._aftersales_local_date(deadline)
            for record, deadline in self._sla_deadlines(duty, starts).items()
        }

    def _sla_working_after(self, start, hours):
        """``start`` plus ``hours`` working hours on the record's company calendar (the
        clock without one): a threshold that is not a policy, e.g. a fine's."""
        self.ensure_one()
        calendar = (self.company_id or self.env.company)._aftersales_calendar()
        moment = calendar and calendar.plan_hours(hours, start, compute_leaves=True)
        return moment or start + timedelta(hours=hours)

    def _sla_policy_of(self, duty):
        """The policy setting ``duty`` of this record (False under its own agreement)."""
        self.ensure_one()
        return self._sla_policies(duty).get(self, self.env["aftersales.sla.policy"])

    # ------------------------------------------------------------------ sweep
    @api.model
    def _sla_sweep(self, now=None, limit=None):
        """Flag the records of every duty whose deadline passed with the duty undone.

        ``limit``: at most that many records in all when the model is swept in batches
        (``_sla_sweep_batched``). Returns ``(done, left)``: the records flagged and those
        still late for a next batch (the most late on one duty: a record is often late on
        several)."""
        now = now or fields.Datetime.now()
        limit = limit if self._sla_sweep_batched else None
        budget = limit
        done = left = 0
        for duty, spec in self._sla_duty_specs().items():
            if not spec.get("sweep", True):
                continue
            # a deadline kept as a day is missed once that day is over (company's zone)
            limit_date = self.env.company._aftersales_local_date(now) if spec.get("date") else now
            domain = [
                ("sla_paused", "=", False),
                *self._sla_sweep_domain(),
                *spec.get("open", []),
                (spec["done"], "=", False),
                (spec["deadline"], "<", limit_date),
            ]
            if limit and budget <= 0:
                left = max(left, self.search_count(domain))
                continue
            late, more = cron_batch(self, domain, budget)
            if limit:
                left = max(left, more)
                budget -= len(late)
            # a document somebody is writing is flagged by the next run
            late = lock_for_cron(late)
            if late:
                late._sla_on_late(duty, self._sla_late_text(duty))
                done += len(late)
        return done, left
