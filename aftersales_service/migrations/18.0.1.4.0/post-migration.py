"""The class reason and the overdue reason of a service request and the policy note of a
returned product are now kept as the facts of their decision and written out in the reader's
language: a record of before keeps its text as it was stored (in the column the field left),
and the old columns go (the return's policy decision is written out from its lines)."""

from odoo.tools import SQL

# table: (old text column, new facts column)
KEPT = {
    "aftersales_service_request": ("class_reason", "class_reason_parts"),
    "aftersales_return_line": ("policy_note", "policy_parts"),
}


def _has_column(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        [table, column],
    )
    return bool(cr.fetchone())


def migrate(cr, version):
    if not version:
        return
    for table, (old, new) in KEPT.items():
        if not _has_column(cr, table, old):
            continue
        cr.execute(
            SQL(
                "UPDATE %(table)s SET %(new)s = jsonb_build_array(jsonb_build_array("
                "'text', jsonb_build_object('text', %(old)s))) "
                "WHERE %(new)s IS NULL AND %(old)s IS NOT NULL",
                table=SQL.identifier(table),
                new=SQL.identifier(new),
                old=SQL.identifier(old),
            )
        )
        cr.execute(SQL("ALTER TABLE %s DROP COLUMN %s", SQL.identifier(table), SQL.identifier(old)))
    if _has_column(cr, "aftersales_service_request", "overdue_reason"):
        cr.execute(
            "UPDATE aftersales_service_request SET overdue_cause = 'text:' || overdue_reason "
            "WHERE overdue_cause IS NULL AND overdue_reason IS NOT NULL"
        )
        cr.execute("ALTER TABLE aftersales_service_request DROP COLUMN overdue_reason")
    if _has_column(cr, "aftersales_return", "policy_reason"):
        cr.execute("ALTER TABLE aftersales_return DROP COLUMN policy_reason")
