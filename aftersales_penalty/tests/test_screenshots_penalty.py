# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Screenshot of the demo's penalty and reward ledger for the readme."""

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.aftersales_service.tests.test_screenshots import ScreenshotMixin


@tagged("post_install", "-at_install")
class TestPenaltyScreenshots(ScreenshotMixin, HttpCase):
    def test_screenshot_ledger(self):
        entries = self.env["aftersales.penalty.entry"].search([], limit=1)
        text = self._shoot(
            "/odoo/action-aftersales_penalty.aftersales_penalty_entry_action",
            "penalty_ledger",
            "admin",
            "!!document.querySelector('.o_list_renderer .o_data_row')",
            ".o_action_manager",
        )
        self.assertIn(entries.name or entries.display_name, text)
