# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AftersalesRegistryCacheMixin(models.AbstractModel):
    """Records the after-sales addons keep read per server process (a document's sequence,
    a calendar's working time): creating, changing or deleting one clears the registry's
    caches, in every worker, so that the next deadline or number uses the change.

    A model inheriting it may narrow the fields whose change matters
    (``_aftersales_cache_fields``, default: any) and the records that matter
    (:meth:`_aftersales_cache_concerned`)."""

    _name = "aftersales.registry.cache.mixin"
    _description = "After-Sales Caches Cleared on Change"
    _aftersales_cache_fields = None

    def _aftersales_cache_concerned(self):
        """Hook: whether a change of these records matters to the caches."""
        return bool(self)

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if records._aftersales_cache_concerned():
            self.env.registry.clear_cache()
        return records

    def write(self, vals):
        fnames = self._aftersales_cache_fields
        relevant = fnames is None or bool(fnames & set(vals))
        before = relevant and self._aftersales_cache_concerned()
        res = super().write(vals)
        if relevant and (before or self._aftersales_cache_concerned()):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        concerned = self._aftersales_cache_concerned()
        res = super().unlink()
        if concerned:
            self.env.registry.clear_cache()
        return res
