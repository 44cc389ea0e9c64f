# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, models


class AftersalesPenaltyMonthMixin(models.AbstractModel):
    """The month (last month by default) and company a monthly ledger step runs for."""

    _name = "aftersales.penalty.month.mixin"
    _description = "Month of a Ledger Step"

    period = fields.Date(
        string="Month",
        required=True,
        default=lambda self: (
            self.env["res.company"]._aftersales_default_today().replace(day=1)
            - relativedelta(months=1)
        ),
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
    )
