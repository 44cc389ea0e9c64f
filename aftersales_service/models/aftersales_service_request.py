import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .aftersales_frozen_mixin import (
    changed_fields,
    field_labels,
    frozen_step,
    in_frozen_step,
)
from .aftersales_service_request_sla import OPEN_STATES
from .res_company import (
    cron_batch,
    cron_batch_size,
    cron_progress,
    in_company_language,
    lock_for_cron,
)

# what the desk decides when it registers and dispatches a job: the customer, the time of
# the request and its priority (the deadlines count from them), who handles and supervises
# it, the provider, the zone, the agreed visit; a technician (own documents) does not
DESK_FIELDS = frozenset(
    {
        "partner_id",
        "company_id",
        "date_request",
        "priority",
        "kind",
        "zone_id",
        "user_id",
        "supervisor_id",
        "provider_id",
        "appointment_start",
        "appointment_end",
        # the desk tells the installer of a leak and records his answer
        "leak_installer_outcome",
    }
)


class AftersalesServiceRequest(models.Model):
    """Service request (叫修登記): one call of a customer, from intake to closing.

    Intake, dispatch, the job on site and its deadlines are here; the service class
    (``aftersales.service.request.coverage.mixin``), the carry-in repair
    (``...workshop.mixin``), the parts, charges and invoice (``...charges.mixin``) and
    the customer's signature (``...signature.mixin``) are in mixins of their own.
    """

    _name = "aftersales.service.request"
    _description = "Service Request"
    _inherit = [
        # first: its write refuses a change of service class before the other checks
        "aftersales.service.request.coverage.mixin",
        "aftersales.number.mixin",
        # the state and the facts the steps record move only through the steps
        "aftersales.frozen.mixin",
        "aftersales.evidence.mixin",
        "aftersales.portal.fields.mixin",
        "aftersales.portal.token.mixin",
        # before the engine: its duty declarations and hooks override the engine's defaults
        "aftersales.service.request.sla.mixin",
        "aftersales.sla.mixin",
        "aftersales.service.request.workshop.mixin",
        "aftersales.service.request.charges.mixin",
        "aftersales.service.request.signature.mixin",
        "aftersales.service.request.provider.mixin",
        "aftersales.service.request.cost.mixin",
        "aftersales.service.request.quote.mixin",
        "aftersales.service.request.checklist.mixin",
        "aftersales.service.request.map.mixin",
        "aftersales.service.request.leak.mixin",
        "aftersales.service.request.contact.mixin",
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
        "voucher_attachment_id": ("done", "closed"),
        "technician_id": ("done", "closed"),
        # they charge the installer and pay the repairer: fixed once the job is done
        "leak_found": ("done", "closed"),
        "leak_installer_outcome": ("done", "closed"),
    }
    _evidence_subject_field = "technician_id"
    # recorded by the steps only: nobody types them, even before they hold a value (an
    # after-sales manager corrects a wrong one, with a reason: the evidence mixin)
    _evidence_guard_empty = frozenset(
        {
            "date_response",
            "date_dispatched",
            "date_contacted",
            "date_arrived",
            "date_done",
            "date_closed",
            "date_received",
            "date_returned",
            "is_overdue",
        }
    )
    # a request is never frozen as a whole (its lines and invoice are), but its state
    # moves only through its steps (the buttons, the job sheet, the crons), it is always
    # registered first (desk, portal, mail gateway, care plans, complaints), and what
    # the steps record is the system's: approvals, the customer's consent and signature,
    # the flags and answers of the service level sweep and the provider
    _frozen_states = ()
    _frozen_initial_states = ("new",)
    _frozen_system_fields = frozenset(
        {
            # the promised times, from the service level policies, the appointment and
            # the supervisor's approved extensions only
            "response_deadline",
            "arrival_deadline",
            "completion_deadline",
            "charge_state",
            "charges_approved_by",
            "invoice_ids",
            "quote_state",
            "quote_amount",
            "quote_date",
            "quote_approved_by",
            "quote_accepted_on",
            "quote_over_limit",
            "unreachable_on",
            "unreachable_confirmed_by",
            "customer_signature",
            "signed_by",
            "signed_on",
            "customer_confirmed",
            "overdue_cause",
            "first_contact_deadline",
            "carry_over",
            "sla_paused",
            "provider_acceptance",
            "provider_decline_reason",
            "date_provider_answered",
            "appointment_changes",
            "repair_verified_by",
            "date_repair_verified",
        }
    )

    def _aftersales_files_locked(self):
        """A finished job's files (its photos, the signed voucher) are evidence of it."""
        return self.filtered(lambda request: request.state in ("done", "closed"))

    def _portal_fields(self):
        """What the customer's and the provider's portal pages show of a request."""
        return super()._portal_fields() | {
            "provider_id",
            "provider_acceptance",
            "quote_state",
            "quote_amount",
            "quote_accepted_by",
            "quote_accepted_on",
            "appointment_start",
            "appointment_end",
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
            "is_overdue",
            "fault_description",
            "work_done",
            "address",
            "map_url",
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
        [("0", "Normal"), ("1", "Urgent"), ("2", "Emergency")],
        default="0",
        index=True,
        tracking=True,
        help="Emergency: a danger to people or property (gas leak, electrical hazard, water "
        "damage); its own, shorter service levels apply.",
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
    dispatch_deadline = fields.Datetime(
        compute="_compute_deadlines",
        store=True,
        precompute=True,
        help="The job is given to a technician or a provider by then (30 minutes by default).",
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
    # what was late, as a key ("duty:<service level duty>", "late:<step recorded late>"),
    # written out in the reader's language by overdue_reason
    overdue_cause = fields.Char(copy=False, readonly=True)
    overdue_reason = fields.Char(compute="_compute_overdue_reason")
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

    # ================================================================== computes
    def _group_expand_states(self, states, domain):
        return [key for key, __ in self._fields["state"].selection if key != "cancelled"]

    @api.depends("partner_id")
    def _compute_contact(self):
        for request in self:
            partner = request.partner_id
            request.phone = partner.phone or partner.mobile or request.phone
            request.email = partner.email or request.email
            request.address = request._aftersales_visit_address(partner) or request.address

    def _aftersales_visit_address(self, partner):
        """Where the job goes, as the customer's country writes it; without the country
        when it is the company's (a Chinese address starts with it, and the stored text
        would keep its name in the language of whoever registered the job)."""
        address_format, args = partner._prepare_display_address(without_company=True)
        if partner.country_id and partner.country_id == self.company_id.country_id:
            args["country_name"] = ""
        lines = (
            " ".join(line.split()).strip(" ,") for line in (address_format % args).splitlines()
        )
        return "\n".join(line for line in lines if line)

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

    # ================================================================== service levels
    # the duties and their hooks: aftersales_service_request_sla.py

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
        "appointment_end",
    )
    def _compute_deadlines(self):
        now = fields.Datetime.now()
        starts = {request: request.date_request or now for request in self}
        dispatch = self._sla_deadlines("dispatch", starts)
        response = self._sla_deadlines("response", starts)
        arrival = self._sla_deadlines("arrival", starts)
        completing = self.filtered(
            lambda r: not r.extension_ids.filtered(lambda e: e.state == "approved")
        )
        completion = completing._sla_deadlines("completion", starts)
        for request in self:
            request.dispatch_deadline = dispatch[request]
            request.response_deadline = response[request]
            # the visit agreed with the customer is the arrival target
            request.arrival_deadline = request.appointment_end or arrival[request]
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
            deadlines = [
                d
                for d in (self.dispatch_deadline, self.response_deadline, self.arrival_deadline)
                if d
            ]
            return min(deadlines) if deadlines else False
        if not self.date_arrived and self.arrival_deadline and self.state in ("new", "dispatched"):
            return self.arrival_deadline
        return self.completion_deadline

    def _compute_counts(self):
        for request in self:
            request.extension_count = len(request.extension_ids)

    # ================================================================== ORM
    @api.ondelete(at_uninstall=False)
    def _unlink_only_new(self):
        if any(r.state not in ("new", "cancelled") for r in self):
            raise UserError(
                self.env._("Only registered or cancelled service requests can be deleted.")
            )

    def _check_people_and_voucher(self, vals):
        """Who does the job is the desk's choice (a technician does not hand his job, or its
        ratings and penalties, to a colleague); the signed voucher that confirms the job is a
        file of this request, attached by somebody else than the technician it judges."""
        if self._frozen_free() or self.env.su:
            return
        if (
            "technician_id" in vals
            and any(r.technician_id.id != vals["technician_id"] for r in self)
            and not self.env.user.has_group("aftersales_service.group_aftersales_user_all")
        ):
            raise AccessError(
                self.env._(
                    "Service request %(name)s: the desk or a supervisor chooses its technician.",
                    name=self[0].name,
                )
            )
        desk = DESK_FIELDS & set(vals)
        if desk and not self.env.user.has_group("aftersales_service.group_aftersales_user_all"):
            changed = changed_fields(self, vals, desk)
            if changed:
                raise AccessError(
                    self.env._(
                        "Service request %(name)s: %(fields)s are set by the desk or a "
                        "supervisor (the deadlines and the people judged are computed from "
                        "them).",
                        name=self[0].name,
                        fields=field_labels(self, changed),
                    )
                )
        if vals.get("voucher_attachment_id"):
            voucher = self.env["ir.attachment"].sudo().browse(vals["voucher_attachment_id"])
            for request in self:
                if voucher.res_model != self._name or voucher.res_id != request.id:
                    raise UserError(
                        self.env._(
                            "Service request %(name)s: the signed voucher is a file attached to "
                            "this request (%(file)s is not).",
                            name=request.name,
                            file=voucher.name,
                        )
                    )
                if request.technician_id == self.env.user:
                    raise AccessError(
                        self.env._(
                            "Service request %(name)s: the signed voucher confirms your own "
                            "work; the desk attaches it.",
                            name=request.name,
                        )
                    )

    @api.model_create_multi
    def create(self, vals_list):
        if not (self._frozen_free() or self.env.su) and any(
            vals.get("voucher_attachment_id") for vals in vals_list
        ):
            raise UserError(
                self.env._(
                    "A signed voucher is attached to its service request once the request exists."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if self:
            self._check_people_and_voucher(vals)
        if not in_frozen_step() and self and vals.get("customer_signature"):
            # the signature pad of the form: the customer signs, and the step records it
            # (the signature, the name, the time), as on the job sheet and the portal
            vals = dict(vals)
            signature = vals.pop("customer_signature")
            signed_by = vals.pop("signed_by", None)
            result = super().write(vals) if vals else True
            for request in self:
                request.action_sign(signature, signed_by)
            return result
        return super().write(vals)

    def _creation_message(self):
        # Odoo's "<model name> created" reads the model's name (a query per creation)
        return self.env._("Service Request created")

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
            refusal = request.technician_id and request.technician_id._aftersales_refusal(
                request.product_id, request.zone_id
            )
            if refusal:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: %(refusal)s Choose another technician or "
                        "widen their skills or zones.",
                        name=request.name,
                        refusal=refusal,
                    )
                )
            provider = request.provider_id
            contract = provider and provider._aftersales_provider(request.company_id)
            if provider and contract.state != "active":
                raise UserError(
                    self.env._(
                        "Service request %(name)s: %(provider)s is not an active service "
                        "provider (status: %(state)s); only active providers can be dispatched.",
                        name=request.name,
                        provider=provider.display_name,
                        state=dict(contract._fields["state"]._description_selection(self.env)).get(
                            contract.state
                        )
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
            "late:response",
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
            # a provider answers a job dispatched to it (accepts or declines)
            vals["provider_acceptance"] = (
                "pending" if request.provider_id and not request.technician_id else False
            )
            request.write(vals)
            if request.technician_id:
                request.message_subscribe(request.technician_id.partner_id.ids)
        self.env["aftersales.service.checklist.line"]._create_for(self)
        self._flag_late(
            lambda r: r.response_deadline and r.date_response > r.response_deadline,
            "late:response",
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
            "late:arrival",
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
            "late:completion",
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
            request._ensure_charges_approved()
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

    def _flag_late(self, predicate, cause):
        late = self.filtered(predicate)
        late._mark_overdue(cause)

    def _mark_overdue(self, cause):
        """Flag overdue and tell the supervisor once (activity), in the supervisor's
        language. ``cause``: what was late, see ``overdue_cause``."""
        todo = self.filtered(lambda r: not r.is_overdue)
        if not todo:
            return
        todo.write({"is_overdue": True, "overdue_cause": cause})
        activity_type = self.env.ref("aftersales_service.mail_activity_type_overdue")
        by_user = {}
        for request in todo:
            user = request.supervisor_id or request.user_id or self.env.user
            by_user.setdefault(user, []).append(request.id)
        for user, request_ids in by_user.items():
            user_env = user._aftersales_lang_env()
            text = self.with_env(user_env)._overdue_text(cause)
            self.browse(request_ids).activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=user_env._("Overdue: %(reason)s", reason=text),
                note=text,
            )

    @api.model
    def _overdue_text(self, cause):
        """What was late, in the environment's language."""
        kind, __, key = (cause or "").partition(":")
        if kind == "duty":
            return self._sla_late_text(key)
        if kind == "late":
            return {
                "response": self.env._("Response after its deadline."),
                "arrival": self.env._("Arrived on site after the arrival deadline."),
                "completion": self.env._("Finished after the promised completion time."),
            }.get(key, key)
        return key  # "text:...": a reason stored as text before (migration 18.0.1.4.0)

    @api.depends("overdue_cause")
    @api.depends_context("lang")
    def _compute_overdue_reason(self):
        texts = {cause: self._overdue_text(cause) for cause in set(self.mapped("overdue_cause"))}
        for request in self:
            request.overdue_reason = texts[request.overdue_cause] or False

    # ================================================================== scheduler
    @api.model
    @in_company_language
    @frozen_step
    def _cron_check_deadlines(self, now=None):
        """Flag every open request whose deadline passed with its step undone (the
        service level sweep of this model; the scheduled action sweeps every model)."""
        cron_progress(self.env, *self._sla_sweep(now, limit=cron_batch_size(self.env)))
        return True

    @api.model
    @in_company_language
    @frozen_step
    def _cron_carry_over(self, today=None):
        """Requests still undispatched from before today come first today."""
        today = today or self.env["res.company"]._aftersales_default_today()
        start = self.env.company._aftersales_day_start(today)
        domain = [("state", "=", "new"), ("date_request", "<", start), ("carry_over", "=", False)]
        found, left = cron_batch(self, domain, cron_batch_size(self.env))
        taken = lock_for_cron(found)
        taken.write({"carry_over": True})
        cron_progress(self.env, len(taken), left)
        return True

    # ================================================================== views
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

    @api.constrains("time_spent")
    def _check_time_spent(self):
        for request in self:
            # at most the time the job has been open, and a day of margin
            start = request.date_request or request.create_date or fields.Datetime.now()
            end = request.date_done or fields.Datetime.now()
            limit = max((end - start).total_seconds() / 3600.0, 0.0) + 24.0
            if not math.isfinite(request.time_spent) or request.time_spent > limit:
                raise ValidationError(
                    self.env._(
                        "Service request %(name)s: %(hours)s hours spent is more than the job "
                        "has been open (%(limit)s hours at most).",
                        name=request.name,
                        hours=request.time_spent,
                        limit=round(limit),
                    )
                )
            if request.time_spent < 0:
                raise ValidationError(
                    self.env._(
                        "Service request %(name)s: time spent cannot be negative (%(hours)s h).",
                        name=request.name,
                        hours=request.time_spent,
                    )
                )
