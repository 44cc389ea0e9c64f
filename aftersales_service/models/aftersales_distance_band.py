from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesDistanceBand(models.Model):
    """Distance band of a provider's trip (0-30 km, 30-60 km, ...), used by fee rules."""

    _name = "aftersales.distance.band"
    _description = "Distance Band"
    _order = "company_id, km_from, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    km_from = fields.Float(string="From (km)", required=True, default=0.0)
    km_to = fields.Float(
        string="Up to (km)", help="Upper bound, excluded. Zero means no upper bound."
    )
    active = fields.Boolean(default=True)

    @api.constrains("km_from", "km_to", "company_id", "active")
    def _check_band(self):
        for band in self:
            if band.km_from < 0 or (band.km_to and band.km_to <= band.km_from):
                raise ValidationError(
                    self.env._(
                        "Distance band %(name)s: 'from' %(start)s km must be positive and below "
                        "'up to' %(end)s km.",
                        name=band.name,
                        start=band.km_from,
                        end=band.km_to,
                    )
                )
        for company in self.company_id:
            bands = self.search([("company_id", "=", company.id)], order="km_from")
            for previous, band in zip(bands, bands[1:], strict=False):
                if not previous.km_to or previous.km_to > band.km_from:
                    raise ValidationError(
                        self.env._(
                            "Distance bands %(first)s and %(second)s overlap.",
                            first=previous.name,
                            second=band.name,
                        )
                    )
