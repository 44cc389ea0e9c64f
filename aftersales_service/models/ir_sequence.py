# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models, tools


class IrSequence(models.Model):
    _name = "ir.sequence"
    _inherit = ["ir.sequence", "aftersales.registry.cache.mixin"]
    # what _aftersales_sequence_id depends on
    _aftersales_cache_fields = frozenset({"code", "company_id", "active"})

    @api.model
    @tools.ormcache("code", "company_id")
    def _aftersales_sequence_id(self, code, company_id):
        """Id of the active sequence ``code`` of the company, else the shared one (0: none),
        looked up once per process: every numbered after-sales document asks for it. The
        cache is cleared when a sequence is created, deleted or changes code, company or
        active flag (``aftersales.registry.cache.mixin``)."""
        return (
            self.sudo()
            .search(
                [("code", "=", code), ("company_id", "in", [company_id, False])],
                order="company_id",
                limit=1,
            )
            .id
        )

    @api.model
    def _aftersales_sequence(self, code, company):
        """The sequence ``code`` of ``company`` (else the shared one), as superuser; empty
        when there is none."""
        return self.sudo().browse(self._aftersales_sequence_id(code, company.id))

    @api.model
    @tools.ormcache("sequence_id", "day")
    def _aftersales_date_range_id(self, sequence_id, day):
        """Id of the date range of sequence ``sequence_id`` holding ``day`` (0: none yet),
        looked up once per process and day. Cleared when a date range is created, deleted
        or moved (``aftersales.registry.cache.mixin``): a month's first number, which
        creates its range, is seen by every worker's next request."""
        return (
            self.env["ir.sequence.date_range"]
            .sudo()
            .search(
                [
                    ("sequence_id", "=", sequence_id),
                    ("date_from", "<=", day),
                    ("date_to", ">=", day),
                ],
                limit=1,
            )
            .id
        )
