# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fault the technician found, chosen on the job sheet of the phone, feeds the quality
feedback as a workshop repair does; only a fault of the product's category is taken."""

from lxml import html

from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.portal_common import AftersalesPortalCase


@tagged("post_install", "-at_install")
class TestJobSheetFault(AftersalesPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.company.aftersales_quality_feedback_on_repair = True
        cls.categ = env["product.category"].create({"name": "JS split units"})
        cls.product.categ_id = cls.categ
        cls.other_categ = env["product.category"].create({"name": "JS water purifiers"})
        Code = env["aftersales.fault.code"]
        cls.leak = Code.create(
            {"code": "JS-L01", "name": "Refrigerant leak", "categ_id": cls.categ.id}
        )
        cls.membrane = Code.create(
            {"code": "JS-M01", "name": "Membrane clogged", "categ_id": cls.other_categ.id}
        )
        cls.job = env["aftersales.service.request"].create(
            {
                "partner_id": cls.contact_a.id,
                "lot_id": cls.lot_a.id,
                "technician_id": cls.technician.id,
                "fault_description": "<p>No cooling</p>",
            }
        )
        cls.job.action_dispatch()

    def _post(self, action, **data):
        url = f"/my/jobsheet/{self.job.id}"
        page = html.fromstring(self.url_open(url).text)
        data["csrf_token"] = page.xpath("//input[@name='csrf_token']/@value")[0]
        return self.url_open(f"{url}/{action}", data=data)

    def test_fault_found_on_the_job_sheet_feeds_quality_feedback(self):
        self.authenticate("as_portal_tech", "as_portal_tech")
        self._post("check_in")
        page = html.fromstring(self.url_open(f"/my/jobsheet/{self.job.id}").text)
        offered = page.xpath("//select[@name='fault_code_id']/option/@value")
        self.assertIn(str(self.leak.id), offered)
        self.assertNotIn(str(self.membrane.id), offered, "only the product's category")
        # a fault of another category is refused, nothing written, the work typed kept
        response = self._post(
            "finish", work_done="Leak brazed", time_spent="1", fault_code_id=str(self.membrane.id)
        )
        self.assertIn("Choose a fault of the list", response.text)
        self.assertEqual(self.job.state, "in_progress")
        self.assertIn("Leak brazed", response.text)
        self._post(
            "finish", work_done="Leak brazed", time_spent="1", fault_code_id=str(self.leak.id)
        )
        self.assertEqual(self.job.state, "done")
        self.assertEqual(self.job.aftersales_fault_code_id, self.leak)
        feedback = self.env["aftersales.quality.feedback"].search(
            [("service_request_id", "=", self.job.id)]
        )
        self.assertEqual(len(feedback), 1)
        self.assertEqual(feedback.fault_code_id, self.leak)
        page = self.url_open(f"/my/jobsheet/{self.job.id}").text
        self.assertIn("JS-L01", page)
