# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Events raise draft penalties by themselves, once each."""

from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps
from odoo.addons.aftersales_service.tests.common import load_languages

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

    def _run(self, rule=None):
        entries = self.env["aftersales.penalty.rule"]._generate_event_entries(self.company, NOW)
        # the shipped rule book raises its own drafts beside the test rules
        return entries.filtered(lambda e: e.rule_id == rule) if rule else entries

    def test_late_first_contact_raises_one_draft_once(self):
        late = self._request()
        self._set(late, first_contact_deadline=NOW - timedelta(hours=5))
        on_time = self._request()
        self._set(
            on_time,
            first_contact_deadline=NOW - timedelta(hours=5),
            date_contacted=NOW - timedelta(hours=6),
        )
        entries = self._run(self.rule_contact)
        self.assertEqual(entries.service_request_id, late)
        self.assertEqual((entries.state, entries.employee_id), ("draft", self.emp_e))
        self.assertIn(late.name, entries.reason)
        self.assertFalse(self._run(), "an event raises once")

    def test_customer_unreachable_confirmed_by_the_dispatcher_is_no_late_contact(self):
        """The technician reports in time that the customer cannot be reached: once the
        dispatcher confirms it, the job is not a late contact; unconfirmed, it still is.
        The technician does not confirm his own report."""
        self.tech_user.groups_id |= self.env.ref("aftersales_service.group_aftersales_user_own")
        desk = new_test_user(
            self.env,
            login="pen_desk_unreachable",
            groups="aftersales_service.group_aftersales_user_all",
        )
        confirmed, unconfirmed = self._request(), self._request()
        for job in confirmed | unconfirmed:
            job.action_dispatch()
            self._set(job, first_contact_deadline=NOW - timedelta(hours=5))
            job.with_user(self.tech_user).action_customer_unreachable()
            self._set(job, unreachable_on=NOW - timedelta(hours=6))
        with self.assertRaises(AccessError):
            confirmed.with_user(self.tech_user).action_confirm_unreachable()
        confirmed.with_user(desk).action_confirm_unreachable()
        self.assertEqual(confirmed.unreachable_confirmed_by, desk)
        with self.assertRaises(UserError):
            confirmed.with_user(desk).write({"unreachable_confirmed_by": False})
        entries = self._run(self.rule_contact)
        self.assertEqual(entries.service_request_id, unconfirmed)

    def test_job_done_without_signature_raises_one_draft_once(self):
        unsigned = self._request()
        self._set(unsigned, state="done", date_done=NOW - timedelta(hours=30))
        recent = self._request()
        self._set(recent, state="done", date_done=NOW - timedelta(hours=2))
        entries = self._run(self.rule_signature)
        self.assertEqual(entries.service_request_id, unsigned)
        self.assertFalse(self._run())

    def test_repeat_repair_charges_the_first_job_once(self):
        first = self._request(kind="repair", lot_id=self.lot.id)
        self._set(first, state="done", date_done=NOW - timedelta(days=20))
        again = self._request(kind="repair", lot_id=self.lot.id)
        self._set(again, date_request=NOW - timedelta(days=2), customer_confirmed=False)
        entries = self._run(self.rule_repeat)
        self.assertEqual(entries.service_request_id, first)
        self.assertIn(again.name, entries.reason)
        self.assertFalse(self._run())

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

    def test_late_arrival_raises_one_draft_once(self):
        rule = self.env["aftersales.penalty.rule"].create(
            {"name": "Late arrival", "code": "T-EV-4", "amount": 20, "event": "late_arrival"}
        )
        late = self._request()
        self._set(late, arrival_deadline=NOW - timedelta(hours=3))
        arrived_late = self._request()
        self._set(
            arrived_late,
            arrival_deadline=NOW - timedelta(hours=3),
            date_arrived=NOW - timedelta(hours=1),
        )
        on_time = self._request()
        self._set(
            on_time,
            arrival_deadline=NOW - timedelta(hours=3),
            date_arrived=NOW - timedelta(hours=4),
        )
        entries = self._run(rule)
        self.assertEqual(entries.service_request_id, late | arrived_late)
        self.assertEqual(entries.mapped("amount"), [20.0, 20.0])
        self.assertFalse(self._run(), "an event raises once")

    def _visit(self, deadline, **vals):
        visit = self.env["aftersales.return.visit"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.tech_user.id,
                "date_planned": deadline - timedelta(days=3),
                "date_deadline": deadline,
            }
        )
        if vals:
            self._set(visit, **vals)
        return visit

    def test_missed_return_visit_raises_one_draft_for_its_agent_once(self):
        rule = self.env["aftersales.penalty.rule"].create(
            {
                "name": "Missed visit",
                "code": "T-EV-5",
                "amount": 10,
                "target": "employee",
                "event": "missed_return_visit",
            }
        )
        due = NOW.date() - timedelta(days=4)
        missed = self._visit(due)
        late = self._visit(due, state="answered", date_answered=NOW - timedelta(days=1))
        in_time = self._visit(due, state="sent", date_sent=NOW - timedelta(days=5))
        not_due = self._visit(NOW.date() + timedelta(days=1))
        cancelled = self._visit(due, state="cancelled")
        # the demo's visits, dated from the day the database was made, may fall in the scan
        mine = missed | late | in_time | not_due | cancelled
        entries = self._run(rule).filtered(lambda e: e.return_visit_id in mine)
        self.assertEqual(entries.return_visit_id, missed | late)
        self.assertEqual(set(entries.mapped("source")), {"return_visit"})
        self.assertEqual(entries.employee_id, self.emp_e)
        self.assertEqual(set(entries.mapped("date")), {due})
        self.assertFalse(self._run(), "an event raises once")

    def test_shipped_rule_book_raises_events_and_counts_the_second_missed_contact(self):
        """With the shipped rules only: a missed contact is recorded by itself, and the
        second one of a month revokes the technician's eligibility."""
        Rule = self.env["aftersales.penalty.rule"]
        recorded = self.env.ref("aftersales_penalty.rule_ds_b16_e")
        second_missed = self.env.ref("aftersales_penalty.rule_ds_b16_2")
        (recorded | second_missed).active = True  # the test case archives the shipped book
        self.assertEqual(recorded.event, "late_contact")
        self.assertEqual(second_missed.counted_event, "late_contact")
        self.assertEqual(self.env.ref("aftersales_penalty.rule_ds_b17_3").threshold, 3)
        first = self._request()
        # 4 working hours after dispatch: the fine's own limit, not the contact target
        self._set(first, date_dispatched=NOW - timedelta(days=2))
        entries = self._run(recorded)
        self.assertEqual(entries.service_request_id, first)
        self.assertEqual(entries.amount, 0.0)
        period = NOW.date().replace(day=1)
        self.assertNotIn(self.emp_e, Rule._ineligible_employees(period, self.company))
        second = self._request()
        self._set(second, date_dispatched=NOW - timedelta(hours=6))
        contacted = self._request()  # within the 4 working hours: no event
        self._set(
            contacted,
            date_dispatched=NOW - timedelta(hours=6),
            date_contacted=NOW - timedelta(hours=5),
        )
        self.assertEqual(self._run(recorded).service_request_id, second)
        self.assertIn(self.emp_e, Rule._ineligible_employees(period, self.company))

    # ------------------------------------------------------------------ installation leaks
    def _leak_fixture(self):
        """An inverter air conditioner installed by Technician Wang (E) 20 days before
        NOW; a repairer (F) with a login, and the desk."""
        repairer = new_test_user(
            self.env,
            login="pen_repairer",
            name="Repairer Li",
            groups="aftersales_service.group_aftersales_user_own,"
            "aftersales_penalty.group_penalty_user_own",
        )
        self.emp_f.user_id = repairer
        desk = new_test_user(
            self.env, login="pen_desk", groups="aftersales_service.group_aftersales_user_all"
        )
        product = self.env["product.product"].create(
            {
                "name": "EV Inverter AC",
                "type": "consu",
                "tracking": "serial",
                "aftersales_compressor": "inverter",
            }
        )
        self.tech_user.groups_id |= self.env.ref("aftersales_service.group_aftersales_user_own")
        return repairer, desk, product

    def _installed_unit(self, product, name, installed_days_ago):
        lot = self.env["stock.lot"].create(
            {"name": name, "product_id": product.id, "aftersales_partner_id": self.customer.id}
        )
        installation = self._request(kind="installation", lot_id=lot.id)
        done = NOW - timedelta(days=installed_days_ago)
        self._set(installation, state="done", date_done=done)
        return lot, installation

    def _leak_job(self, lot, repairer, leak="refrigerant", days_ago=1):
        job = self._request(
            kind="repair",
            lot_id=lot.id,
            technician_id=repairer.id,
            date_request=NOW - timedelta(days=days_ago + 1),
        )
        job.with_user(repairer).write({"leak_found": leak})
        return job

    def test_installation_leak_charges_the_installer_and_pays_the_repairer(self):
        """An inverter unit installed 20 days ago leaks refrigerant; the installer does not
        come within 24 hours, the repairer fixes it: the installer is charged 30 and 150,
        the repairer paid 150 (the shipped rule book), each once."""
        repairer, desk, product = self._leak_fixture()
        book = self.env["aftersales.penalty.rule"].search(
            [("active", "=", False), ("event", "like", "leak")]
        )
        book.active = True  # the test case archives the shipped book
        lot, installation = self._installed_unit(product, "EV-LEAK-1", 20)
        job = self._leak_job(lot, repairer)
        self.assertEqual((job.leak_installation_id, job.leak_installation_age), (installation, 18))
        # the installer's answer is the desk's to record, not the repairer's
        with self.assertRaises(AccessError):
            job.with_user(repairer).write({"leak_installer_outcome": "not_attended"})
        job.with_user(desk).write({"leak_installer_outcome": "not_attended"})
        self._set(job, state="done", date_done=NOW - timedelta(days=1))
        entries = self._run().filtered(lambda e: e.rule_id in book)
        self.assertEqual(
            sorted((e.rule_id.code, e.employee_id.name, e.amount) for e in entries),
            [
                ("PN-B56-D", "PEN Employee E", 30.0),
                ("PN-B56-I", "PEN Employee E", 150.0),
                ("RW-B4-I", "PEN Employee F", 150.0),
            ],
        )
        self.assertEqual(set(entries.mapped("state")), {"draft"})
        self.assertEqual(entries.service_request_id, installation | job)
        self.assertIn(installation.name, entries[0].reason)
        self.assertFalse(self._run().filtered(lambda e: e.rule_id in book), "once")
        # the finished job's leak is evidence: the repairer who is paid by it does not
        # change it any more
        with self.assertRaises(UserError):
            job.with_user(repairer).write({"leak_found": "water"})

    def test_leak_only_on_a_repair_job_and_answer_only_after_a_leak(self):
        repairer, desk, product = self._leak_fixture()
        lot, installation = self._installed_unit(product, "EV-LEAK-2", 5)
        maintenance = self._request(kind="maintenance", lot_id=lot.id)
        with self.assertRaisesRegex(ValidationError, "repair job"):
            maintenance.write({"leak_found": "water"})
        job = self._request(kind="repair", lot_id=lot.id)
        with self.assertRaisesRegex(ValidationError, "leak found before"):
            job.with_user(desk).write({"leak_installer_outcome": "attended_failed"})

    def test_leaks_of_the_month_revoke_the_installer_eligibility(self):
        """More than two leaks in a month on units the installer installed within 30 days
        revoke his eligibility; two do not. Units installed longer ago count towards the
        yearly limit only (more than four)."""
        repairer, desk, product = self._leak_fixture()
        Rule = self.env["aftersales.penalty.rule"]
        recent = self.env.ref("aftersales_penalty.rule_kpi_b2")
        yearly = self.env.ref("aftersales_penalty.rule_kpi_b2_year")
        (recent | yearly).active = True
        period = NOW.date().replace(day=1)
        for index in range(2):
            lot, __ = self._installed_unit(product, f"EV-LEAK-R{index}", 10)
            self._set(self._leak_job(lot, repairer), state="done", date_done=NOW)
        # installed 200 days ago: a leak of the year, not of the last 30 days
        lot, __ = self._installed_unit(product, "EV-LEAK-Y0", 200)
        self._set(self._leak_job(lot, repairer, "water"), state="done", date_done=NOW)
        self.assertNotIn(self.emp_e, Rule._ineligible_employees(period, self.company))
        lot, __ = self._installed_unit(product, "EV-LEAK-R2", 10)
        third = self._leak_job(lot, repairer)
        self.assertNotIn(
            self.emp_e, Rule._ineligible_employees(period, self.company), "not finished yet"
        )
        self._set(third, state="done", date_done=NOW)
        self.assertIn(self.emp_e, Rule._ineligible_employees(period, self.company))
        # the yearly limit alone: four leaks in the month keep it, the fifth revokes it
        recent.active = False
        self.assertNotIn(self.emp_e, Rule._ineligible_employees(period, self.company))
        lot, __ = self._installed_unit(product, "EV-LEAK-Y1", 300)
        self._set(self._leak_job(lot, repairer), state="done", date_done=NOW)
        self.assertIn(self.emp_e, Rule._ineligible_employees(period, self.company))
        self.assertNotIn(self.emp_f, Rule._ineligible_employees(period, self.company))

    def test_quote_above_twice_the_fee_schedule_drafts_the_overcharging_fine(self):
        """A technician quotes a 120 fee at 300: the supervisor has to approve it and the
        shipped overcharging rule drafts 200 on the technician, once; a quote within twice
        the schedule drafts nothing."""
        rule = self.env.ref("aftersales_penalty.rule_pn_b68")
        rule.active = True  # the test case archives the shipped book
        self.tech_user.groups_id |= self.env.ref("aftersales_service.group_aftersales_user_own")
        fee = self.env["product.product"].create(
            {"name": "EV repair fee", "type": "service", "lst_price": 120.0}
        )

        def quoted(price):
            job = self._request(service_class="A")
            job.action_dispatch()
            job.write(
                {
                    "line_ids": [
                        (0, 0, {"line_type": "fee", "product_id": fee.id, "price_unit": price})
                    ]
                }
            )
            job.with_user(self.tech_user).action_send_quote()
            self._set(job, quote_date=NOW - timedelta(hours=3))
            return job

        fair, over = quoted(200.0), quoted(300.0)
        self.assertEqual((fair.quote_state, over.quote_state), ("sent", "to_approve"))
        self.assertEqual((fair.quote_over_limit, over.quote_over_limit), (False, True))
        entries = self._run(rule)
        self.assertEqual(entries.service_request_id, over)
        self.assertEqual((entries.employee_id, entries.amount), (self.emp_e, 200.0))
        self.assertIn("300", entries.reason)
        self.assertFalse(self._run(rule), "once")
        # nobody types the flag away
        with self.assertRaises(UserError):
            over.write({"quote_over_limit": False})

    def test_signature_rule_of_the_book_judges_installations_only(self):
        rule = self.env.ref("aftersales_penalty.rule_pn_b30_1")
        rule.active = True  # the test case archives the shipped book
        self.assertEqual((rule.event, rule.request_kind), ("missing_signature", "installation"))
        install = self._request(kind="installation")
        self._set(install, state="done", date_done=NOW - timedelta(hours=30))
        repair = self._request(kind="repair")
        self._set(repair, state="done", date_done=NOW - timedelta(hours=30))
        entries = self._run(rule)
        self.assertEqual(entries.service_request_id, install)
        self.assertEqual(entries.amount, 80.0)

    def test_old_part_returned_late_charges_the_provider_once(self):
        rule = self.env["aftersales.penalty.rule"].create(
            {
                "name": "Old part late",
                "code": "T-EV-6",
                "amount": 50,
                "target": "provider",
                "event": "late_old_part",
            }
        )
        with frozen_steps():
            self.env["aftersales.provider"].sudo().create(
                {"partner_id": self.provider.id, "state": "active"}
            )
        job = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "provider_id": self.provider.id}
        )
        Part = self.env["aftersales.old.part.return"]
        due = NOW.date() - timedelta(days=10)
        vals = {
            "request_id": job.id,
            "provider_id": self.provider.id,
            "product_id": self.product.id,
        }
        out = Part.create({**vals, "date_due": due})
        back_late = Part.create({**vals, "date_due": due})
        self._set(back_late, date_returned=due + timedelta(days=3), state="returned")
        back_in_time = Part.create({**vals, "date_due": due})
        self._set(back_in_time, date_returned=due, state="returned")
        entries = self._run(rule)
        self.assertEqual(len(entries), 2)
        self.assertEqual(entries.partner_id, self.provider)
        self.assertEqual(entries.service_request_id, job)
        self.assertEqual(set(entries.mapped("target_type")), {"provider"})
        self.assertFalse(self._run(), "an event raises once")
        self.assertTrue(out)

    def test_scheduled_action_writes_in_the_company_language(self):
        """Odoo runs scheduled actions without a language: the reasons they write are in
        the language of the company's contact, not English."""
        load_languages(self.env, ["aftersales_penalty"], ("zh_CN",))
        self.company.partner_id.lang = "zh_CN"
        late = self._request()
        self._set(late, first_contact_deadline=datetime.now() - timedelta(hours=5))
        # the environment of a scheduled action: no language in its context
        cron_env = self.env(context={})
        cron_env["aftersales.penalty.rule"]._cron_generate_event_entries()
        entry = self.env["aftersales.penalty.entry"].search(
            [("rule_id", "=", self.rule_contact.id), ("service_request_id", "=", late.id)]
        )
        self.assertEqual(len(entry), 1)
        self.assertTrue(entry.reason.startswith(f"{late.name}：未在"), entry.reason)
