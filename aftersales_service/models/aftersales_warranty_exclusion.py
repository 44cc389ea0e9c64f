from odoo import fields, models


class AftersalesWarrantyExclusion(models.Model):
    _name = "aftersales.warranty.exclusion"
    _description = "Warranty Coverage Exclusion"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a warranty exclusion must be unique."),
    ]
