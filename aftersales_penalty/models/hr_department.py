# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrDepartment(models.Model):
    _inherit = "hr.department"

    aftersales_allocation_mode = fields.Selection(
        [("team", "By Team / Section (base points)"), ("person", "By Person")],
        string="Loss Allocation",
        default="person",
        required=True,
        help="How a complaint loss charged to this department is split. "
        "By team: manufacturing; the loss is spread over the members of "
        "the responsible unit by base points, even when a person is named. By person: sales "
        "and service; the named person bears the whole share, and only when nobody is named "
        "is the share spread over the department by base points.",
    )
