from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .aftersales_frozen_mixin import frozen_step


class AftersalesServiceExtension(models.Model):
    """Extension of a promised completion time, approved by the supervisor
    (seed 000 (十四), 3.7)."""

    _name = "aftersales.service.extension"
    _description = "Service Request Extension"
    _inherit = ["aftersales.frozen.mixin", "mail.thread"]
    _order = "id desc"
    # the supervisor's decision moves a deadline the completion penalties count from: it is
    # taken by the buttons only, and a decided extension stays as decided
    _frozen_states = ("approved", "refused")
    _frozen_initial_states = ("requested",)
    _frozen_system_fields = frozenset({"decided_by", "decided_on", "requested_by"})

    request_id = fields.Many2one(
        "aftersales.service.request", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    requested_by = fields.Many2one(
        "res.users", default=lambda self: self.env.user, readonly=True, required=True
    )
    reason = fields.Text(required=True)
    current_deadline = fields.Datetime(
        compute="_compute_current_deadline", store=True, readonly=True
    )
    new_deadline = fields.Datetime(required=True)
    state = fields.Selection(
        [("requested", "Requested"), ("approved", "Approved"), ("refused", "Refused")],
        default="requested",
        required=True,
        tracking=True,
    )
    decided_by = fields.Many2one("res.users", readonly=True)
    decided_on = fields.Datetime(readonly=True)

    @api.depends("request_id")
    def _compute_current_deadline(self):
        for extension in self:
            extension.current_deadline = extension.request_id.completion_deadline

    @api.model_create_multi
    def create(self, vals_list):
        extensions = super().create(vals_list)
        for extension in extensions:
            if extension.new_deadline <= (extension.current_deadline or extension.create_date):
                raise UserError(
                    self.env._(
                        "The new deadline %(new)s must be after the current one %(current)s.",
                        new=extension.new_deadline,
                        current=extension.current_deadline,
                    )
                )
            request = extension.request_id
            supervisor = request.supervisor_id or request.user_id
            if supervisor:
                extension.request_id.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=supervisor.id,
                    summary=supervisor._aftersales_lang_env()._(
                        "Approve extension to %(date)s",
                        date=request.company_id.with_env(
                            supervisor._aftersales_lang_env()
                        )._aftersales_format_datetime(extension.new_deadline),
                    ),
                    note=extension.reason,
                )
        return extensions

    def _check_supervisor(self):
        user = self.env.user
        for extension in self:
            if user == extension.request_id.supervisor_id:
                continue
            if not user.has_group("aftersales_service.group_aftersales_manager"):
                raise AccessError(
                    self.env._(
                        "Only the supervisor of %(request)s or an after-sales manager can "
                        "decide on its extension.",
                        request=extension.request_id.name,
                    )
                )

    def _ensure_requested(self):
        if any(e.state != "requested" for e in self):
            raise UserError(self.env._("This extension has already been decided."))

    @frozen_step
    def action_approve(self):
        self._ensure_requested()
        self._check_supervisor()
        now = fields.Datetime.now()
        for extension in self:
            extension.write(
                {"state": "approved", "decided_by": self.env.user.id, "decided_on": now}
            )
            extension.request_id.sudo().write({"completion_deadline": extension.new_deadline})
            extension.request_id.message_post(
                body=self.env._(
                    "Completion time extended to %(date)s: %(reason)s",
                    date=extension.request_id.company_id._aftersales_format_datetime(
                        extension.new_deadline
                    ),
                    reason=extension.reason,
                )
            )
        return True

    @frozen_step
    def action_refuse(self):
        self._ensure_requested()
        self._check_supervisor()
        self.write(
            {
                "state": "refused",
                "decided_by": self.env.user.id,
                "decided_on": fields.Datetime.now(),
            }
        )
        return True
