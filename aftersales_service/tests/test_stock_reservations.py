import importlib.util
import pathlib

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestStockReservations(TransactionCase):
    """No stock move line outlives its move while not done: such a line keeps its quantity
    reserved on the stock for ever (a technician's van showed 2 of its 12 filters free) and
    Odoo fails on it when a later move takes that stock ("Expected singleton: stock.move()"
    in its own repair end, found by the load test)."""

    def _orphans(self):
        return self.env["stock.move.line"].search(
            [("move_id", "=", False), ("state", "not in", ("done", "cancel"))]
        )

    def test_the_installed_data_reserves_nothing_without_a_move(self):
        self.assertFalse(self._orphans())
        # every quantity reserved in an internal location is a not done move line's
        self.env.cr.execute(
            """
            SELECT q.product_id, q.location_id, q.lot_id, sum(q.reserved_quantity),
                   (SELECT coalesce(sum(ml.quantity_product_uom), 0)
                      FROM stock_move_line ml
                      JOIN stock_move m ON m.id = ml.move_id
                     WHERE ml.product_id = q.product_id AND ml.location_id = q.location_id
                       AND ml.lot_id IS NOT DISTINCT FROM q.lot_id
                       AND m.state NOT IN ('done', 'cancel', 'draft') AND NOT ml.picked)
              FROM stock_quant q
              JOIN stock_location l ON l.id = q.location_id AND l.usage = 'internal'
             GROUP BY q.product_id, q.location_id, q.lot_id
            HAVING sum(q.reserved_quantity) > 0
            """
        )
        for product_id, location_id, lot_id, reserved, by_lines in self.env.cr.fetchall():
            self.assertAlmostEqual(
                float(reserved),
                float(by_lines),
                msg=f"product {product_id} in location {location_id} (lot {lot_id})",
            )

    def test_lots_set_on_a_receipt_replace_the_proposed_lines(self):
        product = self.env["product.product"].create(
            {"name": "Lot-tracked unit", "is_storable": True, "tracking": "lot"}
        )
        lot = self.env["stock.lot"].create({"name": "LOT-RCV-1", "product_id": product.id})
        picking_type = self.env.ref("stock.picking_type_in")
        customers = self.env.ref("stock.stock_location_customers")
        stock = self.env.ref("stock.stock_location_stock")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": customers.id,
                "location_dest_id": stock.id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": 3,
                            "product_uom": product.uom_id.id,
                            "location_id": customers.id,
                            "location_dest_id": stock.id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        move = picking.move_ids
        self.assertTrue(move.move_line_ids, "Odoo proposes a line without a lot")
        move._aftersales_set_lots({lot: 3.0})
        self.assertEqual(move.move_line_ids.lot_id, lot)
        self.assertEqual(picking.move_line_ids, move.move_line_ids)
        self.assertFalse(self._orphans())

    def test_migration_gives_back_what_an_orphaned_line_reserved(self):
        """A database made before (the demo's deliveries) had such lines: the upgrade gives
        their reservation back and deletes them."""
        script = (
            pathlib.Path(__file__).parents[1] / "migrations" / "18.0.1.5.0" / "post-migration.py"
        )
        spec = importlib.util.spec_from_file_location("aftersales_service_mig_1_5", script)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        product = self.env["product.product"].create(
            {"name": "Filter kept in a van", "is_storable": True}
        )
        stock = self.env.ref("stock.stock_location_stock")
        customers = self.env.ref("stock.stock_location_customers")
        self.env["stock.quant"]._update_available_quantity(product, stock, 12)
        move = self.env["stock.move"].create(
            {
                "name": product.name,
                "product_id": product.id,
                "product_uom_qty": 10,
                "product_uom": product.uom_id.id,
                "location_id": stock.id,
                "location_dest_id": customers.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        quant = self.env["stock.quant"]._gather(product, stock)
        self.assertEqual(quant.reserved_quantity, 10)
        # the way the demo cleared its lines before: taken off the move, still reserving
        line = move.move_line_ids
        self.env.cr.execute("UPDATE stock_move_line SET move_id = NULL WHERE id = %s", line.ids)
        self.env.invalidate_all()
        self.assertEqual(self._orphans(), line)

        migration.migrate(self.env.cr, "18.0.1.4.0")

        self.assertFalse(self._orphans())
        self.assertFalse(line.exists())
        self.assertEqual(quant.reserved_quantity, 0)
        self.assertEqual(quant.quantity, 12)
