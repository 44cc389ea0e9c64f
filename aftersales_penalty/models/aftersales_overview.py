# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

# entries that count in the ledger of their month (a reversed entry and its reversal both do)
BOOKED_STATES = ("approved", "applied", "reversed")


class AftersalesOverview(models.AbstractModel):
    _inherit = "aftersales.overview"

    def _overview_sections(self, period):
        sections = super()._overview_sections(period)
        if self.env.user.has_group("aftersales_penalty.group_penalty_user_own"):
            sections.append(self._overview_penalties(period))
        return sections

    def _overview_penalties(self, period):
        Entry = self.env["aftersales.penalty.entry"]
        company = period["company"]
        model = Entry._name
        draft = [("company_id", "=", company.id), ("state", "=", "draft")]
        draft_count = Entry.search_count(draft)
        month = [
            ("company_id", "=", company.id),
            ("period", "=", fields.Date.to_string(period["month"])),
            ("state", "in", BOOKED_STATES),
        ]
        totals = dict(Entry._read_group(month, ["direction"], ["signed_amount:sum"]))
        cards = [
            self._overview_card(
                "penalties_draft",
                self.env._("Penalties to Approve"),
                draft_count,
                self._overview_action(model, self.env._("Entries to Approve"), draft),
                help=self.env._("Draft penalty and reward entries waiting for approval."),
                tone="warning" if draft_count else "",
            ),
        ]
        for direction, key, label, name in (
            (
                "penalty",
                "penalties_month",
                self.env._("Penalties This Month"),
                self.env._("Penalties This Month"),
            ),
            (
                "reward",
                "rewards_month",
                self.env._("Rewards This Month"),
                self.env._("Rewards This Month"),
            ),
        ):
            domain = month + [("direction", "=", direction)]
            cards.append(
                self._overview_card(
                    key,
                    label,
                    abs(totals.get(direction) or 0.0),
                    self._overview_action(model, name, domain),
                    kind="monetary",
                    help=self.env._(
                        "Approved entries of this month, net of reversals, in the company currency."
                    ),
                )
            )
        return {
            "key": "penalties",
            "title": self.env._("Penalties and Rewards"),
            "sequence": 50,
            "cards": cards,
            "charts": [],
            "tables": [],
        }
