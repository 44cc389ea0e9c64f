"""The facts that judge people are evidence: the technician cannot change them, a
manager corrects them with a reason that stays in the chatter."""

from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestEvidence(AftersalesCase):
    def _done_request(self):
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "technician_id": self.technician.id}
        )
        request.action_dispatch()
        request.with_user(self.technician).action_start()
        request.write({"work_done": "<p>Refilled the gas</p>", "time_spent": 1.5})
        request.with_user(self.technician).action_done()
        return request

    def test_a_finished_jobs_photos_and_voucher_stay_with_it(self):
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "technician_id": self.technician.id}
        )
        Attachment = self.env["ir.attachment"].with_user(self.technician)
        draft_photo = Attachment.create(
            {"name": "before.png", "raw": b"x", "res_model": request._name, "res_id": request.id}
        )
        draft_photo.unlink()  # a wrong photo of an open job is removed
        request.action_dispatch()
        request.with_user(self.technician).action_start()
        photo = Attachment.create(
            {"name": "after.png", "raw": b"y", "res_model": request._name, "res_id": request.id}
        )
        request.write({"work_done": "<p>Refilled the gas</p>", "time_spent": 1.5})
        request.with_user(self.technician).action_done()
        for user in (self.technician, self.desk, self.manager):
            with self.assertRaisesRegex(UserError, "cannot be deleted or moved"):
                photo.with_user(user).unlink()
        self.assertTrue(photo.exists())
        voucher = Attachment.create(
            {"name": "voucher.pdf", "raw": b"z", "res_model": request._name, "res_id": request.id}
        )
        with self.assertRaisesRegex(UserError, "your own work"):
            request.with_user(self.technician).voucher_attachment_id = voucher

    def test_technician_cannot_change_the_facts_of_his_job(self):
        request = self._done_request()
        done = request.date_done
        for vals in (
            {"date_done": datetime(2020, 1, 1)},
            {"date_arrived": datetime(2020, 1, 1)},
            {"time_spent": 0.5},
            {"is_overdue": False} if request.is_overdue else {"date_dispatched": False},
        ):
            with self.assertRaisesRegex(UserError, "your own work"):
                request.with_user(self.technician).write(vals)
        self.assertEqual(request.date_done, done)
        self.assertEqual(request.time_spent, 1.5)

    def test_desk_cannot_and_manager_corrects_with_a_reason(self):
        request = self._done_request()
        with self.assertRaisesRegex(AccessError, "only an after-sales manager"):
            request.with_user(self.desk).write({"time_spent": 3.0})
        with self.assertRaisesRegex(UserError, "Give the reason"):
            request.with_user(self.manager).write({"time_spent": 3.0})
        request.with_user(self.manager).with_context(
            aftersales_correction_reason="The job sheet says 3 hours"
        ).write({"time_spent": 3.0})
        self.assertEqual(request.time_spent, 3.0)
        message = request.message_ids[:1]
        self.assertIn("The job sheet says 3 hours", message.body)
        self.assertIn("1.5", message.body)

    def test_old_part_return_date_is_evidence(self):
        request = self._done_request()
        part = self.env["aftersales.old.part.return"].create(
            {
                "request_id": request.id,
                "provider_id": self.customer_far.id,
                "product_id": self.part.id,
                "quantity": 1,
                "date_due": "2026-01-10",
            }
        )
        part._mark_returned(part.date_due)
        with self.assertRaises(AccessError):
            part.with_user(self.desk).write({"date_returned": "2026-01-01"})
        # the button takes today, whatever a client sends
        self.assertFalse(part.is_late)
