from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ComplaintPortal(CustomerPortal):
    """Portal intake and status of complaints.

    The internal handling form (客戶抱怨處理表) is never shown to the customer (CP-A12):
    the portal shows the number, the status and the conversation only.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            model = request.env["aftersales.complaint"]
            values["complaint_count"] = model.search_count([]) if model.has_access("read") else 0
        return values

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, **kw):
        model = request.env["aftersales.complaint"]
        count = model.search_count([])
        pager = portal_pager(
            url="/my/complaints", total=count, page=page, step=self._items_per_page
        )
        complaints = model.search(
            [], order="date_registered desc", limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaints": complaints,
                "pager": pager,
                "page_name": "complaint",
                "default_url": "/my/complaints",
            }
        )
        return request.render("aftersales_complaint.portal_my_complaints", values)

    @http.route(["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True)
    def portal_my_complaint(self, complaint_id, access_token=None, **kw):
        try:
            complaint = self._document_check_access(
                "aftersales.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            complaint,
            access_token,
            {"complaint": complaint, "page_name": "complaint"},
            "my_complaints_history",
            False,
        )
        return request.render("aftersales_complaint.portal_my_complaint", values)

    @http.route(
        ["/my/complaints/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_complaint(self, **post):
        if request.httprequest.method == "POST" and post.get("customer_demand"):
            partner = request.env.user.partner_id
            complaint = (
                request.env["aftersales.complaint"]
                .sudo()
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": request.env.company.id,
                        "channel": "portal",
                        "email_from": partner.email,
                        "customer_demand": post.get("customer_demand"),
                        "description": post.get("description"),
                        "user_id": False,
                    }
                )
            )
            complaint.message_subscribe(partner_ids=partner.ids)
            return request.redirect(f"/my/complaints/{complaint.id}")
        return request.render(
            "aftersales_complaint.portal_new_complaint", self._prepare_portal_layout_values()
        )
