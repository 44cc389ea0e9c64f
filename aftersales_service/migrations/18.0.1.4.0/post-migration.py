"""The class reason of a service request is now kept as the facts of its verdict and written
out in the reader's language: a request of before keeps its reason as the text that was
stored (the column the field left), and that column goes."""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'aftersales_service_request' AND column_name = 'class_reason'"
    )
    if not cr.fetchone():
        return
    cr.execute(
        SQL(
            "UPDATE aftersales_service_request "
            "SET class_reason_parts = jsonb_build_array("
            "    jsonb_build_array('text', jsonb_build_object('text', class_reason))) "
            "WHERE class_reason_parts IS NULL AND class_reason IS NOT NULL"
        )
    )
    cr.execute("ALTER TABLE aftersales_service_request DROP COLUMN class_reason")
