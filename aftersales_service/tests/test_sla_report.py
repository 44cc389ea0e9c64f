# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The service level analysis: each deadline met, failed or ongoing."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestServiceLevelAnalysis(AftersalesCase):
    def _request(self, when):
        return self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "date_request": when, "product_id": self.product.id}
        )

    def _rows(self, requests, duty):
        self.env.flush_all()
        return (
            self.env["aftersales.sla.report"]
            .with_user(self.desk)
            .search(
                [
                    ("res_model", "=", "aftersales.service.request"),
                    ("res_id", "in", requests.ids),
                    ("duty", "=", f"aftersales.service.request:{duty}"),
                ]
            )
        )

    def test_response_met_failed_and_ongoing(self):
        on_time = self._request(datetime(2026, 3, 2, 9, 0))
        late = self._request(datetime(2026, 3, 2, 9, 0))
        running = self._request(datetime(2099, 3, 2, 9, 0))
        with freeze_time("2026-03-02 10:00:00"):
            on_time.with_user(self.desk).action_respond()
        with freeze_time("2026-03-06 10:00:00"):
            late.with_user(self.desk).action_respond()
        rows = self._rows(on_time | late | running, "response")
        status = {row.res_id: row.status for row in rows}
        self.assertEqual(status, {on_time.id: "met", late.id: "failed", running.id: "ongoing"})
        late_row = rows.filtered(lambda r: r.res_id == late.id)
        self.assertEqual(late_row.name, late.name)
        self.assertEqual(late_row.month.month, 3)
        self.assertGreater(late_row.delay_hours, 40)
        # grouped as a manager would: per status
        groups = (
            self.env["aftersales.sla.report"]
            .with_user(self.desk)
            ._read_group(
                [("res_id", "in", (on_time | late | running).ids), ("duty", "like", "response")],
                ["status"],
                ["__count"],
            )
        )
        self.assertEqual(dict(groups), {"met": 1, "failed": 1, "ongoing": 1})
        action = late_row.action_open_document()
        self.assertEqual((action["res_model"], action["res_id"]), (late._name, late.id))

    def test_technician_cannot_read_the_analysis(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.sla.report"].with_user(self.technician).search([])

    def test_other_company_sees_none_of_the_analysis(self):
        other = self.env["res.company"].create({"name": "SLA Other Company"})
        desk_other = new_test_user(
            self.env,
            login="sla_desk_other",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
            groups="aftersales_service.group_aftersales_user_all",
        )
        Report = self.env["aftersales.sla.report"]
        self.assertTrue(Report.search_count([("company_id", "=", self.env.company.id)]))
        self.assertFalse(Report.with_user(desk_other).search_count([]))
