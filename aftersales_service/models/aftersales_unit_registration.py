# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import escape_psql

from .aftersales_frozen_mixin import frozen_step


class AftersalesUnitRegistration(models.Model):
    """A customer registers a unit they own (product, serial, purchase date, seller, proof of
    purchase), on the portal or at the desk; the desk verifies it, and the unit joins the
    customer's installed base with its warranty counted from the purchase date, or rejects it
    with a reason."""

    _name = "aftersales.unit.registration"
    _description = "Product Registration"
    _inherit = ["aftersales.frozen.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _frozen_states = ("verified", "rejected")
    _frozen_initial_states = ("to_verify",)
    _frozen_system_fields = frozenset({"lot_id", "verified_by_id", "date_verified"})

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, tracking=True
    )
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        required=True,
        check_company=True,
        domain="[('tracking', '=', 'serial')]",
    )
    serial = fields.Char(string="Serial Number", required=True, tracking=True)
    purchase_date = fields.Date(string="Purchased On", required=True)
    seller = fields.Char(string="Bought From", help="The shop or dealer that sold the unit.")
    proof_attachment_ids = fields.Many2many(
        "ir.attachment", string="Proof of Purchase", help="Invoice or receipt (photo or PDF)."
    )
    state = fields.Selection(
        [("to_verify", "To Verify"), ("verified", "Verified"), ("rejected", "Rejected")],
        default="to_verify",
        required=True,
        index=True,
        tracking=True,
    )
    lot_id = fields.Many2one(
        "stock.lot", string="Registered Unit", readonly=True, check_company=True
    )
    reject_reason = fields.Text(string="Reason for Rejection", tracking=True)
    verified_by_id = fields.Many2one("res.users", string="Checked By", readonly=True)
    date_verified = fields.Datetime(string="Checked On", readonly=True)

    @api.depends("product_id", "serial")
    def _compute_name(self):
        for registration in self:
            registration.name = " / ".join(
                p for p in (registration.product_id.display_name, registration.serial) if p
            )

    # ------------------------------------------------------------------ checks
    def _find_unit(self):
        """The unit of the company with this product and serial (case-insensitive)."""
        self.ensure_one()
        return (
            self.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("name", "=ilike", escape_psql((self.serial or "").strip())),
                    ("product_id", "=", self.product_id.id),
                    ("company_id", "in", [self.company_id.id, False]),
                ],
                limit=1,
            )
        )

    @api.constrains("serial", "product_id", "partner_id", "state")
    def _check_unit(self):
        for registration in self.filtered(lambda r: r.state == "to_verify"):
            registration._check_registrable()

    def _check_registrable(self):
        """Raise when the unit cannot be registered by this customer: a serial unknown to the
        product, a unit of another customer, or one already registered."""
        self.ensure_one()
        unit = self._find_unit()
        customer = self.partner_id.commercial_partner_id
        values = {"serial": self.serial, "product": self.product_id.display_name}
        if not unit:
            raise ValidationError(
                self.env._(
                    "Serial number %(serial)s is not a known unit of %(product)s: check the "
                    "number on the unit's label and the product.",
                    **values,
                )
            )
        owner = unit.aftersales_partner_id.commercial_partner_id
        if owner and owner != customer:
            raise ValidationError(
                self.env._(
                    "Unit %(serial)s of %(product)s is registered to another customer. If you "
                    "bought it second-hand, contact our service desk.",
                    **values,
                )
            )
        if owner == customer:
            raise ValidationError(
                self.env._(
                    "Unit %(serial)s of %(product)s is already in your installed base.", **values
                )
            )
        pending = self.sudo().search_count(
            [
                ("id", "!=", self.id),
                ("state", "=", "to_verify"),
                ("product_id", "=", self.product_id.id),
                ("serial", "=ilike", escape_psql((self.serial or "").strip())),
            ]
        )
        if pending:
            raise ValidationError(
                self.env._(
                    "Unit %(serial)s of %(product)s is already waiting to be verified.", **values
                )
            )

    @api.constrains("purchase_date")
    def _check_purchase_date(self):
        today = self.env["res.company"]._aftersales_default_today()
        for registration in self:
            if registration.purchase_date and registration.purchase_date > today:
                raise ValidationError(
                    self.env._(
                        "The purchase date %(date)s of %(name)s is in the future.",
                        date=registration.purchase_date,
                        name=registration.name,
                    )
                )

    def _notify_customer(self, body):
        """Tell the customer (a message in the chatter, mailed to them): from the user who
        checked the registration, or from the system when that user has no e-mail."""
        self.ensure_one()
        author = self.env.user.partner_id
        if not author.email:
            author = self.env.ref("base.partner_root")
        self.sudo().message_post(
            body=body,
            author_id=author.id,
            partner_ids=self.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )

    # ------------------------------------------------------------------ steps
    @frozen_step
    def action_verify(self):
        """The desk checked the proof: the unit joins the customer's installed base, its
        warranty counted from the purchase date."""
        self._ensure_state(("to_verify",))
        self.check_access("write")
        for registration in self:
            registration._check_registrable()
            unit = registration._find_unit()
            # the unit record belongs to the stock side: written as superuser once checked
            unit.sudo().write(
                {
                    "aftersales_partner_id": registration.partner_id.commercial_partner_id.id,
                    "aftersales_invoice_date": registration.purchase_date,
                    "aftersales_invoice_ref": registration.seller or False,
                }
            )
            registration.write(
                {
                    "state": "verified",
                    "lot_id": unit.id,
                    "verified_by_id": self.env.uid,
                    "date_verified": fields.Datetime.now(),
                }
            )
            registration._notify_customer(
                self.env._(
                    "Registration verified: %(serial)s is in the installed base of %(customer)s.",
                    serial=unit.name,
                    customer=registration.partner_id.display_name,
                )
            )
        return True

    @frozen_step
    def action_reject(self):
        self._ensure_state(("to_verify",))
        self.check_access("write")
        for registration in self:
            if not (registration.reject_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Registration %(name)s: write the reason for rejection first; the "
                        "customer reads it.",
                        name=registration.name,
                    )
                )
            registration.write(
                {
                    "state": "rejected",
                    "verified_by_id": self.env.uid,
                    "date_verified": fields.Datetime.now(),
                }
            )
            registration._notify_customer(
                self.env._("Registration rejected: %(reason)s", reason=registration.reject_reason)
            )
        return True
