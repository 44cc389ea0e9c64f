from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------ return visits (RV)
    aftersales_return_visit_channel = fields.Selection(
        related="company_id.aftersales_return_visit_channel", readonly=False
    )
    aftersales_survey_by_email = fields.Boolean(
        related="company_id.aftersales_survey_by_email", readonly=False
    )
    aftersales_survey_sampling_pct = fields.Integer(
        related="company_id.aftersales_survey_sampling_pct", readonly=False
    )
    aftersales_survey_id = fields.Many2one(
        related="company_id.aftersales_survey_id", readonly=False
    )
    aftersales_survey_low_score = fields.Integer(
        related="company_id.aftersales_survey_low_score", readonly=False
    )
    aftersales_install_followup_visits = fields.Integer(
        related="company_id.aftersales_install_followup_visits", readonly=False
    )
    aftersales_install_followup_window_days = fields.Integer(
        related="company_id.aftersales_install_followup_window_days", readonly=False
    )
    # ------------------------------------------------------------ quality feedback (QF)
    aftersales_quality_user_id = fields.Many2one(
        related="company_id.aftersales_quality_user_id", readonly=False
    )
    aftersales_quality_feedback_on_repair = fields.Boolean(
        related="company_id.aftersales_quality_feedback_on_repair", readonly=False
    )
