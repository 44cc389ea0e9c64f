"""Each partner that was a contracted provider (its columns are kept by the database after
the fields went) becomes a provider record with the same application, documents, contract,
deposit, certificate and consignment stock; a company's own deposit days become a policy."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

# old partner column: new provider field
COLUMNS = {
    "aftersales_provider_state": "state",
    "aftersales_provider_type": "provider_type",
    "aftersales_market_tier": "market_tier",
    "aftersales_staff_count": "staff_count",
    "aftersales_doc_licence_name": "doc_licence_name",
    "aftersales_doc_tax_name": "doc_tax_name",
    "aftersales_doc_staff_name": "doc_staff_name",
    "aftersales_applied_on": "applied_on",
    "aftersales_approved_by_id": "approved_by_id",
    "aftersales_approved_on": "approved_on",
    "aftersales_provider_contract_ref": "contract_ref",
    "aftersales_provider_contract_date": "contract_date",
    "aftersales_provider_company_id": "company_id",
    "aftersales_deposit_amount": "deposit_amount",
    "aftersales_deposit_received_date": "deposit_received_date",
    "aftersales_activated_on": "activated_on",
    "aftersales_certificate_number": "certificate_number",
    "aftersales_supervision_card": "supervision_card",
    "aftersales_consignment_location_id": "consignment_location_id",
}
# documents kept as attachments of the partner: old field, new field
DOCUMENTS = {
    "aftersales_doc_licence": "doc_licence",
    "aftersales_doc_tax": "doc_tax",
    "aftersales_doc_shop_photo": "doc_shop_photo",
    "aftersales_doc_staff": "doc_staff",
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Policy = env["aftersales.sla.policy"]
    Policy._carry_over_company_targets(
        "aftersales_service", {"aftersales_provider_deposit_days": ("sla_provider_deposit", 15.0)}
    )
    if not Policy._column_exists("res_partner", "aftersales_provider_state"):
        return
    columns = [c for c in COLUMNS if Policy._column_exists("res_partner", c)]
    cr.execute(
        SQL(
            "SELECT id, %s FROM res_partner WHERE aftersales_provider_state IS NOT NULL",
            SQL(", ").join(SQL.identifier(column) for column in columns),
        )
    )
    Provider = env["aftersales.provider"]
    for row in cr.fetchall():
        partner_id, values = row[0], dict(zip(columns, row[1:], strict=True))
        vals = {COLUMNS[c]: v for c, v in values.items() if v is not None}
        vals["partner_id"] = partner_id
        vals.setdefault("company_id", env.ref("base.main_company").id)
        provider = Provider.search(
            [("partner_id", "=", partner_id), ("company_id", "=", vals["company_id"])]
        )
        if provider:
            # made by the demo data loaded before this step: the partner's data wins
            cr.execute(
                """DELETE FROM ir_attachment
                    WHERE res_model = 'aftersales.provider' AND res_id = %s
                      AND res_field IN %s""",
                (provider.id, tuple(DOCUMENTS.values())),
            )
            provider.write(vals)
        else:
            provider = Provider.create(vals)
        for old, new in DOCUMENTS.items():
            cr.execute(
                """UPDATE ir_attachment
                      SET res_model = 'aftersales.provider', res_id = %s, res_field = %s
                    WHERE res_model = 'res.partner' AND res_id = %s AND res_field = %s""",
                (provider.id, new, partner_id, old),
            )
    Provider.invalidate_model()
