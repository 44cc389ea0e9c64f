from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import (
    frozen_step,
    in_frozen_step,
)
from odoo.addons.aftersales_service.models.res_company import (
    in_company_language,
    lock_for_cron,
)


class AftersalesComplaintAction(models.Model):
    """Corrective or preventive action decided in the investigation of a complaint."""

    _name = "aftersales.complaint.action"
    _inherit = ["aftersales.frozen.mixin"]
    _description = "Complaint Corrective/Preventive Action"
    _order = "date_due, id"
    _check_company_auto = True
    # An action is the follow-up of a complaint: new ones are added to a decided complaint
    # too, so it does not freeze with its complaint. Its state follows its dates (typing
    # the done date is recording the completion, as the Done button does) and never moves
    # by a write; once done, the action and its done date are the record of the follow-up
    # (QF-A05, QF-A07): only the date of the effectiveness check may still be planned, and
    # the effectiveness is given by its buttons.
    _frozen_states = ("done",)
    _frozen_initial_states = ("open",)
    _frozen_writable_fields = frozenset({"date_effect_check"})
    _frozen_system_fields = frozenset({"effectiveness", "effect_reminded"})

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
    # the effectiveness of a corrective action is checked some time after it is done
    date_effect_check = fields.Date(
        string="Effectiveness Check On",
        compute="_compute_date_effect_check",
        store=True,
        readonly=False,
        help="When the owner checks that the action worked (30 days after it was done).",
    )
    effectiveness = fields.Selection(
        [("effective", "Effective"), ("not_effective", "Not Effective")],
        copy=False,
        help="Not effective: the complaint's handler gets an activity to decide a new action.",
    )
    effect_reminded = fields.Boolean(copy=False)

    @api.depends("date_done")
    def _compute_date_effect_check(self):
        for action in self:
            action.date_effect_check = action.date_done and action.date_done + timedelta(days=30)

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

    def write(self, vals):
        if not in_frozen_step():
            self._check_write_outside_steps(vals)
        return super().write(vals)

    def _check_write_outside_steps(self, vals):
        """An action stays with its complaint, and a late action stays late: its due date
        is not moved once passed (it would turn it back to open)."""
        if "complaint_id" in vals:
            moved = self.filtered(lambda action: action.complaint_id.id != vals["complaint_id"])
            if moved:
                raise UserError(
                    self.env._(
                        "Action %(action)s belongs to complaint %(complaint)s: it cannot be "
                        "moved to another complaint.",
                        action=moved[0].name,
                        complaint=moved[0].complaint_id.name,
                    )
                )
        if "date_due" in vals:
            new_due = fields.Date.to_date(vals["date_due"])
            late = self.filtered(
                lambda action: action.state == "late" and action.date_due != new_due
            )
            if late:
                raise UserError(
                    self.env._(
                        "Action %(action)s of complaint %(complaint)s is late since "
                        "%(due)s: its due date cannot be changed any more.",
                        action=late[0].name,
                        complaint=late[0].complaint_id.name,
                        due=late[0].date_due,
                    )
                )

    @frozen_step
    def action_effective(self):
        self._check_done_for_effectiveness()
        self.write({"effectiveness": "effective"})
        return True

    @frozen_step
    def action_not_effective(self):
        self._check_done_for_effectiveness()
        self.write({"effectiveness": "not_effective"})
        for action in self:
            complaint = action.complaint_id
            user = complaint.user_id or self.env.user
            user_env = user._aftersales_lang_env()
            complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=user_env._("Not effective: %(action)s", action=action.name),
                note=user_env._("Decide a new action: the action did not solve the cause."),
                user_id=user.id,
            )
        return True

    def _check_done_for_effectiveness(self):
        undone = self.filtered(lambda action: not action.date_done)
        if undone:
            raise UserError(
                self.env._(
                    "Action %(action)s is not done yet: its effectiveness is checked after.",
                    action=undone[0].name,
                )
            )

    @api.model
    @in_company_language
    @frozen_step
    def _cron_flag_late(self):
        """Open actions whose due date has passed become late by themselves (the stored
        state is computed again every day), and their owner gets one activity on the
        complaint."""
        today = self.env.company._aftersales_local_date()
        actions = lock_for_cron(self.search([("state", "=", "open"), ("date_due", "<", today)]))
        self.env.add_to_compute(self._fields["state"], actions)
        actions.flush_recordset(["state"])
        late = actions.filtered(lambda action: action.state == "late")
        for action in late:
            action.complaint_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=action.user_id._aftersales_lang_env()._(
                    "Late action: %(action)s", action=action.name
                ),
                user_id=action.user_id.id,
            )
        to_check = lock_for_cron(
            self.search(
                [
                    ("state", "=", "done"),
                    ("effectiveness", "=", False),
                    ("effect_reminded", "=", False),
                    ("date_effect_check", "<=", today),
                ]
            )
        )
        for action in to_check:
            action.complaint_id.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=action.user_id._aftersales_lang_env()._(
                    "Check the effectiveness of: %(action)s", action=action.name
                ),
                user_id=action.user_id.id,
            )
        to_check.write({"effect_reminded": True})
        return late

    @frozen_step
    def action_done(self):
        self._ensure_state(("open", "late"))
        self.write({"date_done": self.env["res.company"]._aftersales_default_today()})
        return True
