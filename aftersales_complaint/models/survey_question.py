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

    # An answer sent with choices of another question (or of no question: a form edited
    # by hand) was saved as it came: the visit counted as answered without a score, so
    # without its low-score follow-up. Only the question's own choices are taken.
    def _aftersales_foreign_choices(self, values, choices):
        """The values of ``values`` (ids sent by the form) that are not among ``choices``."""
        allowed = {str(choice_id) for choice_id in choices.ids}
        return [value for value in values if value and str(value).strip() not in allowed]

    def _aftersales_choice_refused(self):
        return {
            self.id: self.env._(
                "An answer of question “%(question)s” is not one of its choices: "
                "choose among the choices shown.",
                question=self.title,
            )
        }

    def _validate_choice(self, answer, comment):
        errors = super()._validate_choice(answer, comment)
        if errors:
            return errors
        values = answer if isinstance(answer, list) else [answer]
        if self._aftersales_foreign_choices(values, self.suggested_answer_ids):
            return self._aftersales_choice_refused()
        if self.question_type == "simple_choice" and len([v for v in values if v]) > 1:
            return self._aftersales_choice_refused()
        return errors

    def _validate_matrix(self, answers):
        errors = super()._validate_matrix(answers)
        if errors or not isinstance(answers, dict):
            return errors
        if self._aftersales_foreign_choices(list(answers), self.matrix_row_ids):
            return self._aftersales_choice_refused()
        for row_answers in answers.values():
            values = row_answers if isinstance(row_answers, list) else [row_answers]
            if self._aftersales_foreign_choices(values, self.suggested_answer_ids):
                return self._aftersales_choice_refused()
        return errors
