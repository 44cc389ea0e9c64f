from odoo import api, fields, models

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step


class AftersalesComplaintAction(models.Model):
    """Corrective or preventive action decided in the investigation of a complaint."""

    _name = "aftersales.complaint.action"
    _description = "Complaint Corrective/Preventive Action"
    _order = "date_due, id"
    _check_company_auto = True

    complaint_id = fields.Many2one(
        "aftersales.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, precompute=True
    )
    action_type = fields.Selection(
        [("corrective", "Corrective"), ("preventive", "Preventive")],
        string="Type",
        required=True,
        default="corrective",
    )
    name = fields.Char(string="Action", required=True)
    user_id = fields.Many2one("res.users", string="Owner", required=True, check_company=True)
    department_id = fields.Many2one("hr.department", check_company=True)
    date_due = fields.Date(string="Due Date", required=True)
    date_done = fields.Date(string="Done On")
    state = fields.Selection(
        [("open", "Open"), ("done", "Done"), ("late", "Late")],
        compute="_compute_state",
        store=True,
    )

    @api.depends("date_done", "date_due")
    def _compute_state(self):
        today = fields.Date.today()
        for action in self:
            if action.date_done:
                action.state = "done"
            elif action.date_due and action.date_due < today:
                action.state = "late"
            else:
                action.state = "open"

    @frozen_step
    def action_done(self):
        self.write({"date_done": fields.Date.context_today(self)})
