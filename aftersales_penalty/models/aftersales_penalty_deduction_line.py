# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AftersalesPenaltyDeductionLine(models.Model):
    """One employee's bonus deductions and rewards for one month (payroll export line)."""

    _name = "aftersales.penalty.deduction.line"
    _inherit = ["aftersales.frozen.mixin"]
    _description = "Monthly Bonus Deduction Line"
    # the lines of a closed month are frozen with their run
    _frozen_states = ("done",)
    _frozen_parent_field = "run_id"
    # the run computes its lines from the ledger: nobody types an amount or adds a line,
    # or the payroll export would differ from the entries
    _frozen_system_fields = frozenset(
        {
            "run_id",
            "employee_id",
            "department_id",
            "efficiency_bonus",
            "cap_amount",
            "carry_in",
            "new_capped",
            "new_uncapped",
            "amount_deducted",
            "carry_out",
            "reward_amount",
        }
    )
    _order = "period desc, employee_id"

    run_id = fields.Many2one(
        "aftersales.penalty.deduction.run",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    # the company's currency (= the run's): through the stored company, so that creating
    # lines does not build a new record per monetary value to find the run's currency; the
    # run rounds the amounts it writes
    currency_id = fields.Many2one(related="company_id.currency_id")
    period = fields.Date(related="run_id.period", store=True, index=True, string="Month Start")
    period_label = fields.Char(related="run_id.period_label", string="Month")
    state = fields.Selection(related="run_id.state")
    employee_id = fields.Many2one("hr.employee", required=True, index=True)
    employee_user_id = fields.Many2one(related="employee_id.user_id", store=True, index=True)
    department_id = fields.Many2one("hr.department", index=True)
    efficiency_bonus = fields.Monetary(string="Efficiency Bonus")
    cap_amount = fields.Monetary(string="Cap")
    carry_in = fields.Monetary(string="Brought Forward")
    new_capped = fields.Monetary(string="New Deductions (capped)")
    new_uncapped = fields.Monetary(string="New Deductions (uncapped)")
    amount_deducted = fields.Monetary(string="Deducted")
    carry_out = fields.Monetary(string="Carried Forward")
    reward_amount = fields.Monetary(string="Rewards and Subsidies")
    net_amount = fields.Monetary(
        compute="_compute_net_amount",
        store=True,
        string="Net Pay Adjustment",
    )
    entry_ids = fields.One2many(
        "aftersales.penalty.entry",
        "deduction_line_id",
        string="Ledger Entries",
    )

    _sql_constraints = [
        (
            "employee_period_uniq",
            "unique(employee_id, period, company_id)",
            "An employee has one deduction line per month.",
        ),
    ]

    @api.depends("reward_amount", "amount_deducted")
    def _compute_net_amount(self):
        for line in self:
            line.net_amount = line.reward_amount - line.amount_deducted
