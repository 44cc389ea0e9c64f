# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step


class AftersalesProviderSettlement(models.Model):
    """Approved provider penalties become deduction lines of the monthly settlement."""

    _inherit = "aftersales.provider.settlement"

    penalty_entry_ids = fields.One2many(
        "aftersales.penalty.entry",
        "settlement_id",
        string="Penalty Entries",
        readonly=True,
    )

    def _penalty_entries_domain(self):
        """Approved, not yet billed provider penalties of these settlements' companies
        and providers dated up to the latest period end."""
        return [
            ("company_id", "in", self.company_id.ids),
            ("target_type", "=", "provider"),
            ("partner_id", "in", self.provider_id.ids),
            ("direction", "=", "penalty"),
            ("state", "=", "approved"),
            ("is_reversal", "=", False),
            ("move_id", "=", False),
            ("date", "<=", max(self.mapped("date_to"))),
        ]

    def _deduction_prefetch_context(self):
        """The penalty entries of the whole batch in one query:
        ``{(company_id, provider_id): ((date, entry id), ...)}`` in date order under
        ``aftersales_penalty_entries``."""
        res = super()._deduction_prefetch_context()
        by_key = {}
        if self:
            entries = (
                self.env["aftersales.penalty.entry"]
                .sudo()
                .search_fetch(
                    self._penalty_entries_domain(),
                    ["company_id", "partner_id", "date", "name", "rule_id", "reason", "amount"],
                    order="date, id",
                )
            )
            for entry in entries:
                key = (entry.company_id.id, entry.partner_id.id)
                by_key.setdefault(key, []).append((entry.date, entry.id))
        res["aftersales_penalty_entries"] = {key: tuple(items) for key, items in by_key.items()}
        return res

    def _penalty_entries_to_deduct(self):
        """Approved, not yet billed penalties of the provider dated up to the period end.

        Read as superuser within the settlement's company and provider: whoever computes
        the settlement deducts every approved penalty, whatever his own ledger rights.
        Taken from the batch read of :meth:`_deduction_prefetch_context` when computed
        with the other settlements of a batch.
        """
        self.ensure_one()
        Entry = self.env["aftersales.penalty.entry"].sudo()
        batch = self.env.context.get("aftersales_penalty_entries")
        if batch is not None:
            items = batch.get((self.company_id.id, self.provider_id.id), ())
            return Entry.browse([entry_id for day, entry_id in items if day <= self.date_to])
        return Entry.search(
            [
                ("company_id", "=", self.company_id.id),
                ("target_type", "=", "provider"),
                ("partner_id", "=", self.provider_id.id),
                ("direction", "=", "penalty"),
                ("state", "=", "approved"),
                ("is_reversal", "=", False),
                ("move_id", "=", False),
                ("date", "<=", self.date_to),
            ],
            order="date, id",
        )

    def _collect_deductions(self):
        deductions = super()._collect_deductions()
        for entry in self._penalty_entries_to_deduct():
            deductions.append(
                {
                    "name": self.env._(
                        "Penalty %(entry)s: %(rule)s - %(reason)s",
                        entry=entry.name,
                        rule=entry.rule_id.display_name,
                        reason=entry.reason,
                    ),
                    "amount": entry.amount,
                    "res_model": entry._name,
                    "res_id": entry.id,
                }
            )
        return deductions

    def _deduction_sources_due(self):
        """Penalties reversed or billed by a vendor credit note since the settlement was
        computed are no longer deducted (they would be twice)."""
        res = super()._deduction_sources_due()
        res["aftersales.penalty.entry"] = lambda entries: entries.filtered(
            lambda e: e.state == "approved" and not e.move_id
        )
        return res

    def _on_settlement_confirmed(self):
        """The deducted penalties become applied: their deduction lines read in one
        query for all the settlements, one write per settlement that deducts some."""
        res = super()._on_settlement_confirmed()
        lines = self._deduction_lines().filtered(
            lambda line: line.res_model == "aftersales.penalty.entry"
        )
        if not lines:
            return res
        entries = self.env["aftersales.penalty.entry"].sudo().browse(lines.mapped("res_id"))
        approved = set(entries.exists().filtered(lambda e: e.state == "approved").ids)
        today = self.env["res.company"]._aftersales_default_today()
        by_settlement = {}
        for line in lines:
            if line.res_id in approved:
                approved.discard(line.res_id)  # the first settlement takes it
                by_settlement.setdefault(line.settlement_id, []).append(line.res_id)
        for settlement, entry_ids in by_settlement.items():
            entries.browse(entry_ids).write(
                {"state": "applied", "settlement_id": settlement.id, "applied_date": today}
            )
        return res

    @frozen_step
    def action_cancel(self):
        """A cancelled settlement gives its penalties back to the next one."""
        entries = self.sudo().penalty_entry_ids.filtered(lambda e: e.state == "applied")
        res = super().action_cancel()
        entries.sudo().write({"state": "approved", "settlement_id": False, "applied_date": False})
        return res
