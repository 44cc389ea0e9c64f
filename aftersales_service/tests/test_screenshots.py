"""Screenshots of the after-sales dashboard and of the portal pages.

Each page is opened in headless Chromium as the user who would see it; the test
checks the page shows the expected data and saves a PNG into
``$AFTERSALES_SCREENSHOT_DIR`` (default ``/tmp/aftersales_screenshots``), never
into the repository.
"""

import base64
import json
import os
import pathlib
from datetime import timedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME, ChromeBrowser, HttpCase

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .portal_common import AftersalesPortalCase


class ScreenshotMixin:
    """Open a page in headless Chromium as a user, wait for it, save a PNG (see the module's
    docstring) and return its visible text; for the screenshot tests of the three addons."""

    out_dir = pathlib.Path(
        os.environ.get("AFTERSALES_SCREENSHOT_DIR", "/tmp/aftersales_screenshots")
    )

    def _page_text(self, browser, selector):
        result = browser._websocket_request(
            "Runtime.evaluate",
            params={
                "expression": f"document.querySelector({json.dumps(selector)})?.innerText || ''",
                "returnByValue": True,
            },
            timeout=20,
        )["result"]
        return result.get("value") or ""

    def _shoot(self, url, name, login, ready, text_selector="body", size=(1400, 1000)):
        """Open ``url`` as ``login``, wait for ``ready`` (JS expression), save a PNG named
        ``name`` and return the visible text of ``text_selector``."""
        browser = ChromeBrowser(self)
        try:
            self.http_request_key = self.canonical_tag + "_browser_js"
            self.authenticate(login, login, browser=browser)
            self.cr.flush()
            self.cr.clear()
            browser._websocket_request(
                "Emulation.setDeviceMetricsOverride",
                params={
                    "width": size[0],
                    "height": size[1],
                    "deviceScaleFactor": 1,
                    "mobile": size[0] < 500,
                },
            )
            browser.navigate_to(self.base_url() + url, wait_stop=True)
            self.assertTrue(browser._wait_ready(ready, timeout=60), f"{url}: {ready} never true")
            browser._wait_ready("new Promise(r => setTimeout(() => r(true), 800))", timeout=10)
            text = self._page_text(browser, text_selector)
            shot = browser._websocket_request(
                "Page.captureScreenshot", params={"format": "png"}, timeout=30
            )
            self.out_dir.mkdir(parents=True, exist_ok=True)
            (self.out_dir / f"{name}.png").write_bytes(base64.b64decode(shot["data"]))
            return text
        finally:
            browser.stop()
            self._wait_remaining_requests()
            self.http_request_key = self.canonical_tag
            self.opener.cookies[TEST_CURSOR_COOKIE_NAME] = self.http_request_key


@tagged("post_install", "-at_install")
class TestAftersalesScreenshots(ScreenshotMixin, AftersalesPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # an overdue request for the dashboard's red bar and the overdue list
        with frozen_steps():  # as the service level sweep flags it
            cls.request_b._mark_overdue("Arrival deadline passed (screenshot fixture).")

    def test_screenshot_dashboard(self):
        action = "/odoo/action-aftersales_service.aftersales_dashboard_request_action"
        self._shoot(
            action,
            "dashboard_graph",
            "admin",
            "!!document.querySelector('.o_graph_renderer canvas')",
        )
        text = self._shoot(
            action + "?view_type=pivot",
            "dashboard_pivot",
            "admin",
            "!!document.querySelector('.o_pivot table tbody tr')",
            ".o_action_manager",
        )
        self.assertIn("A - Paid Service", text)
        self.assertIn("Total", text)
        text = self._shoot(
            action + "?view_type=kanban",
            "dashboard_kanban",
            "admin",
            "!!document.querySelector('.o_kanban_record .border-danger')",
            ".o_kanban_renderer",
        )
        self.assertIn(self.request_b.name, text)
        self.assertIn(self.job.name, text)
        text = self._shoot(
            "/odoo/action-aftersales_service.aftersales_dashboard_overdue_action",
            "dashboard_overdue",
            "admin",
            "!!document.querySelector('.o_list_renderer .o_data_row')",
            ".o_list_renderer",
        )
        self.assertIn(self.request_b.name, text)
        self.assertNotIn(self.request_a.name, text)

    def test_screenshot_dashboard_complaints(self):
        if "aftersales.complaint" not in self.env:
            self.skipTest("aftersales_complaint is not installed")
        complaints = self.env["aftersales.complaint"].create(
            [
                {"partner_id": self.contact_a.id, "customer_demand": "Replace the unit"},
                {"partner_id": self.contact_b.id, "customer_demand": "Refund"},
            ]
        )
        complaints[1].action_next_stage()
        text = self._shoot(
            "/odoo/action-aftersales_complaint.aftersales_dashboard_complaint_action"
            "?view_type=pivot",
            "dashboard_complaints",
            "admin",
            "!!document.querySelector('.o_pivot table tbody tr')",
            ".o_action_manager",
        )
        self.assertIn("Quality Investigation", text)
        self.assertIn("Registered", text)

    def test_screenshot_portal(self):
        text = self._shoot(
            "/my/service_requests",
            "portal_list",
            "as_portal_a",
            "!!document.querySelector('tr.o_aftersales_portal_request')",
            "#wrap",
        )
        self.assertIn(self.request_a.name, text)
        self.assertIn(self.request_a_done.name, text)
        self.assertNotIn(self.request_b.name, text)
        text = self._shoot(
            f"/my/service_requests/{self.request_a_done.id}",
            "portal_detail_to_sign",
            "as_portal_a",
            "!!document.querySelector('.o_aftersales_portal_request_detail')",
            "#wrap",
        )
        self.assertIn("Fan bearing replaced", text)
        self.assertIn("Sign the Service Confirmation", text)
        text = self._shoot(
            "/my/service_requests/new",
            "portal_new_request",
            "as_portal_a",
            "!!document.querySelector('form.o_aftersales_new_request_form')",
            "#wrap",
        )
        self.assertIn("PSN-A-0001", text)
        self.assertNotIn("PSN-B-0001", text)
        text = self._shoot(
            "/my/home",
            "portal_home",
            "as_portal_a",
            "!!document.querySelector('.o_portal_docs')",
            "#wrap",
        )
        self.assertIn("Service Requests", text)
        text = self._shoot(
            f"/my/provider/jobs/{self.job.id}",
            "portal_provider_job",
            "as_portal_provider",
            "!!document.querySelector('.o_aftersales_portal_job_detail')",
            "#wrap",
        )
        self.assertIn("Hillside Clinic", text)
        self.assertIn("Confirm Completion", text)

    def test_screenshot_job_sheet_on_a_phone(self):
        job = self.request_a.copy({"technician_id": self.technician.id})
        job.action_dispatch()
        job.action_start()
        text = self._shoot(
            "/my/jobsheet",
            "jobsheet_today",
            "as_portal_tech",
            "!!document.querySelector('.o_aftersales_jobsheet_card')",
            "#wrap",
            size=(390, 844),
        )
        self.assertIn(job.name, text)
        self.assertIn("Harbour Bakery", text)
        text = self._shoot(
            f"/my/jobsheet/{job.id}",
            "jobsheet_job",
            "as_portal_tech",
            "!!document.querySelector('.o_aftersales_jobsheet_finish')",
            "#wrap",
            size=(390, 1600),
        )
        self.assertIn("Finish Job", text)
        self.assertIn("Checklist", text)

    def test_screenshot_job_sheet_in_chinese(self):
        modules = ["base", "web", "portal", "aftersales_service", "aftersales_complaint"]
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "in", modules)])._load_module_terms(
            modules, ["zh_CN"]
        )
        self.technician.lang = "zh_CN"
        job = self.request_a.copy({"technician_id": self.technician.id})
        job.action_dispatch()
        job.action_start()
        text = self._shoot(
            f"/my/jobsheet/{job.id}",
            "jobsheet_job_zh_CN",
            "as_portal_tech",
            "!!document.querySelector('.o_aftersales_jobsheet_finish')",
            "#wrap",
            size=(390, 1600),
        )
        self.assertIn("完成工单", text)
        self.assertIn("检查清单", text)
        self.assertNotIn("Finish Job", text)

    def test_screenshot_dispatch_board(self):
        tomorrow = fields.Datetime.now().replace(hour=6, minute=0, second=0) + timedelta(days=1)
        visit = self.request_a.copy({"technician_id": self.technician.id})
        visit.action_dispatch()
        visit._set_appointment(tomorrow, tomorrow + timedelta(hours=2))
        self.job.action_provider_accept()
        self.job._set_appointment(tomorrow + timedelta(hours=4), tomorrow + timedelta(hours=6))
        text = self._shoot(
            "/odoo/action-aftersales_service.aftersales_dispatch_board_action",
            "dispatch_board",
            "admin",
            "!!document.querySelector('.o_calendar_renderer .fc-event')",
            ".o_action_manager",
        )
        self.assertIn(visit.name, text)
        self.assertIn(self.job.name, text)
        self.assertIn("Riverside Cooling Services", text)

    def test_screenshot_self_service_on_a_phone(self):
        self.lot_a.aftersales_invoice_date = fields.Date.today() - timedelta(days=30)
        text = self._shoot(
            "/my/units",
            "portal_units_phone",
            "as_portal_a",
            "!!document.querySelector('a.o_aftersales_unit_card')",
            "#wrap",
            size=(390, 844),
        )
        self.assertIn("PSN-A-0001", text)
        self.assertNotIn("PSN-B-0001", text)
        text = self._shoot(
            f"/my/provider/jobs/{self.job.id}",
            "portal_provider_job_phone",
            "as_portal_provider",
            "!!document.querySelector('.o_aftersales_portal_job_detail')",
            "#wrap",
            size=(390, 1400),
        )
        self.assertIn("Hillside Clinic", text)


@tagged("post_install", "-at_install")
class TestDemoScreenshots(ScreenshotMixin, HttpCase):
    """Screenshots of the demo's own documents, as the readme shows them."""

    def test_screenshot_request_form(self):
        request = self.env.ref("aftersales_service.request_done")
        text = self._shoot(
            f"/odoo/action-aftersales_service.aftersales_service_request_action/{request.id}",
            "request_form",
            "desk",
            "!!document.querySelector('.o_form_view .o_statusbar_status')",
            ".o_action_manager",
        )
        self.assertIn(request.name, text)
        self.assertIn(request.lot_id.name, text)

    def test_screenshot_provider_form_in_both_languages(self):
        """The provider's own form as the supervisor sees it, in English and in zh_CN."""
        provider = self.env.ref("aftersales_service.provider_contract_active")
        url = f"/odoo/action-aftersales_service.action_aftersales_provider/{provider.id}"
        ready = "!!document.querySelector('.o_form_view .o_statusbar_status')"
        text = self._shoot(url, "provider_form", "supervisor", ready, ".o_action_manager")
        for expected in (provider.name, provider.certificate_number, "Quality Deposit", "Jobs"):
            self.assertIn(expected, text)
        modules = ["base", "web", "mail", "aftersales_service"]
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "in", modules)])._load_module_terms(
            modules, ["zh_CN"]
        )
        self.env.ref("aftersales_service.user_supervisor").lang = "zh_CN"
        text = self._shoot(url, "provider_form_zh_CN", "supervisor", ready, ".o_action_manager")
        for expected in ("质量保证金", "证书编号", "已启用", provider.name):
            self.assertIn(expected, text)
        self.assertNotIn("Quality Deposit", text)
