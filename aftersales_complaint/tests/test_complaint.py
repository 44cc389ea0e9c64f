from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import api, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.aftersales_service.tests.common import mail_to_alias
from odoo.addons.aftersales_service.tests.pdf_tools import pdf_pages, pdf_text, render_pdf

from .common_complaint import ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintNumbering(ComplaintCase):
    def test_number_year_month_serial_restarts_each_month(self):
        """CP-A02: YYYYMM-NNNN, the serial restarts with the first complaint of a month."""
        march = [
            self._complaint(date_registered=self._dt("2031-03-10 10:00:00")),
            self._complaint(date_registered=self._dt("2031-03-31 12:00:00")),
        ]
        april = self._complaint(date_registered=self._dt("2031-04-01 10:00:00"))
        self.assertEqual([c.name for c in march], ["203103-0001", "203103-0002"])
        self.assertEqual(april.name, "203104-0001")
        # back in March again: the March counter continues
        self.assertEqual(
            self._complaint(date_registered=self._dt("2031-03-15 10:00:00")).name,
            "203103-0003",
        )

    def test_month_range_kept_per_process_sees_a_new_range(self):
        """The month's numbering range is looked up once per process: a range created
        afterwards (here by hand, as a first complaint of the month does) is seen by the
        next number, never a cached "none"."""
        Sequence = self.env["ir.sequence"]
        sequence = self.env["aftersales.complaint"]._complaint_sequence(self.env.company)
        day = self._dt("2031-08-20 10:00:00").date()
        self.assertFalse(Sequence._aftersales_date_range_id(sequence.id, day))
        august = self.env["ir.sequence.date_range"].create(
            {
                "sequence_id": sequence.id,
                "date_from": "2031-08-01",
                "date_to": "2031-08-31",
            }
        )
        self.assertEqual(Sequence._aftersales_date_range_id(sequence.id, day), august.id)
        complaint = self._complaint(date_registered=self._dt("2031-08-20 10:00:00"))
        self.assertEqual(complaint.name, "203108-0001")
        august.invalidate_recordset(["number_next_actual"])
        self.assertEqual(august.number_next_actual, 2, "numbered from that range")
        self.assertEqual(
            self.env["ir.sequence.date_range"].search_count(
                [("sequence_id", "=", sequence.id), ("date_from", "=", "2031-08-01")]
            ),
            1,
        )

    def test_number_batch_creation_consecutive_and_unique(self):
        complaints = self.env["aftersales.complaint"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "date_registered": self._dt("2031-05-0%d 10:00:00" % day),
                }
                for day in range(1, 6)
            ]
        )
        self.assertEqual(complaints.mapped("name"), ["203105-%04d" % n for n in range(1, 6)])

    def test_number_concurrent_creation_waits_for_the_lock(self):
        """The first complaint of a month creates the month's numbering range: a second
        transaction doing the same before the first has committed waits on the sequence
        row (then retries) instead of creating a second range with the same numbers."""
        self._complaint(date_registered=self._dt("2031-06-01 10:00:00"))
        cr2 = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            cr2.execute("SET lock_timeout = '300ms'")
            env2 = api.Environment(cr2, self.env.uid, {})
            with self.assertRaises(psycopg2.errors.LockNotAvailable):
                env2["aftersales.complaint"]._next_complaint_number(
                    env2.company, self._dt("2031-06-02 10:00:00")
                )
        finally:
            cr2.rollback()
            cr2.close()


@tagged("post_install", "-at_install")
class TestComplaintDeadlines(ComplaintCase):
    def test_close_within_13_working_days_domestic_17_foreign(self):
        """Seed 000 (十) 1: registration + 13 (domestic) or 17 (foreign) working days."""
        registered = self._dt("2031-03-03 10:00:00")  # a Monday
        domestic = self._complaint(date_registered=registered)
        foreign = self._complaint(date_registered=registered, market="foreign")
        self.assertEqual(domestic.close_deadline, self._dt("2031-03-20 18:00:00"))
        self.assertEqual(foreign.close_deadline, self._dt("2031-03-26 18:00:00"))

    def test_close_deadline_skips_public_holiday(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": self._dt("2031-03-12 00:00:00"),
                "date_to": self._dt("2031-03-12 23:59:59"),
            }
        )
        complaint = self._complaint(date_registered=self._dt("2031-03-03 10:00:00"))
        self.assertEqual(complaint.close_deadline, self._dt("2031-03-21 18:00:00"))

    def test_stage_targets_and_quality_report_within_3_days(self):
        """Form routing: GM office ½ day, quality 1 day; quality report within 3 days."""
        with freeze_time("2031-03-03 10:00:00"):
            complaint = self._complaint(date_registered=self._dt("2031-03-03 10:00:00"))
            self.assertEqual(complaint.stage_deadline, self._dt("2031-03-03 14:30:00"))
        with freeze_time("2031-03-03 15:00:00"):
            complaint.action_next_stage()
        self.assertEqual(complaint.state, "quality")
        self.assertEqual(complaint.stage_deadline, self._dt("2031-03-04 15:00:00"))
        self.assertEqual(complaint.quality_report_deadline, self._dt("2031-03-06 18:00:00"))
        log = complaint.stage_log_ids.filtered(lambda entry: entry.date_end)
        self.assertTrue(log.is_late, "the GM office passed the form on after its ½ day")

    def test_foreign_sales_negotiation_12_days(self):
        with freeze_time("2031-03-03 10:00:00"):
            complaint = self._complaint(
                date_registered=self._dt("2031-03-03 10:00:00"),
                market="foreign",
                root_cause="<p>x</p>",
                decision_type="repair",
            )
            for _step in range(4):
                complaint.action_next_stage()
        self.assertEqual(complaint.state, "sales")
        # 12 working days of 9 hours from Monday 10:00
        self.assertEqual(complaint.stage_deadline, self._dt("2031-03-19 10:00:00"))

    def test_handled_within_24h_or_72h_when_customer_away(self):
        """Seed 003 KPI: handled within 24 h, 72 h when the customer is away."""
        registered = self._dt("2031-03-03 10:00:00")
        normal = self._complaint(date_registered=registered)
        away = self._complaint(date_registered=registered, customer_away=True)
        self.assertEqual(normal.handling_deadline, self._dt("2031-03-04 10:00:00"))
        self.assertEqual(away.handling_deadline, self._dt("2031-03-06 10:00:00"))
        with freeze_time("2031-03-05 09:00:00"):
            (normal | away).action_mark_handled()
        self.assertFalse(normal.handled_on_time)
        self.assertTrue(away.handled_on_time)

    def test_overdue_case_gets_one_reminder(self):
        """Seed 000 (十四): an overdue case gets a reminder note (催辦), once."""
        reminder = self.env.ref("aftersales_complaint.mail_activity_type_complaint_reminder")
        late = self._complaint(
            date_registered=self._dt("2031-03-03 10:00:00"), user_id=self.user_all.id
        )
        on_time = self._complaint(date_registered=self._dt("2031-03-21 08:00:00"))
        Complaint = self.env["aftersales.complaint"]
        Complaint._cron_check_overdue(now=self._dt("2031-03-21 09:00:00"))
        self.assertTrue(late.is_overdue)
        self.assertFalse(on_time.is_overdue)
        self.assertFalse(on_time.activity_ids.filtered(lambda a: a.activity_type_id == reminder))
        Complaint._cron_check_overdue(now=self._dt("2031-03-22 09:00:00"))
        activities = late.activity_ids.filtered(lambda a: a.activity_type_id == reminder)
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.user_all)

    def test_closed_late_gets_overdue_cause_inquiry(self):
        """Seed 000 (十四): a case closed after its deadline gets an inquiry (洽辦)."""
        inquiry = self.env.ref("aftersales_complaint.mail_activity_type_complaint_inquiry")
        complaint = self._approved(
            {"date_registered": self._dt("2020-01-06 10:00:00")}, decision="not_established"
        )
        complaint.action_resolve()
        complaint.action_close()
        self.assertTrue(complaint.closed_late)
        self.assertEqual(
            len(complaint.activity_ids.filtered(lambda a: a.activity_type_id == inquiry)), 1
        )
        on_time = self._approved(decision="not_established")
        on_time.action_resolve()
        on_time.action_close()
        self.assertFalse(on_time.closed_late)
        self.assertFalse(on_time.activity_ids.filtered(lambda a: a.activity_type_id == inquiry))


@tagged("post_install", "-at_install")
class TestComplaintDecision(ComplaintCase):
    def test_non_quality_needs_one_of_the_15_causes(self):
        causes = self.env["aftersales.complaint.cause"].search([])
        self.assertGreaterEqual(len(causes), 15)
        with self.assertRaises(ValidationError):
            self._complaint(complaint_class="non_quality")
        complaint = self._complaint(complaint_class="non_quality", cause_id=causes[0].id)
        # non-quality cases skip Manufacturing and R&D
        complaint.write({"root_cause": "<p>wrong label</p>"})
        complaint.action_next_stage()
        complaint.action_next_stage()
        self.assertEqual(complaint.state, "sales")

    def test_shares_not_summing_to_100_refused(self):
        """Seed 000 (九) 7: responsibility shares sum to 100 % before the decision."""
        complaint = self._to_consolidation(self._complaint(), shares=(60, 30))
        with self.assertRaisesRegex(ValidationError, "90"):
            complaint.action_submit_approval()
        self.assertEqual(complaint.state, "consolidation")
        complaint.responsibility_ids[1].share = 40
        complaint.action_submit_approval()
        self.assertEqual(complaint.state, "to_approve")
        # submitted, the shares are the decision under approval
        with self.assertRaises(UserError):
            complaint.responsibility_ids[0].share = 50
        with self.assertRaises(UserError):
            complaint.responsibility_ids[0].share = 0

    def test_approval_by_authority_level(self):
        """Seed 000 (九) 6: the amount chooses the approver; Sales may not exceed it."""
        complaint = self._to_consolidation(self._complaint(), amount=50000)
        complaint.action_submit_approval()
        self.assertEqual(complaint.approval_level_id, self.level_deputy)
        with self.assertRaises(AccessError):
            complaint.with_user(self.sales_manager).action_approve()
        with self.assertRaises(UserError):
            complaint.action_resolve()
        self.assertFalse(complaint.credit_note_ids)
        complaint.with_user(self.deputy_gm).action_approve()
        self.assertEqual(complaint.state, "approved")
        self.assertEqual(complaint.approved_by_id, self.deputy_gm)

        small = self._to_consolidation(self._complaint(), amount=500)
        small.action_submit_approval()
        self.assertEqual(small.approval_level_id, self.level_sales)
        small.with_user(self.sales_manager).action_approve()
        self.assertEqual(small.state, "approved")

    def test_a_submitted_decision_is_what_the_approver_approves(self):
        """Submitted at 500 for the sales manager, the amount cannot then grow to 900,000;
        a level changed since the submission does not let a lower approver through."""
        complaint = self._to_consolidation(self._complaint(), amount=500)
        complaint.with_user(self.user_all).action_submit_approval()
        self.assertEqual(complaint.approval_level_id, self.level_sales)
        for vals in (
            {"decision_amount": 900000},
            {"loss_amount": 900000},
            {"decision_type": "compensation"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "cannot be changed"):
                complaint.with_user(self.user_all).write(vals)
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            complaint.responsibility_ids[0].with_user(self.user_all).share = 10
        # the levels of the moment decide: the sales manager's limit lowered below 500
        self.level_sales.sudo().amount_limit = 100
        with self.assertRaises(AccessError):
            complaint.with_user(self.sales_manager).action_approve()
        self.assertEqual(complaint.state, "to_approve")
        complaint.with_user(self.deputy_gm).action_approve()
        self.assertEqual(complaint.approval_level_id, self.level_deputy)
        self.assertEqual(complaint.approved_by_id, self.deputy_gm)
        # sent back, the GM office changes the decision again
        other = self._to_consolidation(self._complaint(), amount=500)
        other.action_submit_approval()
        other.with_user(self.deputy_gm).action_send_back()
        other.with_user(self.user_all).write({"decision_amount": 800})

    def test_only_a_general_manager_changes_the_approval_levels(self):
        manager = new_test_user(
            self.env,
            login="cp_mgr_levels",
            groups="aftersales_complaint.group_complaint_manager",
        )
        with self.assertRaises(AccessError):
            self.level_sales.with_user(manager).write({"amount_limit": 10000000})
        with self.assertRaises(AccessError):
            self.level_sales.with_user(manager).unlink()
        self.assertTrue(self.level_sales.with_user(manager).read(["amount_limit"]))
        gm = new_test_user(
            self.env,
            login="cp_gm_levels",
            groups="aftersales_complaint.group_complaint_approver_gm",
        )
        self.level_sales.with_user(gm).write({"amount_limit": 20000})
        self.assertEqual(self.level_sales.amount_limit, 20000)
        # authority goes to the approval groups only, never to every internal user
        with self.assertRaisesRegex(ValidationError, "not a Complaint Approval Authority"):
            self.level_sales.with_user(gm).write({"group_id": self.env.ref("base.group_user").id})

    def test_a_follower_reads_and_comments_but_does_not_work_the_complaint(self):
        complaint = self._approved()
        complaint.message_subscribe(partner_ids=self.user_own2.partner_id.ids)
        follower = complaint.with_user(self.user_own2)
        self.assertTrue(follower.read(["name"]))
        follower.message_post(body="Seen on site too.", message_type="comment")
        with self.assertRaises(AccessError):
            follower.write({"user_id": self.user_own2.id})
        with self.assertRaises(AccessError):
            follower.action_resolve()

    def test_the_number_is_the_systems(self):
        complaint = (
            self.env["aftersales.complaint"]
            .with_user(self.user_all)
            .create(
                {
                    "name": "FAKE-0001",
                    "partner_id": self.customer.id,
                    "customer_demand": "Refund",
                }
            )
        )
        self.assertNotEqual(complaint.name, "FAKE-0001")
        self.assertRegex(complaint.name, r"^\d{6}-\d{4}$")

    def test_major_complaint_goes_to_deputy_gm(self):
        """Seed 000 (二十六): major complaints go to the deputy GM, whatever the amount."""
        complaint = self._complaint(severity="major")
        self.assertEqual(
            complaint.escalation_user_id.has_group(
                "aftersales_complaint.group_complaint_approver_deputy_gm"
            ),
            True,
        )
        self.assertTrue(complaint.escalation_pending, "the to-do is given after the commit")
        self.assertFalse(complaint.activity_ids)
        cron = self.env.ref("aftersales_complaint.ir_cron_aftersales_complaint_escalations")
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]),
            "the scheduled action is woken up",
        )
        self.env["aftersales.complaint"]._cron_escalation_todos()
        self.env["aftersales.complaint"]._cron_escalation_todos()
        self.assertEqual(complaint.activity_ids.user_id, complaint.escalation_user_id)
        self.assertFalse(complaint.escalation_pending)
        self._to_consolidation(complaint, amount=100)
        complaint.action_submit_approval()
        self.assertEqual(complaint.approval_level_id, self.level_deputy)
        with self.assertRaises(AccessError):
            complaint.with_user(self.sales_manager).action_approve()

    def test_escalation_todo_comes_even_once_approved_and_one_failure_blocks_nobody(self):
        """The deputy's to-do comes from the scheduled action after the registration: a
        complaint approved meanwhile still gets it, and a complaint whose to-do cannot be
        given (logged) does not hold the others up."""
        approved = self._complaint(severity="major")
        failing = self._complaint(severity="major")
        later = self._complaint(severity="major")
        self._to_consolidation(approved, amount=100)
        approved.action_submit_approval()
        approved.with_user(self.deputy_gm).action_approve()
        self.assertEqual(approved.state, "approved")
        Complaint = type(self.env["aftersales.complaint"])
        real = Complaint._schedule_escalation_todo

        def schedule(record):
            if record.id == failing.id:
                raise UserError("the activity type was archived meanwhile")
            return real(record)

        with (
            patch.object(Complaint, "_schedule_escalation_todo", schedule),
            self.assertLogs("odoo.addons.aftersales_service.models.mail_activity", "ERROR"),
        ):
            self.env["aftersales.complaint"]._cron_escalation_todos()
        self.assertEqual(approved.activity_ids.user_id, approved.escalation_user_id)
        self.assertEqual(later.activity_ids.user_id, later.escalation_user_id)
        self.assertFalse(failing.activity_ids)
        self.assertFalse((approved | failing | later).filtered("escalation_pending"))

    def test_allowance_creates_draft_credit_note(self):
        complaint = self._approved(amount=800.0)
        complaint.action_resolve()
        refund = complaint.credit_note_ids
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.partner_id, self.customer)
        self.assertAlmostEqual(refund.amount_total, 800.0)
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        with self.assertRaises(UserError):
            complaint.action_resolve()

    def test_handler_without_accounting_rights_resolves_approved_allowance(self):
        complaint = self._approved(amount=120.0)
        self.assertFalse(self.user_all.has_group("account.group_account_invoice"))
        complaint.with_user(self.user_all).action_resolve()
        self.assertEqual(complaint.with_user(self.user_all).credit_note_count, 1)
        self.assertEqual(complaint.credit_note_ids.state, "draft")
        self.assertAlmostEqual(complaint.credit_note_ids.amount_total, 120.0)

    def test_compensation_creates_credit_note(self):
        complaint = self._approved(decision="compensation", amount=300.0)
        complaint.action_resolve()
        self.assertEqual(complaint.credit_note_ids.move_type, "out_refund")
        self.assertAlmostEqual(complaint.credit_note_ids.amount_total, 300.0)

    def test_return_creates_return_case_and_receipt(self):
        """A return decision goes through the returns flow: a return case whose receipt
        is made by Odoo's return wizard on the delivery, for the defective quantity."""
        picking = self._deliver(5)
        complaint = self._approved({"picking_id": picking.id}, decision="return", amount=200)
        complaint.action_resolve()
        case = complaint.return_case_ids
        self.assertEqual(len(case), 1)
        self.assertEqual(case.kind, "refund")
        self.assertEqual(case.picking_id, picking)
        self.assertEqual(case.line_ids.qty, 2.0)
        self.assertEqual(case.state, "receiving")
        returned = complaint.return_picking_ids
        self.assertEqual(len(returned), 1)
        self.assertEqual(returned.return_id, picking)
        self.assertEqual(returned.picking_type_code, "incoming")
        self.assertEqual(returned.move_ids.product_uom_qty, 2.0)

    def test_exchange_creates_exchange_case_with_return_receipt(self):
        picking = self._deliver(5)
        complaint = self._approved({"picking_id": picking.id}, decision="exchange", amount=200)
        complaint.action_resolve()
        case = complaint.return_case_ids
        self.assertEqual(case.kind, "exchange")
        self.assertEqual(
            complaint.return_picking_ids.filtered(
                lambda p: p.picking_type_code == "incoming"
            ).move_ids.product_uom_qty,
            2.0,
        )

    def test_return_needs_delivered_goods(self):
        complaint = self._approved(decision="return", amount=200)
        with self.assertRaises(UserError):
            complaint.action_resolve()
        self.assertFalse(complaint.resolution_done)
        cases = self.env["aftersales.return"].search([("partner_id", "=", self.customer.id)])
        self.assertFalse(cases)

    def test_repair_creates_service_request(self):
        complaint = self._approved(decision="repair", amount=100)
        complaint.action_resolve()
        request = complaint.repair_request_ids
        self.assertEqual(len(request), 1)
        self.assertEqual(request.kind, "repair")
        self.assertEqual(request.partner_id, self.customer)
        self.assertEqual(request.product_id, self.product)

    def test_not_established_produces_no_document(self):
        """CP-A15: not our fault: no allowance, return or repair; no shares needed."""
        complaint = self._to_consolidation(
            self._complaint(), decision="not_established", amount=0, shares=()
        )
        complaint.action_submit_approval()
        complaint.with_user(self.sales_manager).action_approve()
        complaint.action_resolve()
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertFalse(complaint.credit_note_ids or complaint.return_case_ids)
        self.assertFalse(complaint.repair_request_ids)

    def test_added_decision_type_runs_its_own_resolve_method(self):
        """A decision type added by another addon (selection_add) is resolved by its own
        ``_resolve_<type>`` method, as superuser; without that method nothing is resolved."""
        Complaint = type(self.env["aftersales.complaint"])
        field = Complaint._fields["decision_type"]
        ran = []

        def _resolve_voucher(complaint):
            ran.append((complaint.id, complaint.env.su))

        selection = [*field.selection, ("voucher", "Voucher")]
        with (
            patch.object(field, "selection", selection),
            patch.object(field, "_selection", dict(selection)),
        ):
            complaint = self._approved(decision="voucher", amount=50)
            with self.assertRaises(NotImplementedError):
                complaint.action_resolve()
            self.assertFalse(complaint.resolution_done)
            with patch.object(Complaint, "_resolve_voucher", _resolve_voucher, create=True):
                complaint.with_user(self.user_all).action_resolve()
        self.assertEqual(ran, [(complaint.id, True)])
        self.assertTrue(complaint.resolution_done)
        self.assertFalse(complaint.credit_note_ids or complaint.return_case_ids)

    def test_customer_rejection_reopens_as_linked_complaint(self):
        """Seed 000 (九) 9: a new form linked to the original, which is attached."""
        complaint = self._approved(amount=500)
        complaint.action_customer_reject(reason="Allowance too low")
        child = complaint.child_ids
        self.assertEqual(len(child), 1)
        self.assertEqual(complaint.state, "reopened")
        self.assertEqual(child.parent_id, complaint)
        self.assertEqual(child.state, "registered")
        self.assertEqual(child.customer_demand, "Allowance too low")
        self.assertNotEqual(child.name, complaint.name)
        attachments = self.env["ir.attachment"].search(
            [("res_model", "=", child._name), ("res_id", "=", child.id)]
        )
        self.assertTrue(attachments.filtered(lambda a: complaint.name in a.name))


@tagged("post_install", "-at_install")
class TestComplaintAccessAndReports(ComplaintCase):
    def test_own_documents_user_cannot_read_others_complaints(self):
        mine = (
            self.env["aftersales.complaint"]
            .with_user(self.user_own)
            .create({"partner_id": self.customer.id})
        )
        self.assertEqual(mine.user_id, self.user_own)
        theirs = self._complaint(user_id=self.user_own2.id)
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_own).read(["name"])
        self.assertNotIn(
            theirs, self.env["aftersales.complaint"].with_user(self.user_own).search([])
        )
        self.assertEqual(theirs.with_user(self.user_all).name, theirs.name)

    def test_email_alias_creates_complaint(self):
        complaint = self.env["aftersales.complaint"].message_new(
            {
                "email_from": "Angry Buyer <angry@example.com>",
                "subject": "Broken panel",
                "body": "<p>The panel arrived broken</p>",
                "from": "angry@example.com",
            }
        )
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.partner_id.email, "angry@example.com")
        self.assertRegex(complaint.name, r"^\d{6}-\d{4}$")

    def test_one_sender_files_a_limited_number_of_complaints_by_email(self):
        """Mails sent to the complaint address go through Odoo's mail gateway: one sender
        files at most 20 complaints in two hours (the gateway's own limit per sender, on
        the complaint's e-mail); the 21st is bounced, another sender is not held up."""
        alias = self.env.ref("aftersales_complaint.mail_alias_complaint")
        Complaint = self.env["aftersales.complaint"]
        for index in range(21):
            mail_to_alias(self.env, alias, "flood@example.com", index)
        self.assertEqual(Complaint.search_count([("email_from", "=", "flood@example.com")]), 20)
        mail_to_alias(self.env, alias, "other@example.com", 0)
        other = Complaint.search([("email_from", "=", "other@example.com")])
        self.assertEqual((len(other), other.channel), (1, "email"))

    def test_monthly_statistics_and_complaint_rate(self):
        """Seed 000 篇7: monthly counts by class and cause, complaint rate vs service calls."""
        cause = self.env.ref("aftersales_complaint.cause_wrong_shipment")
        self._complaint(date_registered=self._dt("2031-07-02 10:00:00"))
        self._complaint(
            date_registered=self._dt("2031-07-03 10:00:00"),
            complaint_class="non_quality",
            cause_id=cause.id,
        )
        self._complaint(date_registered=self._dt("2031-08-01 10:00:00"))
        self.env["aftersales.service.request"].create(
            [
                {"partner_id": self.customer.id, "date_request": self._dt("2031-07-10 10:00:00")}
                for _i in range(4)
            ]
        )
        stats = self.env["aftersales.complaint.report"]._get_monthly_statistics(
            self._dt("2031-07-15 00:00:00").date()
        )
        self.assertEqual(stats["total"], 2)
        self.assertEqual(stats["service_calls"], 4)
        self.assertAlmostEqual(stats["complaint_rate"], 50.0)
        self.assertEqual(stats["closed"], 0)
        self.assertEqual(stats["closed_on_time_rate"], 0.0)
        self.assertFalse(stats["rate_ok"])
        self.assertIn((cause.display_name, 1), stats["by_cause"])
        with Form(self.env["aftersales.complaint.stats.wizard"].with_user(self.user_all)) as form:
            form.month = self._dt("2031-07-20 00:00:00").date()
        wizard = form.record
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "aftersales_complaint.report_complaint_statistics")
        html = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_complaint.report_complaint_statistics", wizard.ids
        )[0]
        self.assertIn(b"2031-07", html)

    def test_handling_form_renders_five_copies(self):
        complaint = self._complaint()
        content = render_pdf(self.env, "aftersales_complaint.report_complaint_form", complaint.ids)
        text = pdf_text(content)
        self.assertIn(complaint.name, text)
        self.assertEqual(text.count("do not copy to the customer"), 5)
        self.assertEqual(pdf_pages(content), 5, "one page per copy")

    def test_monthly_report_activities_due_5th_and_10th(self):
        reported = self._complaint(date_registered=self._dt("2031-08-31 15:00:00"))
        # registered this morning: it may be being escalated right now, it hosts nothing
        self._complaint(date_registered=self._dt("2031-09-01 08:00:00"))
        activities = self.env["aftersales.complaint.report"]._cron_monthly_reports(
            today=self._dt("2031-09-01 00:00:00").date()
        )
        days = sorted({a.date_deadline.day for a in activities})
        self.assertEqual(days, [5, 10])
        self.assertEqual(set(activities.mapped("res_model")), {"aftersales.complaint"})
        self.assertEqual(
            set(activities.mapped("res_id")),
            {reported.id},
            "the last complaint of the month reported hosts the reminders",
        )


@tagged("post_install", "-at_install")
class TestComplaintFollowUp(ComplaintCase):
    def test_repeat_complaint_is_flagged_and_escalated(self):
        """CP-B5: the same customer complaining again about the same problem goes up."""
        first = self._complaint(date_registered=self._dt("2031-03-03 10:00:00"))
        self.assertFalse(first.repeat_count)
        second = self._complaint(date_registered=self._dt("2031-04-03 10:00:00"))
        self.assertEqual(second.repeat_count, 1)
        self.assertTrue(second.escalation_user_id)
        # noted for the desk in the chatter, nobody notified by it
        note = second.message_ids.filtered(lambda m: "Repeat complaint" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertFalse(note.notification_ids)
        other_product = self.env["product.product"].create({"name": "Other", "type": "consu"})
        self.assertFalse(self._complaint(product_id=other_product.id).repeat_count)

    def test_human_negligence_exempt_from_tracking(self):
        """QF-A04: improvements are tracked, except for human negligence."""
        cause = self.env.ref("aftersales_complaint.cause_labelling")
        self.assertTrue(self._complaint().needs_tracking)
        self.assertFalse(
            self._complaint(complaint_class="non_quality", cause_id=cause.id).needs_tracking
        )

    def test_late_quality_report_gets_reminder(self):
        reminder = self.env.ref("aftersales_complaint.mail_activity_type_complaint_reminder")
        # the quality stage's own target edited to 10 days: only the report is late
        self.env.ref("aftersales_complaint.sla_complaint_stage_quality").target = 10.0
        with freeze_time("2031-03-03 10:00:00"):
            complaint = self._complaint(date_registered=self._dt("2031-03-03 10:00:00"))
            complaint.action_next_stage()
        self.assertEqual(complaint.quality_report_deadline, self._dt("2031-03-06 18:00:00"))
        Complaint = self.env["aftersales.complaint"]
        Complaint._cron_check_overdue(now=self._dt("2031-03-06 17:00:00"))
        self.assertFalse(complaint.is_overdue)
        Complaint._cron_check_overdue(now=self._dt("2031-03-07 09:30:00"))
        self.assertTrue(complaint.is_overdue)
        self.assertEqual(
            len(complaint.activity_ids.filtered(lambda a: a.activity_type_id == reminder)), 1
        )

    def test_other_company_complaints_are_invisible(self):
        """Global multi-company rule: a user of one company never sees another's cases."""
        other = self.env["res.company"].create({"name": "Other Branch"})
        foreign = self.env["aftersales.complaint"].create(
            {"partner_id": self.customer.id, "company_id": other.id}
        )
        self.assertTrue(foreign.name)
        with self.assertRaises(AccessError):
            foreign.with_user(self.user_all).read(["name"])

    def test_own_user_registers_and_attributes_through_the_form(self):
        with Form(self.env["aftersales.complaint"].with_user(self.user_own)) as form:
            form.partner_id = self.customer
            with form.line_ids.new() as goods:
                goods.product_id = self.product
                goods.quantity = 10
                goods.defective_qty = 4
            form.customer_demand = "Exchange the cracked units"
            with form.responsibility_ids.new() as line:
                line.department_id = self.dept_quality
                line.share = 100
        complaint = form.record
        self.assertEqual(complaint.user_id, self.user_own)
        self.assertRegex(complaint.name, r"^\d{6}-\d{4}$")
        self.assertEqual(complaint.share_total, 100)
        self.assertEqual(len(complaint.stage_log_ids), 1)
        self.assertEqual(complaint.product_id, self.product)
        self.assertEqual((complaint.quantity, complaint.defective_qty), (10, 4))
