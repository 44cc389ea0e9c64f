"""Stock move lines left without their move while not done (the demo's deliveries cleared
the lines Odoo had reserved instead of unreserving them, and the serials set on a receipt
did the same to the proposed lines without one): such a line keeps its quantity reserved on
the stock, for ever, and Odoo fails on it when a later move takes that stock. Their
reservation is given back and they go."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        """
        SELECT id FROM stock_move_line
         WHERE move_id IS NULL AND (state IS NULL OR state NOT IN ('done', 'cancel'))
        """
    )
    orphans = env["stock.move.line"].browse([row[0] for row in cr.fetchall()])
    Quant = env["stock.quant"]
    for line in orphans:
        # what the line's move would have bypassed (stock.move._should_bypass_reservation)
        if (
            line.product_id.is_storable
            and not line.location_id.should_bypass_reservation()
            and line.quantity_product_uom > 0
        ):
            Quant._update_reserved_quantity(
                line.product_id,
                line.location_id,
                -line.quantity_product_uom,
                lot_id=line.lot_id,
                package_id=line.package_id,
                owner_id=line.owner_id,
                strict=True,
            )
    if orphans:
        cr.execute("DELETE FROM stock_move_line WHERE id IN %s", [tuple(orphans.ids)])
        env.invalidate_all()
