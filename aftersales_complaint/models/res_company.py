from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------ return visits (RV)
    aftersales_return_visit_channel = fields.Selection(
        [("phone", "Phone"), ("email", "E-mail / Online"), ("visit", "On-site Visit")],
        string="Return Visit Channel",
        default="phone",
        required=True,
        help="How the service desk reaches the customer for the return visit.",
    )
    aftersales_survey_by_email = fields.Boolean(
        string="Send Survey by E-mail",
        default=True,
        help="Also e-mail the survey link to customers who have an e-mail address, "
        "whatever the return-visit channel.",
    )
    aftersales_survey_sampling_pct = fields.Integer(
        string="Survey Coverage (%)",
        default=100,
        help="Share of completed jobs that get a satisfaction survey. The seeds ask for "
        "every call, without sampling (100 %).",
    )
    aftersales_survey_id = fields.Many2one(
        "survey.survey",
        string="Satisfaction Survey",
        help="Survey sent after each job. Falls back to the standard after-sales "
        "satisfaction survey.",
    )
    aftersales_survey_low_score = fields.Integer(
        string="Low Score Threshold",
        default=2,
        help="A criterion rated at or below this score (4 very satisfied ... 1 very "
        "dissatisfied) marks the answer as a low score.",
    )
    aftersales_install_followup_visits = fields.Integer(
        string="Installation Follow-ups",
        default=2,
        help="Extra return visits after an installation (0 to switch off). "
        "The default: two visits within the first month.",
    )
    aftersales_install_followup_window_days = fields.Integer(
        string="Installation Follow-up Window (days)",
        default=30,
        help="The follow-up visits are spread evenly over this many days after the "
        "installation is done.",
    )
    # ------------------------------------------------------------ quality feedback (QF)
    aftersales_quality_user_id = fields.Many2one(
        "res.users",
        string="Quality Department Contact",
        help="Receives the quality information feedback and answers it.",
    )
    aftersales_quality_feedback_on_repair = fields.Boolean(
        string="Feedback from Every Repair",
        default=True,
        help="Create a quality feedback record when a repair order is done.",
    )

    def _aftersales_survey(self):
        """The satisfaction survey of this company (configured or the default one)."""
        self.ensure_one()
        return self.aftersales_survey_id or self.env.ref(
            "aftersales_complaint.survey_aftersales_satisfaction", raise_if_not_found=False
        )
