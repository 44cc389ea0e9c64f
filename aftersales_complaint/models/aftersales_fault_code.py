from odoo import api, fields, models

FAULT_TYPES = [
    ("design", "Design Defect"),
    ("manufacturing", "Manufacturing Defect"),
    ("component", "Purchased Component"),
    ("installation", "Installation"),
    ("misuse", "Misuse by the Customer"),
    ("other", "Other"),
]


class AftersalesFaultCode(models.Model):
    """Fault code per product category, used by repairs and quality feedback."""

    _name = "aftersales.fault.code"
    _description = "Fault Code"
    _order = "categ_id, code"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(string="Fault", required=True, translate=True)
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        index=True,
        help="Leave empty for a fault that applies to every category.",
    )
    fault_type = fields.Selection(
        FAULT_TYPES,
        required=True,
        default="manufacturing",
        help="Misuse and installation faults are not product defects.",
    )
    is_defect = fields.Boolean(
        string="Product Defect",
        compute="_compute_is_defect",
        store=True,
        help="Design, manufacturing and component faults are reported as product defects.",
    )
    company_id = fields.Many2one("res.company", index=True)
    description = fields.Text()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "code_categ_uniq",
            "unique(code, categ_id, company_id)",
            "A fault code is unique within a product category.",
        )
    ]

    @api.depends("fault_type")
    def _compute_is_defect(self):
        for code in self:
            code.is_defect = code.fault_type in ("design", "manufacturing", "component")

    @api.depends("code", "name")
    def _compute_display_name(self):
        for code in self:
            code.display_name = f"[{code.code}] {code.name}" if code.code else code.name
