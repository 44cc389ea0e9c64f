# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AftersalesServiceRequestChecklistMixin(models.AbstractModel):
    """The on-site checklist of a job (the home-visit standard), created at dispatch from
    the points of its kind and ticked by the technician; a job finished with points left is
    flagged."""

    _name = "aftersales.service.request.checklist.mixin"
    _description = "Service Request: On-Site Checklist"

    checklist_line_ids = fields.One2many(
        "aftersales.service.checklist.line", "request_id", string="On-Site Checklist"
    )
    checklist_incomplete = fields.Boolean(
        string="Checklist Incomplete",
        compute="_compute_checklist_incomplete",
        store=True,
        index=True,
        help="Finished with points of the on-site checklist not ticked.",
    )

    @api.depends("state", "checklist_line_ids.done")
    def _compute_checklist_incomplete(self):
        for request in self:
            request.checklist_incomplete = request.state in ("done", "closed") and any(
                not line.done for line in request.checklist_line_ids
            )
