# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    aftersales_base_points = fields.Float(
        string="Base Points",
        groups="hr.group_hr_user",
        help="Individual base points used to split a department's complaint loss: "
        "loss / department's total base points x the person's base points.",
    )
    aftersales_efficiency_bonus = fields.Monetary(
        string="Monthly Efficiency Bonus",
        currency_field="aftersales_currency_id",
        groups="hr.group_hr_user",
        help="Monthly efficiency bonus (效益獎金) from which penalties are deducted, at most "
        "50% a month; a major demerit takes the whole month's bonus.",
    )
    aftersales_attendance_judged = fields.Boolean(
        string="Attendance Judged by the Penalty Book",
        groups="hr.group_hr_user",
        help="The daily scan reads this employee's attendances against the working schedule: "
        "late, absent and unauthorised absence entries are drafted by the rules raised by "
        "attendance.",
    )
    aftersales_currency_id = fields.Many2one(
        related="company_id.currency_id",
        string="Bonus Currency",
    )

    @api.constrains("aftersales_base_points", "aftersales_efficiency_bonus")
    def _check_aftersales_amounts(self):
        for employee in self:
            if employee.aftersales_base_points < 0 or employee.aftersales_efficiency_bonus < 0:
                raise ValidationError(
                    self.env._(
                        "Employee %(name)s: base points (%(points)s) and efficiency bonus "
                        "(%(bonus)s) cannot be negative.",
                        name=employee.name,
                        points=employee.aftersales_base_points,
                        bonus=employee.aftersales_efficiency_bonus,
                    )
                )
