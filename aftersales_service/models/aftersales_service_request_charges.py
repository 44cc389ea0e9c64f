from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from .aftersales_frozen_mixin import frozen_step


class AftersalesServiceRequestChargesMixin(models.AbstractModel):
    """Parts and charges of a service request: the charged amount, the manager's approval
    of a reduced or waived charge, and the customer invoice.

    Inherited by ``aftersales.service.request`` only; its fields and methods are the
    request's (views, reports and other addons name them on the request).
    """

    _name = "aftersales.service.request.charges.mixin"
    _description = "Service Request Charges"

    line_ids = fields.One2many(
        "aftersales.service.line", "request_id", string="Parts and Charges", copy=True
    )
    # the request's company (required there), whose currency prices the charges
    company_id = fields.Many2one("res.company")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_charged = fields.Monetary(compute="_compute_amounts", store=True)
    charge_state = fields.Selection(
        [("none", "Standard"), ("to_approve", "To Approve"), ("approved", "Approved")],
        string="Charge Approval",
        compute="_compute_charge_state",
        store=True,
        readonly=True,
        copy=False,
        tracking=True,
        help="A charge below the fee schedule, or waived, needs the manager's approval.",
    )
    charges_approved_by = fields.Many2one(
        "res.users", compute="_compute_charge_state", store=True, copy=False, readonly=True
    )
    invoice_ids = fields.Many2many("account.move", string="Invoices", copy=False, readonly=True)
    invoice_count = fields.Integer(compute="_compute_invoice_count")

    def _compute_invoice_count(self):
        for request in self:
            request.invoice_count = len(request.invoice_ids)

    @api.depends("line_ids.price_subtotal", "line_ids.charged")
    def _compute_amounts(self):
        for request in self:
            request.amount_charged = sum(
                request.line_ids.filtered("charged").mapped("price_subtotal")
            )

    @api.depends("line_ids.needs_approval")
    def _compute_charge_state(self):
        """Computed again when the lines or their prices change (``needs_approval`` follows
        the quantity, the price and the discount): a reduced or waived charge changed after
        the manager's approval needs it again; only :meth:`action_approve_charges` sets
        ``approved``."""
        for request in self:
            needs = any(request.line_ids.mapped("needs_approval"))
            request.charge_state = "to_approve" if needs else "none"
            request.charges_approved_by = False

    @frozen_step
    def action_approve_charges(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only an after-sales manager may approve a reduced or waived charge.")
            )
        for request in self:
            if request.charge_state != "to_approve":
                raise UserError(
                    self.env._(
                        "Service request %(name)s has no charge waiting for approval.",
                        name=request.name,
                    )
                )
        self.write({"charge_state": "approved", "charges_approved_by": self.env.user.id})
        return True

    def _ensure_charges_approved(self):
        """A reduced or waived charge waits for the manager's approval before the request
        is invoiced or closed."""
        for request in self:
            if request.charge_state == "to_approve":
                raise UserError(
                    self.env._(
                        "Service request %(name)s: the reduced or waived charge awaits the "
                        "manager's approval.",
                        name=request.name,
                    )
                )

    def _prepare_invoice_vals(self):
        """Customer invoice of the charged lines. Called by :meth:`action_create_invoice`."""
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_origin": self.name,
            "invoice_line_ids": [
                Command.create(line._prepare_invoice_line_vals())
                for line in self.line_ids.filtered(lambda ln: ln.charged and ln.price_subtotal)
            ],
        }

    @frozen_step
    def action_create_invoice(self):
        for request in self:
            if request.state not in ("done", "closed"):
                raise UserError(
                    self.env._(
                        "Service request %(name)s: invoice it once the job is done.",
                        name=request.name,
                    )
                )
            request._ensure_charges_approved()
            if request.invoice_ids.filtered(lambda m: m.state != "cancel"):
                raise UserError(
                    self.env._("Service request %(name)s is already invoiced.", name=request.name)
                )
            if not request.amount_charged:
                raise UserError(
                    self.env._("Service request %(name)s has nothing to charge.", name=request.name)
                )
        moves = self.env["account.move"].create([r._prepare_invoice_vals() for r in self])
        for request, move in zip(self, moves, strict=True):
            request.invoice_ids = [Command.link(move.id)]
        return self.action_view_invoices() if len(self) == 1 else True

    def _aftersales_amount_due(self):
        """What the customer still owes for the job, taxes included: the invoice's residual,
        or the total of the invoice the job would get (its lines with their taxes)."""
        self.ensure_one()
        job = self.sudo()
        invoice = job.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state != "cancel"
        )[:1]
        if invoice:
            return invoice.amount_residual if invoice.state == "posted" else invoice.amount_total
        total = 0.0
        for line in job.line_ids.filtered(lambda ln: ln.charged and ln.price_subtotal):
            taxes = line.product_id.taxes_id.filtered(lambda t: t.company_id == job.company_id)
            price = line.price_unit * (1 - (line.discount or 0.0) / 100.0)
            total += taxes.compute_all(
                price, job.currency_id, line.quantity, line.product_id, job.partner_id
            )["total_included"]
        return job.currency_id.round(total)

    def action_view_invoices(self):
        self.ensure_one()
        return self.invoice_ids._aftersales_invoices_action()
