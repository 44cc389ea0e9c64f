from odoo import fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    aftersales_request_id = fields.Many2one(
        "aftersales.service.request",
        string="Service Request",
        index=True,
        copy=False,
        readonly=True,
        check_company=True,
    )
