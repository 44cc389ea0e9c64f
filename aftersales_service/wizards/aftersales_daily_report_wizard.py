from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError


class AftersalesDailyReportWizard(models.TransientModel):
    """Technician and supervisor daily report (技術員工作日報表 / 服務主任日報表)."""

    _name = "aftersales.daily.report.wizard"
    _description = "Service Daily Report"

    date = fields.Date(
        required=True, default=lambda self: self.env["res.company"]._aftersales_default_today()
    )
    technician_ids = fields.Many2many(
        "res.users",
        string="Technicians",
        help="Leave empty for every technician (supervisor report).",
    )

    def _get_lines(self):
        """Time per technician and service class on the day, with the jobs."""
        self.ensure_one()
        start = datetime.combine(self.date, time.min)
        end = datetime.combine(self.date, time.max)
        domain = [
            ("date_done", ">=", start),
            ("date_done", "<=", end),
            ("technician_id", "!=", False),
        ]
        if self.technician_ids:
            domain.append(("technician_id", "in", self.technician_ids.ids))
        requests = self.env["aftersales.service.request"].search(
            domain, order="technician_id, date_done"
        )
        lines = {}
        for request in requests:
            entry = lines.setdefault(
                request.technician_id,
                {
                    "technician": request.technician_id,
                    "hours": dict.fromkeys("ABCD", 0.0),
                    "requests": request.browse(),
                },
            )
            entry["hours"][request.service_class or "A"] += request.time_spent
            entry["requests"] |= request
        return list(lines.values())

    @api.model
    def format_hours(self, hours):
        minutes = round(hours * 60)
        return "%02d:%02d" % divmod(minutes, 60)

    def action_print(self):
        self.ensure_one()
        if not self._get_lines():
            raise UserError(
                self.env._(
                    "No job was finished on %(date)s by the chosen technicians.", date=self.date
                )
            )
        return self.env.ref("aftersales_service.action_report_aftersales_daily").report_action(self)
