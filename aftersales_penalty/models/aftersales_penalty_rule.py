# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step
from odoo.addons.aftersales_service.models.res_company import in_company_language

RULE_KINDS = [
    ("admin_warning", "Administrative: Warning"),
    ("admin_minor", "Administrative: Minor Demerit (per base unit)"),
    ("admin_major", "Administrative: Major Demerit (month's efficiency bonus)"),
    ("complaint_loss", "Economic: Complaint Loss Allocation"),
    ("occurrence", "Per Occurrence"),
    ("allowance", "Customer Allowance (sales allowance)"),
    ("job_subsidy", "Per Completed Job"),
    ("daily_extra", "Per Job Beyond a Daily Count"),
    ("monthly_volume", "Monthly Volume Bonus"),
    ("monthly_subsidy", "Monthly Subsidy"),
    ("late_completion", "Completion Time Exceeded"),
    ("low_survey", "Low Return-Visit Score"),
]
# Kinds computed from completed service requests by the monthly subsidy run.
SERVICE_KINDS = (
    "job_subsidy",
    "daily_extra",
    "monthly_volume",
    "monthly_subsidy",
    "late_completion",
)


class AftersalesPenaltyRule(models.Model):
    """Catalogue of penalties, rewards, subsidies and allowances (seed 000 篇2, seed 003 第7-8篇).

    Every amount is configurable; the seed figures ship as demo data.
    """

    _name = "aftersales.penalty.rule"
    _description = "Penalty / Reward Rule"
    _order = "sequence, code, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, index=True, help="Short reference of the rule in the company's rule book."
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share the rule between companies.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
    )
    kind = fields.Selection(RULE_KINDS, required=True, default="occurrence", index=True)
    direction = fields.Selection(
        [("penalty", "Penalty"), ("reward", "Reward")],
        required=True,
        default="penalty",
        help="Penalty: the target pays (deduction). Reward: the target receives money "
        "(reward, subsidy, customer allowance).",
    )
    target = fields.Selection(
        [
            ("employee", "Employee"),
            ("provider", "Service Provider"),
            ("any", "Employee or Provider"),
            ("customer", "Customer"),
        ],
        required=True,
        default="employee",
    )
    amount = fields.Monetary(
        string="Amount",
        help="Amount per unit (occurrence, job, base unit or month).",
    )
    min_amount = fields.Monetary(
        string="Minimum per Unit",
        help="Entries of this rule may not go below this amount per unit "
        "(e.g. a warning is at least 400).",
    )
    threshold = fields.Integer(
        help="Daily extra: jobs of the day before the bonus starts (6 = from the 7th job). "
        "Monthly volume: jobs of the month that must be exceeded (150). "
        "Completion time: hours from registration to completion (24 or 48).",
    )
    request_kind = fields.Selection(
        [
            ("any", "Any Job"),
            ("repair", "Repair"),
            ("installation", "Installation"),
            ("maintenance", "Maintenance"),
        ],
        string="Job Kind",
        default="any",
        help="Kind of service request counted by the subsidy rules.",
    )
    subject_to_cap = fields.Boolean(
        string="Subject to 50% Cap",
        default=True,
        help="Deductions of this rule count against the monthly cap of 50% of the "
        "efficiency bonus; the rest is carried over. Uncapped deductions are taken in full.",
    )
    revokes_eligibility = fields.Boolean(
        string="Revokes Monthly Eligibility",
        help="An approved entry of this rule revokes the person's assessment eligibility "
        "(考评资格) for the month: no monthly volume bonus or monthly subsidy is granted.",
    )
    next_offence_rule_id = fields.Many2one(
        "aftersales.penalty.rule",
        string="Repeat Offence Becomes",
        check_company=True,
        help="The rule of the next step of the ladder: an entry of this rule for a person who "
        "already has one (of this rule or of the next steps) within the Repeat Window is "
        "recorded under the next step (the second refusal of a work assignment, the "
        "persistent disobedience after two).",
    )
    repeat_window = fields.Selection(
        [("month", "The Same Month"), ("year", "The Same Year"), ("always", "Any Time")],
        default="month",
        help="Within which period earlier offences count towards the next step.",
    )
    account_id = fields.Many2one(
        "account.account",
        string="Account",
        check_company=True,
        help="Account of the credit note lines; defaults to the journal's account.",
    )
    description = fields.Text(translate=True, help="Seed wording and reading chosen.")
    entry_count = fields.Integer(compute="_compute_entry_count")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The rule code must be unique."),
    ]

    @api.depends("company_id")
    def _compute_currency_id(self):
        for rule in self:
            rule.currency_id = (rule.company_id or self.env.company).currency_id

    def _compute_entry_count(self):
        counts = dict(
            self.env["aftersales.penalty.entry"]._read_group(
                [("rule_id", "in", self.ids)], ["rule_id"], ["__count"]
            )
        )
        for rule in self:
            rule.entry_count = counts.get(rule, 0)

    # what an approved entry keeps of its rule: these cannot change once entries exist
    FROZEN_RULE_FIELDS = ("kind", "direction", "subject_to_cap", "target")

    def write(self, vals):
        changing = [f for f in self.FROZEN_RULE_FIELDS if f in vals]
        if changing:
            used_rules = [
                rule
                for (rule,) in self.env["aftersales.penalty.entry"]
                .sudo()
                ._read_group(
                    [
                        ("rule_id", "in", self.ids),
                        ("state", "in", ("approved", "applied", "reversed")),
                    ],
                    ["rule_id"],
                )
            ]
            for rule in used_rules:
                changed = [
                    f
                    for f in changing
                    if self._fields[f].convert_to_write(rule[f], rule) != vals[f]
                ]
                if changed:
                    raise UserError(
                        self.env._(
                            "Rule %(rule)s has approved ledger entries: its %(fields)s can "
                            "no longer change. Archive it and create a new rule.",
                            rule=rule.display_name,
                            fields=", ".join(
                                self._fields[f]._description_string(self.env) for f in changed
                            ),
                        )
                    )
        return super().write(vals)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for rule in self:
            rule.display_name = f"[{rule.code}] {rule.name}" if rule.code else rule.name

    @api.constrains("amount", "min_amount", "threshold")
    def _check_amounts(self):
        for rule in self:
            if rule.amount < 0 or rule.min_amount < 0 or rule.threshold < 0:
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: amounts and thresholds must be positive "
                        "(amount %(amount)s, minimum %(min)s, threshold %(threshold)s).",
                        rule=rule.display_name,
                        amount=rule.amount,
                        min=rule.min_amount,
                        threshold=rule.threshold,
                    )
                )
            if rule.kind in ("daily_extra", "monthly_volume", "late_completion") and not (
                rule.threshold
            ):
                raise ValidationError(
                    self.env._("Rule %(rule)s needs a threshold.", rule=rule.display_name)
                )

    @api.constrains("kind", "target", "direction")
    def _check_kind_target(self):
        for rule in self:
            if (rule.kind == "allowance") != (rule.target == "customer"):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: only allowance rules target customers, and they always do.",
                        rule=rule.display_name,
                    )
                )
            if rule.kind in SERVICE_KINDS and rule.target != "employee":
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: subsidy and completion-time rules apply to employees "
                        "(technicians).",
                        rule=rule.display_name,
                    )
                )

    @api.onchange("kind")
    def _onchange_kind(self):
        if self.kind == "allowance":
            self.target, self.direction = "customer", "reward"
        elif self.kind in ("job_subsidy", "daily_extra", "monthly_volume", "monthly_subsidy"):
            self.target, self.direction = "employee", "reward"
        elif self.kind in (
            "low_survey",
            "admin_warning",
            "admin_minor",
            "admin_major",
            "complaint_loss",
            "late_completion",
        ):
            self.direction = "penalty"
            if self.kind == "admin_major":
                self.subject_to_cap = False

    def action_view_entries(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_penalty.aftersales_penalty_entry_action"
        )
        action["domain"] = [("rule_id", "=", self.id)]
        action["context"] = {"default_rule_id": self.id}
        return action

    # ------------------------------------------------------------------ subsidy run
    @api.model
    def _completed_requests(self, period, company):
        """Done or closed jobs of ``company`` completed in the month of ``period``.

        Read as superuser: the run counts every technician's jobs, whatever the record
        rules of the user who starts it."""
        # the company's month (its time zone), as every day of the addons
        start = company._aftersales_day_start(period)
        end = company._aftersales_day_start(period + relativedelta(months=1))
        return (
            self.env["aftersales.service.request"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("state", "in", ("done", "closed")),
                    ("technician_id", "!=", False),
                    ("date_done", ">=", start),
                    ("date_done", "<", end),
                ],
                order="date_done, id",
            )
        )

    @api.model
    def _days_with_complaint_or_open_job(self, requests, employee_of, company):
        """``{(employee, day)}`` among the days of ``requests`` (done jobs) on which one of
        the technician's jobs drew a customer complaint, or a job dispatched to him that day
        is still not done: the daily volume bonus is paid only for a clean day."""
        days = set()
        complaint = self.env.get("aftersales.complaint")
        if complaint is not None and requests:
            # each technician's jobs of a day (the day they were done)
            by_request = {
                req.id: (
                    employee_of[req.technician_id],
                    company._aftersales_local_date(req.date_done),
                )
                for req in requests
            }
            for group in complaint.sudo()._read_group(
                [("service_request_id", "in", list(by_request))], ["service_request_id"]
            ):
                days.add(by_request[group[0].id])
        if requests:
            start = min(requests.mapped("date_done"))
            open_jobs = (
                self.env["aftersales.service.request"]
                .sudo()
                .search(
                    [
                        ("company_id", "=", company.id),
                        ("technician_id", "in", requests.technician_id.ids),
                        ("state", "not in", ("done", "closed", "cancelled")),
                        (
                            "date_dispatched",
                            ">=",
                            company._aftersales_day_start(company._aftersales_local_date(start)),
                        ),
                    ]
                )
            )
            for job in open_jobs:
                employee = employee_of.get(job.technician_id)
                if employee:
                    days.add((employee, company._aftersales_local_date(job.date_dispatched)))
        return days

    def _offence_ladder(self):
        """This rule and the steps after it (``next_offence_rule_id``), without loops."""
        self.ensure_one()
        ladder = self
        step = self.next_offence_rule_id
        while step and step not in ladder:
            ladder |= step
            step = step.next_offence_rule_id
        return ladder

    @api.constrains("next_offence_rule_id")
    def _check_ladder(self):
        for rule in self.filtered("next_offence_rule_id"):
            nxt = rule.next_offence_rule_id
            if nxt == rule or rule in nxt._offence_ladder():
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: the repeat offence %(next)s leads back to it; a ladder "
                        "goes up only.",
                        rule=rule.display_name,
                        next=nxt.display_name,
                    )
                )
            if "reward" in (rule.direction, nxt.direction):
                raise ValidationError(
                    self.env._(
                        "Rule %(rule)s: a ladder of repeat offences is made of penalties, "
                        "%(next)s is not one.",
                        rule=rule.display_name,
                        next=nxt.display_name,
                    )
                )

    def _matches_request(self, request):
        self.ensure_one()
        return self.request_kind in (False, "any") or request.kind == self.request_kind

    @api.model
    def _ineligible_employees(self, period, company):
        """Employees whose assessment eligibility is revoked for the month (KPI-B3, G-06)."""
        entries = self.env["aftersales.penalty.entry"].search(
            [
                ("company_id", "=", company.id),
                ("period", "=", period),
                ("rule_id.revokes_eligibility", "=", True),
                ("state", "in", ("approved", "applied")),
                ("is_reversal", "=", False),
            ]
        )
        return entries.employee_id

    def _prepare_service_entry_vals(self, employee, key, quantity, date, reason, request=None):
        """Draft entry of a subsidy or completion-time rule; called by
        :meth:`_generate_service_entries`."""
        self.ensure_one()
        return {
            "company_id": employee.company_id.id,
            "rule_id": self.id,
            "target_type": "employee",
            "employee_id": employee.id,
            "source": "service_request",
            "service_request_id": request.id if request else False,
            "quantity": quantity,
            "date": date,
            "reason": reason,
            "origin_key": key,
        }

    def _late_rule(self, rules, request):
        """Completion-time rule of a job: the highest threshold exceeded (80 at 48 h replaces
        30 at 24 h), measured from dispatch (or registration). A job finished within an
        extension the supervisor approved (reported in time, accepted by the customer) is not
        late."""
        start = request.date_dispatched or request.date_request
        hours = (request.date_done - start).total_seconds() / 3600.0
        extended = request.sudo().extension_ids.filtered(lambda e: e.state == "approved")
        if extended and request.date_done <= max(extended.mapped("new_deadline")):
            return self.browse(), hours
        exceeded = rules.filtered(lambda r: r._matches_request(request) and hours > r.threshold)
        return exceeded.sorted("threshold", reverse=True)[:1], hours

    @api.model
    def _employees_of_users(self, users, company):
        """``{user: employee}`` of the company's employees linked to ``users`` (the
        technicians whose jobs raise entries), read as superuser."""
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "in", users.ids), ("company_id", "=", company.id)])
        )
        return {employee.user_id: employee for employee in employees}

    @api.model
    @frozen_step
    def _generate_service_entries(self, period, company=None):
        """Draft subsidy and completion-time entries of a month (seed 003 第8篇: RW-B2..B7,
        DS-B17) from completed service requests. Idempotent: each generated entry carries an
        origin key and is never created twice."""
        company = company or self.env.company
        # the entries' reasons are the ledger's, read by the company's people and printed on
        # their notices: in the company's language, whoever runs the month
        self = self.with_context(lang=company.partner_id.lang or self.env.lang)
        period = fields.Date.to_date(period).replace(day=1)
        last_day = period + relativedelta(months=1, days=-1)
        rules = self.search(
            [("kind", "in", SERVICE_KINDS), ("company_id", "in", [company.id, False])]
        )
        requests = self._completed_requests(period, company)
        employee_of = self._employees_of_users(requests.technician_id, company)
        requests = requests.filtered(lambda r: r.technician_id in employee_of)
        ineligible = self._ineligible_employees(period, company)
        candidates = []  # (rule, employee, key, quantity, date, reason, request)

        def local_date(request):
            return company._aftersales_local_date(request.date_done)

        late_rules = rules.filtered(lambda r: r.kind == "late_completion")
        for request in requests:
            employee = employee_of[request.technician_id]
            for rule in rules.filtered(
                lambda r, req=request: r.kind == "job_subsidy" and r._matches_request(req)
            ):
                candidates.append(
                    (
                        rule,
                        employee,
                        f"job:{rule.id}:{request.id}",
                        1.0,
                        local_date(request),
                        self.env._("Job %(job)s completed.", job=request.name),
                        request,
                    )
                )
            rule, hours = self._late_rule(late_rules, request)
            if rule:
                candidates.append(
                    (
                        rule,
                        employee,
                        f"late:{request.id}",
                        1.0,
                        local_date(request),
                        self.env._(
                            "Job %(job)s completed after %(hours)s hours (limit %(limit)s).",
                            job=request.name,
                            hours=round(hours, 1),
                            limit=rule.threshold,
                        ),
                        request,
                    )
                )
        for rule in rules.filtered(
            lambda r: r.kind in ("daily_extra", "monthly_volume", "monthly_subsidy")
        ):
            counted = requests.filtered(rule._matches_request)
            per_employee, per_day = defaultdict(int), defaultdict(int)
            for request in counted:
                employee = employee_of[request.technician_id]
                per_employee[employee] += 1
                per_day[(employee, local_date(request))] += 1
            if rule.kind == "daily_extra":
                # only a day whose jobs all ended without a customer complaint, and
                # none while the assessment eligibility is revoked
                spoiled = self._days_with_complaint_or_open_job(counted, employee_of, company)
                for (employee, day), count in sorted(
                    per_day.items(), key=lambda item: (item[0][0].id, item[0][1])
                ):
                    if employee in ineligible or (employee, day) in spoiled:
                        continue
                    if count > rule.threshold:
                        candidates.append(
                            (
                                rule,
                                employee,
                                f"day:{rule.id}:{employee.id}:{day}",
                                float(count - rule.threshold),
                                day,
                                self.env._(
                                    "%(count)s jobs completed on %(day)s, bonus from job "
                                    "%(first)s.",
                                    count=count,
                                    day=day,
                                    first=rule.threshold + 1,
                                ),
                                None,
                            )
                        )
                continue
            for employee, count in sorted(per_employee.items(), key=lambda item: item[0].id):
                if employee in ineligible:
                    continue
                if rule.kind == "monthly_volume" and count <= rule.threshold:
                    continue
                candidates.append(
                    (
                        rule,
                        employee,
                        f"month:{rule.id}:{employee.id}:{period}",
                        1.0,
                        last_day,
                        self.env._(
                            "%(count)s jobs completed in %(month)s.",
                            count=count,
                            month=period.strftime("%Y-%m"),
                        ),
                        None,
                    )
                )
        Entry = self.env["aftersales.penalty.entry"]
        existing = Entry._existing_origin_keys(company, [c[2] for c in candidates])
        entries = Entry.create(
            [
                rule._prepare_service_entry_vals(employee, key, qty, day, reason, request)
                for rule, employee, key, qty, day, reason, request in candidates
                if key not in existing
            ]
        )
        return entries | self._generate_survey_entries(period, company)

    @api.model
    @frozen_step
    def _generate_survey_entries(self, period, company):
        """Draft penalties of low return-visit scores answered in the month (PN-B57, PN-C01):
        charged to the technician's employee, or to the provider when no technician is set
        and the rule applies to providers. Idempotent through the origin key."""
        rules = self.search(
            [("kind", "=", "low_survey"), ("company_id", "in", [company.id, False])]
        )
        if not rules:
            return self.env["aftersales.penalty.entry"]
        start = company._aftersales_day_start(period)
        end = company._aftersales_day_start(period + relativedelta(months=1))
        visits = (
            self.env["aftersales.return.visit"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("is_low_score", "=", True),
                    ("state", "in", ("answered", "closed")),
                    ("date_answered", ">=", start),
                    ("date_answered", "<", end),
                ],
                order="date_answered, id",
            )
        )
        employee_of = self._employees_of_users(visits.technician_id, company)
        vals_list = []
        for rule in rules:
            for visit in visits:
                employee = employee_of.get(visit.technician_id)
                vals = {
                    "company_id": company.id,
                    "rule_id": rule.id,
                    "source": "survey",
                    "survey_input_id": visit.user_input_id.id,
                    "service_request_id": visit.service_request_id.id,
                    "date": company._aftersales_local_date(visit.date_answered),
                    "reason": self.env._(
                        "Return visit %(visit)s scored %(score)s.",
                        visit=visit.name,
                        score=round(visit.score_average, 2),
                    ),
                    "origin_key": f"survey:{rule.id}:{visit.id}",
                }
                if employee and rule.target in ("employee", "any"):
                    vals.update(target_type="employee", employee_id=employee.id)
                elif visit.provider_id and rule.target in ("provider", "any"):
                    vals.update(target_type="provider", partner_id=visit.provider_id.id)
                else:
                    continue
                vals_list.append(vals)
        Entry = self.env["aftersales.penalty.entry"]
        existing = Entry._existing_origin_keys(company, [v["origin_key"] for v in vals_list])
        return Entry.create([v for v in vals_list if v["origin_key"] not in existing])

    @api.model
    @in_company_language
    def _cron_generate_service_entries(self):
        for company in self.env["res.company"].search([]):
            # last month where the company is
            period = company._aftersales_local_date().replace(day=1) - relativedelta(months=1)
            self.with_company(company)._generate_service_entries(period, company)
