from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_complaint_rate_target = fields.Float(
        related="company_id.aftersales_complaint_rate_target", readonly=False
    )
    aftersales_complaint_rate_due_day = fields.Integer(
        related="company_id.aftersales_complaint_rate_due_day", readonly=False
    )
    aftersales_complaint_rate_due_hour = fields.Float(
        related="company_id.aftersales_complaint_rate_due_hour", readonly=False
    )
    aftersales_complaint_stats_due_day = fields.Integer(
        related="company_id.aftersales_complaint_stats_due_day", readonly=False
    )
