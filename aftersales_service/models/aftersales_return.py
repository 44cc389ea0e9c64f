from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
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
    from ``_prepare_*_vals`` hooks.
    """

    _name = "aftersales.return"
    _description = "Return / Exchange Case"
    _inherit = [
        "aftersales.number.mixin",
        "aftersales.frozen.mixin",
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
        default=fields.Date.context_today,
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
    policy_reason = fields.Text(string="Policy Decision", compute="_compute_policy", store=True)
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
    picking_ids = fields.One2many("stock.picking", "aftersales_return_id", string="Transfers")
    repair_ids = fields.One2many("repair.order", "aftersales_return_id", string="Repairs")
    refund_ids = fields.Many2many(
        "account.move", string="Credit Notes", compute="_compute_refund_ids"
    )
    procurement_group_id = fields.Many2one("procurement.group", readonly=True, copy=False)
    reception_count = fields.Integer(compute="_compute_counts")
    delivery_count = fields.Integer(compute="_compute_counts")
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
        "line_ids.policy_note",
    )
    def _compute_policy(self):
        for case in self:
            if not case.line_ids:
                case.policy_state = False
                case.policy_reason = False
                case.needs_approval = False
                continue
            within = all(case.line_ids.mapped("policy_ok"))
            notes = [
                f"{line.product_id.display_name}{f' ({line.lot_id.name})' if line.lot_id else ''}: "
                f"{line.policy_note}"
                for line in case.line_ids
            ]
            case.policy_state = "within" if within else "outside"
            case.policy_reason = "\n".join(notes)
            case.needs_approval = not within or case.company_id.aftersales_return_approval_all

    def _compute_refund_ids(self):
        for case in self:
            case.refund_ids = case.line_ids.refund_line_id.move_id
            case.refund_count = len(case.refund_ids)

    def _compute_counts(self):
        for case in self:
            pickings = case.picking_ids
            case.reception_count = len(
                pickings.filtered(lambda p: p.picking_type_code != "outgoing")
            )
            case.delivery_count = len(
                pickings.filtered(lambda p: p.picking_type_code == "outgoing")
            )
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
            if case.needs_approval:
                case.state = "to_approve"
                case.message_post(
                    body=self.env._("Approval needed: %(reason)s", reason=case.policy_reason or "")
                )
            else:
                case.state = "approved"
        return True

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

    # ------------------------------------------------------------------ reception
    def _aftersales_return_location(self):
        """Internal location receiving returned goods (created on first use)."""
        self.ensure_one()
        return self.company_id._aftersales_internal_location(
            "aftersales_return_location_id", self.env._("Customer Returns")
        )

    def _aftersales_warehouse(self):
        self.ensure_one()
        warehouse = self.picking_id.picking_type_id.warehouse_id or self.env[
            "stock.warehouse"
        ].search([("company_id", "=", self.company_id.id)], limit=1)
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse to receive returns in.",
                    company=self.company_id.name,
                )
            )
        return warehouse

    @frozen_step
    def action_receive(self):
        """Create the return receipts through Odoo's return wizard (RT-A06)."""
        self._ensure_state(("approved",))
        self._ensure_lines()
        self._ensure_same_company()
        for case in self:
            location = case._aftersales_return_location()
            by_picking = defaultdict(lambda: self.env["aftersales.return.line"])
            for line in case.line_ids:
                by_picking[line.move_id.picking_id] |= line
            for picking, lines in by_picking.items():
                if picking:
                    case._create_return_picking(picking, lines, location)
                else:
                    case._create_reception_picking(lines, location)
            case.state = "receiving"
            if case.kind == "exchange" and not case.company_id.aftersales_exchange_wait_return:
                case._create_replacement()
        return self.action_view_receptions() if len(self) == 1 else True

    def _prepare_return_wizard_vals(self, picking):
        """Values of ``stock.return.picking``. Called by :meth:`_create_return_picking`."""
        self.ensure_one()
        return {"picking_id": picking.id}

    def _create_return_picking(self, picking, lines, location):
        """Return part of ``picking`` with Odoo's wizard into the returns location."""
        self.ensure_one()
        wizard = (
            self.env["stock.return.picking"]
            .with_context(
                aftersales_return_id=self.id,
                aftersales_return_location_id=location.id,
                active_model="stock.picking",
                active_id=picking.id,
                active_ids=picking.ids,
            )
            .create(self._prepare_return_wizard_vals(picking))
        )
        for wiz_line in wizard.product_return_moves:
            claimed = lines.filtered(lambda line, w=wiz_line: line.move_id == w.move_id)
            wiz_line.quantity = sum(claimed.mapped("qty"))
            if "to_refund" in wiz_line._fields:
                # The credit note comes from the case, not from the sale order.
                wiz_line.to_refund = False
        new_picking = wizard._create_return()
        for move in new_picking.move_ids:
            claimed = lines.filtered(lambda line, m=move: line.move_id == m.origin_returned_move_id)
            claimed.write({"return_move_ids": [Command.link(move.id)]})
            if claimed.lot_id:
                self._set_move_lots(move, {line.lot_id: line.qty for line in claimed})
        return new_picking

    def _prepare_reception_picking_vals(self, lines, location):
        """Receipt for goods with no known delivery. Called by
        :meth:`_create_reception_picking`."""
        self.ensure_one()
        warehouse = location.warehouse_id or self._aftersales_warehouse()
        customer_location = self.partner_id.property_stock_customer or self.env.ref(
            "stock.stock_location_customers"
        )
        return {
            "picking_type_id": warehouse.in_type_id.id,
            "partner_id": self.partner_id.id,
            "location_id": customer_location.id,
            "location_dest_id": location.id,
            "origin": self.name,
            "aftersales_return_id": self.id,
            "company_id": self.company_id.id,
            "move_ids": [
                Command.create(
                    {
                        "name": line.product_id.display_name,
                        "product_id": line.product_id.id,
                        "product_uom_qty": line.qty,
                        "product_uom": line.uom_id.id,
                        "location_id": customer_location.id,
                        "location_dest_id": location.id,
                        "company_id": self.company_id.id,
                    }
                )
                for line in lines
            ],
        }

    def _create_reception_picking(self, lines, location):
        self.ensure_one()
        picking = self.env["stock.picking"].create(
            self._prepare_reception_picking_vals(lines, location)
        )
        picking.action_confirm()
        for line, move in zip(lines, picking.move_ids, strict=True):
            line.return_move_ids = [Command.link(move.id)]
            if line.lot_id:
                self._set_move_lots(move, {line.lot_id: line.qty})
        return picking

    def _set_move_lots(self, move, lot_qty):
        """Propose the claimed serials on the receipt; the warehouse checks them."""
        move.move_line_ids.unlink()
        move.move_line_ids = [
            Command.create(
                {
                    "product_id": move.product_id.id,
                    "lot_id": lot.id,
                    "quantity": qty,
                    "product_uom_id": move.product_uom.id,
                    "location_id": move.location_id.id,
                    "location_dest_id": move.location_dest_id.id,
                    "picking_id": move.picking_id.id,
                }
            )
            for lot, qty in lot_qty.items()
        ]

    @frozen_step
    def _aftersales_reception_done(self):
        """Called when a receipt of the case is validated: apply the tolerance (RT-A07)."""
        for case in self.filtered(lambda c: c.state == "receiving"):
            receipts = case.picking_ids.filtered(lambda p: p.picking_type_code != "outgoing")
            if receipts.filtered(lambda p: p.state not in ("done", "cancel")):
                continue
            beyond = case.line_ids.filtered(lambda line: line._beyond_tolerance())
            if beyond:
                case.state = "to_decide"
                case.message_post(
                    body=self.env._(
                        "Received more than approved beyond the %(tol)s %% tolerance: "
                        "%(lines)s. A manager decides which quantity is settled.",
                        tol=case.tolerance,
                        lines=", ".join(
                            self.env._(
                                "%(product)s approved %(qty)s, received %(received)s",
                                product=line.product_id.display_name,
                                qty=line.qty,
                                received=line.qty_received,
                            )
                            for line in beyond
                        ),
                    )
                )
                continue
            for line in case.line_ids:
                line.qty_accepted = line.qty_received
            case._aftersales_after_reception()

    def _aftersales_after_reception(self):
        for case in self:
            case.state = "received"
            if case.kind == "exchange":
                if case.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing"):
                    case._adjust_replacement()
                else:
                    case._create_replacement()
                case.state = "done"

    def _adjust_replacement(self):
        """The replacement left before the return came back: ship no more than the
        settled quantity while it is not shipped yet."""
        self.ensure_one()
        for line in self.line_ids:
            short = line.qty - line.qty_accepted
            moves = line.exchange_move_ids.filtered(lambda m: m.state not in ("done", "cancel"))
            for move in moves:
                if float_compare(short, 0.0, precision_rounding=line.uom_id.rounding) <= 0:
                    break
                cut = min(short, move.product_uom_qty)
                short -= cut
                if (
                    float_compare(
                        move.product_uom_qty, cut, precision_rounding=move.product_uom.rounding
                    )
                    <= 0
                ):
                    move._action_cancel()
                else:
                    move.product_uom_qty -= cut
            if float_compare(short, 0.0, precision_rounding=line.uom_id.rounding) > 0:
                self.message_post(
                    body=self.env._(
                        "%(product)s: the replacement was shipped before the return; "
                        "%(qty)s more were shipped than received.",
                        product=line.product_id.display_name,
                        qty=short,
                    )
                )

    @frozen_step
    def action_accept_received(self):
        """Manager decision: settle the quantity actually received (RT-A08)."""
        self._ensure_state(("to_decide",))
        self._ensure_approver()
        for line in self.line_ids:
            line.qty_accepted = line.qty_received
        self._aftersales_after_reception()
        return True

    @frozen_step
    def action_accept_approved(self):
        """Manager decision: settle no more than the approved quantity."""
        self._ensure_state(("to_decide",))
        self._ensure_approver()
        for line in self.line_ids:
            line.qty_accepted = min(line.qty, line.qty_received)
        self._aftersales_after_reception()
        return True

    # ------------------------------------------------------------------ exchange
    def _prepare_procurement_group_vals(self):
        """Procurement group of the replacement. Called by :meth:`_create_replacement`."""
        self.ensure_one()
        return {"name": self.name, "partner_id": self.partner_id.id, "move_type": "direct"}

    def _prepare_procurement_values(self, group):
        """Values of each replacement procurement. Called by :meth:`_create_replacement`."""
        self.ensure_one()
        return {
            "group_id": group,
            "date_planned": fields.Datetime.now(),
            "warehouse_id": self._aftersales_warehouse(),
            "partner_id": self.partner_id.id,
            "company_id": self.company_id,
        }

    def _create_replacement(self):
        """Replacement delivery through the warehouse's delivery route."""
        self.ensure_one()
        group = self.procurement_group_id or self.env["procurement.group"].create(
            self._prepare_procurement_group_vals()
        )
        self.procurement_group_id = group
        location = self.partner_id.property_stock_customer
        before = self.line_ids.exchange_move_ids
        procurements = []
        for line in self.line_ids:
            qty = line.qty_accepted if self.state in ("received", "to_decide") else line.qty
            if float_is_zero(qty, precision_rounding=line.uom_id.rounding):
                continue
            procurements.append(
                self.env["procurement.group"].Procurement(
                    line.product_id,
                    qty,
                    line.uom_id,
                    location,
                    line.product_id.display_name,
                    self.name,
                    self.company_id,
                    self._prepare_procurement_values(group),
                )
            )
        if not procurements:
            return self.env["stock.picking"]
        self.env["procurement.group"].sudo().run(procurements)
        moves = self.env["stock.move"].search([("group_id", "=", group.id)]) - before
        moves.picking_id.write({"aftersales_return_id": self.id})
        for line in self.line_ids:
            line.exchange_move_ids = [
                Command.link(m.id)
                for m in moves.filtered(lambda m, p=line.product_id: m.product_id == p)
            ]
        self.message_post(
            body=self.env._(
                "Replacement delivery %(pickings)s created.",
                pickings=", ".join(moves.picking_id.mapped("name")),
            )
        )
        return moves.picking_id

    @frozen_step
    def action_exchange(self):
        """Ship the replacement of the received goods."""
        self._ensure_state(("received",))
        for case in self:
            if not case.can_be_exchanged:
                raise UserError(
                    self.env._("Return case %(name)s cannot be exchanged.", name=case.name)
                )
            case._create_replacement()
            case.state = "done"
        return True

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
            "ref": self.env._("Return %(names)s", names=", ".join(cases.mapped("name"))),
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
            lines = cases.line_ids.filtered(
                lambda line: (
                    not float_is_zero(line.qty_accepted, precision_rounding=line.uom_id.rounding)
                )
            )
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
            lines = case.line_ids.filtered(
                lambda line: (
                    not float_is_zero(line.qty_accepted, precision_rounding=line.uom_id.rounding)
                )
            )
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
    def _action_view_pickings(self, pickings):
        action = self.env["ir.actions.act_window"]._for_xml_id("stock.action_picking_tree_all")
        if len(pickings) == 1:
            action.update({"views": [(False, "form")], "view_mode": "form", "res_id": pickings.id})
        else:
            action["domain"] = [("id", "in", pickings.ids)]
        action["context"] = {"create": False}
        return action

    def action_view_receptions(self):
        self.ensure_one()
        return self._action_view_pickings(
            self.picking_ids.filtered(lambda p: p.picking_type_code != "outgoing")
        )

    def action_view_deliveries(self):
        self.ensure_one()
        return self._action_view_pickings(
            self.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        )

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
