# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountPayment(models.Model):
    """A payment taken by a technician on site (cash or a mobile payment), paying the job's
    invoice, until the technician hands the money in to finance."""

    _inherit = "account.payment"

    aftersales_request_id = fields.Many2one(
        "aftersales.service.request", string="Service Request", index="btree_not_null", copy=False
    )
    aftersales_collected_by = fields.Many2one(
        "res.users", string="Collected By", index="btree_not_null", copy=False, readonly=True
    )
    aftersales_handed_in_date = fields.Date(string="Handed In On", copy=False, readonly=True)
    aftersales_handed_in_to = fields.Many2one(
        "res.users", string="Handed In To", copy=False, readonly=True
    )
    aftersales_handin_overdue = fields.Boolean(
        string="Hand-In Overdue",
        compute="_compute_aftersales_handin_overdue",
        search="_search_aftersales_handin_overdue",
        help="Collected on site and not handed in within the company's days for it.",
    )

    def _aftersales_handin_limit(self):
        return self.env.company.aftersales_cash_handin_days

    @api.depends("aftersales_collected_by", "aftersales_handed_in_date", "date")
    def _compute_aftersales_handin_overdue(self):
        today = self.env["res.company"]._aftersales_default_today()
        for payment in self:
            days = payment.company_id.aftersales_cash_handin_days
            payment.aftersales_handin_overdue = bool(
                payment.aftersales_collected_by
                and not payment.aftersales_handed_in_date
                and payment.state != "canceled"
                and payment.date + timedelta(days=days) < today
            )

    def _search_aftersales_handin_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported on %(field)s.", field="overdue"))
        limit = self.env["res.company"]._aftersales_default_today() - timedelta(
            days=self._aftersales_handin_limit()
        )
        domain = [
            ("aftersales_collected_by", "!=", False),
            ("aftersales_handed_in_date", "=", False),
            ("state", "!=", "canceled"),
            ("date", "<", limit),
        ]
        return domain if (operator == "=") == value else ["!", "&", "&", "&", *domain]

    def action_aftersales_hand_in(self):
        """Finance received the money collected on site."""
        todo = self.filtered(
            lambda p: p.aftersales_collected_by and not p.aftersales_handed_in_date
        )
        if not todo:
            raise UserError(
                self.env._("None of these payments waits to be handed in by a technician.")
            )
        todo.write(
            {
                "aftersales_handed_in_date": self.env["res.company"]._aftersales_default_today(),
                "aftersales_handed_in_to": self.env.uid,
            }
        )
        return True
