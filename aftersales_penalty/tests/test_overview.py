# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The penalty figures of the After-Sales Overview, counted as the user who opens it."""

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


@freeze_time("2026-03-18 10:00:00")
@tagged("post_install", "-at_install")
class TestPenaltyOverview(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # a company of its own, so that no other entry counts
        cls.company = cls.env["res.company"].create({"name": "Penalty Overview Co"})

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=cls.company.id,
                company_ids=[(6, 0, cls.company.ids)],
            )

        cls.gm = user("pov_gm", "aftersales_penalty.group_penalty_gm")
        cls.clerk = user("pov_clerk", "aftersales_penalty.group_penalty_user_all")
        cls.tech = user("pov_tech", "aftersales_penalty.group_penalty_user_own")
        Employee = cls.env["hr.employee"].with_company(cls.company)
        cls.emp_tech = Employee.create(
            {"name": "POV Technician", "company_id": cls.company.id, "user_id": cls.tech.id}
        )
        cls.emp_other = Employee.create({"name": "POV Other", "company_id": cls.company.id})
        Rule = cls.env["aftersales.penalty.rule"].with_company(cls.company)
        cls.rule_penalty = Rule.create(
            {
                "name": "No work card",
                "code": "POV-P",
                "kind": "occurrence",
                "target": "any",
                "amount": 30,
                "company_id": cls.company.id,
            }
        )
        cls.rule_reward = Rule.create(
            {
                "name": "Adopted suggestion",
                "code": "POV-R",
                "kind": "occurrence",
                "direction": "reward",
                "amount": 100,
                "company_id": cls.company.id,
            }
        )
        Entry = cls.env["aftersales.penalty.entry"].with_user(cls.clerk)

        def entry(rule, employee, qty=1.0, day="2026-03-10"):
            return Entry.create(
                {
                    "rule_id": rule.id,
                    "target_type": "employee",
                    "employee_id": employee.id,
                    "quantity": qty,
                    "date": day,
                    "reason": "Found on inspection",
                }
            )

        cls.draft_tech = entry(cls.rule_penalty, cls.emp_tech)
        cls.draft_other = entry(cls.rule_penalty, cls.emp_other, qty=2)
        approved = (
            entry(cls.rule_penalty, cls.emp_tech, qty=3)
            | entry(cls.rule_reward, cls.emp_other)
            | entry(cls.rule_penalty, cls.emp_tech, day="2026-02-20")
        )
        cls.reversed = entry(cls.rule_penalty, cls.emp_other)
        (approved | cls.reversed).with_user(cls.gm).action_approve()
        cls.reversed.with_user(cls.gm).action_reverse()

    def _cards(self, user):
        overview = self.env["aftersales.overview"].with_user(user).get_overview()
        [section] = [s for s in overview["sections"] if s["key"] == "penalties"]
        return {card["key"]: card for card in section["cards"]}

    def test_office_sees_drafts_and_month_totals(self):
        cards = self._cards(self.clerk)
        self.assertEqual(cards["penalties_draft"]["value"], 2)
        self.assertEqual(cards["penalties_draft"]["tone"], "warning")
        action = cards["penalties_draft"]["action"]
        self.assertEqual(
            self.env[action["res_model"]].with_user(self.clerk).search(action["domain"]),
            self.draft_tech | self.draft_other,
        )
        # 3 x 30 this month; the reversed 30 and its reversal cancel out; February's not
        self.assertEqual(cards["penalties_month"]["value"], 90)
        self.assertEqual(cards["penalties_month"]["kind"], "monetary")
        self.assertEqual(cards["rewards_month"]["value"], 100)

    def test_own_user_sees_only_own_entries(self):
        cards = self._cards(self.tech)
        self.assertEqual(cards["penalties_draft"]["value"], 1)
        self.assertEqual(cards["penalties_month"]["value"], 90)
        self.assertEqual(cards["rewards_month"]["value"], 0)

    def test_user_without_penalty_rights_gets_no_penalty_section(self):
        user = new_test_user(
            self.env,
            login="pov_service",
            groups="aftersales_service.group_aftersales_user_all",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        overview = self.env["aftersales.overview"].with_user(user).get_overview()
        self.assertNotIn("penalties", [s["key"] for s in overview["sections"]])
