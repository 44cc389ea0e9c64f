"""Carry the complaint deadlines a company had set in its settings over to service level
policies of that company (see the service addon's migration)."""

from odoo import SUPERUSER_ID, api

COMPANY_TARGETS = {
    "aftersales_complaint_close_days_domestic": ("sla_complaint_close_domestic", 13.0),
    "aftersales_complaint_close_days_foreign": ("sla_complaint_close_foreign", 17.0),
    "aftersales_complaint_quality_report_days": ("sla_complaint_quality_report", 3.0),
    "aftersales_complaint_handling_hours": ("sla_complaint_handling", 24.0),
    "aftersales_complaint_handling_away_hours": ("sla_complaint_handling_away", 72.0),
    "aftersales_complaint_stage_registered_days": ("sla_complaint_stage_registered", 0.5),
    "aftersales_complaint_stage_quality_days": ("sla_complaint_stage_quality", 1.0),
    "aftersales_complaint_stage_manufacturing_days": ("sla_complaint_stage_manufacturing", 1.0),
    "aftersales_complaint_stage_rd_days": ("sla_complaint_stage_rd", 1.0),
    "aftersales_complaint_stage_sales_domestic_days": ("sla_complaint_stage_sales_domestic", 5.0),
    "aftersales_complaint_stage_sales_foreign_days": ("sla_complaint_stage_sales_foreign", 12.0),
    "aftersales_complaint_stage_consolidation_days": ("sla_complaint_stage_consolidation", 0.5),
    "aftersales_quality_response_days": ("sla_quality_feedback_response", 7.0),
    "aftersales_return_visit_delay_days": ("sla_return_visit", 3.0),
}


def _move_monthly_cron(env):
    """The monthly statistics and their reminders left the complaint model for
    ``aftersales.complaint.report``; the cron record is noupdate, so point it there."""
    cron = env.ref(
        "aftersales_complaint.ir_cron_aftersales_complaint_monthly", raise_if_not_found=False
    )
    if cron:
        cron.model_id = env["ir.model"]._get_id("aftersales.complaint.report")


def migrate(cr, version):
    if version:
        env = api.Environment(cr, SUPERUSER_ID, {})
        env["aftersales.sla.policy"]._carry_over_company_targets(
            "aftersales_complaint", COMPANY_TARGETS
        )
        _move_monthly_cron(env)
