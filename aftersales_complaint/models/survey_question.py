from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    aftersales_criterion = fields.Selection(
        [
            ("attitude", "Attitude"),
            ("skill", "Technical Skill"),
            ("arrival", "Arrival Time"),
            ("promise", "Promises Kept"),
            ("suggestion", "Suggestions"),
            ("complaint", "Complaint"),
        ],
        string="After-Sales Criterion",
        help="Which technician rating or customer remark this question "
        "collects for the return visit scores.",
    )
