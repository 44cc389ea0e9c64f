from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    aftersales_visit_id = fields.Many2one(
        "aftersales.return.visit",
        string="Return Visit",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )

    def _mark_done(self):
        res = super()._mark_done()
        self.aftersales_visit_id.sudo()._on_survey_done()
        return res
