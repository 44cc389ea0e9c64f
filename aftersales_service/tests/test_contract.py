from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestServiceContract(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = cls.desk
        cls.lot = cls._lot("CT-LOT-1", delivery=date(2020, 1, 1))

    def _contract(self, start, end, **vals):
        return self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.salesperson.id,
                "date_start": start,
                "date_end": end,
                "lot_ids": [Command.set(self.lot.ids)],
                "fee_amount": 1200,
                **vals,
            }
        )

    def test_numbering_and_confirm(self):
        contract = self._contract(date(2026, 1, 1), date(2026, 12, 31))
        self.assertTrue(contract.name.startswith("SC"))
        self.assertEqual(contract.state, "draft")
        contract._aftersales_update_states(date(2026, 6, 1))
        self.assertEqual(contract.state, "draft", "draft contracts are not touched by the cron")
        contract.action_confirm()
        self.assertIn(contract.state, ("running", "to_renew", "expired"))

    def test_contract_covering_nothing_refused(self):
        contract = self._contract(date(2026, 1, 1), date(2026, 12, 31), lot_ids=[])
        with self.assertRaisesRegex(UserError, "covers nothing"):
            contract.action_confirm()

    def test_end_before_start_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._contract(date(2026, 5, 1), date(2026, 4, 30))

    def test_renewal_notice_one_month_before_end_once(self):
        contract = self._contract(date(2025, 7, 1), date(2026, 6, 30))
        with frozen_steps():  # a fixture: the state without its step
            contract.state = "running"
        self.assertEqual(contract.notice_date, date(2026, 5, 30))
        activity_type = self.env.ref("aftersales_service.mail_activity_type_contract_renewal")
        contract._aftersales_update_states(date(2026, 5, 29))
        self.assertEqual(contract.state, "running")
        self.assertFalse(contract.activity_ids)
        contract._aftersales_update_states(date(2026, 5, 30))
        self.assertEqual(contract.state, "to_renew")
        self.assertEqual(contract.renewal_notice_date, date(2026, 5, 30))
        activities = contract.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.salesperson)
        messages = contract.message_ids.filtered(lambda m: "Renewal notice" in (m.subject or ""))
        self.assertEqual(len(messages), 1)
        self.assertIn(self.salesperson.partner_id, messages.partner_ids)
        # the customer receives the maintenance expiry notice, with its PDF
        notices = contract.message_ids.filtered(lambda m: self.customer in m.partner_ids)
        self.assertEqual(len(notices), 1)
        self.assertIn("ends on", notices.subject)
        self.assertTrue(notices.attachment_ids)
        self.assertIn("Maintenance Expiry Notice", notices.attachment_ids.name)
        # the scheduled action runs again: nothing new
        contract._aftersales_update_states(date(2026, 5, 31))
        contract._aftersales_update_states(date(2026, 6, 10))
        self.assertEqual(len(contract.activity_ids), 1)
        self.assertEqual(
            len(contract.message_ids.filtered(lambda m: "Renewal notice" in (m.subject or ""))), 1
        )
        self.assertEqual(
            len(contract.message_ids.filtered(lambda m: self.customer in m.partner_ids)), 1
        )

    def test_cron_entry_point_is_idempotent(self):
        contract = self._contract(date(2025, 1, 1), date(2025, 1, 20))
        with frozen_steps():  # a fixture: the state without its step
            contract.state = "running"
        self.env["aftersales.contract"]._cron_update_states()
        self.env["aftersales.contract"]._cron_update_states()
        self.assertEqual(contract.state, "expired")
        self.assertFalse(contract.activity_ids, "an expired contract is not notified")

    def test_renew_creates_follow_up(self):
        contract = self._contract(date(2025, 7, 1), date(2026, 6, 30))
        with frozen_steps():  # a fixture: the state without its step
            contract.state = "running"
        contract._aftersales_update_states(date(2026, 6, 1))
        action = contract.action_renew()
        new = self.env["aftersales.contract"].browse(action["res_id"])
        self.assertEqual(new.previous_contract_id, contract)
        self.assertEqual(contract.next_contract_id, new)
        self.assertEqual(new.date_start, date(2026, 7, 1))
        self.assertEqual(new.date_end, date(2027, 6, 30))
        self.assertEqual(new.lot_ids, self.lot)
        self.assertEqual(new.state, "draft")
        self.assertFalse(contract.activity_ids, "the renewal activity is done")
        with self.assertRaisesRegex(UserError, "already renewed"):
            contract.action_renew()

    def test_renew_month_end_contract(self):
        contract = self._contract(date(2024, 3, 1), date(2025, 2, 28))
        with frozen_steps():  # a fixture: the state without its step
            contract.state = "expired"
        new = self.env["aftersales.contract"].browse(contract.action_renew()["res_id"])
        self.assertEqual((new.date_start, new.date_end), (date(2025, 3, 1), date(2026, 2, 28)))

    def test_fee_invoice(self):
        contract = self._contract(date(2026, 1, 1), date(2026, 12, 31))
        with frozen_steps():  # a fixture: the state without its step
            contract.state = "running"
        contract.action_create_invoice()
        invoice = contract.invoice_ids
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.amount_untaxed, 1200)
        self.assertEqual(contract.invoice_count, 1)
        with self.assertRaisesRegex(UserError, "already invoiced"):
            contract.action_create_invoice()
        self.assertEqual(contract.invoice_count, 1)

    def test_only_a_manager_cancels_a_running_contract(self):
        contract = self._contract(date(2026, 1, 1), date(2026, 12, 31))
        draft = self._contract(date(2026, 1, 1), date(2026, 12, 31))
        draft.with_user(self.desk).action_cancel()
        self.assertEqual(draft.state, "cancelled")
        contract.action_confirm()
        with self.assertRaisesRegex(AccessError, "Only an after-sales manager"):
            contract.with_user(self.desk).action_cancel()
        contract.with_user(self.manager).action_cancel()
        self.assertEqual(contract.state, "cancelled")

    def test_cancelled_contract_does_not_cover(self):
        today = date.today()
        contract = self._contract(date(today.year - 1, 1, 1), date(today.year + 1, 1, 1))
        contract.action_confirm()
        cover = self.env["aftersales.coverage"].lot_coverage(self.lot)[self.lot.id]
        self.assertEqual(cover["service_class"], "B")
        contract.action_cancel()
        cover = self.env["aftersales.coverage"].lot_coverage(self.lot)[self.lot.id]
        self.assertEqual(cover["service_class"], "A")

    def test_running_contract_cannot_be_deleted(self):
        contract = self._contract(date(2026, 1, 1), date(2026, 12, 31))
        contract.action_confirm()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            contract.unlink()
        contract.action_cancel()
        contract.unlink()
        self.assertFalse(contract.exists())

    def test_form_creation_by_desk_user(self):
        form = Form(self.env["aftersales.contract"].with_user(self.desk))
        form.partner_id = self.customer
        form.date_start = date(2026, 1, 1)
        form.date_end = date(2026, 12, 31)
        form.fee_amount = 500
        form.product_ids.add(self.product)
        contract = form.save()
        self.assertEqual(contract.response_hours, 1)
        contract.action_confirm()
        self.assertEqual(contract.create_uid, self.desk)

    def test_contract_plans_its_maintenance_visits(self):
        start = date.today().replace(day=1) + relativedelta(months=1)
        contract = self._contract(start, start + relativedelta(years=1, days=-1))
        contract.maintenance_interval_months = 3
        contract.action_confirm()
        first = start + relativedelta(months=3)
        self.assertEqual(contract.next_maintenance_date, first)
        Request = self.env["aftersales.service.request"]
        domain = [("kind", "=", "maintenance"), ("lot_id", "=", self.lot.id)]
        contract._aftersales_update_states(first - relativedelta(days=12))
        self.assertFalse(Request.search(domain))
        with freeze_time(first - relativedelta(days=6)):
            contract._aftersales_update_states(first - relativedelta(days=6))
        visits = Request.search(domain)
        self.assertEqual(len(visits), 1)
        self.assertEqual(visits.contract_id, contract)
        self.assertEqual(visits.service_class, "B")
        self.assertEqual(contract.next_maintenance_date, first + relativedelta(months=3))
        # the scheduled action runs again: nothing new
        contract._aftersales_update_states(first - relativedelta(days=5))
        self.assertEqual(Request.search_count(domain), 1)
        for months in (6, 9):
            day = start + relativedelta(months=months, days=-6)
            with freeze_time(day):
                contract._aftersales_update_states(day)
        self.assertEqual(Request.search_count(domain), 3)
        # no visit after the contract's end, and none planned for a day long past
        contract._aftersales_update_states(contract.date_end)
        self.assertEqual(Request.search_count(domain), 3)
        self.assertEqual(contract.next_maintenance_date, start + relativedelta(months=12))

    def test_maintenance_plan_lines_set_a_frequency_per_product(self):
        """Air conditioners every 3 months, the purifier every 6; the rest follows the
        contract's interval of 4; a running contract's plan cannot be changed."""
        purifier = self.env["product.product"].create(
            {"name": "CT purifier", "type": "consu", "tracking": "serial"}
        )
        other = self.env["product.product"].create(
            {"name": "CT heater", "type": "consu", "tracking": "serial"}
        )
        ac2 = self._lot("CT-LOT-2")
        water = self._lot("CT-PUR-1", product=purifier)
        heater = self._lot("CT-HEAT-1", product=other)
        start = date.today().replace(day=1) + relativedelta(months=1)
        contract = self._contract(
            start,
            start + relativedelta(years=1, days=-1),
            lot_ids=[Command.set((self.lot | ac2 | water | heater).ids)],
        )
        with Form(contract.with_user(self.desk)) as form:
            form.maintenance_interval_months = 4
            with form.maintenance_line_ids.new() as line:
                line.product_id = self.product
                line.interval_months = 3
                line.note = "Clean the filters"
            with form.maintenance_line_ids.new() as line:
                line.lot_ids.add(water)
                line.interval_months = 6
        contract.with_user(self.desk).action_confirm()
        ac_line, water_line = contract.maintenance_line_ids
        self.assertEqual(ac_line.next_date, start + relativedelta(months=3))
        self.assertEqual(water_line.next_date, start + relativedelta(months=6))
        self.assertEqual(contract.next_maintenance_date, start + relativedelta(months=4))
        Request = self.env["aftersales.service.request"]
        domain = [("kind", "=", "maintenance"), ("contract_id", "=", contract.id)]
        for months in range(1, 13):
            day = start + relativedelta(months=months, days=-6)
            with freeze_time(day):
                contract._aftersales_update_states(day)
        visits = Request.search(domain)
        count = {
            lot: len(visits.filtered(lambda r, lot=lot: r.lot_id == lot)) for lot in visits.lot_id
        }
        # within the year: the air conditioners at months 3, 6 and 9, the purifier at month
        # 6, the heater (no line) at months 4 and 8; none on the day after the end
        self.assertEqual(count, {self.lot: 3, ac2: 3, water: 1, heater: 2})
        self.assertIn(
            "Clean the filters", visits.filtered(lambda r: r.lot_id == ac2)[0].fault_description
        )
        # the signed plan is frozen with the running contract
        with self.assertRaises(UserError):
            ac_line.with_user(self.desk).interval_months = 1
        with self.assertRaises(UserError):
            contract.with_user(self.desk).write(
                {"maintenance_line_ids": [Command.create({"interval_months": 1})]}
            )
        with self.assertRaises(UserError):
            water_line.with_user(self.desk).next_date = start
        # a renewal carries the plan over
        with freeze_time(contract.date_end):
            contract.with_user(self.desk).action_renew()
        renewal = contract.next_contract_id
        self.assertEqual(renewal.maintenance_line_ids.mapped("interval_months"), [3, 6])
        self.assertEqual(renewal.maintenance_interval_months, 4)

    def test_maintenance_plan_line_of_an_uncovered_unit_is_refused(self):
        stranger = self._lot("CT-LOT-X")
        contract = self._contract(date(2026, 1, 1), date(2026, 12, 31))
        with self.assertRaisesRegex(ValidationError, "CT-LOT-X"), self.cr.savepoint():
            contract.write(
                {
                    "maintenance_line_ids": [
                        Command.create(
                            {"lot_ids": [Command.set(stranger.ids)], "interval_months": 2}
                        )
                    ]
                }
            )
