# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_penalty_entry import month_start


class AftersalesPenaltyDeductionRun(models.Model):
    """Monthly bonus deduction run (seed 000 經濟處罰準則 (三) 4, PN-A12).

    One run per company and month with one line per employee. Deductions subject to the cap
    are limited to a percentage (50%) of the month's efficiency bonus; the remainder is
    carried into the following months until paid. Computing a month again is deterministic:
    the same entries and the same previous carry give the same lines.
    """

    _name = "aftersales.penalty.deduction.run"
    _description = "Monthly Bonus Deduction Run"
    _inherit = ["mail.thread"]
    _order = "period desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period = fields.Date(
        string="Month",
        required=True,
        index=True,
        default=lambda self: month_start(fields.Date.context_today(self)),
    )
    cap_percent = fields.Float(
        string="Cap (% of Bonus)",
        default=50.0,
        required=True,
        help="Deductions per month may not exceed this share of the month's efficiency "
        "bonus (seed 000: 50%).",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done")],
        default="draft",
        required=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many("aftersales.penalty.deduction.line", "run_id", string="Lines")
    amount_deducted = fields.Monetary(compute="_compute_totals", string="Deducted")
    amount_carry_out = fields.Monetary(compute="_compute_totals", string="Carried Forward")
    amount_reward = fields.Monetary(compute="_compute_totals", string="Rewards")

    _sql_constraints = [
        (
            "period_company_uniq",
            "unique(company_id, period)",
            "There is already a deduction run for this month.",
        ),
        (
            "cap_range",
            "CHECK(cap_percent > 0 AND cap_percent <= 100)",
            "The cap must be between 0 and 100%.",
        ),
    ]

    @api.depends("period")
    def _compute_name(self):
        for run in self:
            run.name = run.period and run.period.strftime("%Y-%m") or "/"

    @api.depends("line_ids.amount_deducted", "line_ids.carry_out", "line_ids.reward_amount")
    def _compute_totals(self):
        for run in self:
            run.amount_deducted = sum(run.line_ids.mapped("amount_deducted"))
            run.amount_carry_out = sum(run.line_ids.mapped("carry_out"))
            run.amount_reward = sum(run.line_ids.mapped("reward_amount"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("period"):
                vals["period"] = month_start(vals["period"])
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        done = self.filtered(lambda r: r.state == "done")
        if done:
            raise UserError(
                self.env._("Deduction run %(run)s is done and cannot be deleted.", run=done[0].name)
            )

    # ------------------------------------------------------------------ API
    @api.model
    def _run_month(self, period, company=None):
        """Get or create the run of ``period`` and compute it (rerun-safe)."""
        company = company or self.env.company
        period = month_start(period)
        run = self.search([("company_id", "=", company.id), ("period", "=", period)])
        if not run:
            run = self.create({"company_id": company.id, "period": period})
        if run.state == "draft":
            run.action_compute()
        return run

    @api.model
    def _cron_run_previous_month(self):
        period = month_start(fields.Date.context_today(self)) - relativedelta(months=1)
        for company in self.env["res.company"].search([]):
            self.with_company(company)._run_month(period, company)

    # ------------------------------------------------------------------ actions
    def _ensure_draft(self):
        done = self.filtered(lambda r: r.state == "done")
        if done:
            raise UserError(
                self.env._("Deduction run %(run)s is done and locked.", run=done[0].name)
            )

    def action_compute(self):
        """Compute the lines of the run, then of later draft runs whose carry depends on it."""
        self._ensure_draft()
        for run in self.sorted("period"):
            run._compute_lines()
            later = self.search(
                [
                    ("company_id", "=", run.company_id.id),
                    ("period", ">", run.period),
                    ("state", "=", "draft"),
                ],
                order="period",
            )
            for next_run in later - self:
                next_run._compute_lines()
        return True

    def action_done(self):
        self._ensure_draft()
        for run in self:
            previous = self.search(
                [
                    ("company_id", "=", run.company_id.id),
                    ("period", "<", run.period),
                    ("state", "=", "draft"),
                ],
                limit=1,
            )
            if previous:
                raise UserError(
                    self.env._(
                        "Close the deduction run %(previous)s before %(run)s.",
                        previous=previous.name,
                        run=run.name,
                    )
                )
        self.state = "done"

    def action_reset_draft(self):
        for run in self:
            later = self.search(
                [
                    ("company_id", "=", run.company_id.id),
                    ("period", ">", run.period),
                    ("state", "=", "done"),
                ],
                limit=1,
            )
            if later:
                raise UserError(
                    self.env._(
                        "Deduction run %(later)s is done; reopen it before %(run)s.",
                        later=later.name,
                        run=run.name,
                    )
                )
        self.state = "draft"

    def action_export_xlsx(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_penalty.aftersales_penalty_deduction_export_action"
        )
        action["context"] = {"default_run_id": self.id}
        return action

    # ------------------------------------------------------------------ computation
    def _candidate_entries(self):
        """Employee entries that belong to this run: already linked to it, or approved and
        dated in or before its month but not yet taken by a run."""
        self.ensure_one()
        Entry = self.env["aftersales.penalty.entry"]
        return Entry.search(
            [
                ("company_id", "=", self.company_id.id),
                ("target_type", "=", "employee"),
                "|",
                ("deduction_line_id.run_id", "=", self.id),
                "&",
                "&",
                ("state", "=", "approved"),
                ("deduction_line_id", "=", False),
                ("period", "<=", self.period),
            ],
            order="id",
        )

    def _previous_carry(self, employees):
        """Carry-out of each employee's latest line before this month."""
        lines = self.env["aftersales.penalty.deduction.line"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("employee_id", "in", employees.ids),
                ("period", "<", self.period),
            ],
            order="period desc, id desc",
        )
        carry = {}
        for line in lines:
            carry.setdefault(line.employee_id, line.carry_out)
        return carry

    def _carrying_employees(self):
        """Employees with an unpaid remainder at the end of the previous month."""
        lines = self.env["aftersales.penalty.deduction.line"].search(
            [("company_id", "=", self.company_id.id), ("period", "<", self.period)],
            order="period desc, id desc",
        )
        latest = {}
        for line in lines:
            latest.setdefault(line.employee_id, line)
        return self.env["hr.employee"].browse(
            [emp.id for emp, line in latest.items() if line.carry_out > 0]
        )

    def _prepare_line_vals(self, employee, entries, carry_in):
        """Values of one employee's line; called by :meth:`_compute_lines`."""
        self.ensure_one()
        currency = self.currency_id
        penalties = entries.filtered(lambda e: e.direction == "penalty")
        rewards = entries - penalties
        capped_new = -sum(penalties.filtered("subject_to_cap").mapped("signed_amount"))
        uncapped_new = -sum(
            penalties.filtered(lambda e: not e.subject_to_cap).mapped("signed_amount")
        )
        bonus = employee.sudo().aftersales_efficiency_bonus
        cap = currency.round(bonus * self.cap_percent / 100.0)
        capped_due = currency.round(carry_in + capped_new)
        # a credit (reversal of an entry already deducted) is paid back, never carried
        capped_deducted = min(capped_due, cap) if capped_due > 0 else capped_due
        uncapped = currency.round(uncapped_new)
        return {
            "run_id": self.id,
            "employee_id": employee.id,
            "department_id": employee.department_id.id,
            "efficiency_bonus": bonus,
            "cap_amount": cap,
            "carry_in": carry_in,
            "new_capped": capped_new,
            "new_uncapped": uncapped,
            "amount_deducted": currency.round(capped_deducted + uncapped),
            "carry_out": currency.round(capped_due - capped_deducted),
            "reward_amount": currency.round(sum(rewards.mapped("signed_amount"))),
        }

    def _compute_lines(self):
        self.ensure_one()
        Line = self.env["aftersales.penalty.deduction.line"]
        entries = self._candidate_entries()
        by_employee = defaultdict(lambda: self.env["aftersales.penalty.entry"])
        for entry in entries:
            by_employee[entry.employee_id] |= entry
        employees = (
            self.env["hr.employee"].browse([e.id for e in by_employee])
            | self._carrying_employees()
            | self.line_ids.employee_id
        )
        carry = self._previous_carry(employees)
        existing = {line.employee_id: line for line in self.line_ids}
        to_create = []
        for employee in employees.sorted("id"):
            emp_entries = by_employee[employee]
            vals = self._prepare_line_vals(employee, emp_entries, carry.get(employee, 0.0))
            line = existing.get(employee)
            if line:
                changed = {
                    k: v
                    for k, v in vals.items()
                    if (line[k].id if isinstance(line[k], models.BaseModel) else line[k]) != v
                }
                if changed:
                    line.write(changed)
            elif emp_entries or vals["carry_in"]:
                to_create.append(vals)
        for line in Line.create(to_create):
            existing[line.employee_id] = line
        for employee, emp_entries in by_employee.items():
            line = existing[employee]
            todo = emp_entries.filtered(lambda e, line=line: e.deduction_line_id != line)
            if todo:
                todo.write(
                    {
                        "deduction_line_id": line.id,
                        "state": "applied",
                        "applied_date": self.period,
                    }
                )
        empty = self.line_ids.filtered(lambda line: not line.entry_ids and not line.carry_in)
        empty.unlink()
