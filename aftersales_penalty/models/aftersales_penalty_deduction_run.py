# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step
from odoo.addons.aftersales_service.models.res_company import in_company_language

from .aftersales_penalty_entry import month_label, month_start


class AftersalesPenaltyDeductionRun(models.Model):
    """Monthly bonus deduction run (seed 000 經濟處罰準則 (三) 4, PN-A12).

    One run per company and month with one line per employee. Deductions subject to the cap
    are limited to a percentage (50%) of the month's efficiency bonus; the remainder is
    carried into the following months until paid. Computing a month again is deterministic:
    the same entries and the same previous carry give the same lines.
    """

    _name = "aftersales.penalty.deduction.run"
    _description = "Monthly Bonus Deduction Run"
    _inherit = ["aftersales.frozen.mixin", "mail.thread"]
    # a closed month is frozen: corrections go to a later month
    _frozen_states = ("done",)
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
        string="Month Start",
        required=True,
        index=True,
        default=lambda self: month_start(self.env["res.company"]._aftersales_default_today()),
    )
    period_label = fields.Char(
        string="Month",
        compute="_compute_period_label",
        help="The month whose bonus deductions the run computes.",
    )
    cap_percent = fields.Float(
        string="Cap (% of Bonus)",
        default=50.0,
        required=True,
        help="Deductions per month may not exceed this share of the month's efficiency "
        "bonus (50% by default).",
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
    @api.depends_context("lang")
    def _compute_period_label(self):
        for run in self:
            run.period_label = month_label(self.env, run.period)

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

    # ------------------------------------------------------------------ API
    @api.model
    @frozen_step
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
    @in_company_language
    def _cron_run_previous_month(self):
        for company in self.env["res.company"].search([]):
            # last month where the company is
            period = month_start(company._aftersales_local_date()) - relativedelta(months=1)
            self.with_company(company)._run_month(period, company)

    # ------------------------------------------------------------------ actions
    @frozen_step
    def action_compute(self):
        """Compute the lines of the run, then of later draft runs whose carry depends on it."""
        self._ensure_state(("draft",))
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

    @frozen_step
    def action_done(self):
        self._ensure_state(("draft",))
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
        # the month closes on the ledger as it stands: computed once more
        for run in self.sorted("period"):
            run._compute_lines()
        self.state = "done"
        return True

    def action_export_xlsx(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_penalty.aftersales_penalty_deduction_export_action"
        )
        action["context"] = {"default_run_id": self.id}
        return action

    # ------------------------------------------------------------------ computation
    def _candidate_entries_domain(self):
        """Domain of the employee entries that belong to this run: already linked to it, or
        approved, dated in its month and not yet taken. Each month takes exactly its own
        entries (plus the carry-in), whatever the order in which months are computed."""
        self.ensure_one()
        return [
            ("company_id", "=", self.company_id.id),
            ("target_type", "=", "employee"),
            "|",
            ("deduction_line_id.run_id", "=", self.id),
            "&",
            "&",
            ("state", "=", "approved"),
            ("deduction_line_id", "=", False),
            ("period", "=", self.period),
        ]

    def _candidate_entry_rows(self):
        """The candidate entries in one SELECT, by id (record rules applied as for a search):
        tuples ``(id, employee_id, direction, subject_to_cap, signed_amount,
        deduction_line_id)``."""
        Entry = self.env["aftersales.penalty.entry"]
        query = Entry._search(self._candidate_entries_domain(), order="id")
        table = query.table
        return self.env.execute_query(
            query.select(
                *(
                    Entry._field_to_sql(table, fname, query)
                    for fname in (
                        "id",
                        "employee_id",
                        "direction",
                        "subject_to_cap",
                        "signed_amount",
                        "deduction_line_id",
                    )
                )
            )
        )

    def _previous_carry_outs(self):
        """Carry-out of each employee's latest line before this month (``{employee id:
        carry_out}``, latest by period then id), in one SELECT."""
        self.ensure_one()
        Line = self.env["aftersales.penalty.deduction.line"]
        query = Line._search(
            [("company_id", "=", self.company_id.id), ("period", "<", self.period)]
        )
        table = query.table
        employee = Line._field_to_sql(table, "employee_id", query)
        period = Line._field_to_sql(table, "period", query)
        query.order = SQL("%s, %s DESC, %s DESC", employee, period, SQL.identifier(table, "id"))
        rows = self.env.execute_query(
            query.select(
                SQL("DISTINCT ON (%s) %s", employee, employee),
                Line._field_to_sql(table, "carry_out", query),
            )
        )
        return {employee_id: carry_out or 0.0 for employee_id, carry_out in rows}

    def _prepare_line_vals(self, employee, totals, carry_in):
        """Values of one employee's line; called by :meth:`_compute_lines`.

        ``totals`` holds the sums of the signed amounts of the employee's entries:
        ``capped`` and ``uncapped`` penalties (negative) and ``reward`` (the others).
        """
        self.ensure_one()
        rounding = self.currency_id.rounding

        def cur_round(amount):
            # res.currency.round() without a recordset per call
            return float_round(amount, precision_rounding=rounding)

        capped_new = -totals["capped"]
        uncapped_new = -totals["uncapped"]
        bonus = employee.sudo().aftersales_efficiency_bonus
        cap = cur_round(bonus * self.cap_percent / 100.0)
        capped_due = cur_round(carry_in + capped_new)
        # a credit (reversal of an entry already deducted) is paid back, never carried
        capped_deducted = min(capped_due, cap) if capped_due > 0 else capped_due
        uncapped = cur_round(uncapped_new)
        return {
            "run_id": self.id,
            "employee_id": employee.id,
            "department_id": employee.department_id.id,
            "efficiency_bonus": bonus,
            "cap_amount": cap,
            "carry_in": carry_in,
            "new_capped": cur_round(capped_new),
            "new_uncapped": uncapped,
            "amount_deducted": cur_round(capped_deducted + uncapped),
            "carry_out": cur_round(capped_due - capped_deducted),
            "reward_amount": cur_round(totals["reward"]),
        }

    def _compute_lines(self):
        """Lines of the run from its candidate entries and the previous carry.

        The work per entry and employee is plain Python on rows read in one SELECT each
        (entries, previous carry); changed lines are written grouped by value, new lines
        created in one ``create`` and the entries marked applied and linked to their lines
        in one pass (``_apply_to_deduction_lines`` of the entries).
        """
        self.ensure_one()
        Line = self.env["aftersales.penalty.deduction.line"]
        Entry = self.env["aftersales.penalty.entry"]
        # {employee id: {"capped"|"uncapped"|"reward": [signed amounts, by entry id]}}
        amounts = defaultdict(lambda: {"capped": [], "uncapped": [], "reward": []})
        # {employee id: [(entry id, its current deduction line id)]}
        entry_links = defaultdict(list)
        for row in self._candidate_entry_rows():
            entry_id, employee_id, direction, capped, signed, line_id = row
            if not employee_id:
                continue
            if direction == "penalty":
                key = "capped" if capped else "uncapped"
            else:
                key = "reward"
            amounts[employee_id][key].append(signed or 0.0)
            entry_links[employee_id].append((entry_id, line_id))
        carry_outs = self._previous_carry_outs()
        existing = {line.employee_id.id: line for line in self.line_ids}
        employee_ids = (
            set(entry_links)
            | {emp_id for emp_id, carry_out in carry_outs.items() if carry_out > 0}
            | set(existing)
        )
        employees = self.env["hr.employee"].browse(sorted(employee_ids))
        no_entries = {"capped": [], "uncapped": [], "reward": []}
        to_create = []
        to_write = defaultdict(lambda: Line)  # {changed values: lines}
        for employee in employees:
            emp_amounts = amounts.get(employee.id, no_entries)
            totals = {key: sum(values) for key, values in emp_amounts.items()}
            vals = self._prepare_line_vals(employee, totals, carry_outs.get(employee.id, 0.0))
            line = existing.get(employee.id)
            if line:
                changed = {
                    k: v
                    for k, v in vals.items()
                    if (line[k].id if isinstance(line[k], models.BaseModel) else line[k]) != v
                }
                if changed:
                    to_write[tuple(sorted(changed.items()))] |= line
            elif employee.id in entry_links or vals["carry_in"]:
                to_create.append(vals)
        for changed, lines in to_write.items():
            lines.write(dict(changed))
        line_of = {employee_id: line.id for employee_id, line in existing.items()}
        for line in Line.create(to_create):
            line_of[line.employee_id.id] = line.id
        # entries not linked to their employee's line yet, by line
        to_link = defaultdict(list)
        for employee_id, links in entry_links.items():
            line_id = line_of[employee_id]
            todo_ids = [entry_id for entry_id, linked in links if linked != line_id]
            if todo_ids:
                to_link[line_id] = todo_ids
        Entry._apply_to_deduction_lines(to_link, self.period)
        # only lines that existed before can have lost all their entries and carry
        old_lines = Line.browse([line.id for line in existing.values()])
        empty = old_lines.filtered(lambda line: not line.entry_ids and not line.carry_in)
        empty.unlink()
