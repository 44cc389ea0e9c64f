# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import binascii
import math
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup, escape

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal import REQUEST_MODEL, document_photos, portal_user_tz, read_uploaded_photos

OPEN_JOB_STATES = ("dispatched", "in_progress")


class AftersalesJobSheetPortal(CustomerPortal):
    """The technician's day on a phone: today's jobs in order, and one page per job to
    check in, tick the checklist, record the parts used and the photos, finish the job and
    have the customer sign on the technician's phone.

    One page serves both: the company's own technicians (internal users, the jobs
    dispatched to them) and the users of a contracted provider (portal users, the jobs
    their company accepted). Plain server-rendered forms: it works on a slow connection
    and needs no desktop widget. Every route finds the job with the user's own rights
    (:meth:`_aftersales_jobsheet_job`) and then writes with sudo."""

    # ------------------------------------------------------------------ which jobs
    def _aftersales_jobsheet_domain(self):
        user = request.env.user
        if user._is_internal():
            domain = [("technician_id", "=", user.id)]
        else:
            domain = [
                ("provider_id", "child_of", user.partner_id.commercial_partner_id.ids),
                ("provider_acceptance", "!=", "pending"),
            ]
        return domain + [("state", "in", (*OPEN_JOB_STATES, "done", "closed"))]

    def _aftersales_jobsheet_job(self, job_id):
        """The job, sudo, if it is one of the user's; raises otherwise."""
        if request.env.user._is_public():
            raise AccessError(_("Log in to open your jobs."))
        job = request.env[REQUEST_MODEL].search(
            self._aftersales_jobsheet_domain() + [("id", "=", job_id)], limit=1
        )
        if not job:
            raise MissingError(_("This job is not one of yours."))
        return job.sudo()

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "jobsheet_count" in counters:
            Request = request.env[REQUEST_MODEL]
            values["jobsheet_count"] = (
                Request.search_count(
                    self._aftersales_jobsheet_domain() + [("state", "in", OPEN_JOB_STATES)]
                )
                if not request.env.user._is_public() and Request.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------ the day
    def _aftersales_local_day_bounds(self, day):
        """The UTC bounds of ``day`` in the user's time zone."""
        tz = portal_user_tz()
        start = tz.localize(datetime.combine(day, time.min)).astimezone(pytz.utc)
        return start.replace(tzinfo=None), (start + timedelta(days=1)).replace(tzinfo=None)

    @staticmethod
    def _aftersales_job_moment(job):
        """When the job is expected: its agreed visit, else its arrival deadline."""
        return job.appointment_start or job.arrival_deadline or job.date_request

    @http.route(["/my/jobsheet"], type="http", auth="user", website=True)
    def portal_my_jobsheet(self, **kw):
        Request = request.env[REQUEST_MODEL]
        today = datetime.now(portal_user_tz()).date()
        day_start, day_end = self._aftersales_local_day_bounds(today)
        domain = self._aftersales_jobsheet_domain()
        open_jobs = Request.search(domain + [("state", "in", OPEN_JOB_STATES)], limit=200).sudo()
        open_jobs = open_jobs.sorted(
            lambda job: (job.state != "in_progress", self._aftersales_job_moment(job), job.id)
        )
        # later: only the jobs whose visit is agreed on a later day; the others are to do now
        today_jobs = open_jobs.filtered(
            lambda job: not job.appointment_start or job.appointment_start < day_end
        )
        done_today = Request.search(
            domain
            + [
                ("state", "in", ("done", "closed")),
                ("date_done", ">=", day_start),
                ("date_done", "<", day_end),
            ],
            order="date_done desc",
        ).sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "jobsheet",
                "today": today,
                "today_jobs": today_jobs,
                "later_jobs": open_jobs - today_jobs,
                "done_today": done_today,
                "day_end": day_end,
            }
        )
        return request.render("aftersales_service.portal_my_jobsheet", values)

    # ------------------------------------------------------------------ one job
    def _aftersales_jobsheet_parts(self, job):
        """Parts the technician can take, from the job's stock: ``[(product, quantity)]``,
        what is on hand less what is reserved (for this job's or another job's parts)."""
        location = job._parts_location()
        if not location:
            return []
        groups = (
            request.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("location_id", "child_of", location.id),
                    ("product_id.is_storable", "=", True),
                    ("quantity", ">", 0),
                ],
                ["product_id"],
                ["quantity:sum", "reserved_quantity:sum"],
            )
        )
        return sorted(
            (
                (product, quantity - reserved)
                for product, quantity, reserved in groups
                if quantity - reserved > 0
            ),
            key=lambda pair: pair[0].display_name,
        )

    def _aftersales_jobsheet_values(self, job, errors=None, post=None, message=None):
        """What the job's page shows; a hook for the addons that add to it."""
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "jobsheet_job",
                "job": job,
                "message": message,
                "errors": errors or {},
                "post": post or {},
                "can_check_in": job.state == "dispatched"
                or (job.state == "in_progress" and not job.on_site),
                "on_site": job.state == "in_progress" and job.on_site,
                "can_sign": job.state == "done" and not job.customer_confirmed,
                "parts_location": job._parts_location(),
                "available_parts": self._aftersales_jobsheet_parts(job)
                if job.state == "in_progress"
                else [],
                "part_lines": job.line_ids.filtered(lambda line: line.line_type == "part"),
                "photos": document_photos(REQUEST_MODEL, job.id, job.technician_id),
            }
        )
        return values

    def _aftersales_jobsheet_render(self, job, errors=None, post=None, message=None):
        return request.render(
            "aftersales_service.portal_my_jobsheet_job",
            self._aftersales_jobsheet_values(job, errors=errors, post=post, message=message),
        )

    def _aftersales_jobsheet_or_redirect(self, job_id):
        try:
            return self._aftersales_jobsheet_job(job_id), None
        except (AccessError, MissingError):
            return None, request.redirect("/my")

    @staticmethod
    def _aftersales_jobsheet_url(job, message=None):
        return f"/my/jobsheet/{job.id}" + (f"?message={message}" if message else "")

    @http.route(["/my/jobsheet/<int:job_id>"], type="http", auth="user", website=True)
    def portal_my_jobsheet_job(self, job_id, message=None, **kw):
        job, redirect = self._aftersales_jobsheet_or_redirect(job_id)
        if redirect:
            return redirect
        return self._aftersales_jobsheet_render(job, message=message)

    def _aftersales_jobsheet_step(self, job_id, step, message):
        """Run ``step(job)``; the page again with the refusal next to the step, if any."""
        job, redirect = self._aftersales_jobsheet_or_redirect(job_id)
        if redirect:
            return redirect
        try:
            with request.env.cr.savepoint():
                step(job)
        except (UserError, ValidationError) as error:
            return self._aftersales_jobsheet_render(
                job, errors={"step": error.args[0]}, post=dict(request.params)
            )
        return request.redirect(self._aftersales_jobsheet_url(job, message))

    @http.route(
        ["/my/jobsheet/<int:job_id>/check_in"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_jobsheet_check_in(self, job_id, **kw):
        return self._aftersales_jobsheet_step(
            job_id, lambda job: job.action_check_in(), "checked_in"
        )

    @http.route(
        ["/my/jobsheet/<int:job_id>/unreachable"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_jobsheet_unreachable(self, job_id, **kw):
        return self._aftersales_jobsheet_step(
            job_id, lambda job: job.action_customer_unreachable(), "unreachable"
        )

    @http.route(
        ["/my/jobsheet/<int:job_id>/check_out"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_jobsheet_check_out(self, job_id, reason=None, **kw):
        job, redirect = self._aftersales_jobsheet_or_redirect(job_id)
        if redirect:
            return redirect
        if not (reason or "").strip():
            return self._aftersales_jobsheet_render(
                job,
                errors={"reason": _("Say why the job needs another visit.")},
                post=dict(request.params),
            )
        return self._aftersales_jobsheet_step(
            job_id,
            lambda job: job.action_check_out(reason),
            "checked_out",
        )

    @http.route(
        ["/my/jobsheet/<int:job_id>/checklist"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_jobsheet_checklist(self, job_id, **post):
        def tick(job):
            if job.state != "in_progress":
                raise UserError(_("Check in on site before ticking the checklist."))
            ticked = {
                int(key[6:]) for key in post if key.startswith("point_") and key[6:].isdigit()
            }
            lines = job.checklist_line_ids
            lines.filtered(lambda line: line.id in ticked and not line.done).write({"done": True})
            lines.filtered(lambda line: line.id not in ticked and line.done).write({"done": False})

        return self._aftersales_jobsheet_step(job_id, tick, "checklist")

    @http.route(
        ["/my/jobsheet/<int:job_id>/parts"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_jobsheet_part_add(self, job_id, product_id=None, quantity=None, **kw):
        job, redirect = self._aftersales_jobsheet_or_redirect(job_id)
        if redirect:
            return redirect
        errors = {}
        if job.state != "in_progress":
            errors["part"] = _("Check in on site before recording the parts used.")
        available = dict(self._aftersales_jobsheet_parts(job))
        product = next(
            (p for p in available if str(p.id) == str(product_id or "").strip()),
            None,
        )
        if not errors and not product:
            errors["part"] = _("Choose a part of the stock you take parts from.")
        try:
            qty = float(quantity or 0)
        except ValueError:
            qty = 0.0
        if not math.isfinite(qty):
            qty = 0.0
        if not errors and qty <= 0:
            errors["part"] = _("The quantity must be a positive number (%(qty)s).", qty=quantity)
        if not errors and qty > available[product]:
            errors["part"] = _(
                "Only %(available)s of %(part)s are in %(location)s.",
                available=available[product],
                part=product.display_name,
                location=job._parts_location().display_name,
            )
        if errors:
            return self._aftersales_jobsheet_render(job, errors=errors, post=dict(request.params))
        return self._aftersales_jobsheet_step(
            job_id,
            lambda job: (
                request.env["aftersales.service.line"]
                .sudo()
                .create(
                    {
                        "request_id": job.id,
                        "line_type": "part",
                        "product_id": product.id,
                        "quantity": qty,
                    }
                )
            ),
            "part_added",
        )

    @http.route(
        ["/my/jobsheet/<int:job_id>/parts/<int:line_id>/remove"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_jobsheet_part_remove(self, job_id, line_id, **kw):
        def remove(job):
            line = job.line_ids.filtered(lambda line: line.id == line_id)
            if job.state != "in_progress" or not line or line.move_id.state == "done":
                raise UserError(_("This part can no longer be removed from the job."))
            line.unlink()

        return self._aftersales_jobsheet_step(job_id, remove, "part_removed")

    @http.route(
        ["/my/jobsheet/<int:job_id>/photos"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_jobsheet_photos(self, job_id, **kw):
        job, redirect = self._aftersales_jobsheet_or_redirect(job_id)
        if redirect:
            return redirect
        errors = {}
        if job.state not in (*OPEN_JOB_STATES, "done"):
            errors["photos"] = _("The job is closed: its photos can no longer change.")
            photos = []
        else:
            photos = read_uploaded_photos(errors)
            if not photos and not errors:
                errors["photos"] = _("Choose the photos to add.")
        if errors:
            return self._aftersales_jobsheet_render(job, errors=errors)
        request.env["ir.attachment"].sudo().create(
            [
                {
                    "name": name,
                    "raw": content,
                    "res_model": REQUEST_MODEL,
                    "res_id": job.id,
                    "mimetype": mimetype,
                }
                for name, mimetype, content in photos
            ]
        )
        job.message_post(
            body=_(
                "%(count)s photo(s) added on the job sheet by %(user)s.",
                count=len(photos),
                user=request.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return request.redirect(self._aftersales_jobsheet_url(job, "photos"))

    # ------------------------------------------------------------------ finish and sign
    def _aftersales_jobsheet_finish_vals(self, job, post, errors):
        """Values the finish form writes on the job; fills ``errors`` by field. A hook for
        the addons that add fields to the form (the fault found)."""
        vals = {}
        work_done = (post.get("work_done") or "").strip()
        if work_done:
            vals["work_done"] = Markup("<p>%s</p>") % escape(work_done)
        elif job.kind != "consultation":
            errors["work_done"] = _("Describe the work done.")
        time_spent = (post.get("time_spent") or "").strip()
        if time_spent:
            try:
                hours = float(time_spent)
            except ValueError:
                hours = -1
            if not math.isfinite(hours) or hours < 0:
                errors["time_spent"] = _(
                    "The time spent must be a positive number of hours (%(value)s).",
                    value=time_spent,
                )
            else:
                vals["time_spent"] = hours
        if job.kind == "repair":
            leak = (post.get("leak_found") or "").strip()
            kinds = dict(job._fields["leak_found"]._description_selection(request.env))
            if leak and leak not in kinds:
                errors["leak_found"] = _(
                    "Choose the installation leak among those shown (%(value)s).", value=leak
                )
            elif leak or job.leak_found:
                vals["leak_found"] = leak or False
        return vals

    @http.route(
        ["/my/jobsheet/<int:job_id>/finish"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_jobsheet_finish(self, job_id, **post):
        job, redirect = self._aftersales_jobsheet_or_redirect(job_id)
        if redirect:
            return redirect
        errors = {}
        if job.state != "in_progress":
            errors["step"] = _("Check in on site before finishing the job.")
        vals = self._aftersales_jobsheet_finish_vals(job, post, errors)
        if errors:
            return self._aftersales_jobsheet_render(job, errors=errors, post=post)

        def finish(job):
            job.write(vals)
            job.action_done()
            job.message_post(
                body=_("Finished on the job sheet by %(user)s.", user=request.env.user.name),
                subtype_xmlid="mail.mt_note",
            )

        return self._aftersales_jobsheet_step(job_id, finish, "done")

    @http.route(["/my/jobsheet/<int:job_id>/sign"], type="json", auth="user", website=True)
    def portal_jobsheet_sign(self, job_id, name=None, signature=None, **kw):
        """The customer signs the service confirmation on the technician's phone."""
        try:
            job = self._aftersales_jobsheet_job(job_id)
        except (AccessError, MissingError):
            return {"error": _("This job is not one of yours.")}
        if job.state != "done" or job.customer_confirmed:
            return {
                "error": _("Service request %(name)s does not wait for a signature.", name=job.name)
            }
        name = (name or "").strip()
        if not name:
            return {"error": _("Type the name of the customer who signs.")}
        if not signature:
            return {"error": _("The signature is missing.")}
        try:
            with request.env.cr.savepoint():
                job.action_sign(signature, name)
        except (TypeError, binascii.Error, UserError, ValidationError):
            return {"error": _("Invalid signature data.")}
        job.message_post(
            body=_(
                "Service confirmation signed by %(name)s on the phone of %(user)s.",
                name=name,
                user=request.env.user.name,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "force_refresh": True,
            "redirect_url": self._aftersales_jobsheet_url(job, "signed"),
        }
