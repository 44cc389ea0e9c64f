from odoo.tests import tagged

from odoo.addons.aftersales_service.tests.portal_common import AftersalesPortalCase


@tagged("post_install", "-at_install")
class TestServiceRequestPortalSurvey(AftersalesPortalCase):
    """The satisfaction survey of a finished request is offered on its portal page,
    to its customer only."""

    def test_portal_request_page_offers_the_survey(self):
        self.company.aftersales_survey_sampling_pct = 100
        request = self.request_a
        request.technician_id = self.technician
        request.action_dispatch()
        request.action_start()
        request.work_done = "<p>Gas refilled</p>"
        request.action_done()
        # issued by the scheduled action the finish triggers, right after the commit
        self.env["aftersales.return.visit"]._cron_send_survey_mails()
        answer = request.return_visit_ids.user_input_id
        self.assertEqual(len(answer), 1, "the survey visit carries one survey answer")
        self.authenticate("as_portal_a", "as_portal_a")
        response = self.url_open(f"/my/service_requests/{request.id}")
        self.assertIn("Answer the Survey", response.text)
        self.assertIn(answer.access_token, response.text)
        # another customer's portal user never gets the page
        self.authenticate("as_portal_b", "as_portal_b")
        response = self.url_open(f"/my/service_requests/{request.id}")
        self.assertNotIn(answer.access_token, response.text)
