from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.aftersales_service.models.res_company import (
    in_company_language,
    lock_for_cron,
)

INTERVAL_UNITS = [("day", "Days"), ("week", "Weeks"), ("month", "Months")]


class AftersalesReturnVisitPlan(models.Model):
    """Key-customer care plan (重點客戶關懷計畫): periodic return visits to one customer."""

    _name = "aftersales.return.visit.plan"
    _description = "Key-Customer Care Plan"
    _inherit = ["mail.thread"]
    _order = "next_date, id"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Key Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    channel = fields.Selection(
        [("phone", "Phone"), ("email", "E-mail / Online"), ("visit", "On-site Visit")],
        required=True,
        default="visit",
    )
    with_survey = fields.Boolean(
        string="Send Survey", help="Each planned visit also sends the satisfaction survey."
    )
    interval_number = fields.Integer(string="Every", default=3, required=True)
    interval_unit = fields.Selection(INTERVAL_UNITS, default="month", required=True)
    next_date = fields.Date(
        string="Next Visit",
        required=True,
        default=lambda self: self.env["res.company"]._aftersales_default_today(),
        tracking=True,
    )
    date_end = fields.Date(string="Until", help="No visits after this date.")
    note = fields.Html()
    visit_ids = fields.One2many("aftersales.return.visit", "plan_id", string="Visits")
    visit_count = fields.Integer(compute="_compute_visit_count")

    @api.constrains("interval_number")
    def _check_interval_number(self):
        for plan in self:
            if plan.interval_number <= 0:
                raise ValidationError(
                    self.env._(
                        "Care plan %(name)s: the interval must be positive (%(value)s).",
                        name=plan.name,
                        value=plan.interval_number,
                    )
                )

    def _compute_visit_count(self):
        counts = dict(
            self.env["aftersales.return.visit"]._read_group(
                [("plan_id", "in", self.ids)], ["plan_id"], ["__count"]
            )
        )
        for plan in self:
            plan.visit_count = counts.get(plan, 0)

    def _next_after(self, day):
        self.ensure_one()
        return day + relativedelta(**{f"{self.interval_unit}s": self.interval_number})

    def _prepare_visit_vals(self, day):
        """Values of the visit planned on ``day``. Called by :meth:`_generate_visits`."""
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "visit_type": "care",
            "plan_id": self.id,
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "channel": self.channel,
            "date_planned": day,
            "date_deadline": day,
            "survey_required": self.with_survey,
        }

    def _generate_visits(self, today=None):
        """Create the visits that are due by ``today`` and move the next date on.
        Idempotent: a date already visited is skipped."""
        today = today or self.env["res.company"]._aftersales_default_today()
        Visit = self.env["aftersales.return.visit"].sudo()
        existing = {
            (visit.plan_id.id, visit.date_planned)
            for visit in Visit.search([("plan_id", "in", self.ids)])
        }
        vals_list = []
        for plan in self:
            day = plan.next_date
            while day <= today and (not plan.date_end or day <= plan.date_end):
                if (plan.id, day) not in existing:
                    vals_list.append(plan._prepare_visit_vals(day))
                day = plan._next_after(day)
            if day != plan.next_date:
                plan.next_date = day
        visits = Visit.create(vals_list)
        visits._plan_agent_activity()
        visits.filtered("survey_required").action_send_survey()
        return visits

    @api.model
    @in_company_language
    def _cron_generate_visits(self):
        today = self.env["res.company"]._aftersales_default_today()
        lock_for_cron(self.search([("next_date", "<=", today)]))._generate_visits(today)

    def action_generate_visits(self):
        self._generate_visits()
        return self.action_view_visits()

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_complaint.action_aftersales_return_visit"
        )
        action["domain"] = [("plan_id", "=", self.id)]
        action["context"] = {"default_plan_id": self.id, "default_visit_type": "care"}
        return action
