# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.urls import url_encode

from odoo import http
from odoo.http import request


class AftersalesWarrantyLookup(http.Controller):
    """Public warranty lookup by serial number: product, warranty status and end date only,
    with a limited number of lookups per address; it leads to the service request form
    (login or sign-up first)."""

    @http.route(
        ["/warranty"], type="http", auth="public", methods=["GET"], website=True, sitemap=False
    )
    def warranty_lookup(self, serial=None, **kw):
        serial = (serial or "").strip()[:64]
        values = {"serial": serial, "units": [], "searched": False, "limited": False}
        status = 200
        if serial:
            Lookup = request.env["aftersales.warranty.lookup"]
            address = request.httprequest.remote_addr or "unknown"
            if Lookup._record_lookup(address):
                values["units"] = Lookup._lookup(serial)
                values["searched"] = True
            else:
                values["limited"] = True
                status = 429
        values["request_url"] = "/my/service_requests/new?" + url_encode(
            {"serial": serial} if serial else {}
        )
        response = request.render("aftersales_service.warranty_lookup_page", values)
        response.status_code = status
        return response
