# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.float_utils import float_compare

from .aftersales_frozen_mixin import frozen_step, in_frozen_step

# a price above this multiple of the fee schedule needs the supervisor's approval
OVER_QUOTE_FACTOR = 2.0
# typed on the job while the quote waits for the customer, then taken by the acceptance
CONSENT_INPUT_FIELDS = ("quote_accepted_by", "quote_signature")


class AftersalesServiceRequestQuoteMixin(models.AbstractModel):
    """Quote and consent for paid work: before the work, the customer accepts the price of
    the charged parts and fees (signing on site, or on the portal); a price above twice the
    fee schedule needs the supervisor first; work charged without an accepted quote, or
    above it, is flagged."""

    _name = "aftersales.service.request.quote.mixin"
    _description = "Service Request: Quote and Consent"

    company_id = fields.Many2one("res.company")
    currency_id = fields.Many2one(related="company_id.currency_id")
    quote_state = fields.Selection(
        [
            ("none", "No Quote"),
            ("to_approve", "Waiting for the Supervisor"),
            ("sent", "Waiting for the Customer"),
            ("accepted", "Accepted"),
            ("refused", "Refused"),
        ],
        string="Quote",
        default="none",
        required=True,
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
    )
    quote_amount = fields.Monetary(string="Quoted Amount", copy=False, readonly=True)
    quote_date = fields.Datetime(string="Quoted On", copy=False, readonly=True)
    quote_approved_by = fields.Many2one(
        "res.users", string="Quote Approved By", copy=False, readonly=True
    )
    quote_accepted_by = fields.Char(
        string="Accepted By", copy=False, help="Name of the person who accepted the quote."
    )
    quote_signature = fields.Image(
        string="Signature of the Quote", copy=False, max_width=1024, max_height=1024
    )
    quote_accepted_on = fields.Datetime(string="Accepted On", copy=False, readonly=True)
    quote_over_limit = fields.Boolean(
        string="Quoted Above Twice the Fee Schedule",
        copy=False,
        readonly=True,
        index=True,
        help="A quote of this job priced a part or fee above twice the fee schedule (乱报价): "
        "the supervisor had to approve it, and the penalty book may fine it. Kept once set, "
        "even if a later quote is lower.",
    )
    charged_without_quote = fields.Boolean(
        string="Charged Without Consent",
        compute="_compute_charged_without_quote",
        store=True,
        index=True,
        help="Finished with charges the customer did not accept: no accepted quote, or more "
        "than the accepted amount.",
    )

    def write(self, vals):
        if not in_frozen_step():
            for fname in CONSENT_INPUT_FIELDS:
                if fname not in vals:
                    continue
                new = vals[fname] or False
                for request in self:
                    old = request[fname] or False
                    if isinstance(old, bytes) and isinstance(new, str):
                        old = old.decode()
                    if old != new and request.quote_state != "sent":
                        raise UserError(
                            self.env._(
                                "Service request %(name)s: %(field)s is taken only while the "
                                "quote waits for the customer; the customer's acceptance is "
                                "then recorded by its button.",
                                name=request.name,
                                field=self._fields[fname]._description_string(self.env),
                            )
                        )
        return super().write(vals)

    @api.depends("state", "amount_charged", "quote_state", "quote_amount")
    def _compute_charged_without_quote(self):
        for request in self:
            rounding = request.currency_id.rounding or 0.01
            request.charged_without_quote = bool(
                request.state in ("done", "closed")
                and float_compare(request.amount_charged, 0.0, precision_rounding=rounding) > 0
                and (
                    request.quote_state != "accepted"
                    or float_compare(
                        request.amount_charged, request.quote_amount, precision_rounding=rounding
                    )
                    > 0
                )
            )

    def _quote_over_limit(self):
        """Charged lines priced above twice the fee schedule."""
        self.ensure_one()
        return self.line_ids.filtered(
            lambda line: (
                line.charged
                and line.list_price
                and float_compare(
                    line.price_unit,
                    OVER_QUOTE_FACTOR * line.list_price,
                    precision_rounding=self.currency_id.rounding or 0.01,
                )
                > 0
            )
        )

    @frozen_step
    def action_send_quote(self):
        """Quote the charged parts and fees to the customer (supervisor first when a price
        is above twice the fee schedule)."""
        self._ensure_state(("new", "dispatched", "in_progress", "carry_in"))
        for request in self:
            if float_compare(request.amount_charged, 0.0, precision_rounding=0.01) <= 0:
                raise UserError(
                    self.env._(
                        "Service request %(name)s charges nothing: there is nothing to quote.",
                        name=request.name,
                    )
                )
            over = request._quote_over_limit()
            state = "to_approve" if over else "sent"
            request.write(
                {
                    "quote_over_limit": request.quote_over_limit or bool(over),
                    "quote_state": state,
                    "quote_amount": request.amount_charged,
                    "quote_date": fields.Datetime.now(),
                    "quote_approved_by": False,
                    "quote_accepted_by": False,
                    "quote_signature": False,
                    "quote_accepted_on": False,
                }
            )
            if over:
                supervisor = request.supervisor_id or request.user_id or self.env.user
                request.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=supervisor.id,
                    summary=supervisor._aftersales_lang_env()._(
                        "Approve the quote of %(name)s: %(part)s priced above twice the fee "
                        "schedule",
                        name=request.name,
                        part=over[0].product_id.display_name,
                    ),
                )
        return True

    @frozen_step
    def action_approve_quote(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._(
                    "Only a service supervisor (after-sales manager) may approve a quote above "
                    "twice the fee schedule."
                )
            )
        for request in self:
            if request.quote_state != "to_approve":
                raise UserError(
                    self.env._(
                        "The quote of %(name)s does not wait for approval.", name=request.name
                    )
                )
        self.write({"quote_state": "sent", "quote_approved_by": self.env.uid})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    @frozen_step
    def action_accept_quote(self, signed_by=None):
        """The customer accepts the quote (on site: the name and signature on the job)."""
        for request in self:
            if request.quote_state != "sent":
                raise UserError(
                    self.env._(
                        "The quote of %(name)s does not wait for the customer.", name=request.name
                    )
                )
            name = (signed_by or request.quote_accepted_by or "").strip()
            if not name:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: write the name of the person accepting the "
                        "quote.",
                        name=request.name,
                    )
                )
            request.write(
                {
                    "quote_state": "accepted",
                    "quote_accepted_by": name,
                    "quote_accepted_on": fields.Datetime.now(),
                }
            )
            request.message_post(
                body=self.env._(
                    "Quote of %(amount)s accepted by %(name)s.",
                    amount=request.currency_id.format(request.quote_amount),
                    name=name,
                )
            )
        return True

    @frozen_step
    def action_refuse_quote(self):
        for request in self:
            if request.quote_state not in ("sent", "to_approve"):
                raise UserError(self.env._("The quote of %(name)s is not open.", name=request.name))
        self.write({"quote_state": "refused"})
        return True
