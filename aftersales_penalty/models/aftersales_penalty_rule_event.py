# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Penalties raised by themselves where the system sees the event.

A rule whose *Raised Automatically When* (``event``) is set gets a draft entry for each
event found by the daily scan: a customer not contacted in time, a technician arriving
after the arrival target, a job left without the customer's signature, a repeat repair of
the same unit, a return visit not made by its due date. Each draft names its service
request (and return visit); a manager confirms (approves) or cancels it; an event never
raises twice (``origin_key``).

A new event: add it to ``EVENTS``, write ``_event_<code>(company, now)`` returning
``(judged record, source record, moment, reason)`` tuples, and, when the judged record is
not a service request, extend ``_event_responsible`` and ``_event_links``.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step
from odoo.addons.aftersales_service.models.aftersales_service_request_leak import LEAK_KINDS
from odoo.addons.aftersales_service.models.res_company import in_company_language

EVENTS = [
    ("late_contact", "Customer not contacted in time"),
    ("late_arrival", "Arrived on site after the arrival target"),
    ("missing_signature", "Job done without the customer's signature"),
    ("repeat_repair", "Repeat repair of the same unit"),
    ("missed_return_visit", "Return visit not made by its due date"),
    ("late_old_part", "Replaced part returned after its due date"),
    ("over_quote", "Quoted above twice the fee schedule"),
    ("installation_leak", "Installation leak found by a repairer"),
    ("leak_installer_absent", "Installation leak: installer not on site within 24 hours"),
    ("leak_installer_failed", "Installation leak: installer came but could not fix it"),
]
LEAK_EVENTS = {
    "installation_leak": None,
    "leak_installer_absent": "not_attended",
    "leak_installer_failed": "attended_failed",
}
# leaks counted against the installer's monthly eligibility: code -> installation age (days)
LEAK_COUNTS = {"leak_install_30d": 30, "leak_install_1y": 365}
# how far back the daily scan looks for events
SCAN_DAYS = 60


class AftersalesPenaltyRule(models.Model):
    _inherit = "aftersales.penalty.rule"

    event = fields.Selection(
        EVENTS,
        string="Raised Automatically When",
        help="The daily scan drafts an entry of this rule for every such event, naming its "
        "service request: not contacted within Threshold working hours of dispatch (the "
        "first-contact target when empty); not on site by the "
        "arrival target; done without the customer's signature after Threshold hours (24 when "
        "empty); the same unit repaired again within Threshold days of a finished job (30 when "
        "empty; the entry goes to the first job's technician); a return visit not made (sent, "
        "answered or closed) by its due date (the entry goes to the visit's agent); an "
        "installation leak found on a finished repair job, and the installer's answer to it, "
        "on units installed within Threshold days (any age when empty); a quote priced "
        "above twice the fee schedule.",
    )

    leak_party = fields.Selection(
        [("installer", "The Installer (charged)"), ("repairer", "The Repairer (paid)")],
        string="Leak Entry For",
        default="installer",
        help="Of an installation leak rule: whether the entry charges the unit's installer "
        "or pays the repairer who found and fixed the leak.",
    )
    leak_kind = fields.Selection(
        LEAK_KINDS,
        string="Leak Kind",
        help="Of an installation leak rule: only leaks of this kind (any when empty).",
    )
    leak_compressor = fields.Selection(
        [
            ("none", "No Compressor"),
            ("any", "Any Compressor"),
            ("fixed", "Fixed Speed"),
            ("inverter", "Inverter"),
        ],
        string="Leak on Units With",
        help="Of an installation leak rule: only units of products with this compressor "
        "(no compressor: water purifiers; any when empty).",
    )
    counted_event = fields.Selection(
        [
            ("late_completion", "Job completed late"),
            *EVENTS,
            ("leak_install_30d", "Installation leak on a unit installed within 30 days"),
            ("leak_install_1y", "Installation leak on a unit installed within a year"),
        ],
        string="Revokes Eligibility After",
        help="With Revokes Monthly Eligibility: the month's assessment eligibility of a person "
        "is revoked by itself once Threshold events of this kind are recorded against them in "
        "the month (e.g. three late repair jobs; a job judged by two rules counts once), with "
        "no entry of this rule needed. Installation leaks count the repair jobs finished in "
        "the month that found a leak on a unit the person installed.",
    )

    @api.model
    def _ineligible_employees(self, period, company):
        """Also the people whose count of an event in the month reached the threshold of a
        rule that counts it (seed 003: the third late repair of a month)."""
        ineligible = super()._ineligible_employees(period, company)
        counting = self.search(
            [
                ("company_id", "in", [company.id, False]),
                ("counted_event", "!=", False),
                ("revokes_eligibility", "=", True),
            ]
        )
        Entry = self.env["aftersales.penalty.entry"]
        for rule in counting:
            if rule.counted_event in LEAK_COUNTS:
                ineligible |= rule._leaky_installers(period, company)
                continue
            if rule.counted_event == "late_completion":
                event_domain = [("rule_id.kind", "=", "late_completion")]
            else:
                event_domain = [("rule_id.event", "=", rule.counted_event)]
            # events, not entries: two rules judging one late job count it once
            source = (
                "return_visit_id"
                if rule.counted_event == "missed_return_visit"
                else "service_request_id"
            )
            groups = Entry._read_group(
                [
                    ("company_id", "=", company.id),
                    ("period", "=", period),
                    ("target_type", "=", "employee"),
                    ("state", "in", ("draft", "approved", "applied")),
                    ("is_reversal", "=", False),
                    *event_domain,
                ],
                ["employee_id", source],
                ["__count"],
            )
            events = defaultdict(int)
            for employee, record, count in groups:
                # entries naming no job (recorded by hand) count one each
                events[employee] += 1 if record else count
            ineligible |= Entry.employee_id.browse(
                [
                    employee.id
                    for employee, count in events.items()
                    if count >= (rule.threshold or 1)
                ]
            )
        return ineligible

    def _leaky_installers(self, period, company):
        """Employees who installed more than Threshold - 1 of the units found leaking in
        the month (repair jobs finished in it), counting the units installed within the
        rule's age (30 days or a year) of the leak's request (seed 003: more than two leaks
        a month on units installed within 30 days, more than four within a year)."""
        self.ensure_one()
        start = company._aftersales_day_start(period)
        end = company._aftersales_day_start(period + relativedelta(months=1))
        jobs = (
            self.env["aftersales.service.request"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("leak_found", "!=", False),
                    ("leak_installation_id", "!=", False),
                    ("leak_installation_age", "<=", LEAK_COUNTS[self.counted_event]),
                    ("state", "in", ("done", "closed")),
                    ("date_done", ">=", start),
                    ("date_done", "<", end),
                ]
            )
        )
        installers = jobs.leak_installation_id.technician_id
        employee_of = self._employees_of_users(installers, company)
        counts = defaultdict(int)
        for job in jobs:
            employee = employee_of.get(job.leak_installation_id.technician_id)
            if employee:
                counts[employee] += 1
        return self.env["hr.employee"].browse(
            [employee.id for employee, count in counts.items() if count >= (self.threshold or 1)]
        )

    # ------------------------------------------------------------------ events
    def _leak_events(self, company, now):
        """Installation leaks of the repair jobs finished in the scan window that this rule
        judges (its leak kind, compressor, installation age and, for the installer's
        answers, that answer): the installation job when the entry charges the installer,
        the repair job when it pays the repairer."""
        outcome = LEAK_EVENTS[self.event]
        domain = [
            ("company_id", "=", company.id),
            ("leak_found", "!=", False),
            ("leak_installation_id", "!=", False),
            ("state", "in", ("done", "closed")),
            ("date_done", "<", now),
            ("date_done", ">=", now - timedelta(days=SCAN_DAYS)),
        ]
        if outcome:
            domain.append(("leak_installer_outcome", "=", outcome))
        if self.leak_kind:
            domain.append(("leak_found", "=", self.leak_kind))
        if self.threshold:
            domain.append(("leak_installation_age", "<=", self.threshold))
        compressor = {
            "none": [("product_id.aftersales_compressor", "=", False)],
            "any": [("product_id.aftersales_compressor", "!=", False)],
            "fixed": [("product_id.aftersales_compressor", "=", "fixed")],
            "inverter": [("product_id.aftersales_compressor", "=", "inverter")],
        }.get(self.leak_compressor, [])
        jobs = self.env["aftersales.service.request"].sudo().search(domain + compressor)
        kinds = dict(jobs._fields["leak_found"]._description_selection(self.env))
        events = []
        for job in jobs:
            installation = job.leak_installation_id
            events.append(
                (
                    installation if self.leak_party != "repairer" else job,
                    job,
                    job.date_done,
                    self.env._(
                        "%(request)s: %(leak)s of unit %(unit)s, installed by %(installation)s "
                        "%(days)s days before.",
                        request=job.name,
                        leak=kinds.get(job.leak_found),
                        unit=job.lot_id.name,
                        installation=installation.name,
                        days=job.leak_installation_age,
                    ),
                )
            )
        return events

    def _event_installation_leak(self, company, now):
        return self._leak_events(company, now)

    def _event_leak_installer_absent(self, company, now):
        return self._leak_events(company, now)

    def _event_leak_installer_failed(self, company, now):
        return self._leak_events(company, now)

    def _event_late_contact(self, company, now):
        """Not contacted within Threshold working hours of dispatch (the fine's own limit,
        e.g. 4 hours, beside shorter contact targets), else by the contact target."""
        Request = self.env["aftersales.service.request"].sudo()
        base = [("company_id", "=", company.id), ("state", "!=", "cancelled")]
        if self.threshold:
            candidates = Request.search(
                [
                    *base,
                    ("date_dispatched", "!=", False),
                    ("date_dispatched", "<", now),
                    ("date_dispatched", ">=", now - timedelta(days=SCAN_DAYS)),
                ]
            )
            limits = {
                request: request._sla_working_after(request.date_dispatched, self.threshold)
                for request in candidates
            }
        else:
            candidates = Request.search(
                [
                    *base,
                    ("first_contact_deadline", "!=", False),
                    ("first_contact_deadline", "<", now),
                    ("first_contact_deadline", ">=", now - timedelta(days=SCAN_DAYS)),
                ]
            )
            limits = {request: request.first_contact_deadline for request in candidates}
        return [
            (
                request,
                request,
                limit,
                self.env._(
                    "%(request)s: the customer was not contacted by %(deadline)s.",
                    request=request.name,
                    deadline=company._aftersales_format_datetime(limit),
                ),
            )
            for request, limit in limits.items()
            if limit < now
            and (not request.date_contacted or request.date_contacted > limit)
            # a customer who could not be reached, reported in time and confirmed by the
            # dispatcher, is no late contact
            and not (
                request.unreachable_confirmed_by
                and request.unreachable_on
                and request.unreachable_on <= limit
            )
        ]

    def _event_late_arrival(self, company, now):
        Request = self.env["aftersales.service.request"].sudo()
        candidates = Request.search(
            [
                ("company_id", "=", company.id),
                ("state", "!=", "cancelled"),
                ("arrival_deadline", "!=", False),
                ("arrival_deadline", "<", now),
                ("arrival_deadline", ">=", now - timedelta(days=SCAN_DAYS)),
            ]
        )
        return [
            (
                request,
                request,
                request.arrival_deadline,
                self.env._(
                    "%(request)s: nobody was on site by the arrival target %(deadline)s.",
                    request=request.name,
                    deadline=company._aftersales_format_datetime(request.arrival_deadline),
                ),
            )
            for request in candidates
            if not request.date_arrived or request.date_arrived > request.arrival_deadline
        ]

    def _event_missed_return_visit(self, company, now):
        """Visits whose due date passed before they were made: still planned, or sent,
        answered or closed only after the due date (in the company's time zone)."""
        today = company._aftersales_local_date(now)
        Visit = self.env["aftersales.return.visit"].sudo()
        candidates = Visit.search(
            [
                ("company_id", "=", company.id),
                ("state", "!=", "cancelled"),
                ("date_deadline", "<", today),
                ("date_deadline", ">=", today - timedelta(days=SCAN_DAYS)),
            ]
        )
        events = []
        for visit in candidates:
            made = [d for d in (visit.date_sent, visit.date_answered, visit.date_closed) if d]
            if made and company._aftersales_local_date(min(made)) <= visit.date_deadline:
                continue
            if not made and visit.state != "planned":
                continue
            events.append(
                (
                    visit,
                    visit,
                    visit.date_deadline,
                    self.env._(
                        "Return visit %(visit)s was not made by its due date %(deadline)s.",
                        visit=visit.name,
                        deadline=format_date(self.env, visit.date_deadline),
                    ),
                )
            )
        return events

    def _event_late_old_part(self, company, now):
        """A provider's replaced part not back by its due day (still out, or back late);
        judged on its job (the provider answers for it)."""
        today = company._aftersales_local_date(now)
        Part = self.env["aftersales.old.part.return"].sudo()
        candidates = Part.search(
            [
                ("company_id", "=", company.id),
                ("state", "!=", "cancelled"),
                ("date_due", "<", today),
                ("date_due", ">=", today - timedelta(days=SCAN_DAYS)),
            ]
        )
        return [
            (
                part.request_id,
                part,
                part.date_due,
                self.env._(
                    "%(part)s of %(request)s was not back by %(due)s.",
                    part=part.product_id.display_name,
                    request=part.request_id.name,
                    due=part.date_due,
                ),
            )
            for part in candidates
            if not part.date_returned or part.date_returned > part.date_due
        ]

    def _event_over_quote(self, company, now):
        """A quote priced above twice the fee schedule (the supervisor had to approve it),
        judged on its job at the quote's date."""
        Request = self.env["aftersales.service.request"].sudo()
        candidates = Request.search(
            [
                ("company_id", "=", company.id),
                ("state", "!=", "cancelled"),
                ("quote_over_limit", "=", True),
                ("quote_date", "<", now),
                ("quote_date", ">=", now - timedelta(days=SCAN_DAYS)),
            ]
        )
        return [
            (
                request,
                request,
                request.quote_date,
                self.env._(
                    "%(request)s: quoted %(amount)s with a price above twice the fee schedule.",
                    request=request.name,
                    amount=format_amount(self.env, request.quote_amount, request.currency_id),
                ),
            )
            for request in candidates
        ]

    def _event_missing_signature(self, company, now):
        hours = self.threshold or 24
        Request = self.env["aftersales.service.request"].sudo()
        candidates = Request.search(
            [
                ("company_id", "=", company.id),
                ("state", "=", "done"),
                ("customer_confirmed", "=", False),
                ("date_done", "<", now - timedelta(hours=hours)),
                ("date_done", ">=", now - timedelta(days=SCAN_DAYS)),
            ]
        )
        return [
            (
                request,
                request,
                request.date_done,
                self.env._(
                    "%(request)s: done without the customer's signature for %(hours)s hours.",
                    request=request.name,
                    hours=hours,
                ),
            )
            for request in candidates
        ]

    def _event_repeat_repair(self, company, now):
        days = self.threshold or 30
        Request = self.env["aftersales.service.request"].sudo()
        repairs = Request.search(
            [
                ("company_id", "=", company.id),
                ("kind", "=", "repair"),
                ("lot_id", "!=", False),
                ("state", "!=", "cancelled"),
                ("date_request", ">=", now - timedelta(days=SCAN_DAYS)),
            ],
            order="date_request, id",
        )
        return [
            (
                previous,
                request,
                request.date_request,
                self.env._(
                    "%(unit)s needed a repair again (%(request)s) %(days)s days after "
                    "%(previous)s.",
                    unit=request.lot_id.name,
                    request=request.name,
                    days=(request.date_request - previous.date_done).days,
                    previous=previous.name,
                ),
            )
            for request, previous in repairs._repeat_repair_previous(days).items()
        ]

    # ------------------------------------------------------------------ drafts
    @api.model
    def _event_responsible(self, judged):
        """``(user, provider)`` answering for the event of ``judged``: the technician (or
        the provider) of a service request, the agent of a return visit."""
        if judged._name == "aftersales.return.visit":
            return judged.user_id, self.env["res.partner"]
        return judged.technician_id, judged.provider_id

    @api.model
    def _event_links(self, judged):
        """The entry fields naming the source of the event."""
        if judged._name == "aftersales.return.visit":
            return {
                "source": "return_visit",
                "return_visit_id": judged.id,
                "service_request_id": judged.service_request_id.id,
            }
        return {"source": "service_request", "service_request_id": judged.id}

    def _event_subject(self, judged, employee_of):
        """``(target type, employee, partner)`` the entry of ``judged`` goes to, or None."""
        self.ensure_one()
        user, provider = self._event_responsible(judged)
        employee = employee_of.get(user)
        if employee and self.target in ("employee", "any"):
            return "employee", employee, self.env["res.partner"]
        if provider and not employee and self.target in ("provider", "any"):
            return "provider", self.env["hr.employee"], provider
        return None

    @api.model
    @frozen_step
    def _generate_event_entries(self, company, now=None):
        """Draft entries of every event rule of ``company``; rerun-safe."""
        now = now or fields.Datetime.now()
        rules = self.search(
            [("company_id", "in", [company.id, False]), ("event", "!=", False)], order="id"
        )
        found = []  # (rule, judged request, source request, moment, reason)
        for rule in rules:
            for judged, source, moment, reason in getattr(rule, f"_event_{rule.event}")(
                company, now
            ):
                # a rule limited to one kind of job (e.g. installations) judges only those
                if judged._name == "aftersales.service.request" and not rule._matches_request(
                    judged
                ):
                    continue
                found.append((rule, judged, source, moment, reason))
        if not found:
            return self.env["aftersales.penalty.entry"]
        users = self.env["res.users"].browse(
            {self._event_responsible(judged)[0].id for _r, judged, *_x in found}
        )
        employee_of = self._employees_of_users(users, company)
        Entry = self.env["aftersales.penalty.entry"].sudo()
        keys = [f"event:{rule.id}:{source.id}" for rule, _j, source, *_x in found]
        existing = Entry._existing_origin_keys(company, keys)
        vals_list = []
        for (rule, judged, _source, moment, reason), key in zip(found, keys, strict=True):
            subject = rule._event_subject(judged, employee_of)
            if key in existing or not subject:
                continue
            existing.add(key)
            target, employee, partner = subject
            if isinstance(moment, datetime):
                moment = company._aftersales_local_date(moment)
            vals_list.append(
                {
                    "company_id": company.id,
                    "rule_id": rule.id,
                    "target_type": target,
                    "employee_id": employee.id,
                    "partner_id": partner.id,
                    "date": moment,
                    **self._event_links(judged),
                    "quantity": 1.0,
                    "reason": reason,
                    "origin_key": key,
                }
            )
        return Entry.create(vals_list)

    @api.model
    @in_company_language
    def _cron_generate_event_entries(self):
        for company in self.env["res.company"].search([]):
            self.with_company(company)._generate_event_entries(company)
