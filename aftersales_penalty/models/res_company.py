# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._aftersales_penalty_ensure_rules()
        return companies

    @api.model
    def _aftersales_penalty_shipped_rules(self):
        """The rule book shipped as data (administrative sanctions, complaint loss, the
        installer and repairer fines and subsidies), as the main company holds it."""
        data = (
            self.env["ir.model.data"]
            .sudo()
            .search(
                [("module", "=", "aftersales_penalty"), ("model", "=", "aftersales.penalty.rule")]
            )
        )
        return (
            self.env["aftersales.penalty.rule"]
            .sudo()
            .with_context(active_test=False)
            .browse(data.mapped("res_id"))
            .exists()
        )

    def _aftersales_penalty_ensure_rules(self):
        """Give each company without penalty rules its own copy of the shipped rule book
        (names and descriptions in every language, amounts, kinds), which its managers
        then edit or archive. Companies that have rules keep theirs."""
        companies = self or self.search([])
        Rule = self.env["aftersales.penalty.rule"].sudo().with_context(active_test=False)
        shipped = self._aftersales_penalty_shipped_rules()
        if not shipped:
            return
        with_rules = {
            company.id
            for (company,) in Rule._read_group(
                [("company_id", "in", companies.ids)], ["company_id"]
            )
        }
        for company in companies:
            if company.id in with_rules or company in shipped.company_id:
                continue
            rules = shipped.sorted("sequence")
            copies = rules.copy({"company_id": company.id, "account_id": False})
            # a ladder of repeat offences climbs the company's own copies
            mapping = dict(zip(rules, copies, strict=True))
            for rule, copied in mapping.items():
                if rule.next_offence_rule_id:
                    copied.next_offence_rule_id = mapping.get(rule.next_offence_rule_id, False)
