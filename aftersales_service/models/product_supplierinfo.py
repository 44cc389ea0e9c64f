# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    aftersales_warranty_months = fields.Integer(
        string="Vendor Warranty (months)",
        help="The vendor's warranty on this part, from the day it was received: a part "
        "replaced free of charge within it is claimed back from the vendor (a vendor credit "
        "note). 0: no vendor warranty.",
    )

    @api.constrains("aftersales_warranty_months")
    def _check_aftersales_warranty_months(self):
        for info in self:
            if info.aftersales_warranty_months < 0:
                raise ValidationError(
                    self.env._(
                        "Vendor warranty of %(product)s from %(vendor)s: the months cannot be "
                        "negative (%(months)s).",
                        product=info.product_tmpl_id.display_name,
                        vendor=info.partner_id.display_name,
                        months=info.aftersales_warranty_months,
                    )
                )
