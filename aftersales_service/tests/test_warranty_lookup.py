# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The public warranty lookup: no login, no customer data, a limited number of lookups."""

from lxml import html

from odoo.tests import tagged

from .portal_common import AftersalesPortalCase


@tagged("post_install", "-at_install")
class TestPublicWarrantyLookup(AftersalesPortalCase):
    def _lookup(self, serial):
        return self.url_open("/warranty?serial=" + serial)

    def test_lookup_shows_product_status_and_end_only(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "aftersales_service.warranty_lookup_limit", 50
        )
        response = self._lookup("psn-a-0001")  # case does not matter
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.text)
        [card] = page.xpath("//div[contains(@class, 'o_aftersales_lookup_unit')]")
        text = card.text_content()
        self.assertIn("PSN-A-0001", text)
        self.assertIn(self.lot_a.product_id.name, text)
        state = dict(
            self.lot_a._fields["aftersales_warranty_state"]._description_selection(self.env)
        )
        self.assertIn(state[self.lot_a.aftersales_warranty_state], text)
        # nothing of the owner, nor of their requests
        for secret in (
            self.customer_a.name,
            self.contact_a.name,
            self.request_a.name,
        ):
            self.assertNotIn(secret, response.text)
        unknown = self._lookup("NO-SUCH-SERIAL")
        self.assertEqual(unknown.status_code, 200)
        self.assertIn("No unit with serial number", unknown.text)
        link = html.fromstring(unknown.text).xpath(
            "//a[contains(@href, '/my/service_requests/new')]"
        )
        self.assertTrue(link, "the page leads to the service request form")
        # % and _ are no wildcards: the serial as typed only
        for pattern in ("%25", "PSN-A-000_", "psn%25"):
            page = html.fromstring(self._lookup(pattern).text)
            self.assertFalse(page.xpath("//div[contains(@class, 'o_aftersales_lookup_unit')]"))

    def test_lookups_are_limited_per_address(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "aftersales_service.warranty_lookup_limit", 3
        )
        for _i in range(3):
            self.assertEqual(self._lookup("PSN-B-0001").status_code, 200)
        limited = self._lookup("PSN-B-0001")
        self.assertEqual(limited.status_code, 429)
        self.assertIn("Too many lookups", limited.text)
        self.assertNotIn("PSN-B-0001</span>", limited.text)

    def test_request_service_preselects_the_customers_own_unit(self):
        self.authenticate("as_portal_a", "as_portal_a")
        response = self.url_open("/my/service_requests/new?serial=PSN-A-0002")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.text)
        [selected] = page.xpath("//select[@name='lot_id']/option[@selected]")
        self.assertEqual(selected.get("value"), str(self.lot_a2.id))
        # another customer's serial preselects nothing
        response = self.url_open("/my/service_requests/new?serial=PSN-B-0001")
        page = html.fromstring(response.text)
        self.assertFalse(page.xpath("//select[@name='lot_id']/option[@selected]"))
