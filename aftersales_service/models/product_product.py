from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _aftersales_warranty_terms(self, company=None):
        """Effective warranty terms per product: product, then category, then company.

        :return: {product.id: terms dict} (see ``product.category._aftersales_terms``)
        """
        company = company or self.env.company
        result = {}
        categ_cache = {}
        for product in self:
            categ = product.categ_id
            if categ.id not in categ_cache:
                categ_cache[categ.id] = categ._aftersales_terms(company)
            terms = dict(categ_cache[categ.id])
            tmpl = product.product_tmpl_id
            if tmpl.aftersales_warranty_duration:
                terms["duration"] = tmpl.aftersales_warranty_duration
                terms["unit"] = tmpl.aftersales_warranty_unit or "month"
            if tmpl.aftersales_warranty_start_basis:
                terms["basis"] = tmpl.aftersales_warranty_start_basis
            terms["no_warranty"] = terms["no_warranty"] or tmpl.aftersales_no_warranty
            terms["exclusions"] = terms["exclusions"] | tmpl.aftersales_exclusion_ids
            terms["repair_warranty_days"] = tmpl.aftersales_repair_warranty_days
            result[product.id] = terms
        return result
