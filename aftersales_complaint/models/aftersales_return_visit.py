from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step
from odoo.addons.aftersales_service.models.mail_activity import (
    acting_user,
    pending_step,
    take_pending,
    trigger_cron,
)

from .aftersales_return_visit_scheduling import DEFER_SURVEY_MAIL, SURVEY_CRON

SCORE_CRITERIA = ("attitude", "skill", "arrival", "promise")
VISIT_TYPES = [
    ("service", "After Service"),
    ("installation", "Installation Follow-up"),
    ("complaint", "After Complaint"),
    ("care", "Key-Customer Care"),
]
CHANNELS = [("phone", "Phone"), ("email", "E-mail / Online"), ("visit", "On-site Visit")]


class AftersalesReturnVisit(models.Model):
    """Return visit (回訪): a call, mail or visit to the customer after a job, a closed
    complaint, an installation or within a key-customer care plan. The visits after a
    job carry the satisfaction survey whose answers score the technician."""

    _name = "aftersales.return.visit"
    _description = "Return Visit"
    _inherit = [
        "aftersales.return.visit.scheduling.mixin",
        "aftersales.number.mixin",
        "aftersales.frozen.mixin",
        "aftersales.evidence.mixin",
        "aftersales.sla.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    # The state moves only through the visit's steps (the survey sent, answered on the web
    # or the phone, closed, cancelled): a technician cannot close unasked the visit that
    # rates him. An answered or closed visit is the evidence of the customer's rating
    # (RV-A01, the technician's appraisal; the missed-visit and low-score penalties): it
    # no longer changes, except its agent and the agent's notes. The dates the visit was
    # made, its survey and what the customer answered are set by the steps only.
    _frozen_states = ("answered", "closed")
    _frozen_initial_states = ("planned",)
    _frozen_writable_fields = frozenset({"user_id", "note"})
    # whom the visit rates and what it follows: its job's, never moved to a colleague
    _frozen_fixed_fields = frozenset(
        {"technician_id", "provider_id", "service_request_id", "complaint_id"}
    )
    _frozen_system_fields = frozenset(
        {
            "date_sent",
            "date_answered",
            "date_closed",
            "date_made",
            "survey_id",
            "user_input_id",
            "suggestion",
            "complaint_text",
            "needs_complaint",
            "new_complaint_id",
        }
    )
    # the customer's answers judge the technician: computed from the survey, never typed
    _evidence_fields = {
        "user_input_id": None,
        "date_answered": None,
        "score_attitude": None,
        "score_skill": None,
        "score_arrival": None,
        "score_promise": None,
        "score_average": None,
        "is_low_score": None,
    }
    _evidence_subject_field = "technician_id"
    _evidence_guard_empty = frozenset(_evidence_fields)
    _aftersales_sequence_code = "aftersales.return.visit"
    _order = "date_deadline desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("sent", "Survey Sent"),
            ("answered", "Answered"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    visit_type = fields.Selection(
        VISIT_TYPES, string="Type", required=True, default="service", index=True
    )
    followup_index = fields.Integer(
        string="Follow-up No.",
        default=0,
        help="0 for the survey visit after the job; 1, 2, ... for installation follow-ups.",
    )
    service_request_id = fields.Many2one(
        "aftersales.service.request",
        string="Service Request",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    complaint_id = fields.Many2one(
        "aftersales.complaint",
        string="Closed Complaint",
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The complaint whose closing this visit follows up.",
    )
    plan_id = fields.Many2one(
        "aftersales.return.visit.plan",
        string="Care Plan",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    phone = fields.Char(related="partner_id.phone")
    email = fields.Char(related="partner_id.email")
    product_id = fields.Many2one("product.product", string="Product", index=True)
    lot_id = fields.Many2one("stock.lot", string="Serial Number", index=True)
    technician_id = fields.Many2one("res.users", string="Technician", index=True)
    provider_id = fields.Many2one("res.partner", string="Service Provider", index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Service-desk agent making the call.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="phone")
    date_reference = fields.Datetime(
        string="Job Done On", help="Completion of the job or closing of the complaint."
    )
    date_planned = fields.Date(string="Planned On", required=True, index=True)
    date_deadline = fields.Date(string="Due By", required=True, index=True, tracking=True)
    date_sent = fields.Datetime(string="Survey Sent On", readonly=True, copy=False, index=True)
    date_answered = fields.Datetime(string="Answered On", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    date_made = fields.Datetime(
        string="Made On",
        compute="_compute_date_made",
        store=True,
        precompute=True,
        help="When the visit was made: the survey sent, the answer recorded or the visit "
        "closed, whichever came first.",
    )
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )
    note = fields.Html(string="Visit Notes")
    # ------------------------------------------------------------ survey
    survey_required = fields.Boolean(
        string="With Survey",
        help="This visit carries the satisfaction survey (sampled at the configured coverage).",
    )
    followup_pending = fields.Boolean(
        string="Follow-up Pending",
        readonly=True,
        copy=False,
        index=True,
        help="Planned by the finish of a job or the closing of a complaint: the agent's "
        "to-do and the survey are issued by the scheduled action right after that.",
    )
    survey_mail_pending = fields.Boolean(
        string="Survey Mail Pending",
        readonly=True,
        copy=False,
        index=True,
        help="The survey invitation is mailed by the scheduled action right after the job "
        "was finished.",
    )
    survey_id = fields.Many2one("survey.survey", string="Survey", readonly=True, copy=False)
    user_input_id = fields.Many2one(
        "survey.user_input", string="Survey Answer", readonly=True, copy=False, index=True
    )
    survey_url = fields.Char(compute="_compute_survey_url")
    score_attitude = fields.Float(
        string="Attitude", compute="_compute_scores", store=True, precompute=True, aggregator="avg"
    )
    score_skill = fields.Float(
        string="Skill", compute="_compute_scores", store=True, precompute=True, aggregator="avg"
    )
    score_arrival = fields.Float(
        string="Arrival Time",
        compute="_compute_scores",
        store=True,
        precompute=True,
        aggregator="avg",
    )
    score_promise = fields.Float(
        string="Promises Kept",
        compute="_compute_scores",
        store=True,
        precompute=True,
        aggregator="avg",
    )
    score_average = fields.Float(
        string="Score",
        compute="_compute_scores",
        store=True,
        precompute=True,
        aggregator="avg",
        help="Average of the four criteria, 4 = very satisfied ... 1 = very dissatisfied.",
    )
    suggestion = fields.Text(
        string="Suggestions", compute="_compute_scores", store=True, precompute=True
    )
    complaint_text = fields.Text(
        string="Complaint", compute="_compute_scores", store=True, precompute=True
    )
    is_low_score = fields.Boolean(
        string="Low Score", compute="_compute_scores", store=True, precompute=True, index=True
    )
    needs_complaint = fields.Boolean(
        string="Dissatisfied",
        compute="_compute_scores",
        store=True,
        precompute=True,
        index=True,
        help="A low score or a complaint in the answer: a complaint case should be opened.",
    )
    new_complaint_id = fields.Many2one(
        "aftersales.complaint",
        string="Complaint Opened",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="Complaint case opened from this answer.",
    )
    quality_feedback_ids = fields.One2many("aftersales.quality.feedback", "visit_id")
    quality_feedback_count = fields.Integer(compute="_compute_quality_feedback_count")

    _sql_constraints = [
        (
            "request_visit_uniq",
            "unique(service_request_id, visit_type, followup_index)",
            "A service request gets only one return visit of each kind.",
        ),
        (
            "complaint_visit_uniq",
            "unique(complaint_id, visit_type)",
            "A closed complaint gets only one return visit.",
        ),
        (
            "plan_date_uniq",
            "unique(plan_id, date_planned)",
            "A care plan gets only one visit per date.",
        ),
    ]

    def copy(self, default=None):
        """A visit follows its job, complaint or care plan once (the constraints above):
        a duplicate would only collide with it."""
        raise UserError(
            self.env._(
                "Return visit %(name)s follows its own job, complaint or care plan and cannot "
                "be duplicated: plan a new visit from there.",
                name=self[:1].display_name,
            )
        )

    # ================================================================== computes
    def _compute_is_overdue(self):
        today = self.company_id._aftersales_today_by_company()
        for visit in self:
            visit.is_overdue = (
                visit.state in ("planned", "sent")
                and visit.date_deadline < today[visit.company_id or self.env.company]
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported on %(field)s.", field="is_overdue"))
        domain = [
            ("state", "in", ("planned", "sent")),
            ("date_deadline", "<", self.env.company._aftersales_local_date()),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    def _compute_survey_url(self):
        for visit in self:
            # the customer's link: never the technician's the visit rates (he would answer
            # it himself)
            rated = not self.env.su and visit.technician_id == self.env.user
            answer = visit.user_input_id.sudo()
            visit.survey_url = not rated and answer and answer.get_start_url() or False

    @api.depends(
        "user_input_id.state",
        "user_input_id.user_input_line_ids.suggested_answer_id",
        "user_input_id.user_input_line_ids.value_text_box",
    )
    def _compute_scores(self):
        # the company's low-score threshold of the day the answer came: a later change of
        # it does not judge the visits already answered again (not a dependency)
        for visit in self:
            answer = visit.user_input_id.sudo()
            scores, texts = {}, {}
            if answer.state == "done":
                for line in answer.user_input_line_ids:
                    criterion = line.question_id.aftersales_criterion
                    choice = line.suggested_answer_id
                    # one of the question's own four levels (1 to 4): an answer of another
                    # question sent by the browser counts for nothing
                    if (
                        criterion in SCORE_CRITERIA
                        and choice in line.question_id.suggested_answer_ids
                        and 1 <= choice.answer_score <= 4
                    ):
                        scores[criterion] = choice.answer_score
                    elif criterion in ("suggestion", "complaint") and line.value_text_box:
                        texts[criterion] = line.value_text_box.strip()
            visit.score_attitude = scores.get("attitude", 0.0)
            visit.score_skill = scores.get("skill", 0.0)
            visit.score_arrival = scores.get("arrival", 0.0)
            visit.score_promise = scores.get("promise", 0.0)
            visit.score_average = scores and sum(scores.values()) / len(scores) or 0.0
            visit.suggestion = texts.get("suggestion", False)
            visit.complaint_text = texts.get("complaint", False)
            threshold = visit.company_id.aftersales_survey_low_score
            visit.is_low_score = any(0 < score <= threshold for score in scores.values())
            visit.needs_complaint = visit.is_low_score or bool(visit.complaint_text)

    def _compute_quality_feedback_count(self):
        counts = dict(
            self.env["aftersales.quality.feedback"]._read_group(
                [("visit_id", "in", self.ids)], ["visit_id"], ["__count"]
            )
        )
        for visit in self:
            visit.quality_feedback_count = counts.get(visit, 0)

    # ================================================================== service levels
    @api.model
    def _sla_duty_specs(self):
        # a visit not made in time: the overdue filter, the agent's activity, the
        # penalty addon's missed-visit event
        return {
            "visit": {
                "label": self.env._("Return visit"),
                "start": "date_reference",
                "done": "date_made",
                "deadline": "date_deadline",
                "date": True,
                "sweep": False,
            },
        }

    @api.depends("date_sent", "date_answered", "date_closed")
    def _compute_date_made(self):
        for visit in self:
            made = [d for d in (visit.date_sent, visit.date_answered, visit.date_closed) if d]
            visit.date_made = made and min(made)

    @api.model
    def _visit_deadline(self, company, done, visit_type="service"):
        """Due date of a return visit after a job or complaint done at ``done``: the day
        set by its service level policy (3 days by default; a policy may count working
        days of the service calendar instead), in the company's time zone."""
        visit = self.new({"company_id": company.id, "visit_type": visit_type})
        return visit._sla_due_dates("visit", {visit: done})[visit] or (
            company._aftersales_local_date(done)
        )

    # ================================================================== survey
    def _prepare_user_input_vals(self):
        """Extra values of the survey answer created by :meth:`_create_user_input`."""
        self.ensure_one()
        deadline = fields.Datetime.to_datetime(self.date_deadline) + timedelta(days=30)
        return {"aftersales_visit_id": self.id, "deadline": deadline}

    @frozen_step
    def _create_user_input(self):
        """The survey answer ("survey card") of each visit, created once."""
        todo = self.filtered(lambda v: not v.user_input_id)
        todo._check_survey_configured()
        for visit in todo:
            survey = visit.company_id._aftersales_survey()
            # the answer is the customer's: nobody follows it, no "created" note on it
            answer = (
                survey.sudo()
                .with_context(mail_create_nosubscribe=True, mail_create_nolog=True)
                ._create_answer(
                    partner=visit.partner_id,
                    check_attempts=False,
                    **visit._prepare_user_input_vals(),
                )
            )
            visit.write({"survey_id": survey.id, "user_input_id": answer.id})

    @frozen_step
    def action_send_survey(self):
        """Issue the survey of each visit once: create its answer and mail the link when
        the customer has an e-mail and e-mailing is allowed. Never sends twice."""
        self._ensure_state(("planned", "sent"))
        todo = self.filtered(lambda v: not v.user_input_id)
        template = self.env.ref(
            "aftersales_complaint.mail_template_return_visit_survey", raise_if_not_found=False
        )
        unmailed = to_mail = self.browse()
        for visit in todo:
            mail_allowed = visit.channel == "email" or visit.company_id.aftersales_survey_by_email
            if template and mail_allowed and visit.partner_id.email:
                to_mail |= visit
            elif visit.channel == "email":
                unmailed |= visit
        vals = {"state": "sent", "date_sent": fields.Datetime.now(), "survey_required": True}
        if self.env.context.get(DEFER_SURVEY_MAIL) and to_mail:
            # the answers to mail are created and mailed by the scheduled action right after
            # the commit (_cron_send_survey_mails), not inside the request finishing the job
            to_mail._check_survey_configured()
            (todo - to_mail)._create_user_input()
            to_mail.write(dict(vals, survey_mail_pending=True))
            trigger_cron(self.env, SURVEY_CRON)
            todo -= to_mail
        else:
            todo._create_user_input()
            to_mail._mail_survey(template)
        # no e-mail address: the survey falls back to a phone call by the agent
        unmailed.write({"channel": "phone"})
        unmailed._plan_agent_activity()
        todo.write(vals)
        return True

    def _check_survey_configured(self):
        """Refuse when a visit's company has no satisfaction survey."""
        for visit in self:
            if not visit.company_id._aftersales_survey():
                raise UserError(
                    self.env._(
                        "Return visit %(name)s: no satisfaction survey is configured.",
                        name=visit.name,
                    )
                )

    def _mail_survey(self, template):
        """Mail the survey link of each visit to its customer, noted in the chatter."""
        for visit in self:
            template.sudo().send_mail(
                visit.user_input_id.id, email_layout_xmlid="mail.mail_notification_light"
            )
            visit.message_post(
                body=self.env._(
                    "Satisfaction survey e-mailed to %(partner)s.",
                    partner=visit.partner_id.display_name,
                )
            )

    @api.model
    @frozen_step
    def _cron_send_survey_mails(self, limit=200):
        """Issue what the finish of a job or the closing of a complaint left to this
        scheduled action, right after its commit: the follow-ups of the visits it planned
        (the agent's to-do, the survey), then each survey's answer (its "survey card") and
        the mail of its link, each once, in the name of the user who planned the visit."""
        self._issue_pending_followups(limit)
        visits = take_pending(self, "survey_mail_pending", SURVEY_CRON, limit)
        template = self.env.ref(
            "aftersales_complaint.mail_template_return_visit_survey", raise_if_not_found=False
        )
        visits.write({"survey_mail_pending": False})
        for visit in visits:
            with pending_step(visit):
                visit._mail_pending_survey(template)
        return visits

    def _mail_pending_survey(self, template):
        self.ensure_one()
        author = acting_user(self.create_uid, self.env)
        # a survey configuration removed meanwhile leaves the visit to the agent (issued
        # again from the visit once a survey is set), it does not stop the others
        if not self.user_input_id and self.company_id._aftersales_survey():
            self.with_user(author).sudo()._create_user_input()
        if not (template and self.user_input_id) or self.user_input_id.state == "done":
            return  # nothing to mail, or answered on the phone meanwhile
        if not self.partner_id.email:
            # the address was removed meanwhile: the agent calls instead
            if self.channel == "email":
                self.channel = "phone"
                self._plan_agent_activity()
            return
        self.with_user(author).sudo()._mail_survey(template)

    @api.model
    def _issue_pending_followups(self, limit):
        """The agent's to-do and the survey of the visits planned with their follow-ups
        left to this scheduled action, once each; a visit answered or closed meanwhile
        (the agent called at once) needs neither."""
        visits = take_pending(self, "followup_pending", SURVEY_CRON, limit)
        visits.write({"followup_pending": False})
        for visit in visits.filtered(lambda visit: visit.state in ("planned", "sent")):
            author = acting_user(visit.create_uid, self.env)
            with pending_step(visit):
                visit.with_user(author).sudo()._issue_followups()
        return visits

    @frozen_step
    def _on_survey_done(self):
        """Called when the customer (or the agent by phone) completes the survey."""
        visits = self.filtered(lambda v: v.state in ("planned", "sent"))
        visits.write({"state": "answered", "date_answered": fields.Datetime.now()})
        for visit in visits.filtered("needs_complaint"):
            user = visit.user_id or self.env.user
            visit.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=user._aftersales_lang_env()._(
                    "Dissatisfied customer: open a complaint case"
                ),
                user_id=user.id,
            )

    @frozen_step
    def _record_phone_answer(self, answers, suggestion=None, complaint=None):
        """Fill the visit's survey with the answers given on the phone.

        :param answers: {criterion: survey.question.answer}
        """
        self.ensure_one()
        self._ensure_state(("planned", "sent"))
        self._ensure_not_rated_by_the_rated()
        self._create_user_input()
        answer = self.user_input_id.sudo()
        texts = {"suggestion": suggestion, "complaint": complaint}
        for question in answer.survey_id.question_ids:
            criterion = question.aftersales_criterion
            if criterion in SCORE_CRITERIA:
                choice = answers.get(criterion)
                if not choice and question.constr_mandatory:
                    raise UserError(
                        self.env._(
                            "Return visit %(name)s: give an answer to %(question)s.",
                            name=self.name,
                            question=question.title,
                        )
                    )
                answer._save_lines(question, choice.id if choice else False)
            elif criterion in texts:
                answer._save_lines(question, texts[criterion] or "")
        answer._mark_done()
        if self.state == "planned":
            self.write({"state": "answered", "date_answered": fields.Datetime.now()})
        self.message_post(body=self.env._("Survey answered on the phone."))
        return True

    # ================================================================== actions
    @frozen_step
    def _ensure_not_rated_by_the_rated(self):
        """The technician a visit rates never records its answers."""
        for visit in self:
            if visit.technician_id and visit.technician_id == self.env.user:
                raise AccessError(
                    self.env._(
                        "Return visit %(name)s rates your own work: another agent records the "
                        "customer's answers.",
                        name=visit.name,
                    )
                )

    def action_record_phone_answer(self):
        self.ensure_one()
        self._ensure_state(("planned", "sent"))
        self._ensure_not_rated_by_the_rated()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Survey Answer"),
            "res_model": "aftersales.survey.phone.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visit_id": self.id},
        }

    @frozen_step
    def action_close(self):
        """Close the visit. A dissatisfied customer keeps the visit open until a complaint
        case follows it up (RV-A04: improve until the customer is satisfied)."""
        self._ensure_state(("planned", "sent", "answered"))
        for visit in self:
            if visit.needs_complaint and not visit._has_follow_up_complaint():
                raise UserError(
                    self.env._(
                        "Return visit %(name)s: the customer is dissatisfied; open a "
                        "complaint case before closing the visit.",
                        name=visit.name,
                    )
                )
        self.write({"state": "closed", "date_closed": fields.Datetime.now()})
        self._close_survey_link()
        self.activity_unlink(["mail.mail_activity_data_call", "mail.mail_activity_data_todo"])
        return True

    def _close_survey_link(self):
        """A visit closed or cancelled takes no answer any more: its link expires now (an
        answer arriving later would rate a visit nobody follows up)."""
        pending = self.user_input_id.sudo().filtered(lambda answer: answer.state != "done")
        pending.write({"deadline": fields.Datetime.now()})

    def _has_follow_up_complaint(self):
        self.ensure_one()
        return bool(self.new_complaint_id)

    def _prepare_complaint_vals(self):
        """Values of the complaint case opened from a dissatisfied answer. Called by
        :meth:`action_open_complaint`."""
        self.ensure_one()
        scores = [
            (self.env._("Attitude"), self.score_attitude),
            (self.env._("Skill"), self.score_skill),
            (self.env._("Arrival time"), self.score_arrival),
            (self.env._("Promises kept"), self.score_promise),
        ]
        lines = [
            self.env._("%(criterion)s: %(score)s / 4", criterion=label, score=int(score))
            for label, score in scores
            if score
        ]
        if self.complaint_text:
            lines.append(self.complaint_text)
        if self.suggestion:
            lines.append(self.suggestion)
        description = "<p>%s</p>" % "<br/>".join(
            html_escape(line)
            for line in [self.env._("Return visit %(name)s:", name=self.name)] + lines
        )
        request = self.service_request_id or self.complaint_id.service_request_id
        channel = {"phone": "phone", "email": "email", "visit": "visit"}[self.channel]
        invoices = request.sudo().invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )
        return {
            "invoice_id": invoices[:1].id or self.complaint_id.invoice_id.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "channel": channel,
            "service_request_id": request.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "complaint_class": "other",
            "description": description,
            "user_id": self.user_id.id or self.env.user.id,
        }

    @frozen_step
    def action_open_complaint(self):
        """One click: open the complaint case of a dissatisfied answer (once)."""
        self.ensure_one()
        if self.new_complaint_id:
            raise UserError(
                self.env._(
                    "Return visit %(name)s already opened complaint %(complaint)s.",
                    name=self.name,
                    complaint=self.new_complaint_id.name,
                )
            )
        if not self.needs_complaint:
            raise UserError(
                self.env._(
                    "Return visit %(name)s: the customer gave no low score and no complaint.",
                    name=self.name,
                )
            )
        complaint = self.env["aftersales.complaint"].create(self._prepare_complaint_vals())
        self.new_complaint_id = complaint
        self.activity_feedback(["mail.mail_activity_data_todo"])
        self.message_post(
            body=self.env._("Complaint %(complaint)s opened.", complaint=complaint.name)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.complaint",
            "res_id": complaint.id,
            "view_mode": "form",
            "target": "current",
        }

    @frozen_step
    def action_cancel(self):
        self._ensure_state(("planned", "sent"))
        self.write({"state": "cancelled"})
        self._close_survey_link()
        self.activity_unlink(["mail.mail_activity_data_call", "mail.mail_activity_data_todo"])
        return True

    @frozen_step
    def action_reset(self):
        self._ensure_state(("cancelled",))
        for visit in self:
            visit.write({"state": "sent" if visit.user_input_id else "planned"})
            answer = visit.user_input_id.sudo()
            if answer.state == "done":
                # answered before it was cancelled: the answer counts now
                visit._on_survey_done()
            elif answer:
                answer.deadline = False  # its link works again
        return True

    def action_open_survey_answer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/survey/print/{self.survey_id.access_token}"
            f"?answer_token={self.user_input_id.access_token}",
            "target": "new",
        }

    def _prepare_quality_feedback_vals(self):
        """Values of the quality feedback created by :meth:`action_create_quality_feedback`."""
        self.ensure_one()
        description = "<br/>".join(text for text in (self.complaint_text, self.suggestion) if text)
        return {
            "company_id": self.company_id.id,
            "source": "visit",
            "visit_id": self.id,
            "service_request_id": self.service_request_id.id,
            "partner_id": self.partner_id.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "description": description or False,
        }

    @frozen_step
    def action_create_quality_feedback(self):
        self.ensure_one()
        feedback = self.env["aftersales.quality.feedback"].create(
            self._prepare_quality_feedback_vals()
        )
        return feedback._get_form_action()

    def action_view_quality_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_complaint.action_aftersales_quality_feedback"
        )
        action["domain"] = [("visit_id", "=", self.id)]
        action["context"] = {"default_visit_id": self.id, "default_source": "visit"}
        return action
