# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, models


class AftersalesPenaltyRunWizard(models.TransientModel):
    """Run (or rerun) the monthly bonus deduction of a month."""

    _name = "aftersales.penalty.run.wizard"
    _description = "Run Monthly Bonus Deductions"

    period = fields.Date(
        string="Month",
        required=True,
        default=lambda self: (
            fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        ),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
    )

    def action_run(self):
        self.ensure_one()
        run = self.env["aftersales.penalty.deduction.run"]._run_month(self.period, self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": run._name,
            "res_id": run.id,
            "view_mode": "form",
        }
