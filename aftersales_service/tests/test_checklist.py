# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The on-site checklist of a job: created at dispatch from the points of its kind, ticked by
its technician only, a job finished with points left flagged."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestOnSiteChecklist(AftersalesCase):
    def _dispatched(self, kind, technician=None):
        request = self.env["aftersales.service.request"].create(
            {
                "partner_id": self.customer.id,
                "kind": kind,
                "technician_id": (technician or self.technician).id,
            }
        )
        request.with_user(self.desk).action_dispatch()
        return request

    def test_checklist_per_kind_ticked_on_site(self):
        Item = self.env["aftersales.checklist.item"]
        general = Item.search([("kind", "=", "any")])
        installation = self._dispatched("installation")
        repair = self._dispatched("repair")
        self.assertEqual(
            installation.checklist_line_ids.item_id,
            general | Item.search([("kind", "=", "installation")]),
        )
        self.assertEqual(repair.checklist_line_ids.item_id, general)
        job = repair.with_user(self.technician)
        job.action_start()
        job.checklist_line_ids[:3].write({"done": True})
        self.assertEqual(repair.checklist_line_ids[0].done_by, self.technician)
        job.work_done = "<p>Drain cleared</p>"
        job.action_done()
        self.assertTrue(repair.checklist_incomplete, "points left unticked")
        job.checklist_line_ids.write({"done": True})
        self.assertFalse(repair.checklist_incomplete)
        # dispatching again does not duplicate the list
        self.env["aftersales.service.checklist.line"]._create_for(repair)
        self.assertEqual(len(repair.checklist_line_ids), len(general))

    def test_only_the_jobs_technician_ticks_it(self):
        other = self._dispatched("repair", technician=self.technician2)
        with self.assertRaises(AccessError):
            other.checklist_line_ids[:1].with_user(self.technician).write({"done": True})
        self.assertFalse(any(other.checklist_line_ids.mapped("done")))
