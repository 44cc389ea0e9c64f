import binascii
import math
import re
from datetime import datetime

import pytz
from markupsafe import Markup, escape

from odoo import _, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request
from odoo.tools import consteq
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

MAX_PHOTOS = 5
# below Odoo's own 10 MB limit of a form's part, which answers a bare "413" page and loses
# the form: a larger photo gets the form's own message instead
MAX_PHOTO_SIZE = 8 * 1024 * 1024
REQUEST_MODEL = "aftersales.service.request"
SETTLEMENT_MODEL = "aftersales.provider.settlement"


def read_uploaded_photos(errors, field="photos", max_count=MAX_PHOTOS, max_size=MAX_PHOTO_SIZE):
    """The photos of the form's ``field`` as ``[(name, mimetype, content)]``.

    Their type is read from their content, never from the browser's word, and SVG is
    refused (it can carry scripts); a refusal goes to ``errors[field]`` and nothing is
    returned, so that nothing is half-written."""
    files = [f for f in request.httprequest.files.getlist(field) if f and f.filename]
    if len(files) > max_count:
        errors[field] = _("Attach at most %(count)s photos.", count=max_count)
        return []
    photos = []
    for file in files:
        content = file.read(max_size + 1)
        if len(content) > max_size:
            errors[field] = _("%(file)s is larger than 8 MB.", file=file.filename)
            return []
        mimetype = guess_mimetype(content)
        if not mimetype.startswith("image/") or mimetype == "image/svg+xml":
            errors[field] = _("%(file)s is not a photo.", file=file.filename)
            return []
        photos.append((file.filename, mimetype, content))
    return photos


# what a portal form keeps of a text: a description, or a short line (a serial, a carrier)
MAX_TEXT = 5000
MAX_LINE = 200


def check_text_lengths(errors, post, limits):
    """Refuse, next to each field, a text longer than its limit (``{field: limit}``), or
    holding control characters (a NUL byte emptied the whole text once stored)."""
    for field, limit in limits.items():
        text = post.get(field) or ""
        if field in errors:
            continue
        if len(text) > limit:
            errors[field] = _("At most %(limit)s characters here.", limit=limit)
        elif any(ord(char) < 32 and char not in "\t\n\r" for char in text):
            errors[field] = _("This text holds invisible control characters: type it again.")


def check_submission_rate(errors, field):
    """Count a form sent by the portal user; past the limit of the window the form is
    refused next to ``field`` (nothing is created)."""
    if errors:
        return
    Lookup = request.env["aftersales.warranty.lookup"]
    if not Lookup._record_submission(request.env.user):
        errors[field] = Lookup._submission_refused()


def document_photos(model, res_id, workers=None):
    """The images of a document shown on the portal, each with an access token: a portal
    user may not read attachments, so ``/web/image`` serves them on their token only.

    A portal user sees what the portal side may see (:func:`portal_side_photos`); the
    staff (the technician on his job sheet) read every photo in the backend anyway."""
    photos = (
        request.env["ir.attachment"]
        .sudo()
        .search(
            [("res_model", "=", model), ("res_id", "=", res_id), ("mimetype", "=like", "image/%")],
            order="id",
        )
    )
    if photos and request.env.user.share:
        photos = portal_side_photos(model, res_id, photos, workers)
    photos.filtered(lambda a: not a.access_token).generate_access_token()
    return photos


def portal_side_photos(model, res_id, photos, workers=None):
    """The photos of ``photos`` filed on the portal (by the customer, the provider:
    portal users) or on the job sheet (by ``workers``, the job's technician), and those of
    the messages sent to the customer; never a file of an internal note, nor one the
    staff attached in the backend without sending it."""
    messages = (
        request.env["mail.message"]
        .sudo()
        .search(
            [("model", "=", model), ("res_id", "=", res_id), ("attachment_ids", "in", photos.ids)]
        )
    )
    internal = messages.filtered(lambda m: m.is_internal or m.subtype_id.internal)
    sent = (messages - internal).attachment_ids
    workers = workers or request.env["res.users"]
    return photos.filtered(
        lambda a: (
            a in sent
            or (
                a not in messages.attachment_ids and (a.create_uid.share or a.create_uid in workers)
            )
        )
    )


def portal_user_tz():
    """The time zone the portal user types and reads times in: theirs, else the company's
    (read as superuser: a portal user may not read the company's partner)."""
    return pytz.timezone(request.env.user.tz or request.env.company.sudo().partner_id.tz or "UTC")


class AftersalesServicePortal(CustomerPortal):
    """Portal of the service requests.

    Customers file a request on a unit of their installed base, follow its state and
    deadlines and sign the service confirmation. Contracted service providers see the
    jobs they were dispatched, confirm their completion and see their settlements.

    Portal users only read (record rules); every write goes through a route of this
    controller that checks the record belongs to the user and then writes with sudo.
    """

    # ------------------------------------------------------------------ domains
    def _aftersales_commercial_partner(self):
        return request.env.user.partner_id.commercial_partner_id

    def _aftersales_customer_domain(self):
        """Requests of the portal user's company (customer side)."""
        return [("partner_id", "child_of", self._aftersales_commercial_partner().ids)]

    def _aftersales_provider_domain(self):
        """Jobs dispatched to the portal user's provider company."""
        return [
            ("provider_id", "child_of", self._aftersales_commercial_partner().ids),
            ("state", "not in", ("new", "cancelled")),
        ]

    def _aftersales_installed_lots(self):
        """Units of the customer's installed base the request form offers."""
        return (
            request.env["stock.lot"]
            .sudo()
            .search(
                [("aftersales_partner_id", "=", self._aftersales_commercial_partner().id)],
                order="name",
            )
        )

    # ------------------------------------------------------------------ home
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Request = request.env[REQUEST_MODEL]
        can_read = Request.has_access("read")
        if "service_request_count" in counters:
            values["service_request_count"] = (
                Request.search_count(self._aftersales_customer_domain()) if can_read else 0
            )
        if "provider_job_count" in counters:
            values["provider_job_count"] = (
                Request.search_count(self._aftersales_provider_domain()) if can_read else 0
            )
        if "provider_settlement_count" in counters:
            count = 0
            Settlement = request.env[SETTLEMENT_MODEL]
            if Settlement.has_access("read"):
                count = Settlement.search_count(self._aftersales_settlement_domain())
            values["provider_settlement_count"] = count
        return values

    # ------------------------------------------------------------------ customer list
    def _aftersales_request_searchbar_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "date_request desc, id desc"},
            "name": {"label": _("Number"), "order": "name desc"},
            "deadline": {"label": _("Promised Completion"), "order": "completion_deadline"},
            "state": {"label": _("Status"), "order": "state, date_request desc"},
        }

    def _aftersales_request_searchbar_filters(self):
        return {
            "all": {"label": _("All"), "domain": []},
            "open": {
                "label": _("Open"),
                "domain": [("state", "in", ("new", "dispatched", "in_progress", "carry_in"))],
            },
            "to_sign": {
                "label": _("To Sign"),
                "domain": [("state", "=", "done"), ("customer_confirmed", "=", False)],
            },
            "overdue": {"label": _("Overdue"), "domain": [("is_overdue", "=", True)]},
            "closed": {"label": _("Closed"), "domain": [("state", "in", ("closed", "cancelled"))]},
        }

    def _aftersales_list_values(self, base_domain, url, page, sortby, filterby, page_name):
        Request = request.env[REQUEST_MODEL]
        sortings = self._aftersales_request_searchbar_sortings()
        filters = self._aftersales_request_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        domain = base_domain + filters[filterby]["domain"]
        count = Request.search_count(domain)
        pager = portal_pager(
            url=url,
            url_args={"sortby": sortby, "filterby": filterby},
            total=count,
            page=page,
            step=self._items_per_page,
        )
        records = Request.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session[f"my_{page_name}_history"] = records.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # Rendered with sudo: the rows were found with the user's rights.
                "service_requests": records.sudo(),
                "page_name": page_name,
                "pager": pager,
                "default_url": url,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return values

    @http.route(
        ["/my/service_requests", "/my/service_requests/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_service_requests(self, page=1, sortby=None, filterby=None, **kw):
        values = self._aftersales_list_values(
            self._aftersales_customer_domain(),
            "/my/service_requests",
            page,
            sortby,
            filterby,
            "service_request",
        )
        return request.render("aftersales_service.portal_my_service_requests", values)

    # ------------------------------------------------------------------ customer detail
    def _aftersales_check_request(self, request_id, access_token=None):
        """The request, sudo, if the user (or the token) may read it; raises otherwise."""
        return self._document_check_access(REQUEST_MODEL, request_id, access_token=access_token)

    def _aftersales_parse_appointment(self, day, time_from, time_to):
        """UTC datetimes of a visit typed in the user's time zone, or None."""
        try:
            start = datetime.strptime(f"{day} {time_from}", "%Y-%m-%d %H:%M")
            end = datetime.strptime(f"{day} {time_to}", "%Y-%m-%d %H:%M")
        except (TypeError, ValueError):
            return None
        tz = portal_user_tz()
        return tuple(
            tz.localize(moment).astimezone(pytz.utc).replace(tzinfo=None) for moment in (start, end)
        )

    def _aftersales_book_visit(self, job_sudo, day, time_from, time_to, future=False):
        """Book the visit typed on a portal form (user's time zone) on ``job_sudo``; False,
        and nothing written, when the window is invalid (or in the past with ``future``) or
        the job refuses it."""
        moments = self._aftersales_parse_appointment(day, time_from, time_to)
        if not moments or moments[1] <= moments[0]:
            return False
        if future and moments[0] < fields.Datetime.now():
            return False
        try:
            with request.env.cr.savepoint():
                job_sudo._set_appointment(*moments)
        except (UserError, ValidationError):
            return False
        return True

    def _aftersales_is_customer_of(self, request_sudo):
        partner = self._aftersales_commercial_partner()
        return request_sudo.partner_id.commercial_partner_id == partner

    @http.route(["/my/service_requests/<int:request_id>"], type="http", auth="public", website=True)
    def portal_my_service_request(self, request_id, access_token=None, message=None, **kw):
        try:
            request_sudo = self._aftersales_check_request(request_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._get_page_view_values(
            request_sudo,
            access_token,
            {
                "service_request": request_sudo,
                "page_name": "service_request",
                "message": message,
                "can_sign": request_sudo.state == "done" and not request_sudo.customer_confirmed,
                "photos": document_photos(
                    REQUEST_MODEL, request_sudo.id, request_sudo.technician_id
                ),
            },
            "my_service_request_history",
            False,
        )
        return request.render("aftersales_service.portal_my_service_request", values)

    # ------------------------------------------------------------------ signature
    @http.route(
        ["/my/service_requests/<int:request_id>/sign"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_service_request_sign(self, request_id, access_token=None, name=None, signature=None):
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            request_sudo = self._aftersales_check_request(request_id, access_token)
        except (AccessError, MissingError):
            return {"error": _("Invalid service request.")}
        # the customer's own login, or the customer's link (its token): a token is not
        # checked by the access check when the user may read the request anyway (the
        # technician, the provider), so it is compared here
        by_link = bool(access_token and request_sudo.access_token) and consteq(
            request_sudo.access_token, access_token
        )
        if not by_link and not self._aftersales_is_customer_of(request_sudo):
            return {"error": _("Only the customer may sign the service confirmation.")}
        if request_sudo.state != "done" or request_sudo.customer_confirmed:
            return {
                "error": _(
                    "Service request %(name)s does not wait for your signature.",
                    name=request_sudo.name,
                )
            }
        if not signature:
            return {"error": _("The signature is missing.")}
        try:
            request_sudo.action_sign(signature, name)
        except (TypeError, binascii.Error, UserError):
            return {"error": _("Invalid signature data.")}
        request_sudo.message_post(
            body=_("Service confirmation signed by %(name)s.", name=name),
            author_id=request.env.user.partner_id.id
            if not request.env.user._is_public()
            else request_sudo.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return {
            "force_refresh": True,
            "redirect_url": request_sudo.get_portal_url(query_string="&message=sign_ok"),
        }

    # ------------------------------------------------------------------ new request
    def _aftersales_validate_new_request(self, post, lots):
        """Errors of the new request form, by field name."""
        errors = {}
        check_text_lengths(errors, post, {"fault": MAX_TEXT})
        lot_id = post.get("lot_id")
        if not lot_id or not str(lot_id).isdigit() or int(lot_id) not in lots.ids:
            errors["lot_id"] = _("Choose one of your registered units.")
        if not (post.get("fault") or "").strip():
            errors["fault"] = _("Describe the fault.")
        photos = read_uploaded_photos(errors)
        return errors, photos

    def _aftersales_prepare_request_vals(self, post, lot):
        """Values of the request filed on the portal; called by
        :meth:`portal_new_service_request`."""
        partner = request.env.user.partner_id
        fault = escape((post.get("fault") or "").strip())
        return {
            "partner_id": partner.id,
            "company_id": lot.company_id.id or request.env.company.id,
            "lot_id": lot.id,
            "product_id": lot.product_id.id,
            "contact_name": partner.name,
            "channel": "portal",
            "kind": "repair",
            "fault_description": Markup("<p>%s</p>") % fault,
            "user_id": False,
        }

    @http.route(
        ["/my/service_requests/new"],
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def portal_new_service_request(self, **post):
        lots = self._aftersales_installed_lots()
        if post.get("serial") and not post.get("lot_id"):
            # from the public warranty lookup: the customer's own unit of that serial
            unit = lots.filtered(lambda lot: lot.name.lower() == post["serial"].strip().lower())
            if unit:
                post["lot_id"] = str(unit[0].id)
        values = self._prepare_portal_layout_values()
        values.update(
            {"lots": lots, "page_name": "service_request_new", "errors": {}, "post": post}
        )
        if request.httprequest.method != "POST":
            return request.render("aftersales_service.portal_new_service_request", values)
        errors, photos = self._aftersales_validate_new_request(post, lots)
        check_submission_rate(errors, "fault")
        if errors:
            values["errors"] = errors
            return request.render("aftersales_service.portal_new_service_request", values)
        lot = lots.browse(int(post["lot_id"]))
        service_request = (
            request.env[REQUEST_MODEL]
            .sudo()
            .with_company(lot.company_id or request.env.company)
            .create(self._aftersales_prepare_request_vals(post, lot))
        )
        attachments = [
            {
                "name": name,
                "raw": content,
                "res_model": REQUEST_MODEL,
                "res_id": service_request.id,
                "mimetype": mimetype,
            }
            for name, mimetype, content in photos
        ]
        if attachments:
            request.env["ir.attachment"].sudo().create(attachments)
        # created in the customer's name (sudo keeps the user): Odoo made them a follower
        return request.redirect(service_request.get_portal_url(query_string="&message=created"))

    # ------------------------------------------------------------------ provider
    @http.route(
        ["/my/provider/jobs", "/my/provider/jobs/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_provider_jobs(self, page=1, sortby=None, filterby=None, **kw):
        values = self._aftersales_list_values(
            self._aftersales_provider_domain(),
            "/my/provider/jobs",
            page,
            sortby,
            filterby,
            "provider_job",
        )
        return request.render("aftersales_service.portal_my_provider_jobs", values)

    def _aftersales_check_provider_job(self, request_id):
        """The job, sudo, if it was dispatched to the user's provider company."""
        job = request.env[REQUEST_MODEL].search(
            self._aftersales_provider_domain() + [("id", "=", request_id)], limit=1
        )
        if not job:
            raise MissingError(_("This job is not one of yours."))
        return job.sudo()

    @http.route(["/my/provider/jobs/<int:request_id>"], type="http", auth="user", website=True)
    def portal_my_provider_job(self, request_id, message=None, error=None, **kw):
        try:
            job = self._aftersales_check_provider_job(request_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "job": job,
                "page_name": "provider_job",
                "message": message,
                "error": error,
                "can_complete": job.state in ("dispatched", "in_progress", "carry_in"),
            }
        )
        return request.render("aftersales_service.portal_my_provider_job", values)

    @http.route(
        ["/my/provider/jobs/<int:request_id>/complete"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_provider_job_complete(self, request_id, work_done=None, time_spent=None, **kw):
        """The provider confirms the job is done: arrival (if not recorded) and done."""
        try:
            job = self._aftersales_check_provider_job(request_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        url = f"/my/provider/jobs/{job.id}"
        work_done = (work_done or "").strip()
        if not work_done:
            return request.redirect(f"{url}?error=work_done")
        try:
            hours = float(time_spent or 0.0)
        except ValueError:
            return request.redirect(f"{url}?error=time_spent")
        if not math.isfinite(hours) or hours < 0:
            return request.redirect(f"{url}?error=time_spent")
        try:
            with request.env.cr.savepoint():
                job.write(
                    {
                        "work_done": Markup("<p>%s</p>") % escape(work_done),
                        "time_spent": hours,
                    }
                )
                if job.state == "dispatched":
                    job.action_start()
                job.action_done()
                job.message_post(
                    body=_(
                        "Completion confirmed on the portal by %(user)s.",
                        user=request.env.user.name,
                    ),
                    author_id=request.env.user.partner_id.id,
                    subtype_xmlid="mail.mt_note",
                )
        except UserError:
            return request.redirect(f"{url}?error=state")
        return request.redirect(f"{url}?message=done")

    # ------------------------------------------------------------------ settlements
    def _aftersales_settlement_domain(self):
        return [
            ("provider_id", "child_of", self._aftersales_commercial_partner().ids),
            ("state", "=", "confirmed"),
        ]

    @http.route(
        ["/my/provider/settlements", "/my/provider/settlements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_provider_settlements(self, page=1, **kw):
        Settlement = request.env[SETTLEMENT_MODEL]
        domain = self._aftersales_settlement_domain()
        count = Settlement.search_count(domain)
        pager = portal_pager(
            url="/my/provider/settlements", total=count, page=page, step=self._items_per_page
        )
        settlements = Settlement.search(
            domain,
            order="date_from desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "settlements": settlements.sudo(),
                "pager": pager,
                "page_name": "provider_settlement",
                "default_url": "/my/provider/settlements",
            }
        )
        return request.render("aftersales_service.portal_my_provider_settlements", values)

    @http.route(
        ["/my/provider/settlements/<int:settlement_id>/statement"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_provider_settlement_statement(self, settlement_id, download=False, **kw):
        settlement = request.env[SETTLEMENT_MODEL].search(
            self._aftersales_settlement_domain() + [("id", "=", settlement_id)], limit=1
        )
        if not settlement:
            return request.redirect("/my")
        report = request.env["ir.actions.report"].sudo().with_company(settlement.company_id)
        pdf = report._render_qweb_pdf(
            "aftersales_service.action_report_aftersales_provider_statement", settlement.ids
        )[0]
        filename = "%s.pdf" % re.sub(r"\W+", "_", settlement.name or "statement")
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                (
                    "Content-Disposition",
                    content_disposition(filename, "attachment" if download else "inline"),
                ),
            ],
        )
