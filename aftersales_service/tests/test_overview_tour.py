"""The After-Sales Overview clicked through in a real (headless Chromium) browser."""

import base64
import os
import pathlib

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, ChromeBrowser

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps


@tagged("post_install", "-at_install")
class TestOverviewTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a company of its own, so that only these requests count
        cls.company = cls.env["res.company"].create({"name": "Overview Tour Co"})
        cls.manager = new_test_user(
            cls.env,
            login="ov_tour_manager",
            name="Overview Manager",
            groups="aftersales_service.group_aftersales_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        late, punctual = cls.env["res.partner"].create(
            [{"name": "Overview Late Customer"}, {"name": "Overview Punctual Customer"}]
        )
        Request = cls.env["aftersales.service.request"].with_company(cls.company)
        cls.late, cls.on_time = Request.create(
            [
                {"company_id": cls.company.id, "partner_id": late.id},
                {"company_id": cls.company.id, "partner_id": punctual.id},
            ]
        )
        with frozen_steps():  # as the service level sweep flags it
            cls.late._mark_overdue("Arrival deadline passed (tour).")

    def test_overview_opens_the_overdue_requests(self):
        self.start_tour(
            "/odoo/action-aftersales_service.aftersales_overview_action",
            "aftersales_overview",
            login="ov_tour_manager",
            timeout=240,
        )

    def test_overview_screenshots(self):
        """The overview as the demo's administrator, at desktop and at phone width; the
        PNGs go to ``$AFTERSALES_SCREENSHOT_DIR`` (default /tmp/aftersales_screenshots),
        never into the repository."""
        out_dir = pathlib.Path(
            os.environ.get("AFTERSALES_SCREENSHOT_DIR", "/tmp/aftersales_screenshots")
        )
        for name, width, height, mobile in (
            ("overview", 1400, 1700, False),
            ("overview_phone", 390, 3000, True),
        ):
            text = self._shoot(out_dir / f"{name}.png", width, height, mobile)
            self.assertIn("Overdue", text)

    def _shoot(self, path, width, height, mobile):
        browser = ChromeBrowser(self)
        try:
            self.http_request_key = self.canonical_tag + "_browser_js"
            self.authenticate("admin", "admin", browser=browser)
            self.cr.flush()
            self.cr.clear()
            browser._websocket_request(
                "Emulation.setDeviceMetricsOverride",
                params={
                    "width": width,
                    "height": height,
                    "deviceScaleFactor": 1,
                    "mobile": mobile,
                },
            )
            browser.navigate_to(
                self.base_url() + "/odoo/action-aftersales_service.aftersales_overview_action",
                wait_stop=True,
            )
            ready = "!!document.querySelector('.o_aftersales_overview_chart canvas')"
            self.assertTrue(browser._wait_ready(ready, timeout=60), "the overview never showed")
            browser._wait_ready("new Promise(r => setTimeout(() => r(true), 800))", timeout=10)
            text = browser._websocket_request(
                "Runtime.evaluate",
                params={
                    "expression": "document.querySelector('.o_aftersales_overview').innerText",
                    "returnByValue": True,
                },
                timeout=20,
            )["result"].get("value", "")
            shot = browser._websocket_request(
                "Page.captureScreenshot", params={"format": "png"}, timeout=30
            )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(shot["data"]))
            return text
        finally:
            browser.stop()
            self._wait_remaining_requests()
            self.http_request_key = self.canonical_tag
            self.opener.cookies[TEST_CURSOR_COOKIE_NAME] = self.http_request_key
