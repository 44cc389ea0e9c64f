from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesZone(models.Model):
    """Service zone: how many working hours a technician has to arrive on site."""

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
    arrival_hours = fields.Float(
        string="Arrival Within (working h)",
        required=True,
        default=6.0,
        help="Working hours from the call to the technician's arrival "
        "(by default 6 urban, 7 suburban).",
    )
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)

    @api.constrains("arrival_hours")
    def _check_arrival_hours(self):
        for zone in self:
            if zone.arrival_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Zone %(zone)s: the arrival time must be positive (%(hours)s h).",
                        zone=zone.name,
                        hours=zone.arrival_hours,
                    )
                )
