# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the system writes for a person (the title and note of an activity assigned to them)
reads in that person's language, though the scheduled action that writes it runs in
English."""

import re
from datetime import date, datetime, timedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools import format_date

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .common import RequestPathsCase, load_languages

LATIN = re.compile("[A-Za-z]")


@tagged("post_install", "-at_install")
class TestActivitiesInRecipientLanguage(RequestPathsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, ["aftersales_service"])
        cls.english = cls.env(context=dict(cls.env.context, lang="en_US"))

    def test_overdue_request_told_in_the_supervisor_language(self):
        self.manager.lang = "zh_CN"
        request = self.env["aftersales.service.request"].create(
            {
                "partner_id": self.customer.id,
                "date_request": datetime(2026, 3, 2, 9, 0),
                "product_id": self.product.id,
                "supervisor_id": self.manager.id,
            }
        )
        self.english["aftersales.service.request"]._cron_check_deadlines(
            now=datetime(2026, 3, 2, 9, 31)
        )
        self.assertTrue(request.is_overdue)
        overdue = self.env.ref("aftersales_service.mail_activity_type_overdue")
        activity = request.activity_ids.filtered(lambda a: a.activity_type_id == overdue)
        self.assertEqual(activity.user_id, self.manager)
        self.assertEqual(activity.summary, "逾期：未在派工期限前派工。")
        self.assertIn("未在派工期限前派工", activity.note)
        # the request's reason reads in each reader's language too
        self.assertEqual(
            request.with_context(lang="en_US").overdue_reason,
            "Not dispatched before the dispatch deadline.",
        )
        self.assertEqual(request.with_context(lang="zh_CN").overdue_reason, "未在派工期限前派工。")

    def test_late_arrival_told_in_the_supervisor_language(self):
        self.manager.lang = "zh_TW"
        request = self._dispatched(self.lot_warranty)
        request.supervisor_id = self.manager
        with frozen_steps():  # an arrival deadline long passed (fixture)
            request.arrival_deadline = datetime(2020, 1, 1)
        request.with_user(self.technician).with_context(lang="en_US").action_start()
        overdue = self.env.ref("aftersales_service.mail_activity_type_overdue")
        activity = request.activity_ids.filtered(lambda a: a.activity_type_id == overdue)
        self.assertEqual(len(activity), 1)
        self.assertTrue(activity.summary.startswith("逾期："), activity.summary)
        self.assertFalse(LATIN.search(activity.summary), activity.summary)

    def test_contract_renewal_told_in_the_salesperson_language(self):
        self.desk.lang = "zh_TW"
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.desk.id,
                "date_start": date(2025, 7, 1),
                "date_end": date(2026, 6, 30),
                "lot_ids": [Command.set(self.lot_warranty.ids)],
                "fee_amount": 1200,
            }
        )
        with frozen_steps():  # a fixture: the state without its step
            contract.state = "running"
        self.english["aftersales.contract"].browse(contract.id)._aftersales_update_states(
            date(2026, 5, 30)
        )
        renewal = self.env.ref("aftersales_service.mail_activity_type_contract_renewal")
        activity = contract.activity_ids.filtered(lambda a: a.activity_type_id == renewal)
        self.assertEqual(activity.summary, f"續簽合約 {contract.name}")
        message = contract.message_ids.filtered(lambda m: self.desk.partner_id in m.partner_ids)
        self.assertEqual(message.subject, f"續約通知：{contract.name}")

    def test_class_reason_in_the_reader_language(self):
        """The reason of a request's class is kept as facts (the warranty's end, the
        contract) and written out for each reader, dates as the language writes them."""
        expired = (
            self.env["aftersales.service.request"]
            .with_user(self.desk)
            .create({"partner_id": self.customer.id, "lot_id": self.lot_expired.id})
        )
        end = self.lot_expired.aftersales_warranty_end
        self.assertEqual(expired.service_class, "A")
        self.assertEqual(
            expired.with_context(lang="en_US").class_reason,
            f"Warranty expired on {format_date(self.english, end)}. Paid service.",
        )
        simplified = self.env(context=dict(self.env.context, lang="zh_CN"))
        self.assertEqual(
            expired.with_env(simplified).class_reason,
            f"保修已于 {format_date(simplified, end)} 到期。 有偿服务。",
        )
        self.assertIn("年", expired.with_env(simplified).class_reason)
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": date.today() - timedelta(days=30),
                "date_end": date.today() + timedelta(days=300),
                "lot_ids": [Command.set(self.lot_expired.ids)],
                "fee_amount": 1200,
            }
        )
        contract.action_confirm()
        covered = (
            self.env["aftersales.service.request"]
            .with_user(self.desk)
            .create({"partner_id": self.customer.id, "lot_id": self.lot_expired.id})
        )
        self.assertEqual(covered.service_class, "B")
        traditional = self.env(context=dict(self.env.context, lang="zh_TW"))
        self.assertEqual(
            covered.with_env(traditional).class_reason,
            f"保固已於 {format_date(traditional, end)} 到期。 由服務合約 {contract.name} 保障至 "
            f"{format_date(traditional, contract.date_end)}。",
        )
        # an internal job
        internal = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "product_id": self.product.id, "kind": "internal"}
        )
        self.assertEqual(internal.with_env(simplified).service_class, "D")
        self.assertNotIn("Internal", internal.with_env(simplified).class_reason)
