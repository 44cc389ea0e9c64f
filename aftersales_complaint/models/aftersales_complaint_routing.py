# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import (
    frozen_step,
    in_frozen_step,
)
from odoo.addons.aftersales_service.models.res_company import (
    in_company_language,
    lock_for_cron,
)

# Routing of the complaint handling form (seed 000 篇2 客戶抱怨處理表, CP-A06)
STAGES = [
    ("registered", "Registered (GM Office)"),
    ("quality", "Quality Investigation"),
    ("manufacturing", "Manufacturing Analysis"),
    ("rd", "R&D Review"),
    ("sales", "Sales Negotiation"),
    ("consolidation", "GM Office Opinion"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("closed", "Closed"),
    ("reopened", "Rejected by Customer"),
    ("cancelled", "Cancelled"),
]
ROUTING = ["registered", "quality", "manufacturing", "rd", "sales", "consolidation"]
OPEN_STATES = (*ROUTING, "to_approve", "approved")
# The work each unit records on the handling form. Once a stage's work is recorded the
# form passes on by itself (the registration, the GM office's opinion and the approval
# are decisions: they pass on by their buttons only). Sales' work includes the amount of
# an allowance or compensation (see ``_stage_work_done``).
STAGE_WORK = {
    "quality": ("root_cause",),
    "manufacturing": ("manufacturing_note",),
    "rd": ("rd_note",),
    "sales": ("negotiation_result", "decision_type"),
}
STAGE_WORK_FIELDS = frozenset({*(f for fs in STAGE_WORK.values() for f in fs), "decision_amount"})


class AftersalesComplaintRoutingMixin(models.AbstractModel):
    """Route of a complaint's handling form through the units, its approval at the right
    authority level, its closing, the customer's rejection (a follow-up complaint) and the
    reminders (催辦) and inquiries (洽辦) of late cases.

    Inherited by ``aftersales.complaint`` only, before the frozen mixin: it works on the
    complaint's fields (state, deadlines, decision). The stage targets are written with
    ``super().write``, past the complaint's own ``write`` (its escalation of major
    complaints): they are bookkeeping of the route, not a change by the user.
    """

    _name = "aftersales.complaint.routing.mixin"
    _description = "Complaint Routing and Approval"

    # ------------------------------------------------------------------ approval
    approval_level_id = fields.Many2one(
        "aftersales.complaint.approval.level", copy=False, readonly=True, tracking=True
    )
    approved_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    date_approved = fields.Datetime(copy=False, readonly=True)
    # ------------------------------------------------------------------ reopen
    parent_id = fields.Many2one(
        "aftersales.complaint",
        string="Original Complaint",
        readonly=True,
        index=True,
        copy=False,
    )
    child_ids = fields.One2many("aftersales.complaint", "parent_id", string="Follow-up Complaints")
    reject_reason = fields.Text(string="Customer Rejection", copy=False)
    # ------------------------------------------------------------------ stage work
    pass_on_by_hand = fields.Boolean(
        string="Pass On by Hand",
        compute="_compute_pass_on_by_hand",
        help="The current stage passes on by its button: the registration, or a stage whose "
        "work was already recorded when it began.",
    )

    # read as stored: typing the work in the form does not show the button (saving it
    # passes the form on by itself)
    @api.depends("state")
    def _compute_pass_on_by_hand(self):
        for complaint in self:
            complaint.pass_on_by_hand = complaint.state == "registered" or (
                complaint.state in STAGE_WORK and complaint._stage_work_done()
            )

    # ================================================================== stage work
    def _stage_work_done(self, stage=None):
        """Whether the work of ``stage`` (the current stage by default) is recorded."""
        self.ensure_one()
        stage = stage or self.state
        if stage not in STAGE_WORK:
            return False
        for fname in STAGE_WORK[stage]:
            value = self[fname]
            if not value or (self._fields[fname].type == "html" and is_html_empty(value)):
                return False
        return not (
            stage == "sales" and self._decision_needs_amount() and self.decision_amount <= 0
        )

    def write(self, vals):
        """Recording the work of the current stage passes the form on by itself, through
        every following stage whose work is recorded too (each logged as a pass-on)."""
        if in_frozen_step() or not STAGE_WORK_FIELDS & set(vals):
            return super().write(vals)
        vals = dict(vals)
        for fname in STAGE_WORK_FIELDS & set(vals):
            # an editor emptied by hand leaves an empty paragraph: no work recorded
            if self._fields[fname].type == "html" and is_html_empty(vals[fname]):
                vals[fname] = False
        pending = self.filtered(lambda c: c.state in STAGE_WORK and not c._stage_work_done())
        res = super().write(vals)
        pending.filtered(lambda c: c._stage_work_done())._pass_on_recorded_work()
        return res

    @frozen_step
    def _pass_on_recorded_work(self):
        """Pass each complaint on while the work of its stage is recorded; never past a
        stage whose work is missing nor past the GM office's opinion (a decision)."""
        stages = self.env["aftersales.complaint.stage"]._by_code()
        labels = {code: stage.name for code, stage in stages.items()}
        for complaint in self:
            passed = []
            while complaint.state in STAGE_WORK and complaint._stage_work_done():
                passed.append(labels[complaint.state])
                complaint._pass_on()
            if passed:
                complaint.message_post(
                    body=self.env._(
                        "Passed on by itself to %(stage)s: the work of %(done)s is recorded.",
                        stage=labels[complaint.state],
                        done=", ".join(passed),
                    )
                )

    # ================================================================== stages
    def _start_stage(self, stage, start=None):
        """Open the stage log line of ``stage`` and set its target."""
        self.ensure_one()
        start = start or fields.Datetime.now()
        deadline = self._sla_deadlines("stage", {self: start})[self]
        self.env["aftersales.complaint.stage.log"].sudo().create(
            {
                "complaint_id": self.id,
                "stage_id": self.env["aftersales.complaint.stage"]._by_code()[stage].id,
                "date_start": start,
                "date_deadline": deadline,
            }
        )
        vals = {"date_stage_start": start, "stage_deadline": deadline}
        if stage == "quality":
            vals["date_quality_start"] = start
        super().write(vals)

    @frozen_step
    def _move_to(self, stage):
        now = fields.Datetime.now()
        for complaint in self:
            open_logs = complaint.stage_log_ids.filtered(lambda log: not log.date_end)
            open_logs.sudo().write({"date_end": now, "user_id": self.env.uid})
            complaint.write({"state": stage})
            if stage in ROUTING:
                complaint._start_stage(stage, now)
            else:
                super(AftersalesComplaintRoutingMixin, complaint).write({"stage_deadline": False})

    # ================================================================== transitions
    @frozen_step
    def action_next_stage(self):
        """Pass the handling form to the next unit of the routing (CP-A06).

        Quality must have written the root cause (its report). Non-quality and other
        complaints skip Manufacturing and R&D. Sales must record the negotiation and
        the proposed decision.

        With ``pass_on_recorded`` in the context (the form's button), the form then goes
        on through the following stages whose work is already recorded.
        """
        self._ensure_state(ROUTING[:-1])
        for complaint in self:
            complaint._pass_on()
        if self.env.context.get("pass_on_recorded"):
            self._pass_on_recorded_work()
        return True

    @frozen_step
    def _pass_on(self):
        """Move one complaint to its next stage, once the work its stage needs is there.

        The next stage is the next active routing stage (``aftersales.complaint.stage``)
        by sequence: a stage the company archived is skipped, and so are Manufacturing and
        R&D for a non-quality or other complaint.
        """
        self.ensure_one()
        complaint = self
        stage = complaint.state
        if stage == "quality":
            if not complaint.root_cause:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s: Quality must write the root cause before "
                        "passing the form on.",
                        name=complaint.name,
                    )
                )
            complaint.date_quality_report = fields.Datetime.now()
        elif stage == "sales" and not complaint.decision_type:
            raise UserError(
                self.env._(
                    "Complaint %(name)s: Sales must propose a decision after "
                    "negotiating with the customer.",
                    name=complaint.name,
                )
            )
        skip = ("manufacturing", "rd") if complaint.complaint_class != "quality" else ()
        complaint._move_to(self.env["aftersales.complaint.stage"]._next_code(stage, skip))

    def _find_approval_level(self):
        """Lowest level covering the decision amount; major complaints start at the
        level flagged for major complaints (deputy GM)."""
        self.ensure_one()
        levels = self.env["aftersales.complaint.approval.level"].search(
            [("company_id", "=", self.company_id.id)]
        )
        if self.severity == "major":
            major = levels.filtered("for_major")[:1]
            if major:
                levels = levels[list(levels).index(major) :]
        for level in levels:
            if level._covers(self.decision_amount):
                return level
        raise UserError(
            self.env._(
                "No approval level of %(company)s covers the amount %(amount)s of "
                "complaint %(name)s.",
                company=self.company_id.name,
                amount=self.decision_amount,
                name=self.name,
            )
        )

    @frozen_step
    def action_submit_approval(self):
        """The GM office's consolidated opinion goes to the approver of the right level."""
        self._ensure_state(["consolidation"])
        for complaint in self:
            if not complaint.decision_type:
                raise UserError(
                    self.env._("Complaint %(name)s has no decision.", name=complaint.name)
                )
            if complaint._decision_needs_amount() and complaint.decision_amount <= 0:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s: an allowance or compensation needs an amount.",
                        name=complaint.name,
                    )
                )
            if complaint.decision_type != "not_established":
                complaint._ensure_shares_complete()
            level = complaint._find_approval_level()
            complaint.approval_level_id = level
            complaint._move_to("to_approve")
            approver = level.group_id.users.filtered(
                lambda u, c=complaint: not u.share and c.company_id in u.company_ids
            )[:1]
            if approver:
                approver_env = approver._aftersales_lang_env()
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=approver.id,
                    summary=approver_env._(
                        "Approve complaint decision (%(level)s)",
                        level=level.with_env(approver_env).name,
                    ),
                )
        return True

    def _ensure_can_approve(self):
        for complaint in self:
            # the level of the amount under today's levels: a level changed since the
            # submission does not let a lower approver through
            level = complaint._find_approval_level()
            group = level.group_id
            if not self.env.su and group not in self.env.user.groups_id:
                raise AccessError(
                    self.env._(
                        "Complaint %(name)s needs the approval of %(level)s; %(user)s is "
                        "not in the group %(group)s.",
                        name=complaint.name,
                        level=level.name,
                        user=self.env.user.name,
                        group=group.full_name,
                    )
                )
            if level != complaint.approval_level_id:
                complaint.approval_level_id = level

    @frozen_step
    def action_approve(self):
        self._ensure_state(["to_approve"])
        self._ensure_can_approve()
        for complaint in self:
            complaint._move_to("approved")
            complaint.write(
                {"approved_by_id": self.env.uid, "date_approved": fields.Datetime.now()}
            )
            complaint.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    @frozen_step
    def action_send_back(self):
        """The approver refuses: the form goes back to the GM office."""
        self._ensure_state(["to_approve"])
        self._ensure_can_approve()
        self._move_to("consolidation")
        return True

    @frozen_step
    def action_cancel(self):
        self._ensure_state(ROUTING + ["to_approve"])
        self._move_to("cancelled")
        return True

    @frozen_step
    def action_close(self):
        """Close the case; a case closed after its deadline gets an overdue-cause
        inquiry (洽辦單, seed 000 (十四))."""
        self._ensure_state(["approved"])
        now = fields.Datetime.now()
        for complaint in self:
            if not complaint.resolution_done:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s: run the approved resolution before closing.",
                        name=complaint.name,
                    )
                )
            complaint._move_to("closed")
            complaint.date_closed = now
            if complaint.close_deadline and now > complaint.close_deadline:
                complaint.write({"closed_late": True, "is_overdue": True})
        self.filtered("closed_late")._send_inquiry()
        return True

    # ------------------------------------------------------------------ reopen
    def _prepare_reopen_vals(self):
        """Values of the follow-up complaint filed when the customer rejects the decision
        (seed 000 (九) 9); called by :meth:`action_customer_reject`."""
        self.ensure_one()
        return {
            "parent_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "channel": self.channel,
            "sale_order_id": self.sale_order_id.id,
            "picking_id": self.picking_id.id,
            "invoice_id": self.invoice_id.id,
            "service_request_id": self.service_request_id.id,
            "repair_id": self.repair_id.id,
            "line_ids": [
                Command.create(
                    {
                        "sequence": line.sequence,
                        "product_id": line.product_id.id,
                        "lot_id": line.lot_id.id,
                        "quantity": line.quantity,
                        "defective_qty": line.defective_qty,
                        "defect": line.defect,
                    }
                )
                for line in self.line_ids
            ],
            "complaint_class": self.complaint_class,
            "cause_id": self.cause_id.id,
            "severity": self.severity,
            "market": self.market,
            "customer_demand": self.reject_reason or self.customer_demand,
            "description": self.description,
        }

    @frozen_step
    def action_customer_reject(self, reason=None):
        """The customer rejects the decision: a new complaint linked to this one is
        filed, with this complaint's handling form attached."""
        self._ensure_state(["approved", "closed"])
        children = self.env["aftersales.complaint"]
        for complaint in self:
            if reason:
                complaint.reject_reason = reason
            child = self.create(complaint._prepare_reopen_vals())
            complaint._attach_form_to(child)
            complaint._move_to("reopened")
            complaint.message_post(
                body=self.env._(
                    "Rejected by the customer; reopened as %(child)s.", child=child.name
                )
            )
            children |= child
        if len(children) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": "aftersales.complaint",
                "res_id": children.id,
                "view_mode": "form",
            }
        return True

    @frozen_step
    def _attach_form_to(self, child):
        self.ensure_one()
        report = self.env.ref("aftersales_complaint.action_report_complaint_form")
        try:
            content, ext = report._render_qweb_pdf(report.report_name, self.ids)
        except Exception:
            # no PDF (wkhtmltopdf unavailable or failing): attach the form as HTML rather
            # than block the customer's reopened complaint
            content, ext = report._render_qweb_html(report.report_name, self.ids)
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"{self.name}.{ext or 'pdf'}",
                "raw": content,
                "res_model": child._name,
                "res_id": child.id,
            }
        )
        child.message_post(
            body=self.env._("Original complaint %(name)s attached.", name=self.name),
            attachment_ids=attachment.ids,
        )

    # ================================================================== overdue
    @frozen_step
    def _send_reminder(self):
        """Reminder note (催辦單) for an overdue case: one activity per case."""
        todo = self.filtered(lambda c: not c.date_reminder)
        now = fields.Datetime.now()
        todo.write({"is_overdue": True, "date_reminder": now})
        for complaint in todo:
            user = complaint.user_id or self.env.user
            complaint.activity_schedule(
                "aftersales_complaint.mail_activity_type_complaint_reminder",
                user_id=user.id,
                date_deadline=fields.Date.context_today(complaint),
                summary=user._aftersales_lang_env()._(
                    "Reminder: complaint %(name)s is overdue", name=complaint.name
                ),
            )

    def _send_inquiry(self):
        """Overdue-cause inquiry (洽辦單) for a case closed late: once per case."""
        todo = self.filtered(lambda c: c.closed_late and not c.date_inquiry)
        todo.write({"date_inquiry": fields.Datetime.now()})
        for complaint in todo:
            user = complaint.user_id or self.env.user
            complaint.activity_schedule(
                "aftersales_complaint.mail_activity_type_complaint_inquiry",
                user_id=user.id,
                date_deadline=fields.Date.context_today(complaint),
                summary=user._aftersales_lang_env()._(
                    "Inquiry: why was complaint %(name)s closed late?", name=complaint.name
                ),
            )

    @api.model
    @in_company_language
    @frozen_step
    def _cron_check_overdue(self, now=None):
        """Remind overdue open cases and inquire into cases closed late."""
        now = now or fields.Datetime.now()
        overdue = self.search(
            [
                ("state", "in", OPEN_STATES),
                ("date_reminder", "=", False),
                "|",
                "|",
                ("close_deadline", "<", now),
                ("stage_deadline", "<", now),
                "&",
                ("state", "=", "quality"),
                ("quality_report_deadline", "<", now),
            ]
        )
        lock_for_cron(overdue)._send_reminder()
        lock_for_cron(
            self.search(
                [("state", "=", "closed"), ("closed_late", "=", True), ("date_inquiry", "=", False)]
            )
        )._send_inquiry()
        return True
