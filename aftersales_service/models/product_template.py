from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_company import WARRANTY_START_BASIS, WARRANTY_UNITS


class ProductTemplate(models.Model):
    _inherit = "product.template"

    aftersales_warranty_duration = fields.Integer(
        string="Warranty Duration",
        help="Leave 0 to use the product category's warranty.",
    )
    aftersales_warranty_unit = fields.Selection(WARRANTY_UNITS, string="Warranty Unit")
    aftersales_warranty_start_basis = fields.Selection(
        WARRANTY_START_BASIS,
        string="Warranty Start",
        help="Leave empty to use the product category's start basis.",
    )
    aftersales_no_warranty = fields.Boolean(
        string="Excluded from Warranty",
        help="Consumables such as filters: never repaired or replaced free of charge.",
    )
    aftersales_exclusion_ids = fields.Many2many(
        "aftersales.warranty.exclusion",
        string="Coverage Exclusions",
        help="Cases that void the warranty, in addition to the category's.",
    )
    aftersales_repair_warranty_days = fields.Integer(
        string="Repair Warranty (days)",
        default=90,
        help="A part replaced by a repair carries its own warranty of this many days.",
    )

    aftersales_compressor = fields.Selection(
        [("fixed", "Fixed Speed"), ("inverter", "Inverter")],
        string="Compressor",
        help="Of an air conditioner: the installation leak rules charge and pay more for an "
        "inverter unit's refrigerant leak than for a fixed-speed one's. Empty for products "
        "without a compressor (a water purifier).",
    )
    aftersales_old_part_return = fields.Boolean(
        string="Old Part Must Be Returned",
        help="A provider who replaces this part sends the old one back (旧件返还) within "
        "the company's return days.",
    )

    @api.constrains("aftersales_warranty_duration", "aftersales_repair_warranty_days")
    def _check_aftersales_durations(self):
        for tmpl in self:
            for fname in ("aftersales_warranty_duration", "aftersales_repair_warranty_days"):
                if tmpl[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of product %(product)s cannot be negative (%(value)s).",
                            field=self._fields[fname].get_description(self.env)["string"],
                            product=tmpl.display_name,
                            value=tmpl[fname],
                        )
                    )
