from odoo import fields, models


class AftersalesComplaintCause(models.Model):
    """Cause of a non-quality (human error) complaint.

    The 15 administrative causes of seed 000 行政處罰準則 (四) ship as master data.
    """

    _name = "aftersales.complaint.cause"
    _description = "Complaint Cause (Non-Quality)"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
