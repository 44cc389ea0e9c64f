# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesSlaPauseWizard(models.TransientModel):
    _name = "aftersales.sla.pause.wizard"
    _description = "Wait for the Customer"

    res_model = fields.Char(required=True)
    res_ids = fields.Json(required=True)
    reason = fields.Text(
        required=True, help="What the customer is to do (e.g. send the purchase invoice)."
    )

    def action_confirm(self):
        self.ensure_one()
        records = self.env[self.res_model].browse(self.res_ids)
        records._sla_pause(self.reason)
        return {"type": "ir.actions.act_window_close"}
