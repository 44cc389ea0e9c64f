from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import RequestPathsCase


@tagged("post_install", "-at_install")
class TestPartReservation(RequestPathsCase):
    """A part added to a job under way is reserved in the job's stock at once (as Odoo's
    repair order reserves the parts of a confirmed repair): other jobs and the warehouse see
    it taken. It follows the line (quantity, serial, removal), the job (back to the desk,
    cancelled, another technician) and is consumed by the reserved move when the job is
    done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Location = cls.env["stock.location"]
        cls.van = Location.create(
            {"name": "Reservation van 1", "location_id": cls.warehouse.view_location_id.id}
        )
        cls.van2 = Location.create(
            {"name": "Reservation van 2", "location_id": cls.warehouse.view_location_id.id}
        )
        cls.technician.sudo().aftersales_van_location_id = cls.van
        cls.technician2.sudo().aftersales_van_location_id = cls.van2
        Quant = cls.env["stock.quant"]
        Quant._update_available_quantity(cls.filter, cls.van, 5)
        Quant._update_available_quantity(cls.filter, cls.van2, 5)

    def _reserved(self, location, product=None):
        quants = self.env["stock.quant"].search(
            [("location_id", "=", location.id), ("product_id", "=", (product or self.filter).id)]
        )
        return sum(quants.mapped("reserved_quantity"))

    def _on_site(self, technician=None):
        request = self._dispatched(self.lot_expired, technician=technician)
        request.with_user(technician or self.technician).action_start()
        return request

    def _add_part(self, request, quantity=1.0, user=None):
        return (
            self.env["aftersales.service.line"]
            .with_user(user or self.technician)
            .create(
                {
                    "request_id": request.id,
                    "line_type": "part",
                    "product_id": self.filter.id,
                    "quantity": quantity,
                }
            )
        )

    def test_part_added_on_site_is_reserved_then_consumed_by_the_same_move(self):
        request = self._on_site()
        line = self._add_part(request, 2.0)
        move = line.move_id
        self.assertEqual(move.state, "assigned")
        self.assertEqual(move.location_id, self.van)
        self.assertEqual(move.product_uom_qty, 2.0)
        self.assertEqual(self._reserved(self.van), 2.0)
        # the line is not frozen while its part is only reserved
        line.with_user(self.technician).name = "Filter, washable"
        request.with_user(self.technician).write({"work_done": "<p>Filter replaced</p>"})
        request.with_user(self.technician).action_done()
        self.assertEqual(line.move_id, move, "the reserved move is the one consumed")
        self.assertEqual(move.state, "done")
        self.assertEqual(self.filter.with_context(location=self.van.id).qty_available, 3.0)
        self.assertEqual(self._reserved(self.van), 0.0)
        self.assertEqual(
            self.env["stock.move"].search_count(
                [("name", "=", request.name), ("product_id", "=", self.filter.id)]
            ),
            1,
        )
        with self.assertRaises(UserError):
            line.with_user(self.technician).quantity = 1.0

    def test_quantity_change_reserves_again_and_removal_gives_the_part_back(self):
        request = self._on_site()
        line = self._add_part(request, 1.0)
        first = line.move_id
        with Form(request.with_user(self.technician)) as form:
            with form.line_ids.edit(0) as row:
                row.quantity = 3.0
        self.assertEqual(first.state, "cancel")
        self.assertEqual(line.move_id.product_uom_qty, 3.0)
        self.assertEqual(line.move_id.state, "assigned")
        self.assertEqual(self._reserved(self.van), 3.0)
        second = line.move_id
        with Form(request.with_user(self.technician)) as form:
            form.line_ids.remove(0)
        self.assertFalse(line.exists())
        self.assertEqual(second.state, "cancel")
        self.assertEqual(self._reserved(self.van), 0.0)

    def test_job_cancelled_or_back_at_the_desk_releases_its_parts(self):
        request = self._on_site()
        line = self._add_part(request, 2.0)
        move = line.move_id
        request.with_user(self.desk).action_cancel()
        self.assertEqual(move.state, "cancel")
        self.assertFalse(line.move_id)
        self.assertEqual(self._reserved(self.van), 0.0)

    def test_part_planned_before_arrival_is_reserved_on_arrival(self):
        request = self._dispatched(self.lot_expired)
        line = self._add_part(request, 1.0, user=self.desk)
        self.assertFalse(line.move_id, "not reserved before the technician is under way")
        request.with_user(self.technician).action_start()
        self.assertEqual(line.move_id.state, "assigned")
        self.assertEqual(self._reserved(self.van), 1.0)

    def test_other_technician_takes_the_reservation_to_his_van(self):
        request = self._on_site()
        line = self._add_part(request, 1.0)
        first = line.move_id
        request.with_user(self.desk).technician_id = self.technician2
        self.assertEqual(first.state, "cancel")
        self.assertEqual(line.move_id.location_id, self.van2)
        self.assertEqual(self._reserved(self.van), 0.0)
        self.assertEqual(self._reserved(self.van2), 1.0)

    def test_reserved_part_leaves_the_stock_it_was_taken_from(self):
        request = self._on_site()
        line = self._add_part(request, 1.0)
        # the technician's van changes after he took the part from the first one
        self.technician.sudo().aftersales_van_location_id = self.van2
        request.with_user(self.technician).write({"work_done": "<p>Filter replaced</p>"})
        request.with_user(self.technician).action_done()
        self.assertEqual(line.move_id.location_id, self.van)
        self.assertEqual(self.filter.with_context(location=self.van.id).qty_available, 4.0)
        self.assertEqual(self.filter.with_context(location=self.van2.id).qty_available, 5.0)

    def test_move_cancelled_in_the_warehouse_is_made_again_at_the_finish(self):
        request = self._on_site()
        line = self._add_part(request, 1.0)
        first = line.move_id
        first.sudo()._action_cancel()
        request.with_user(self.technician).write({"work_done": "<p>Filter replaced</p>"})
        request.with_user(self.technician).action_done()
        self.assertNotEqual(line.move_id, first)
        self.assertEqual(line.move_id.state, "done")
        self.assertEqual(self.filter.with_context(location=self.van.id).qty_available, 4.0)

    def test_line_without_stock_product_has_no_move(self):
        request = self._on_site()
        line = self.env["aftersales.service.line"].create(
            {"request_id": request.id, "line_type": "fee", "product_id": self.fee.id}
        )
        self.assertFalse(line.move_id)
        request.write({"line_ids": [Command.update(line.id, {"quantity": 2.0})]})
        self.assertFalse(line.move_id)
