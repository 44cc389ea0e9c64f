# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AftersalesPenaltySubsidyWizard(models.TransientModel):
    """Compute the month's subsidies and completion-time penalties from completed jobs."""

    _name = "aftersales.penalty.subsidy.wizard"
    _inherit = "aftersales.penalty.month.mixin"
    _description = "Compute Subsidies from Completed Jobs"

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
