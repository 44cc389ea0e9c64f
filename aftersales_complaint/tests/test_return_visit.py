from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps
from odoo.addons.aftersales_service.tests.common import working_calendar


class ReturnVisitCommon(TransactionCase):
    """A satisfaction survey, a desk agent, two technicians and their customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.survey = cls.env.ref("aftersales_complaint.survey_aftersales_satisfaction")
        cls.company.write(
            {
                "aftersales_survey_id": cls.survey.id,
                "aftersales_return_visit_channel": "phone",
                "aftersales_survey_by_email": True,
                "aftersales_survey_sampling_pct": 100,
                "aftersales_survey_low_score": 2,
                "aftersales_install_followup_visits": 2,
                "aftersales_install_followup_window_days": 30,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "RV Test AC", "type": "consu", "list_price": 3000}
        )
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"RV Customer {i}", "email": f"rv.customer{i}@example.com"} for i in range(4)]
        )
        cls.agent = new_test_user(
            cls.env,
            login="rv_agent",
            name="RV Agent",
            groups="aftersales_complaint.group_complaint_user_all",
        )
        cls.tech1 = new_test_user(
            cls.env,
            login="rv_tech1",
            name="RV Technician One",
            groups="aftersales_service.group_aftersales_user_own,"
            "aftersales_complaint.group_complaint_user_own",
        )
        cls.tech2 = new_test_user(
            cls.env,
            login="rv_tech2",
            name="RV Technician Two",
            groups="aftersales_service.group_aftersales_user_own,"
            "aftersales_complaint.group_complaint_user_own",
        )
        cls.levels = {
            criterion: {
                answer.answer_score: answer
                for answer in cls.survey.question_ids.filtered(
                    lambda q, c=criterion: q.aftersales_criterion == c
                ).suggested_answer_ids
            }
            for criterion in ("attitude", "skill", "arrival", "promise")
        }

    def _done_request(self, technician, partner, kind="repair", provider=None):
        request = self.env["aftersales.service.request"].create(
            {
                "provider_id": provider and provider.id,
                "partner_id": partner.id,
                "product_id": self.product.id,
                "technician_id": technician.id,
                "user_id": self.agent.id,
                "kind": kind,
                "work_done": "<p>Cleaned and refilled</p>",
            }
        )
        request.action_dispatch()
        request.action_start()
        request.action_done()
        # the survey is issued (answer created, link mailed) by the scheduled action the
        # finish triggers, right after the commit
        self.env["aftersales.return.visit"]._cron_send_survey_mails()
        return request

    def _answer_online(self, visit, scores, complaint=None):
        """The customer fills the survey in the browser (public token access)."""
        answer = visit.user_input_id.sudo()
        for question in answer.survey_id.question_ids:
            criterion = question.aftersales_criterion
            if criterion in scores:
                answer._save_lines(question, self.levels[criterion][scores[criterion]].id)
            elif criterion == "complaint" and complaint:
                answer._save_lines(question, complaint)
        answer._mark_done()

    def _survey_mails(self, user_inputs):
        """The survey mails of ``user_inputs``, once the scheduled action triggered by the
        closing of the job has run (it mails the invitations right after the commit)."""
        self.env["aftersales.return.visit"]._cron_send_survey_mails()
        return self.env["mail.mail"].search(
            [("model", "=", "survey.user_input"), ("res_id", "in", user_inputs.ids)]
        )


@tagged("post_install", "-at_install")
class ReturnVisitCase(ReturnVisitCommon):
    """Return visits and satisfaction surveys (seed 000 篇2 (二十三)-(二十八), RV-*)."""

    # ------------------------------------------------------------------ RV-A02
    def test_every_done_request_gets_one_survey_none_missed_none_twice(self):
        """(二十四) every call of the day gets a survey card, no sampling, never twice."""
        requests = self.env["aftersales.service.request"]
        for customer in self.customers[:3]:
            requests |= self._done_request(self.tech1, customer)
        visits = requests.return_visit_ids
        self.assertEqual(len(visits), 3)
        for visit in visits:
            self.assertRegex(visit.name, r"^RV\d{6}-\d{5}$")
        self.assertEqual(visits.service_request_id, requests)
        self.assertEqual(set(visits.mapped("state")), {"sent"})
        self.assertEqual(len(visits.user_input_id), 3)
        self.assertEqual(visits.user_input_id.aftersales_visit_id, visits)
        self.assertEqual(visits.user_input_id.partner_id, self.customers[:3])
        self.assertEqual(len(self._survey_mails(visits.user_input_id)), 3)
        # scheduling again (cron safety net, closing the request, resending) adds nothing
        Visit = self.env["aftersales.return.visit"]
        Visit._schedule_for_requests(requests)
        Visit._cron_schedule_missing_visits()
        visits.action_send_survey()
        voucher = self.env["ir.attachment"].create({"name": "v.pdf", "raw": b"%PDF-1.4"})
        requests[0].voucher_attachment_id = voucher
        requests[0].action_close()
        self.assertEqual(requests.return_visit_ids, visits)
        self.assertEqual(len(visits.user_input_id), 3)
        self.assertEqual(len(self._survey_mails(visits.user_input_id)), 3)

    def test_first_return_visit_within_3_days_configurable(self):
        """Seed 003 第5篇: first return visit within 3 days of completion (C-21)."""
        request = self._done_request(self.tech1, self.customers[0])
        visit = request.return_visit_ids
        done = request.company_id._aftersales_local_date(request.date_done)  # company's day
        self.assertEqual(visit.date_deadline, done + timedelta(days=3))
        self.assertEqual(visit.activity_ids.date_deadline, visit.date_deadline)
        self.assertEqual(visit.activity_ids.user_id, self.agent)
        self.env.ref("aftersales_complaint.sla_return_visit").target = 5
        request2 = self._done_request(self.tech1, self.customers[1])
        self.assertEqual(
            request2.return_visit_ids.date_deadline,
            request2.company_id._aftersales_local_date(request2.date_done) + timedelta(days=5),
        )

    def test_email_channel_without_address_falls_back_to_phone(self):
        """C-28: e-mail/online where possible, otherwise the agent calls."""
        self.company.aftersales_return_visit_channel = "email"
        visit = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        self.assertEqual(visit.channel, "email")
        self.assertFalse(visit.activity_ids)
        self.assertEqual(len(self._survey_mails(visit.user_input_id)), 1)
        no_mail = self.env["res.partner"].create({"name": "RV No Mail"})
        visit2 = self._done_request(self.tech1, no_mail).return_visit_ids
        self.assertEqual(visit2.state, "sent")
        self.assertEqual(visit2.channel, "phone")
        self.assertFalse(self._survey_mails(visit2.user_input_id))
        self.assertEqual(visit2.activity_ids.user_id, self.agent)

    def test_return_visit_in_working_days_skips_weekend(self):
        """Seed 002: within [X] working days; a job done on Friday is due on Wednesday."""
        calendar = working_calendar(self.env, "RV Mon-Fri", days=5)
        self.company.aftersales_calendar_id = calendar
        policy = self.env.ref("aftersales_complaint.sla_return_visit")
        policy.write({"basis": "working", "from_next_day": True})
        Visit = self.env["aftersales.return.visit"]
        friday = datetime(2026, 11, 20, 15, 0)
        self.assertEqual(Visit._visit_deadline(self.company, friday), date(2026, 11, 25))
        policy.write({"basis": "elapsed", "from_next_day": False})
        self.assertEqual(Visit._visit_deadline(self.company, friday), date(2026, 11, 23))

    def test_internal_work_gets_no_return_visit(self):
        request = self._done_request(self.tech1, self.customers[0], kind="internal")
        self.assertFalse(request.return_visit_ids)

    def test_due_days_are_the_company_days_whatever_the_hour(self):
        """The days of the visits and their lateness are those of the company's time zone
        (as the deadline engine's sweep counts them), not the server's UTC day: the zone is
        chosen so that its day differs from UTC's at the hour the test runs."""
        hour = fields.Datetime.now().hour
        tz = "Etc/GMT-14" if hour >= 10 else "Etc/GMT+12"  # UTC+14 / UTC-12
        company = self.env.company
        company._aftersales_calendar().tz = tz
        company.partner_id.tz = tz
        self.assertNotEqual(company._aftersales_local_date(), fields.Date.today())
        request = self._done_request(self.tech1, self.customers[0], kind="installation")
        local_done = company._aftersales_local_date(request.date_done)
        self.assertNotEqual(local_done, fields.Date.to_date(request.date_done))
        visits = request.return_visit_ids.sorted("followup_index")
        policy = self.env.ref("aftersales_complaint.sla_return_visit")
        self.assertEqual(visits[0].date_deadline, local_done + timedelta(days=policy.target))
        self.assertEqual(
            visits[1:].mapped("date_deadline"),
            [local_done + timedelta(days=15), local_done + timedelta(days=30)],
        )
        # due yesterday in the company's zone: late there, whatever UTC's day is
        visits[0].date_deadline = local_done - timedelta(days=1)
        visits[1].date_deadline = local_done
        self.assertTrue(visits[0].is_overdue)
        self.assertFalse(visits[1].is_overdue)
        overdue = self.env["aftersales.return.visit"].search([("is_overdue", "=", True)])
        self.assertIn(visits[0], overdue)
        self.assertNotIn(visits[1], overdue)

    def test_installation_two_followups_within_first_month(self):
        """Seed 000 篇9: two visits within the first month of an installation (RV-A08)."""
        request = self._done_request(self.tech1, self.customers[0], kind="installation")
        done = request.company_id._aftersales_local_date(request.date_done)
        visits = request.return_visit_ids.sorted("followup_index")
        self.assertEqual(visits.mapped("visit_type"), ["service", "installation", "installation"])
        self.assertEqual(
            visits[1:].mapped("date_deadline"),
            [done + timedelta(days=15), done + timedelta(days=30)],
        )
        self.assertEqual(visits.filtered("survey_required"), visits[0])
        self.env["aftersales.return.visit"]._schedule_for_requests(request)
        self.assertEqual(len(request.return_visit_ids), 3)

    def test_sampling_zero_pct_plans_visit_without_survey(self):
        """C-22: the coverage is a parameter; at 0 % the visit is planned, no survey sent."""
        self.company.aftersales_survey_sampling_pct = 0
        visit = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        self.assertEqual(visit.state, "planned")
        self.assertFalse(visit.user_input_id)

    # ------------------------------------------------------------------ RV-A01 / A03
    def test_phone_answer_and_online_answers_turn_into_technician_scores(self):
        """(二十五) four criteria x four levels; (二十三) ratings feed the monthly appraisal."""
        visit1 = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        visit2 = self._done_request(self.tech1, self.customers[1]).return_visit_ids
        visit3 = self._done_request(self.tech1, self.customers[2]).return_visit_ids
        with frozen_steps():  # a contracted provider, its onboarding not under test
            provider = (
                self.env["aftersales.provider"]
                .sudo()
                .create({"name": "RV Provider", "is_company": True, "state": "active"})
                .partner_id
            )
        visit4 = self._done_request(self.tech2, self.customers[3], provider=provider)
        visit4 = visit4.return_visit_ids
        # the agent records visit1 on the phone, through the wizard of the button
        action = visit1.with_user(self.agent).action_record_phone_answer()
        wizard_form = Form(
            self.env[action["res_model"]].with_user(self.agent).with_context(**action["context"])
        )
        wizard_form.attitude_id = self.levels["attitude"][4]
        wizard_form.skill_id = self.levels["skill"][3]
        wizard_form.arrival_id = self.levels["arrival"][4]
        wizard_form.promise_id = self.levels["promise"][3]
        wizard_form.suggestion = "Call before coming"
        wizard_form.save().action_confirm()
        self.assertEqual(visit1.state, "answered")
        self.assertEqual(visit1.user_input_id.state, "done")
        self.assertEqual(
            (visit1.score_attitude, visit1.score_skill, visit1.score_arrival, visit1.score_promise),
            (4, 3, 4, 3),
        )
        self.assertAlmostEqual(visit1.score_average, 3.5)
        self.assertEqual(visit1.suggestion, "Call before coming")
        self.assertFalse(visit1.needs_complaint)
        # visit2 answered online, all "dissatisfied"; visit3 never answered
        self._answer_online(visit2, {"attitude": 2, "skill": 2, "arrival": 2, "promise": 2})
        self.assertEqual(visit2.state, "answered")
        self.assertEqual(visit2.score_average, 2)
        self.assertTrue(visit2.is_low_score)
        self._answer_online(visit4, {"attitude": 4, "skill": 4, "arrival": 4, "promise": 4})
        self.assertEqual(visit3.state, "sent")
        self.env.flush_all()
        today = fields.Date.context_today(visit1)
        month_start = today.replace(day=1)
        month_end = month_start + relativedelta(months=1, days=-1)
        scores = self.env["aftersales.survey.report"]._scores_by(
            "technician_id", month_start, month_end
        )
        self.assertEqual(scores[self.tech1]["sent"], 3)
        self.assertEqual(scores[self.tech1]["answered"], 2)
        self.assertAlmostEqual(scores[self.tech1]["coverage"], 200 / 3, places=2)
        self.assertAlmostEqual(scores[self.tech1]["score"], 2.75)
        self.assertEqual(scores[self.tech1]["low"], 1)
        self.assertEqual(scores[self.tech2]["score"], 4)
        self.assertEqual(scores[self.tech2]["coverage"], 100)
        by_provider = self.env["aftersales.survey.report"]._scores_by(
            "provider_id", month_start, month_end
        )
        self.assertEqual(by_provider[provider]["score"], 4)
        self.assertEqual(by_provider[provider]["sent"], 1)
        # the provider scorecard of aftersales_service shows the same rating
        self.assertEqual(provider.aftersales_provider_id.rating, 4)
        # technicians see only their own scores
        own = self.env["aftersales.survey.report"].with_user(self.tech2).search([])
        self.assertEqual(own.technician_id, self.tech2)

    # ------------------------------------------------------------------ RV-A04
    def test_low_score_opens_complaint_in_one_click(self):
        """A dissatisfied customer: one click opens the complaint; the visit stays open
        until then (RV-A04: follow up until the customer is satisfied)."""
        request = self._done_request(self.tech1, self.customers[0])
        visit = request.return_visit_ids
        self._answer_online(visit, {"attitude": 1, "skill": 3, "arrival": 3, "promise": 3})
        self.assertTrue(visit.is_low_score)
        self.assertTrue(visit.needs_complaint)
        with self.assertRaises(UserError):
            visit.with_user(self.agent).action_close()
        action = visit.with_user(self.agent).action_open_complaint()
        complaint = self.env["aftersales.complaint"].browse(action["res_id"])
        self.assertEqual(visit.new_complaint_id, complaint)
        self.assertEqual(complaint.partner_id, self.customers[0])
        self.assertEqual(complaint.service_request_id, request)
        self.assertEqual(complaint.product_id, self.product)
        self.assertIn("1 / 4", complaint.description)
        with self.assertRaises(UserError):
            visit.with_user(self.agent).action_open_complaint()
        visit.with_user(self.agent).action_close()
        self.assertEqual(visit.state, "closed")

    def test_complaint_text_without_low_score_opens_complaint(self):
        visit = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        self._answer_online(
            visit,
            {"attitude": 4, "skill": 4, "arrival": 3, "promise": 4},
            complaint="The technician left packaging in the garden",
        )
        self.assertFalse(visit.is_low_score)
        self.assertTrue(visit.needs_complaint)
        self.assertEqual(visit.complaint_text, "The technician left packaging in the garden")

    def test_quality_finding_from_a_visit_goes_to_quality_feedback(self):
        """QF-C01: customers comment on quality in the return visit; it reaches Quality."""
        visit = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        self._answer_online(
            visit,
            {"attitude": 4, "skill": 4, "arrival": 4, "promise": 4},
            complaint="The unit rattles again since the repair",
        )
        action = visit.with_user(self.agent).action_create_quality_feedback()
        feedback = self.env["aftersales.quality.feedback"].browse(action["res_id"])
        self.assertEqual(feedback.visit_id, visit)
        self.assertEqual(feedback.source, "visit")
        self.assertEqual(feedback.service_request_id, visit.service_request_id)
        self.assertEqual(feedback.product_id, self.product)
        self.assertIn("rattles", feedback.description)
        self.assertEqual(visit.quality_feedback_count, 1)

    def test_satisfied_answer_cannot_open_complaint(self):
        visit = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        self._answer_online(visit, {"attitude": 3, "skill": 3, "arrival": 3, "promise": 3})
        with self.assertRaises(UserError):
            visit.action_open_complaint()
        visit.action_close()
        self.assertEqual(visit.state, "closed")

    # ------------------------------------------------------------------ complaints
    def test_closed_complaint_gets_one_return_visit(self):
        complaint = self.env["aftersales.complaint"].create(
            {"partner_id": self.customers[0].id, "product_id": self.product.id}
        )
        self.env["aftersales.return.visit"]._cron_schedule_missing_visits()
        self.assertFalse(
            self.env["aftersales.return.visit"].search([("complaint_id", "=", complaint.id)])
        )
        with frozen_steps():  # a fixture: closed without walking the whole procedure
            complaint.write(
                {
                    "decision_type": "not_established",
                    "state": "closed",
                    "date_closed": fields.Datetime.now(),
                }
            )
        Visit = self.env["aftersales.return.visit"]
        Visit._cron_schedule_missing_visits()
        Visit._cron_schedule_missing_visits()
        visit = Visit.search([("complaint_id", "=", complaint.id)])
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.visit_type, "complaint")
        self.assertEqual(visit.state, "planned")
        self.assertTrue(visit.followup_pending)
        Visit._cron_send_survey_mails()  # triggered by the scheduling, after the commit
        self.assertEqual(visit.state, "sent")
        self.assertEqual(len(visit.user_input_id), 1)

    # ------------------------------------------------------------------ RV-A07
    def test_key_customer_care_plan_generates_periodic_visits(self):
        today = fields.Date.context_today(self.env.user)
        plan = self.env["aftersales.return.visit.plan"].create(
            {
                "name": "Hotel quarterly care",
                "partner_id": self.customers[0].id,
                "user_id": self.agent.id,
                "interval_number": 1,
                "interval_unit": "month",
                "next_date": today - relativedelta(months=2),
            }
        )
        self.env["aftersales.return.visit.plan"]._cron_generate_visits()
        self.assertEqual(
            sorted(plan.visit_ids.mapped("date_planned")),
            [today - relativedelta(months=2), today - relativedelta(months=1), today],
        )
        self.assertEqual(plan.next_date, today + relativedelta(months=1))
        self.assertEqual(set(plan.visit_ids.mapped("visit_type")), {"care"})
        plan._generate_visits(today)
        self.assertEqual(len(plan.visit_ids), 3)

    def test_survey_link_answerable_on_the_portal(self):
        """C-28: e-mailed link and portal list lead to the same survey answer."""
        visit = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        self._done_request(self.tech1, self.customers[1])
        self.assertIn(visit.user_input_id.access_token, visit.survey_url)
        mail = self._survey_mails(visit.user_input_id)
        self.assertIn(visit.user_input_id.access_token, mail.body_html)
        portal = new_test_user(
            self.env,
            login="rv_portal",
            groups="base.group_portal",
            partner_id=self.customers[0].id,
        )
        Answer = self.env["survey.user_input"]
        shown = Answer.search(Answer._aftersales_portal_domain(portal.partner_id))
        self.assertEqual(shown, visit.user_input_id)

    # ------------------------------------------------------------------ security
    def test_technician_cannot_reach_the_answer_that_rates_him(self):
        """The survey answer's token opens the survey to whoever holds it: the technician
        the visit rates never reads it (nor a colleague's), the visit's agent does, and a
        user of another company does not."""
        visit1 = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        visit2 = self._done_request(self.tech2, self.customers[1]).return_visit_ids
        Answer = self.env["survey.user_input"]
        for tech in (self.tech1, self.tech2):
            self.assertFalse(Answer.with_user(tech).search([]), tech.login)
            with self.assertRaises(AccessError):
                (visit1 | visit2).user_input_id.with_user(tech).read(["access_token"])
            self.assertFalse(self.env["survey.user_input.line"].with_user(tech).search([]))
        self.assertEqual(
            Answer.with_user(self.agent).search(
                [("id", "in", (visit1 | visit2).user_input_id.ids)]
            ),
            (visit1 | visit2).user_input_id,
        )
        other = self.env["res.company"].create({"name": "RV Other Company 2"})
        agent_other = new_test_user(
            self.env,
            login="rv_agent_other2",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
            groups="aftersales_complaint.group_complaint_user_all",
        )
        self.assertFalse(Answer.with_user(agent_other).search([]))
        # the technician still opens his own visit and its scores
        visit1.with_user(self.tech1).read(["name", "score_average", "state"])

    def test_only_the_questions_own_levels_count(self):
        """An answer of another question (a quiz's 20 points) sent by the browser counts
        for nothing: each criterion is scored 1 to 4."""
        visit = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        quiz_answer = self.env["survey.question.answer"].create(
            {
                "question_id": self.env["survey.question"]
                .create(
                    {
                        "survey_id": self.env["survey.survey"].create({"title": "RV quiz"}).id,
                        "title": "Quiz",
                        "question_type": "simple_choice",
                    }
                )
                .id,
                "value": "Twenty",
                "answer_score": 20,
            }
        )
        answer = visit.user_input_id.sudo()
        for question in answer.survey_id.question_ids:
            criterion = question.aftersales_criterion
            if criterion == "attitude":
                answer._save_lines(question, quiz_answer.id)
            elif criterion in ("skill", "arrival", "promise"):
                answer._save_lines(question, self.levels[criterion][4].id)
        answer._mark_done()
        self.assertEqual(visit.score_attitude, 0.0, "not a level of the question")
        self.assertEqual((visit.score_skill, visit.score_average), (4.0, 4.0))

    def test_closed_or_cancelled_visit_takes_no_answer(self):
        """Closing or cancelling a visit expires its survey link; a cancelled visit reset
        opens it again."""
        closed = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        cancelled = self._done_request(self.tech2, self.customers[1]).return_visit_ids
        closed.with_user(self.agent).action_close()
        cancelled.with_user(self.agent).action_cancel()
        now = fields.Datetime.now()
        for visit in closed | cancelled:
            self.assertTrue(visit.user_input_id.deadline and visit.user_input_id.deadline <= now)
        cancelled.with_user(self.agent).action_reset()
        self.assertFalse(cancelled.user_input_id.deadline)
        self.assertEqual(cancelled.state, "sent")

    def test_other_company_visits_hidden(self):
        visit = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        other = self.env["res.company"].create({"name": "RV Other Company"})
        agent_other = new_test_user(
            self.env,
            login="rv_agent_other",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
            groups="aftersales_complaint.group_complaint_user_all",
        )
        self.assertFalse(
            self.env["aftersales.return.visit"]
            .with_user(agent_other)
            .search([("id", "=", visit.id)])
        )
        self.assertTrue(
            self.env["aftersales.return.visit"]
            .with_user(self.agent)
            .search([("id", "=", visit.id)])
        )

    def test_technician_sees_only_own_visits(self):
        visit1 = self._done_request(self.tech1, self.customers[0]).return_visit_ids
        visit2 = self._done_request(self.tech2, self.customers[1]).return_visit_ids
        self.assertEqual(
            self.env["aftersales.return.visit"].with_user(self.tech1).search([]), visit1
        )
        with self.assertRaises(AccessError):
            visit2.with_user(self.tech1).read(["name"])
        with self.assertRaises(AccessError):
            self.env["aftersales.return.visit"].with_user(self.tech1).create(
                {
                    "partner_id": self.customers[0].id,
                    "date_planned": fields.Date.today(),
                    "date_deadline": fields.Date.today(),
                }
            )
