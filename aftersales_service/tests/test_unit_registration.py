# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Product registration: the customer registers a unit, the desk verifies or rejects it;
the portal shows the customer's own units only."""

from datetime import date

from lxml import html

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .portal_common import AftersalesPortalCase

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@tagged("post_install", "-at_install")
class TestUnitRegistration(AftersalesPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_unit = cls.env["stock.lot"].create(
            {"name": "PSN-NEW-0001", "product_id": cls.product.id}
        )
        cls.desk = cls.env["res.users"].create(
            {
                "name": "Registration Desk",
                "login": "as_reg_desk",
                "password": "as_reg_desk",
                "groups_id": [
                    (6, 0, [cls.env.ref("aftersales_service.group_aftersales_user_all").id])
                ],
            }
        )

    def _register(self, serial, partner=None, **vals):
        return (
            self.env["aftersales.unit.registration"]
            .with_user(self.desk)
            .create(
                {
                    "partner_id": (partner or self.customer_a).id,
                    "product_id": self.product.id,
                    "serial": serial,
                    "purchase_date": date(2026, 5, 1),
                    **vals,
                }
            )
        )

    # ------------------------------------------------------------------ desk
    def test_verified_unit_joins_the_installed_base_with_its_warranty(self):
        registration = self._register("psn-new-0001", seller="Foshan Appliance Mall")
        self.assertEqual(registration.state, "to_verify")
        registration.action_verify()
        self.assertEqual(registration.state, "verified")
        self.assertEqual(registration.lot_id, self.new_unit)
        self.assertEqual(self.new_unit.aftersales_partner_id, self.customer_a)
        self.assertEqual(self.new_unit.aftersales_invoice_date, date(2026, 5, 1))
        self.assertEqual(registration.verified_by_id, self.desk)
        with self.assertRaises(UserError):
            registration.with_user(self.desk).serial = "PSN-OTHER"

    def test_refused_registrations_write_nothing(self):
        Registration = self.env["aftersales.unit.registration"]
        count = Registration.search_count([])
        with self.assertRaisesRegex(ValidationError, "not a known unit"), self.cr.savepoint():
            self._register("NO-SUCH-SERIAL")
        with self.assertRaisesRegex(ValidationError, "another customer"), self.cr.savepoint():
            self._register("PSN-B-0001")
        with (
            self.assertRaisesRegex(ValidationError, "already in your installed base"),
            self.cr.savepoint(),
        ):
            self._register("PSN-A-0001")
        self._register("PSN-NEW-0001")
        with self.assertRaisesRegex(ValidationError, "already waiting"), self.cr.savepoint():
            self._register("PSN-NEW-0001", partner=self.customer_b)
        with self.assertRaisesRegex(ValidationError, "in the future"), self.cr.savepoint():
            self._register("PSN-NEW-0001", purchase_date=date(2099, 1, 1))
        self.assertEqual(Registration.search_count([]), count + 1)

    def test_rejection_needs_a_reason_the_customer_reads(self):
        registration = self._register("PSN-NEW-0001")
        with self.assertRaisesRegex(UserError, "reason for rejection"):
            registration.action_reject()
        registration.reject_reason = "The receipt is not readable."
        registration.action_reject()
        self.assertEqual(registration.state, "rejected")
        self.assertFalse(self.new_unit.aftersales_partner_id)

    # ------------------------------------------------------------------ portal
    def _csrf(self, url):
        page = html.fromstring(self.url_open(url).text)
        return page.xpath("//input[@name='csrf_token']/@value")[0]

    def test_portal_registration_with_proof_and_errors_next_to_the_field(self):
        self.authenticate("as_portal_a", "as_portal_a")
        data = {
            "csrf_token": self._csrf("/my/units/register"),
            "product_id": str(self.product.id),
            "serial": "PSN-B-0001",  # another customer's unit
            "purchase_date": "2026-05-01",
            "seller": "Foshan Appliance Mall",
        }
        response = self.url_open(
            "/my/units/register", data=data, files={"proof": ("receipt.png", PNG, "image/png")}
        )
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.text)
        [feedback] = page.xpath(
            "//input[@name='serial']/following-sibling::div[@class='invalid-feedback']"
        )
        self.assertIn("another customer", feedback.text_content())
        self.assertEqual(page.xpath("//input[@name='seller']/@value"), ["Foshan Appliance Mall"])
        Registration = self.env["aftersales.unit.registration"].sudo()
        self.assertFalse(Registration.search([("serial", "=ilike", "PSN-B-0001")]))
        self.assertFalse(
            self.env["ir.attachment"].sudo().search([("res_model", "=", Registration._name)])
        )
        data["serial"] = "PSN-NEW-0001"
        response = self.url_open(
            "/my/units/register", data=data, files={"proof": ("receipt.png", PNG, "image/png")}
        )
        self.assertIn("/my/units?message=registered", response.url)
        registration = Registration.search([("serial", "=", "PSN-NEW-0001")])
        self.assertEqual(registration.state, "to_verify")
        self.assertEqual(registration.partner_id, self.portal_a.partner_id)
        self.assertEqual(registration.proof_attachment_ids.name, "receipt.png")
        self.assertIn(self.portal_a.partner_id, registration.message_partner_ids)
        self.assertIn("PSN-NEW-0001", response.text, "the pending registration is listed")
        # without a proof: refused, next to the field
        data["serial"] = "PSN-A-0002"
        response = self.url_open("/my/units/register", data=data)
        self.assertEqual(response.status_code, 200, response.text[:2000])
        page = html.fromstring(response.text)
        self.assertTrue(
            page.xpath("//input[@name='proof']/following-sibling::div[@class='invalid-feedback']")
        )

    def test_portal_shows_only_the_customers_own_units(self):
        self.authenticate("as_portal_a", "as_portal_a")
        response = self.url_open("/my/units")
        self.assertEqual(response.status_code, 200)
        self.assertIn("PSN-A-0001", response.text)
        self.assertIn("PSN-A-0002", response.text)
        self.assertNotIn("PSN-B-0001", response.text)
        unit = self.url_open(f"/my/units/{self.lot_a.id}")
        self.assertEqual(unit.status_code, 200)
        self.assertIn(self.request_a.name, unit.text, "the unit's service history")
        self.assertEqual(self.url_open(f"/my/units/{self.lot_b.id}").status_code, 404)
        # (a test server renders reports as HTML: the PDF itself is checked in
        # test_report_pdf; here the download and who may have it)
        certificate = self.url_open(f"/my/units/{self.lot_a.id}/certificate")
        self.assertEqual(certificate.status_code, 200)
        self.assertEqual(certificate.headers["Content-Type"], "application/pdf")
        self.assertIn("PSN-A-0001", certificate.headers["Content-Disposition"])
        self.assertEqual(self.url_open(f"/my/units/{self.lot_b.id}/certificate").status_code, 404)

    def test_portal_proof_type_is_read_from_its_content(self):
        """A script saved as a picture (SVG, or text called .png) is refused: the type is read
        from the file, never from the browser's word."""
        self.authenticate("as_portal_a", "as_portal_a")
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        for name, content, mimetype in (
            ("receipt.svg", svg, "image/svg+xml"),
            ("receipt.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ):
            with self.subTest(name=name):
                data = {
                    "csrf_token": self._csrf("/my/units/register"),
                    "product_id": str(self.product.id),
                    "serial": "PSN-NEW-0099",
                    "purchase_date": "2026-05-01",
                }
                response = self.url_open(
                    "/my/units/register", data=data, files={"proof": (name, content, mimetype)}
                )
                self.assertIn(f"{name} is not a photo or a PDF.", response.text)
                self.assertFalse(
                    self.env["aftersales.unit.registration"]
                    .sudo()
                    .search([("serial", "=", "PSN-NEW-0099")])
                )
