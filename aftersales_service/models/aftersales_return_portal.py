# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.tools import plaintext2html

from .aftersales_return import AftersalesReturn as AftersalesReturnBase


class AftersalesReturn(models.Model):
    """Return cases asked by the customer on the portal (``/my/returns``).

    A case asked on the portal always waits for the desk's approval (the desk looks at
    the photos before anything is received), whatever the warranty policy says; the
    customer follows it on the portal through its access URL and token.
    """

    _name = "aftersales.return"
    _inherit = ["aftersales.return", "aftersales.portal.token.mixin", "portal.mixin"]
    # the customer's link (access token) may be made at any state
    _frozen_writable_fields = AftersalesReturnBase._frozen_writable_fields | {"access_token"}

    channel = fields.Selection(
        [("desk", "Service Desk"), ("portal", "Customer Portal")],
        string="Asked Through",
        default="desk",
        required=True,
        readonly=True,
        index=True,
        copy=False,
        help="Customer Portal: the customer asked for this return or exchange on the portal; "
        "a manager approves it after checking the reason and the photos.",
    )

    def _compute_access_url(self):
        super()._compute_access_url()
        for case in self:
            case.access_url = f"/my/returns/{case.id}"

    @api.depends("channel")
    def _compute_policy(self):
        """A case asked on the portal needs approval even within the policy."""
        res = super()._compute_policy()
        for case in self:
            if case.channel == "portal" and case.line_ids:
                case.needs_approval = True
        return res

    # ------------------------------------------------------------------ portal intake
    @api.model
    def _prepare_portal_vals(self, partner, unit, kind, reason, description, qty=1.0):
        """Values of the case a customer asks for on the portal. Called by the portal
        controller (``/my/returns/new``), for the policy check and for the creation.

        :param partner: the customer's commercial partner
        :param unit: dict of the delivered unit (``product``, ``lot``, ``move``,
            ``picking``, ``company`` records)
        """
        line_vals = {
            "product_id": unit["product"].id,
            "lot_id": unit["lot"].id,
            "move_id": unit["move"].id,
            "qty": qty,
        }
        return {
            "channel": "portal",
            "company_id": unit["company"].id,
            "partner_id": partner.id,
            "picking_id": unit["picking"].id,
            "lot_id": unit["lot"].id,
            "kind": kind,
            "reason_id": reason.id,
            "description": plaintext2html(description) if description else False,
            "user_id": False,
            "line_ids": [Command.create(line_vals)],
        }

    @api.model
    def _portal_policy_error(self, vals):
        """The policy note when the case of ``vals`` is outside the return or exchange
        window (or the warranty is void), else ``False``. Nothing is written: the case
        is evaluated in memory with the same rules as the desk's cases."""
        case = self.new(vals)
        lines = case.line_ids
        if lines and all(lines.mapped("policy_ok")):
            return False
        return "; ".join(line.policy_note for line in lines if not line.policy_ok) or self.env._(
            "the sale date of this unit is unknown."
        )
