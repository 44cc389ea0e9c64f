# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from .aftersales_frozen_mixin import frozen_step

DESK_GROUP = "aftersales_service.group_aftersales_user_all"


class AftersalesServiceRequestContactMixin(models.AbstractModel):
    """A customer who cannot be reached after dispatch: the technician reports it, the
    dispatcher confirms it, and the job is then not held late for its first contact
    (seed 003: 无法联系用户的，向调度报告并经调度确认的除外)."""

    _name = "aftersales.service.request.contact.mixin"
    _description = "Service Request: Customer Unreachable"

    unreachable_on = fields.Datetime(
        string="Customer Unreachable On",
        copy=False,
        readonly=True,
        help="When the technician reported that the customer could not be reached.",
    )
    unreachable_confirmed_by = fields.Many2one(
        "res.users",
        string="Unreachable Confirmed By",
        copy=False,
        readonly=True,
        help="The dispatcher who confirmed the report: the job is then not fined for a late "
        "first contact.",
    )

    @frozen_step
    def action_customer_unreachable(self):
        """Report that the customer cannot be reached (before the first contact)."""
        self._ensure_state(("dispatched",))
        for request in self:
            if request.date_contacted or request.unreachable_on:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: the customer was already contacted or "
                        "reported unreachable.",
                        name=request.name,
                    )
                )
        self.write({"unreachable_on": fields.Datetime.now()})
        for request in self:
            request.message_post(
                body=self.env._(
                    "%(user)s could not reach the customer; the dispatcher confirms it.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @frozen_step
    def action_confirm_unreachable(self):
        """The dispatcher confirms the report (not the technician who made it)."""
        if not self.env.user.has_group(DESK_GROUP):
            raise AccessError(
                self.env._("Only the service desk confirms that a customer was unreachable.")
            )
        for request in self:
            if not request.unreachable_on or request.unreachable_confirmed_by:
                raise UserError(
                    self.env._(
                        "Service request %(name)s has no report of an unreachable customer to "
                        "confirm.",
                        name=request.name,
                    )
                )
            if request.technician_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "Service request %(name)s: the report of the technician is confirmed "
                        "by the dispatcher, not by the technician himself.",
                        name=request.name,
                    )
                )
        self.write({"unreachable_confirmed_by": self.env.user.id})
        return True
