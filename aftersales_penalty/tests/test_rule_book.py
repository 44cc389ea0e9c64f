# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The rule book ships as data and every company gets its own copy."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRuleBook(TransactionCase):
    def test_shipped_rules_cover_the_catalogue(self):
        shipped = self.env["res.company"]._aftersales_penalty_shipped_rules()
        self.assertGreaterEqual(len(shipped), 100)
        kinds = set(shipped.mapped("kind"))
        for kind in ("admin_warning", "admin_minor", "admin_major", "complaint_loss"):
            self.assertIn(kind, kinds)
        warning = self.env.ref("aftersales_penalty.rule_pn_a07_w")
        self.assertEqual((warning.amount, warning.min_amount), (400, 400))
        self.assertEqual(len(set(shipped.mapped("code"))), len(shipped))

    def test_a_new_company_gets_its_own_copy_in_every_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["aftersales_penalty"], ["zh_CN"])
        shipped = self.env["res.company"]._aftersales_penalty_shipped_rules()
        company = self.env["res.company"].create({"name": "Rule Book Branch"})
        Rule = self.env["aftersales.penalty.rule"].with_context(active_test=False)
        copies = Rule.search([("company_id", "=", company.id)])
        self.assertEqual(sorted(copies.mapped("code")), sorted(shipped.mapped("code")))
        warning = copies.filtered(lambda r: r.code == "PN-A07-W")
        original = self.env.ref("aftersales_penalty.rule_pn_a07_w")
        self.assertEqual(
            warning.with_context(lang="zh_CN").name, original.with_context(lang="zh_CN").name
        )
        self.assertNotEqual(warning.with_context(lang="zh_CN").name, warning.name)
        # its ladders of repeat offences climb its own rules
        disobeys = copies.filtered(lambda r: r.code == "PN-B61")
        self.assertEqual(
            disobeys._offence_ladder().mapped("code"), ["PN-B61", "PN-B61-2", "PN-B61-3"]
        )
        self.assertEqual(disobeys._offence_ladder().company_id, company)
        # editing the branch's copy leaves the main company's rule alone
        warning.amount = 500
        self.assertEqual(original.amount, 400)
        # running the set-up again adds nothing
        self.env["res.company"]._aftersales_penalty_ensure_rules()
        self.assertEqual(Rule.search_count([("company_id", "=", company.id)]), len(shipped))
