# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

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
        """A cancelled settlement gives its penalties back to the next one.

        A penalty it deducted and that was reversed since is no longer deducted by anyone:
        its reversal (what would pay the provider back) is neutralised with it, unless it
        was paid already (then that payment is undone first)."""
        deducted = self.sudo().penalty_entry_ids
        entries = deducted.filtered(lambda e: e.state == "applied")
        reversals = deducted.filtered(lambda e: e.state == "reversed").reversal_entry_ids
        # a provider's reversal is paid by a vendor bill (settlements deduct penalties only)
        paid = reversals.filtered(
            lambda r: (
                r.move_id.state == "posted"
                or (r.move_id.state == "draft" and r.move_id.posted_before)
            )
        )
        if paid:
            raise UserError(
                self.env._(
                    "Settlement %(name)s deducted penalty %(entry)s, whose reversal "
                    "%(reversal)s was paid to the provider since (%(document)s): cancelled, "
                    "the settlement would give the penalty back a second time. Reverse "
                    "that payment first.",
                    name=paid[0].reversed_entry_id.settlement_id.name,
                    entry=paid[0].reversed_entry_id.name,
                    reversal=paid[0].name,
                    document=paid[0].move_id.display_name,
                )
            )
        res = super().action_cancel()
        entries.sudo().write({"state": "approved", "settlement_id": False, "applied_date": False})
        # a bill of the reversal not issued yet is withdrawn
        reversals.move_id.filtered(lambda m: m.state == "draft").sudo().button_cancel()
        pending = reversals.filtered(lambda r: r.state == "approved")
        if pending:
            today = self.env["res.company"]._aftersales_default_today()
            pending.sudo().write({"state": "applied", "applied_date": today})
            for reversal in pending:
                reversal.message_post(
                    body=self.env._(
                        "Settled with the cancellation of %(settlement)s: the penalty it "
                        "reverses is no longer deducted.",
                        settlement=reversal.reversed_entry_id.settlement_id.name,
                    )
                )
        return res
