# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

JOB_KINDS = [
    ("any", "Any On-Site Job"),
    ("repair", "Repair"),
    ("installation", "Installation"),
    ("maintenance", "Maintenance"),
]


class AftersalesChecklistItem(models.Model):
    """One point of the on-site checklist of a kind of job (the home-visit standard:
    uniform and badge, shoe covers, safety advice, the customer's signature...)."""

    _name = "aftersales.checklist.item"
    _description = "On-Site Checklist Item"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(JOB_KINDS, string="Job Kind", required=True, default="any")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
