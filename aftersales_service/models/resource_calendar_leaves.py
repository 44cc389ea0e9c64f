# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "aftersales.registry.cache.mixin"]

    def _aftersales_cache_concerned(self):
        # only the leaves of no resource (public holidays, the company's closures) count in
        # the deadlines: a person's time off does not clear the caches
        return any(not leave.resource_id for leave in self)
