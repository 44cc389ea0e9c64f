# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import in_frozen_step


class AftersalesComplaintPartMixin(models.AbstractModel):
    """A part of what a complaint's decision approved (its product lines, its
    responsibility shares): it freezes with its complaint, and nothing is moved onto or
    away from a decided complaint."""

    _name = "aftersales.complaint.part.mixin"
    _inherit = ["aftersales.frozen.mixin"]
    _description = "Part of a Complaint's Decision"
    _frozen_state_field = None
    _frozen_parent_field = "complaint_id"

    def _frozen_state_label(self, record=None):
        record = record or self
        return record.complaint_id._frozen_state_label()

    def write(self, vals):
        # moving away from a decided complaint is refused by the frozen mixin (its parent
        # is frozen); moving onto one here
        if not in_frozen_step() and vals.get("complaint_id"):
            target = self.env["aftersales.complaint"].browse(vals["complaint_id"])
            if self.filtered(lambda rec: rec.complaint_id != target):
                frozen = target._frozen_records()
                if frozen:
                    raise frozen._frozen_error(frozen, "lines")
        return super().write(vals)
