from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step

from .aftersales_fault_code import FAULT_TYPES


class AftersalesQualityFeedback(models.Model):
    """Quality information feedback (質量信息反饋): a field finding sent to the quality
    department, which answers it by a deadline (seed 000 篇3 3.4, 篇4 七)."""

    _name = "aftersales.quality.feedback"
    _description = "Quality Feedback"
    _inherit = [
        "aftersales.number.mixin",
        "aftersales.frozen.mixin",
        "aftersales.sla.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    # The state moves only through the feedback's buttons. Nothing freezes entirely: the
    # fault code, quantity and improvement measures are still completed once answered
    # (the statistics, QF-A06). The dates and the deadline that judge the quality
    # department's answer (its service level) are set by the steps only.
    _frozen_system_fields = frozenset({"date_sent", "response_deadline", "date_responded"})
    _aftersales_sequence_code = "aftersales.quality.feedback"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("sent", "Sent to Quality"),
            ("responded", "Answered"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    date = fields.Date(
        string="Found On",
        required=True,
        default=lambda self: self.env["res.company"]._aftersales_default_today(),
        index=True,
    )
    source = fields.Selection(
        [
            ("repair", "Repair"),
            ("complaint", "Complaint"),
            ("visit", "Return Visit"),
            ("service", "Service Request"),
            ("manual", "Other"),
        ],
        required=True,
        default="manual",
        index=True,
    )
    severity = fields.Selection(
        [("normal", "Normal"), ("major", "Major")],
        default="normal",
        required=True,
        tracking=True,
        help="A major quality problem is sent to the quality department at once.",
    )
    repair_id = fields.Many2one(
        "repair.order", string="Repair", index=True, check_company=True, copy=False
    )
    complaint_id = fields.Many2one(
        "aftersales.complaint", string="Complaint", index=True, check_company=True
    )
    visit_id = fields.Many2one(
        "aftersales.return.visit", string="Return Visit", index=True, check_company=True
    )
    service_request_id = fields.Many2one(
        "aftersales.service.request", string="Service Request", index=True, check_company=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", index=True)
    product_id = fields.Many2one("product.product", string="Product", index=True)
    categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category", store=True, index=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        index=True,
        domain="[('product_id', '=?', product_id)]",
    )
    fault_code_id = fields.Many2one(
        "aftersales.fault.code",
        string="Fault Code",
        index=True,
        domain="['|', ('categ_id', '=', False), ('categ_id', 'parent_of', categ_id)]",
    )
    fault_type = fields.Selection(
        FAULT_TYPES,
        compute="_compute_fault_type",
        store=True,
        readonly=False,
        index=True,
        help="Root cause: a product defect or misuse.",
    )
    quantity = fields.Integer(default=1, help="Units showing the fault.")
    repair_hours = fields.Float(
        related="service_request_id.time_spent", string="Repair Time (h)", store=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    repair_cost = fields.Monetary(
        related="service_request_id.amount_charged", string="Repair Charges", store=True
    )
    description = fields.Html(string="Finding")
    user_id = fields.Many2one(
        "res.users",
        string="Reported By",
        default=lambda self: self.env.user,
        index=True,
    )
    quality_user_id = fields.Many2one(
        "res.users",
        string="Quality Contact",
        index=True,
        tracking=True,
        domain="[('share', '=', False)]",
        default=lambda self: self.env.company.aftersales_quality_user_id,
    )
    date_sent = fields.Datetime(string="Sent On", readonly=True, copy=False)
    response_deadline = fields.Date(readonly=True, copy=False, tracking=True, index=True)
    response = fields.Html(string="Quality Department Answer", copy=False)
    corrective_action = fields.Html(string="Improvement Measures", copy=False)
    date_responded = fields.Datetime(string="Answered On", readonly=True, copy=False)
    is_overdue = fields.Boolean(
        string="Overdue", compute="_compute_is_overdue", search="_search_is_overdue"
    )

    # ================================================================== service levels
    @api.model
    def _sla_duty_specs(self):
        # followed up by the activity of the quality contact and the overdue filter
        return {
            "response": {
                "label": self.env._("Answer of the quality department"),
                "start": "date_sent",
                "done": "date_responded",
                "deadline": "response_deadline",
                "date": True,
                "sweep": False,
            },
        }

    @api.model
    def _sla_report_user_field(self):
        return "quality_user_id"

    # ================================================================== computes
    @api.depends("fault_code_id")
    def _compute_fault_type(self):
        for feedback in self:
            if feedback.fault_code_id:
                feedback.fault_type = feedback.fault_code_id.fault_type

    def _compute_is_overdue(self):
        today = self.company_id._aftersales_today_by_company()
        for feedback in self:
            feedback.is_overdue = bool(
                feedback.state == "sent"
                and feedback.response_deadline
                and feedback.response_deadline < today[feedback.company_id or self.env.company]
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported on %(field)s.", field="is_overdue"))
        domain = [
            ("state", "=", "sent"),
            ("response_deadline", "<", self.env.company._aftersales_local_date()),
        ]
        if (operator == "=") == value:
            return domain
        return ["!", "&", *domain]

    # ================================================================== ORM
    @api.model_create_multi
    def create(self, vals_list):
        feedbacks = super().create(vals_list)
        feedbacks.filtered(
            lambda f: f.severity == "major" and f.state == "draft" and f.product_id
        ).action_send()
        return feedbacks

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.model
    def _prepare_vals_from_complaint(self, complaint, line=None):
        """Values of the feedback reporting one product line of a complaint (or the
        complaint itself when it has none) to the quality department (QF-A02). Called by
        :meth:`_create_from_complaints`."""
        goods = line or complaint
        description = complaint.description
        if line and line.defect:
            description = f"{description or ''}<p>{escape(line.defect)}</p>"
        return {
            "company_id": complaint.company_id.id,
            "source": "complaint",
            "complaint_id": complaint.id,
            "service_request_id": complaint.service_request_id.id,
            "repair_id": complaint.repair_id.id,
            "partner_id": complaint.partner_id.id,
            "product_id": goods.product_id.id,
            "lot_id": goods.lot_id.id,
            "quantity": int(goods.defective_qty or goods.quantity or 1),
            "severity": "major" if complaint.severity == "major" else "normal",
            "description": description,
        }

    @api.model
    def _create_from_complaints(self, complaints):
        """One feedback per product line of each complaint, so that the quality report
        counts every product complained of; complaints already reported are skipped."""
        reported = set(self.search([("complaint_id", "in", complaints.ids)]).complaint_id.ids)
        return self.create(
            [
                self._prepare_vals_from_complaint(complaint, line)
                for complaint in complaints
                if complaint.id not in reported
                for line in (complaint.line_ids or [None])
            ]
        )

    @api.model
    @frozen_step
    def action_create_from_complaints(self, complaint_ids):
        """Button of the complaint form (server action)."""
        complaints = self.env["aftersales.complaint"].browse(complaint_ids)
        self._create_from_complaints(complaints)
        feedbacks = self.search([("complaint_id", "in", complaints.ids)])
        if len(feedbacks) == 1:
            return feedbacks._get_form_action()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_complaint.action_aftersales_quality_feedback"
        )
        action["domain"] = [("id", "in", feedbacks.ids)]
        return action

    # ================================================================== actions
    @frozen_step
    def action_send(self):
        """Send to the quality department, with the response deadline."""
        self._ensure_state(("draft",))
        now = fields.Datetime.now()
        for feedback in self:
            if not feedback.product_id:
                raise UserError(
                    self.env._(
                        "Quality feedback %(name)s: name the product before sending it.",
                        name=feedback.name,
                    )
                )
            deadline = feedback._sla_due_dates("response", {feedback: now})[feedback]
            quality_user = feedback.quality_user_id or (
                feedback.company_id.aftersales_quality_user_id
            )
            feedback.write(
                {
                    "state": "sent",
                    "date_sent": now,
                    "response_deadline": deadline,
                    "quality_user_id": quality_user.id,
                }
            )
            if quality_user:
                feedback.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=deadline,
                    summary=quality_user._aftersales_lang_env()._(
                        "Answer quality feedback %(name)s", name=feedback.name
                    ),
                    user_id=quality_user.id,
                )
        return True

    @frozen_step
    def action_respond(self):
        self._ensure_state(("sent",))
        for feedback in self:
            if not feedback.response or not feedback.response.striptags().strip():
                raise UserError(
                    self.env._(
                        "Quality feedback %(name)s: write the quality department's answer first.",
                        name=feedback.name,
                    )
                )
        self.write({"state": "responded", "date_responded": fields.Datetime.now()})
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    @frozen_step
    def action_close(self):
        self._ensure_state(("responded",))
        self.write({"state": "closed"})
        return True

    @frozen_step
    def action_cancel(self):
        self._ensure_state(("draft", "sent"))
        self.write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    @frozen_step
    def action_reset(self):
        self._ensure_state(("cancelled",))
        self.write({"state": "draft", "date_sent": False, "response_deadline": False})
        return True

    # ================================================================== statistics
    @api.model
    def _fault_statistics(self, date_from, date_to, groupby=("product_id", "fault_code_id")):
        """Units with a fault found between the two dates, grouped (QF-A06).

        :return: list of dicts with the groupby values, ``count`` (records), ``quantity``
            (units), ``hours`` (repair time) and ``cost`` (repair charges)
        """
        domain = [
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            ("state", "!=", "cancelled"),
        ]
        aggregates = ["__count", "quantity:sum", "repair_hours:sum", "repair_cost:sum"]
        rows = self._read_group(domain, list(groupby), aggregates)
        keys = (*groupby, "count", "quantity", "hours", "cost")
        return [dict(zip(keys, row, strict=True)) for row in rows]
