from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import (
    frozen_step,
    in_frozen_step,
)


class RepairOrder(models.Model):
    _inherit = "repair.order"

    aftersales_request_id = fields.Many2one(
        "aftersales.service.request",
        string="Service Request",
        index=True,
        copy=False,
        readonly=True,
        check_company=True,
    )

    def write(self, vals):
        """The job (or return case) a repair order was opened for stays its own: unlinked,
        the job's unit would go back without the supervisor's check of the repair."""
        if not in_frozen_step():
            moved = [
                fname
                for fname in ("aftersales_request_id", "aftersales_return_id")
                if fname in vals and any(order[fname].id != vals[fname] for order in self)
            ]
            if moved:
                raise UserError(
                    self.env._(
                        "Repair order %(name)s belongs to the document it was opened for.",
                        name=self.filtered(lambda o: any(o[f].id != vals[f] for f in moved))[
                            :1
                        ].display_name,
                    )
                )
        return super().write(vals)

    def _update_sale_order_line_price(self):
        res = super()._update_sale_order_line_price()
        self.move_ids._aftersales_apply_line_warranty()
        return res

    @api.onchange("lot_id")
    def _onchange_aftersales_lot_id(self):
        if self.lot_id:
            verdict = self.env["aftersales.coverage"].lot_coverage(self.lot_id)[self.lot_id.id]
            self.under_warranty = verdict["service_class"] in ("B", "C")

    @frozen_step
    def action_repair_done(self):
        res = super().action_repair_done()
        requests = self.aftersales_request_id.filtered(lambda r: r.state == "carry_in")
        for request in requests:
            request.message_post(
                body=self.env._("Repair finished: the unit can be returned to the customer.")
            )
        return res

    aftersales_return_id = fields.Many2one(
        "aftersales.return",
        string="Return Case",
        index=True,
        copy=False,
        readonly=True,
        check_company=True,
    )
