# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step
from odoo.addons.aftersales_service.models.mail_activity import DEFER_NOTIFY, trigger_cron
from odoo.addons.aftersales_service.models.res_company import in_company_language

# Context key: the survey invitations of the visits are mailed by the scheduled action
# "After-Sales: issue return visits' to-dos and surveys" run right after the commit, not
# inside the request that finished the job (rendering the mail is most of the cost).
DEFER_SURVEY_MAIL = "aftersales_defer_survey_mail"
SURVEY_CRON = "aftersales_complaint.ir_cron_aftersales_survey_mails"


class AftersalesReturnVisitSchedulingMixin(models.AbstractModel):
    """Scheduling of return visits: after a finished service request (the survey visit
    and the installation follow-ups), after a closed complaint, and the daily safety net
    for jobs and complaints left without one; the survey sample and the agent's to-do.

    Inherited by ``aftersales.return.visit`` only: it creates return visits.
    """

    _name = "aftersales.return.visit.scheduling.mixin"
    _description = "Return Visit Scheduling"

    @api.model
    def _is_sampled(self, record, company):
        """Deterministic sampling: exactly ``pct`` % of consecutive ids get a survey;
        at 100 % (the seeds' rule: every call, no sampling) every one does."""
        pct = max(0, min(100, company.aftersales_survey_sampling_pct))
        return (record.id * pct) // 100 != ((record.id - 1) * pct) // 100

    @api.model
    def _create_visits(self, vals_list):
        """Create the visits the system plans when a job is finished or a complaint closed.
        Their follow-ups (the agent's to-do, the survey) are issued by the scheduled action
        triggered here, right after the commit (:meth:`_issue_pending_followups`): the
        visit itself is planned with the job's finish, what tells people to act leaves the
        request of the person finishing it. The agent is told by that to-do, not by Odoo's
        "you have been assigned" e-mail; the agent follows the visit, not whoever finished
        the job that planned it. No creation note either: the visit names the job or
        complaint it follows and when it was planned (the chatter starts with what people
        do)."""
        visits = (
            self.sudo()
            .with_context(
                mail_auto_subscribe_no_notify=True,
                mail_create_nosubscribe=True,
                mail_create_nolog=True,
            )
            .create([dict(vals, followup_pending=True) for vals in vals_list])
            .with_context(self.env.context)
        )
        if visits:
            trigger_cron(self.env, SURVEY_CRON)
        return visits

    def _issue_followups(self):
        """The agent's to-do and the survey of newly planned visits (by the scheduled action
        after the commit of the request that planned them: the agent is mailed at once)."""
        self._plan_agent_activity(defer_notify=False)
        self.filtered("survey_required").with_context(
            **{DEFER_SURVEY_MAIL: True}
        ).action_send_survey()

    def _prepare_visit_vals_from_request(self, request, visit_type="service", index=0):
        """Values of a return visit after ``request``. Called by
        :meth:`_schedule_for_requests` for the survey visit and the installation
        follow-ups."""
        company = request.company_id
        done = request.date_done or fields.Datetime.now()
        done_day = company._aftersales_local_date(done)  # the company's day
        if visit_type == "service":
            planned = done_day
            deadline = self._visit_deadline(company, done)
        else:
            visits = max(company.aftersales_install_followup_visits, 1)
            offset = company.aftersales_install_followup_window_days * index // visits
            planned = deadline = done_day + timedelta(days=offset)
        return {
            "company_id": company.id,
            "visit_type": visit_type,
            "followup_index": index,
            "service_request_id": request.id,
            "partner_id": request.partner_id.id,
            "product_id": request.product_id.id,
            "lot_id": request.lot_id.id,
            "technician_id": request.technician_id.id,
            "provider_id": request.provider_id.id,
            "user_id": request.user_id.id or self.env.user.id,
            "channel": company.aftersales_return_visit_channel,
            "date_reference": done,
            "date_planned": planned,
            "date_deadline": deadline,
            "survey_required": visit_type == "service" and self._is_sampled(request, company),
        }

    @api.model
    def _schedule_for_requests(self, requests):
        """Create the return visits of finished service requests: one survey visit per
        request and, for installations, the configured follow-ups. Idempotent: a request
        that already has its visits gets no new ones. Called when a request is done."""
        requests = requests.filtered(
            lambda r: r.state in ("done", "closed") and r.kind != "internal"
        )
        if not requests:
            return self.browse()
        existing = {
            (visit.service_request_id.id, visit.visit_type, visit.followup_index)
            for visit in self.sudo().search([("service_request_id", "in", requests.ids)])
        }
        vals_list = []
        for request in requests:
            wanted = [("service", 0)]
            if request.kind == "installation":
                count = request.company_id.aftersales_install_followup_visits
                wanted += [("installation", index) for index in range(1, count + 1)]
            for visit_type, index in wanted:
                if (request.id, visit_type, index) not in existing:
                    vals_list.append(
                        self._prepare_visit_vals_from_request(request, visit_type, index)
                    )
        return self._create_visits(vals_list)

    @api.model
    @in_company_language
    @frozen_step
    def _cron_schedule_missing_visits(self, days=30):
        """Safety net (RV-B2: no return visit may be forgotten): schedule the visits of
        jobs finished in the last ``days`` days that have none yet."""
        since = fields.Datetime.now() - timedelta(days=days)
        requests = self.env["aftersales.service.request"].search(
            [
                ("state", "in", ("done", "closed")),
                ("kind", "!=", "internal"),
                ("date_done", ">=", since),
                ("return_visit_ids", "=", False),
            ]
        )
        visits = self._schedule_for_requests(requests)
        complaints = self.env["aftersales.complaint"].search(
            [("state", "=", "closed"), ("date_closed", ">=", since)]
        )
        return visits | self._schedule_for_complaints(complaints)

    def _prepare_visit_vals_from_complaint(self, complaint):
        """Values of the return visit after a closed complaint. Called by
        :meth:`_schedule_for_complaints`."""
        company = complaint.company_id
        closed = complaint.date_closed or fields.Datetime.now()
        day = company._aftersales_local_date(closed)  # the company's day
        request = complaint.service_request_id
        return {
            "company_id": company.id,
            "visit_type": "complaint",
            "complaint_id": complaint.id,
            "service_request_id": False,
            "partner_id": complaint.partner_id.id,
            "product_id": complaint.product_id.id,
            "lot_id": complaint.lot_id.id,
            "technician_id": request.technician_id.id,
            "provider_id": request.provider_id.id,
            "user_id": complaint.user_id.id or self.env.user.id,
            "channel": company.aftersales_return_visit_channel,
            "date_reference": closed,
            "date_planned": day,
            "date_deadline": self._visit_deadline(company, closed, "complaint"),
            "survey_required": self._is_sampled(complaint, company),
        }

    @api.model
    def _schedule_for_complaints(self, complaints):
        """One return visit with the survey per closed complaint. Idempotent."""
        complaints = complaints.filtered(lambda c: c.state == "closed")
        if not complaints:
            return self.browse()
        done = set(
            self.sudo()
            .search([("complaint_id", "in", complaints.ids), ("visit_type", "=", "complaint")])
            .complaint_id.ids
        )
        return self._create_visits(
            [
                self._prepare_visit_vals_from_complaint(complaint)
                for complaint in complaints
                if complaint.id not in done
            ]
        )

    def _plan_agent_activity(self, defer_notify=True):
        """A to-do for the agent who must call (or visit) the customer by the deadline; the
        agent is told by mail from the deferred notifications scheduled action, or at once
        without ``defer_notify`` (a scheduled action's own follow-up)."""
        for visit in self.filtered(lambda v: v.channel in ("phone", "visit") and v.user_id):
            if defer_notify:
                visit = visit.with_context(**{DEFER_NOTIFY: True})
            visit.activity_schedule(
                "mail.mail_activity_data_call"
                if visit.channel == "phone"
                else "mail.mail_activity_data_todo",
                date_deadline=visit.date_deadline,
                summary=visit.user_id._aftersales_lang_env()._(
                    "Return visit %(name)s", name=visit.name
                ),
                user_id=visit.user_id.id,
            )
