"""Scenario 1: a paid on-site repair ends in a complaint, a credit note and a penalty.

Walks the three addons as their real users: service desk, technician, return-visit agent,
complaint approver, accountant, penalty clerk, general manager and penalty manager.
"""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.aftersales_service.tests.common import working_calendar

SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


@tagged("post_install", "-at_install")
class TestScenarioPaidRepairComplaint(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.calendar = working_calendar(
            cls.env, "SC1 every day 0-24 (UTC)", hours=(0, 24), company=cls.company
        )
        cls.survey = cls.env.ref("aftersales_complaint.survey_aftersales_satisfaction")
        cls.company.write(
            {
                "aftersales_calendar_id": cls.calendar.id,
                "aftersales_warranty_duration": 12,
                "aftersales_warranty_unit": "month",
                "aftersales_warranty_start_basis": "delivery",
                "aftersales_survey_id": cls.survey.id,
                "aftersales_return_visit_channel": "phone",
                "aftersales_survey_by_email": True,
                "aftersales_survey_sampling_pct": 100,
                "aftersales_survey_low_score": 2,
            }
        )
        cls.zone = cls.env["aftersales.zone"].create(
            {"name": "SC1 urban", "zone_type": "urban", "sequence": -10}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "SC1 split AC",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 3000,
            }
        )
        cls.fee = cls.env["product.product"].create(
            {"name": "SC1 on-site fee", "type": "service", "list_price": 180}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "SC1 Customer",
                "aftersales_zone_id": cls.zone.id,
                "email": "sc1.customer@example.com",
            }
        )
        today = fields.Date.context_today(cls.env["stock.lot"])
        cls.lot = cls.env["stock.lot"].create(
            {
                "name": "SC1-SN-0001",
                "product_id": cls.product.id,
                "aftersales_partner_id": cls.customer.id,
                "aftersales_delivery_date": today - relativedelta(years=3),
            }
        )
        # users
        cls.desk = new_test_user(
            cls.env,
            login="sc1_desk",
            name="SC1 Desk",
            groups="aftersales_service.group_aftersales_user_all",
        )
        cls.supervisor = new_test_user(
            cls.env,
            login="sc1_supervisor",
            name="SC1 Supervisor",
            groups="aftersales_service.group_aftersales_manager",
        )
        cls.technician = new_test_user(
            cls.env,
            login="sc1_tech",
            name="SC1 Technician",
            groups="aftersales_service.group_aftersales_user_own,"
            "aftersales_complaint.group_complaint_user_own",
        )
        cls.agent = new_test_user(
            cls.env,
            login="sc1_agent",
            name="SC1 Return Visit Agent",
            groups="aftersales_complaint.group_complaint_user_all",
        )
        cls.sales_approver = new_test_user(
            cls.env,
            login="sc1_sales_mgr",
            name="SC1 Sales Manager",
            groups="aftersales_complaint.group_complaint_approver_sales",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="sc1_accountant",
            name="SC1 Accountant",
            groups="account.group_account_invoice",
        )
        cls.clerk = new_test_user(
            cls.env,
            login="sc1_clerk",
            name="SC1 GM Office Clerk",
            groups="aftersales_penalty.group_penalty_user_all,"
            "aftersales_complaint.group_complaint_user_all",
        )
        cls.gm = new_test_user(
            cls.env,
            login="sc1_gm",
            name="SC1 General Manager",
            groups="aftersales_penalty.group_penalty_gm",
        )
        cls.penalty_manager = new_test_user(
            cls.env,
            login="sc1_pen_mgr",
            name="SC1 Penalty Manager",
            groups="aftersales_penalty.group_penalty_manager",
        )
        # approval levels of this test only
        group = "aftersales_complaint.group_complaint_"
        Level = cls.env["aftersales.complaint.approval.level"]
        Level.search([("company_id", "=", cls.company.id)]).active = False
        cls.level_sales = Level.create(
            {
                "name": "SC1 Sales",
                "sequence": 1,
                "amount_limit": 1000,
                "group_id": cls.env.ref(group + "approver_sales").id,
            }
        )
        cls.level_gm = Level.create(
            {
                "name": "SC1 GM",
                "sequence": 2,
                "amount_limit": 0,
                "group_id": cls.env.ref(group + "approver_gm").id,
            }
        )
        # the responsible department: 20 + 30 base points
        cls.dept = cls.env["hr.department"].create(
            {"name": "SC1 Service Team", "aftersales_allocation_mode": "team"}
        )
        Employee = cls.env["hr.employee"]
        cls.emp_a = Employee.create(
            {
                "name": "SC1 Employee A",
                "department_id": cls.dept.id,
                "aftersales_base_points": 20,
                "aftersales_efficiency_bonus": 600,
            }
        )
        cls.emp_b = Employee.create(
            {
                "name": "SC1 Employee B",
                "department_id": cls.dept.id,
                "aftersales_base_points": 30,
                "aftersales_efficiency_bonus": 3000,
            }
        )
        Rule = cls.env["aftersales.penalty.rule"]
        Rule.search([("kind", "=", "complaint_loss")]).active = False
        cls.rule_loss = Rule.create(
            {"name": "SC1 complaint loss", "code": "SC1-LOSS", "kind": "complaint_loss"}
        )
        cls.levels = {
            criterion: {
                answer.answer_score: answer
                for answer in cls.survey.question_ids.filtered(
                    lambda q, c=criterion: q.aftersales_criterion == c
                ).suggested_answer_ids
            }
            for criterion in ("attitude", "skill", "arrival", "promise")
        }

    # ------------------------------------------------------------------ steps
    def _repair_and_invoice(self):
        """Desk registers and dispatches, technician works on site, customer signs, desk
        closes and invoices, accountant posts the invoice."""
        with Form(self.env["aftersales.service.request"].with_user(self.desk)) as form:
            form.partner_id = self.customer
            form.lot_id = self.lot
            form.technician_id = self.technician
            form.supervisor_id = self.supervisor
            form.fault_description = "<p>No cooling</p>"
        request = form.record
        self.assertEqual(request.product_id, self.product)
        self.assertEqual(request.service_class, "A", "3 years after delivery: out of warranty")
        request.action_dispatch()
        self.assertEqual(request.state, "dispatched")
        request = request.with_user(self.technician)
        request.action_start()
        self.assertEqual(request.state, "in_progress")
        with Form(request) as form:
            form.work_done = "<p>Cleaned the condenser, refilled refrigerant</p>"
            form.time_spent = 1.5
            with form.line_ids.new() as line:
                line.line_type = "fee"
                line.product_id = self.fee
        self.assertEqual(request.amount_charged, 180)
        request.action_done()
        self.assertEqual(request.state, "done")
        with self.assertRaises(UserError):
            request.action_close()
        request.action_sign(SIGNATURE, "Mr Customer")
        request = request.with_user(self.desk)
        request.action_close()
        self.assertEqual(request.state, "closed")
        request.action_create_invoice()
        invoice = request.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertAlmostEqual(invoice.amount_untaxed, 180)
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(invoice.state, "posted")
        return request.with_user(self.env.user), invoice

    def _complaint_from_phone_answer(self, request):
        visits = request.return_visit_ids
        self.assertEqual(len(visits), 1, "one return visit per request")
        # its survey and the agent's call come from the scheduled action woken by the finish
        self.env.ref("aftersales_complaint.ir_cron_aftersales_survey_mails").method_direct_trigger()
        visit = visits.with_user(self.agent)
        self.assertEqual(visit.state, "sent")
        self.assertEqual(visit.activity_ids.user_id, visit.user_id, "the call is on its to-do list")
        action = visit.action_record_phone_answer()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.agent).with_context(**action["context"])
        )
        wizard.attitude_id = self.levels["attitude"][1]
        wizard.skill_id = self.levels["skill"][2]
        wizard.arrival_id = self.levels["arrival"][3]
        wizard.promise_id = self.levels["promise"][2]
        wizard.complaint = "The unit stopped cooling again two days later"
        wizard.save().action_confirm()
        self.assertEqual(visit.state, "answered")
        self.assertAlmostEqual(visit.score_average, 2.0)
        self.assertTrue(visit.is_low_score)
        self.assertTrue(visit.needs_complaint)
        with self.assertRaises(UserError):
            visit.action_close()
        action = visit.action_open_complaint()
        complaint = self.env["aftersales.complaint"].with_user(self.agent).browse(action["res_id"])
        self.assertEqual(visit.new_complaint_id, complaint)
        self.assertEqual(complaint.service_request_id, request)
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertEqual(complaint.lot_id, self.lot)
        with self.assertRaises(UserError):
            visit.action_open_complaint()
        visit.action_close()
        self.assertEqual(visit.state, "closed")
        # closing or re-scheduling the request never makes a second visit
        self.env["aftersales.return.visit"]._schedule_for_requests(request)
        self.assertEqual(request.return_visit_ids, visits)
        return complaint

    # ------------------------------------------------------------------ scenario
    def test_paid_onsite_repair_ends_in_complaint_credit_note_and_capped_penalty(self):
        request, invoice = self._repair_and_invoice()
        complaint = self._complaint_from_phone_answer(request)
        self.assertEqual(complaint.invoice_id, invoice, "the paid invoice follows the job")

        # investigation by the GM office: one department bears the whole loss
        complaint.write(
            {
                "root_cause": "<p>Refrigerant leak at a badly brazed joint</p>",
                "decision_type": "allowance",
                "decision_amount": 300.0,
                "loss_amount": 1000.0,
                "responsibility_ids": [(0, 0, {"department_id": self.dept.id, "share": 60.0})],
            }
        )
        while complaint.state != "consolidation":
            complaint.action_next_stage()
        with self.assertRaises(ValidationError):
            complaint.action_submit_approval()
        complaint.responsibility_ids.share = 100.0
        complaint.action_submit_approval()
        self.assertEqual(complaint.state, "to_approve")
        self.assertEqual(complaint.approval_level_id, self.level_sales)
        with self.assertRaises(UserError):
            complaint.action_resolve()
        complaint.with_user(self.sales_approver).action_approve()
        self.assertEqual(complaint.state, "approved")
        self.assertEqual(complaint.approved_by_id, self.sales_approver)

        # resolution: a draft customer credit note, posted by the accountant
        complaint.action_resolve()
        self.assertEqual(complaint.credit_note_count, 1, "count readable without accounting")
        refund = complaint.sudo().credit_note_ids
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.partner_id, self.customer)
        self.assertEqual(refund.reversed_entry_id, invoice)
        self.assertAlmostEqual(refund.amount_total, 300.0)
        refund.with_user(self.accountant).action_post()
        self.assertEqual(refund.state, "posted")
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

        # the loss goes to the department's people by base points: 1000 / 50 x 20 and x 30
        complaint.with_user(self.clerk).action_allocate_penalty_loss()
        entries = complaint.sudo().penalty_entry_ids
        self.assertEqual(
            {e.employee_id: e.amount for e in entries}, {self.emp_a: 400.0, self.emp_b: 600.0}
        )
        self.assertEqual(set(entries.mapped("state")), {"draft"})
        with self.assertRaises(AccessError):
            entries.with_user(self.clerk).action_approve()
        entries.with_user(self.gm).action_approve()
        self.assertEqual(set(entries.mapped("state")), {"approved"})

        # monthly deduction: at most 50 % of the efficiency bonus, the rest next month
        month = fields.Date.context_today(complaint).replace(day=1)
        runs = self.env["aftersales.penalty.deduction.run"]
        for period in (month, month + relativedelta(months=1)):
            with Form(
                self.env["aftersales.penalty.run.wizard"].with_user(self.penalty_manager)
            ) as wizard:
                wizard.period = period
            action = wizard.record.action_run()
            runs |= runs.browse(action["res_id"])
        run1, run2 = runs
        line_a = run1.line_ids.filtered(lambda line: line.employee_id == self.emp_a)
        line_b = run1.line_ids.filtered(lambda line: line.employee_id == self.emp_b)
        self.assertEqual(
            (line_a.cap_amount, line_a.amount_deducted, line_a.carry_out), (300.0, 300.0, 100.0)
        )
        self.assertEqual((line_b.amount_deducted, line_b.carry_out), (600.0, 0.0))
        entry_a = entries.filtered(lambda e: e.employee_id == self.emp_a)
        self.assertEqual(entry_a.state, "applied")
        self.assertEqual(entry_a.deduction_line_id, line_a)
        next_a = run2.line_ids.filtered(lambda line: line.employee_id == self.emp_a)
        self.assertEqual(
            (next_a.carry_in, next_a.amount_deducted, next_a.carry_out), (100.0, 100.0, 0.0)
        )
        self.assertFalse(run2.line_ids.filtered(lambda line: line.employee_id == self.emp_b))
