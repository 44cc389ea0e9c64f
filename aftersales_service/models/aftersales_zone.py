from odoo import fields, models


class AftersalesZone(models.Model):
    """Service zone of a customer's address (urban, suburban, remote): the arrival
    targets of the service level policies are set per zone."""

    _name = "aftersales.zone"
    _description = "Service Zone"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    zone_type = fields.Selection(
        [("urban", "Urban"), ("suburban", "Suburban"), ("remote", "Remote")],
        required=True,
        default="urban",
    )
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
