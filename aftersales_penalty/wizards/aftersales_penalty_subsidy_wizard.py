# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, models


class AftersalesPenaltySubsidyWizard(models.TransientModel):
    """Compute the month's subsidies and completion-time penalties from completed jobs."""

    _name = "aftersales.penalty.subsidy.wizard"
    _description = "Compute Subsidies from Completed Jobs"

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

    def action_generate(self):
        self.ensure_one()
        entries = self.env["aftersales.penalty.rule"]._generate_service_entries(
            self.period, self.company_id
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_penalty.aftersales_penalty_entry_action"
        )
        action["domain"] = [("id", "in", entries.ids)]
        return action
