from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class AftersalesQualityFeedbackReportWizard(models.TransientModel):
    """Monthly quality report (QF-A06): faults by product, fault code and lot."""

    _name = "aftersales.quality.feedback.report.wizard"
    _description = "Monthly Quality Report"

    date_from = fields.Date(
        required=True,
        default=lambda self: (
            self.env["res.company"]._aftersales_default_today().replace(day=1)
            - relativedelta(months=1)
        ),
    )
    date_to = fields.Date(
        required=True,
        default=lambda self: (
            self.env["res.company"]._aftersales_default_today().replace(day=1)
            - relativedelta(days=1)
        ),
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(
                    self.env._(
                        "The report starts on %(start)s, after its end %(end)s.",
                        start=wizard.date_from,
                        end=wizard.date_to,
                    )
                )

    def _report_data(self):
        """Rows of the report: per product, its faults with their lots."""
        self.ensure_one()
        Feedback = self.env["aftersales.quality.feedback"].with_company(self.company_id)
        rows = Feedback._fault_statistics(
            self.date_from, self.date_to, groupby=("product_id", "fault_code_id", "lot_id")
        )
        products = {}
        for row in rows:
            product = products.setdefault(
                row["product_id"],
                {"product": row["product_id"], "count": 0, "hours": 0.0, "cost": 0.0, "faults": {}},
            )
            fault = product["faults"].setdefault(
                row["fault_code_id"],
                {"fault": row["fault_code_id"], "count": 0, "hours": 0.0, "cost": 0.0, "lots": []},
            )
            for total in (product, fault):
                total["count"] += row["quantity"]
                total["hours"] += row["hours"] or 0.0
                total["cost"] += row["cost"] or 0.0
            if row["lot_id"]:
                fault["lots"].append(row["lot_id"].name)
        result = sorted(products.values(), key=lambda p: -p["count"])
        for product in result:
            product["faults"] = sorted(product["faults"].values(), key=lambda f: -f["count"])
        return result

    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "aftersales_complaint.action_report_aftersales_quality_monthly"
        ).report_action(self)

    def action_view_analysis(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_complaint.action_aftersales_quality_feedback_analysis"
        )
        action["domain"] = [
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
            ("company_id", "=", self.company_id.id),
            ("state", "!=", "cancelled"),
        ]
        return action
