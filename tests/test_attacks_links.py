"""Sixth attack audit: what links a document's money and evidence to other records.

Each test is an attack found by the audit, made as a real user of the group that could
make it (the desk, a supervisor, a technician, a portal customer or provider), through
the ORM as the web client and JSON-RPC call it; each must be refused with a clear error
and leave the data as it was.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJ"
    "RU5ErkJggg=="
)
DESK = (
    "aftersales_service.group_aftersales_user_all,"
    "aftersales_complaint.group_complaint_user_all,aftersales_penalty.group_penalty_user_all,"
    "stock.group_stock_user,account.group_account_invoice"
)


@tagged("post_install", "-at_install")
class TestAttacksLinks(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.desk = new_test_user(env, login="lnk_desk", groups=DESK)
        cls.supervisor = new_test_user(
            env,
            login="lnk_sup",
            groups=DESK + ",aftersales_service.group_aftersales_manager,"
            "aftersales_penalty.group_penalty_manager",
        )
        cls.gm = new_test_user(
            env,
            login="lnk_gm",
            groups=DESK + ",aftersales_service.group_aftersales_manager,"
            "aftersales_penalty.group_penalty_manager,aftersales_penalty.group_penalty_gm,"
            "account.group_account_manager",
        )
        cls.technician = new_test_user(
            env,
            login="lnk_tech",
            password="lnk_tech_pw1",
            groups="aftersales_service.group_aftersales_user_own",
        )
        cls.settlement = env.ref("aftersales_service.settlement_active_current")
        cls.closed = env.ref("aftersales_service.request_closed")

    # ---------------------------------------------------------------- lines stay put
    def test_a_line_never_moves_to_another_document(self):
        env = self.env
        fee = self.settlement.line_ids.filtered(lambda line: line.kind == "fee")[:1]
        year_before = {
            "date_from": self.settlement.date_from - timedelta(days=366),
            "date_to": self.settlement.date_to - timedelta(days=366),
        }
        other = self.settlement.copy(year_before)
        with self.assertRaisesRegex(UserError, "cannot be moved"):
            fee.with_user(self.desk).write({"settlement_id": other.id})
        # linked from the other document's side (a one2many link command) as well
        with self.assertRaisesRegex(UserError, "cannot be moved"):
            other.with_user(self.desk).write({"line_ids": [Command.link(fee.id)]})
        self.assertEqual(fee.settlement_id, self.settlement)
        # a job's line onto a closed, signed job: its charges would change behind the
        # customer's signature
        open_job = env.ref("aftersales_service.request_on_site")
        line = open_job.line_ids[:1]
        total = self.closed.amount_charged
        with self.assertRaisesRegex(UserError, "cannot be moved"):
            line.with_user(self.desk).write({"request_id": self.closed.id})
        self.assertEqual(self.closed.amount_charged, total)
        draft_line = env.ref("aftersales_service.demo_return_draft_line")
        done = env.ref("aftersales_service.demo_return_refunded")
        with self.assertRaisesRegex(UserError, "cannot be moved"):
            draft_line.with_user(self.desk).write({"return_id": done.id})

    # ---------------------------------------------------------------- settlement lines
    def test_fees_come_from_the_rules_and_deductions_are_negative(self):
        fee = self.settlement.line_ids.filtered(lambda line: line.kind == "fee")[:1]
        amount = fee.amount
        for vals in ({"amount": 99999}, {"distance_km": 500}):
            with self.assertRaisesRegex(UserError, "comes from the fee rules"):
                fee.with_user(self.desk).write(vals)
        self.assertEqual(fee.amount, amount)
        with self.assertRaisesRegex(ValidationError, "is positive"):
            self.settlement.with_user(self.desk).write(
                {"line_ids": [Command.create({"kind": "deduction", "name": "x", "amount": 5000})]}
            )
        # a hand-made deduction is fine, negative
        self.settlement.with_user(self.desk).write(
            {"line_ids": [Command.create({"kind": "deduction", "name": "Damaged", "amount": -20})]}
        )
        sourced = self.settlement.line_ids.filtered("res_model")[:1]
        self.assertTrue(sourced)
        with self.assertRaisesRegex(UserError, "comes from its source record"):
            sourced.with_user(self.desk).write({"amount": -1})

    # ---------------------------------------------------------------- ledger
    def test_a_reversal_is_not_reversed(self):
        entry = self.env.ref("aftersales_penalty.entry_phone_li")
        reversal = entry.with_user(self.gm).action_reverse()
        with self.assertRaisesRegex(UserError, "is itself the reversal"):
            reversal.with_user(self.gm).action_reverse()
        self.assertEqual(len(entry.reversal_entry_ids), 1)

    def test_a_posted_credit_note_is_not_reset_to_draft(self):
        entry = self.env.ref("aftersales_penalty.entry_allowance_quality")
        move = entry.move_id
        move.with_user(self.gm).action_post()
        self.assertEqual(move.state, "posted")
        with self.assertRaisesRegex(UserError, "reset to draft"), self.cr.savepoint():
            move.with_user(self.gm).button_draft()
        move.invalidate_recordset()
        self.assertEqual(move.state, "posted")

    # ---------------------------------------------------------------- system fields
    def test_what_the_steps_record_is_not_typed(self):
        env = self.env
        complaint = env.ref("aftersales_complaint.demo_complaint_registered").with_user(self.desk)
        invoice = env["account.move"].search(
            [("move_type", "=", "out_invoice"), ("state", "=", "posted")], limit=1
        )
        attempts = [
            (complaint, {"resolution_done": True}),
            (complaint, {"date_handled": fields.Datetime.now()}),
            (complaint, {"is_overdue": True}),
            (complaint, {"repeat_count": 5}),
        ]
        if invoice:
            attempts.append((complaint, {"credit_note_ids": [Command.link(invoice.id)]}))
        draft_line = env.ref("aftersales_service.demo_return_draft_line").with_user(self.desk)
        done_move = env["stock.move"].search([("state", "=", "done")], limit=1)
        attempts += [
            (draft_line, {"qty_accepted": 99}),
            (draft_line, {"return_move_ids": [Command.link(done_move.id)]}),
            (
                done_move.with_user(self.desk),
                {"aftersales_return_line_ids": [Command.link(draft_line.id)]},
            ),
        ]
        picking = done_move.picking_id.with_user(self.desk)
        if picking:
            attempts.append(
                (
                    picking,
                    {"aftersales_return_id": env.ref("aftersales_service.demo_return_draft").id},
                )
            )
        for record, vals in attempts:
            with self.subTest(model=record._name, field=next(iter(vals))):
                with self.assertRaises(UserError), self.cr.savepoint():
                    record.write(vals)
                    record.flush_recordset()
        self.assertFalse(complaint.resolution_done)
        self.assertFalse(draft_line.qty_accepted)
        self.assertFalse(draft_line.return_move_ids)
        # the waiting flag moves by its buttons, which record the waiting time
        with self.assertRaisesRegex(UserError, "Wait for Customer"):
            complaint.write({"sla_paused": True})

    def test_a_signed_jobs_class_and_product_stay(self):
        charged = self.closed.amount_charged
        for vals in ({"service_class": "C"}, {"product_id": False}):
            with self.subTest(vals=vals):
                with self.assertRaisesRegex(UserError, "cannot change any more"):
                    self.closed.with_user(self.supervisor).write(vals)
        self.assertEqual(self.closed.amount_charged, charged)

    # ---------------------------------------------------------------- the technician
    def test_the_technician_does_not_move_his_deadlines_or_people(self):
        job = self.env.ref("aftersales_service.request_on_site")
        job.technician_id = self.technician
        mine = job.with_user(self.technician)
        later = fields.Datetime.now() + timedelta(days=30)
        for vals in (
            {"date_request": later},
            {"priority": "2"},
            {"supervisor_id": self.technician.id},
            {"user_id": self.technician.id},
            {"partner_id": self.env["res.partner"].create({"name": "Someone else"}).id},
            {"appointment_start": later, "appointment_end": later + timedelta(hours=1)},
        ):
            with self.subTest(field=next(iter(vals))):
                with self.assertRaisesRegex(AccessError, "set by the desk or a supervisor"):
                    mine.write(vals)
        # his own work he records
        mine.write({"work_done": "<p>Cleaned the filter</p>"})
        self.assertIn("filter", job.work_done)

    def test_a_visit_is_agreed_within_ninety_days(self):
        job = self.env.ref("aftersales_service.request_dispatched").with_user(self.desk)
        far = fields.Datetime.now() + timedelta(days=400)
        with self.assertRaisesRegex(ValidationError, "days ahead"):
            job.write({"appointment_start": far, "appointment_end": far + timedelta(hours=2)})
        soon = fields.Datetime.now() + timedelta(days=3)
        job.write({"appointment_start": soon, "appointment_end": soon + timedelta(hours=2)})
        self.assertEqual(job.arrival_deadline, job.appointment_end)

    # ---------------------------------------------------------------- the portal side
    def test_the_provider_never_reads_the_customers_key(self):
        job = self.env.ref("aftersales_service.request_provider_repair")
        provider_user = new_test_user(
            self.env, login="lnk_prov", password="lnk_prov_pw1", groups="base.group_portal"
        )
        provider_user.partner_id.parent_id = job.provider_id
        self.authenticate("lnk_prov", "lnk_prov_pw1")
        rows = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": job._name,
                "method": "search_read",
                "args": [[("id", "=", job.id)], ["name"]],
                "kwargs": {},
            },
        )
        self.assertEqual([row["id"] for row in rows], [job.id])  # his job, he reads it
        for method, args in (
            ("read", [[job.id], ["access_token"]]),
            ("search_count", [[("access_token", "=like", "a%")]]),
        ):
            with self.subTest(method=method):
                with self.assertRaises(JsonRpcException) as caught:
                    self.make_jsonrpc_request(
                        "/web/dataset/call_kw",
                        {"model": job._name, "method": method, "args": args, "kwargs": {}},
                    )
                self.assertIn("AccessError", str(caught.exception))
        # nor through the ORM of a page of his (the link is the customer's)
        with self.assertRaises(AccessError):
            job.with_user(provider_user)._portal_ensure_token()

    def test_the_customer_filters_on_portal_fields_only(self):
        complaint = self.env.ref("aftersales_complaint.demo_complaint_repair")
        user = new_test_user(
            self.env, login="lnk_cust", password="lnk_cust_pw1", groups="base.group_portal"
        )
        user.partner_id = complaint.partner_id
        complaint.message_post(
            body="internal note, not for the customer", subtype_xmlid="mail.mt_note"
        )
        mine = self.env[complaint._name].with_user(user)
        self.assertIn(complaint, mine.search([("id", "=", complaint.id)]))
        with self.assertRaisesRegex(AccessError, "internal to the company"):
            mine.search_count(
                [("id", "=", complaint.id), ("message_ids.body", "=like", "<p>inte%")]
            )
        # a comment goes to the document's followers: no partner of his choosing, no note
        stranger = self.env["res.partner"].create({"name": "Stranger", "email": "s@x.example"})
        message = complaint.with_user(user).message_post(
            body="Thanks", partner_ids=stranger.ids, subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(message.sudo().partner_ids)
        self.assertEqual(message.sudo().subtype_id, self.env.ref("mail.mt_comment"))

    def test_internal_note_files_stay_off_the_portal_page(self):
        job = self.env.ref("aftersales_service.request_done")
        customer = new_test_user(
            self.env, login="lnk_cust2", password="lnk_cust2_pw1", groups="base.group_portal"
        )
        customer.partner_id = job.partner_id
        Attachment = self.env["ir.attachment"]
        internal = Attachment.create(
            {
                "name": "INTERNAL_cost_sheet.png",
                "datas": PNG_1PX,
                "res_model": job._name,
                "res_id": job.id,
            }
        )
        job.message_post(body="cost", attachment_ids=internal.ids, subtype_xmlid="mail.mt_note")
        sent = Attachment.create(
            {"name": "sent_photo.png", "datas": PNG_1PX, "res_model": job._name, "res_id": job.id}
        )
        job.message_post(body="photo", attachment_ids=sent.ids, subtype_xmlid="mail.mt_comment")
        with frozen_steps():
            job._portal_ensure_token()
        self.authenticate("lnk_cust2", "lnk_cust2_pw1")
        page = self.url_open(f"/my/service_requests/{job.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/web/image/{sent.id}", page.text)
        self.assertNotIn(f"/web/image/{internal.id}", page.text)
        # the list's filters and sortings search on the portal's own fields
        for filterby in ("all", "open", "to_sign", "overdue", "closed"):
            for sortby in ("date", "name", "deadline", "state"):
                with self.subTest(filterby=filterby, sortby=sortby):
                    listed = self.url_open(
                        f"/my/service_requests?filterby={filterby}&sortby={sortby}"
                    )
                    self.assertEqual(listed.status_code, 200)
        for url in ("/my/complaints", "/my/units", "/my/returns", "/my/surveys", "/my/home"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 200)

    # ---------------------------------------------------------------- rule books
    def test_new_warranty_terms_count_for_units_sold_after_them(self):
        lot = self.env["stock.lot"].search(
            [("aftersales_warranty_end", "!=", False), ("aftersales_delivery_date", "!=", False)],
            limit=1,
        )
        end = lot.aftersales_warranty_end
        category = lot.product_id.categ_id
        template = lot.product_id.product_tmpl_id
        # the category's and the product's own terms shortened to one month
        category.write({"aftersales_warranty_duration": 1, "aftersales_warranty_unit": "month"})
        template.write({"aftersales_warranty_duration": 1, "aftersales_warranty_unit": "month"})
        self.env.flush_all()
        lot.invalidate_recordset()
        self.assertEqual(lot.aftersales_warranty_end, end, "a sold unit keeps its warranty")
        sold_now = self.env["stock.lot"].create(
            {
                "name": "LNK-NEW-TERMS-1",
                "product_id": lot.product_id.id,
                "aftersales_delivery_date": fields.Date.today(),
            }
        )
        self.assertLess(sold_now.aftersales_warranty_end, fields.Date.today() + timedelta(days=40))

    def test_a_return_visit_is_not_duplicated(self):
        visit = self.env.ref("aftersales_complaint.visit_request_closed")
        with self.assertRaisesRegex(UserError, "cannot be duplicated"):
            visit.with_user(self.desk).copy()

    def test_the_rated_technician_never_gets_the_customers_survey_link(self):
        visit = self.env.ref("aftersales_complaint.visit_request_closed")
        self.assertTrue(visit.survey_url)
        rated = visit.technician_id
        self.assertTrue(rated and not rated.share)
        mine = visit.with_user(rated)
        mine.invalidate_recordset(["survey_url"])
        self.assertFalse(mine.survey_url)
        rows = mine.search_read([("id", "=", visit.id)], ["survey_url"])
        self.assertFalse(rows[0]["survey_url"])
