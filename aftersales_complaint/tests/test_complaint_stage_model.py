from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common_complaint import ComplaintCase

CODES = [
    "registered",
    "quality",
    "manufacturing",
    "rd",
    "sales",
    "consolidation",
    "to_approve",
    "approved",
    "closed",
    "reopened",
    "cancelled",
]


@tagged("post_install", "-at_install")
class TestComplaintStageModel(ComplaintCase):
    """The stages of the handling form are records the after-sales manager edits: name,
    order, what the stage needs, and which units the company skips."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="cp_stage_mgr",
            groups="aftersales_complaint.group_complaint_manager",
            name="Complaint Manager",
            tz="UTC",
        )
        cls.desk = new_test_user(
            cls.env,
            login="cp_stage_desk",
            groups="aftersales_service.group_aftersales_user_own",
            name="Service Desk",
            tz="UTC",
        )
        cls.Stage = cls.env["aftersales.complaint.stage"]
        cls.stage_rd = cls.env.ref("aftersales_complaint.complaint_stage_rd")
        cls.stage_quality = cls.env.ref("aftersales_complaint.complaint_stage_quality")

    def _edit(self, stage, user, **vals):
        with Form(stage.with_user(user)) as form:
            for fname, value in vals.items():
                setattr(form, fname, value)
        return stage

    def test_shipped_stages_in_the_order_of_the_procedure(self):
        stages = self.Stage.with_context(active_test=False).search([])
        self.assertEqual(stages.mapped("code"), CODES)
        self.assertTrue(all(stages.mapped("active")))
        self.assertEqual(stages.filtered("fold").mapped("code"), ["reopened", "cancelled"])
        self.assertEqual(self.stage_quality.unit, "Quality")
        self.assertEqual(self.stage_quality.work_fields, "Root Cause")
        self.assertIn("root cause", self.stage_quality.description)
        # the stage's target is its service level policy, not a copy of it
        self.assertEqual(
            self.stage_quality.sla_policy_ids,
            self.env.ref("aftersales_complaint.sla_complaint_stage_quality"),
        )
        sales = self.env.ref("aftersales_complaint.complaint_stage_sales")
        self.assertEqual(len(sales.sla_policy_ids), 2, "domestic and foreign targets")
        action = sales.action_open_sla_policies()
        self.assertEqual(action["res_model"], "aftersales.sla.policy")
        self.assertEqual(action["domain"], [("id", "in", sales.sla_policy_ids.ids)])

    def test_stage_follows_the_state(self):
        complaint = self._complaint()
        self.assertEqual(complaint.stage_id.code, "registered")
        complaint.action_next_stage()
        self.assertEqual(complaint.stage_id, self.stage_quality)
        self.assertEqual(complaint.stage_description, self.stage_quality.description)
        complaint.action_cancel()
        self.assertEqual(
            complaint.stage_id, self.env.ref("aftersales_complaint.complaint_stage_cancelled")
        )
        self.assertEqual(
            self.env["aftersales.complaint"].search_count(
                [("id", "=", complaint.id), ("stage_id.code", "=", "cancelled")]
            ),
            1,
            "stored: searchable and grouped by",
        )

    def test_manager_renames_a_stage_and_the_complaint_shows_it(self):
        self._edit(
            self.stage_quality,
            self.manager,
            name="Quality Lab",
            description="Quality lab: write the root cause.",
        )
        complaint = self._complaint()
        complaint.action_next_stage()
        self.assertEqual(complaint.stage_id.name, "Quality Lab")
        self.assertEqual(complaint.stage_description, "Quality lab: write the root cause.")
        self.assertEqual(complaint.stage_log_ids[-1].stage, "Quality Lab")
        report = self.env.ref("aftersales_complaint.action_report_complaint_form")
        html = report._render_qweb_html(report.report_name, complaint.ids)[0].decode()
        self.assertIn("Quality Lab", html, "the printed tracking sheet names the stage")
        overview = self.env["aftersales.overview"]._overview_stage_chart(
            [("id", "=", complaint.id)]
        )
        self.assertIn("Quality Lab", str(overview))

    def test_archived_rd_stage_is_skipped_by_pass_on_and_by_itself(self):
        self._edit(self.stage_rd, self.manager, active=False)
        self.assertFalse(self.stage_rd.active)
        # by itself: recording Manufacturing's analysis passes the form on to Sales
        complaint = self._complaint()
        complaint.action_next_stage()
        complaint.write({"root_cause": "<p>Coating too thin</p>"})
        self.assertEqual(complaint.state, "manufacturing")
        complaint.write({"manufacturing_note": "<p>Oven at 160 °C instead of 180 °C</p>"})
        self.assertEqual(complaint.state, "sales")
        # by hand: Manufacturing with nothing to add passes on to Sales
        other = self._complaint()
        other.action_next_stage()
        other.write({"root_cause": "<p>Coating too thin</p>"})
        other.action_next_stage()
        self.assertEqual(other.state, "sales")
        self.assertEqual(
            other.stage_log_ids.stage_id.mapped("code"),
            ["registered", "quality", "manufacturing", "sales"],
        )
        # the kanban has no column for the skipped stage
        groups = self.env["aftersales.complaint"].web_read_group(
            [("id", "=", complaint.id)], ["state"], ["stage_id"]
        )["groups"]
        self.assertNotIn(self.stage_rd.id, [g["stage_id"][0] for g in groups if g["stage_id"]])

    def test_archived_quality_stage_sends_the_registration_on(self):
        self._edit(self.stage_quality, self.manager, active=False)
        quality_class = self._complaint()
        quality_class.action_next_stage()
        self.assertEqual(quality_class.state, "manufacturing")
        other = self._complaint(complaint_class="other")
        other.action_next_stage()
        self.assertEqual(other.state, "sales", "an other complaint still skips the factory")

    def test_registration_and_decision_stages_cannot_be_archived(self):
        for xmlid in ("registered", "consolidation", "to_approve", "closed"):
            stage = self.env.ref(f"aftersales_complaint.complaint_stage_{xmlid}")
            with self.assertRaisesRegex(ValidationError, "cannot be archived"):
                stage.with_user(self.manager).active = False
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.stage_rd.with_user(self.manager).unlink()

    def test_complaint_and_desk_users_cannot_edit_stages(self):
        for user in (self.user_own, self.user_all, self.desk):
            self.assertEqual(self.stage_rd.with_user(user).name, "R&D Review")
            with self.assertRaises(AccessError):
                self.stage_rd.with_user(user).write({"name": "Engineering"})
        with self.assertRaises(AccessError):
            self.Stage.with_user(self.user_all).create({"name": "Extra", "code": "rd"})

    def test_kanban_shows_every_active_stage_in_order(self):
        self.stage_rd.with_user(self.manager).sequence = 25  # R&D before Manufacturing
        complaint = self._complaint()
        groups = self.env["aftersales.complaint"].web_read_group(
            [("id", "=", complaint.id)], ["state"], ["stage_id"]
        )["groups"]
        codes = self.Stage.browse([g["stage_id"][0] for g in groups]).mapped("code")
        self.assertEqual(
            codes,
            ["registered", "quality", "rd", "manufacturing", *CODES[4:]],
            "empty stages too, in the managers' order",
        )
        # the route follows the order too: Quality hands over to R&D first
        complaint.action_next_stage()
        complaint.write({"root_cause": "<p>Coating too thin</p>"})
        self.assertEqual(complaint.state, "rd")
        complaint.action_next_stage()
        self.assertEqual(complaint.state, "manufacturing")
        complaint.action_next_stage()
        self.assertEqual(complaint.state, "sales")
