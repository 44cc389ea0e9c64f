# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import OrderedDict

from odoo import _, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import float_compare, format_date

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from .portal import (
    MAX_TEXT,
    check_submission_rate,
    check_text_lengths,
    document_photos,
    read_uploaded_photos,
)

RETURN_MODEL = "aftersales.return"
MAX_RETURN_PHOTOS = 5
MAX_RETURN_PHOTO_SIZE = 10 * 1024 * 1024
# what the portal asks for, in the case's terms (refund = return and refund)
PORTAL_KINDS = ("refund", "exchange")


class AftersalesReturnsPortal(CustomerPortal):
    """Returns and exchanges asked by the customer on the portal.

    The customer chooses one of the units or products delivered to them, the outcome
    (return and refund, or exchange), a reason, a description and photos; the case is
    created awaiting the desk's approval, with the delivery linked. The customer then
    follows its state, received quantities and credit note.

    Portal users have no rights on return cases: every route checks the case or the
    unit belongs to the user's company (commercial partner), or the case's access
    token, before reading or writing with sudo.
    """

    def _aftersales_return_customer(self):
        return request.env.user.partner_id.commercial_partner_id

    def _aftersales_return_domain(self):
        return [("partner_id", "child_of", self._aftersales_return_customer().ids)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "return_count" in counters:
            values["return_count"] = (
                request.env[RETURN_MODEL].sudo().search_count(self._aftersales_return_domain())
                if not request.env.user._is_public()
                else 0
            )
        return values

    # ------------------------------------------------------------------ list
    @http.route(
        ["/my/returns", "/my/returns/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_returns(self, page=1, **kw):
        Return = request.env[RETURN_MODEL].sudo()
        domain = self._aftersales_return_domain()
        pager = portal_pager(
            url="/my/returns",
            total=Return.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        cases = Return.search(domain, limit=self._items_per_page, offset=pager["offset"])
        request.session["my_returns_history"] = cases.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "cases": cases,
                "pager": pager,
                "page_name": "returns",
                "default_url": "/my/returns",
            }
        )
        return request.render("aftersales_service.portal_my_returns", values)

    # ------------------------------------------------------------------ detail
    def _aftersales_check_return(self, return_id, access_token=None):
        """The case, sudo, if it is the user's company's or the token opens it; raises
        MissingError otherwise (shown as "not found", whether it exists or not)."""
        case = request.env[RETURN_MODEL].sudo().browse(return_id).exists()
        if (
            case
            and not request.env.user._is_public()
            and case.partner_id.commercial_partner_id == self._aftersales_return_customer()
        ):
            return case
        if not access_token:
            raise MissingError(_("This return case does not exist."))
        try:
            return self._document_check_access(RETURN_MODEL, return_id, access_token=access_token)
        except AccessError as error:
            raise MissingError(_("This return case does not exist.")) from error

    def _aftersales_return_photos(self, case):
        """Images attached to the case, each with an access token for ``/web/image``."""
        return document_photos(RETURN_MODEL, case.id)

    @http.route(["/my/returns/<int:return_id>"], type="http", auth="public", website=True)
    def portal_my_return(self, return_id, access_token=None, message=None, **kw):
        try:
            case = self._aftersales_check_return(return_id, access_token)
        except MissingError:
            return request.not_found()
        # the chatter of a document the portal user has no right on runs on its token
        token = access_token or case._portal_ensure_token()
        values = self._get_page_view_values(
            case,
            token,
            {
                "case": case,
                "page_name": "return",
                "message": message,
                "photos": self._aftersales_return_photos(case),
                "refunds": case.refund_ids,
                "replacements": case.picking_ids.filtered(
                    lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
                ),
            },
            "my_returns_history",
            False,
        )
        return request.render("aftersales_service.portal_my_return", values)

    # ------------------------------------------------------------------ new case
    def _aftersales_delivered_units(self):
        """The units and products delivered to the user's company, newest first, by key.

        A serial counts once, from its latest delivery, and only while it belongs to the
        customer (a serial handed over to another owner is no longer theirs). Units of
        the installed base with a delivery date but no delivery in this database count
        too. Each value: ``label``, ``product``, ``lot``, ``move``, ``picking``,
        ``company``, ``date`` and ``free`` (quantity not yet claimed).
        """
        customer = self._aftersales_return_customer()
        move_lines = (
            request.env["stock.move.line"]
            .sudo()
            .search(
                [
                    ("state", "=", "done"),
                    ("location_dest_id.usage", "=", "customer"),
                    ("location_id.usage", "!=", "customer"),
                    ("product_id.type", "=", "consu"),
                    "|",
                    ("picking_id.partner_id", "child_of", customer.ids),
                    ("lot_id.aftersales_partner_id", "child_of", customer.ids),
                ],
                order="date desc, id desc",
                limit=500,
            )
        )
        claimed = request.env["aftersales.return.line"]._claimed_quantities(move_lines.move_id)
        units = OrderedDict()
        seen_lots = set()
        for ml in move_lines:
            move, lot = ml.move_id, ml.lot_id
            if lot:
                if lot.id in seen_lots:
                    continue
                seen_lots.add(lot.id)
                owner = lot.aftersales_partner_id.commercial_partner_id
                delivered_to = ml.picking_id.partner_id.commercial_partner_id
                if (owner or delivered_to) != customer:
                    continue
                key, qty = f"lot-{lot.id}", ml.quantity
                free = qty - claimed.get((move.id, lot.id), 0.0)
            else:
                key = f"move-{move.id}"
                if key in units or move.picking_id.partner_id.commercial_partner_id != customer:
                    continue
                qty = move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
                free = qty - claimed.get((move.id, False), 0.0)
            units[key] = {
                "product": ml.product_id,
                "lot": lot,
                "move": move,
                "picking": move.picking_id,
                "company": move.company_id,
                "date": ml.date.date(),
                "free": free,
            }
        lots = (
            request.env["stock.lot"]
            .sudo()
            .search(
                [
                    ("aftersales_partner_id", "child_of", customer.ids),
                    ("aftersales_delivery_date", "!=", False),
                    ("id", "not in", list(seen_lots)),
                ],
                order="aftersales_delivery_date desc, id desc",
                limit=500,
            )
        )
        open_lots = set(
            request.env["aftersales.return.line"]
            .sudo()
            .search(
                [
                    ("lot_id", "in", lots.ids),
                    ("return_id.state", "not in", ("rejected", "cancelled")),
                ]
            )
            .lot_id.ids
        )
        for lot in lots:
            units[f"lot-{lot.id}"] = {
                "product": lot.product_id,
                "lot": lot,
                "move": request.env["stock.move"],
                "picking": request.env["stock.picking"],
                "company": lot.company_id or request.env.company,
                "date": lot.aftersales_delivery_date,
                "free": 0.0 if lot.id in open_lots else 1.0,
            }
        for unit in units.values():
            unit["label"] = " · ".join(
                part
                for part in (
                    unit["product"].display_name,
                    unit["lot"].name,
                    _("delivered on %(date)s", date=format_date(request.env, unit["date"])),
                )
                if part
            )
        return units

    def _aftersales_return_reasons(self):
        return (
            request.env["aftersales.return.reason"]
            .sudo()
            .search([("company_id", "in", [False, *request.env.user.company_ids.ids])])
        )

    def _aftersales_read_return_photos(self, errors):
        """The photos of the form as (name, mimetype, content); errors go to ``errors``."""
        return read_uploaded_photos(
            errors, max_count=MAX_RETURN_PHOTOS, max_size=MAX_RETURN_PHOTO_SIZE
        )

    def _aftersales_validate_return(self, post, units, reasons):
        """Errors of the form by field name, and the unit, reason and quantity chosen."""
        errors = {}
        check_text_lengths(errors, post, {"description": MAX_TEXT})
        unit = units.get(post.get("unit") or "")
        if not unit:
            errors["unit"] = _("Choose the unit or product to return.")
        if post.get("kind") not in PORTAL_KINDS:
            errors["kind"] = _("Choose a return with refund or an exchange.")
        reason = reasons.filtered(lambda r: str(r.id) == (post.get("reason_id") or ""))
        if unit and reason.company_id and reason.company_id != unit["company"]:
            reason = reasons.browse()
        if not reason:
            errors["reason_id"] = _("Choose the reason of the return.")
        if not (post.get("description") or "").strip():
            errors["description"] = _("Describe what is wrong with the product.")
        qty = 1.0
        if unit and not unit["lot"]:
            try:
                qty = float(post.get("qty") or 0.0)
            except ValueError:
                qty = 0.0
            if not math.isfinite(qty):
                qty = 0.0
            rounding = unit["product"].uom_id.rounding
            if float_compare(qty, 0.0, precision_rounding=rounding) <= 0:
                errors["qty"] = _("Enter the quantity to return.")
            elif float_compare(qty, unit["free"], precision_rounding=rounding) > 0:
                errors["qty"] = _(
                    "At most %(qty)s %(uom)s of this delivery can still be returned.",
                    qty=unit["free"],
                    uom=unit["product"].uom_id.name,
                )
        return errors, unit, reason, qty

    def _aftersales_new_return_values(self, units, reasons, post, errors):
        values = self._prepare_portal_layout_values()
        company = request.env.company
        values.update(
            {
                "units": units,
                "reasons": reasons,
                "post": post,
                "errors": errors,
                "page_name": "return_new",
                "policy_text": _(
                    "You may ask for a return with refund within %(return_days)s days and for "
                    "an exchange within %(exchange_days)s days of delivery (some products have "
                    "their own terms). Our service desk checks your request before you send the "
                    "product back.",
                    return_days=company.aftersales_return_window_days,
                    exchange_days=company.aftersales_exchange_window_days,
                ),
            }
        )
        return values

    @http.route(
        ["/my/returns/new"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_new_return(self, **post):
        units = self._aftersales_delivered_units()
        reasons = self._aftersales_return_reasons()
        if request.httprequest.method != "POST":
            if post.get("unit") not in units:
                post.pop("unit", None)
            offered = self._aftersales_new_return_values(units, reasons, post, {})
            return request.render("aftersales_service.portal_new_return", offered)
        key = post.get("unit") or ""
        if key and key not in units:
            # a unit that exists but is not the customer's: refused as if unknown
            return request.not_found()
        errors, unit, reason, qty = self._aftersales_validate_return(post, units, reasons)
        photos = self._aftersales_read_return_photos(errors)
        check_submission_rate(errors, "unit")
        case = None
        if not errors:
            case, errors = self._aftersales_create_return(unit, reason, qty, post, photos)
        if errors:
            values = self._aftersales_new_return_values(units, reasons, post, errors)
            return request.render("aftersales_service.portal_new_return", values)
        return request.redirect(case.get_portal_url(query_string="&message=created"))

    def _aftersales_create_return(self, unit, reason, qty, post, photos):
        """Check the window, then create the case, its photos and submit it, all or
        nothing. Returns ``(case, errors)``."""
        Return = request.env[RETURN_MODEL].sudo().with_company(unit["company"])
        vals = Return._prepare_portal_vals(
            self._aftersales_return_customer(),
            unit,
            post["kind"],
            reason,
            post["description"].strip(),
            qty,
        )
        policy = Return._portal_policy_error(vals)
        if policy:
            return None, {
                "unit": _(
                    "This cannot be asked on the portal: %(policy)s Returns and exchanges "
                    "are accepted within the window counted from the delivery. For a fault, "
                    "request service instead.",
                    policy=policy,
                )
            }
        try:
            with request.env.cr.savepoint():
                case = Return.create(vals)
                request.env["ir.attachment"].sudo().create(
                    [
                        {
                            "name": name,
                            "raw": content,
                            "mimetype": mimetype,
                            "res_model": RETURN_MODEL,
                            "res_id": case.id,
                        }
                        for name, mimetype, content in photos
                    ]
                )
                case.action_confirm()
        except (ValidationError, UserError) as error:
            return None, {"unit": error.args[0]}
        # created in the customer's name (sudo keeps the user): Odoo made them a follower
        case.message_post(
            body=_("Asked on the portal by %(name)s.", name=request.env.user.partner_id.name),
            author_id=request.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )
        return case, {}
