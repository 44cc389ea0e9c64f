# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a technician (own documents) cannot do to the facts that judge him: hand his job to a
colleague, confirm it with any file, unlink its workshop repair, work a colleague's repair
order, or type more hours than the job was open."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import RequestPathsCase


@tagged("post_install", "-at_install")
class TestTechnicianLimits(RequestPathsCase):
    def test_a_technician_does_not_hand_his_job_to_a_colleague(self):
        job = self._dispatched(self.lot_warranty)
        with self.assertRaisesRegex(AccessError, "chooses its technician"):
            job.write({"technician_id": self.technician2.id})
        with self.assertRaisesRegex(AccessError, "chooses its technician"):
            job.write({"technician_id": False})
        job.with_user(self.desk).write({"technician_id": self.technician2.id})
        self.assertEqual(job.technician_id, self.technician2)
        # once done, who did it is evidence: a manager corrects it with a reason
        job.with_user(self.desk).write({"technician_id": self.technician.id})
        job.action_start()
        job.write({"work_done": "<p>Cleaned</p>"})
        job.action_done()
        with self.assertRaisesRegex(AccessError, "only an after-sales manager"):
            job.with_user(self.desk).write({"technician_id": self.technician2.id})

    def test_the_signed_voucher_is_a_file_of_the_job_attached_by_the_desk(self):
        job = self._dispatched(self.lot_warranty)
        Attachment = self.env["ir.attachment"]
        unrelated = Attachment.create({"name": "table.pdf", "raw": b"%PDF-1.4"})
        own = Attachment.create(
            {"name": "voucher.pdf", "raw": b"%PDF-1.4", "res_model": job._name, "res_id": job.id}
        )
        with self.assertRaisesRegex(UserError, "is a file attached to this request"):
            job.with_user(self.desk).write({"voucher_attachment_id": unrelated.id})
        with self.assertRaisesRegex(AccessError, "confirms your own work"):
            job.write({"voucher_attachment_id": own.id})
        self.assertFalse(job.customer_confirmed)
        with self.assertRaisesRegex(UserError, "once the request exists"):
            self.env["aftersales.service.request"].with_user(self.desk).create(
                {"partner_id": self.customer.id, "voucher_attachment_id": own.id}
            )
        job.with_user(self.desk).write({"voucher_attachment_id": own.id})
        self.assertTrue(job.customer_confirmed)

    def test_the_workshop_repair_stays_with_its_job_and_its_technician(self):
        job = self._dispatched(self.lot_warranty)
        job.action_start()
        job.with_user(self.desk).action_carry_in()
        repair = job.repair_ids
        self.assertEqual(len(repair), 1)
        mine = repair.with_user(self.technician)
        mine.action_validate()
        mine.action_repair_start()
        mine.action_repair_end()
        with self.assertRaisesRegex(UserError, "belongs to the document it was opened for"):
            mine.write({"aftersales_request_id": False})
        with self.assertRaisesRegex(UserError, "supervisor verifies the repair"):
            job.with_user(self.desk).action_return_unit()
        # a colleague neither reads nor works it
        RepairOrder = self.env["repair.order"].with_user(self.technician2)
        self.assertFalse(RepairOrder.search([("id", "=", repair.id)]))
        with self.assertRaises(AccessError):
            repair.with_user(self.technician2).write({"internal_notes": "<p>mine now</p>"})
        self.assertIn(repair, self.env["repair.order"].with_user(self.desk).search([]))

    def test_hours_spent_stay_within_the_time_the_job_was_open(self):
        job = self._dispatched(self.lot_warranty)
        job.action_start()
        for hours in (99999.0, float("inf"), float("nan")):
            with self.subTest(hours=hours), self.assertRaises(ValidationError):
                job.write({"time_spent": hours})
        job.write({"time_spent": 2.5})
        self.assertEqual(job.time_spent, 2.5)
