# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError


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

    def write(self, vals):
        # who pays a complaint loss: the penalty managers' rule, not any employee's edit
        if (
            "aftersales_allocation_mode" in vals
            and not self.env.su
            and not self.env.user.has_group("aftersales_penalty.group_penalty_manager")
            and any(
                d.aftersales_allocation_mode != vals["aftersales_allocation_mode"] for d in self
            )
        ):
            raise AccessError(
                self.env._(
                    "Only a penalty manager changes how a complaint loss is shared in "
                    "department %(department)s.",
                    department=self[0].display_name,
                )
            )
        return super().write(vals)
