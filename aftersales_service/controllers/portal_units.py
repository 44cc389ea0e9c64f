# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import _, fields, http
from odoo.exceptions import ValidationError
from odoo.http import content_disposition, request
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal import MAX_LINE, check_submission_rate, check_text_lengths

MAX_PROOF_SIZE = 8 * 1024 * 1024  # below Odoo's 10 MB limit of a form's part
REGISTRATION_MODEL = "aftersales.unit.registration"


class AftersalesUnitsPortal(CustomerPortal):
    """The customer's installed base on the portal: their units with warranty status, days
    left, contracts, service history and warranty certificate, and the registration of a
    unit they bought (verified by the desk before it joins the installed base).

    Portal users have no rights on units or registrations: every page checks the unit
    belongs to the user's company (commercial partner) and reads or writes with sudo."""

    def _aftersales_customer(self):
        return request.env.user.partner_id.commercial_partner_id

    def _aftersales_my_units(self):
        return (
            request.env["stock.lot"]
            .sudo()
            .search([("aftersales_partner_id", "=", self._aftersales_customer().id)], order="name")
        )

    def _aftersales_my_registrations(self):
        return (
            request.env[REGISTRATION_MODEL]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", self._aftersales_customer().ids),
                    ("state", "!=", "verified"),
                ]
            )
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "unit_count" in counters:
            values["unit_count"] = (
                len(self._aftersales_my_units()) + len(self._aftersales_my_registrations())
                if not request.env.user._is_public()
                else 0
            )
        return values

    # ------------------------------------------------------------------ list
    @http.route(["/my/units"], type="http", auth="user", website=True)
    def portal_my_units(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "units": self._aftersales_my_units(),
                "registrations": self._aftersales_my_registrations(),
                "page_name": "units",
                "message": kw.get("message"),
            }
        )
        return request.render("aftersales_service.portal_my_units", values)

    def _aftersales_check_unit(self, lot_id):
        unit = request.env["stock.lot"].sudo().browse(lot_id).exists()
        if not unit or unit.aftersales_partner_id != self._aftersales_customer():
            return None
        return unit

    @http.route(["/my/units/<int:lot_id>"], type="http", auth="user", website=True)
    def portal_my_unit(self, lot_id, **kw):
        unit = self._aftersales_check_unit(lot_id)
        if not unit:
            return request.not_found()
        history = (
            request.env["aftersales.service.request"]
            .sudo()
            .search(
                [
                    ("lot_id", "=", unit.id),
                    ("partner_id", "child_of", self._aftersales_customer().ids),
                ],
                order="date_request desc",
                limit=50,
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "unit": unit,
                "contracts": unit.aftersales_contract_ids.filtered(
                    lambda c: c.state in ("running", "to_renew", "expired")
                ),
                "history": history,
                "page_name": "unit",
            }
        )
        return request.render("aftersales_service.portal_my_unit", values)

    @http.route(["/my/units/<int:lot_id>/certificate"], type="http", auth="user", website=True)
    def portal_my_unit_certificate(self, lot_id, **kw):
        unit = self._aftersales_check_unit(lot_id)
        if not unit:
            return request.not_found()
        report = "aftersales_service.action_report_aftersales_warranty_certificate"
        pdf, __ = (
            request.env["ir.actions.report"]
            .sudo()
            .with_context(lang=unit.aftersales_partner_id.lang or request.env.lang)
            ._render_qweb_pdf(report, unit.ids)
        )
        filename = _("Warranty Certificate %(serial)s.pdf", serial=unit.name)
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    # ------------------------------------------------------------------ registration
    def _aftersales_registrable_products(self):
        return (
            request.env["product.product"]
            .sudo()
            .search([("tracking", "=", "serial"), ("type", "=", "consu")], order="name")
        )

    def _aftersales_validate_registration(self, post, products):
        """Errors of the registration form, by field name, and the proof file."""
        errors = {}
        check_text_lengths(errors, post, {"serial": MAX_LINE, "seller": MAX_LINE})
        product_id = post.get("product_id")
        if not product_id or not str(product_id).isdigit() or int(product_id) not in products.ids:
            errors["product_id"] = _("Choose the product.")
        if not (post.get("serial") or "").strip():
            errors["serial"] = _("Enter the serial number printed on the unit's label.")
        purchase = post.get("purchase_date") or ""
        try:
            day = fields.Date.to_date(purchase) if purchase else None
        except ValueError:
            day = None
        if not day:
            errors["purchase_date"] = _("Enter the purchase date.")
        elif day > request.env["res.company"]._aftersales_default_today():
            errors["purchase_date"] = _("The purchase date cannot be in the future.")
        proof = request.httprequest.files.get("proof")
        if not proof or not proof.filename:
            errors["proof"] = _("Attach the invoice or receipt (a photo or a PDF).")
        elif not (
            (proof.mimetype or "").startswith("image/") or proof.mimetype == "application/pdf"
        ):
            errors["proof"] = _("%(file)s is not a photo or a PDF.", file=proof.filename)
        return errors, proof

    @http.route(
        ["/my/units/register"], type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_register_unit(self, **post):
        products = self._aftersales_registrable_products()
        values = self._prepare_portal_layout_values()
        values.update(
            {"products": products, "errors": {}, "post": post, "page_name": "unit_register"}
        )
        if request.httprequest.method != "POST":
            return request.render("aftersales_service.portal_register_unit", values)
        # every attempt counts: the answers tell known serials from unknown ones
        check_submission_rate(values["errors"], "serial")
        if values["errors"]:
            return request.render("aftersales_service.portal_register_unit", values)
        errors, proof = self._aftersales_validate_registration(post, products)
        content = b""
        if not errors:
            content = proof.read(MAX_PROOF_SIZE + 1)
            mimetype = guess_mimetype(content)
            if len(content) > MAX_PROOF_SIZE:
                errors["proof"] = _("The file is larger than 8 MB.")
            elif mimetype == "image/svg+xml" or not (
                mimetype.startswith("image/") or mimetype == "application/pdf"
            ):
                # the type read from the content, never the browser's word
                errors["proof"] = _("%(file)s is not a photo or a PDF.", file=proof.filename)
        registration = None
        if not errors:
            product = products.browse(int(post["product_id"]))
            try:
                # nothing half-written: the registration and its proof, or neither
                with request.env.cr.savepoint():
                    registration = (
                        request.env[REGISTRATION_MODEL]
                        .sudo()
                        .with_company(product.company_id or request.env.company)
                        .create(
                            {
                                "partner_id": request.env.user.partner_id.id,
                                "company_id": (product.company_id or request.env.company).id,
                                "product_id": product.id,
                                "serial": post["serial"].strip(),
                                "purchase_date": post["purchase_date"],
                                "seller": (post.get("seller") or "").strip() or False,
                            }
                        )
                    )
                    attachment = (
                        request.env["ir.attachment"]
                        .sudo()
                        .create(
                            {
                                "name": proof.filename,
                                "datas": base64.b64encode(content),
                                "res_model": REGISTRATION_MODEL,
                                "res_id": registration.id,
                                "mimetype": mimetype,
                            }
                        )
                    )
                    registration.proof_attachment_ids = attachment
            except ValidationError as error:
                errors["serial"] = error.args[0]
        if errors:
            values["errors"] = errors
            return request.render("aftersales_service.portal_register_unit", values)
        # created in the customer's name (sudo keeps the user): Odoo made them a follower
        return request.redirect("/my/units?message=registered")
