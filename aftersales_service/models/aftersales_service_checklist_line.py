# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AftersalesServiceChecklistLine(models.Model):
    """A checklist point of one job, ticked by the technician on site."""

    _name = "aftersales.service.checklist.line"
    _description = "Job Checklist Point"
    _order = "request_id, sequence, id"

    request_id = fields.Many2one(
        "aftersales.service.request", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    item_id = fields.Many2one("aftersales.checklist.item", string="Point", required=True)
    name = fields.Char(related="item_id.name")
    sequence = fields.Integer(related="item_id.sequence", store=True)
    done = fields.Boolean(string="Done")
    done_by = fields.Many2one("res.users", readonly=True)
    done_on = fields.Datetime(readonly=True)

    def write(self, vals):
        if "done" in vals:
            vals = {
                **vals,
                "done_by": vals["done"] and self.env.uid,
                "done_on": vals["done"] and fields.Datetime.now(),
            }
        return super().write(vals)

    @api.model
    def _create_for(self, requests):
        """The checklist of each job from the points of its kind (once)."""
        Item = self.env["aftersales.checklist.item"].sudo()
        vals_list = []
        for request in requests.filtered(lambda r: not r.checklist_line_ids):
            if request.kind in ("consultation", "internal"):
                continue
            items = Item.search(
                [
                    ("kind", "in", ("any", request.kind)),
                    ("company_id", "in", (False, request.company_id.id)),
                ]
            )
            vals_list += [{"request_id": request.id, "item_id": item.id} for item in items]
        return self.sudo().create(vals_list)
