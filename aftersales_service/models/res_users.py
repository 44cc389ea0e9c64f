# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    aftersales_labour_rate = fields.Float(
        string="Labour Cost per Hour",
        groups="base.group_system,aftersales_service.group_aftersales_manager",
        help="Cost of an hour of this technician's work, for the cost of free (warranty and "
        "contract) work; empty: the company's rate.",
    )
