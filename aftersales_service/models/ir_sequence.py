# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models, tools


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model
    @tools.ormcache("code", "company_id")
    def _aftersales_sequence_id(self, code, company_id):
        """Id of the active sequence ``code`` of the company, else the shared one (0: none),
        looked up once per process: every numbered after-sales document asks for it. The
        cache is cleared when a sequence is created, deleted or changes code, company or
        active flag."""
        return (
            self.sudo()
            .search(
                [("code", "=", code), ("company_id", "in", [company_id, False])],
                order="company_id",
                limit=1,
            )
            .id
        )

    @api.model_create_multi
    def create(self, vals_list):
        sequences = super().create(vals_list)
        self.env.registry.clear_cache()
        return sequences

    def write(self, vals):
        res = super().write(vals)
        if {"code", "company_id", "active"} & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
