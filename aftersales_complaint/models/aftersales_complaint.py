from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, formatLang

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import (
    frozen_step,
    frozen_steps,
    in_frozen_step,
)

from .aftersales_complaint_routing import OPEN_STATES, ROUTING, STAGES


class AftersalesComplaint(models.Model):
    """Customer complaint case (客戶抱怨處理表), from registration to closure.

    Seed 000 篇2 客戶投訴管理辦法 and 篇7: registered and numbered by the GM office,
    investigated by Quality, Manufacturing and R&D, negotiated by Sales, decided at the
    right authority level, resolved with a stock or accounting document and closed
    within 13 (domestic) or 17 (foreign) working days.

    Its concerns live in mixins of their own: registration (number, repeat check,
    escalation) in ``aftersales.complaint.intake.mixin``, the route through the units,
    approval, closing and reopening in ``aftersales.complaint.routing.mixin``, the
    decision types and their documents in ``aftersales.complaint.resolution.mixin``; the
    monthly statistics are ``aftersales.complaint.report``.
    """

    _name = "aftersales.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "aftersales.complaint.intake.mixin",
        "aftersales.complaint.routing.mixin",
        "aftersales.complaint.resolution.mixin",
        "aftersales.frozen.mixin",
        "aftersales.portal.fields.mixin",
        "aftersales.portal.token.mixin",
        "aftersales.sla.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_registered desc, id desc"
    # its followers (read access) comment in the chatter; its handler works it
    _mail_post_access = "read"
    _check_company_auto = True
    # submitted and decided: the decision, its amounts and the responsibilities are what
    # the approver sees and approved (sent back, the GM office changes them again); the
    # follow-up goes on (new corrective actions, the customer's rejection, the cause of a
    # late closing). The form shows the rest read-only in these states.
    _frozen_states = ("to_approve", "approved", "closed", "reopened")
    _frozen_initial_states = ("registered",)
    _frozen_writable_fields = frozenset(
        {
            "user_id",
            "date_visited",
            "negotiation_result",
            "action_ids",
            "reject_reason",
            "late_cause",
        }
    )
    # what the steps record: the approval, the stages' times and targets, the flags of the
    # deadline sweep, the escalation, the resolution and the documents it made
    _frozen_system_fields = frozenset(
        {
            "approved_by_id",
            "date_approved",
            "approval_level_id",
            "date_stage_start",
            "stage_deadline",
            "date_quality_start",
            "date_quality_report",
            "date_handled",
            "date_closed",
            "is_overdue",
            "date_reminder",
            "closed_late",
            "date_inquiry",
            "escalation_pending",
            "repeat_count",
            "parent_id",
            "resolution_done",
            "date_resolved",
            "credit_note_ids",
            "return_case_ids",
            "repair_request_ids",
        }
    )

    def _portal_fields(self):
        """What the customer's portal page shows of a complaint: never the internal
        handling (root cause, decision notes, losses, responsibilities)."""
        return super()._portal_fields() | {
            "date_registered",
            "stage_id",
            "customer_demand",
            "description",
            "line_ids",
            "product_id",
            "lot_id",
            "quantity",
            "defective_qty",
        }

    _primary_email = "email_from"

    def _frozen_state_label(self, record=None):
        """A decided complaint is refused in the name of its stage, as the managers call it."""
        record = record or self
        return record.stage_id.name or super()._frozen_state_label(record)

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "The complaint number must be unique per company.",
        )
    ]

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        STAGES,
        default="registered",
        required=True,
        index=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    stage_id = fields.Many2one(
        "aftersales.complaint.stage",
        string="Stage",
        compute="_compute_stage_id",
        store=True,
        index=True,
        tracking=True,
        group_expand="_read_group_stage_ids",
        help="The stage of the handling form, as the managers named it; it follows the "
        "workflow state.",
    )
    stage_description = fields.Text(related="stage_id.description")
    user_id = fields.Many2one(
        "res.users",
        string="Handler",
        default=lambda self: self.env.user,
        tracking=True,
        index=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    # ------------------------------------------------------------------ intake
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    email_from = fields.Char(string="Email")
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("portal", "Portal"),
            ("visit", "Visit"),
            ("letter", "Letter"),
            ("market", "Market / Store"),
            ("manufacturer", "Manufacturer"),
        ],
        default="phone",
        required=True,
    )
    sale_order_id = fields.Many2one("sale.order", string="Sales Order", check_company=True)
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing'), ('partner_id', 'child_of', partner_id)]",
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('partner_id', 'child_of', partner_id)]",
    )
    service_request_id = fields.Many2one(
        "aftersales.service.request", string="Service Request", check_company=True, index=True
    )
    repair_id = fields.Many2one("repair.order", string="Repair", check_company=True)
    line_ids = fields.One2many(
        "aftersales.complaint.line", "complaint_id", string="Products", copy=True
    )
    # The main product (first line) and the totals of the lines: searchable and grouped
    # by in the statistics; writing them on a complaint of one line edits that line.
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        compute="_compute_goods",
        inverse="_inverse_goods",
        store=True,
        index=True,
        check_company=True,
        help="Main product of the complaint: the product of its first line.",
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        compute="_compute_goods",
        inverse="_inverse_goods",
        store=True,
        index=True,
        check_company=True,
        domain="[('product_id', '=?', product_id)]",
        help="Lot or serial number of the first line.",
    )
    quantity = fields.Float(
        compute="_compute_goods",
        inverse="_inverse_goods",
        store=True,
        digits="Product Unit of Measure",
        help="Total quantity of the product lines.",
    )
    defective_qty = fields.Float(
        string="Defective Quantity",
        compute="_compute_goods",
        inverse="_inverse_goods",
        store=True,
        digits="Product Unit of Measure",
        help="Total defective quantity of the product lines.",
    )
    line_count = fields.Integer(string="Product Lines", compute="_compute_line_count")
    customer_demand = fields.Text(string="Customer Demand")
    customer_processing = fields.Boolean(
        string="Customer Still Processing",
        help="The quantity to return or exchange is not yet known because the customer is "
        "still processing the goods.",
    )
    description = fields.Html(string="Complaint")
    # ------------------------------------------------------------------ class
    complaint_class = fields.Selection(
        [("quality", "Quality"), ("non_quality", "Non-Quality (Human Error)"), ("other", "Other")],
        string="Class",
        required=True,
        default="quality",
        tracking=True,
        index=True,
    )
    cause_id = fields.Many2one(
        "aftersales.complaint.cause",
        string="Cause",
        index=True,
        help="Human-error cause of a non-quality complaint.",
    )
    severity = fields.Selection(
        [("general", "General"), ("major", "Major")],
        required=True,
        default="general",
        tracking=True,
        index=True,
    )
    market = fields.Selection(
        [("domestic", "Domestic"), ("foreign", "Foreign")],
        required=True,
        compute="_compute_market",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        help="From the customer's country against the company's (foreign: 17 working days to "
        "close instead of 13); may be corrected by hand.",
    )
    customer_away = fields.Boolean(
        help="The customer is away: the handling target is 72 h instead of 24 h."
    )
    escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalated To",
        tracking=True,
        help="Deputy general manager reviewing a major complaint.",
    )
    date_visited = fields.Datetime(
        string="Visited On",
        help="The customer was visited in person.",
    )
    # ------------------------------------------------------------------ deadlines
    date_registered = fields.Datetime(
        string="Registered On",
        required=True,
        default=fields.Datetime.now,
        index=True,
        copy=False,
    )
    date_stage_start = fields.Datetime(string="Stage Since", copy=False, readonly=True)
    stage_deadline = fields.Datetime(
        string="Stage Target",
        copy=False,
        readonly=True,
        index=True,
        help="Target of the current stage of the handling form.",
    )
    close_deadline = fields.Datetime(
        string="Close By",
        compute="_compute_close_deadline",
        store=True,
        index=True,
        precompute=True,
        help="Registration plus 13 (domestic) or 17 (foreign) working days.",
    )
    date_quality_start = fields.Datetime(copy=False, readonly=True)
    quality_report_deadline = fields.Datetime(
        string="Quality Report Due",
        compute="_compute_quality_report_deadline",
        store=True,
        precompute=True,
    )
    date_quality_report = fields.Datetime(string="Quality Report On", copy=False, readonly=True)
    handling_deadline = fields.Datetime(
        string="Handle By",
        compute="_compute_handling_deadline",
        store=True,
        precompute=True,
        help="First handling of the complaint: 24 h, or 72 h with the customer away.",
    )
    date_handled = fields.Datetime(string="Handled On", copy=False, readonly=True)
    handled_on_time = fields.Boolean(compute="_compute_handled_on_time", store=True)
    date_closed = fields.Datetime(string="Closed On", copy=False, readonly=True, index=True)
    is_overdue = fields.Boolean(string="Overdue", copy=False, readonly=True, index=True)
    date_reminder = fields.Datetime(string="Reminder On", copy=False, readonly=True)
    closed_late = fields.Boolean(copy=False, readonly=True, index=True)
    date_inquiry = fields.Datetime(string="Inquiry On", copy=False, readonly=True)
    late_cause = fields.Text(string="Cause of Delay", copy=False)
    deadline_state = fields.Selection(
        [("on_time", "On Time"), ("soon", "Due Soon"), ("late", "Late"), ("none", "-")],
        compute="_compute_deadline_state",
    )
    stage_log_ids = fields.One2many("aftersales.complaint.stage.log", "complaint_id", copy=False)
    # ------------------------------------------------------------------ investigation
    root_cause = fields.Html(string="Root Cause")
    responsibility_ids = fields.One2many(
        "aftersales.complaint.responsibility",
        "complaint_id",
        string="Responsibility",
        copy=True,
    )
    share_total = fields.Float(compute="_compute_share_total", string="Total Share (%)")
    action_ids = fields.One2many(
        "aftersales.complaint.action", "complaint_id", string="Actions", copy=False
    )
    manufacturing_note = fields.Html(string="Manufacturing Analysis")
    rd_note = fields.Html(string="R&D Opinion")
    needs_tracking = fields.Boolean(
        string="Track Improvement",
        compute="_compute_needs_tracking",
        store=True,
        readonly=False,
        precompute=True,
        help="The improvement is tracked; human negligence is exempt.",
    )
    # ------------------------------------------------------------------ decision
    negotiation_result = fields.Html(string="Negotiation with Customer")
    decision_amount = fields.Monetary(
        string="Decision Amount",
        tracking=True,
        help="Money given to the customer (allowance, compensation) or the value at stake; "
        "it selects the approval level.",
    )
    decision_note = fields.Html(string="GM Office Opinion")
    loss_amount = fields.Monetary(
        string="Company Loss",
        tracking=True,
        help="Loss of the company from this complaint; split over the responsible "
        "departments and used by the penalty ledger.",
    )

    # ================================================================== computes
    def _group_expand_states(self, states, domain):
        return [key for key, _label in STAGES if key not in ("reopened", "cancelled")]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        """Every active stage is a kanban column, in the managers' order."""
        return stages.search([])

    @api.depends("state")
    def _compute_stage_id(self):
        stages = self.env["aftersales.complaint.stage"]._by_code()
        for complaint in self:
            complaint.stage_id = stages.get(complaint.state)

    @api.depends(
        "line_ids.sequence",
        "line_ids.product_id",
        "line_ids.lot_id",
        "line_ids.quantity",
        "line_ids.defective_qty",
    )
    def _compute_goods(self):
        for complaint in self:
            lines = complaint.line_ids.sorted("sequence")
            complaint.product_id = lines[:1].product_id
            complaint.lot_id = lines[:1].lot_id
            complaint.quantity = sum(lines.mapped("quantity"))
            complaint.defective_qty = sum(lines.mapped("defective_qty"))

    @api.depends("line_ids")
    def _compute_line_count(self):
        for complaint in self:
            complaint.line_count = len(complaint.line_ids)

    def _inverse_goods(self):
        """Product, lot and quantities written on the complaint itself (email, portal,
        return visit or repair intake, API) are those of its single product line."""
        to_create = []
        for complaint in self:
            lines = complaint.line_ids.sorted("sequence")
            product = complaint.product_id or complaint.lot_id.product_id
            vals = {
                "product_id": product.id,
                "lot_id": complaint.lot_id.id,
                "quantity": complaint.quantity,
                "defective_qty": complaint.defective_qty,
            }
            if len(lines) > 1:
                first = lines[0]
                unchanged = (
                    first.product_id == product
                    and first.lot_id == complaint.lot_id
                    and float_compare(complaint.quantity, sum(lines.mapped("quantity")), 6) == 0
                    and float_compare(
                        complaint.defective_qty, sum(lines.mapped("defective_qty")), 6
                    )
                    == 0
                )
                if not unchanged:
                    raise UserError(
                        self.env._(
                            "Complaint %(name)s has %(count)s product lines: change the "
                            "product, lot and quantities on its lines.",
                            name=complaint.name,
                            count=len(lines),
                        )
                    )
            elif lines and not product:
                lines.unlink()
            elif lines:
                changed = {
                    key: value
                    for key, value in vals.items()
                    if (lines[key].id if key in ("product_id", "lot_id") else lines[key]) != value
                }
                if changed:
                    lines.write(changed)
            elif product:
                to_create.append(dict(vals, complaint_id=complaint.id))
            elif complaint.quantity or complaint.defective_qty:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s: choose the product of the quantity %(qty)s "
                        "(defective %(bad)s).",
                        name=complaint.name,
                        qty=complaint.quantity,
                        bad=complaint.defective_qty,
                    )
                )
        if to_create:
            self.env["aftersales.complaint.line"].create(to_create)

    # read when the customer is chosen: a later change of the customer's address does not
    # move the deadlines of complaints already registered
    @api.depends("partner_id", "company_id")
    def _compute_market(self):
        for complaint in self:
            customer = complaint.partner_id.commercial_partner_id.country_id
            # the company's partner holds its address (company.country_id is computed from it)
            home = (complaint.company_id or self.env.company).partner_id.country_id
            complaint.market = "foreign" if customer and home and customer != home else "domestic"

    # ================================================================== service levels
    @api.model
    def _sla_duty_specs(self):
        # followed up by the complaint's own reminders and inquiries (_cron_check_overdue)
        return {
            "close": {
                "label": self.env._("Closing"),
                "start": "date_registered",
                "done": "date_closed",
                "deadline": "close_deadline",
                "sweep": False,
            },
            "handling": {
                "label": self.env._("First handling"),
                "start": "date_registered",
                "done": "date_handled",
                "deadline": "handling_deadline",
                "sweep": False,
            },
            "quality_report": {
                "label": self.env._("Quality report"),
                "start": "date_quality_start",
                "done": "date_quality_report",
                "deadline": "quality_report_deadline",
                "sweep": False,
            },
            "stage": {
                "label": self.env._("Stage of the handling form"),
                "start": "date_stage_start",
                "done": "date_closed",
                "deadline": "stage_deadline",
                "sweep": False,
                # judged stage by stage in the handling form's log, not in the analysis
                "report": False,
            },
        }

    def _sla_check_pausable(self):
        if self.state not in ROUTING:
            raise UserError(
                self.env._(
                    "Complaint %(name)s is %(state)s: only a complaint still being handled "
                    "can wait for the customer.",
                    name=self.name,
                    state=self.stage_id.name,
                )
            )

    @api.depends("date_registered", "market", "company_id", "sla_paused")
    def _compute_close_deadline(self):
        now = fields.Datetime.now()
        deadlines = self._sla_deadlines(
            "close", {complaint: complaint.date_registered or now for complaint in self}
        )
        for complaint in self:
            complaint.close_deadline = deadlines[complaint]

    @api.depends("date_quality_start", "date_registered", "company_id", "sla_paused")
    def _compute_quality_report_deadline(self):
        now = fields.Datetime.now()
        deadlines = self._sla_deadlines(
            "quality_report",
            {c: c.date_quality_start or c.date_registered or now for c in self},
        )
        for complaint in self:
            complaint.quality_report_deadline = deadlines[complaint]

    @api.depends("complaint_class")
    def _compute_needs_tracking(self):
        for complaint in self:
            complaint.needs_tracking = complaint.complaint_class != "non_quality"

    @api.depends("date_registered", "customer_away", "company_id", "sla_paused")
    def _compute_handling_deadline(self):
        now = fields.Datetime.now()
        deadlines = self._sla_deadlines(
            "handling", {complaint: complaint.date_registered or now for complaint in self}
        )
        for complaint in self:
            complaint.handling_deadline = deadlines[complaint]

    @api.depends("date_handled", "handling_deadline")
    def _compute_handled_on_time(self):
        for complaint in self:
            complaint.handled_on_time = bool(
                complaint.date_handled and complaint.date_handled <= complaint.handling_deadline
            )

    @api.depends("state", "is_overdue", "close_deadline", "stage_deadline")
    def _compute_deadline_state(self):
        now = fields.Datetime.now()
        for complaint in self:
            deadlines = [d for d in (complaint.close_deadline, complaint.stage_deadline) if d]
            if complaint.state not in OPEN_STATES or not deadlines:
                complaint.deadline_state = "none"
            elif complaint.is_overdue or min(deadlines) < now:
                complaint.deadline_state = "late"
            elif min(deadlines) < now + timedelta(days=1):
                complaint.deadline_state = "soon"
            else:
                complaint.deadline_state = "on_time"

    @api.depends("responsibility_ids.share")
    def _compute_share_total(self):
        for complaint in self:
            complaint.share_total = sum(complaint.responsibility_ids.mapped("share"))

    def _compute_access_url(self):
        super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    def _creation_message(self):
        # Odoo's "<model name> created" reads the model's name (a query per creation)
        return self.env._("Customer Complaint created")

    # ================================================================== registration
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("line_ids"):
                # the product lines are the goods: the header shows their main product
                # and totals
                for key in ("product_id", "lot_id", "quantity", "defective_qty"):
                    vals.pop(key, None)
            # the number is the system's: a client's name is replaced (the steps and the
            # module's data files may bring one)
            if vals.get("name", "/") == "/" or not (in_frozen_step() or not self.pool.ready):
                company = self.env["res.company"].browse(vals.get("company_id")) or (
                    self.env.company
                )
                registered = fields.Datetime.to_datetime(
                    vals.get("date_registered") or fields.Datetime.now()
                )
                vals["name"] = self._next_complaint_number(company, registered)
        complaints = super().create(vals_list)
        # what the registration records (the first stage and its target, the escalation,
        # the repeat count) is the system's, as the later steps' records are
        with frozen_steps():
            for complaint in complaints:
                complaint._start_stage(complaint.state, complaint.date_registered)
            complaints.filtered(lambda c: c.severity == "major")._escalate_major()
            complaints._flag_repeat()
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if vals.get("severity") == "major":
            with frozen_steps():
                self.filtered(lambda c: not c.escalation_user_id)._escalate_major()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_registered(self):
        if any(c.state not in ("registered", "cancelled") for c in self):
            raise UserError(self.env._("Only registered or cancelled complaints can be deleted."))

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Email alias intake: the sender becomes the customer, the mail the complaint."""
        values = dict(custom_values or {})
        values["name"] = "/"  # numbered in create, not named after the subject
        partners = self._mail_find_partner_from_emails(
            [msg_dict.get("email_from")], force_create=True
        )
        if partners and partners[0]:
            values.setdefault("partner_id", partners[0].id)
        values.setdefault("channel", "email")
        values.setdefault("email_from", msg_dict.get("email_from"))
        values.setdefault("description", msg_dict.get("body"))
        values.setdefault("customer_demand", msg_dict.get("subject"))
        return super().message_new(msg_dict, custom_values=values)

    # ================================================================== constraints
    @api.constrains("complaint_class", "cause_id")
    def _check_cause(self):
        for complaint in self:
            if complaint.complaint_class == "non_quality" and not complaint.cause_id:
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s is a non-quality complaint: choose its cause.",
                        name=complaint.name,
                    )
                )

    @api.constrains("responsibility_ids", "state")
    def _check_shares_when_decided(self):
        decided = self.filtered(
            lambda c: (
                c.state in ("to_approve", "approved", "closed")
                and c.decision_type != "not_established"
            )
        )
        decided._ensure_shares_complete()

    def _ensure_shares_complete(self):
        """Responsibility shares of an attributed complaint sum to exactly 100 %."""
        for complaint in self:
            total = sum(complaint.responsibility_ids.mapped("share"))
            if not complaint.responsibility_ids or float_compare(total, 100.0, 2):
                raise ValidationError(
                    self.env._(
                        "The responsibility shares of complaint %(name)s sum to %(total)s %%; "
                        "they must sum to 100 %%.",
                        name=complaint.name,
                        total=formatLang(self.env, total),
                    )
                )

    # ================================================================== transitions
    @frozen_step
    def action_mark_handled(self):
        """The customer was contacted and given a first answer (24 h / 72 h KPI)."""
        self.filtered(lambda c: not c.date_handled).write({"date_handled": fields.Datetime.now()})
        return True

    @frozen_step
    def action_mark_visited(self):
        self.write({"date_visited": fields.Datetime.now()})
        return True

    def action_print_form(self):
        return self.env.ref("aftersales_complaint.action_report_complaint_form").report_action(self)
