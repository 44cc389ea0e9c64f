from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common_complaint import FULL_ROUTE, ComplaintCase


@tagged("post_install", "-at_install")
class TestComplaintStageWork(ComplaintCase):
    """A stage whose work is recorded passes the handling form on by itself."""

    def _at(self, stage, **vals):
        """A complaint passed on by hand up to ``stage`` (no work recorded on the way
        beyond what ``vals`` gives at creation)."""
        complaint = self._complaint(**vals)
        while complaint.state != stage:
            complaint.action_next_stage()
        return complaint

    def _auto_notes(self, complaint):
        return complaint.message_ids.filtered(lambda m: "Passed on by itself" in (m.body or ""))

    def test_root_cause_moves_quality_exactly_one_step(self):
        complaint = self._complaint()
        complaint.action_next_stage()
        self.assertEqual(complaint.state, "quality")
        complaint.write({"root_cause": "<p>Coating too thin</p>"})
        self.assertEqual(complaint.state, "manufacturing", "one step, not past Manufacturing")
        self.assertTrue(complaint.date_quality_report)
        quality_log = complaint.stage_log_ids.filtered(
            lambda log: log.stage == "Quality Investigation"
        )
        self.assertTrue(quality_log.date_end, "logged like a pass-on by hand")
        self.assertEqual(quality_log.user_id, self.env.user)
        self.assertEqual(complaint.stage_log_ids[-1].stage, "Manufacturing Analysis")
        self.assertEqual(len(self._auto_notes(complaint)), 1)

    def test_missing_work_keeps_the_stage(self):
        complaint = self._at("quality")
        # an editor emptied by hand records no root cause
        complaint.write({"root_cause": "<p><br></p>", "loss_amount": 10.0})
        self.assertEqual(complaint.state, "quality")
        self.assertFalse(complaint.root_cause)
        self.assertFalse(self._auto_notes(complaint))

        sales = self._at("sales", root_cause="<p>x</p>")
        sales.write({"decision_type": "allowance"})
        self.assertEqual(sales.state, "sales", "the negotiation is missing")
        sales.write({"negotiation_result": "<p>10 % allowance agreed</p>"})
        self.assertEqual(sales.state, "sales", "an allowance needs its amount")
        sales.write({"decision_amount": 300.0})
        self.assertEqual(sales.state, "consolidation")

    def test_never_past_the_decisions(self):
        """The registration and the GM office's opinion pass on by their buttons only."""
        registered = self._complaint()
        registered.write({"root_cause": "<p>x</p>", "decision_type": "not_established"})
        self.assertEqual(registered.state, "registered")
        sales = self._at("sales", root_cause="<p>x</p>")
        sales.write(
            {"negotiation_result": "<p>Evidence shown</p>", "decision_type": "not_established"}
        )
        self.assertEqual(sales.state, "consolidation")
        sales.write({"decision_note": "<p>Agreed</p>", "negotiation_result": "<p>Again</p>"})
        self.assertEqual(sales.state, "consolidation")
        self.assertFalse(sales.approval_level_id)

    def test_each_unit_writes_its_part(self):
        complaint = self._at("quality")
        complaint.write({"root_cause": "<p>Loose connector</p>"})
        complaint.write({"manufacturing_note": "<p>Line 2, night shift</p>"})
        self.assertEqual(complaint.state, "rd")
        complaint.write({"rd_note": "<p>Connector redesign</p>"})
        self.assertEqual(complaint.state, "sales")
        # non-quality complaints still skip Manufacturing and R&D
        cause = self.env.ref("aftersales_complaint.cause_wrong_shipment")
        other = self._at("quality", complaint_class="non_quality", cause_id=cause.id)
        other.write({"root_cause": "<p>Wrong picking</p>"})
        self.assertEqual(other.state, "sales")

    def test_work_recorded_ahead_is_passed_through(self):
        """Every stage passed on by itself has its own work recorded and its log line."""
        complaint = self._at("quality")
        complaint.write({"root_cause": "<p>x</p>", "manufacturing_note": "<p>y</p>"})
        self.assertEqual(complaint.state, "rd", "R&D has no opinion yet: it stops there")
        # the form's Pass On goes on through the stages already done
        registered = self._complaint(
            root_cause="<p>x</p>",
            manufacturing_note="<p>y</p>",
            negotiation_result="<p>z</p>",
            decision_type="repair",
        )
        self.assertTrue(registered.pass_on_by_hand)
        registered.with_context(pass_on_recorded=True).action_next_stage()
        self.assertEqual(registered.state, "rd")
        self.assertFalse(registered.pass_on_by_hand, "R&D may still write its opinion")
        registered.with_context(pass_on_recorded=True).action_next_stage()
        self.assertEqual(registered.state, "consolidation")
        self.assertEqual(
            registered.stage_log_ids.mapped("stage"),
            FULL_ROUTE,
        )
        # the API's Pass On stays one step
        one = self._complaint(root_cause="<p>x</p>", manufacturing_note="<p>y</p>")
        one.action_next_stage()
        self.assertEqual(one.state, "quality")
        self.assertTrue(one.pass_on_by_hand, "its work was recorded before it began")

    def test_user_who_may_not_write_cannot_advance(self):
        complaint = self._at("quality", user_id=self.user_own.id)
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_own2).write({"root_cause": "<p>x</p>"})
        with self.assertRaises(AccessError):
            complaint.with_user(self.user_own2).action_next_stage()
        self.assertEqual(complaint.state, "quality")
        portal = self.env["res.users"].create(
            {
                "name": "Complaint Portal",
                "login": "cp_portal",
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        with self.assertRaises(AccessError):
            complaint.with_user(portal).write({"root_cause": "<p>x</p>"})
        self.assertEqual(complaint.state, "quality")
        # the handler who may write passes it on by writing
        complaint.with_user(self.user_own).write({"root_cause": "<p>x</p>"})
        self.assertEqual(complaint.state, "manufacturing")

    def test_form_requires_the_stage_work(self):
        """The form shows what the current stage needs; what the stage's button needs is
        required once its work is begun, never before (other buttons save the form)."""
        complaint = self._at("quality")
        form = Form(complaint)
        form.loss_amount = 5.0
        form.save()  # e.g. before Wait for Customer: the root cause is not asked first
        self.assertEqual(complaint.state, "quality")
        form.root_cause = "<p>Coating too thin</p>"
        form.save()
        self.assertEqual(complaint.state, "manufacturing")

        sales = self._at("sales", root_cause="<p>x</p>")
        Form(sales).save()
        form = Form(sales)
        form.decision_type = "compensation"
        self.assertTrue(form._get_modifier("decision_amount", "required"))
        with self.assertRaises(AssertionError):
            form.save()  # a decision is recorded with its negotiation
        form.negotiation_result = "<p>Compensation of 200 agreed</p>"
        form.decision_amount = 200.0
        form.save()
        self.assertEqual(sales.state, "consolidation")
        form = Form(sales)
        self.assertTrue(form._get_modifier("responsibility_ids", "required"))
        self.assertTrue(form._get_modifier("decision_type", "required"))
