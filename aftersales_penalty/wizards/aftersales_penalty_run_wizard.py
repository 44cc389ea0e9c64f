# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AftersalesPenaltyRunWizard(models.TransientModel):
    """Run (or rerun) the monthly bonus deduction of a month."""

    _name = "aftersales.penalty.run.wizard"
    _inherit = "aftersales.penalty.month.mixin"
    _description = "Run Monthly Bonus Deductions"

    def action_run(self):
        self.ensure_one()
        run = self.env["aftersales.penalty.deduction.run"]._run_month(self.period, self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": run._name,
            "res_id": run.id,
            "view_mode": "form",
        }
