# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from .portal import AftersalesServicePortal


class AftersalesProviderPortal(AftersalesServicePortal):
    """A contracted provider on the portal: accepts or declines a job dispatched to it,
    agrees the visit with the customer, reports the old parts it ships back.

    Every route checks the job was dispatched to the user's provider company
    (:meth:`_aftersales_check_provider_job`) and then writes with sudo."""

    @http.route(["/my/provider/jobs/<int:request_id>"], type="http", auth="user", website=True)
    def portal_my_provider_job(self, request_id, message=None, error=None, **kw):
        response = super().portal_my_provider_job(request_id, message=message, error=error, **kw)
        job = getattr(response, "qcontext", {}).get("job")
        if job:
            response.qcontext.update(
                {
                    "can_answer": job.state == "dispatched"
                    and job.provider_acceptance == "pending",
                    "can_book": job.state in ("dispatched", "in_progress")
                    and job.provider_acceptance != "pending",
                    "old_parts": request.env["aftersales.old.part.return"]
                    .sudo()
                    .search([("request_id", "=", job.id)]),
                    "form_error": kw.get("form_error"),
                }
            )
        return response

    def _aftersales_job_or_redirect(self, request_id):
        try:
            return self._aftersales_check_provider_job(request_id), None
        except (AccessError, MissingError):
            return None, request.redirect("/my")

    @http.route(
        ["/my/provider/jobs/<int:request_id>/accept"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_provider_job_accept(self, request_id, **kw):
        job, redirect = self._aftersales_job_or_redirect(request_id)
        if redirect:
            return redirect
        try:
            job.action_provider_accept()
        except UserError:
            return request.redirect(f"/my/provider/jobs/{job.id}?error=state")
        return request.redirect(f"/my/provider/jobs/{job.id}?message=accepted")

    @http.route(
        ["/my/provider/jobs/<int:request_id>/complete"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_provider_job_complete(self, request_id, work_done=None, time_spent=None, **kw):
        """Completing a job not answered yet takes it: it is accepted first."""
        job, redirect = self._aftersales_job_or_redirect(request_id)
        if redirect:
            return redirect
        if job.state == "dispatched" and job.provider_acceptance == "pending" and work_done:
            job.action_provider_accept()
        return super().portal_provider_job_complete(
            request_id, work_done=work_done, time_spent=time_spent, **kw
        )

    @http.route(
        ["/my/provider/jobs/<int:request_id>/decline"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_provider_job_decline(self, request_id, reason=None, **kw):
        job, redirect = self._aftersales_job_or_redirect(request_id)
        if redirect:
            return redirect
        if not (reason or "").strip():
            return request.redirect(f"/my/provider/jobs/{job.id}?form_error=reason")
        try:
            job.action_provider_decline(reason)
        except UserError:
            return request.redirect(f"/my/provider/jobs/{job.id}?error=state")
        # the job is no longer the provider's: back to the list
        return request.redirect("/my/provider/jobs?message=declined")

    @http.route(
        ["/my/provider/jobs/<int:request_id>/appointment"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_provider_job_appointment(
        self, request_id, day=None, time_from=None, time_to=None, **kw
    ):
        job, redirect = self._aftersales_job_or_redirect(request_id)
        if redirect:
            return redirect
        url = f"/my/provider/jobs/{job.id}"
        # a visit is booked on an accepted job, and ahead: never in the past (the visit
        # moves the job's arrival target)
        if job.provider_acceptance != "accepted" or not self._aftersales_book_visit(
            job, day, time_from, time_to, future=True
        ):
            return request.redirect(f"{url}?form_error=appointment")
        return request.redirect(f"{url}?message=booked")

    @http.route(
        ["/my/provider/jobs/<int:request_id>/old_parts/<int:part_id>/shipped"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_provider_old_part_shipped(
        self, request_id, part_id, carrier=None, tracking_ref=None, **kw
    ):
        job, redirect = self._aftersales_job_or_redirect(request_id)
        if redirect:
            return redirect
        url = f"/my/provider/jobs/{job.id}"
        part = (
            request.env["aftersales.old.part.return"]
            .sudo()
            .search([("id", "=", part_id), ("request_id", "=", job.id)])
        )
        if not part:
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                part._report_shipped(carrier, tracking_ref)
        except UserError:
            return request.redirect(f"{url}?form_error=old_part")
        return request.redirect(f"{url}?message=shipped")

    # ------------------------------------------------------------------ provider account
    def _aftersales_provider_company(self):
        """The provider contract (sudo) of the user's company, if it is a contracted
        provider."""
        partner = self._aftersales_commercial_partner().sudo()
        return partner._aftersales_provider() or None

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "provider_account_count" in counters:
            # shown to the users of a contracted provider only
            values["provider_account_count"] = (
                0 if request.env.user._is_public() or not self._aftersales_provider_company() else 1
            )
        return values

    @http.route(["/my/provider/account"], type="http", auth="user", website=True)
    def portal_my_provider_account(self, **kw):
        """The provider's deposit and the parts held in its consignment stock."""
        provider = self._aftersales_provider_company()
        if not provider:
            return request.redirect("/my")
        quants = (
            request.env["stock.quant"]
            .sudo()
            .search(
                [
                    ("location_id", "child_of", provider.consignment_location_id.id),
                    ("quantity", "!=", 0),
                ]
            )
            if provider.consignment_location_id
            else request.env["stock.quant"]
        )
        values = self._prepare_portal_layout_values()
        values.update({"provider": provider, "quants": quants, "page_name": "provider_account"})
        return request.render("aftersales_service.portal_my_provider_account", values)
