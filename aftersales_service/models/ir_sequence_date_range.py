# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrSequenceDateRange(models.Model):
    _name = "ir.sequence.date_range"
    _inherit = ["ir.sequence.date_range", "aftersales.registry.cache.mixin"]
    # what ir.sequence._aftersales_date_range_id depends on
    _aftersales_cache_fields = frozenset({"sequence_id", "date_from", "date_to"})

    def _aftersales_cache_concerned(self):
        """Only the ranges of the after-sales sequences are kept per process (another
        module's new yearly range leaves Odoo's caches alone)."""
        return any(
            (date_range.sequence_id.sudo().code or "").startswith("aftersales.")
            for date_range in self
        )
