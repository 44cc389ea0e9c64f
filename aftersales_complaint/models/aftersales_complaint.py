from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step

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
DECISIONS = [
    ("allowance", "Allowance (credit note)"),
    ("return", "Return"),
    ("exchange", "Exchange"),
    ("repair", "Repair"),
    ("compensation", "Compensation"),
    ("not_established", "Complaint Not Established"),
]
MONEY_DECISIONS = ("allowance", "compensation")


class AftersalesComplaint(models.Model):
    """Customer complaint case (客戶抱怨處理表), from registration to closure.

    Seed 000 篇2 客戶投訴管理辦法 and 篇7: registered and numbered by the GM office,
    investigated by Quality, Manufacturing and R&D, negotiated by Sales, decided at the
    right authority level, resolved with a stock or accounting document and closed
    within 13 (domestic) or 17 (foreign) working days.
    """

    _name = "aftersales.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "aftersales.frozen.mixin",
        "aftersales.portal.fields.mixin",
        "aftersales.sla.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_registered desc, id desc"
    _check_company_auto = True
    # decided: the decision, its amounts and the responsibilities are what was approved
    _frozen_states = ("approved", "closed", "reopened")
    _frozen_initial_states = ("registered",)
    _frozen_writable_fields = frozenset(
        {"user_id", "date_handled", "date_visited", "negotiation_result", "corrective_action_ids"}
    )
    _frozen_system_fields = frozenset({"approved_by_id", "date_approved", "approval_level_id"})

    def _portal_fields(self):
        """What the customer's portal page shows of a complaint: never the internal
        handling (root cause, decision notes, losses, responsibilities)."""
        return super()._portal_fields() | {
            "date_registered",
            "customer_demand",
            "description",
            "line_ids",
            "product_id",
            "lot_id",
            "quantity",
            "defective_qty",
        }

    _primary_email = "email_from"

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
        tracking=True,
        index=True,
        copy=False,
        group_expand="_group_expand_states",
    )
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
    date_reminder = fields.Datetime(string="Reminder (催辦) On", copy=False, readonly=True)
    closed_late = fields.Boolean(copy=False, readonly=True, index=True)
    date_inquiry = fields.Datetime(string="Inquiry (洽辦) On", copy=False, readonly=True)
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
    decision_type = fields.Selection(DECISIONS, string="Decision", tracking=True)
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
    approval_level_id = fields.Many2one(
        "aftersales.complaint.approval.level", copy=False, readonly=True, tracking=True
    )
    approved_by_id = fields.Many2one("res.users", copy=False, readonly=True)
    date_approved = fields.Datetime(copy=False, readonly=True)
    # ------------------------------------------------------------------ resolution
    resolution_done = fields.Boolean(copy=False, readonly=True)
    date_resolved = fields.Datetime(copy=False, readonly=True)
    credit_note_ids = fields.Many2many(
        "account.move",
        "aftersales_complaint_credit_note_rel",
        "complaint_id",
        "move_id",
        string="Credit Notes",
        copy=False,
        readonly=True,
    )
    return_case_ids = fields.Many2many(
        "aftersales.return",
        "aftersales_complaint_return_rel",
        "complaint_id",
        "return_id",
        string="Return Cases",
        copy=False,
        readonly=True,
    )
    return_picking_ids = fields.Many2many(
        "stock.picking",
        string="Returns and Exchanges",
        compute="_compute_return_picking_ids",
    )
    repair_request_ids = fields.Many2many(
        "aftersales.service.request",
        "aftersales_complaint_repair_request_rel",
        "complaint_id",
        "request_id",
        string="Repair Requests",
        copy=False,
        readonly=True,
        help="Service requests created by the repair resolution, one per product line.",
    )
    credit_note_count = fields.Integer(compute="_compute_counts")
    return_picking_count = fields.Integer(compute="_compute_counts")
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
    repeat_count = fields.Integer(
        string="Earlier Complaints",
        copy=False,
        readonly=True,
        help="Earlier complaints of the same customer about the same product in the last "
        "12 months; a repeat complaint is escalated to the superiors.",
    )

    # ================================================================== computes
    def _group_expand_states(self, states, domain):
        return [key for key, _label in STAGES if key not in ("reopened", "cancelled")]

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
            home = (complaint.company_id or self.env.company).country_id
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
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
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

    @api.depends("return_case_ids.picking_ids")
    def _compute_return_picking_ids(self):
        for complaint in self:
            complaint.return_picking_ids = complaint.return_case_ids.picking_ids

    @api.depends("credit_note_ids", "return_case_ids")
    def _compute_counts(self):
        # counted as superuser: complaint handlers may have no accounting rights
        for complaint, privileged in zip(self, self.sudo(), strict=True):
            complaint.credit_note_count = len(privileged.credit_note_ids)
            complaint.return_picking_count = len(privileged.return_case_ids)

    def _compute_access_url(self):
        super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    # ================================================================== numbering
    @api.model
    def _complaint_sequence(self, company):
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [("code", "=", "aftersales.complaint"), ("company_id", "in", (company.id, False))],
                order="company_id",
                limit=1,
            )
        )
        if not sequence:
            raise UserError(self.env._("The complaint sequence (aftersales.complaint) is missing."))
        return sequence

    @api.model
    def _next_complaint_number(self, company, date_registered):
        """Number YYYYMM-NNNN whose serial restarts every month (seed 000 (八)), the month
        read in the company's time zone.

        The serial comes from the month's date range of a ``standard`` sequence (a
        PostgreSQL sequence: no row lock, so parallel creations never wait on each other
        nor fail). Only the first complaint of a month creates that range: it first
        updates the sequence's row, so that a second transaction doing the same at the
        same moment waits, then fails with a serialization error, which Odoo retries
        (it then sees the range); two ranges of one month, hence duplicate numbers, are
        impossible.
        """
        sequence = self._complaint_sequence(company).sudo()
        day = company._aftersales_local_date(date_registered)
        first = day.replace(day=1)
        last = first + relativedelta(months=1, days=-1)
        DateRange = self.env["ir.sequence.date_range"].sudo()
        range_domain = [
            ("sequence_id", "=", sequence.id),
            ("date_from", "<=", day),
            ("date_to", ">=", day),
        ]
        if not DateRange.search(range_domain, limit=1):
            # a concurrent first complaint makes this fail with a serialization error,
            # which Odoo retries: not an error worth a log line
            self.env.cr.execute(
                "UPDATE ir_sequence SET write_date = write_date WHERE id = %s",
                [sequence.id],
                log_exceptions=False,
            )
            if not DateRange.search(range_domain, limit=1):
                DateRange.create(
                    {
                        "sequence_id": sequence.id,
                        "date_from": first,
                        "date_to": last,
                        "number_next": 1,
                    }
                )
        return sequence.with_company(company).next_by_id(sequence_date=day)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("line_ids"):
                # the product lines are the goods: the header shows their main product
                # and totals
                for key in ("product_id", "lot_id", "quantity", "defective_qty"):
                    vals.pop(key, None)
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or (
                    self.env.company
                )
                registered = fields.Datetime.to_datetime(
                    vals.get("date_registered") or fields.Datetime.now()
                )
                vals["name"] = self._next_complaint_number(company, registered)
            vals.setdefault(
                "date_stage_start", vals.get("date_registered") or fields.Datetime.now()
            )
        complaints = super().create(vals_list)
        for complaint in complaints:
            complaint._start_stage(complaint.state, complaint.date_stage_start)
        complaints.filtered(lambda c: c.severity == "major")._escalate_major()
        complaints._flag_repeat()
        return complaints

    def _flag_repeat(self):
        """Count earlier complaints of the same customer on any of the same products
        (12 months); a repeat complaint is escalated like a major one (CP-B5)."""
        with_product = self.filtered(lambda c: c.line_ids and not c.parent_id)
        if not with_product:
            return
        since = min(with_product.mapped("date_registered")) - relativedelta(months=12)
        groups = self.env["aftersales.complaint.line"]._read_group(
            [
                ("partner_id", "in", with_product.partner_id.ids),
                ("product_id", "in", with_product.line_ids.product_id.ids),
                ("date_registered", ">=", since),
                ("complaint_id.parent_id", "=", False),
                ("complaint_id.state", "!=", "cancelled"),
            ],
            ["partner_id", "product_id"],
            ["complaint_id:array_agg"],
        )
        others = {(partner.id, product.id): ids for partner, product, ids in groups}
        repeated = self.browse()
        for complaint in with_product:
            earlier = set()
            products = self.env["product.product"]
            for product in complaint.line_ids.product_id:
                ids = set(others.get((complaint.partner_id.id, product.id), [])) - {complaint.id}
                if ids:
                    earlier |= ids
                    products |= product
            if earlier:
                complaint.repeat_count = len(earlier)
                complaint.message_post(
                    body=self.env._(
                        "Repeat complaint: %(count)s earlier complaint(s) of this customer "
                        "about %(product)s in the last 12 months.",
                        count=len(earlier),
                        product=", ".join(products.mapped("display_name")),
                    )
                )
                repeated |= complaint
        repeated.filtered(lambda c: not c.escalation_user_id)._escalate_major()

    def write(self, vals):
        res = super().write(vals)
        if vals.get("severity") == "major":
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
                        total=round(total, 2),
                    )
                )

    # ================================================================== helpers
    def _start_stage(self, stage, start=None):
        """Open the stage log line of ``stage`` and set its target."""
        self.ensure_one()
        start = start or fields.Datetime.now()
        deadline = self._sla_deadlines("stage", {self: start})[self]
        self.env["aftersales.complaint.stage.log"].sudo().create(
            {
                "complaint_id": self.id,
                "stage": dict(STAGES)[stage],
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
                super(AftersalesComplaint, complaint).write({"stage_deadline": False})

    def _escalate_major(self):
        """Major complaints go to the deputy general manager, who has the customer visited
        in person (seed 000 (二十六), (二十八)); an activity tells them once."""
        group = self.env.ref(
            "aftersales_complaint.group_complaint_approver_deputy_gm", raise_if_not_found=False
        )
        approvers = group and group.users.filtered(lambda u: not u.share)
        for complaint in self:
            user = complaint.escalation_user_id or (
                approvers
                and approvers.filtered(lambda u, c=complaint: c.company_id in u.company_ids)[:1]
            )
            if not user:
                continue
            complaint.escalation_user_id = user
            complaint.activity_schedule(
                "aftersales_complaint.mail_activity_type_complaint_major",
                user_id=user.id,
                date_deadline=fields.Date.context_today(complaint),
                summary=self.env._(
                    "Major complaint %(name)s: review and visit the customer", name=complaint.name
                ),
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

    @frozen_step
    def action_next_stage(self):
        """Pass the handling form to the next unit of the routing (CP-A06).

        Quality must have written the root cause (its report). Non-quality and other
        complaints skip Manufacturing and R&D. Sales must record the negotiation and
        the proposed decision.
        """
        self._ensure_state(ROUTING[:-1])
        for complaint in self:
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
                next_stage = "manufacturing" if complaint.complaint_class == "quality" else "sales"
            elif stage == "sales":
                if not complaint.decision_type:
                    raise UserError(
                        self.env._(
                            "Complaint %(name)s: Sales must propose a decision after "
                            "negotiating with the customer.",
                            name=complaint.name,
                        )
                    )
                next_stage = "consolidation"
            else:
                next_stage = ROUTING[ROUTING.index(stage) + 1]
            complaint._move_to(next_stage)
        return True

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
            if complaint.decision_type in MONEY_DECISIONS and complaint.decision_amount <= 0:
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
                complaint.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=approver.id,
                    summary=self.env._("Approve complaint decision (%(level)s)", level=level.name),
                )
        return True

    def _ensure_can_approve(self):
        for complaint in self:
            group = complaint.approval_level_id.group_id
            if not self.env.su and group not in self.env.user.groups_id:
                raise AccessError(
                    self.env._(
                        "Complaint %(name)s needs the approval of %(level)s; %(user)s is "
                        "not in the group %(group)s.",
                        name=complaint.name,
                        level=complaint.approval_level_id.name,
                        user=self.env.user.name,
                        group=group.full_name,
                    )
                )

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

    # ------------------------------------------------------------------ resolution
    @frozen_step
    def action_resolve(self):
        """Run the approved decision: only an approved complaint produces documents.

        The approval at the right authority level is what allows the documents, so the
        complaint handler needs no accounting or stock rights: they are built as superuser
        (the credit note stays a draft for Accounting; the return case follows its flow).
        """
        self._ensure_state(["approved"])
        for complaint in self:
            if complaint.resolution_done:
                raise UserError(
                    self.env._("Complaint %(name)s is already resolved.", name=complaint.name)
                )
            privileged = complaint.sudo().with_company(complaint.company_id)
            handler = getattr(privileged, f"_resolve_{complaint.decision_type}")
            handler()
            complaint.write({"resolution_done": True, "date_resolved": fields.Datetime.now()})
        return True

    def _prepare_credit_note_vals(self):
        """Values of the draft customer credit note of an allowance or compensation.

        Called by :meth:`_resolve_allowance` and :meth:`_resolve_compensation`.
        """
        self.ensure_one()
        label = dict(DECISIONS)[self.decision_type]
        line = {
            "name": self.env._("%(label)s for complaint %(name)s", label=label, name=self.name),
            "quantity": 1.0,
            "price_unit": self.decision_amount,
            "tax_ids": [Command.clear()],
        }
        vals = {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_origin": self.name,
            "ref": self.env._("Complaint %(name)s", name=self.name),
            "invoice_line_ids": [Command.create(line)],
        }
        if self.invoice_id.state == "posted":
            vals["reversed_entry_id"] = self.invoice_id.id
        return vals

    def _resolve_allowance(self):
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(self._prepare_credit_note_vals())
        )
        self.credit_note_ids = [Command.link(move.id)]
        return move

    _resolve_compensation = _resolve_allowance

    def _prepare_return_case_vals(self, kind):
        """Values of the return or exchange case (``aftersales.return``) of a return or
        exchange decision. Called by :meth:`_create_return_case`."""
        self.ensure_one()
        return {
            "kind": kind,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.commercial_partner_id.id,
            "picking_id": self.picking_id.id,
            "invoice_id": self.invoice_id.state == "posted" and self.invoice_id.id,
            "lot_id": self.lot_id.id,
            "request_id": self.service_request_id.id,
            "user_id": self.user_id.id or self.env.uid,
            "description": self.description
            or self.env._("Decided by complaint %(name)s", name=self.name),
        }

    def _return_case_lines(self, case):
        """Lines of ``case`` for the complaint's product lines: for each line, what its
        origin delivered of that product (of that lot or serial when the line has one),
        cut to the line's defective quantity (or quantity). A line whose serial is not in
        the origin takes the delivery of that serial. Without product lines, everything
        the origin delivered is proposed."""
        self.ensure_one()
        proposed = case._prepare_line_vals_from_origin()
        if not self.line_ids:
            return proposed
        result = []
        for line in self.line_ids:
            candidates = [
                vals
                for vals in proposed
                if vals.get("product_id") == line.product_id.id
                and (not line.lot_id or vals.get("lot_id") in (line.lot_id.id, False, None))
            ]
            if line.lot_id and not any(v.get("lot_id") == line.lot_id.id for v in candidates):
                move_line = case._find_delivery_move_lines(lots=line.lot_id)[:1]
                if move_line:
                    candidates = [
                        {
                            "product_id": line.product_id.id,
                            "lot_id": line.lot_id.id,
                            "move_id": move_line.move_id.id,
                            "qty": move_line.quantity,
                        }
                    ]
            remaining = line._claim_qty()
            for vals in candidates:
                if vals in proposed:
                    proposed.remove(vals)  # two lines of one product never take it twice
                take = min(vals.get("qty", 0.0), remaining) if remaining else vals.get("qty", 0.0)
                if take <= 0:
                    continue
                result.append(dict(vals, qty=take))
                if remaining:
                    remaining -= take
                    if remaining <= 0:
                        break
        return result

    def _create_return_case(self, kind):
        """Hand the goods over to the returns flow: create and confirm the return case;
        within policy it is approved and its return receipt is created at once, outside
        policy it waits for the returns approval (C-25)."""
        self.ensure_one()
        case = self.env["aftersales.return"].create(self._prepare_return_case_vals(kind))
        lines = self._return_case_lines(case)
        if not lines:
            raise UserError(
                self.env._(
                    "Complaint %(name)s: nothing of %(product)s was delivered to %(partner)s "
                    "that could be returned; link the delivery, invoice or serial number.",
                    name=self.name,
                    product=", ".join(self.line_ids.product_id.mapped("display_name")) or "-",
                    partner=self.partner_id.display_name,
                )
            )
        case.line_ids = [Command.create(vals) for vals in lines]
        case.action_confirm()
        if case.state == "approved":
            case.action_receive()
        self.return_case_ids = [Command.link(case.id)]
        self.message_post(
            body=self.env._(
                "Return case %(case)s created (%(state)s).",
                case=case.name,
                state=dict(case._fields["state"]._description_selection(self.env))[case.state],
            )
        )
        return case

    def _resolve_return(self):
        return self._create_return_case("refund")

    def _resolve_exchange(self):
        return self._create_return_case("exchange")

    def _prepare_service_request_vals(self, line=None):
        """Values of the repair service request of one product line (or of the complaint
        when it has none); called by :meth:`_resolve_repair`."""
        self.ensure_one()
        description = self.description or self.env._(
            "Repair decided by complaint %(name)s", name=self.name
        )
        if line and line.defect:
            description = f"{description}\n{line.defect}"
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "product_id": line.product_id.id if line else False,
            "lot_id": line.lot_id.id if line else False,
            "fault_description": description,
            "channel": "phone",
            "kind": "repair",
        }

    def _resolve_repair(self):
        """One repair service request per product line (each unit has its own job)."""
        vals_list = [self._prepare_service_request_vals(line) for line in self.line_ids] or [
            self._prepare_service_request_vals()
        ]
        requests = self.env["aftersales.service.request"].create(vals_list)
        self.repair_request_ids = [Command.link(request.id) for request in requests]
        return requests

    def _resolve_not_established(self):
        """Not our fault (CP-A15): no document; receivables are collected as due."""
        self.message_post(
            body=self.env._(
                "Complaint not established: no allowance, return or repair; the customer's "
                "receivables are collected as due."
            )
        )

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
            complaint.activity_schedule(
                "aftersales_complaint.mail_activity_type_complaint_reminder",
                user_id=(complaint.user_id or self.env.user).id,
                date_deadline=fields.Date.context_today(complaint),
                summary=self.env._(
                    "催辦 Reminder: complaint %(name)s is overdue", name=complaint.name
                ),
            )

    def _send_inquiry(self):
        """Overdue-cause inquiry (洽辦單) for a case closed late: once per case."""
        todo = self.filtered(lambda c: c.closed_late and not c.date_inquiry)
        todo.write({"date_inquiry": fields.Datetime.now()})
        for complaint in todo:
            complaint.activity_schedule(
                "aftersales_complaint.mail_activity_type_complaint_inquiry",
                user_id=(complaint.user_id or self.env.user).id,
                date_deadline=fields.Date.context_today(complaint),
                summary=self.env._(
                    "洽辦 Inquiry: why was complaint %(name)s closed late?", name=complaint.name
                ),
            )

    @api.model
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
        overdue._send_reminder()
        self.search(
            [("state", "=", "closed"), ("closed_late", "=", True), ("date_inquiry", "=", False)]
        )._send_inquiry()
        return True

    # ================================================================== statistics
    @api.model
    def _get_monthly_statistics(self, month, company=None):
        """Counts and rates of the complaints registered in the month of ``month``
        (seed 000 (九) 10 and 篇7): by class, cause, department, product, with the
        complaint rate against the month's service calls; and the complaints closed in
        the month, whenever registered (the monthly report counts those too). The month
        is the company's (its time zone)."""
        company = company or self.env.company
        first = month.replace(day=1)
        start = company._aftersales_day_start(first)
        end = company._aftersales_day_start(first + relativedelta(months=1))
        domain = [
            ("company_id", "=", company.id),
            ("date_registered", ">=", start),
            ("date_registered", "<", end),
            ("state", "!=", "cancelled"),
        ]
        total = self.search_count(domain)
        closed_in_month = [
            ("company_id", "=", company.id),
            ("state", "=", "closed"),
            ("date_closed", ">=", start),
            ("date_closed", "<", end),
        ]
        closed_month = self.search_count(closed_in_month)
        closed_month_late = self.search_count(closed_in_month + [("closed_late", "=", True)])
        closed = self.search_count(domain + [("state", "=", "closed")])
        closed_late = self.search_count(domain + [("closed_late", "=", True)])
        handled_on_time = self.search_count(domain + [("handled_on_time", "=", True)])
        calls = self.env["aftersales.service.request"].search_count(
            [
                ("company_id", "=", company.id),
                ("date_request", ">=", start),
                ("date_request", "<", end),
            ]
        )
        classes = dict(self._fields["complaint_class"]._description_selection(self.env))

        def _group(field):
            return [
                (value, count) for value, count in self._read_group(domain, [field], ["__count"])
            ]

        complaint_ids = self.search(domain).ids
        by_department = self.env["aftersales.complaint.responsibility"]._read_group(
            [("complaint_id", "in", complaint_ids)],
            ["department_id"],
            ["__count", "share:sum", "loss_share_amount:sum"],
        )
        rate = calls and total * 100.0 / calls or 0.0
        on_time_rate = closed and (closed - closed_late) * 100.0 / closed or 0.0
        handled_rate = total and handled_on_time * 100.0 / total or 0.0
        return {
            "company": company,
            "month": first,
            "total": total,
            "closed": closed,
            "closed_late": closed_late,
            "closed_in_month": closed_month,
            "closed_in_month_late": closed_month_late,
            "handled_on_time": handled_on_time,
            "service_calls": calls,
            "complaint_rate": rate,
            "closed_on_time_rate": on_time_rate,
            "handled_on_time_rate": handled_rate,
            "rate_target": company.aftersales_complaint_rate_target,
            "rate_ok": rate <= company.aftersales_complaint_rate_target,
            "by_class": [(classes.get(v, v), c) for v, c in _group("complaint_class")],
            "by_cause": [(v.display_name if v else "-", c) for v, c in _group("cause_id")],
            # a complaint about several products counts once for each of them
            "by_product": [
                (product.display_name, count, defective)
                for product, count, defective in self.env["aftersales.complaint.line"]._read_group(
                    [("complaint_id", "in", complaint_ids)],
                    ["product_id"],
                    ["complaint_id:count_distinct", "defective_qty:sum"],
                    order="complaint_id:count_distinct desc",
                )
            ],
            "by_department": [
                (dept.display_name, count, share / 100.0, loss)
                for dept, count, share, loss in by_department
            ],
        }

    @api.model
    @frozen_step
    def _cron_monthly_reports(self, today=None):
        """On the 1st, ask the complaint managers for last month's reports: the complaint
        rate due the 5th at 17:00 and the statistics due the 10th (conflict C-30)."""
        today = today or fields.Date.context_today(self)
        managers = self.env.ref("aftersales_complaint.group_complaint_manager").users.filtered(
            lambda u: not u.share and u.id != self.env.ref("base.user_root").id
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id(self._name)
        vals = []
        for company in self.env["res.company"].search([]):
            rate_day = min(company.aftersales_complaint_rate_due_day or 5, 28)
            stats_day = min(company.aftersales_complaint_stats_due_day or 10, 28)
            anchor = self.search([("company_id", "=", company.id)], limit=1)
            if not anchor:
                continue
            for user in managers.filtered(lambda u, c=company: c in u.company_ids):
                for day, summary in (
                    (
                        rate_day,
                        self.env._(
                            "Complaint rate of last month due %(hour)s:00",
                            hour=int(company.aftersales_complaint_rate_due_hour),
                        ),
                    ),
                    (stats_day, self.env._("Complaint statistics of last month")),
                ):
                    vals.append(
                        {
                            "res_model_id": model,
                            "res_id": anchor.id,
                            "activity_type_id": activity_type.id,
                            "user_id": user.id,
                            "date_deadline": today.replace(day=day),
                            "summary": summary,
                        }
                    )
        activities = self.env["mail.activity"]
        for val in vals:  # one by one: a batch would subscribe the same user twice
            activities |= activities.create(val)
        return activities

    # ================================================================== views
    def action_view_credit_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_refund_type"
        )
        action["domain"] = [("id", "in", self.credit_note_ids.ids)]
        action["context"] = {"default_move_type": "out_refund", "create": False}
        return action

    def action_view_returns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_return_action"
        )
        action["domain"] = [("id", "in", self.return_case_ids.ids)]
        action["context"] = {"create": False}
        if len(self.return_case_ids) == 1:
            action.update(
                {"view_mode": "form", "views": [(False, "form")], "res_id": self.return_case_ids.id}
            )
        return action

    def action_print_form(self):
        return self.env.ref("aftersales_complaint.action_report_complaint_form").report_action(self)
