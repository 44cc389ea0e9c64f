from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from ..models.aftersales_frozen_mixin import frozen_steps
from .common import AftersalesCase, RequestPathsCase, mail_to_alias

SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@tagged("post_install", "-at_install")
class TestRequestIntake(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["stock.lot"])
        cls.lot_warranty = cls._lot("RQ-W", delivery=today)
        cls.lot_expired = cls._lot("RQ-E", delivery=date(2015, 1, 1))
        cls.lot_contract = cls._lot("RQ-B", delivery=date(2015, 1, 1))
        cls.contract = cls.env["aftersales.contract"].create(
            {
                "partner_id": cls.customer.id,
                "date_start": date(2000, 1, 1),
                "date_end": date(2099, 12, 31),
                "lot_ids": [Command.set(cls.lot_contract.ids)],
                "response_hours": 1,
            }
        )
        cls.contract.action_confirm()

    def _request(self, user=None, **vals):
        Request = self.env["aftersales.service.request"].with_user(user or self.desk)
        form = Form(Request)
        form.partner_id = vals.pop("partner", self.customer)
        for key, value in vals.items():
            setattr(form, key, value)
        return form.save()

    def test_sequence_and_contact_from_customer(self):
        request = self._request(lot_id=self.lot_warranty)
        self.assertTrue(request.name.startswith("SR"))
        self.assertEqual(request.email, "customer@example.com")
        self.assertEqual(request.product_id, self.product, "product taken from the serial")
        self.assertEqual(request.zone_id, self.zone_urban)

    def test_class_from_coverage(self):
        self.assertEqual(self._request(lot_id=self.lot_warranty).service_class, "C")
        expired = self._request(lot_id=self.lot_expired)
        self.assertEqual(expired.service_class, "A")
        self.assertIn("expired", expired.class_reason)
        contract = self._request(lot_id=self.lot_contract)
        self.assertEqual(contract.service_class, "B")
        self.assertEqual(contract.contract_id, self.contract)
        self.assertEqual(self._request(kind="internal").service_class, "D")

    def test_class_of_a_mixed_batch(self):
        """One create of requests with and without serial (as a complaint's repair
        resolution makes): each gets the class of its own unit."""
        requests = (
            self.env["aftersales.service.request"]
            .with_user(self.desk)
            .create(
                [
                    {"partner_id": self.customer.id, "lot_id": self.lot_warranty.id},
                    {"partner_id": self.customer.id, "product_id": self.product.id},
                    {"partner_id": self.customer.id, "lot_id": self.lot_contract.id},
                ]
            )
        )
        self.assertEqual(requests.mapped("service_class"), ["C", "C", "B"])
        self.assertEqual(requests[1].lot_id.id, False)

    def test_class_change_needs_manager_and_leaves_trace(self):
        request = self._request(lot_id=self.lot_expired)
        with self.assertRaises(AccessError):
            request.with_user(self.desk).write({"service_class": "C"})
        request.with_user(self.manager).with_context(tracking_disable=False).write(
            {"service_class": "C"}
        )
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.assertEqual(request.service_class, "C")
        tracking = request.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "service_class"
        )
        self.assertEqual(len(tracking), 1)
        self.assertEqual(tracking.old_value_char, "A - Paid Service")
        self.assertEqual(tracking.new_value_char, "C - Free Warranty Service")
        self.assertEqual(tracking.mail_message_id.author_id, self.manager.partner_id)

    def test_response_deadline_by_class(self):
        start = datetime(2026, 3, 2, 10, 0)
        warranty = self._request(lot_id=self.lot_warranty, date_request=start)
        expired = self._request(lot_id=self.lot_expired, date_request=start)
        contract = self._request(lot_id=self.lot_contract, date_request=start)
        self.assertEqual(warranty.response_deadline, datetime(2026, 3, 3, 10, 0))
        self.assertEqual(expired.response_deadline, datetime(2026, 3, 4, 10, 0))
        self.assertEqual(contract.response_deadline, datetime(2026, 3, 2, 11, 0))

    def test_one_sender_files_a_limited_number_of_requests_by_email(self):
        """The service address takes at most 20 new requests in two hours from one sender
        (Odoo's mail gateway limit, on the request's e-mail); other senders go on."""
        alias = self.env.ref("aftersales_service.mail_alias_service_request")
        Request = self.env["aftersales.service.request"]
        for index in range(21):
            mail_to_alias(self.env, alias, "flood@example.com", index)
        self.assertEqual(Request.search_count([("email", "=", "flood@example.com")]), 20)
        mail_to_alias(self.env, alias, "other@example.com", 0)
        self.assertEqual(Request.search_count([("email", "=", "other@example.com")]), 1)

    def test_email_alias_intake(self):
        request = self.env["aftersales.service.request"].message_new(
            {
                "email_from": "Wang <wang@example.com>",
                "from": "Wang <wang@example.com>",
                "subject": "AC broken",
                "body": "<p>No cooling</p>",
            }
        )
        self.assertEqual(request.channel, "email")
        self.assertEqual(request.partner_id.email, "wang@example.com")
        self.assertIn("No cooling", request.fault_description)


@tagged("post_install", "-at_install")
class TestRequestDeadlines(AftersalesCase):
    def _request_at(self, when, partner=None):
        return self.env["aftersales.service.request"].create(
            {
                "partner_id": (partner or self.customer).id,
                "date_request": when,
                "product_id": self.product.id,
            }
        )

    def test_arrival_within_working_hours_urban_and_suburban(self):
        urban = self._request_at(datetime(2026, 3, 2, 9, 0))
        self.assertEqual(urban.arrival_deadline, datetime(2026, 3, 2, 15, 0))
        suburban = self._request_at(datetime(2026, 3, 2, 9, 0), self.customer_far)
        self.assertEqual(suburban.arrival_deadline, datetime(2026, 3, 2, 16, 0))

    def test_arrival_across_the_night(self):
        # 16:00 + 6 working hours = 2 h today (to 18:00) + 4 h tomorrow from 9:00
        request = self._request_at(datetime(2026, 3, 2, 16, 0))
        self.assertEqual(request.arrival_deadline, datetime(2026, 3, 3, 13, 0))
        # registered at night: the clock starts at 9:00
        night = self._request_at(datetime(2026, 3, 2, 22, 30))
        self.assertEqual(night.arrival_deadline, datetime(2026, 3, 3, 15, 0))

    def test_arrival_across_weekend_and_holiday(self):
        self.calendar.attendance_ids.filtered(lambda a: a.dayofweek in ("5", "6")).unlink()
        # Friday 2026-03-06 16:00 -> 2 h Friday, Saturday and Sunday off -> Monday 13:00
        request = self._request_at(datetime(2026, 3, 6, 16, 0))
        self.assertEqual(request.arrival_deadline, datetime(2026, 3, 9, 13, 0))
        # Monday 9 March is a public holiday of the calendar -> Tuesday 13:00
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 3, 9, 0, 0),
                "date_to": datetime(2026, 3, 9, 23, 59),
            }
        )
        holiday = self._request_at(datetime(2026, 3, 6, 16, 0))
        self.assertEqual(holiday.arrival_deadline, datetime(2026, 3, 10, 13, 0))

    def test_zone_hours_are_configurable(self):
        """A manager edits the town's arrival policy in the UI: the next deadline follows;
        a desk user cannot edit policies."""
        policy = self.env.ref("aftersales_service.sla_request_arrival_urban")
        with self.assertRaises(AccessError):
            policy.with_user(self.desk).target = 1
        with Form(policy.with_user(self.manager)) as form:
            form.target = 3
        request = self._request_at(datetime(2026, 3, 2, 9, 0))
        self.assertEqual(request._sla_policy_of("arrival"), policy)
        self.assertEqual(request.arrival_deadline, datetime(2026, 3, 2, 12, 0))
        # counted in elapsed hours instead: across the evening to 20:00 (UTC)
        policy.basis = "elapsed"
        policy.target = 11
        late_call = self._request_at(datetime(2026, 3, 2, 9, 0))
        self.assertEqual(late_call.arrival_deadline, datetime(2026, 3, 2, 20, 0))

    def test_policy_per_kind_and_customer_tag(self):
        """Policies as data: a first-contact target per job kind, a completion target for
        key customers, each by its domain; the first match by sequence wins."""
        Policy = self.env["aftersales.sla.policy"].with_user(self.manager)
        tag = self.env["res.partner.category"].create({"name": "Key customer"})
        Policy.create(
            {
                "name": "Repair calls: contact within 1 working hour",
                "duty": "aftersales.service.request:contact",
                "sequence": 1,
                "domain": "[('kind', '=', 'repair')]",
                "target": 1,
            }
        )
        Policy.create(
            {
                "name": "Key customers: done within 8 hours",
                "duty": "aftersales.service.request:completion",
                "sequence": 1,
                "domain": f"[('partner_id.category_id', 'in', [{tag.id}])]",
                "target": 8,
                "basis": "elapsed",
            }
        )
        self.customer.category_id = tag
        key = self._request_at(datetime(2026, 3, 2, 9, 0))
        self.assertEqual(key.completion_deadline, datetime(2026, 3, 2, 17, 0))
        other = self._request_at(datetime(2026, 3, 2, 9, 0), self.customer_far)
        self.assertEqual(other.completion_deadline, datetime(2026, 3, 3, 9, 0))
        start = datetime(2026, 3, 2, 17, 30)
        key.kind, other.kind = "repair", "installation"
        contact = (key | other)._sla_deadlines("contact", {key: start, other: start})
        # the repair: 1 working hour (30 min today, 30 min from 9:00 tomorrow), before the
        # shipped 20 minutes; the installation: the shipped 2 working hours
        self.assertEqual(contact[key], datetime(2026, 3, 3, 9, 30))
        self.assertEqual(contact[other], datetime(2026, 3, 3, 10, 30))
        with self.assertRaisesRegex(ValidationError, "not a valid filter"):
            Policy.create(
                {
                    "name": "Broken",
                    "duty": "aftersales.service.request:contact",
                    "domain": "[('no_such_field', '=', 1)]",
                    "target": 1,
                }
            )

    def test_overdue_flag_and_single_supervisor_activity(self):
        request = self._request_at(datetime(2026, 3, 2, 9, 0))
        request.supervisor_id = self.manager
        # not dispatched within its 30 working minutes
        self.assertEqual(request.dispatch_deadline, datetime(2026, 3, 2, 9, 30))
        Request = self.env["aftersales.service.request"]
        Request._cron_check_deadlines(now=datetime(2026, 3, 2, 9, 29))
        self.assertFalse(request.is_overdue)
        Request._cron_check_deadlines(now=datetime(2026, 3, 2, 9, 31))
        self.assertTrue(request.is_overdue)
        self.assertIn("dispatch", request.overdue_reason)
        self.assertIn(request, Request.search([("is_overdue", "=", True)]))
        overdue_type = self.env.ref("aftersales_service.mail_activity_type_overdue")
        activities = request.activity_ids.filtered(lambda a: a.activity_type_id == overdue_type)
        self.assertEqual(activities.user_id, self.manager)
        Request._cron_check_deadlines(now=datetime(2026, 3, 3, 15, 1))
        self.assertEqual(
            len(request.activity_ids.filtered(lambda a: a.activity_type_id == overdue_type)), 1
        )

    def test_late_arrival_recorded_as_overdue(self):
        request = self._request_at(datetime(2026, 3, 2, 9, 0))
        request.technician_id = self.technician
        with freeze_time("2026-03-02 10:00:00"):
            request.action_dispatch()
        # a repair: the customer is called within 20 working minutes
        self.assertEqual(request.first_contact_deadline, datetime(2026, 3, 2, 10, 20))
        with freeze_time("2026-03-02 16:00:00"):
            request.with_user(self.technician).action_start()
        self.assertTrue(request.is_overdue)
        self.assertIn("arrival", request.overdue_reason)

    def test_first_contact_within_four_working_hours(self):
        """Contact targets per kind: maintenance 4 working hours (the general target),
        installation 2, repair 20 minutes."""
        request = self._request_at(datetime(2026, 3, 2, 9, 0))
        request.kind = "maintenance"
        request.flush_recordset()  # the deadlines of the new kind, before the fixture's own
        request.technician_id = self.technician
        with frozen_steps():  # a promised completion far away (the test is about the contact)
            request.completion_deadline = datetime(2026, 3, 9, 9, 0)
        with freeze_time("2026-03-02 16:00:00"):
            request.action_dispatch()
        # 2 h on Monday (16:00-18:00) + 2 h on Tuesday from 9:00
        self.assertEqual(request.first_contact_deadline, datetime(2026, 3, 3, 11, 0))
        Request = self.env["aftersales.service.request"]
        with frozen_steps():  # only the contact is due (the test is about it)
            request.arrival_deadline = datetime(2026, 3, 9, 9, 0)
            request.response_deadline = datetime(2026, 3, 9, 9, 0)
        Request._cron_check_deadlines(now=datetime(2026, 3, 3, 10, 59))
        self.assertFalse(request.is_overdue)
        Request._cron_check_deadlines(now=datetime(2026, 3, 3, 11, 1))
        self.assertTrue(request.is_overdue)
        self.assertIn("contact", request.overdue_reason)
        start = datetime(2026, 3, 2, 17, 0)
        request.kind = "installation"
        self.assertEqual(
            request._sla_deadlines("contact", {request: start})[request],
            datetime(2026, 3, 3, 10, 0),
        )
        request.kind = "repair"
        self.assertEqual(
            request._sla_deadlines("contact", {request: start})[request],
            datetime(2026, 3, 2, 17, 20),
        )

    def test_bench_repairs_per_day(self):
        self.company.aftersales_bench_units_per_day = 10
        lot = self._lot("BENCH-1", delivery=date(2015, 1, 1))
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "lot_id": lot.id, "technician_id": self.technician.id}
        )
        open_repairs = self.env["repair.order"].search_count(
            [
                ("company_id", "=", self.company.id),
                ("state", "in", ("draft", "confirmed", "under_repair")),
            ]
        )
        with freeze_time("2026-03-02 10:00:00"):
            deadline = request._bench_deadline()
            self.env["repair.order"].create(
                [
                    {"product_id": self.part.id, "partner_id": self.customer.id}
                    for __ in range(10 - open_repairs % 10)
                ]
            )
            later = request._bench_deadline()
        self.assertEqual(
            (later.date() - deadline.date()).days,
            1,
            "10 units a day: the next ten are due one working day later",
        )

    def test_undispatched_today_comes_first_tomorrow(self):
        old = self._request_at(datetime(2026, 3, 2, 17, 0))
        new = self._request_at(datetime(2026, 3, 3, 8, 0))
        self.env["aftersales.service.request"]._cron_carry_over(today=date(2026, 3, 3))
        self.assertTrue(old.carry_over)
        self.assertFalse(new.carry_over)
        ordered = self.env["aftersales.service.request"].search([("id", "in", (old | new).ids)])
        self.assertEqual(ordered[0], old)
        old.technician_id = self.technician
        old.action_dispatch()
        self.assertFalse(old.carry_over)

    def test_waiting_for_the_customer_pauses_and_resumes_the_clock(self):
        """Pause while the request waits on the customer: no overdue flag meanwhile; on
        resume, working-time deadlines move on by the working hours waited and elapsed-time
        ones by the clock's time."""
        request = self._request_at(datetime(2026, 3, 2, 9, 0))
        self.assertEqual(request.arrival_deadline, datetime(2026, 3, 2, 15, 0))
        completion = request.completion_deadline
        # dispatched and the customer called at once: arrival and completion remain open
        request.technician_id = self.technician
        with freeze_time("2026-03-02 09:10:00"):
            request.action_dispatch()
            request.action_contacted()
        with freeze_time("2026-03-02 10:00:00"):
            action = request.with_user(self.desk).action_sla_pause()
            with Form(
                self.env[action["res_model"]].with_user(self.desk).with_context(action["context"])
            ) as wizard:
                wizard.reason = "The customer sends the purchase invoice"
            wizard.record.action_confirm()
        self.assertTrue(request.sla_paused)
        self.assertIn("arrival", request.sla_pause_ids._duty_codes())
        with self.assertRaisesRegex(UserError, "already waits"):
            request.with_user(self.desk)._sla_pause("again")
        Request = self.env["aftersales.service.request"]
        Request._cron_check_deadlines(now=datetime(2026, 3, 2, 16, 0))
        self.assertFalse(request.is_overdue, "no deadline runs out while waiting")
        with freeze_time("2026-03-02 19:00:00"):  # resumed after the working day
            request.with_user(self.desk).action_sla_resume()
        self.assertFalse(request.sla_paused)
        # waited 10:00-18:00 in working time: 8 working hours more, from 15:00 on
        self.assertEqual(request.arrival_deadline, datetime(2026, 3, 3, 14, 0))
        self.assertEqual(completion, datetime(2026, 3, 3, 9, 0))
        self.assertEqual(request.completion_deadline, datetime(2026, 3, 3, 18, 0))
        self.assertEqual(request.sla_pause_ids.date_end, datetime(2026, 3, 2, 19, 0))
        Request._cron_check_deadlines(now=datetime(2026, 3, 3, 13, 59))
        self.assertFalse(request.is_overdue)
        Request._cron_check_deadlines(now=datetime(2026, 3, 3, 14, 1))
        self.assertTrue(request.is_overdue)
        # a pause is a fact: nobody edits it afterwards
        with self.assertRaises(AccessError):
            request.sla_pause_ids.with_user(self.desk).reason = "edited"

    def test_only_an_open_request_waits_for_the_customer(self):
        request = self._request_at(datetime(2026, 3, 2, 9, 0))
        request.action_cancel()
        with self.assertRaisesRegex(UserError, "only an open job"):
            request.with_user(self.desk)._sla_pause("too late")
        self.assertFalse(request.sla_pause_ids)

    def test_emergency_has_its_own_shorter_targets(self):
        """An emergency (gas leak) at night: dispatched within 30 minutes and answered
        within 30, on site within 2 hours, by the clock; a normal call waits for the
        working day."""
        night = datetime(2026, 3, 2, 22, 0)
        normal = self._request_at(night)
        emergency = self._request_at(night)
        emergency.priority = "2"
        self.assertEqual(emergency.dispatch_deadline, datetime(2026, 3, 2, 22, 30))
        self.assertEqual(emergency.response_deadline, datetime(2026, 3, 2, 22, 30))
        self.assertEqual(emergency.arrival_deadline, datetime(2026, 3, 3, 0, 0))
        self.assertEqual(normal.dispatch_deadline, datetime(2026, 3, 3, 9, 30))
        Request = self.env["aftersales.service.request"]
        Request._cron_check_deadlines(now=datetime(2026, 3, 2, 22, 31))
        self.assertTrue(emergency.is_overdue)
        self.assertIn("dispatch", emergency.overdue_reason)
        self.assertFalse(normal.is_overdue)


@tagged("post_install", "-at_install")
class TestRequestPaths(RequestPathsCase):
    def test_dispatch_needs_assignee(self):
        request = (
            self.env["aftersales.service.request"]
            .with_user(self.desk)
            .create({"partner_id": self.customer.id, "lot_id": self.lot_warranty.id})
        )
        with self.assertRaisesRegex(UserError, "choose a technician"):
            request.action_dispatch()

    def test_on_site_paid_service(self):
        request = self._dispatched(self.lot_expired)
        self.assertEqual(request.service_class, "A")
        request.action_start()
        self.assertEqual(request.state, "in_progress")
        with Form(request) as form:
            form.work_done = "<p>Cleaned the condenser, refilled refrigerant</p>"
            form.time_spent = 1.5
            with form.line_ids.new() as line:
                line.line_type = "fee"
                line.product_id = self.fee
            with form.line_ids.new() as line:
                line.line_type = "part"
                line.product_id = self.part
        self.assertEqual(request.amount_charged, 1020)
        self.assertEqual(request.charge_state, "none")
        request.action_done()
        self.assertEqual(request.state, "done")
        part_line = request.line_ids.filtered(lambda line: line.line_type == "part")
        self.assertEqual(part_line.move_id.state, "done")
        self.assertEqual(part_line.move_id.location_dest_id.usage, "customer")
        with self.assertRaisesRegex(UserError, "signature"):
            request.action_close()
        request.action_sign(SIGNATURE, "Mr Test")
        request.action_close()
        self.assertEqual(request.state, "closed")
        request.with_user(self.desk).action_create_invoice()
        invoice = request.invoice_ids
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.amount_untaxed, 1020)
        with self.assertRaisesRegex(UserError, "already invoiced"):
            request.with_user(self.desk).action_create_invoice()

    def test_charges_signed_by_the_customer_stay_as_signed(self):
        """The customer signs for the work and its charges: from the signature on, nobody
        cuts, removes or adds a charge (the desk included, the job not invoiced yet)."""
        request = self._dispatched(self.lot_expired)
        request.action_start()
        with Form(request) as form:
            form.work_done = "<p>Cleaned the condenser</p>"
            with form.line_ids.new() as line:
                line.line_type = "fee"
                line.product_id = self.fee
        request.action_done()
        fee = request.line_ids
        # before the signature the desk may still correct a charge
        fee.with_user(self.desk).write({"price_unit": fee.price_unit})
        request.action_sign(SIGNATURE, "Mr Test")
        for stage in ("signed", "closed"):
            if stage == "closed":
                request.action_close()
            for attempt in (
                lambda: fee.with_user(self.desk).write({"price_unit": 0}),
                lambda: fee.with_user(self.desk).write({"discount": 100}),
                lambda: fee.with_user(self.desk).unlink(),
                lambda: (
                    self.env["aftersales.service.line"]
                    .with_user(self.desk)
                    .create(
                        {"request_id": request.id, "line_type": "fee", "product_id": self.fee.id}
                    )
                ),
            ):
                with self.assertRaisesRegex(UserError, "cannot"), self.cr.savepoint():
                    attempt()
        self.assertEqual((request.amount_charged, len(request.line_ids)), (fee.price_subtotal, 1))

    def test_on_site_warranty_decided_per_line(self):
        request = self._dispatched(self.lot_warranty)
        self.assertEqual(request.service_class, "C")
        request.action_start()
        request.write(
            {
                "work_done": "<p>Replaced compressor and filter</p>",
                "line_ids": [
                    Command.create({"line_type": "part", "product_id": self.part.id}),
                    Command.create({"line_type": "part", "product_id": self.filter.id}),
                ],
            }
        )
        compressor = request.line_ids.filtered(lambda line: line.product_id == self.part)
        filt = request.line_ids.filtered(lambda line: line.product_id == self.filter)
        self.assertTrue(compressor.under_warranty)
        self.assertFalse(filt.under_warranty, "filters are excluded from the warranty")
        self.assertEqual(request.amount_charged, 50)

    def test_waiver_needs_manager_approval(self):
        request = self._dispatched(self.lot_expired)
        request.action_start()
        # the customer's signed voucher, attached by the desk
        request.with_user(self.desk).voucher_attachment_id = self.env["ir.attachment"].create(
            {
                "name": "voucher.pdf",
                "raw": b"%PDF-1.4 signed",
                "res_model": request._name,
                "res_id": request.id,
            }
        )
        request.write(
            {
                "work_done": "<p>Fixed</p>",
                "line_ids": [
                    Command.create(
                        {"line_type": "fee", "product_id": self.fee.id, "price_unit": 0.0}
                    )
                ],
            }
        )
        self.assertEqual(request.charge_state, "to_approve")
        request.action_done()
        with self.assertRaisesRegex(UserError, "approval"):
            request.action_close()
        with self.assertRaises(AccessError):
            request.with_user(self.desk).action_approve_charges()
        request.with_user(self.manager).action_approve_charges()
        self.assertEqual(request.charge_state, "approved")
        self.assertEqual(request.charges_approved_by, self.manager)
        request.action_close()
        self.assertEqual(request.state, "closed")

    def test_discount_needs_approval_too(self):
        request = self._dispatched(self.lot_expired)
        request.write(
            {
                "line_ids": [
                    Command.create({"line_type": "fee", "product_id": self.fee.id, "discount": 10})
                ]
            }
        )
        self.assertEqual(request.charge_state, "to_approve")
        self.assertEqual(request.amount_charged, 108)

    def test_contract_service_is_free(self):
        contract_lot = self._lot("PATH-B", delivery=date(2015, 1, 1))
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": date(2000, 1, 1),
                "date_end": date(2099, 1, 1),
                "lot_ids": [Command.set(contract_lot.ids)],
            }
        )
        contract.action_confirm()
        request = self._dispatched(contract_lot)
        self.assertEqual(request.service_class, "B")
        request.write(
            {"line_ids": [Command.create({"line_type": "fee", "product_id": self.fee.id})]}
        )
        self.assertEqual(request.amount_charged, 0)

    def test_extension_approved_by_supervisor_only(self):
        request = self._dispatched(self.lot_warranty)
        old = request.completion_deadline
        action = request.action_request_extension()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.technician)
            .with_context(**action["context"])
        )
        form.reason = "Compressor on back order"
        form.new_deadline = datetime(2099, 1, 1, 12, 0)
        extension = form.save()
        self.assertEqual(extension.current_deadline, old)
        with self.assertRaises(AccessError):
            extension.with_user(self.technician).action_approve()
        extension.with_user(self.manager).action_approve()
        self.assertEqual(request.completion_deadline, datetime(2099, 1, 1, 12, 0))
        self.assertEqual(extension.decided_by, self.manager)
        with self.assertRaisesRegex(UserError, "already been decided"):
            extension.with_user(self.manager).action_refuse()

    def test_extension_must_move_the_deadline_later(self):
        request = self._dispatched(self.lot_warranty)
        with self.assertRaisesRegex(UserError, "must be after"):
            self.env["aftersales.service.extension"].create(
                {"request_id": request.id, "reason": "x", "new_deadline": datetime(2000, 1, 1)}
            )

    def test_daily_report_by_class(self):
        request = self._dispatched(self.lot_expired)
        request.action_start()
        request.write({"work_done": "<p>ok</p>", "time_spent": 2.5})
        request.action_done()
        internal = self.env["aftersales.service.request"].create(
            {
                "partner_id": self.env.company.partner_id.id,
                "kind": "internal",
                "technician_id": self.technician.id,
            }
        )
        internal.action_dispatch()
        internal.action_start()
        internal.write({"work_done": "<p>tool check</p>", "time_spent": 1})
        internal.action_done()
        wizard = (
            self.env["aftersales.daily.report.wizard"]
            .with_user(self.manager)
            .create(
                {"date": fields.Date.context_today(request), "technician_ids": self.technician.ids}
            )
        )
        lines = wizard._get_lines()
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines[0]["hours"], {"A": 2.5, "B": 0.0, "C": 0.0, "D": 1.0})
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_service.report_daily", wizard.ids)[0]
            .decode()
        )
        self.assertIn("02:30", html)
        self.assertIn("Technician One", html)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("aftersales_service.report_service_voucher", request.ids)[0]
            .decode()
        )
        self.assertIn(request.name, html)
