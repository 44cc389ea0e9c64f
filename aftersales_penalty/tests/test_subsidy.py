# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from odoo.tests import Form, tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .common import PenaltyCase

MONTH = date(2026, 5, 1)


@tagged("post_install", "-at_install")
class TestSubsidies(PenaltyCase):
    """Seed 003 第8篇: per-job subsidies, 20 per job from the 7th job of a day, 200 above
    150 jobs a month, the 600 monthly subsidy, 30 / 80 completion-time penalties."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["aftersales.penalty.rule"]
        reward = {"direction": "reward", "target": "employee"}
        cls.rule_job = Rule.create(
            {
                "name": "Installation subsidy",
                "code": "T-RW-JOB",
                "kind": "job_subsidy",
                "request_kind": "installation",
                "amount": 30,
                **reward,
            }
        )
        cls.rule_daily = Rule.create(
            {
                "name": "From the 7th job of the day",
                "code": "T-RW-B5",
                "kind": "daily_extra",
                "threshold": 6,
                "amount": 20,
                **reward,
            }
        )
        cls.rule_volume = Rule.create(
            {
                "name": "More than 150 repairs a month",
                "code": "T-RW-B6",
                "kind": "monthly_volume",
                "request_kind": "repair",
                "threshold": 150,
                "amount": 200,
                **reward,
            }
        )
        cls.rule_monthly = Rule.create(
            {
                "name": "Monthly repair subsidy",
                "code": "T-RW-B7",
                "kind": "monthly_subsidy",
                "request_kind": "repair",
                "amount": 600,
                **reward,
            }
        )
        cls.rule_late24 = Rule.create(
            {
                "name": "Completed after 24 h",
                "code": "T-DS-B17a",
                "kind": "late_completion",
                "threshold": 24,
                "amount": 30,
            }
        )
        cls.rule_late48 = Rule.create(
            {
                "name": "Completed after 48 h",
                "code": "T-DS-B17b",
                "kind": "late_completion",
                "threshold": 48,
                "amount": 80,
            }
        )
        cls.rule_private_job = Rule.create(
            {
                "name": "Private job while company jobs pending",
                "code": "T-PN-B66",
                "kind": "occurrence",
                "amount": 0,
                "revokes_eligibility": True,
            }
        )
        cls.other_tech = cls.env["res.users"].create(
            {"name": "PEN Tech Li", "login": "pen_tech_li"}
        )
        cls.emp_li = cls.env["hr.employee"].create(
            {"name": "PEN Technician Li", "user_id": cls.other_tech.id}
        )

    def _jobs(self, user, kind, done_times, hours=2):
        requests = self.env["aftersales.service.request"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "kind": kind,
                    "technician_id": user.id,
                    "date_request": done - timedelta(hours=hours),
                }
                for done in done_times
            ]
        )
        # a fixture: the jobs done at the given times, as their steps would have left them
        with frozen_steps():
            for request, done in zip(requests, done_times, strict=True):
                request.sudo().write({"state": "done", "date_done": done})
        return requests

    def _generate(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_penalty.aftersales_penalty_subsidy_wizard_action"
        )
        wizard = Form(self.env[action["res_model"]].with_user(self.manager))
        wizard.period = MONTH
        result = wizard.save().action_generate()
        return self.env["aftersales.penalty.entry"].search(result["domain"])

    def _by_rule(self, entries, rule, employee):
        return entries.filtered(lambda e: e.rule_id == rule and e.employee_id == employee)

    def test_rw_b5_from_the_7th_job_of_a_day(self):
        day = datetime(2026, 5, 12, 8, 0)
        self._jobs(self.tech_user, "repair", [day + timedelta(minutes=30 * i) for i in range(9)])
        self._jobs(self.tech_user, "repair", [datetime(2026, 5, 13, 9, 0)] * 6)
        entries = self._generate()
        daily = self._by_rule(entries, self.rule_daily, self.emp_e)
        self.assertEqual(len(daily), 1)
        self.assertEqual(daily.quantity, 3)
        self.assertEqual(daily.amount, 60)
        self.assertEqual(daily.source, "service_request")
        self.assertEqual(daily.state, "draft")

    def test_rw_b5_only_for_a_day_without_complaint_nor_revoked_eligibility(self):
        """The daily bonus needs a clean day: no customer complaint on one of its jobs,
        and no revoked assessment eligibility that month."""
        day = datetime(2026, 5, 12, 1, 0)  # 09:00 in Shanghai
        jobs = self._jobs(
            self.tech_user, "repair", [day + timedelta(minutes=30 * i) for i in range(9)]
        )
        self.env["aftersales.complaint"].create(
            {
                "partner_id": self.customer.id,
                "customer_demand": "The technician left a mess.",
                "service_request_id": jobs[3].id,
            }
        )
        clean = datetime(2026, 5, 14, 1, 0)
        self._jobs(self.tech_user, "repair", [clean + timedelta(minutes=30 * i) for i in range(8)])
        revoked = self._entry(self.rule_private_job, employee=self.emp_li, day=date(2026, 5, 2))
        revoked.with_user(self.gm).action_approve()
        self._jobs(self.other_tech, "repair", [clean + timedelta(minutes=30 * i) for i in range(9)])
        entries = self._generate()
        daily = self._by_rule(entries, self.rule_daily, self.emp_e)
        self.assertEqual(daily.mapped("date"), [date(2026, 5, 14)])
        self.assertEqual(daily.amount, 40)
        self.assertFalse(self._by_rule(entries, self.rule_daily, self.emp_li))

    def test_the_month_is_the_company_month(self):
        """A job done on 1 June at 00:30 in Shanghai (31 May 16:30 UTC) counts in June; one
        done on 1 May at 00:30 there (30 April 16:30 UTC) counts in May."""
        self.assertEqual(self.env.company._aftersales_tz(), "Asia/Shanghai")
        may_first, june_first = self._jobs(
            self.tech_user,
            "installation",
            [datetime(2026, 4, 30, 16, 30), datetime(2026, 5, 31, 16, 30)],
        )
        subsidies = self._by_rule(self._generate(), self.rule_job, self.emp_e)
        self.assertEqual(subsidies.service_request_id, may_first)
        self.assertEqual(subsidies.date, date(2026, 5, 1))

    def test_job_subsidy_per_completed_installation_and_rerun_creates_nothing(self):
        jobs = self._jobs(
            self.tech_user, "installation", [datetime(2026, 5, 3, 10), datetime(2026, 5, 4, 10)]
        )
        self._jobs(self.tech_user, "installation", [datetime(2026, 6, 1, 10)])
        entries = self._generate()
        subsidies = self._by_rule(entries, self.rule_job, self.emp_e)
        self.assertEqual(subsidies.service_request_id, jobs)
        self.assertEqual(sum(subsidies.mapped("amount")), 60)
        self.assertFalse(self._generate())

    def test_rw_b6_b7_monthly_bonus_above_150_jobs_and_monthly_subsidy(self):
        start = datetime(2026, 5, 1, 9)
        self._jobs(self.tech_user, "repair", [start + timedelta(hours=4 * i) for i in range(151)])
        self._jobs(self.other_tech, "repair", [start + timedelta(hours=4 * i) for i in range(150)])
        entries = self._generate()
        self.assertEqual(self._by_rule(entries, self.rule_volume, self.emp_e).amount, 200)
        self.assertFalse(self._by_rule(entries, self.rule_volume, self.emp_li))
        self.assertEqual(self._by_rule(entries, self.rule_monthly, self.emp_li).amount, 600)
        self.assertEqual(
            self._by_rule(entries, self.rule_monthly, self.emp_e).date, date(2026, 5, 31)
        )

    def test_pn_b66_revoked_eligibility_forfeits_the_monthly_subsidy(self):
        entry = self._entry(self.rule_private_job, employee=self.emp_li, day=date(2026, 5, 20))
        entry.with_user(self.gm).action_approve()
        self._jobs(self.other_tech, "repair", [datetime(2026, 5, 6, 10)])
        self._jobs(self.tech_user, "repair", [datetime(2026, 5, 6, 10)])
        entries = self._generate()
        self.assertFalse(self._by_rule(entries, self.rule_monthly, self.emp_li))
        self.assertEqual(self._by_rule(entries, self.rule_monthly, self.emp_e).amount, 600)

    def test_ds_b17_completion_penalty_30_after_24h_80_after_48h(self):
        done = datetime(2026, 5, 10, 10)
        on_time = self._jobs(self.tech_user, "repair", [done], hours=20)
        late = self._jobs(self.tech_user, "repair", [done], hours=25)
        very_late = self._jobs(self.tech_user, "repair", [done], hours=50)
        entries = self._generate()
        penalties = entries.filtered(lambda e: e.kind == "late_completion")
        amounts = {e.service_request_id: e.amount for e in penalties}
        self.assertEqual(amounts, {late: 30, very_late: 80})
        self.assertNotIn(on_time, penalties.service_request_id)
        self.assertTrue(all(e.signed_amount < 0 for e in penalties))

    def test_pn_b57_low_return_visit_score_to_technician_or_provider(self):
        rule = self.env["aftersales.penalty.rule"].create(
            {
                "name": "Dissatisfied return visit",
                "code": "T-PN-B57",
                "kind": "low_survey",
                "target": "any",
                "amount": 100,
            }
        )
        Visit = self.env["aftersales.return.visit"]
        answered = datetime(2026, 5, 15, 11)
        base = {
            "partner_id": self.customer.id,
            "date_planned": date(2026, 5, 14),
            "date_deadline": date(2026, 5, 20),
        }
        low_tech = Visit.create({**base, "technician_id": self.tech_user.id})
        low_provider = Visit.create({**base, "provider_id": self.provider.id})
        satisfied = Visit.create({**base, "technician_id": self.tech_user.id})
        # answered as the survey step would (the test is about the ledger's rule)
        with frozen_steps():
            (low_tech | low_provider | satisfied).sudo().write(
                {"state": "answered", "date_answered": answered}
            )
            # the score is computed from the survey answer; set it as a finished answer would
            (low_tech | low_provider | satisfied).flush_recordset()
            (low_tech | low_provider).sudo().write({"is_low_score": True})
            satisfied.sudo().write({"is_low_score": False})
        entries = self._generate().filtered(lambda e: e.rule_id == rule)
        self.assertEqual(len(entries), 2)
        self.assertEqual(set(entries.mapped("source")), {"survey"})
        self.assertEqual(entries.filtered("employee_id").employee_id, self.emp_e)
        self.assertEqual(entries.filtered("partner_id").partner_id, self.provider)
        self.assertEqual(set(entries.mapped("amount")), {100})
        self.assertFalse(self._generate().filtered(lambda e: e.rule_id == rule))

    def test_ds_b17_approved_extension_is_honoured(self):
        """Finished after 50 hours, but within the extension the supervisor approved: no
        completion penalty; finished after the extension: the penalty of its hours."""
        done = datetime(2026, 5, 10, 10)
        extended, overrun = self._jobs(self.tech_user, "repair", [done], hours=50) | self._jobs(
            self.tech_user, "repair", [done], hours=50
        )
        Extension = self.env["aftersales.service.extension"].sudo()
        for job, new_deadline in ((extended, done), (overrun, done - timedelta(hours=1))):
            extension = Extension.create(
                {
                    "request_id": job.id,
                    "new_deadline": new_deadline,
                    "reason": "Compressor on order, the customer agreed",
                }
            )
            with frozen_steps():  # approved, as the supervisor's button would
                extension.state = "approved"
        entries = self._generate().filtered(lambda e: e.kind == "late_completion")
        self.assertEqual(entries.service_request_id, overrun)
        self.assertEqual(entries.amount, 80)
