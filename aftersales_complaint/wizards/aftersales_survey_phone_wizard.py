from odoo import api, fields, models

CHOICE_DOMAIN = (
    "[('question_id.survey_id', '=', survey_id), ('question_id.aftersales_criterion', '=', '%s')]"
)


class AftersalesSurveyPhoneWizard(models.TransientModel):
    """The agent reads the survey to the customer on the phone and records the answers
    in the same survey answer the customer could have filled online."""

    _name = "aftersales.survey.phone.wizard"
    _description = "Record a Survey Answered on the Phone"

    visit_id = fields.Many2one("aftersales.return.visit", required=True, readonly=True)
    survey_id = fields.Many2one("survey.survey", compute="_compute_survey_id")
    attitude_id = fields.Many2one(
        "survey.question.answer", string="Attitude", domain=CHOICE_DOMAIN % "attitude"
    )
    skill_id = fields.Many2one(
        "survey.question.answer", string="Technical Skill", domain=CHOICE_DOMAIN % "skill"
    )
    arrival_id = fields.Many2one(
        "survey.question.answer", string="Arrival Time", domain=CHOICE_DOMAIN % "arrival"
    )
    promise_id = fields.Many2one(
        "survey.question.answer", string="Promises Kept", domain=CHOICE_DOMAIN % "promise"
    )
    suggestion = fields.Text(string="Suggestions")
    complaint = fields.Text(string="Complaint")

    @api.depends("visit_id")
    def _compute_survey_id(self):
        for wizard in self:
            visit = wizard.visit_id
            wizard.survey_id = visit.survey_id or visit.company_id._aftersales_survey()

    def action_confirm(self):
        self.ensure_one()
        self.visit_id._record_phone_answer(
            {
                "attitude": self.attitude_id,
                "skill": self.skill_id,
                "arrival": self.arrival_id,
                "promise": self.promise_id,
            },
            suggestion=self.suggestion,
            complaint=self.complaint,
        )
        return {"type": "ir.actions.act_window_close"}
