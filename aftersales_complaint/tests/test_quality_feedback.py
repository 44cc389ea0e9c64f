from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps


@tagged("post_install", "-at_install")
class QualityFeedbackCase(TransactionCase):
    """Quality information feedback (質量信息反饋), QF-*."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.quality_user = new_test_user(
            cls.env,
            login="qf_quality",
            name="QF Quality Engineer",
            groups="aftersales_complaint.group_complaint_user_own",
        )
        cls.reporter = new_test_user(
            cls.env,
            login="qf_reporter",
            name="QF Reporter",
            groups="aftersales_complaint.group_complaint_user_own,stock.group_stock_user",
        )
        cls.other = new_test_user(
            cls.env,
            login="qf_other",
            name="QF Other",
            groups="aftersales_complaint.group_complaint_user_own",
        )
        cls.company.write(
            {
                "aftersales_quality_user_id": cls.quality_user.id,
                "aftersales_quality_feedback_on_repair": True,
            }
        )
        cls.categ_ac = cls.env["product.category"].create({"name": "QF Air conditioners"})
        cls.categ_wp = cls.env["product.category"].create({"name": "QF Water purifiers"})
        cls.ac = cls.env["product.product"].create(
            {
                "name": "QF Split AC",
                "type": "consu",
                "is_storable": True,
                "tracking": "lot",
                "categ_id": cls.categ_ac.id,
            }
        )
        cls.purifier = cls.env["product.product"].create(
            {"name": "QF Purifier", "type": "consu", "categ_id": cls.categ_wp.id}
        )
        cls.lot1, cls.lot2 = cls.env["stock.lot"].create(
            [
                {"name": "QF-LOT-1", "product_id": cls.ac.id},
                {"name": "QF-LOT-2", "product_id": cls.ac.id},
            ]
        )
        FaultCode = cls.env["aftersales.fault.code"]
        cls.leak = FaultCode.create(
            {
                "code": "E01",
                "name": "Refrigerant leak",
                "categ_id": cls.categ_ac.id,
                "fault_type": "manufacturing",
            }
        )
        cls.pcb = FaultCode.create(
            {
                "code": "E02",
                "name": "Control board failure",
                "categ_id": cls.categ_ac.id,
                "fault_type": "component",
            }
        )
        cls.misuse = FaultCode.create(
            {"code": "M01", "name": "Operated outside instructions", "fault_type": "misuse"}
        )
        cls.filter_clog = FaultCode.create(
            {
                "code": "W01",
                "name": "Filter clogged",
                "categ_id": cls.categ_wp.id,
                "fault_type": "other",
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "QF Customer"})

    def _feedback(self, product, fault, lot=False, day=None, qty=1, **vals):
        return self.env["aftersales.quality.feedback"].create(
            {
                "product_id": product.id,
                "fault_code_id": fault.id,
                "lot_id": lot and lot.id,
                "date": day or date(2026, 10, 10),
                "quantity": qty,
                **vals,
            }
        )

    def test_fault_codes_per_product_category(self):
        """A repair of an AC offers the AC faults and the general ones, not the purifier's."""
        self.assertTrue(self.leak.is_defect)
        self.assertFalse(self.misuse.is_defect)
        domain = ["|", ("categ_id", "=", False), ("categ_id", "parent_of", self.categ_ac.id)]
        codes = self.env["aftersales.fault.code"].search(domain)
        self.assertIn(self.leak, codes)
        self.assertIn(self.misuse, codes)
        self.assertNotIn(self.filter_clog, codes)
        self.assertEqual(self.leak.display_name, "[E01] Refrigerant leak")

    def test_every_finished_repair_reports_to_quality_once(self):
        """QF-A01 (000 篇3 3.4): each field repair is reported to Quality in writing."""
        repair = self.env["repair.order"].create(
            {
                "product_id": self.purifier.id,
                "partner_id": self.customer.id,
                "aftersales_fault_code_id": self.filter_clog.id,
                "internal_notes": "<p>Filter clogged after 2 months in hard water</p>",
            }
        )
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        feedback = repair.quality_feedback_ids
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.source, "repair")
        self.assertRegex(feedback.name, r"^QF\d{6}-\d{5}$")
        self.assertEqual(feedback.fault_code_id, self.filter_clog)
        self.assertEqual(feedback.product_id, self.purifier)
        self.assertEqual(feedback.quality_user_id, self.quality_user)
        self.assertIn("hard water", feedback.description)
        repair.action_create_quality_feedback()
        self.assertEqual(len(repair.quality_feedback_ids), 1)

    def test_feedback_sent_to_quality_with_response_deadline(self):
        """QF-A02 / QF-A07: sent to the quality department, answered by a deadline."""
        feedback = self._feedback(self.ac, self.leak, self.lot1, user_id=self.reporter.id)
        feedback = feedback.with_user(self.reporter)
        self.assertEqual(feedback.state, "draft")
        feedback.action_send()
        today = feedback.company_id._aftersales_local_date()  # the company's day
        self.assertEqual(feedback.state, "sent")
        self.assertEqual(feedback.response_deadline, today + timedelta(days=7))
        self.assertEqual(feedback.activity_ids.user_id, self.quality_user)
        self.assertEqual(feedback.activity_ids.date_deadline, feedback.response_deadline)
        as_quality = feedback.with_user(self.quality_user)
        with self.assertRaises(UserError):
            as_quality.action_respond()
        as_quality.response = "<p>Brazing of the evaporator checked; supplier warned.</p>"
        as_quality.action_respond()
        self.assertEqual(feedback.state, "responded")
        self.assertFalse(feedback.activity_ids)
        self.assertFalse(feedback.is_overdue)
        late = self._feedback(self.ac, self.pcb)
        late.action_send()
        with frozen_steps():  # a fixture: a deadline passed (set by the sending step only)
            late.response_deadline = today - timedelta(days=1)
        self.assertTrue(late.is_overdue)
        self.assertIn(
            late, self.env["aftersales.quality.feedback"].search([("is_overdue", "=", True)])
        )

    def test_major_problem_goes_to_quality_at_once(self):
        """QF-C02: a major quality problem is escalated to Quality at once."""
        feedback = self._feedback(self.ac, self.leak, severity="major")
        self.assertEqual(feedback.state, "sent")
        self.assertTrue(feedback.response_deadline)

    def test_complaint_reported_to_quality_once(self):
        complaint = self.env["aftersales.complaint"].create(
            {
                "partner_id": self.customer.id,
                "product_id": self.ac.id,
                "lot_id": self.lot1.id,
                "description": "<p>Unit leaks after one week</p>",
            }
        )
        Feedback = self.env["aftersales.quality.feedback"]
        action = Feedback.action_create_from_complaints(complaint.ids)
        feedback = Feedback.browse(action["res_id"])
        self.assertEqual(feedback.complaint_id, complaint)
        self.assertEqual(feedback.source, "complaint")
        self.assertEqual(feedback.lot_id, self.lot1)
        Feedback.action_create_from_complaints(complaint.ids)
        self.assertEqual(Feedback.search_count([("complaint_id", "=", complaint.id)]), 1)

    def test_complaint_of_two_products_reports_each_product(self):
        """The quality report counts every product complained of (QF-A02, QF-A06)."""
        other = self.env["product.product"].create({"name": "QF Remote", "type": "consu"})
        complaint = self.env["aftersales.complaint"].create(
            {
                "partner_id": self.customer.id,
                "description": "<p>Delivered damaged</p>",
                "line_ids": [
                    Command.create({"product_id": self.ac.id, "lot_id": self.lot1.id}),
                    Command.create(
                        {
                            "product_id": other.id,
                            "quantity": 10,
                            "defective_qty": 4,
                            "defect": "Cracked <case>",
                        }
                    ),
                ],
            }
        )
        Feedback = self.env["aftersales.quality.feedback"]
        action = Feedback.action_create_from_complaints(complaint.ids)
        feedbacks = Feedback.search(action["domain"])
        self.assertEqual(
            sorted((f.product_id.name, f.lot_id.name or "", f.quantity) for f in feedbacks),
            sorted([(self.ac.name, self.lot1.name, 1), ("QF Remote", "", 4)]),
        )
        remote = feedbacks.filtered(lambda f: f.product_id == other)
        self.assertIn("Cracked &lt;case&gt;", remote.description)
        Feedback.action_create_from_complaints(complaint.ids)
        self.assertEqual(Feedback.search_count([("complaint_id", "=", complaint.id)]), 2)

    def test_monthly_fault_statistics_by_product_fault_and_lot(self):
        """QF-A06: monthly quality report by product, fault and lot."""
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "product_id": self.ac.id, "time_spent": 2.5}
        )
        self._feedback(self.ac, self.leak, self.lot1, qty=2, service_request_id=request.id)
        self._feedback(self.ac, self.leak, self.lot2)
        self._feedback(self.ac, self.pcb, self.lot1)
        self._feedback(self.purifier, self.filter_clog)
        self._feedback(self.ac, self.leak, self.lot1, day=date(2026, 9, 30))  # other month
        self._feedback(self.ac, self.leak, self.lot2).action_cancel()
        Feedback = self.env["aftersales.quality.feedback"]
        rows = Feedback._fault_statistics(
            date(2026, 10, 1), date(2026, 10, 31), groupby=("product_id", "fault_code_id")
        )
        by_key = {(r["product_id"], r["fault_code_id"]): (r["count"], r["quantity"]) for r in rows}
        self.assertEqual(by_key[(self.ac, self.leak)], (2, 3))
        leak_row = next(r for r in rows if r["fault_code_id"] == self.leak)
        self.assertEqual(leak_row["hours"], 2.5)
        self.assertEqual(by_key[(self.ac, self.pcb)], (1, 1))
        self.assertEqual(by_key[(self.purifier, self.filter_clog)], (1, 1))
        wizard_form = Form(self.env["aftersales.quality.feedback.report.wizard"])
        wizard_form.date_from = date(2026, 10, 1)
        wizard_form.date_to = date(2026, 10, 31)
        wizard = wizard_form.save()
        data = wizard._report_data()
        self.assertEqual([p["product"] for p in data], [self.ac, self.purifier])
        self.assertEqual(data[0]["count"], 4)
        leak = data[0]["faults"][0]
        self.assertEqual((leak["fault"], leak["count"], leak["hours"]), (self.leak, 3, 2.5))
        self.assertEqual(sorted(leak["lots"]), ["QF-LOT-1", "QF-LOT-2"])
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "aftersales_complaint.report_aftersales_quality_monthly", wizard.ids
            )[0]
            .decode()
        )
        self.assertIn("Refrigerant leak", html)
        self.assertIn("QF-LOT-2", html)

    def test_reporter_sees_own_feedback_only(self):
        mine = self._feedback(self.ac, self.leak, user_id=self.reporter.id)
        theirs = self._feedback(self.ac, self.pcb, user_id=self.other.id, quality_user_id=False)
        found = self.env["aftersales.quality.feedback"].with_user(self.reporter).search([])
        self.assertIn(mine, found)
        self.assertNotIn(theirs, found)
        with self.assertRaises(AccessError):
            theirs.with_user(self.reporter).read(["name"])
        with self.assertRaises(AccessError):
            self.leak.with_user(self.reporter).write({"name": "Changed"})

    def test_onsite_job_with_a_fault_found_feeds_quality_and_the_fault_figures(self):
        """A technician repairs an AC on site (no workshop repair order) and records the
        fault found: the job reports to Quality once and counts in the month's fault
        figures like a workshop repair."""
        technician = new_test_user(
            self.env, login="qf_tech", groups="aftersales_service.group_aftersales_user_own"
        )
        request = self.env["aftersales.service.request"].create(
            {
                "partner_id": self.customer.id,
                "lot_id": self.lot1.id,
                "technician_id": technician.id,
                "fault_description": "<p>No cooling</p>",
            }
        )
        request.action_dispatch()
        job = request.with_user(technician)
        job.action_start()
        job.write(
            {
                "aftersales_fault_code_id": self.leak.id,
                "work_done": "<p>Flare nut re-made, refrigerant topped up</p>",
                "time_spent": 1.5,
            }
        )
        job.action_done()
        feedback = request.quality_feedback_ids
        self.assertEqual(len(feedback), 1)
        self.assertEqual((feedback.source, feedback.fault_code_id), ("service", self.leak))
        self.assertEqual(feedback.lot_id, self.lot1)
        self.assertIn("Flare nut", feedback.description)
        day = feedback.date
        rows = self.env["aftersales.quality.feedback"]._fault_statistics(
            day.replace(day=1), day, groupby=("product_id", "fault_code_id")
        )
        leak_row = next(
            r for r in rows if r["fault_code_id"] == self.leak and r["product_id"] == self.ac
        )
        self.assertGreaterEqual(leak_row["count"], 1)
        self.assertGreaterEqual(leak_row["hours"], 1.5)
        # done again (reopened and finished): still one feedback
        request._create_onsite_quality_feedback()
        self.assertEqual(len(request.quality_feedback_ids), 1)
        # a job without a fault found reports nothing
        other = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "lot_id": self.lot2.id, "technician_id": technician.id}
        )
        other.action_dispatch()
        other.action_start()
        other.work_done = "<p>Explained the remote control</p>"
        other.action_done()
        self.assertFalse(other.quality_feedback_ids)
