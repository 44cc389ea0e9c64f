# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A provider sees its deposit and the parts it holds on the portal; a customer does not."""

from datetime import date

from odoo.tests import tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .portal_common import AftersalesPortalCase


@tagged("post_install", "-at_install")
class TestProviderAccountOnThePortal(AftersalesPortalCase):
    def test_deposit_and_consignment_stock(self):
        provider = self.provider_contract
        location = provider._create_consignment_location()
        with frozen_steps():  # as its activation leaves it
            provider.write(
                {
                    "consignment_location_id": location.id,
                    "deposit_amount": 5000,
                    "contract_date": date(2026, 1, 5),
                }
            )
        part = self.env["product.product"].create(
            {"name": "Fan motor FM-22", "is_storable": True, "type": "consu"}
        )
        self.env["stock.quant"]._update_available_quantity(part, location, 3)
        self.authenticate("as_portal_provider", "as_portal_provider")
        response = self.url_open("/my/provider/account")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Fan motor FM-22", response.text)
        self.assertIn("o_aftersales_deposit_overdue", response.text, "due long ago, not received")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["provider_account_count"]}
        )
        self.assertEqual(counters["provider_account_count"], 1, "the home shows the tile")
        # a customer has no provider account, nor its tile
        self.authenticate("as_portal_a", "as_portal_a")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["provider_account_count"]}
        )
        self.assertEqual(counters["provider_account_count"], 0)
        response = self.url_open("/my/provider/account")
        self.assertNotIn("Fan motor FM-22", response.text)
        self.assertTrue(response.url.rstrip("/").endswith("/my"))
