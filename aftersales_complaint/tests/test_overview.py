"""The complaint figures of the After-Sales Overview, counted as the user who opens it."""

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps


@freeze_time("2026-03-18 10:00:00")
@tagged("post_install", "-at_install")
class TestComplaintOverview(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # a company of its own, so that no other data counts
        cls.company = cls.env["res.company"].create({"name": "Complaint Overview Co"})
        cls.company.resource_calendar_id.tz = "UTC"
        cls.company.partner_id.tz = "UTC"

        def user(login, groups):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=cls.company.id,
                company_ids=[(6, 0, cls.company.ids)],
                tz="UTC",
            )

        cls.manager = user(
            "cov_manager",
            "aftersales_complaint.group_complaint_manager,"
            "aftersales_service.group_aftersales_user_all",
        )
        cls.handler = user("cov_handler", "aftersales_complaint.group_complaint_user_own")
        cls.handler2 = user("cov_handler2", "aftersales_complaint.group_complaint_user_own")
        cls.customer = cls.env["res.partner"].create({"name": "Overview Complaining Customer"})
        Complaint = cls.env["aftersales.complaint"].with_company(cls.company)

        def complaint(handler, registered):
            return Complaint.create(
                {
                    "company_id": cls.company.id,
                    "partner_id": cls.customer.id,
                    "user_id": handler.id,
                    "customer_demand": "Replace the unit",
                    "date_registered": registered,
                }
            )

        # open for 1, 10 and 17 days; one cancelled: three complaints registered in March
        cls.fresh = complaint(cls.handler, "2026-03-17 09:00:00")
        cls.middle = complaint(cls.handler2, "2026-03-08 09:00:00")
        cls.old = complaint(cls.handler2, "2026-03-01 09:00:00")
        cls.cancelled = complaint(cls.handler2, "2026-03-02 09:00:00")
        cls.middle.action_next_stage()
        with frozen_steps():  # what the deadline sweep records
            cls.old.is_overdue = True
        cls.cancelled.action_cancel()
        # eight service calls in March: a complaint rate of 37.5 %
        cls.env["aftersales.service.request"].with_company(cls.company).create(
            [
                {
                    "company_id": cls.company.id,
                    "partner_id": cls.customer.id,
                    "date_request": f"2026-03-{day:02d} 09:00:00",
                }
                for day in range(1, 9)
            ]
        )
        cls.visit = (
            cls.env["aftersales.return.visit"]
            .with_company(cls.company)
            .create(
                {
                    "company_id": cls.company.id,
                    "partner_id": cls.customer.id,
                    "user_id": cls.handler.id,
                    "date_planned": "2026-03-10",
                    "date_deadline": "2026-03-15",
                }
            )
        )

    def _cards(self, user):
        overview = self.env["aftersales.overview"].with_user(user).get_overview()
        [section] = [s for s in overview["sections"] if s["key"] == "complaints"]
        return section, {card["key"]: card for card in section["cards"]}

    def _records(self, user, action):
        return self.env[action["res_model"]].with_user(user).search(action["domain"])

    def test_manager_sees_rate_ages_and_visits(self):
        section, cards = self._cards(self.manager)
        self.assertAlmostEqual(cards["rate_month"]["value"], 3 / 8)
        self.assertEqual(cards["rate_month"]["tone"], "danger")
        self.assertEqual(
            self._records(self.manager, cards["rate_month"]["action"]),
            self.fresh | self.middle | self.old,
        )
        # no service call in February: no rate
        self.assertIsNone(cards["rate_last_month"]["value"])
        ages = {key: cards[f"complaints_age_{key}"] for key in ("0_7", "8_13", "14")}
        self.assertEqual([card["value"] for card in ages.values()], [1, 1, 1])
        self.assertEqual(self._records(self.manager, ages["0_7"]["action"]), self.fresh)
        self.assertEqual(self._records(self.manager, ages["8_13"]["action"]), self.middle)
        self.assertEqual(self._records(self.manager, ages["14"]["action"]), self.old)
        self.assertEqual(ages["14"]["tone"], "danger")
        self.assertEqual(cards["complaints_overdue"]["value"], 1)
        self.assertEqual(cards["visits_overdue"]["value"], 1)
        self.assertEqual(self._records(self.manager, cards["visits_overdue"]["action"]), self.visit)
        [chart] = section["charts"]
        stages = dict(zip(chart["labels"], chart["datasets"][0]["data"], strict=True))
        self.assertEqual(stages["Registered (GM Office)"], 2)
        self.assertEqual(stages["Quality Investigation"], 1)
        self.assertNotIn("Cancelled", stages)
        quality = chart["datasets"][0]["actions"][chart["labels"].index("Quality Investigation")]
        self.assertEqual(self._records(self.manager, quality), self.middle)

    def test_handler_sees_only_own_complaints(self):
        __, cards = self._cards(self.handler)
        ages = [cards[f"complaints_age_{key}"]["value"] for key in ("0_7", "8_13", "14")]
        self.assertEqual(ages, [1, 0, 0])
        self.assertEqual(cards["complaints_overdue"]["value"], 0)
        self.assertEqual(cards["visits_overdue"]["value"], 1)
        # his complaint, but none of the service calls are his: no rate
        self.assertIsNone(cards["rate_month"]["value"])
        __, cards = self._cards(self.handler2)
        ages = [cards[f"complaints_age_{key}"]["value"] for key in ("0_7", "8_13", "14")]
        self.assertEqual(ages, [0, 1, 1])
        self.assertEqual(cards["visits_overdue"]["value"], 0)

    def test_service_only_user_gets_no_complaint_section(self):
        user = new_test_user(
            self.env,
            login="cov_service_only",
            groups="aftersales_service.group_aftersales_user_all",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        overview = self.env["aftersales.overview"].with_user(user).get_overview()
        self.assertEqual([s["key"] for s in overview["sections"]], ["requests", "quality"])
