from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_company import WARRANTY_START_BASIS, WARRANTY_UNITS


class ProductCategory(models.Model):
    _inherit = "product.category"

    aftersales_warranty_duration = fields.Integer(
        string="Warranty Duration",
        help="Leave 0 to use the parent category or the company default.",
    )
    aftersales_warranty_unit = fields.Selection(WARRANTY_UNITS, string="Warranty Unit")
    aftersales_warranty_start_basis = fields.Selection(
        WARRANTY_START_BASIS, string="Warranty Start"
    )
    aftersales_return_window_days = fields.Integer(
        string="Return Window (days)",
        help="Leave 0 to use the parent category or the company default.",
    )
    aftersales_exchange_window_days = fields.Integer(
        string="Exchange Window (days)",
        help="Leave 0 to use the parent category or the company default.",
    )
    aftersales_no_warranty = fields.Boolean(
        string="Excluded from Warranty",
        help="Consumables such as filters: never repaired or replaced free of charge.",
    )
    aftersales_labour_free_after_warranty = fields.Boolean(
        string="Labour Free After the Warranty",
        help="Units of this category (water purifiers, say) are repaired without a labour "
        "charge once their warranty has expired: only the parts are charged.",
    )
    aftersales_exclusion_ids = fields.Many2many(
        "aftersales.warranty.exclusion",
        string="Coverage Exclusions",
        help="Cases that void the warranty of products in this category.",
    )

    @api.constrains(
        "aftersales_warranty_duration",
        "aftersales_return_window_days",
        "aftersales_exchange_window_days",
    )
    def _check_aftersales_durations(self):
        for categ in self:
            for fname in (
                "aftersales_warranty_duration",
                "aftersales_return_window_days",
                "aftersales_exchange_window_days",
            ):
                if categ[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of category %(categ)s cannot be negative (%(value)s).",
                            field=self._fields[fname].get_description(self.env)["string"],
                            categ=categ.display_name,
                            value=categ[fname],
                        )
                    )

    def _aftersales_terms(self, company):
        """Warranty terms of this category, walking up the parents, then the company.

        :return: dict with duration, unit, basis, return_days, exchange_days,
                 no_warranty, labour_free_after_warranty and exclusions (a recordset)
        """
        self.ensure_one()
        terms = {
            "duration": 0,
            "unit": False,
            "basis": False,
            "return_days": 0,
            "exchange_days": 0,
            "no_warranty": False,
            "labour_free_after_warranty": False,
            "exclusions": self.env["aftersales.warranty.exclusion"],
        }
        categ = self
        while categ:
            terms["duration"] = terms["duration"] or categ.aftersales_warranty_duration
            terms["unit"] = terms["unit"] or (
                categ.aftersales_warranty_duration and categ.aftersales_warranty_unit
            )
            terms["basis"] = terms["basis"] or categ.aftersales_warranty_start_basis
            terms["return_days"] = terms["return_days"] or categ.aftersales_return_window_days
            terms["exchange_days"] = terms["exchange_days"] or categ.aftersales_exchange_window_days
            terms["no_warranty"] = terms["no_warranty"] or categ.aftersales_no_warranty
            terms["labour_free_after_warranty"] = (
                terms["labour_free_after_warranty"] or categ.aftersales_labour_free_after_warranty
            )
            terms["exclusions"] |= categ.aftersales_exclusion_ids
            categ = categ.parent_id
        if not terms["duration"]:
            terms["duration"] = company.aftersales_warranty_duration
            terms["unit"] = company.aftersales_warranty_unit
        terms["unit"] = terms["unit"] or "month"
        terms["basis"] = terms["basis"] or company.aftersales_warranty_start_basis
        terms["return_days"] = terms["return_days"] or company.aftersales_return_window_days
        terms["exchange_days"] = terms["exchange_days"] or company.aftersales_exchange_window_days
        return terms
