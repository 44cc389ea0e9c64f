import base64
import re

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .portal_common import PIXEL, AftersalesPortalCase


@tagged("post_install", "-at_install")
class TestPortal(AftersalesPortalCase):
    """Customer and provider portal: each portal user sees and acts only on its own records."""

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        match = re.search(r'name="csrf_token" value="([^"]+)"', response.text)
        self.assertTrue(match, "the page carries a CSRF token")
        return match.group(1), response

    # ------------------------------------------------------------------ record rules
    def test_portal_rules_customer_reads_only_own_requests(self):
        Request = self.env["aftersales.service.request"]
        visible_a = Request.with_user(self.portal_a).search([])
        self.assertIn(self.request_a, visible_a)
        self.assertIn(self.request_a_done, visible_a)
        self.assertNotIn(self.request_b, visible_a)
        self.assertNotIn(self.job, visible_a)
        visible_b = Request.with_user(self.portal_b).search([])
        self.assertIn(self.request_b, visible_b)
        self.assertNotIn(self.request_a, visible_b)
        with self.assertRaises(AccessError):
            self.request_b.with_user(self.portal_a).read(["name"])

    def test_portal_rules_are_read_only(self):
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.portal_a).write({"priority": "1"})
        with self.assertRaises(AccessError):
            self.env["aftersales.service.request"].with_user(self.portal_a).create(
                {"partner_id": self.contact_a.id}
            )
        with self.assertRaises(AccessError):
            self.request_a.with_user(self.portal_a).unlink()

    def test_portal_rules_provider_reads_dispatched_jobs(self):
        visible = self.env["aftersales.service.request"].with_user(self.portal_provider).search([])
        self.assertEqual(visible, self.job)

    def test_portal_rules_complaint_own_only(self):
        if "aftersales.complaint" not in self.env:
            self.skipTest("aftersales_complaint is not installed")
        Complaint = self.env["aftersales.complaint"]
        complaint_a, complaint_b = Complaint.create(
            [
                {"partner_id": self.contact_a.id, "customer_demand": "Replace the unit"},
                {"partner_id": self.contact_b.id, "customer_demand": "Refund"},
            ]
        )
        visible = Complaint.with_user(self.portal_a).search([])
        self.assertIn(complaint_a, visible)
        self.assertNotIn(complaint_b, visible)
        self.authenticate("as_portal_b", "as_portal_b")
        response = self.url_open(f"/my/complaints/{complaint_a.id}")
        self.assertNotIn("Replace the unit", response.text)
        response = self.url_open(f"/my/complaints/{complaint_b.id}")
        self.assertIn(complaint_b.name, response.text)

    # ------------------------------------------------------------------ customer pages
    def test_portal_list_shows_own_requests_only(self):
        self.authenticate("as_portal_a", "as_portal_a")
        response = self.url_open("/my/service_requests")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.request_a.name, response.text)
        self.assertIn(self.request_a_done.name, response.text)
        self.assertNotIn(self.request_b.name, response.text)
        # the "to sign" filter keeps the finished job only
        response = self.url_open("/my/service_requests?filterby=to_sign")
        self.assertIn(self.request_a_done.name, response.text)
        self.assertNotIn(f">{self.request_a.name}<", response.text)

    def test_portal_home_counters(self):
        self.authenticate("as_portal_a", "as_portal_a")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["service_request_count", "provider_job_count"]}
        )
        self.assertEqual(counters["service_request_count"], 2)
        self.assertEqual(counters["provider_job_count"], 0)

    def test_portal_detail_own_and_other(self):
        self.authenticate("as_portal_a", "as_portal_a")
        response = self.url_open(f"/my/service_requests/{self.request_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.request_a.name, response.text)
        self.assertIn("Promised Completion", response.text)
        self.assertIn("PSN-A-0001", response.text)
        response = self.url_open(f"/my/service_requests/{self.request_b.id}")
        self.assertNotIn(self.request_b.name, response.text)
        self.assertNotIn("/my/service_requests/", response.url)

    def test_portal_create_request_with_photo(self):
        self.authenticate("as_portal_a", "as_portal_a")
        token, page = self._csrf("/my/service_requests/new")
        self.assertIn("PSN-A-0001", page.text)
        self.assertNotIn("PSN-B-0001", page.text, "other customers' units are not offered")
        response = self.url_open(
            "/my/service_requests/new",
            data={"csrf_token": token, "lot_id": self.lot_a.id, "fault": "Ice on the pipes"},
            files={"photos": ("unit.png", base64.b64decode(PIXEL), "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        created = self.env["aftersales.service.request"].search(
            [("partner_id", "=", self.contact_a.id), ("channel", "=", "portal")]
        )
        self.assertEqual(len(created), 1)
        self.assertEqual(created.lot_id, self.lot_a)
        self.assertEqual(created.product_id, self.product)
        self.assertIn("Ice on the pipes", created.fault_description)
        self.assertIn(created.name, response.text, "redirected to the new request")
        self.assertIn(self.contact_a, created.message_partner_ids, "the customer follows it")
        photos = self.env["ir.attachment"].search(
            [("res_model", "=", created._name), ("res_id", "=", created.id)]
        )
        self.assertEqual(photos.mapped("name"), ["unit.png"])
        # the customer's page shows the photo itself (a portal user reads attachments by
        # their token only), and the token opens nothing else to anybody else
        page = self.url_open(created.get_portal_url()).text
        [src] = re.findall(r'src="(/web/image/%d[^"]*)"' % photos.id, page)
        self.assertIn("access_token=", src)
        image = self.url_open(src.replace("&amp;", "&"))
        self.assertEqual(image.content, base64.b64decode(PIXEL), "the photo, not a placeholder")
        self.authenticate("as_portal_b", "as_portal_b")
        other = self.url_open(f"/web/image/{photos.id}")
        self.assertNotEqual(other.content, base64.b64decode(PIXEL))

    def test_portal_flood_of_forms_is_refused(self):
        """A customer files at most the limit of forms within the window (20 in 10
        minutes by default, a system parameter): the next one is refused on the form, and
        nothing is created."""
        self.env["ir.config_parameter"].sudo().set_param(
            "aftersales_service.portal_submit_limit", 3
        )
        self.authenticate("as_portal_a", "as_portal_a")
        Request = self.env["aftersales.service.request"]
        before = Request.search_count([])
        for k in range(4):
            token, __ = self._csrf("/my/service_requests/new")
            response = self.url_open(
                "/my/service_requests/new",
                data={"csrf_token": token, "lot_id": self.lot_a.id, "fault": f"Fault {k}"},
            )
        self.assertEqual(Request.search_count([]), before + 3)
        self.assertIn("You have sent many forms in the last 10 minutes", response.text)
        self.assertIn("Fault 3", response.text, "the typed form is kept")
        # another customer is not held back
        self.authenticate("as_portal_b", "as_portal_b")
        token, __ = self._csrf("/my/service_requests/new")
        self.url_open(
            "/my/service_requests/new",
            data={"csrf_token": token, "lot_id": self.lot_b.id, "fault": "Leak"},
        )
        self.assertEqual(Request.search_count([]), before + 4)

    def test_portal_photo_too_large_gets_the_forms_message(self):
        """A photo over the form's limit (8 MB, below Odoo's 10 MB part limit) is refused
        next to the field with the typed form kept, not by a bare "413" page."""
        self.authenticate("as_portal_a", "as_portal_a")
        token, __ = self._csrf("/my/service_requests/new")
        Request = self.env["aftersales.service.request"]
        before = Request.search_count([])
        big = base64.b64decode(PIXEL) + b"\0" * (9 * 1024 * 1024)
        response = self.url_open(
            "/my/service_requests/new",
            data={"csrf_token": token, "lot_id": self.lot_a.id, "fault": "Ice on the pipes"},
            files={"photos": ("big.png", big, "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("big.png is larger than 8 MB.", response.text)
        self.assertIn("Ice on the pipes", response.text, "the typed form is kept")
        self.assertEqual(Request.search_count([]), before)

    def test_portal_create_request_rejects_other_unit_and_empty_fault(self):
        self.authenticate("as_portal_a", "as_portal_a")
        token, __ = self._csrf("/my/service_requests/new")
        Request = self.env["aftersales.service.request"]
        before = Request.search_count([])
        response = self.url_open(
            "/my/service_requests/new",
            data={"csrf_token": token, "lot_id": self.lot_b.id, "fault": "Broken"},
        )
        self.assertIn("Choose one of your registered units.", response.text)
        response = self.url_open(
            "/my/service_requests/new",
            data={"csrf_token": token, "lot_id": self.lot_a.id, "fault": "  "},
        )
        self.assertIn("Describe the fault.", response.text)
        self.assertEqual(Request.search_count([]), before)

    def test_portal_sign_service_confirmation(self):
        self.authenticate("as_portal_a", "as_portal_a")
        response = self.url_open(f"/my/service_requests/{self.request_a_done.id}")
        self.assertIn("Sign the Service Confirmation", response.text)
        # nothing to sign on a request not done yet
        result = self.make_jsonrpc_request(
            f"/my/service_requests/{self.request_a.id}/sign",
            {"name": "Alice Baker", "signature": PIXEL.decode()},
        )
        self.assertIn("error", result)
        result = self.make_jsonrpc_request(
            f"/my/service_requests/{self.request_a_done.id}/sign",
            {"name": "Alice Baker", "signature": PIXEL.decode()},
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertTrue(self.request_a_done.customer_confirmed)
        self.assertEqual(self.request_a_done.signed_by, "Alice Baker")
        # the desk can now close it
        self.request_a_done.action_close()
        self.assertEqual(self.request_a_done.state, "closed")

    def test_portal_sign_needs_the_customer_or_the_customers_link(self):
        """Who may read the job (its technician, its provider) cannot sign in the customer's
        name by sending any token: only the customer's own token (the link the customer
        opens) or the customer's login signs."""
        url = f"/my/service_requests/{self.request_a_done.id}/sign"
        for login in ("as_portal_tech", "as_portal_provider"):
            self.authenticate(login, login)
            for token in (None, "bogus", "0" * 36):
                params = {"name": "Alice Baker", "signature": PIXEL.decode()}
                if token:
                    params["access_token"] = token
                result = self.make_jsonrpc_request(url, params)
                self.assertIn("error", result, f"{login} with token {token!r}")
                self.assertNotIn(
                    self.request_a_done.access_token or "-", str(result), "no token handed out"
                )
                self.assertFalse(self.request_a_done.customer_confirmed)
        # the customer's link, opened on the technician's phone, signs
        self.authenticate("as_portal_tech", "as_portal_tech")
        result = self.make_jsonrpc_request(
            url,
            {
                "name": "Alice Baker",
                "signature": PIXEL.decode(),
                "access_token": self.request_a_done._portal_ensure_token(),
            },
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertTrue(self.request_a_done.customer_confirmed)

    def test_portal_sign_other_customer_refused(self):
        self.authenticate("as_portal_b", "as_portal_b")
        result = self.make_jsonrpc_request(
            f"/my/service_requests/{self.request_a_done.id}/sign",
            {"name": "Bruno Medic", "signature": PIXEL.decode()},
        )
        self.assertIn("error", result)
        self.assertFalse(self.request_a_done.customer_confirmed)

    # ------------------------------------------------------------------ provider pages
    def test_provider_sees_jobs_and_confirms_completion(self):
        self.authenticate("as_portal_provider", "as_portal_provider")
        response = self.url_open("/my/provider/jobs")
        self.assertIn(self.job.name, response.text)
        self.assertNotIn(self.request_a.name, response.text)
        token, page = self._csrf(f"/my/provider/jobs/{self.job.id}")
        self.assertIn("Confirm Completion", page.text)
        response = self.url_open(
            f"/my/provider/jobs/{self.job.id}/complete",
            data={"csrf_token": token, "work_done": "Remote replaced", "time_spent": "1.5"},
        )
        self.assertIn("the job is recorded as done", response.text)
        self.assertEqual(self.job.state, "done")
        self.assertEqual(self.job.time_spent, 1.5)
        self.assertIn("Remote replaced", self.job.work_done)

    def test_provider_completion_needs_work_done(self):
        self.authenticate("as_portal_provider", "as_portal_provider")
        token, __ = self._csrf(f"/my/provider/jobs/{self.job.id}")
        response = self.url_open(
            f"/my/provider/jobs/{self.job.id}/complete",
            data={"csrf_token": token, "work_done": "", "time_spent": "1"},
        )
        self.assertIn("Describe the work done.", response.text)
        self.assertEqual(self.job.state, "dispatched")

    def test_customer_cannot_complete_a_job(self):
        self.authenticate("as_portal_b", "as_portal_b")
        response = self.url_open(f"/my/provider/jobs/{self.job.id}")
        self.assertNotIn("Confirm Completion", response.text)
        token, __ = self._csrf("/my/service_requests/new")
        self.url_open(
            f"/my/provider/jobs/{self.job.id}/complete",
            data={"csrf_token": token, "work_done": "Fixed myself", "time_spent": "1"},
        )
        self.assertEqual(self.job.state, "dispatched")

    def test_provider_settlements_and_statement(self):
        if "aftersales.provider.settlement" not in self.env:
            self.skipTest("no settlement model")
        Settlement = self.env["aftersales.provider.settlement"]
        settlement = Settlement.create({"provider_id": self.provider.id})
        # another contracted provider's settlement
        with frozen_steps():
            self.env["aftersales.provider"].create(
                {"partner_id": self.customer_b.id, "state": "active"}
            )
        other = Settlement.create({"provider_id": self.customer_b.id})
        # confirmed without jobs and bills: only the portal's access is tested here
        with frozen_steps():
            (settlement | other).state = "confirmed"
        self.assertEqual(Settlement.with_user(self.portal_provider).search([]), settlement)
        self.assertFalse(Settlement.with_user(self.portal_a).search([]))
        self.authenticate("as_portal_provider", "as_portal_provider")
        response = self.url_open("/my/provider/settlements")
        self.assertIn(settlement.name, response.text)
        self.assertNotIn(other.name, response.text)
        response = self.url_open(f"/my/provider/settlements/{settlement.id}/statement")
        self.assertEqual(response.headers.get("Content-Type"), "application/pdf")
        response = self.url_open(f"/my/provider/settlements/{other.id}/statement")
        self.assertNotEqual(response.headers.get("Content-Type"), "application/pdf")
