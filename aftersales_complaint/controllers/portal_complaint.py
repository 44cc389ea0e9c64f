from odoo import Command, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request

from odoo.addons.aftersales_service.controllers.portal import (
    MAX_TEXT,
    check_submission_rate,
    check_text_lengths,
)
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
                "complaints": complaints.sudo(),
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

    def _complaint_installed_lots(self):
        """Units of the customer's installed base the complaint form offers."""
        return (
            request.env["stock.lot"]
            .sudo()
            .search(
                [("aftersales_partner_id", "=", request.env.user.commercial_partner_id.id)],
                order="name",
            )
        )

    def _prepare_complaint_vals(self, post, lots):
        """Values of a complaint filed on the portal: each unit ticked by the customer
        becomes a product line (one defective piece)."""
        partner = request.env.user.partner_id
        chosen = [int(v) for v in request.httprequest.form.getlist("lot_ids") if v.isdigit()]
        chosen_lots = lots.filtered(lambda lot: lot.id in chosen)
        return {
            "partner_id": partner.id,
            "company_id": chosen_lots[:1].company_id.id or request.env.company.id,
            "channel": "portal",
            "email_from": partner.email,
            "customer_demand": post.get("customer_demand"),
            "description": post.get("description"),
            "user_id": False,
            "line_ids": [
                Command.create(
                    {
                        "product_id": lot.product_id.id,
                        "lot_id": lot.id,
                        "quantity": 1.0,
                        "defective_qty": 1.0,
                    }
                )
                for lot in chosen_lots
            ],
        }

    def _validate_complaint_form(self, post, lots):
        """``{field name: message}`` of what the form must fix; nothing is dropped silently."""
        errors = {}
        check_text_lengths(errors, post, {"customer_demand": MAX_TEXT, "description": MAX_TEXT})
        if not (post.get("customer_demand") or "").strip():
            errors["customer_demand"] = request.env._("Say what you ask for.")
        sent = request.httprequest.form.getlist("lot_ids")
        unknown = [v for v in sent if not v.isdigit() or int(v) not in lots.ids]
        if unknown:
            errors["lot_ids"] = request.env._(
                "%(count)s of the units sent are not registered to you: choose among yours.",
                count=len(unknown),
            )
        return errors

    @http.route(
        ["/my/complaints/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_complaint(self, **post):
        lots = self._complaint_installed_lots()
        errors = {}
        if request.httprequest.method == "POST":
            errors = self._validate_complaint_form(post, lots)
            check_submission_rate(errors, "customer_demand")
            if not errors:
                vals = self._prepare_complaint_vals(post, lots)
                # created in the customer's name: Odoo makes them a follower
                complaint = request.env["aftersales.complaint"].sudo().create(vals)
                return request.redirect(f"/my/complaints/{complaint.id}")
        values = self._prepare_portal_layout_values()
        chosen = request.httprequest.form.getlist("lot_ids")
        values.update(
            {
                "lots": lots,
                "errors": errors,
                "post": post,
                "chosen_lot_ids": [int(v) for v in chosen if v.isdigit()],
            }
        )
        return request.render("aftersales_complaint.portal_new_complaint", values)
