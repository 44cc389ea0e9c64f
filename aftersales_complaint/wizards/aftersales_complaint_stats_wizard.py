from dateutil.relativedelta import relativedelta

from odoo import fields, models


class AftersalesComplaintStatsWizard(models.TransientModel):
    """Print the monthly complaint statistics (due the 10th) and complaint rate (due the
    5th at 17:00) of a month (seed 000 (九) 10 and 篇7, conflict C-30)."""

    _name = "aftersales.complaint.stats.wizard"
    _description = "Monthly Complaint Statistics"

    def _default_month(self):
        return self.env["res.company"]._aftersales_default_today().replace(day=1) - relativedelta(
            months=1
        )

    month = fields.Date(required=True, default=_default_month, help="Any day of the month.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    def _get_statistics(self):
        self.ensure_one()
        return self.env["aftersales.complaint.report"]._get_monthly_statistics(
            self.month, self.company_id
        )

    def action_print(self):
        return self.env.ref(
            "aftersales_complaint.action_report_complaint_statistics"
        ).report_action(self)
