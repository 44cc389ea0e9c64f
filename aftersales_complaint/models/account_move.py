# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.model
    def _aftersales_money_links(self):
        # a complaint's decided allowance or refund: its credit notes
        return super()._aftersales_money_links() + [("aftersales.complaint", "credit_note_ids")]
