# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The portal's self-service flows clicked through on a phone (Chromium at 390x844, touch):
the public warranty lookup, product registration and My Units, the customer's visit,
rebooking and cancelling, the provider's answer, appointment and old part shipped back,
and a return asked on the portal. Each tour is followed by what it must have written."""

from datetime import date, timedelta

import pytz

from odoo import fields
from odoo.tests import new_test_user, tagged

from .portal_common import AftersalesPortalCase
from .test_portal_returns import PortalReturnsCase

SHANGHAI = pytz.timezone("Asia/Shanghai")


def _local(moment):
    return pytz.utc.localize(moment).astimezone(SHANGHAI)


class PhoneTourMixin:
    browser_size = "390x844"
    touch_enabled = True

    def _tour(self, url, tour, login=None):
        self.start_tour(url, tour, login=login, timeout=240)

    def assertVisit(self, record, days_ahead):
        """The visit typed in the tour: 14:00 to 16:00 (Shanghai) ``days_ahead`` days from
        today."""
        start, end = _local(record.appointment_start), _local(record.appointment_end)
        self.assertEqual(start.date(), date.today() + timedelta(days=days_ahead))
        self.assertEqual((start.hour, start.minute, end.hour, end.minute), (14, 0, 16, 0))


@tagged("post_install", "-at_install")
class TestSelfServiceTours(PhoneTourMixin, AftersalesPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.portal_a | cls.portal_provider).write({"tz": "Asia/Shanghai"})

    def test_public_warranty_lookup_shows_the_status(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "aftersales_service.warranty_lookup_limit", 50
        )
        self.lot_a.aftersales_invoice_date = fields.Date.today() - timedelta(days=30)
        self.assertEqual(self.lot_a.aftersales_warranty_state, "in_warranty")
        Lookup = self.env["aftersales.warranty.lookup"].sudo()
        before = Lookup.search_count([])
        self._tour("/warranty", "aftersales_warranty_lookup")
        self.assertEqual(Lookup.search_count([]), before + 1, "one lookup counted")

    def test_registration_verified_then_in_my_units(self):
        unit = self.env["stock.lot"].create({"name": "PSN-NEW-0001", "product_id": self.product.id})
        self._tour("/my/units", "aftersales_unit_register", login="as_portal_a")
        registration = (
            self.env["aftersales.unit.registration"]
            .sudo()
            .search([("serial", "=", "PSN-NEW-0001")])
        )
        self.assertEqual(len(registration), 1)
        self.assertEqual(registration.state, "to_verify")
        self.assertEqual(registration.partner_id, self.contact_a)
        self.assertEqual(registration.product_id, self.product)
        self.assertEqual(registration.purchase_date, fields.Date.today() - timedelta(days=30))
        self.assertEqual(registration.seller, "Foshan Appliance Mall")
        self.assertEqual(registration.proof_attachment_ids.name, "receipt.png")
        self.assertEqual(registration.proof_attachment_ids.mimetype, "image/png")
        self.assertFalse(unit.aftersales_partner_id, "nothing joins the base before the check")

        desk = new_test_user(
            self.env,
            login="as_tour_desk",
            groups="aftersales_service.group_aftersales_user_all",
        )
        registration.with_user(desk).action_verify()
        self.assertEqual(unit.aftersales_partner_id, self.customer_a)
        self._tour("/my/units", "aftersales_unit_verified", login="as_portal_a")

    def test_request_with_the_visit(self):
        Request = self.env["aftersales.service.request"]
        before = Request.search([])
        self._tour("/my/service_requests/new", "aftersales_customer_visit", login="as_portal_a")
        created = Request.search([]) - before
        self.assertEqual(len(created), 1)
        self.assertEqual(created.channel, "portal")
        self.assertEqual(created.lot_id, self.lot_a)
        self.assertEqual(created.state, "new")
        self.assertIn("No cooling since yesterday", created.fault_description)
        self.assertVisit(created, 3)
        self.assertEqual(created.arrival_deadline, created.appointment_end)

    def test_customer_signs_the_finished_job_on_her_phone(self):
        self.assertFalse(self.request_a_done.customer_confirmed)
        self._tour("/my/service_requests", "aftersales_customer_signs", login="as_portal_a")
        self.assertTrue(self.request_a_done.customer_confirmed)
        self.assertEqual(self.request_a_done.signed_by, "Alice Baker")

    def test_move_then_cancel_before_dispatch(self):
        self._tour(
            f"/my/service_requests/{self.request_a.id}",
            "aftersales_customer_rebook_cancel",
            login="as_portal_a",
        )
        self.assertVisit(self.request_a, 4)
        self.assertEqual(self.request_a.state, "cancelled")
        self.assertTrue(
            any("breaker was off" in (m.body or "") for m in self.request_a.message_ids),
            "the reason is in the chatter for the desk",
        )

    def test_provider_accepts_and_books_the_visit(self):
        self.assertEqual(self.job.provider_acceptance, "pending")
        self._tour(
            "/my/provider/jobs", "aftersales_provider_accept_book", login="as_portal_provider"
        )
        self.assertEqual(self.job.provider_acceptance, "accepted")
        self.assertEqual(self.job.state, "dispatched")
        self.assertVisit(self.job, 2)
        self.assertEqual(self.job.arrival_deadline, self.job.appointment_end)

    def test_provider_declines_the_job(self):
        self._tour("/my/provider/jobs", "aftersales_provider_decline", login="as_portal_provider")
        self.assertEqual(self.job.state, "new")
        self.assertEqual(self.job.provider_acceptance, "declined")
        self.assertFalse(self.job.provider_id)
        self.assertIn("No technician free", self.job.provider_decline_reason)

    def test_provider_reports_the_old_part_shipped(self):
        part = self.env["aftersales.old.part.return"].create(
            {
                "request_id": self.job.id,
                "provider_id": self.provider.id,
                "product_id": self.product.id,
                "date_due": fields.Date.today() + timedelta(days=20),
            }
        )
        self._tour("/my/provider/jobs", "aftersales_provider_old_part", login="as_portal_provider")
        self.assertEqual((part.carrier, part.tracking_ref), ("SF Express", "SF1234567890"))
        self.assertTrue(part.date_shipped)


@tagged("post_install", "-at_install")
class TestReturnTour(PhoneTourMixin, PortalReturnsCase):
    def test_return_asked_on_the_phone_awaits_approval(self):
        Return = self.env["aftersales.return"]
        before = Return.search([])
        self._tour("/my/returns/new", "aftersales_portal_return", login="as_portal_a")
        case = Return.search([]) - before
        self.assertEqual(len(case), 1)
        self.assertEqual(case.state, "to_approve")
        self.assertEqual(case.channel, "portal")
        self.assertEqual(case.kind, "refund")
        self.assertEqual(case.partner_id, self.customer_a)
        self.assertEqual(case.reason_id, self.reason)
        self.assertEqual(case.line_ids.lot_id, self.lot_a)
        self.assertEqual(case.picking_id, self.delivery_a)
        self.assertIn("leaks water", case.description)
        photos = self.env["ir.attachment"].search(
            [("res_model", "=", "aftersales.return"), ("res_id", "=", case.id)]
        )
        self.assertEqual(photos.mapped("name"), ["label.png"])
        self.assertEqual(photos.mimetype, "image/png")
