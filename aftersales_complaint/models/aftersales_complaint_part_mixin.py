# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AftersalesComplaintPartMixin(models.AbstractModel):
    """A part of what a complaint's decision approved (its product lines, its
    responsibility shares): it freezes with its complaint, and nothing is moved onto or
    away from a decided complaint."""

    _name = "aftersales.complaint.part.mixin"
    _inherit = ["aftersales.frozen.mixin"]
    _description = "Part of a Complaint's Decision"
    _frozen_state_field = None
    _frozen_parent_field = "complaint_id"
    # the desk puts a product on the complaint it belongs to while both are handled
    _frozen_parent_fixed = False

    def _frozen_state_label(self, record=None):
        record = record or self
        return record.complaint_id._frozen_state_label()
