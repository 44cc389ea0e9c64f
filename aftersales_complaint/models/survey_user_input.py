from odoo import api, fields, models


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

    @api.model
    def _aftersales_portal_domain(self, partner):
        """Survey answers of return visits shown to ``partner`` on the portal: those of
        their company's contacts."""
        commercial = partner.commercial_partner_id
        return [
            ("aftersales_visit_id", "!=", False),
            ("partner_id", "child_of", commercial.id),
            ("test_entry", "=", False),
        ]
