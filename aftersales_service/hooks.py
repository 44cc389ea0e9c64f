from odoo.tools import SQL


def aftersales_uninstall(env, module):
    """Prepare the removal of an after-sales addon.

    Odoo deletes the addon's data records before it drops the addon's tables and
    columns, so a transactional record without an XML id (a ledger entry, an activity)
    that still points at a data record with a restricting foreign key makes that
    deletion fail. Both go away with the addon anyway: remove the activities of its
    activity types and drop the foreign keys of the columns the addon created.
    """
    data = env["ir.model.data"]
    type_ids = data.search([("module", "=", module), ("model", "=", "mail.activity.type")]).mapped(
        "res_id"
    )
    env["mail.activity"].with_context(active_test=False).search(
        [("activity_type_id", "in", type_ids)]
    ).unlink()
    field_ids = data.search([("module", "=", module), ("model", "=", "ir.model.fields")]).mapped(
        "res_id"
    )
    fields = env["ir.model.fields"].browse(field_ids).exists()
    columns = []
    for field in fields:
        if field.ttype != "many2one" or not field.store:
            continue
        if set((field.modules or module).split(", ")) - {module}:
            continue  # a column also declared by another installed addon stays
        model = env.get(field.model)
        if model is None or field.name not in model._fields:
            continue
        columns.append((model._table, field.name))
    for table, column in columns:
        env.cr.execute(
            SQL(
                """SELECT tc.constraint_name
                     FROM information_schema.table_constraints tc
                     JOIN information_schema.key_column_usage kcu
                       ON kcu.constraint_name = tc.constraint_name
                      AND kcu.table_name = tc.table_name
                    WHERE tc.constraint_type = 'FOREIGN KEY'
                      AND tc.table_name = %s AND kcu.column_name = %s""",
                table,
                column,
            )
        )
        for (constraint,) in env.cr.fetchall():
            env.cr.execute(
                SQL(
                    "ALTER TABLE %s DROP CONSTRAINT IF EXISTS %s",
                    SQL.identifier(table),
                    SQL.identifier(constraint),
                )
            )
