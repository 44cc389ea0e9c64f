import re

from odoo.tests import HttpCase, tagged

from .test_return_visit import ReturnVisitCommon


@tagged("post_install", "-at_install")
class SurveyAnswerOverHttp(HttpCase, ReturnVisitCommon):
    """The customer answers the satisfaction survey in the browser, with the link of the
    survey mail: what the form sends is checked against the questions' own choices."""

    def _open(self, visit):
        answer = visit.user_input_id
        page = self.url_open(f"/survey/{self.survey.access_token}/{answer.access_token}")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        begin = self.opener.post(
            f"{self.base_url()}/survey/begin/{self.survey.access_token}/{answer.access_token}",
            json={},
        )
        self.assertEqual(begin.status_code, 200)
        return answer, csrf

    def _submit(self, answer, csrf, choices):
        post = {str(question.id): value for question, value in choices.items()}
        post.update(csrf_token=csrf, token=answer.access_token)
        response = self.opener.post(
            f"{self.base_url()}/survey/submit/{self.survey.access_token}/{answer.access_token}",
            json={"params": post},
        )
        self.assertEqual(response.status_code, 200)
        return response.json().get("result")

    def _criteria(self):
        return {
            q.aftersales_criterion: q
            for q in self.survey.question_ids
            if q.aftersales_criterion in self.levels
        }

    def test_choices_of_another_question_are_refused(self):
        visit = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        answer, csrf = self._open(visit)
        questions = self._criteria()
        # attitude answered with the best level of another question, and with an id that
        # is no choice at all: the form comes back with the error, nothing is saved
        for wrong in (self.levels["skill"][4].id, 999999):
            choices = {questions[c]: str(self.levels[c][4].id) for c in questions}
            choices[questions["attitude"]] = str(wrong)
            result = self._submit(answer, csrf, choices)
            self.assertEqual(result[1]["error"], "validation", result)
            self.assertIn(str(questions["attitude"].id), result[1]["fields"])
            self.assertIn(
                "not one of its choices", result[1]["fields"][str(questions["attitude"].id)]
            )
        answer.invalidate_recordset()
        self.assertNotEqual(answer.state, "done")
        self.assertFalse(
            answer.user_input_line_ids.filtered(
                lambda line: line.question_id == questions["attitude"]
            )
        )
        self.assertFalse(visit.score_attitude)
        # the same form with the question's own choices is taken and scored
        low = {c: (1 if c == "attitude" else 4) for c in questions}
        result = self._submit(
            answer, csrf, {questions[c]: str(self.levels[c][low[c]].id) for c in questions}
        )
        self.assertNotIn("error", result[1], result)
        answer.invalidate_recordset()
        visit.invalidate_recordset()
        self.assertEqual(answer.state, "done")
        self.assertEqual((visit.score_attitude, visit.score_skill), (1.0, 4.0))
