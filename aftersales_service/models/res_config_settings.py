from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_warranty_duration = fields.Integer(
        related="company_id.aftersales_warranty_duration", readonly=False
    )
    aftersales_warranty_unit = fields.Selection(
        related="company_id.aftersales_warranty_unit", readonly=False
    )
    aftersales_warranty_start_basis = fields.Selection(
        related="company_id.aftersales_warranty_start_basis", readonly=False
    )
    aftersales_return_window_days = fields.Integer(
        related="company_id.aftersales_return_window_days", readonly=False
    )
    aftersales_exchange_window_days = fields.Integer(
        related="company_id.aftersales_exchange_window_days", readonly=False
    )
    aftersales_calendar_id = fields.Many2one(
        related="company_id.aftersales_calendar_id", readonly=False
    )
    aftersales_response_contract_hours = fields.Float(
        related="company_id.aftersales_response_contract_hours", readonly=False
    )
    aftersales_contract_notice_months = fields.Integer(
        related="company_id.aftersales_contract_notice_months", readonly=False
    )
    aftersales_cash_handin_days = fields.Integer(
        related="company_id.aftersales_cash_handin_days", readonly=False
    )
    aftersales_visit_sms = fields.Boolean(related="company_id.aftersales_visit_sms", readonly=False)
    aftersales_labour_rate = fields.Float(
        related="company_id.aftersales_labour_rate", readonly=False
    )
    aftersales_bench_units_per_day = fields.Integer(
        related="company_id.aftersales_bench_units_per_day", readonly=False
    )
    aftersales_provider_deposit_min = fields.Monetary(
        related="company_id.aftersales_provider_deposit_min", readonly=False
    )
    aftersales_old_part_late_deduction = fields.Monetary(
        related="company_id.aftersales_old_part_late_deduction", readonly=False
    )
    aftersales_provider_min_installers = fields.Integer(
        related="company_id.aftersales_provider_min_installers", readonly=False
    )
    aftersales_provider_min_installers_relaxed = fields.Integer(
        related="company_id.aftersales_provider_min_installers_relaxed", readonly=False
    )
