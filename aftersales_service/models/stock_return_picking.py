from odoo import models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _prepare_picking_default_values(self):
        """A return started by a return case goes to the company's returns location and
        stays linked to the case (context set by ``aftersales.return``)."""
        vals = super()._prepare_picking_default_values()
        case_id = self.env.context.get("aftersales_return_id")
        location_id = self.env.context.get("aftersales_return_location_id")
        if case_id:
            vals["aftersales_return_id"] = case_id
            case = self.env["aftersales.return"].browse(case_id)
            vals["origin"] = f"{case.name} ({vals.get('origin') or self.picking_id.name})"
        if location_id:
            vals["location_dest_id"] = location_id
        return vals
