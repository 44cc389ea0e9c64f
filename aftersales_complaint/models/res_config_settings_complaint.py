from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_complaint_close_days_domestic = fields.Integer(
        related="company_id.aftersales_complaint_close_days_domestic", readonly=False
    )
    aftersales_complaint_close_days_foreign = fields.Integer(
        related="company_id.aftersales_complaint_close_days_foreign", readonly=False
    )
    aftersales_complaint_quality_report_days = fields.Integer(
        related="company_id.aftersales_complaint_quality_report_days", readonly=False
    )
    aftersales_complaint_stage_registered_days = fields.Float(
        related="company_id.aftersales_complaint_stage_registered_days", readonly=False
    )
    aftersales_complaint_stage_quality_days = fields.Float(
        related="company_id.aftersales_complaint_stage_quality_days", readonly=False
    )
    aftersales_complaint_stage_manufacturing_days = fields.Float(
        related="company_id.aftersales_complaint_stage_manufacturing_days", readonly=False
    )
    aftersales_complaint_stage_rd_days = fields.Float(
        related="company_id.aftersales_complaint_stage_rd_days", readonly=False
    )
    aftersales_complaint_stage_sales_domestic_days = fields.Float(
        related="company_id.aftersales_complaint_stage_sales_domestic_days", readonly=False
    )
    aftersales_complaint_stage_sales_foreign_days = fields.Float(
        related="company_id.aftersales_complaint_stage_sales_foreign_days", readonly=False
    )
    aftersales_complaint_stage_consolidation_days = fields.Float(
        related="company_id.aftersales_complaint_stage_consolidation_days", readonly=False
    )
    aftersales_complaint_handling_hours = fields.Float(
        related="company_id.aftersales_complaint_handling_hours", readonly=False
    )
    aftersales_complaint_handling_away_hours = fields.Float(
        related="company_id.aftersales_complaint_handling_away_hours", readonly=False
    )
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
