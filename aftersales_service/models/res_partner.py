from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_zone_id = fields.Many2one(
        "aftersales.zone",
        string="Service Zone",
        help="Decides the on-site arrival deadline of this customer's service requests.",
    )
    aftersales_lot_ids = fields.One2many(
        "stock.lot", "aftersales_partner_id", string="Installed Base"
    )
