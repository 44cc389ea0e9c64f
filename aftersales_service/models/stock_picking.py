from odoo import fields, models
from odoo.exceptions import UserError

from .aftersales_frozen_mixin import check_links_unchanged


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

    def write(self, vals):
        # a return's reception, a job's parts: the document it was made for reads its
        # quantities from it
        check_links_unchanged(self, vals, ("aftersales_request_id", "aftersales_return_id"))
        return super().write(vals)

    def _action_done(self):
        res = super()._action_done()
        self.aftersales_return_id.sudo()._aftersales_reception_done()
        return res

    def _aftersales_validate(self):
        """Validate transfers the after-sales flows prepared in full, with the public button:
        no backorder question (``skip_backorder``, ``picking_ids_not_to_backorder``), no SMS
        question (``skip_sms``). What the button may still return for a user at the screen
        (reports to print, the reception report) is not needed here; a transfer the button
        left open (another addon's question) is an error rather than a silent half step."""
        self.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=self.ids, skip_sms=True
        ).button_validate()
        not_done = self.filtered(lambda p: p.state != "done")
        if not_done:
            raise UserError(
                self.env._(
                    "Transfer %(picking)s could not be validated; validate it from the transfer.",
                    picking=", ".join(not_done.mapped("display_name")),
                )
            )
        return True
