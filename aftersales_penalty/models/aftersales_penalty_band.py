# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

ADMIN_KINDS = ("admin_warning", "admin_minor", "admin_major")


class AftersalesPenaltyBand(models.Model):
    """A line of the company's penalty standard (處分標準): from what amount of a complaint's
    loss a person bears, which administrative sanction goes with it.

    When a complaint's loss is allocated, each person's share is looked up in the bands:
    the band with the highest *From Amount* not above the share drafts its sanction beside
    the economic entry (a warning, minor demerits, a major demerit). The seed names the table
    without giving it: each company sets its own.
    """

    _name = "aftersales.penalty.band"
    _description = "Penalty Standard by Allocated Amount"
    _order = "company_id, amount_from"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_from = fields.Monetary(
        string="From Amount",
        required=True,
        help="A person bearing this amount of a complaint's loss, or more (up to the next "
        "band), gets this band's sanction.",
    )
    rule_id = fields.Many2one(
        "aftersales.penalty.rule",
        string="Sanction",
        required=True,
        check_company=True,
        domain=[("kind", "in", ADMIN_KINDS)],
        help="An administrative rule: a warning, a minor demerit per base unit or a major demerit.",
    )
    quantity = fields.Float(
        default=1.0,
        required=True,
        help="How many of the sanction (two minor demerits, say).",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "amount_from_company_uniq",
            "unique(company_id, amount_from)",
            "Two bands of a company cannot start at the same amount.",
        ),
    ]

    @api.constrains("amount_from", "quantity", "rule_id")
    def _check_band(self):
        for band in self:
            if band.amount_from <= 0:
                raise ValidationError(
                    self.env._(
                        "The from amount of a penalty band must be positive (%(amount)s).",
                        amount=band.amount_from,
                    )
                )
            if band.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of the penalty band from %(amount)s must be positive "
                        "(%(quantity)s).",
                        amount=band.amount_from,
                        quantity=band.quantity,
                    )
                )
            if band.rule_id.kind not in ADMIN_KINDS:
                raise ValidationError(
                    self.env._(
                        "The penalty band from %(amount)s needs an administrative sanction, "
                        "not rule %(rule)s.",
                        amount=band.amount_from,
                        rule=band.rule_id.display_name,
                    )
                )

    @api.model
    def _bands_of(self, company):
        """The bands of ``company`` whose sanction is still in the catalogue, highest
        first: look an amount up with :meth:`_band_for`."""
        return self.search(
            [("company_id", "=", company.id), ("rule_id.active", "=", True)],
            order="amount_from desc",
        )

    def _band_for(self, amount):
        """The band of these (:meth:`_bands_of`) whose range holds ``amount``, or none."""
        return next((band for band in self if band.amount_from <= amount), self.browse())
