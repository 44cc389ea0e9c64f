# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from urllib.parse import quote_plus

from odoo import api, fields, models

AMAP_SEARCH = "https://uri.amap.com/search?keyword=%s"
OSM_SEARCH = "https://www.openstreetmap.org/search?query=%s"


class AftersalesServiceRequestMapMixin(models.AbstractModel):
    """A link to the job's address on a map, for the board, the form and the provider's
    portal page. AMap for a company in mainland China (other maps are slow or blocked
    there), OpenStreetMap for a company elsewhere."""

    _name = "aftersales.service.request.map.mixin"
    _description = "Service Request: Map Link"

    map_url = fields.Char(
        string="Map",
        compute="_compute_map_url",
        # shown on the provider's portal page: the customer's address is read as superuser
        compute_sudo=True,
        help="The job's address on a map: AMap for a company in China, OpenStreetMap for a company "
        "elsewhere.",
    )

    @api.depends("address", "partner_id", "company_id.country_id")
    def _compute_map_url(self):
        for job in self:
            job.map_url = job._map_search_url(job._map_address())

    def _map_address(self):
        """The address searched: the job's, else the customer's contact address, on one line."""
        self.ensure_one()
        address = self.address or self.partner_id.contact_address or ""
        return " ".join(address.split())

    def _map_search_url(self, address):
        self.ensure_one()
        if not address:
            return False
        country = self.company_id.country_id
        template = OSM_SEARCH if country and country.code != "CN" else AMAP_SEARCH
        return template % quote_plus(address)
