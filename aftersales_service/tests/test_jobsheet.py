# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The technician's job sheet on a phone: today's jobs, check in and out, the checklist,
the parts taken from the van (or the provider's consignment stock), photos, finishing the
job and the customer's signature on the technician's phone; for the company's own
technicians and for a provider's users, and for nobody else."""

import base64
from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .common import load_languages
from .portal_common import PIXEL, AftersalesPortalCase


@tagged("post_install", "-at_install")
class TestJobSheet(AftersalesPortalCase):
    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.part = env["product.product"].create(
            {"name": "JS filter drier", "type": "consu", "is_storable": True, "list_price": 80}
        )
        warehouse = env["stock.warehouse"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.van = env["stock.location"].create(
            {"name": "Van of the test technician", "location_id": warehouse.view_location_id.id}
        )
        env["stock.quant"]._update_available_quantity(cls.part, cls.van, 5)
        cls.technician.sudo().aftersales_van_location_id = cls.van
        cls.technician.tz = "Asia/Shanghai"
        cls.checklist_item = env["aftersales.checklist.item"].create(
            {"name": "JS: unit cleaned after work", "kind": "any"}
        )
        cls.tech_job = env["aftersales.service.request"].create(
            {
                "partner_id": cls.contact_a.id,
                "lot_id": cls.lot_a.id,
                "technician_id": cls.technician.id,
                "phone": "+86 757 2233 4455",
                "fault_description": "<p>No cooling</p>",
            }
        )
        cls.tech_job.action_dispatch()

    def test_tour_technician_day_on_a_phone(self):
        job = self.tech_job
        self.start_tour(
            "/my/jobsheet", "aftersales_jobsheet_day", login="as_portal_tech", timeout=240
        )
        self.assertEqual(job.state, "done")
        self.assertTrue(all(job.checklist_line_ids.mapped("done")))
        self.assertEqual(job.line_ids.product_id, self.part)
        self.assertEqual(job.line_ids.move_id.location_id, self.van)
        self.assertIn("Filter drier replaced", job.work_done)
        first, second = job.visit_ids.sorted("id")
        self.assertEqual(first.outcome, "come_back")
        self.assertEqual(first.note, "Refrigerant to fetch from the depot")
        self.assertEqual(second.outcome, "finished")
        self.assertTrue(job.customer_confirmed)
        self.assertEqual(job.signed_by, "Alice Baker")
        photos = self.env["ir.attachment"].search(
            [("res_model", "=", job._name), ("res_id", "=", job.id), ("name", "=", "repaired.png")]
        )
        self.assertEqual(len(photos), 1)

    def _page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[-6000:])
        return response, html.fromstring(response.text)

    def _job_url(self, job):
        return f"/my/jobsheet/{job.id}"

    def _post_job(self, job, action, files=None, **data):
        _response, page = self._page(self._job_url(job))
        data["csrf_token"] = page.xpath("//input[@name='csrf_token']/@value")[0]
        return self.url_open(f"{self._job_url(job)}/{action}", data=data, files=files)

    def test_technician_day_from_check_in_to_signature(self):
        job = self.tech_job
        self.authenticate("as_portal_tech", "as_portal_tech")
        _response, page = self._page("/my/jobsheet")
        cards = page.xpath("//div[contains(@class, 'o_aftersales_jobsheet_today')]//@data-job")
        self.assertIn(job.name, cards, "today's list shows the job dispatched to him")
        self.assertNotIn(self.request_b.name, page.text_content())
        # a visit agreed on another day waits under "Later"
        later = self.tech_job.copy({"lot_id": self.lot_a2.id})
        later.action_dispatch()
        later.sudo()._set_appointment(
            fields.Datetime.now() + timedelta(days=3),
            fields.Datetime.now() + timedelta(days=3, hours=2),
        )
        _response, page = self._page("/my/jobsheet")
        self.assertIn(
            later.name,
            page.xpath("//div[contains(@class, 'o_aftersales_jobsheet_later')]//@data-job"),
        )
        self.assertTrue(page.xpath("//a[contains(@class, 'o_aftersales_navigate')]"))
        self.assertTrue(page.xpath("//a[@href='tel:+86 757 2233 4455']"))

        response = self._post_job(job, "check_in")
        self.assertIn("message=checked_in", response.url)
        self.assertEqual(job.state, "in_progress")
        self.assertTrue(job.date_arrived)
        self.assertEqual(len(job.visit_ids), 1)
        self.assertEqual(job.visit_ids.user_id, self.technician)
        self.assertTrue(job.on_site)

        # parts come from his van: the list offers what is in it, not more than it holds
        _response, page = self._page(self._job_url(job))
        self.assertIn(self.van.display_name, page.text_content())
        options = page.xpath("//select[@name='product_id']/option/@value")
        self.assertIn(str(self.part.id), options)
        response = self._post_job(job, "parts", product_id=self.part.id, quantity="9")
        self.assertIn("Only 5.0 of JS filter drier", response.text)
        self.assertFalse(job.line_ids, "nothing written on a refused part")
        page = html.fromstring(response.text)
        self.assertEqual(page.xpath("//input[@name='quantity']/@value"), ["9"], "input kept")
        self._post_job(job, "parts", product_id=self.part.id, quantity="2")
        self.assertEqual(job.line_ids.product_id, self.part)
        self.assertEqual(job.line_ids.quantity, 2)
        # the two are reserved in his van at once: three more at most can be taken
        self.assertEqual(job.line_ids.move_id.state, "assigned")
        response = self._post_job(job, "parts", product_id=self.part.id, quantity="4")
        self.assertIn("Only 3.0 of JS filter drier", response.text)
        self.assertEqual(len(job.line_ids), 1)

        # the checklist of the job kind
        point = job.checklist_line_ids.filtered(lambda p: p.item_id == self.checklist_item)
        self.assertTrue(point)
        others = job.checklist_line_ids - point
        self._post_job(job, "checklist", **{f"point_{point.id}": "on"})
        self.assertTrue(point.done)
        self.assertEqual(point.done_by, self.technician)
        self.assertFalse(any(others.mapped("done")), "only the ticked point")
        self._post_job(job, "checklist", **{f"point_{p.id}": "on" for p in job.checklist_line_ids})
        self.assertTrue(all(job.checklist_line_ids.mapped("done")))

        # photos: images only
        response = self._post_job(
            job, "photos", files={"photos": ("notes.txt", b"hello", "text/plain")}
        )
        self.assertIn("notes.txt is not a photo.", response.text)
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        response = self._post_job(job, "photos", files={"photos": ("unit.png", svg, "image/png")})
        self.assertIn("unit.png is not a photo.", response.text, "an SVG can carry a script")
        self._post_job(
            job, "photos", files={"photos": ("unit.png", base64.b64decode(PIXEL), "image/png")}
        )
        photos = self.env["ir.attachment"].search(
            [("res_model", "=", job._name), ("res_id", "=", job.id), ("name", "=", "unit.png")]
        )
        self.assertEqual(len(photos), 1)

        # finishing needs the work done; what was typed stays on the page
        response = self._post_job(job, "finish", work_done="", time_spent="1.5")
        self.assertIn("Describe the work done.", response.text)
        self.assertEqual(job.state, "in_progress")
        self.assertEqual(
            html.fromstring(response.text).xpath("//input[@name='time_spent']/@value"), ["1.5"]
        )
        response = self._post_job(
            job, "finish", work_done="Refilled the refrigerant", time_spent="1.5"
        )
        self.assertIn("message=done", response.url)
        self.assertEqual(job.state, "done")
        self.assertEqual(job.time_spent, 1.5)
        self.assertEqual(job.visit_ids.outcome, "finished")
        self.assertTrue(job.visit_ids.check_out)
        self.assertFalse(job.checklist_incomplete)
        move = job.line_ids.move_id
        self.assertEqual(move.location_id, self.van, "the part left his van")
        self.assertEqual(move.state, "done")

        # the customer signs on his phone
        self.assertIn("o_aftersales_jobsheet_sign", response.text)
        result = self.make_jsonrpc_request(
            f"/my/jobsheet/{job.id}/sign", {"name": "", "signature": PIXEL.decode()}
        )
        self.assertIn("error", result)
        result = self.make_jsonrpc_request(
            f"/my/jobsheet/{job.id}/sign", {"name": "Alice Baker", "signature": PIXEL.decode()}
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertTrue(job.customer_confirmed)
        self.assertEqual(job.signed_by, "Alice Baker")
        _response, page = self._page("/my/jobsheet")
        done = page.xpath("//div[contains(@class, 'o_aftersales_jobsheet_done')]//@data-job")
        self.assertIn(job.name, done)

    def test_times_read_in_the_technicians_language(self):
        """The job sheet's short day and time follow the page's language: "Dec 8 14:00"
        in English, "12月8日 14:00" in Chinese (not the English pattern with Chinese
        month names)."""
        load_languages(self.env, ["aftersales_service"])
        self.tech_job.sudo()._set_appointment(
            fields.Datetime.now() + timedelta(days=1),
            fields.Datetime.now() + timedelta(days=1, hours=2),
        )
        expected = {
            "en_US": r"\b[A-Z][a-z]{2} \d{1,2} \d\d:\d\d\b",
            "zh_CN": r"\d{1,2}月\d{1,2}日 \d\d:\d\d",
            "zh_TW": r"\d{1,2}月\d{1,2}日 \d\d:\d\d",
        }
        for lang, pattern in expected.items():
            self.technician.sudo().lang = lang
            self.authenticate("as_portal_tech", "as_portal_tech")  # the session's language
            for url in ("/my/jobsheet", self._job_url(self.tech_job)):
                __, page = self._page(url)
                text = " ".join(page.text_content().split())
                self.assertRegex(text, pattern, f"{url} in {lang}")
                self.assertNotRegex(text, r"\d月 \d", f"{url} in {lang}: no English pattern")

    def test_leave_and_come_back_counts_the_time_on_site(self):
        job = self.tech_job
        self.authenticate("as_portal_tech", "as_portal_tech")
        self._post_job(job, "check_in")
        response = self._post_job(job, "check_out", reason="  ")
        self.assertIn("Say why the job needs another visit.", response.text)
        self.assertTrue(job.on_site)
        # an hour on site, then away to fetch a part
        job.visit_ids.sudo().check_in = fields.Datetime.now() - timedelta(hours=1)
        response = self._post_job(job, "check_out", reason="Compressor to fetch")
        self.assertIn("message=checked_out", response.url)
        self.assertFalse(job.on_site)
        self.assertEqual(job.visit_ids.outcome, "come_back")
        self.assertEqual(job.visit_ids.note, "Compressor to fetch")
        self.assertEqual(job.state, "in_progress")
        self._post_job(job, "check_in")
        self.assertEqual(len(job.visit_ids), 2)
        second = job.visit_ids.filtered(lambda v: not v.check_out)
        second.sudo().check_in = fields.Datetime.now() - timedelta(minutes=30)
        # nobody types the time: the time on site counts
        self._post_job(job, "finish", work_done="Compressor replaced")
        self.assertEqual(job.state, "done")
        self.assertAlmostEqual(job.time_spent, 1.5, delta=0.02)
        self.assertAlmostEqual(job.visit_hours, 1.5, delta=0.02)

    def test_the_technician_reports_a_customer_he_cannot_reach(self):
        """Before the first contact, the job sheet reports a customer who cannot be reached;
        the desk confirms it (the technician cannot), and the page says so."""
        job = self.tech_job
        self.authenticate("as_portal_tech", "as_portal_tech")
        _response, page = self._page(self._job_url(job))
        self.assertTrue(page.xpath("//button[contains(@class, 'o_aftersales_unreachable')]"))
        response = self._post_job(job, "unreachable")
        self.assertIn("message=unreachable", response.url)
        self.assertTrue(job.unreachable_on)
        self.assertIn("waiting for the dispatcher", response.text)
        self.assertFalse(
            html.fromstring(response.text).xpath(
                "//button[contains(@class, 'o_aftersales_unreachable')]"
            ),
            "reported once",
        )
        desk = new_test_user(
            self.env, login="js_desk", groups="aftersales_service.group_aftersales_user_all"
        )
        job.with_user(desk).action_confirm_unreachable()
        _response, page = self._page(self._job_url(job))
        self.assertIn("confirmed by the dispatcher", page.text_content())

    def test_the_repairer_reports_an_installation_leak_when_finishing(self):
        """The finish form of a repair job asks for a leak caused by the installation: the
        kind chosen is recorded on the job (the unit's installation job found), a value not
        offered comes back as an error with nothing written."""
        job = self.tech_job
        with frozen_steps():  # the unit was installed by the steps two weeks ago
            installation = self.env["aftersales.service.request"].create(
                {"partner_id": self.contact_a.id, "lot_id": self.lot_a.id, "kind": "installation"}
            )
            installation.write(
                {"state": "done", "date_done": fields.Datetime.now() - timedelta(days=14)}
            )
        self.authenticate("as_portal_tech", "as_portal_tech")
        self._post_job(job, "check_in")
        _response, page = self._page(self._job_url(job))
        self.assertEqual(
            page.xpath("//select[@name='leak_found']/option/@value"), ["", "water", "refrigerant"]
        )
        response = self._post_job(
            job, "finish", work_done="Flare nut re-made", leak_found="gas_everywhere"
        )
        self.assertIn("Choose the installation leak among those shown", response.text)
        self.assertEqual((job.state, job.leak_found), ("in_progress", False))
        self._post_job(job, "finish", work_done="Flare nut re-made", leak_found="refrigerant")
        self.assertEqual((job.state, job.leak_found), ("done", "refrigerant"))
        self.assertEqual(job.leak_installation_id, installation)
        # a job of another kind has no leak to report
        other = self.tech_job.copy({"kind": "maintenance", "lot_id": self.lot_a2.id})
        other.action_dispatch()
        self._post_job(other, "check_in")
        _response, page = self._page(self._job_url(other))
        self.assertTrue(page.xpath("//textarea[@name='work_done']"), "its finish form")
        self.assertFalse(page.xpath("//select[@name='leak_found']"))

    def test_provider_user_works_the_accepted_job_from_consignment(self):
        job = self.job
        consignment = self.env["stock.location"].create(
            {"name": "Riverside consignment", "usage": "internal"}
        )
        with frozen_steps():  # its consignment, as activation leaves it
            self.provider_contract.consignment_location_id = consignment
        self.env["stock.quant"]._update_available_quantity(self.part, consignment, 3)
        self.authenticate("as_portal_provider", "as_portal_provider")
        # not accepted yet: not on the sheet
        response = self.url_open(self._job_url(job))
        self.assertEqual(response.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1], "my")
        self.assertNotIn(
            "o_aftersales_open_jobsheet", self.url_open(f"/my/provider/jobs/{job.id}").text
        )
        job.action_provider_accept()
        _response, page = self._page(f"/my/provider/jobs/{job.id}")
        self.assertEqual(
            page.xpath("//a[contains(@class, 'o_aftersales_open_jobsheet')]/@href"),
            [self._job_url(job)],
            "the accepted job leads to its job sheet",
        )
        _response, page = self._page("/my/jobsheet")
        self.assertIn(job.name, page.xpath("//@data-job"))
        self._post_job(job, "check_in")
        self.assertEqual(job.state, "in_progress")
        self.assertEqual(job.visit_ids.user_id, self.portal_provider)
        self._post_job(job, "parts", product_id=self.part.id, quantity="1")
        self._post_job(job, "finish", work_done="Remote replaced", time_spent="0.5")
        self.assertEqual(job.state, "done")
        self.assertEqual(job.line_ids.move_id.location_id, consignment)

    def test_nobody_else_opens_or_moves_the_job(self):
        job = self.tech_job
        new_test_user(
            self.env,
            login="as_other_tech",
            groups="aftersales_service.group_aftersales_user_own",
        )
        for login in ("as_other_tech", "as_portal_a", "as_portal_provider"):
            with self.subTest(login=login):
                self.authenticate(login, login)
                response = self.url_open(self._job_url(job))
                self.assertNotIn(job.name, response.text)
                _response, page = self._page("/my/account")
                token = page.xpath("//input[@name='csrf_token']/@value")
                self.url_open(
                    f"{self._job_url(job)}/check_in",
                    data={"csrf_token": token[0] if token else ""},
                )
                self.assertEqual(job.state, "dispatched")
                result = self.make_jsonrpc_request(
                    f"/my/jobsheet/{job.id}/sign", {"name": "X", "signature": PIXEL.decode()}
                )
                self.assertIn("error", result)
        self.authenticate(None, None)
        response = self.url_open("/my/jobsheet")
        self.assertIn("/web/login", response.url)
        self.assertFalse(job.visit_ids)
