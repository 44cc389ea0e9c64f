"""The After-Sales Overview counts what its user may see, and each figure opens its records."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .common import AftersalesCase

NOW = "2026-03-18 10:00:00"


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestOverview(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a company of its own, so that no other data counts
        cls.company = cls.env["res.company"].create({"name": "Overview Test Co"})
        cls.company.aftersales_calendar_id = cls.calendar.copy({"company_id": cls.company.id})

        def user(login, group):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"aftersales_service.group_aftersales_{group}",
                company_id=cls.company.id,
                company_ids=[(6, 0, cls.company.ids)],
            )

        cls.manager = user("ov_manager", "manager")
        cls.desk = user("ov_desk", "user_all")
        cls.technician = user("ov_tech", "user_own")
        cls.technician2 = user("ov_tech2", "user_own")
        Request = cls.env["aftersales.service.request"].with_company(cls.company)
        cls.lot_a = cls._lot("OV-A-0001", company_id=cls.company.id)
        cls.lot_b = cls._lot("OV-B-0001", company_id=cls.company.id)

        def request(technician, registered, **vals):
            # a fixture: the jobs as their steps would have left them (states, dates, flags)
            with frozen_steps():
                return Request.create(
                    {
                        "company_id": cls.company.id,
                        "partner_id": cls.customer.id,
                        "product_id": cls.product.id,
                        "technician_id": technician.id,
                        "date_request": registered,
                        **vals,
                    }
                )

        # today: one of each technician, the second one overdue
        cls.today_own = request(cls.technician, "2026-03-18 08:00:00")
        cls.today_other = request(cls.technician2, "2026-03-18 09:00:00")
        with frozen_steps():
            cls.today_other._mark_overdue("Arrival deadline passed (test).")
        cls.old_open = request(cls.technician, "2026-03-10 09:00:00", state="dispatched")
        cls.due_today = request(cls.technician2, "2026-03-16 09:00:00", state="in_progress")
        with frozen_steps():  # a promised time of today (fixture)
            cls.due_today.completion_deadline = datetime(2026, 3, 18, 15, 0)
        # finished repairs: January on time, February late, March on time (free warranty)
        cls.job_jan = request(
            cls.technician,
            "2026-01-08 09:00:00",
            lot_id=cls.lot_a.id,
            state="done",
            date_done="2026-01-10 12:00:00",
        )
        cls.job_feb = request(
            cls.technician2,
            "2026-02-18 09:00:00",
            lot_id=cls.lot_b.id,
            state="closed",
            date_done="2026-02-20 12:00:00",
            is_overdue=True,
        )
        cls.job_mar = request(
            cls.technician2,
            "2026-03-01 09:00:00",
            lot_id=cls.lot_a.id,
            state="done",
            date_done="2026-03-02 12:00:00",
        )
        cls.job_mar.service_class = "C"
        # the unit of February's job needs a repair again 20 days later
        cls.repeat = request(cls.technician2, "2026-03-12 09:00:00", lot_id=cls.lot_b.id)

    def _overview(self, user):
        return self.env["aftersales.overview"].with_user(user).get_overview()

    @staticmethod
    def _cards(overview):
        return {card["key"]: card for section in overview["sections"] for card in section["cards"]}

    def _records(self, user, action):
        return self.env[action["res_model"]].with_user(user).search(action["domain"])

    def test_manager_sees_the_company_figures(self):
        overview = self._overview(self.manager)
        cards = self._cards(overview)
        values = {key: card["value"] for key, card in cards.items()}
        self.assertEqual(values["new_today"], 2)
        # today's two, the dispatched one, the one on site and the repeat repair
        self.assertEqual(values["open"], 5)
        self.assertEqual(values["overdue"], 1)
        self.assertEqual(cards["overdue"]["tone"], "danger")
        self.assertEqual(values["due_today"], 1)
        self.assertEqual(values["repeat_month"], 1)
        self.assertEqual(values["free_month"], 1)
        # three repairs in 90 days, February's needed another repair
        self.assertAlmostEqual(values["first_time_fix"], 2 / 3)
        self.assertEqual(overview["currency_id"], self.company.currency_id.id)
        self.assertEqual(overview["company"]["id"], self.company.id)

    def test_each_card_opens_the_records_it_counts(self):
        cards = self._cards(self._overview(self.manager))
        expected = {
            "new_today": self.today_own | self.today_other,
            "overdue": self.today_other,
            "due_today": self.due_today,
            "repeat_month": self.repeat,
            "first_time_fix": self.job_feb,
            "free_month": self.job_mar,
        }
        for key, records in expected.items():
            action = cards[key]["action"]
            self.assertEqual(action["type"], "ir.actions.act_window")
            self.assertEqual(action["res_model"], "aftersales.service.request")
            self.assertTrue(action["name"])
            self.assertEqual(self._records(self.manager, action), records, key)
        self.assertEqual(
            cards["open"]["value"], len(self._records(self.manager, cards["open"]["action"]))
        )

    def test_service_level_by_month(self):
        overview = self._overview(self.manager)
        [chart] = [c for s in overview["sections"] for c in s["charts"] if c["key"] == "sla"]
        self.assertEqual(chart["labels"][0], "2025-10-01")
        self.assertEqual(chart["labels"][-1], "2026-03-01")
        on_time, late = chart["datasets"]
        self.assertEqual(on_time["data"], [0, 0, 0, 1, 0, 1])
        self.assertEqual(late["data"], [0, 0, 0, 0, 1, 0])
        self.assertEqual(self._records(self.manager, late["actions"][4]), self.job_feb)
        self.assertEqual(self._records(self.manager, on_time["actions"][5]), self.job_mar)

    def test_technician_sees_only_his_own_figures(self):
        overview = self._overview(self.technician)
        values = {key: card["value"] for key, card in self._cards(overview).items()}
        self.assertEqual(values["new_today"], 1)
        self.assertEqual(values["open"], 2)
        self.assertEqual(values["overdue"], 0)
        self.assertEqual(values["due_today"], 0)
        self.assertEqual(values["repeat_month"], 0)
        self.assertEqual(values["free_month"], 0)
        self.assertEqual(values["first_time_fix"], 1.0)
        [chart] = [c for s in overview["sections"] for c in s["charts"] if c["key"] == "sla"]
        self.assertEqual(chart["datasets"][0]["data"], [0, 0, 0, 1, 0, 0])
        self.assertEqual(chart["datasets"][1]["data"], [0] * 6)
        # the provider ranking is the company's: not shown to own-documents users
        self.assertFalse([t for s in overview["sections"] for t in s["tables"]])

    def test_provider_scores_best_first(self):
        with frozen_steps():
            good, bad = (
                self.env["aftersales.provider"]
                .sudo()
                .create(
                    [
                        {"name": name, "state": "active", "company_id": self.company.id}
                        for name in ("OV Good Provider", "OV Late Provider")
                    ]
                )
                .partner_id
            )
        self.job_mar.provider_id = good
        self.job_feb.provider_id = bad
        # February's job finished after its promised time, March's before
        with frozen_steps():  # fixtures
            self.job_feb.completion_deadline = datetime(2026, 2, 19)
            self.job_mar.completion_deadline = datetime(2026, 3, 5)
        overview = self._overview(self.desk)
        [table] = [t for s in overview["sections"] for t in s["tables"]]
        rows = table["rows"]
        self.assertEqual([row["name"] for row in rows], [good.name, bad.name])
        self.assertEqual(rows[0]["values"][:2], [1, 1.0])
        self.assertEqual(rows[1]["values"][:2], [1, 0.0])
        self.assertEqual(self._records(self.desk, rows[0]["action"]), self.job_mar)

    def test_portal_user_is_refused(self):
        portal = new_test_user(self.env, login="ov_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self._overview(portal)
        internal = new_test_user(self.env, login="ov_plain", groups="base.group_user")
        with self.assertRaises(AccessError):
            self._overview(internal)
