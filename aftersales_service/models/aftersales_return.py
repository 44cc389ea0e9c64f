from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, formatLang
from odoo.tools.float_utils import float_compare, float_is_zero

from .aftersales_frozen_mixin import frozen_step

RETURN_STATES = [
    ("draft", "Draft"),
    ("to_approve", "Awaiting Approval"),
    ("approved", "Approved"),
    ("receiving", "Receiving"),
    ("to_decide", "Quantity Decision"),
    ("received", "Received"),
    ("done", "Done"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]
CLOSED_STATES = ("rejected", "cancelled")


class AftersalesReturn(models.Model):
    """Return or exchange case (成品退貨單): from the claim to the stock and money moves.

    Every transition is an ``action_*`` guarded by ``_ensure_*`` checks; the documents
    it builds (return picking, replacement delivery, credit note, repair order) come
    from ``_prepare_*_vals`` hooks. The stock documents (receipts, over-quantity
    decision, replacement delivery) are in ``aftersales.return.stock.mixin``.
    """

    _name = "aftersales.return"
    _description = "Return / Exchange Case"
    _inherit = [
        "aftersales.number.mixin",
        "aftersales.frozen.mixin",
        "aftersales.return.stock.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    # from approval on, the case is stock and money: its steps move it, nobody edits it
    _frozen_states = ("approved", "receiving", "to_decide", "received", "done", "rejected")
    _frozen_writable_fields = frozenset({"user_id", "reject_reason"})
    _frozen_system_fields = frozenset(
        {"approved_by_id", "date_approved", "refund_ids", "procurement_group_id"}
    )
    _aftersales_sequence_code = "aftersales.return"
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        RETURN_STATES,
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    kind = fields.Selection(
        [("refund", "Return and Refund"), ("exchange", "Exchange"), ("repair", "Repair")],
        string="Requested Outcome",
        default="refund",
        required=True,
        tracking=True,
    )
    date = fields.Date(
        string="Claim Date",
        required=True,
        default=lambda self: self.env["res.company"]._aftersales_default_today(),
        tracking=True,
        help="Day the customer asked for the return; the return and exchange windows "
        "are counted up to this day.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    # ------------------------------------------------------------------ origin
    picking_id = fields.Many2one(
        "stock.picking",
        string="Delivery",
        index=True,
        check_company=True,
        domain="[('picking_type_code', '=', 'outgoing'), ('state', '=', 'done')]",
        help="Customer delivery the goods come from.",
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Invoice",
        index=True,
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted')]",
    )
    lot_id = fields.Many2one("stock.lot", string="Serial Number", index=True, check_company=True)
    request_id = fields.Many2one(
        "aftersales.service.request", string="Service Request", index=True, check_company=True
    )
    # ------------------------------------------------------------------ cause
    reason_id = fields.Many2one(
        "aftersales.return.reason",
        string="Reason",
        index=True,
        tracking=True,
        check_company=True,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    department_id = fields.Many2one(
        "aftersales.return.department",
        string="Responsible Department",
        index=True,
        tracking=True,
        check_company=True,
        compute="_compute_department_id",
        store=True,
        readonly=False,
        domain="['|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    responsible_id = fields.Many2one(
        "res.users",
        string="Responsible Person",
        tracking=True,
        check_company=True,
        help="Person answerable for the cause of the return.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handled By",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        index=True,
    )
    description = fields.Html()
    # ------------------------------------------------------------------ policy
    line_ids = fields.One2many("aftersales.return.line", "return_id", string="Products", copy=True)
    policy_state = fields.Selection(
        [("within", "Within Policy"), ("outside", "Outside Policy")],
        compute="_compute_policy",
        store=True,
        index=True,
    )
    policy_reason = fields.Text(string="Policy Decision", compute="_compute_policy_reason")
    needs_approval = fields.Boolean(
        compute="_compute_policy",
        store=True,
        help="Outside the warranty terms, or every return when the company asks so: "
        "a manager approves before the goods are received.",
    )
    approved_by_id = fields.Many2one("res.users", string="Approved By", readonly=True, copy=False)
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    reject_reason = fields.Text(string="Rejection Explanation", copy=False, tracking=True)
    tolerance = fields.Float(
        string="Over-Quantity Acceptance (%)",
        compute="_compute_tolerance",
        store=True,
        readonly=False,
        help="Received quantity above the approved one is settled as received up to this "
        "percentage (the customer's 超量允收比率, else the company default).",
    )
    # ------------------------------------------------------------------ documents
    repair_ids = fields.One2many("repair.order", "aftersales_return_id", string="Repairs")
    refund_ids = fields.Many2many(
        "account.move", string="Credit Notes", compute="_compute_refund_ids"
    )
    refund_count = fields.Integer(compute="_compute_refund_ids")
    repair_count = fields.Integer(compute="_compute_counts")
    # ------------------------------------------------------------------ buttons
    can_be_refunded = fields.Boolean(compute="_compute_can")
    can_be_exchanged = fields.Boolean(compute="_compute_can")
    can_be_repaired = fields.Boolean(compute="_compute_can")

    @api.model
    def _group_expand_states(self, states, domain):
        return [key for key, __ in RETURN_STATES if key not in CLOSED_STATES]

    @api.depends("reason_id")
    def _compute_department_id(self):
        for case in self:
            if case.reason_id.department_id:
                case.department_id = case.reason_id.department_id

    @api.depends("partner_id", "company_id")
    def _compute_tolerance(self):
        for case in self:
            partner = case.partner_id.commercial_partner_id
            case.tolerance = (
                partner.aftersales_return_tolerance or case.company_id.aftersales_return_tolerance
            )

    @api.depends(
        "kind",
        "date",
        "company_id.aftersales_return_approval_all",
        "line_ids.policy_ok",
    )
    def _compute_policy(self):
        # decided while the case waits for its approval: an approved (received, done...)
        # case keeps the verdict it was approved on, whatever the settings or the unit's
        # warranty terms become
        for case in self:
            if case.state not in (False, "draft", "to_approve"):
                continue
            if not case.line_ids:
                case.policy_state = False
                case.needs_approval = False
                continue
            within = all(case.line_ids.mapped("policy_ok"))
            case.policy_state = "within" if within else "outside"
            case.needs_approval = not within or case.company_id.aftersales_return_approval_all

    @api.depends("line_ids.policy_parts", "line_ids.product_id", "line_ids.lot_id")
    @api.depends_context("lang")
    def _compute_policy_reason(self):
        """Each product's decision, in the reader's language (the return note prints it
        in the customer's)."""
        for case in self:
            notes = [
                f"{line.product_id.display_name}{f' ({line.lot_id.name})' if line.lot_id else ''}: "
                f"{line.policy_note}"
                for line in case.line_ids
            ]
            case.policy_reason = "\n".join(notes) or False

    def _compute_refund_ids(self):
        for case in self:
            case.refund_ids = case.line_ids.refund_line_id.move_id
            case.refund_count = len(case.refund_ids)

    def _compute_counts(self):
        for case in self:
            case.repair_count = len(case.repair_ids)

    @api.depends("state", "kind", "line_ids.refund_line_id", "repair_ids", "picking_ids")
    def _compute_can(self):
        for case in self:
            received = case.state == "received"
            case.can_be_refunded = (
                received and case.kind == "refund" and not case.line_ids.refund_line_id
            )
            case.can_be_exchanged = (
                received
                and case.kind == "exchange"
                and not case.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
            )
            case.can_be_repaired = received and case.kind == "repair" and not case.repair_ids

    # ================================================================== CRUD
    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(case.state not in ("draft", "cancelled") for case in self):
            raise UserError(
                self.env._(
                    "Only draft or cancelled return cases can be deleted; reject the "
                    "others instead."
                )
            )

    # ================================================================== origin
    @api.onchange("picking_id", "invoice_id", "lot_id", "request_id")
    def _onchange_origin(self):
        """Fill customer and products from the delivery, invoice, serial or request."""
        origin = self.picking_id or self.invoice_id or self.lot_id or self.request_id
        if not origin:
            return
        partner = (
            self.picking_id.partner_id
            or self.invoice_id.partner_id
            or self.lot_id.aftersales_partner_id
            or self.request_id.partner_id
        )
        if partner:
            self.partner_id = partner.commercial_partner_id
        if self.request_id and not self.lot_id:
            self.lot_id = self.request_id.lot_id
        vals_list = self._prepare_line_vals_from_origin()
        if vals_list:
            self.line_ids = [Command.clear()] + [Command.create(vals) for vals in vals_list]

    def _prepare_line_vals_from_origin(self):
        """Lines proposed for the origin. Called by :meth:`_onchange_origin`.

        A delivery gives its done moves (one line per serial), an invoice its product
        lines matched to the customer's deliveries, a serial the move that delivered it.
        """
        self.ensure_one()
        line_model = self.env["aftersales.return.line"]
        if self.picking_id:
            return line_model._vals_from_moves(self.picking_id.move_ids, exclude=self.line_ids)
        if self.lot_id:
            move_line = self._find_delivery_move_lines(lots=self.lot_id)[:1]
            vals = {
                "product_id": self.lot_id.product_id.id,
                "lot_id": self.lot_id.id,
                "move_id": move_line.move_id.id,
                "qty": 1.0,
            }
            return [vals]
        if self.request_id.product_id:
            move_line = self._find_delivery_move_lines(products=self.request_id.product_id)[:1]
            return [
                {
                    "product_id": self.request_id.product_id.id,
                    "move_id": move_line.move_id.id,
                    "qty": 1.0,
                }
            ]
        if self.invoice_id:
            inv_lines = self.invoice_id.invoice_line_ids.filtered(
                lambda line: line.product_id.type == "consu" and line.quantity > 0
            )
            move_lines = self._find_delivery_move_lines(products=inv_lines.product_id)
            vals_list = []
            for inv_line in inv_lines:
                move = move_lines.filtered(lambda ml, p=inv_line.product_id: ml.product_id == p)[
                    :1
                ].move_id
                vals_list.append(
                    {
                        "product_id": inv_line.product_id.id,
                        "invoice_line_id": inv_line.id,
                        "move_id": move.id,
                        "qty": inv_line.quantity,
                        "price_unit": inv_line.price_unit,
                    }
                )
            return vals_list
        return []

    def _find_delivery_move_lines(self, lots=None, products=None):
        """Done move lines that delivered ``lots`` or ``products`` to this customer."""
        self.ensure_one()
        domain = [
            ("state", "=", "done"),
            ("location_dest_id.usage", "=", "customer"),
            ("location_id.usage", "!=", "customer"),
            ("company_id", "=", self.company_id.id),
        ]
        if lots:
            domain.append(("lot_id", "in", lots.ids))
        else:
            domain += [
                ("product_id", "in", products.ids),
                ("move_id.partner_id.commercial_partner_id", "=", self.partner_id.id)
                if self.partner_id
                else ("id", "!=", False),
            ]
        return self.env["stock.move.line"].search(domain, order="date desc, id desc")

    # ================================================================== guards
    def _ensure_lines(self):
        for case in self:
            if not case.line_ids:
                raise UserError(self.env._("Return case %(name)s has no products.", name=case.name))
            for line in case.line_ids:
                if float_compare(line.qty, 0.0, precision_rounding=line.uom_id.rounding) <= 0:
                    raise UserError(
                        self.env._(
                            "Return case %(name)s: the quantity of %(product)s must be "
                            "positive (%(qty)s).",
                            name=case.name,
                            product=line.product_id.display_name,
                            qty=line.qty,
                        )
                    )
                if line.product_id.tracking == "serial" and not line.lot_id:
                    raise UserError(
                        self.env._(
                            "Return case %(name)s: %(product)s is tracked by serial number; "
                            "give the serial number of each returned unit.",
                            name=case.name,
                            product=line.product_id.display_name,
                        )
                    )
                if line.product_id.tracking == "serial" and line.qty != 1:
                    raise UserError(
                        self.env._(
                            "Return case %(name)s: serial number %(lot)s is one unit, not %(qty)s.",
                            name=case.name,
                            lot=line.lot_id.name,
                            qty=line.qty,
                        )
                    )

    def _ensure_same_company(self):
        """No cross-company moves: every origin document belongs to the case's company."""
        for case in self:
            docs = case.picking_id | case.line_ids.move_id.picking_id
            others = [
                (doc, doc.company_id)
                for doc in list(docs)
                + list(case.invoice_id)
                + list(case.lot_id | case.line_ids.lot_id)
                + list(case.request_id)
                if doc.company_id and doc.company_id != case.company_id
            ]
            if others:
                doc, company = others[0]
                raise UserError(
                    self.env._(
                        "Return case %(name)s belongs to %(company)s but %(doc)s belongs to "
                        "%(other)s: returns never move goods between companies.",
                        name=case.name,
                        company=case.company_id.name,
                        doc=doc.display_name,
                        other=company.name,
                    )
                )

    def _ensure_approver(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._(
                    "Only an after-sales manager may approve return cases outside the "
                    "warranty policy or settle a quantity beyond the tolerance."
                )
            )

    def _ensure_reject_reason(self):
        for case in self:
            if not (case.reject_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Return case %(name)s: write the rejection explanation for the "
                        "customer before rejecting.",
                        name=case.name,
                    )
                )

    # ================================================================== actions
    @frozen_step
    def action_confirm(self):
        """Submit the case: checks, then policy decision (approval when outside)."""
        self._ensure_state(("draft",))
        self._ensure_lines()
        self._ensure_same_company()
        self.line_ids._check_duplicate_claim()
        for case in self:
            beyond = case._money_beyond_policy()
            if case.needs_approval or beyond:
                case.state = "to_approve"
                reason = "\n".join(filter(None, [case.policy_reason, *beyond]))
                case.message_post(body=self.env._("Approval needed: %(reason)s", reason=reason))
            else:
                case.state = "approved"
        return True

    def _money_beyond_policy(self):
        """What a manager approves besides the warranty terms: a unit price above the one
        invoiced (or the product's list price), an over-quantity acceptance above the
        customer's (or the company's): the credit note is made of them."""
        self.ensure_one()
        reasons = []
        currency = self.company_id.currency_id
        for line in self.line_ids:
            reference = (
                line.invoice_line_id.price_unit
                if line.invoice_line_id
                else line.product_id.lst_price
            )
            if float_compare(line.price_unit, reference, precision_digits=2) > 0:
                reasons.append(
                    self.env._(
                        "%(product)s: unit price %(price)s above %(reference)s.",
                        product=line.product_id.display_name,
                        price=format_amount(self.env, line.price_unit, currency),
                        reference=format_amount(self.env, reference, currency),
                    )
                )
        default = (
            self.partner_id.commercial_partner_id.aftersales_return_tolerance
            or self.company_id.aftersales_return_tolerance
        )
        if float_compare(self.tolerance, default, precision_digits=2) > 0:
            reasons.append(
                self.env._(
                    "Over-quantity acceptance of %(tolerance)s %% above the usual %(default)s %%.",
                    tolerance=formatLang(self.env, self.tolerance),
                    default=formatLang(self.env, default),
                )
            )
        return reasons

    @frozen_step
    def action_approve(self):
        """A manager lets an out-of-policy case go on (C-25)."""
        self._ensure_state(("to_approve",))
        self._ensure_approver()
        self.write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "date_approved": fields.Datetime.now(),
            }
        )
        return True

    @frozen_step
    def action_reject(self):
        """Refuse the claim; the explanation is kept for the customer."""
        self._ensure_state(("draft", "to_approve", "approved", "to_decide"))
        self._ensure_reject_reason()
        if self.filtered(lambda c: c.state == "to_decide"):
            self._ensure_approver()
        for case in self:
            case.state = "rejected"
            case.message_post(body=self.env._("Rejected: %(reason)s", reason=case.reject_reason))
        return True

    @frozen_step
    def action_cancel(self):
        self._ensure_state(("draft", "to_approve", "approved", "receiving"))
        for case in self:
            if case.picking_ids.filtered(lambda p: p.state == "done"):
                raise UserError(
                    self.env._(
                        "Return case %(name)s: goods were already moved; it cannot be "
                        "cancelled any more.",
                        name=case.name,
                    )
                )
            case.picking_ids.filtered(lambda p: p.state != "cancel").action_cancel()
        self.write({"state": "cancelled"})
        return True

    @frozen_step
    def action_draft(self):
        self._ensure_state(("cancelled", "rejected"))
        self.line_ids._check_duplicate_claim()
        self.write({"state": "draft", "approved_by_id": False, "date_approved": False})
        return True

    def _settled_lines(self):
        """Lines of these cases with a settled quantity: what is refunded or repaired."""
        return self.line_ids.filtered(
            lambda line: (
                not float_is_zero(line.qty_accepted, precision_rounding=line.uom_id.rounding)
            )
        )

    # ------------------------------------------------------------------ refund
    def _prepare_refund_vals(self, partner, cases):
        """Header of the draft credit note of ``cases`` for ``partner``. Called by
        :meth:`action_refund`."""
        invoices = cases.invoice_id | cases.line_ids.invoice_line_id.move_id
        vals = {
            "move_type": "out_refund",
            "partner_id": partner.id,
            "company_id": cases.company_id.id,
            "invoice_origin": ", ".join(cases.mapped("name")),
            "ref": partner._aftersales_lang_env()._(
                "Return %(names)s", names=", ".join(cases.mapped("name"))
            ),
            "invoice_line_ids": [],
        }
        if len(invoices) == 1:
            vals["reversed_entry_id"] = invoices.id
            vals["currency_id"] = invoices.currency_id.id
        return vals

    @frozen_step
    def action_refund(self):
        """Draft customer credit notes for the settled quantities, one per customer and
        company, for the accountants to check and post (RT-A07)."""
        self._ensure_state(("received",))
        for case in self:
            if not case.can_be_refunded:
                raise UserError(
                    self.env._("Return case %(name)s cannot be refunded.", name=case.name)
                )
        groups = defaultdict(lambda: self.env["aftersales.return"])
        for case in self:
            groups[(case.partner_id.commercial_partner_id, case.company_id)] |= case
        refunds = self.env["account.move"]
        for (partner, company), cases in groups.items():
            lines = cases._settled_lines()
            if not lines:
                raise UserError(
                    self.env._(
                        "Return cases %(names)s: nothing was received, there is nothing to "
                        "refund; reject the case instead.",
                        names=", ".join(cases.mapped("name")),
                    )
                )
            vals = cases[0]._prepare_refund_vals(partner, cases)
            vals["invoice_line_ids"] = [
                Command.create(dict(line._prepare_refund_line_vals(), sequence=10 + index))
                for index, line in enumerate(lines)
            ]
            refund = (
                self.env["account.move"]
                .with_company(company)
                .with_context(default_move_type="out_refund")
                .create(vals)
            )
            for line, move_line in zip(
                lines, refund.invoice_line_ids.sorted("sequence"), strict=True
            ):
                line.refund_line_id = move_line
            refunds |= refund
            refund.invalidate_recordset(["aftersales_return_ids", "aftersales_return_count"])
            cases.write({"state": "done"})
            for case in cases:
                case.message_post(
                    body=self.env._(
                        "Draft credit note %(ref)s created for accounting.", ref=refund.display_name
                    )
                )
        if len(self) == 1:
            return self.action_view_refunds()
        return True

    # ------------------------------------------------------------------ repair
    def _prepare_repair_vals(self, line):
        """Repair order of one returned unit. Called by :meth:`action_repair`."""
        self.ensure_one()
        location = self._aftersales_return_location()
        return {
            "partner_id": self.partner_id.id,
            "product_id": line.product_id.id,
            "lot_id": line.lot_id.id,
            "product_qty": line.qty_accepted,
            "product_uom": line.uom_id.id,
            "company_id": self.company_id.id,
            "user_id": self.env.user.id,
            "aftersales_return_id": self.id,
            "aftersales_request_id": self.request_id.id,
            "picking_id": line.return_move_ids.picking_id[:1].id,
            "under_warranty": line.policy_ok,
            "product_location_src_id": location.id,
            "product_location_dest_id": location.id,
            "internal_notes": self.description,
        }

    @frozen_step
    def action_repair(self):
        """Hand the received units over to the workshop as repair orders."""
        self._ensure_state(("received",))
        for case in self:
            if not case.can_be_repaired:
                raise UserError(
                    self.env._("Return case %(name)s cannot be repaired.", name=case.name)
                )
            lines = case._settled_lines()
            repairs = self.env["repair.order"].create(
                [case._prepare_repair_vals(line) for line in lines]
            )
            for line, repair in zip(lines, repairs, strict=True):
                line.repair_id = repair
            case.state = "done"
        if len(self) == 1:
            return self.action_view_repairs()
        return True

    # ================================================================== smart buttons
    def action_view_refunds(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_refund_type"
        )
        refunds = self.refund_ids
        if len(refunds) == 1:
            action.update({"views": [(False, "form")], "view_mode": "form", "res_id": refunds.id})
        else:
            action["domain"] = [("id", "in", refunds.ids)]
        action["context"] = {"create": False, "default_move_type": "out_refund"}
        return action

    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        if len(self.repair_ids) == 1:
            action.update(
                {"views": [(False, "form")], "view_mode": "form", "res_id": self.repair_ids.id}
            )
        else:
            action["domain"] = [("id", "in", self.repair_ids.ids)]
        action["context"] = {"create": False}
        return action
