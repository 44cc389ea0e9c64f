# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AftersalesProviderSettlement(models.Model):
    """Approved provider penalties become deduction lines of the monthly settlement."""

    _inherit = "aftersales.provider.settlement"

    penalty_entry_ids = fields.One2many(
        "aftersales.penalty.entry",
        "settlement_id",
        string="Penalty Entries",
        readonly=True,
    )

    def _penalty_entries_to_deduct(self):
        """Approved, not yet billed penalties of the provider dated up to the period end.

        Read as superuser within the settlement's company and provider: whoever computes
        the settlement deducts every approved penalty, whatever his own ledger rights.
        """
        self.ensure_one()
        return (
            self.env["aftersales.penalty.entry"]
            .sudo()
            .search(
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

    def _settled_penalty_entries(self):
        lines = self.line_ids.filtered(
            lambda line: line.kind == "deduction" and line.res_model == "aftersales.penalty.entry"
        )
        return self.env["aftersales.penalty.entry"].sudo().browse(lines.mapped("res_id")).exists()

    def _on_settlement_confirmed(self):
        res = super()._on_settlement_confirmed()
        for settlement in self:
            entries = settlement._settled_penalty_entries().filtered(
                lambda e: e.state == "approved"
            )
            entries.write(
                {
                    "state": "applied",
                    "settlement_id": settlement.id,
                    "applied_date": fields.Date.context_today(self),
                }
            )
        return res

    def action_cancel(self):
        """A cancelled settlement gives its penalties back to the next one."""
        entries = self.sudo().penalty_entry_ids.filtered(lambda e: e.state == "applied")
        res = super().action_cancel()
        entries.sudo().write({"state": "approved", "settlement_id": False, "applied_date": False})
        return res
