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

    aftersales_return_id = fields.Many2one(
        "aftersales.return",
        string="Return Case",
        index=True,
        copy=False,
        readonly=True,
        check_company=True,
    )

    def _action_done(self):
        res = super()._action_done()
        self.aftersales_return_id.sudo()._aftersales_reception_done()
        return res
