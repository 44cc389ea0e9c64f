"""The shipped rule book is noupdate data: an upgrade does not rewrite rules a company may
have edited. The events and counts added to the book are set here, on the shipped rules
(and their copies in other companies, by code) that have none yet."""

from odoo import SUPERUSER_ID, api

# rule code: values added to the book
BOOK = {
    "DS-B16-2": {"counted_event": "late_contact", "threshold": 2},
    "DS-B17-3": {"counted_event": "late_completion", "threshold": 3},
    "PN-B30-1": {"event": "missing_signature", "request_kind": "installation"},
    "PN-B67": {"event": "repeat_repair"},
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Rule = env["aftersales.penalty.rule"].with_context(active_test=False)
    for code, values in BOOK.items():
        rules = Rule.search(
            [("code", "=", code), ("event", "=", False), ("counted_event", "=", False)]
        )
        rules.write(values)
    # the rules added to the book reach the other companies like the rest of it
    for company in env["res.company"].search([]):
        shipped = env["res.company"]._aftersales_penalty_shipped_rules()
        codes = set(Rule.search([("company_id", "=", company.id)]).mapped("code"))
        missing = shipped.filtered(
            lambda r, c=company, have=codes: r.company_id != c and r.code not in have
        )
        if codes and missing:
            missing.sorted("sequence").copy({"company_id": company.id, "account_id": False})
