from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.float_utils import float_compare, float_round


class AftersalesReturnLine(models.Model):
    """One product (or one serial) of a return case: approved, received, settled."""

    _name = "aftersales.return.line"
    _inherit = ["aftersales.frozen.mixin"]
    _frozen_states = ("approved", "receiving", "to_decide", "received", "done", "rejected")
    _frozen_parent_field = "return_id"
    # what the reception, the acceptance and the settlement record: the goods received
    # (their stock moves), accepted, refunded, exchanged or repaired
    _frozen_system_fields = frozenset(
        {"qty_accepted", "return_move_ids", "exchange_move_ids", "refund_line_id", "repair_id"}
    )
    _description = "Return Case Line"
    _order = "return_id, sequence, id"
    _check_company_auto = True

    return_id = fields.Many2one(
        "aftersales.return", string="Case", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="return_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="return_id.partner_id")
    state = fields.Selection(related="return_id.state", store=True)
    kind = fields.Selection(related="return_id.kind")
    reason_id = fields.Many2one(related="return_id.reason_id", store=True)
    department_id = fields.Many2one(related="return_id.department_id", store=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        index=True,
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    move_id = fields.Many2one(
        "stock.move",
        string="Delivery Move",
        index=True,
        check_company=True,
        domain="[('product_id', '=', product_id), ('state', '=', 'done'), "
        "('location_dest_id.usage', '=', 'customer')]",
        help="Move of the customer delivery the goods come back from.",
    )
    invoice_line_id = fields.Many2one(
        "account.move.line", string="Invoice Line", index=True, check_company=True
    )
    qty_delivered = fields.Float(
        string="Delivered", compute="_compute_qty_delivered", digits="Product Unit of Measure"
    )
    qty = fields.Float(
        string="Approved Qty",
        default=1.0,
        required=True,
        digits="Product Unit of Measure",
        help="Quantity the customer returns, as approved on the case.",
    )
    qty_received = fields.Float(
        string="Received Qty",
        compute="_compute_qty_received",
        store=True,
        digits="Product Unit of Measure",
    )
    qty_accepted = fields.Float(
        string="Settled Qty",
        readonly=True,
        copy=False,
        digits="Product Unit of Measure",
        help="Quantity refunded, exchanged or repaired: the received quantity when it is "
        "below the approved one or above it within the tolerance.",
    )
    qty_replaced = fields.Float(
        string="Replaced Qty",
        compute="_compute_qty_replaced",
        digits="Product Unit of Measure",
    )
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    return_move_ids = fields.Many2many(
        "stock.move",
        "aftersales_return_line_return_move_rel",
        "line_id",
        "move_id",
        string="Return Moves",
        copy=False,
        readonly=True,
    )
    exchange_move_ids = fields.Many2many(
        "stock.move",
        "aftersales_return_line_exchange_move_rel",
        "line_id",
        "move_id",
        string="Replacement Moves",
        copy=False,
        readonly=True,
    )
    refund_line_id = fields.Many2one(
        "account.move.line", string="Credit Note Line", copy=False, readonly=True, index=True
    )
    repair_id = fields.Many2one("repair.order", string="Repair", copy=False, readonly=True)
    date_reference = fields.Date(
        string="Sold On",
        compute="_compute_policy",
        store=True,
        help="Day the windows are counted from: the serial's warranty start, else the "
        "delivery date, else the invoice date.",
    )
    policy_ok = fields.Boolean(string="Within Policy", compute="_compute_policy", store=True)
    # the decision's facts (window, day, warranty verdict), written out in the reader's
    # language by policy_note
    policy_parts = fields.Json(string="Policy Facts", compute="_compute_policy", store=True)
    policy_note = fields.Char(string="Policy", compute="_compute_policy_note")

    _sql_constraints = [
        ("qty_positive", "CHECK(qty >= 0)", "The approved quantity cannot be negative."),
    ]

    # ================================================================== computes
    @api.depends("move_id", "lot_id")
    def _compute_qty_delivered(self):
        for line in self:
            line.qty_delivered = line._delivered_qty()

    def _delivered_qty(self):
        self.ensure_one()
        move = self.move_id
        if not move:
            return 0.0
        if self.lot_id:
            return sum(
                move.move_line_ids.filtered(lambda ml: ml.lot_id == self.lot_id).mapped("quantity")
            )
        return move.product_uom._compute_quantity(move.quantity, self.product_id.uom_id)

    @api.depends(
        "return_move_ids.state",
        "return_move_ids.quantity",
        "return_move_ids.move_line_ids.lot_id",
        "return_move_ids.move_line_ids.quantity",
    )
    def _compute_qty_received(self):
        for line in self:
            moves = line.return_move_ids.filtered(lambda m: m.state == "done")
            if line.lot_id:
                qty = sum(
                    ml.product_uom_id._compute_quantity(ml.quantity, line.product_id.uom_id)
                    for ml in moves.move_line_ids
                    if ml.lot_id == line.lot_id
                )
            else:
                qty = sum(
                    m.product_uom._compute_quantity(m.quantity, line.product_id.uom_id)
                    for m in moves
                )
            line.qty_received = qty

    @api.depends("exchange_move_ids.state", "exchange_move_ids.quantity")
    def _compute_qty_replaced(self):
        """Done replacement quantity, shared out over the lines of the same product."""
        for case in self.return_id:
            lines = case.line_ids
            left = defaultdict(float)
            for move in lines.exchange_move_ids.filtered(lambda m: m.state == "done"):
                left[move.product_id] += move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id
                )
            for line in lines:
                wanted = line.qty_accepted or line.qty
                given = min(wanted, left[line.product_id])
                left[line.product_id] -= given
                if line in self:
                    line.qty_replaced = given
        (self - self.return_id.line_ids).qty_replaced = 0.0

    @api.constrains("invoice_line_id")
    def _check_invoice_line_customer(self):
        for line in self.filtered("invoice_line_id"):
            customer = line.return_id.partner_id.commercial_partner_id
            if line.invoice_line_id.move_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "Invoice line %(line)s was invoiced to %(partner)s, not to %(customer)s.",
                        line=line.invoice_line_id.display_name,
                        partner=line.invoice_line_id.move_id.commercial_partner_id.display_name,
                        customer=customer.display_name,
                    )
                )

    @api.depends("invoice_line_id", "product_id")
    def _compute_price_unit(self):
        for line in self:
            if line.invoice_line_id:
                line.price_unit = line.invoice_line_id.price_unit
            elif line.product_id:
                line.price_unit = line.product_id.lst_price

    @api.depends(
        "return_id.kind",
        "return_id.date",
        "return_id.company_id",
        "return_id.invoice_id.invoice_date",
        "product_id",
        "lot_id.aftersales_warranty_start",
        "lot_id.aftersales_void_exclusion_id",
        "move_id.date",
        "invoice_line_id.move_id.invoice_date",
    )
    def _compute_policy(self):
        """Decision against the warranty terms: return window, exchange window or
        coverage, with the reason shown on the case (G-01)."""
        coverage = self.env["aftersales.coverage"]
        repair_lines = self.filtered(lambda line: line.return_id.kind == "repair" and line.lot_id)
        verdicts_by_date = {}
        for day in set(repair_lines.return_id.mapped("date")):
            lots = repair_lines.filtered(lambda line, d=day: line.return_id.date == d).lot_id
            verdicts_by_date[day] = coverage.lot_coverage(lots, day)
        for line in self:
            case = line.return_id
            company = case.company_id or self.env.company
            ref = line._reference_date()
            line.date_reference = ref
            if not line.product_id:
                line.policy_ok = False
                line.policy_parts = False
                continue
            terms = line.product_id._aftersales_warranty_terms(company)[line.product_id.id]
            days = (case.date - ref).days if ref and case.date else None
            ok, parts = False, []
            if line.lot_id.aftersales_void_exclusion_id:
                parts = [["void", {"exclusion_id": line.lot_id.aftersales_void_exclusion_id.id}]]
            elif case.kind in ("refund", "exchange"):
                window = terms["return_days"] if case.kind == "refund" else terms["exchange_days"]
                if days is None:
                    parts = [["no_sale_date", {"kind": case.kind}]]
                elif not window:
                    parts = [["no_window", {"kind": case.kind}]]
                else:
                    ok = 0 <= days <= window
                    parts = [
                        [
                            "within" if ok else "outside",
                            {"kind": case.kind, "days": days, "window": window},
                        ]
                    ]
            else:
                if line.lot_id:
                    verdict = verdicts_by_date[case.date][line.lot_id.id]
                else:
                    pair = (line.product_id.id, case.partner_id.commercial_partner_id.id)
                    verdict = coverage.product_coverage([pair], case.date)[pair]
                ok = verdict["service_class"] in ("B", "C")
                parts = [["coverage", {"parts": verdict["reason_parts"]}]]
            line.policy_ok = ok
            line.policy_parts = parts

    @api.depends("policy_parts")
    @api.depends_context("lang")
    def _compute_policy_note(self):
        """The decision in the reader's language (the desk's, the customer's on the
        portal and on the return note)."""
        coverage = self.env["aftersales.coverage"]
        verdicts = iter(
            coverage.reason_texts(
                [
                    part[1]["parts"]
                    for line in self
                    for part in line.policy_parts or ()
                    if part[0] == "coverage"
                ]
            )
        )
        exclusions = (
            self.env["aftersales.warranty.exclusion"]
            .sudo()
            .browse(
                {
                    part[1]["exclusion_id"]
                    for line in self
                    for part in line.policy_parts or ()
                    if part[0] == "void"
                }
            )
        )
        labels = {
            "refund": self.env._("return window"),
            "exchange": self.env._("exchange window"),
        }
        for line in self:
            notes = []
            for key, params in line.policy_parts or ():
                if key == "coverage":
                    notes.append(next(verdicts))
                elif key == "text":  # a note stored as text before (migration 18.0.1.4.0)
                    notes.append(params["text"])
                elif key == "void":
                    notes.append(
                        self.env._(
                            "warranty void (%(reason)s).",
                            reason=exclusions.browse(params["exclusion_id"]).exists().name or "",
                        )
                    )
                else:
                    notes.append(line._policy_window_text(key, params, labels[params["kind"]]))
            line.policy_note = " ".join(notes) or False

    def _policy_window_text(self, key, params, label):
        if key == "no_sale_date":
            return self.env._("sale date unknown, the %(label)s cannot be checked.", label=label)
        if key == "no_window":
            return self.env._("no %(label)s for this product.", label=label)
        if key == "within":
            return self.env._(
                "day %(days)s of the %(window)s-day %(label)s.",
                days=params["days"],
                window=params["window"],
                label=label,
            )
        return self.env._(
            "day %(days)s, outside the %(window)s-day %(label)s.",
            days=params["days"],
            window=params["window"],
            label=label,
        )

    def _reference_date(self):
        self.ensure_one()
        if self.lot_id.aftersales_warranty_start:
            return self.lot_id.aftersales_warranty_start
        if self.move_id.date:
            # the delivery's day where the company is
            return self.move_id.company_id._aftersales_local_date(self.move_id.date)
        invoice = self.invoice_line_id.move_id or self.return_id.invoice_id
        return invoice.invoice_date or False

    # ================================================================== origin helpers
    @api.model
    def _vals_from_moves(self, moves, exclude=None):
        """Line values for the done customer moves ``moves``, one per serial, with the
        quantity still free to claim. Called by the case's origin onchange."""
        moves = moves.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
        )
        claimed = self._claimed_quantities(moves, exclude=exclude)
        vals_list = []
        for move in moves:
            uom = move.product_id.uom_id
            if move.product_id.tracking != "none":
                for ml in move.move_line_ids.filtered("lot_id"):
                    free = ml.quantity - claimed.get((move.id, ml.lot_id.id), 0.0)
                    if float_compare(free, 0.0, precision_rounding=uom.rounding) > 0:
                        vals_list.append(
                            {
                                "product_id": move.product_id.id,
                                "lot_id": ml.lot_id.id,
                                "move_id": move.id,
                                "qty": free,
                            }
                        )
                continue
            delivered = move.product_uom._compute_quantity(move.quantity, uom)
            free = delivered - claimed.get((move.id, False), 0.0)
            if float_compare(free, 0.0, precision_rounding=uom.rounding) > 0:
                vals_list.append(
                    {"product_id": move.product_id.id, "move_id": move.id, "qty": free}
                )
        return vals_list

    @api.model
    def _claimed_quantities(self, moves, exclude=None):
        """Quantity per (move id, lot id) already claimed by open or done cases, plus
        the returns made outside any case."""
        domain = [
            ("move_id", "in", moves.ids),
            ("return_id.state", "not in", ("rejected", "cancelled")),
        ]
        if exclude:
            domain.append(("id", "not in", exclude._origin.ids))
        lines = self.sudo().search(domain)
        claimed = defaultdict(float)
        for line in lines:
            claimed[(line.move_id.id, line.lot_id.id)] += line.qty
        case_moves = self.sudo().search([("move_id", "in", moves.ids)]).return_move_ids
        for move in moves:
            for returned in move.sudo().returned_move_ids:
                if returned.state == "cancel" or returned in case_moves:
                    continue
                if returned.state != "done":
                    claimed[(move.id, False)] += returned.product_qty
                    continue
                for ml in returned.move_line_ids:
                    claimed[(move.id, ml.lot_id.id)] += ml.quantity
        return claimed

    # ================================================================== checks
    @api.constrains("qty", "move_id", "lot_id")
    def _constrains_duplicate_claim(self):
        self.filtered(
            lambda line: line.return_id.state not in ("rejected", "cancelled")
        )._check_duplicate_claim()

    def _check_duplicate_claim(self):
        """Refuse to claim the same delivered quantity twice (open or done cases).

        Lines of ``self`` count whatever their case's state, so that reopening a
        rejected case is checked too.
        """
        # two requests claiming the same delivered unit at once (a form sent twice): the
        # second waits on these rows, fails to serialize once the first commits, and is run
        # again by Odoo, whose new snapshot sees the first claim
        for table, ids in (("stock_lot", self.lot_id.ids), ("stock_move", self.move_id.ids)):
            if ids:
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET write_date = write_date WHERE id = ANY(%s)",
                        SQL.identifier(table),
                        ids,
                    )
                )
        self.filtered(lambda line: not line.move_id)._check_received_by_customer()
        with_move = self.filtered("move_id")
        claimed = self._claimed_quantities(with_move.move_id, exclude=self)
        for line in with_move:
            claimed[(line.move_id.id, line.lot_id.id)] += line.qty
        for line in with_move:
            move = line.move_id
            total = claimed[(move.id, line.lot_id.id)]
            delivered = line._delivered_qty()
            picking = move.picking_id.display_name or move.reference
            if line.lot_id and not delivered:
                raise ValidationError(
                    self.env._(
                        "Serial number %(lot)s was not delivered by %(picking)s.",
                        lot=line.lot_id.name,
                        picking=picking,
                    )
                )
            if float_compare(total, delivered, precision_rounding=line.uom_id.rounding) > 0:
                raise ValidationError(
                    self.env._(
                        "%(product)s: %(claimed)s %(uom)s are claimed for return in total "
                        "(this case included) but %(picking)s delivered only %(delivered)s. "
                        "A case already covers this delivered quantity.",
                        product=line.product_id.display_name
                        + (f" ({line.lot_id.name})" if line.lot_id else ""),
                        claimed=float_round(total, precision_rounding=line.uom_id.rounding),
                        uom=line.uom_id.name,
                        picking=picking,
                        delivered=delivered,
                    )
                )
        serial_lines = self.filtered(
            lambda line: line.lot_id and line.product_id.tracking == "serial"
        )
        if serial_lines:
            others = self.sudo().search(
                [
                    ("lot_id", "in", serial_lines.lot_id.ids),
                    ("return_id.state", "not in", ("rejected", "cancelled")),
                    ("id", "not in", self.ids),
                ]
            )
            for line in serial_lines:
                same = (others | serial_lines).filtered(lambda o, lot=line.lot_id: o.lot_id == lot)
                if len(same) > 1:
                    raise ValidationError(
                        self.env._(
                            "Serial number %(lot)s is already claimed by return case %(cases)s.",
                            lot=line.lot_id.name,
                            cases=", ".join((same - line).return_id.mapped("name")),
                        )
                    )

    def _check_received_by_customer(self):
        """Lines without a delivery: the customer must have received what is claimed.

        A serial of the customer's installed base is theirs. Otherwise the quantity claimed
        by the customer's open and done cases for a product may not exceed what was
        delivered to them (done moves to a customer location) less what came back. Three
        grouped reads per customer, whatever the number of lines.
        """
        Move = self.env["stock.move"].sudo()
        by_partner = defaultdict(lambda: self.browse())
        for line in self:
            partner = line.return_id.partner_id.commercial_partner_id
            if line.lot_id and line.lot_id.aftersales_partner_id.commercial_partner_id == partner:
                continue
            by_partner[partner] |= line
        for partner, lines in by_partner.items():
            products = lines.product_id
            base = [
                ("product_id", "in", products.ids),
                ("state", "=", "done"),
                ("picking_id.partner_id", "child_of", partner.id),
            ]
            sent = dict(
                Move._read_group(
                    base + [("location_dest_id.usage", "=", "customer")],
                    ["product_id"],
                    ["product_qty:sum"],
                )
            )
            back = dict(
                Move._read_group(
                    base + [("location_id.usage", "=", "customer")],
                    ["product_id"],
                    ["product_qty:sum"],
                )
            )
            claimed_before = dict(
                self.sudo()._read_group(
                    [
                        ("product_id", "in", products.ids),
                        ("return_id.partner_id", "child_of", partner.id),
                        ("return_id.state", "not in", ("rejected", "cancelled")),
                        ("id", "not in", self.ids),
                    ],
                    ["product_id"],
                    ["qty:sum"],
                )
            )
            for product in products:
                line = lines.filtered(lambda ln, p=product: ln.product_id == p)[0]
                delivered = sent.get(product, 0.0) - back.get(product, 0.0)
                claimed = claimed_before.get(product, 0.0) + sum(
                    self.filtered(lambda ln, p=product: ln.product_id == p).mapped("qty")
                )
                if float_compare(claimed, delivered, precision_rounding=line.uom_id.rounding) > 0:
                    raise ValidationError(
                        self.env._(
                            "%(product)s: %(claimed)s %(uom)s are claimed for return by "
                            "%(customer)s in total (this case included), but only "
                            "%(delivered)s were delivered to them. Link the delivery, or "
                            "correct the quantity.",
                            product=product.display_name,
                            claimed=claimed,
                            uom=line.uom_id.name,
                            customer=partner.display_name,
                            delivered=delivered,
                        )
                    )

    def _beyond_tolerance(self):
        """Received more than approved by more than the case's tolerance (RT-A07)."""
        self.ensure_one()
        rounding = self.uom_id.rounding
        if float_compare(self.qty_received, self.qty, precision_rounding=rounding) <= 0:
            return False
        allowed = self.qty * (1 + (self.return_id.tolerance or 0.0) / 100.0)
        return float_compare(self.qty_received, allowed, precision_rounding=rounding) > 0

    # ================================================================== documents
    def _prepare_refund_line_vals(self):
        """Credit note line for the settled quantity. Called by
        :meth:`aftersales.return.action_refund`."""
        self.ensure_one()
        name = f"{self.return_id.name}: {self.product_id.display_name}"
        if self.lot_id:
            name += f" ({self.lot_id.name})"
        vals = {
            "product_id": self.product_id.id,
            "name": name,
            "quantity": self.qty_accepted,
            "product_uom_id": self.uom_id.id,
            "price_unit": self.price_unit,
        }
        inv_line = self.invoice_line_id
        if inv_line:
            vals.update(
                {
                    "discount": inv_line.discount,
                    "tax_ids": [fields.Command.set(inv_line.tax_ids.ids)],
                    "account_id": inv_line.account_id.id,
                    "product_uom_id": inv_line.product_uom_id.id,
                    "quantity": self.uom_id._compute_quantity(
                        self.qty_accepted, inv_line.product_uom_id
                    ),
                }
            )
        return vals
