from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class AftersalesSurveyPortal(CustomerPortal):
    """The customer's satisfaction surveys on the portal: those still to answer first,
    each opening the same survey answer as the e-mailed link."""

    def _aftersales_surveys(self):
        partner = request.env.user.partner_id
        return (
            request.env["survey.user_input"]
            .sudo()
            .search(
                request.env["survey.user_input"]._aftersales_portal_domain(partner),
                order="state, create_date desc",
                limit=100,
            )
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_survey_count" in counters:
            surveys = self._aftersales_surveys()
            values["aftersales_survey_count"] = len(surveys.filtered(lambda s: s.state != "done"))
        return values

    @http.route(["/my/surveys"], type="http", auth="user", website=True)
    def portal_my_aftersales_surveys(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "surveys": self._aftersales_surveys(),
                "page_name": "aftersales_survey",
                "default_url": "/my/surveys",
            }
        )
        return request.render("aftersales_complaint.portal_my_aftersales_surveys", values)
