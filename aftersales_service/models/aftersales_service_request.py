import math
from datetime import datetime, time, timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .aftersales_coverage import SERVICE_CLASSES
from .aftersales_frozen_mixin import frozen_step

OPEN_STATES = ("new", "dispatched", "in_progress", "carry_in", "done")


class AftersalesServiceRequest(models.Model):
    """Service request (叫修登記): one call of a customer, from intake to closing."""

    _name = "aftersales.service.request"
    _description = "Service Request"
    _inherit = [
        "aftersales.number.mixin",
        "aftersales.state.mixin",
        "aftersales.evidence.mixin",
        "aftersales.portal.fields.mixin",
        "aftersales.sla.mixin",
        "portal.mixin",
        "mail.thread.cc",
        "mail.activity.mixin",
    ]
    _aftersales_sequence_code = "aftersales.service.request"
    _order = "carry_over desc, priority desc, date_request desc, id desc"
    _check_company_auto = True
    # the facts that feed lateness penalties, scores and settlements
    _evidence_fields = {
        "date_response": None,
        "date_dispatched": None,
        "date_contacted": None,
        "date_arrived": None,
        "date_done": None,
        "date_closed": None,
        "date_received": None,
        "date_returned": None,
        "is_overdue": None,
        "time_spent": ("done", "closed"),
        "customer_signature": ("done", "closed"),
        "signed_by": ("done", "closed"),
        "signed_on": None,
    }
    _evidence_subject_field = "technician_id"

    def _portal_fields(self):
        """What the customer's and the provider's portal pages show of a request."""
        return super()._portal_fields() | {
            "provider_id",
            "technician_id",
            "lot_id",
            "product_id",
            "service_class",
            "date_request",
            "date_dispatched",
            "date_done",
            "response_deadline",
            "arrival_deadline",
            "completion_deadline",
            "deadline_state",
            "fault_description",
            "work_done",
            "address",
            "phone",
            "customer_confirmed",
            "customer_signature",
            "signed_by",
            "signed_on",
        }

    _primary_email = "email"

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [
            ("new", "Registered"),
            ("dispatched", "Dispatched"),
            ("in_progress", "On Site"),
            ("carry_in", "In Workshop"),
            ("done", "Done"),
            ("closed", "Closed"),
            ("cancelled", "Cancelled"),
        ],
        default="new",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Urgent")], default="0", index=True, tracking=True
    )
    carry_over = fields.Boolean(
        string="Carried Over",
        index=True,
        copy=False,
        help="Not dispatched on the day it was registered: dispatched first the next day.",
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
    contact_name = fields.Char(string="Contact")
    phone = fields.Char(compute="_compute_contact", store=True, readonly=False)
    email = fields.Char(compute="_compute_contact", store=True, readonly=False)
    address = fields.Text(compute="_compute_contact", store=True, readonly=False)
    product_id = fields.Many2one(
        "product.product",
        string="Product Model",
        index=True,
        check_company=True,
        compute="_compute_product_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Serial Number",
        index=True,
        check_company=True,
        domain="[('product_id', '=?', product_id)]",
    )
    fault_description = fields.Html(string="Fault Description")
    channel = fields.Selection(
        [("phone", "Phone"), ("email", "Email"), ("portal", "Portal"), ("walk_in", "Walk-in")],
        default="phone",
        required=True,
    )
    kind = fields.Selection(
        [
            ("repair", "Repair"),
            ("installation", "Installation"),
            ("maintenance", "Maintenance"),
            ("consultation", "Consultation"),
            ("internal", "Internal Work"),
        ],
        default="repair",
        required=True,
        index=True,
    )
    service_class = fields.Selection(
        SERVICE_CLASSES,
        string="Service Class",
        compute="_compute_service_class",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        help="A paid, B contract, C free warranty, D internal work. Set from the "
        "coverage at intake; only a manager may change it afterwards.",
    )
    class_reason = fields.Char(
        string="Class Reason",
        compute="_compute_service_class",
        store=True,
        readonly=False,
        precompute=True,
    )
    contract_id = fields.Many2one(
        "aftersales.contract",
        string="Contract",
        compute="_compute_service_class",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )
    # ------------------------------------------------------------------ people
    user_id = fields.Many2one(
        "res.users",
        string="Service Desk",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
    )
    supervisor_id = fields.Many2one(
        "res.users",
        string="Supervisor",
        tracking=True,
        check_company=True,
        help="Approves extensions and receives the overdue alerts.",
    )
    technician_id = fields.Many2one(
        "res.users",
        string="Technician",
        index=True,
        tracking=True,
        check_company=True,
        domain="[('share', '=', False)]",
    )
    provider_id = fields.Many2one(
        "res.partner",
        string="Service Provider",
        index=True,
        tracking=True,
        check_company=True,
        help="Contracted service provider doing the job.",
    )
    # ------------------------------------------------------------------ deadlines
    zone_id = fields.Many2one(
        "aftersales.zone",
        string="Zone",
        compute="_compute_zone_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_request = fields.Datetime(
        string="Registered On",
        required=True,
        default=fields.Datetime.now,
        index=True,
        copy=False,
    )
    response_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        help="Reply within 24 h in warranty, 48 h out of warranty, the contract's time "
        "under contract.",
    )
    arrival_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        index=True,
        precompute=True,
        help="Arrival on site within the zone's working hours (by default 6 urban, 7 suburban).",
    )
    completion_deadline = fields.Datetime(
        string="Promised Completion",
        compute="_compute_deadlines",
        store=True,
        index=True,
        precompute=True,
        tracking=True,
    )
    first_contact_deadline = fields.Datetime(
        string="Contact Deadline",
        copy=False,
        readonly=True,
        help="The technician contacts the customer within 4 working hours of dispatch.",
    )
    date_response = fields.Datetime(string="Responded On", copy=False, readonly=True)
    date_dispatched = fields.Datetime(string="Dispatched On", copy=False, readonly=True)
    date_contacted = fields.Datetime(string="Contacted On", copy=False, readonly=True)
    date_arrived = fields.Datetime(string="Arrived On", copy=False, readonly=True)
    date_done = fields.Datetime(string="Done On", copy=False, readonly=True, index=True)
    date_closed = fields.Datetime(string="Closed On", copy=False, readonly=True)
    is_overdue = fields.Boolean(
        string="Overdue",
        copy=False,
        index=True,
        readonly=True,
        help="A deadline passed before its step was done. Set by the scheduled check "
        "and when a step is recorded late.",
    )
    overdue_reason = fields.Char(copy=False, readonly=True)
    deadline_state = fields.Selection(
        [("on_time", "On Time"), ("soon", "Due Soon"), ("late", "Late"), ("none", "-")],
        compute="_compute_deadline_state",
        # shown on the portal, computed from internal deadlines
        compute_sudo=True,
    )
    extension_ids = fields.One2many("aftersales.service.extension", "request_id")
    extension_count = fields.Integer(compute="_compute_counts")
    # ------------------------------------------------------------------ outcome
    work_done = fields.Html(string="Work Done")
    time_spent = fields.Float(string="Time Spent (h)", help="Hours spent on the job.")
    line_ids = fields.One2many(
        "aftersales.service.line", "request_id", string="Parts and Charges", copy=True
    )
    customer_signature = fields.Image(
        string="Customer Signature", copy=False, max_width=1024, max_height=1024
    )
    signed_by = fields.Char(copy=False)
    signed_on = fields.Datetime(copy=False, readonly=True)
    voucher_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Signed Voucher",
        copy=False,
        help="Scan of the service voucher signed by the customer.",
    )
    customer_confirmed = fields.Boolean(
        compute="_compute_customer_confirmed", store=True, string="Confirmed by Customer"
    )
    # ------------------------------------------------------------------ carry-in
    repair_ids = fields.One2many("repair.order", "aftersales_request_id", string="Repairs")
    repair_count = fields.Integer(compute="_compute_counts")
    picking_ids = fields.One2many("stock.picking", "aftersales_request_id", string="Transfers")
    picking_count = fields.Integer(compute="_compute_counts")
    date_received = fields.Datetime(string="Unit Received", copy=False, readonly=True)
    date_returned = fields.Datetime(string="Unit Returned", copy=False, readonly=True)
    # ------------------------------------------------------------------ money
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_charged = fields.Monetary(compute="_compute_amounts", store=True)
    charge_state = fields.Selection(
        [("none", "Standard"), ("to_approve", "To Approve"), ("approved", "Approved")],
        string="Charge Approval",
        compute="_compute_charge_state",
        store=True,
        readonly=False,
        copy=False,
        tracking=True,
        help="A charge below the fee schedule, or waived, needs the manager's approval.",
    )
    charges_approved_by = fields.Many2one("res.users", copy=False, readonly=True)
    invoice_ids = fields.Many2many("account.move", string="Invoices", copy=False, readonly=True)
    invoice_count = fields.Integer(compute="_compute_counts")

    # ================================================================== computes
    def _group_expand_states(self, states, domain):
        return [key for key, __ in self._fields["state"].selection if key != "cancelled"]

    @api.depends("partner_id")
    def _compute_contact(self):
        for request in self:
            partner = request.partner_id
            request.phone = partner.phone or partner.mobile or request.phone
            request.email = partner.email or request.email
            request.address = partner._display_address(without_company=True).strip() or (
                request.address
            )

    @api.depends("lot_id")
    def _compute_product_id(self):
        for request in self:
            if request.lot_id:
                request.product_id = request.lot_id.product_id

    @api.depends("partner_id")
    def _compute_zone_id(self):
        default_zone = self.env["aftersales.zone"].search([], limit=1)
        for request in self:
            request.zone_id = (
                request.partner_id.aftersales_zone_id
                or request.partner_id.commercial_partner_id.aftersales_zone_id
                or request.zone_id
                or default_zone
            )

    @api.depends("lot_id", "product_id", "partner_id", "kind", "date_request")
    def _compute_service_class(self):
        """Class at intake from the coverage API, in batch."""
        coverage = self.env["aftersales.coverage"]
        todo = self.filtered(lambda r: r.state in ("new", False) or not r.service_class)
        internal = todo.filtered(lambda r: r.kind == "internal")
        for request in internal:
            request.service_class = "D"
            request.class_reason = self.env._("Internal work.")
            request.contract_id = False
        with_lot = todo.filtered(lambda r: r.kind != "internal" and r.lot_id)
        by_date = {}
        for request in with_lot:
            day = request.company_id._aftersales_local_date(request.date_request)
            by_date.setdefault(day, []).append(request)
        for day, requests in by_date.items():
            requests = self.browse().union(*requests)
            verdicts = coverage.lot_coverage(requests.lot_id, day)
            for request in requests:
                request._apply_verdict(verdicts[request.lot_id.id])
        no_lot = todo - internal - with_lot
        pairs = {(r.product_id.id, r.partner_id.commercial_partner_id.id) for r in no_lot}
        verdicts = coverage.product_coverage(pairs) if pairs else {}
        for request in no_lot:
            key = (request.product_id.id, request.partner_id.commercial_partner_id.id)
            verdict = verdicts.get(key)
            if verdict:
                request._apply_verdict(verdict)
            else:
                request.service_class = "A"
                request.class_reason = self.env._("No product given: paid service.")
                request.contract_id = False

    def _apply_verdict(self, verdict):
        self.service_class = verdict["service_class"]
        self.class_reason = verdict["reason"]
        self.contract_id = verdict["contract_id"]

    # ================================================================== service levels
    @api.model
    def _sla_duty_specs(self):
        return {
            "response": {
                "label": self.env._("Response"),
                "start": "date_request",
                "done": "date_response",
                "deadline": "response_deadline",
                "late": self.env._("No response before the response deadline."),
            },
            "arrival": {
                "label": self.env._("Arrival on site"),
                "start": "date_request",
                "done": "date_arrived",
                "deadline": "arrival_deadline",
                "open": [("state", "in", ("new", "dispatched"))],
                "late": self.env._("No arrival on site before the arrival deadline."),
            },
            "contact": {
                "label": self.env._("First contact after dispatch"),
                "start": "date_dispatched",
                "done": "date_contacted",
                "deadline": "first_contact_deadline",
                "open": [("state", "in", ("dispatched", "in_progress"))],
                "late": self.env._("The technician did not contact the customer in time."),
            },
            "completion": {
                "label": self.env._("Completion"),
                "start": "date_request",
                "done": "date_done",
                "deadline": "completion_deadline",
                "late": self.env._("Not finished before the promised completion time."),
            },
        }

    @api.model
    def _sla_sweep_domain(self):
        return [("state", "in", OPEN_STATES), ("is_overdue", "=", False)]

    @api.model
    def _sla_report_user_field(self):
        return "technician_id"

    def _sla_on_late(self, duty, reason):
        self._mark_overdue(reason)

    def _sla_check_pausable(self):
        if self.state not in ("new", "dispatched", "in_progress", "carry_in"):
            raise UserError(
                self.env._(
                    "Service request %(name)s is %(state)s: only an open job can wait for "
                    "the customer.",
                    name=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )

    def _sla_target_override(self, duty):
        """A maintenance contract's own response time wins over the policies."""
        if duty == "response" and self.service_class == "B" and self.contract_id:
            return self.contract_id.response_hours, "hours", "elapsed"
        return None

    @api.depends(
        "date_request",
        "service_class",
        "zone_id",
        "kind",
        "priority",
        "contract_id",
        "partner_id",
        "company_id",
        "sla_paused",
    )
    def _compute_deadlines(self):
        now = fields.Datetime.now()
        starts = {request: request.date_request or now for request in self}
        response = self._sla_deadlines("response", starts)
        arrival = self._sla_deadlines("arrival", starts)
        completing = self.filtered(
            lambda r: not r.extension_ids.filtered(lambda e: e.state == "approved")
        )
        completion = completing._sla_deadlines("completion", starts)
        for request in self:
            request.response_deadline = response[request]
            request.arrival_deadline = arrival[request]
            if request in completion:
                request.completion_deadline = completion[request]

    @api.depends("is_overdue", "state", "arrival_deadline", "completion_deadline")
    def _compute_deadline_state(self):
        now = fields.Datetime.now()
        for request in self:
            deadline = request._next_deadline()
            if request.state not in OPEN_STATES or not deadline:
                request.deadline_state = "none"
            elif request.is_overdue or deadline < now:
                request.deadline_state = "late"
            elif deadline < now + timedelta(hours=2):
                request.deadline_state = "soon"
            else:
                request.deadline_state = "on_time"

    def _next_deadline(self):
        self.ensure_one()
        if not self.date_response and self.state == "new":
            return (
                min(d for d in (self.response_deadline, self.arrival_deadline) if d)
                if (self.response_deadline or self.arrival_deadline)
                else False
            )
        if not self.date_arrived and self.arrival_deadline and self.state in ("new", "dispatched"):
            return self.arrival_deadline
        return self.completion_deadline

    @api.depends("customer_signature", "voucher_attachment_id")
    def _compute_customer_confirmed(self):
        for request in self:
            request.customer_confirmed = bool(
                request.customer_signature or request.voucher_attachment_id
            )

    @api.depends("line_ids.price_subtotal", "line_ids.charged")
    def _compute_amounts(self):
        for request in self:
            request.amount_charged = sum(
                request.line_ids.filtered("charged").mapped("price_subtotal")
            )

    @api.depends("line_ids.needs_approval")
    def _compute_charge_state(self):
        for request in self:
            if not any(request.line_ids.mapped("needs_approval")):
                request.charge_state = "none"
            elif request.charge_state != "approved" or request._origin.charge_state != "approved":
                request.charge_state = "to_approve"

    def _compute_counts(self):
        for request in self:
            request.repair_count = len(request.repair_ids)
            request.picking_count = len(request.picking_ids)
            request.invoice_count = len(request.invoice_ids)
            request.extension_count = len(request.extension_ids)

    # ================================================================== ORM
    def write(self, vals):
        if "service_class" in vals and not self.env.su:
            changed = self.filtered(
                lambda r: r.service_class and r.service_class != vals["service_class"]
            )
            if changed and not self.env.user.has_group(
                "aftersales_service.group_aftersales_manager"
            ):
                raise AccessError(
                    self.env._(
                        "Only an after-sales manager may change the service class of "
                        "%(requests)s to %(cls)s.",
                        requests=", ".join(changed.mapped("name")),
                        cls=vals["service_class"],
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_new(self):
        if any(r.state not in ("new", "cancelled") for r in self):
            raise UserError(
                self.env._("Only registered or cancelled service requests can be deleted.")
            )

    def _compute_access_url(self):
        super()._compute_access_url()
        for request in self:
            request.access_url = f"/my/service_requests/{request.id}"

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """Email alias intake: the sender becomes the customer, the body the fault."""
        values = dict(custom_values or {})
        partner_ids = self._mail_find_partner_from_emails(
            [msg_dict.get("email_from")], force_create=True
        )
        partner = partner_ids and partner_ids[0]
        values.setdefault("channel", "email")
        if partner:
            values.setdefault("partner_id", partner.id)
        values.setdefault("fault_description", msg_dict.get("body"))
        values.setdefault("contact_name", msg_dict.get("from"))
        return super().message_new(msg_dict, custom_values=values)

    # ================================================================== transitions
    def _check_dispatch_assignee(self):
        """Hook: raise when the assignee may not take the job (providers extend it)."""
        for request in self:
            if not request.technician_id and not request.provider_id:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: choose a technician or a service provider "
                        "before dispatching.",
                        name=request.name,
                    )
                )
            provider = request.provider_id
            if provider and provider.aftersales_provider_state != "active":
                raise UserError(
                    self.env._(
                        "Service request %(name)s: %(provider)s is not an active service "
                        "provider (status: %(state)s); only active providers can be dispatched.",
                        name=request.name,
                        provider=provider.display_name,
                        state=dict(
                            provider._fields["aftersales_provider_state"]._description_selection(
                                self.env
                            )
                        ).get(provider.aftersales_provider_state)
                        or self.env._("not a provider"),
                    )
                )

    @frozen_step
    def action_respond(self):
        """The desk answered the customer (first response)."""
        self._ensure_state(OPEN_STATES)
        now = fields.Datetime.now()
        self.filtered(lambda r: not r.date_response).write({"date_response": now})
        self._flag_late(
            lambda r: r.response_deadline and r.date_response > r.response_deadline,
            self.env._("Response after its deadline."),
        )
        return True

    @frozen_step
    def action_dispatch(self):
        self._ensure_state(("new", "dispatched"))
        self._check_dispatch_assignee()
        now = fields.Datetime.now()
        for request in self:
            vals = {
                "state": "dispatched",
                "date_dispatched": now,
                "carry_over": False,
                "first_contact_deadline": request._sla_deadlines("contact", {request: now})[
                    request
                ],
            }
            if not request.date_response:
                vals["date_response"] = now
            request.write(vals)
            if request.technician_id:
                request.message_subscribe(request.technician_id.partner_id.ids)
        self._flag_late(
            lambda r: r.response_deadline and r.date_response > r.response_deadline,
            self.env._("Response after its deadline."),
        )
        return True

    @frozen_step
    def action_contacted(self):
        self._ensure_state(("dispatched", "in_progress"))
        self.filtered(lambda r: not r.date_contacted).write(
            {"date_contacted": fields.Datetime.now()}
        )
        return True

    @frozen_step
    def action_start(self):
        """The technician arrived on site."""
        self._ensure_state(("dispatched",))
        now = fields.Datetime.now()
        vals = {"state": "in_progress", "date_arrived": now}
        self.write(vals)
        self.filtered(lambda r: not r.date_contacted).write({"date_contacted": now})
        self._flag_late(
            lambda r: r.arrival_deadline and r.date_arrived > r.arrival_deadline,
            self.env._("Arrived on site after the arrival deadline."),
        )
        return True

    @frozen_step
    def action_done(self):
        self._ensure_state(("in_progress", "carry_in"))
        for request in self:
            if request.kind != "consultation" and not request.work_done:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: describe the work done before finishing.",
                        name=request.name,
                    )
                )
            if request.repair_ids.filtered(lambda r: r.state not in ("done", "cancel")):
                raise UserError(
                    self.env._(
                        "Service request %(name)s: its repair order is not finished yet.",
                        name=request.name,
                    )
                )
        self.line_ids._consume_parts()
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        self._flag_late(
            lambda r: r.completion_deadline and r.date_done > r.completion_deadline,
            self.env._("Finished after the promised completion time."),
        )
        return True

    @frozen_step
    def action_close(self):
        """Close after the customer confirmed (signature or signed voucher)."""
        self._ensure_state(("done",))
        for request in self:
            if not request.customer_confirmed:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: the customer's signature or a signed "
                        "voucher is needed to close it.",
                        name=request.name,
                    )
                )
            if request.charge_state == "to_approve":
                raise UserError(
                    self.env._(
                        "Service request %(name)s: the reduced or waived charge awaits the "
                        "manager's approval.",
                        name=request.name,
                    )
                )
        self.write({"state": "closed", "date_closed": fields.Datetime.now()})
        return True

    @frozen_step
    def action_cancel(self):
        self._ensure_state(("new", "dispatched", "in_progress"))
        self.write({"state": "cancelled"})
        return True

    @frozen_step
    def action_reset(self):
        self._ensure_state(("cancelled",))
        self.write({"state": "new"})
        return True

    @frozen_step
    def action_sign(self, signature, signed_by):
        """Record the customer's signature (portal or form)."""
        self.ensure_one()
        if not signature:
            raise UserError(self.env._("The signature is empty."))
        self.write(
            {
                "customer_signature": signature,
                "signed_by": signed_by,
                "signed_on": fields.Datetime.now(),
            }
        )
        return True

    def _flag_late(self, predicate, reason):
        late = self.filtered(predicate)
        late._mark_overdue(reason)

    def _mark_overdue(self, reason):
        """Flag overdue and tell the supervisor once (activity)."""
        todo = self.filtered(lambda r: not r.is_overdue)
        if not todo:
            return
        todo.write({"is_overdue": True, "overdue_reason": reason})
        activity_type = self.env.ref("aftersales_service.mail_activity_type_overdue")
        by_user = {}
        for request in todo:
            user = request.supervisor_id or request.user_id or self.env.user
            by_user.setdefault(user, []).append(request.id)
        for user, request_ids in by_user.items():
            self.browse(request_ids).activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=self.env._("Overdue: %(reason)s", reason=reason),
                note=reason,
            )

    # ================================================================== scheduler
    @api.model
    @frozen_step
    def _cron_check_deadlines(self, now=None):
        """Flag every open request whose deadline passed with its step undone (the
        service level sweep of this model; the scheduled action sweeps every model)."""
        return self._sla_sweep(now)

    @api.model
    @frozen_step
    def _cron_carry_over(self, today=None):
        """Requests still undispatched from before today come first today."""
        today = today or fields.Date.context_today(self)
        start = datetime.combine(today, time.min)
        self.search(
            [("state", "=", "new"), ("date_request", "<", start), ("carry_over", "=", False)]
        ).write({"carry_over": True})
        return True

    # ================================================================== carry-in
    def _aftersales_repair_location(self):
        """Internal location for customer units in repair (created on first use)."""
        self.ensure_one()
        company = self.company_id
        if company.aftersales_repair_location_id:
            return company.aftersales_repair_location_id
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse to receive units in.",
                    company=company.name,
                )
            )
        location = (
            self.env["stock.location"]
            .sudo()
            .create(
                {
                    "name": self.env._("Customer Units in Repair"),
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                    "company_id": company.id,
                }
            )
        )
        company.sudo().aftersales_repair_location_id = location
        return location

    def _prepare_carry_in_picking_vals(self, location):
        """Receipt of the customer's unit. Called by :meth:`action_carry_in`."""
        self.ensure_one()
        warehouse = location.warehouse_id
        customer_location = self.env.ref("stock.stock_location_customers")
        return {
            "picking_type_id": warehouse.in_type_id.id,
            "partner_id": self.partner_id.id,
            "owner_id": self.partner_id.commercial_partner_id.id,
            "location_id": customer_location.id,
            "location_dest_id": location.id,
            "origin": self.name,
            "aftersales_request_id": self.id,
            "company_id": self.company_id.id,
            "move_ids": [
                Command.create(
                    {
                        "name": self.product_id.display_name,
                        "product_id": self.product_id.id,
                        "product_uom_qty": 1.0,
                        "product_uom": self.product_id.uom_id.id,
                        "location_id": customer_location.id,
                        "location_dest_id": location.id,
                        "company_id": self.company_id.id,
                    }
                )
            ],
        }

    def _prepare_repair_vals(self, location):
        """Repair order of the carried-in unit. Called by :meth:`action_carry_in`."""
        self.ensure_one()
        return {
            # the owner of the received unit (see the receipt): repair checks the quant by owner
            "partner_id": self.partner_id.commercial_partner_id.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "product_qty": 1.0,
            "product_uom": self.product_id.uom_id.id,
            "company_id": self.company_id.id,
            "user_id": self.technician_id.id or self.env.user.id,
            "aftersales_request_id": self.id,
            "under_warranty": self.service_class in ("B", "C"),
            "product_location_src_id": location.id,
            "product_location_dest_id": location.id,
            "internal_notes": self.fault_description,
            "schedule_date": self._bench_deadline(),
        }

    def _bench_deadline(self):
        """Bench repairs: N x units-per-day units are due within N working days."""
        self.ensure_one()
        per_day = max(self.company_id.aftersales_bench_units_per_day, 1)
        queue = self.env["repair.order"].search_count(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "in", ("draft", "confirmed", "under_repair")),
            ]
        )
        days = max(math.ceil((queue + 1) / per_day), 1)
        calendar = self.company_id._aftersales_calendar()
        now = fields.Datetime.now()
        if calendar:
            return calendar.plan_days(days, now, compute_leaves=True) or now + timedelta(days=days)
        return now + timedelta(days=days)

    @frozen_step
    def action_carry_in(self):
        """The unit cannot be fixed on site: receive it and open a repair order."""
        self._ensure_state(("new", "dispatched", "in_progress"))
        for request in self:
            if not request.product_id:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: set the product model to carry it in.",
                        name=request.name,
                    )
                )
            if request.product_id.tracking == "serial" and not request.lot_id:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: product %(product)s is tracked by serial "
                        "number; set the serial number to carry it in.",
                        name=request.name,
                        product=request.product_id.display_name,
                    )
                )
            location = request._aftersales_repair_location()
            picking = self.env["stock.picking"].create(
                request._prepare_carry_in_picking_vals(location)
            )
            picking.action_confirm()
            for move in picking.move_ids:
                move.move_line_ids.unlink()
                move.move_line_ids = [
                    Command.create(
                        {
                            "product_id": move.product_id.id,
                            "picking_id": picking.id,
                            "lot_id": request.lot_id.id,
                            "quantity": 1.0,
                            "product_uom_id": move.product_uom.id,
                            "location_id": move.location_id.id,
                            "location_dest_id": move.location_dest_id.id,
                            "owner_id": picking.owner_id.id,
                        }
                    )
                ]
                move.picked = True
            picking.with_context(skip_backorder=True)._action_done()
            repair = self.env["repair.order"].create(request._prepare_repair_vals(location))
            request.write(
                {
                    "state": "carry_in",
                    "date_received": fields.Datetime.now(),
                    "date_arrived": request.date_arrived or fields.Datetime.now(),
                    "date_response": request.date_response or fields.Datetime.now(),
                }
            )
            request.message_post(
                body=self.env._(
                    "Unit received by %(picking)s; repair %(repair)s opened.",
                    picking=picking.name,
                    repair=repair.name,
                )
            )
        return self.action_view_repairs() if len(self) == 1 else True

    @frozen_step
    def action_return_unit(self):
        """Deliver the repaired unit back to the customer."""
        self._ensure_state(("carry_in", "done"))
        for request in self:
            if request.date_returned:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: the unit was already returned.",
                        name=request.name,
                    )
                )
            if request.repair_ids.filtered(lambda r: r.state not in ("done", "cancel")):
                raise UserError(
                    self.env._(
                        "Service request %(name)s: finish the repair before returning the unit.",
                        name=request.name,
                    )
                )
            location = request._aftersales_repair_location()
            customer_location = self.env.ref("stock.stock_location_customers")
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": location.warehouse_id.out_type_id.id,
                    "partner_id": request.partner_id.id,
                    "location_id": location.id,
                    "location_dest_id": customer_location.id,
                    "origin": request.name,
                    "aftersales_request_id": request.id,
                    "company_id": request.company_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": request.product_id.display_name,
                                "product_id": request.product_id.id,
                                "product_uom_qty": 1.0,
                                "product_uom": request.product_id.uom_id.id,
                                "location_id": location.id,
                                "location_dest_id": customer_location.id,
                                "restrict_partner_id": request.partner_id.commercial_partner_id.id,
                                "company_id": request.company_id.id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            request._set_unit_move_lines(picking, location, customer_location)
            picking.with_context(skip_backorder=True)._action_done()
            request.date_returned = fields.Datetime.now()
        return True

    def _set_unit_move_lines(self, picking, location, customer_location):
        """Deliver exactly the customer's unit (its serial, owned by the customer)."""
        self.ensure_one()
        owner = self.partner_id.commercial_partner_id
        quants = self.env["stock.quant"]._gather(
            self.product_id, location, lot_id=self.lot_id or None, owner_id=owner, strict=True
        )
        if sum(quants.mapped("quantity")) < 1:
            raise UserError(
                self.env._(
                    "Service request %(name)s: the unit %(lot)s is not in %(location)s.",
                    name=self.name,
                    lot=self.lot_id.name or self.product_id.display_name,
                    location=location.display_name,
                )
            )
        move = picking.move_ids
        move.move_line_ids.unlink()
        self.env["stock.move.line"].create(
            {
                "move_id": move.id,
                "picking_id": picking.id,
                "product_id": self.product_id.id,
                "lot_id": self.lot_id.id,
                "owner_id": owner.id,
                "quantity": 1.0,
                "product_uom_id": move.product_uom.id,
                "location_id": location.id,
                "location_dest_id": customer_location.id,
            }
        )
        move.picked = True

    # ================================================================== charges
    @frozen_step
    def action_approve_charges(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only an after-sales manager may approve a reduced or waived charge.")
            )
        for request in self:
            if request.charge_state != "to_approve":
                raise UserError(
                    self.env._(
                        "Service request %(name)s has no charge waiting for approval.",
                        name=request.name,
                    )
                )
        self.write({"charge_state": "approved", "charges_approved_by": self.env.user.id})
        return True

    def _prepare_invoice_vals(self):
        """Customer invoice of the charged lines. Called by :meth:`action_create_invoice`."""
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_origin": self.name,
            "invoice_line_ids": [
                Command.create(line._prepare_invoice_line_vals())
                for line in self.line_ids.filtered(lambda ln: ln.charged and ln.price_subtotal)
            ],
        }

    @frozen_step
    def action_create_invoice(self):
        for request in self:
            if request.state not in ("done", "closed"):
                raise UserError(
                    self.env._(
                        "Service request %(name)s: invoice it once the job is done.",
                        name=request.name,
                    )
                )
            if request.charge_state == "to_approve":
                raise UserError(
                    self.env._(
                        "Service request %(name)s: the reduced or waived charge awaits the "
                        "manager's approval.",
                        name=request.name,
                    )
                )
            if request.invoice_ids.filtered(lambda m: m.state != "cancel"):
                raise UserError(
                    self.env._("Service request %(name)s is already invoiced.", name=request.name)
                )
            if not request.amount_charged:
                raise UserError(
                    self.env._("Service request %(name)s has nothing to charge.", name=request.name)
                )
        moves = self.env["account.move"].create([r._prepare_invoice_vals() for r in self])
        for request, move in zip(self, moves, strict=True):
            request.invoice_ids = [Command.link(move.id)]
        return self.action_view_invoices() if len(self) == 1 else True

    # ================================================================== views
    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("aftersales_request_id", "=", self.id)]
        action["context"] = {"default_aftersales_request_id": self.id}
        if len(self.repair_ids) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.repair_ids.id
        return action

    def action_view_pickings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        action["domain"] = [("aftersales_request_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.invoice_ids.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        if len(self.invoice_ids) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.invoice_ids.id
        return action

    def action_view_extensions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Extensions"),
            "res_model": "aftersales.service.extension",
            "view_mode": "list,form",
            "domain": [("request_id", "=", self.id)],
            "context": {"default_request_id": self.id},
        }

    @frozen_step
    def action_request_extension(self):
        self.ensure_one()
        self._ensure_state(OPEN_STATES)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request an Extension"),
            "res_model": "aftersales.service.extension",
            "view_mode": "form",
            "target": "new",
            "context": {"default_request_id": self.id},
        }

    def action_print_voucher(self):
        return self.env.ref(
            "aftersales_service.action_report_aftersales_service_voucher"
        ).report_action(self)

    def action_print_receipt(self):
        return self.env.ref(
            "aftersales_service.action_report_aftersales_goods_receipt"
        ).report_action(self)

    @api.constrains("time_spent")
    def _check_time_spent(self):
        for request in self:
            if request.time_spent < 0:
                raise ValidationError(
                    self.env._(
                        "Service request %(name)s: time spent cannot be negative (%(hours)s h).",
                        name=request.name,
                        hours=request.time_spent,
                    )
                )
