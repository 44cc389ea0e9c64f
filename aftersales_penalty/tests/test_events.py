# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Events raise draft penalties by themselves, once each."""

from datetime import datetime, timedelta

from odoo.tests import tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .common import PenaltyCase

NOW = datetime(2026, 11, 20, 12, 0)


@tagged("post_install", "-at_install")
class TestPenaltyEvents(PenaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["aftersales.penalty.rule"]
        cls.rule_contact = Rule.create(
            {"name": "Late contact", "code": "T-EV-1", "amount": 30, "event": "late_contact"}
        )
        cls.rule_signature = Rule.create(
            {"name": "No signature", "code": "T-EV-2", "amount": 80, "event": "missing_signature"}
        )
        cls.rule_repeat = Rule.create(
            {
                "name": "Repeat repair",
                "code": "T-EV-3",
                "amount": 100,
                "event": "repeat_repair",
                "threshold": 30,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "EV AC", "type": "consu", "tracking": "serial"}
        )
        cls.lot = cls.env["stock.lot"].create(
            {
                "name": "EV-SN-1",
                "product_id": cls.product.id,
                "aftersales_partner_id": cls.customer.id,
            }
        )

    def _request(self, **vals):
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "technician_id": self.tech_user.id, **vals}
        )
        return request

    def _set(self, record, **vals):
        with frozen_steps():  # a fixture: the facts as the steps would have recorded them
            record.write(vals)

    def _run(self):
        return self.env["aftersales.penalty.rule"]._generate_event_entries(self.company, NOW)

    def test_late_first_contact_raises_one_draft_once(self):
        late = self._request()
        self._set(late, first_contact_deadline=NOW - timedelta(hours=5))
        on_time = self._request()
        self._set(
            on_time,
            first_contact_deadline=NOW - timedelta(hours=5),
            date_contacted=NOW - timedelta(hours=6),
        )
        entries = self._run()
        self.assertEqual(entries.service_request_id, late)
        self.assertEqual(entries.rule_id, self.rule_contact)
        self.assertEqual((entries.state, entries.employee_id), ("draft", self.emp_e))
        self.assertIn(late.name, entries.reason)
        self.assertFalse(self._run(), "an event raises once")

    def test_job_done_without_signature_raises_one_draft_once(self):
        unsigned = self._request()
        self._set(unsigned, state="done", date_done=NOW - timedelta(hours=30))
        recent = self._request()
        self._set(recent, state="done", date_done=NOW - timedelta(hours=2))
        entries = self._run()
        self.assertEqual(entries.service_request_id, unsigned)
        self.assertEqual(entries.rule_id, self.rule_signature)
        self.assertFalse(self._run())

    def test_repeat_repair_charges_the_first_job_once(self):
        first = self._request(kind="repair", lot_id=self.lot.id)
        self._set(first, state="done", date_done=NOW - timedelta(days=20))
        again = self._request(kind="repair", lot_id=self.lot.id)
        self._set(again, date_request=NOW - timedelta(days=2), customer_confirmed=False)
        entries = self._run().filtered(lambda e: e.rule_id == self.rule_repeat)
        self.assertEqual(entries.service_request_id, first)
        self.assertIn(again.name, entries.reason)
        self.assertFalse(self._run().filtered(lambda e: e.rule_id == self.rule_repeat))

    def test_third_late_job_of_the_month_revokes_eligibility(self):
        Rule = self.env["aftersales.penalty.rule"]
        late = Rule.create(
            {
                "name": "Late repair",
                "code": "T-LATE",
                "kind": "late_completion",
                "amount": 30,
                "threshold": 24,
                "request_kind": "repair",
            }
        )
        Rule.create(
            {
                "name": "Third late repair",
                "code": "T-LATE-3",
                "amount": 0,
                "revokes_eligibility": True,
                "counted_event": "late_completion",
                "threshold": 3,
            }
        )
        period = NOW.date().replace(day=1)
        for day in (3, 4):
            self._entry(late, employee=self.emp_e, day=period.replace(day=day))
        self.assertNotIn(self.emp_e, Rule._ineligible_employees(period, self.company))
        third = self._entry(late, employee=self.emp_e, day=period.replace(day=5))
        self.assertIn(self.emp_e, Rule._ineligible_employees(period, self.company))
        third.action_cancel()
        self.assertNotIn(self.emp_e, Rule._ineligible_employees(period, self.company))
