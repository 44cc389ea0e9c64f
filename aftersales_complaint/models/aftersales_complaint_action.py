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
        for action in self:
            today = (action.company_id or self.env.company)._aftersales_local_date()
            if action.date_done:
                action.state = "done"
            elif action.date_due and action.date_due < today:
                action.state = "late"
            else:
                action.state = "open"

    @api.model
    def _cron_flag_late(self):
        """Open actions whose due date has passed become late by themselves (the stored
        state is computed again every day), and their owner gets one activity on the
        complaint."""
        today = self.env.company._aftersales_local_date()
        actions = self.search([("state", "=", "open"), ("date_due", "<", today)])
        self.env.add_to_compute(self._fields["state"], actions)
        actions.flush_recordset(["state"])
        late = actions.filtered(lambda action: action.state == "late")
        for action in late:
            action.complaint_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=self.env._("Late action: %(action)s", action=action.name),
                user_id=action.user_id.id,
            )
        return late

    @frozen_step
    def action_done(self):
        self.write({"date_done": fields.Date.context_today(self)})
