from odoo import fields, models


class AftersalesReturnDepartment(models.Model):
    """Department answerable for returns and exchanges (RT-A02), for the appraisal."""

    _name = "aftersales.return.department"
    _description = "Responsible Department"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to offer the department to every company.",
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Head",
        help="Person answerable for the department's returns.",
    )
