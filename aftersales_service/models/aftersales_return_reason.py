from odoo import fields, models


class AftersalesReturnReason(models.Model):
    """Root cause of a return or exchange (RT-A02), kept per company."""

    _name = "aftersales.return.reason"
    _description = "Return Reason"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to offer the reason to every company.",
    )
    department_id = fields.Many2one(
        "aftersales.return.department",
        string="Usually Responsible",
        check_company=True,
        help="Department proposed as responsible when this reason is chosen.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "A return reason with this name already exists for this company.",
        )
    ]
