# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from .portal_provider import AftersalesProviderPortal


class AftersalesCustomerRequestPortal(AftersalesProviderPortal):
    """The customer's side of a request on the portal: the visit they would like when they
    file it, and, until it is dispatched, rebooking that visit or cancelling the request."""

    def _aftersales_validate_new_request(self, post, lots):
        errors, photos = super()._aftersales_validate_new_request(post, lots)
        day, time_from, time_to = (post.get(k) for k in ("visit_day", "visit_from", "visit_to"))
        if day or time_from or time_to:
            moments = self._aftersales_parse_appointment(day, time_from, time_to)
            if not moments or moments[1] <= moments[0]:
                errors["visit"] = _(
                    "Give the day and a time window that ends after it starts, or leave the "
                    "three fields empty."
                )
            elif moments[0] < fields.Datetime.now():
                errors["visit"] = _("The visit cannot be in the past.")
            else:
                post["_visit"] = moments
        return errors, photos

    def _aftersales_prepare_request_vals(self, post, lot):
        vals = super()._aftersales_prepare_request_vals(post, lot)
        if post.get("_visit"):
            vals["appointment_start"], vals["appointment_end"] = post["_visit"]
        return vals

    def _aftersales_customer_request(self, request_id):
        """The request, sudo, if it is one of the customer's own; raises otherwise."""
        request_sudo = self._aftersales_check_request(request_id)
        if not self._aftersales_is_customer_of(request_sudo):
            raise AccessError(_("This request is not one of yours."))
        return request_sudo

    @http.route(["/my/service_requests/<int:request_id>"], type="http", auth="public", website=True)
    def portal_my_service_request(self, request_id, access_token=None, message=None, **kw):
        response = super().portal_my_service_request(
            request_id, access_token=access_token, message=message, **kw
        )
        sr = getattr(response, "qcontext", {}).get("service_request")
        if sr and not request.env.user._is_public():
            response.qcontext.update(
                {
                    "can_change": sr.state == "new" and self._aftersales_is_customer_of(sr),
                    "can_accept_quote": self._aftersales_is_customer_of(sr),
                    "form_error": kw.get("form_error"),
                }
            )
        return response

    @http.route(
        ["/my/service_requests/<int:request_id>/rebook"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_service_request_rebook(
        self, request_id, day=None, time_from=None, time_to=None, **kw
    ):
        try:
            request_sudo = self._aftersales_customer_request(request_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        url = f"/my/service_requests/{request_sudo.id}"
        if request_sudo.state != "new" or not self._aftersales_book_visit(
            request_sudo, day, time_from, time_to, future=True
        ):
            return request.redirect(f"{url}?form_error=visit")
        return request.redirect(f"{url}?message=rebooked")

    @http.route(
        ["/my/service_requests/<int:request_id>/cancel"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_service_request_cancel(self, request_id, reason=None, **kw):
        try:
            request_sudo = self._aftersales_customer_request(request_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        url = f"/my/service_requests/{request_sudo.id}"
        reason = (reason or "").strip()
        if request_sudo.state != "new":
            return request.redirect(f"{url}?form_error=cancel_state")
        if not reason:
            return request.redirect(f"{url}?form_error=cancel")
        try:
            with request.env.cr.savepoint():
                request_sudo.action_cancel()
                request_sudo.message_post(
                    body=_("Cancelled by the customer on the portal: %(reason)s", reason=reason),
                    author_id=request.env.user.partner_id.id,
                    subtype_xmlid="mail.mt_comment",
                )
        except UserError:
            return request.redirect(f"{url}?form_error=cancel_state")
        return request.redirect(f"{url}?message=cancelled")

    @http.route(
        ["/my/service_requests/<int:request_id>/quote/accept"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_service_request_quote_accept(self, request_id, **kw):
        """The customer accepts the quote of the charged work on the portal."""
        try:
            request_sudo = self._aftersales_customer_request(request_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        url = f"/my/service_requests/{request_sudo.id}"
        try:
            with request.env.cr.savepoint():
                request_sudo.action_accept_quote(signed_by=request.env.user.partner_id.name)
        except UserError:
            return request.redirect(f"{url}?form_error=quote")
        return request.redirect(f"{url}?message=quote_accepted")
