# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A provider on the portal accepts or declines a job, agrees the visit and reports the old
parts it ships back; nobody else can."""

from datetime import date, datetime, time, timedelta

from lxml import html

from odoo.tests import tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .portal_common import AftersalesPortalCase


@tagged("post_install", "-at_install")
class TestProviderAnswersOnThePortal(AftersalesPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_provider.tz = "Asia/Shanghai"

    def _post(self, url, **data):
        page = html.fromstring(self.url_open(f"/my/provider/jobs/{self.job.id}").text)
        token = page.xpath("//input[@name='csrf_token']/@value")
        data["csrf_token"] = token[0] if token else ""
        return self.url_open(url, data=data)

    def test_accept_then_book_the_visit(self):
        self.assertEqual(self.job.provider_acceptance, "pending")
        self.authenticate("as_portal_provider", "as_portal_provider")
        page = self.url_open(f"/my/provider/jobs/{self.job.id}").text
        self.assertIn("o_aftersales_accept_job", page)
        first, second = (date.today() + timedelta(days=n) for n in (3, 4))
        # not accepted yet: no visit is booked (it would move the arrival target)
        response = self._post(
            f"/my/provider/jobs/{self.job.id}/appointment",
            day=str(first),
            time_from="14:00",
            time_to="16:00",
        )
        self.assertIn("form_error=appointment", response.url)
        self.assertFalse(self.job.appointment_start)
        response = self._post(f"/my/provider/jobs/{self.job.id}/accept")
        self.assertIn("message=accepted", response.url)
        self.assertEqual(self.job.provider_acceptance, "accepted")
        # 14:00-16:00 in Shanghai is 06:00-08:00 UTC; the arrival target follows the visit
        response = self._post(
            f"/my/provider/jobs/{self.job.id}/appointment",
            day=str(first),
            time_from="14:00",
            time_to="16:00",
        )
        self.assertIn("message=booked", response.url)
        self.assertEqual(self.job.appointment_start, datetime.combine(first, time(6, 0)))
        self.assertEqual(self.job.arrival_deadline, datetime.combine(first, time(8, 0)))
        self.assertEqual(self.job.appointment_changes, 0)
        self._post(
            f"/my/provider/jobs/{self.job.id}/appointment",
            day=str(second),
            time_from="09:00",
            time_to="10:00",
        )
        self.assertEqual(self.job.appointment_changes, 1, "a rebooking is counted")
        for day, start, end in ((second, "11:00", "10:00"), ("1999-01-05", "09:00", "10:00")):
            response = self._post(
                f"/my/provider/jobs/{self.job.id}/appointment",
                day=str(day),
                time_from=start,
                time_to=end,
            )
            self.assertIn("form_error=appointment", response.url)
        self.assertEqual(self.job.appointment_end, datetime.combine(second, time(2, 0)))

    def test_decline_returns_the_job_to_the_desk(self):
        self.authenticate("as_portal_provider", "as_portal_provider")
        response = self._post(f"/my/provider/jobs/{self.job.id}/decline", reason="  ")
        self.assertIn("form_error=reason", response.url)
        self.assertEqual(self.job.state, "dispatched")
        response = self._post(
            f"/my/provider/jobs/{self.job.id}/decline", reason="No technician free this week"
        )
        self.assertEqual(self.job.state, "new")
        self.assertEqual(self.job.provider_acceptance, "declined")
        self.assertFalse(self.job.provider_id)
        self.assertIn("No technician free", self.job.provider_decline_reason)
        self.assertTrue(
            self.job.activity_ids.filtered(lambda a: "declined" in (a.summary or "")),
            "the desk is told to dispatch it again",
        )
        # no longer the provider's job
        self.assertEqual(
            self.url_open(f"/my/provider/jobs/{self.job.id}").url.split("?")[0][-3:], "/my"
        )

    def test_only_the_dispatched_provider_answers(self):
        self.authenticate("as_portal_a", "as_portal_a")
        self._post(f"/my/provider/jobs/{self.job.id}/accept")
        self._post(f"/my/provider/jobs/{self.job.id}/decline", reason="not mine")
        self.assertEqual(self.job.provider_acceptance, "pending")
        self.assertEqual(self.job.provider_id, self.provider)

    def test_old_part_shipped_back_is_reported(self):
        Part = self.env["aftersales.old.part.return"]
        part = Part.create(
            {
                "request_id": self.job.id,
                "provider_id": self.provider.id,
                "product_id": self.product.id,
                "date_due": date(2026, 12, 31),
            }
        )
        other = Part.create(
            {
                "request_id": self.request_a.id,
                "provider_id": self.provider.id,
                "product_id": self.product.id,
                "date_due": date(2026, 12, 31),
            }
        )
        self.authenticate("as_portal_provider", "as_portal_provider")
        page = self.url_open(f"/my/provider/jobs/{self.job.id}").text
        self.assertIn("o_aftersales_ship_part", page)
        self.assertNotIn("badge text-bg-danger", page)
        # past its due date the provider sees it overdue (its settlement deducts it)
        with frozen_steps():
            part.write({"date_due": date(2020, 1, 1), "is_late": True})
        page = self.url_open(f"/my/provider/jobs/{self.job.id}").text
        self.assertIn("badge text-bg-danger", page)
        response = self._post(
            f"/my/provider/jobs/{self.job.id}/old_parts/{part.id}/shipped",
            carrier="SF Express",
            tracking_ref="",
        )
        self.assertIn("form_error=old_part", response.url)
        self.assertFalse(part.date_shipped)
        self._post(
            f"/my/provider/jobs/{self.job.id}/old_parts/{part.id}/shipped",
            carrier="SF Express",
            tracking_ref="SF1234567890",
        )
        self.assertEqual((part.carrier, part.tracking_ref), ("SF Express", "SF1234567890"))
        self.assertTrue(part.date_shipped)
        # a part of another job through this job's address: refused, nothing written
        self._post(
            f"/my/provider/jobs/{self.job.id}/old_parts/{other.id}/shipped",
            carrier="X",
            tracking_ref="Y",
        )
        self.assertFalse(other.date_shipped)
