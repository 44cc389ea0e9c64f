from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_frozen_mixin import frozen_step


class AftersalesServiceRequestSignatureMixin(models.AbstractModel):
    """The customer's confirmation of a service request: a signature (on the portal or
    the form) or the scan of the signed voucher. A request closes only once confirmed.

    Inherited by ``aftersales.service.request`` only; its fields and methods are the
    request's (views, reports and portal pages name them on the request).
    """

    _name = "aftersales.service.request.signature.mixin"
    _description = "Service Request Customer Signature"

    customer_signature = fields.Image(
        string="Customer Signature", copy=False, max_width=1024, max_height=1024
    )
    signed_by = fields.Char(copy=False)
    signed_on = fields.Datetime(copy=False, readonly=True)
    voucher_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Signed Voucher",
        copy=False,
        help="Scan of the service voucher signed by the customer.",
    )
    customer_confirmed = fields.Boolean(
        compute="_compute_customer_confirmed", store=True, string="Confirmed by Customer"
    )

    @api.depends("customer_signature", "voucher_attachment_id")
    def _compute_customer_confirmed(self):
        for request in self:
            request.customer_confirmed = bool(
                request.customer_signature or request.voucher_attachment_id
            )

    @frozen_step
    def action_sign(self, signature, signed_by):
        """Record the customer's signature (portal or form)."""
        self.ensure_one()
        # once, for the work under way or done: a signature is never replaced
        if self.state not in ("in_progress", "carry_in", "done") or self.customer_confirmed:
            raise UserError(
                self.env._(
                    "Service request %(name)s does not wait for a signature: the customer "
                    "signs once, for the work on the job.",
                    name=self.name,
                )
            )
        if not signature:
            raise UserError(self.env._("The signature is empty."))
        self.write(
            {
                "customer_signature": signature,
                "signed_by": signed_by,
                "signed_on": fields.Datetime.now(),
            }
        )
        return True

    def action_print_voucher(self):
        return self.env.ref(
            "aftersales_service.action_report_aftersales_service_voucher"
        ).report_action(self)
