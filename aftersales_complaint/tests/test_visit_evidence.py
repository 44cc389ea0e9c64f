"""Return-visit scores come from the customer's answers: nobody types them."""

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVisitEvidence(TransactionCase):
    def _visit(self, technician):
        """A visit planned today, rating ``technician``."""
        customer = self.env["res.partner"].create({"name": "Visited customer"})
        today = fields.Date.context_today(self.env.user)
        return self.env["aftersales.return.visit"].create(
            {
                "partner_id": customer.id,
                "technician_id": technician.id,
                "date_planned": today,
                "date_deadline": today,
            }
        )

    def test_scores_cannot_be_typed(self):
        technician = new_test_user(
            self.env,
            login="ve_tech",
            groups="aftersales_service.group_aftersales_user_own,"
            "aftersales_complaint.group_complaint_user_all",
        )
        agent = new_test_user(
            self.env, login="ve_agent", groups="aftersales_complaint.group_complaint_user_all"
        )
        visit = self._visit(technician)
        with self.assertRaisesRegex(UserError, "your own work"):
            visit.with_user(technician).write({"score_average": 5.0, "is_low_score": False})
        with self.assertRaises(AccessError):
            visit.with_user(agent).write({"score_attitude": 5.0})
        self.assertEqual(visit.score_average, 0.0)

    def test_the_rated_technician_neither_records_the_answers_nor_moves_the_visit(self):
        technician = new_test_user(
            self.env,
            login="ve_tech2",
            groups="aftersales_service.group_aftersales_user_own,"
            "aftersales_complaint.group_complaint_user_all",
        )
        colleague = new_test_user(
            self.env,
            login="ve_colleague",
            groups="aftersales_service.group_aftersales_user_own",
        )
        visit = self._visit(technician)
        mine = visit.with_user(technician)
        with self.assertRaisesRegex(AccessError, "rates your own work"):
            mine.action_record_phone_answer()
        with self.assertRaisesRegex(AccessError, "rates your own work"):
            mine._record_phone_answer({})
        for user in (technician, self.env.ref("base.user_admin")):
            with self.assertRaisesRegex(UserError, "set by the system only"):
                visit.with_user(user).write({"technician_id": colleague.id})
        self.assertEqual(visit.technician_id, technician)
        self.assertEqual(visit.state, "planned")
