from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .aftersales_frozen_mixin import frozen_step, in_frozen_step

# a part added to a job under way is reserved at once (as repair.order reserves the parts of
# a confirmed repair): the stock shows it taken, no other job counts on it
RESERVE_STATES = ("in_progress", "carry_in")
# a job back at the desk or cancelled gives its reserved parts back
RELEASE_STATES = ("new", "dispatched", "cancelled")
# what the part's stock move is made of
STOCK_FIELDS = frozenset({"line_type", "product_id", "quantity", "lot_id"})


class AftersalesServiceLine(models.Model):
    """Parts used and charges of a service request.

    Charges come from the fee schedule (the sale price of the service product);
    a price below it or a discount needs the manager's approval. A part is reserved
    in the job's stock as soon as it is added to a job under way (its stock move,
    ``move_id``) and consumed when the job is done.
    """

    _name = "aftersales.service.line"
    _inherit = ["aftersales.frozen.mixin"]
    _description = "Service Request Line"
    # no state of its own: frozen once its part is consumed, or once its job is signed by
    # the customer (who signs for the work and its charges), closed or invoiced
    _frozen_state_field = None
    _frozen_system_fields = frozenset({"move_id"})
    # a line stays on its job (its part is reserved in that job's stock)
    _frozen_parent_field = "request_id"

    @api.model
    def _request_lines_frozen(self, request):
        """Why the lines of ``request`` cannot change any more (a label), or ``None``."""
        if request.invoice_ids.filtered(lambda move: move.state != "cancel"):
            return self.env._("Invoiced")
        if request.state == "closed":
            return self.env._("Closed")
        if request.customer_confirmed and request.state == "done":
            return self.env._("Signed by the Customer")
        return None

    def _frozen_records(self):
        return self.filtered(
            lambda line: line.move_id.state == "done" or self._request_lines_frozen(line.request_id)
        )

    def _frozen_state_label(self, record=None):
        record = record or self
        if record.move_id.state == "done":
            return self.env._("Consumed")
        return self._request_lines_frozen(record.request_id) or self.env._("Invoiced")

    @api.model_create_multi
    def create(self, vals_list):
        requests = self.env["aftersales.service.request"].browse(
            {vals["request_id"] for vals in vals_list if vals.get("request_id")}
        )
        frozen = requests.filtered(self._request_lines_frozen)
        if frozen and not in_frozen_step():
            raise UserError(
                self.env._(
                    "Service request %(name)s is %(state)s: its lines cannot change any more.",
                    name=frozen[0].name,
                    state=self._request_lines_frozen(frozen[0]),
                )
            )
        lines = super().create(vals_list)
        lines._reserve_parts()
        return lines

    def write(self, vals):
        # a reserved part whose product, quantity or serial changes is reserved again
        redo = (
            self.filtered(lambda line: line.move_id.state not in (False, "done", "cancel"))
            if STOCK_FIELDS & set(vals)
            else self.browse()
        )
        res = super().write(vals)
        if redo:
            redo._release_parts()
            redo._reserve_parts()
        return res

    def unlink(self):
        # a part taken off the job goes back to stock (a consumed one refuses, frozen)
        self.filtered(lambda line: line.move_id.state != "done")._release_parts()
        return super().unlink()

    _order = "request_id, sequence, id"
    _check_company_auto = True

    request_id = fields.Many2one(
        "aftersales.service.request", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    sequence = fields.Integer(default=10)
    line_type = fields.Selection(
        [("fee", "Service Fee"), ("part", "Part")], required=True, default="fee"
    )
    product_id = fields.Many2one("product.product", required=True, check_company=True)
    name = fields.Char(string="Description", compute="_compute_name", store=True, readonly=False)
    lot_id = fields.Many2one(
        "stock.lot",
        string="Part Serial",
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure", required=True)
    list_price = fields.Monetary(
        string="Schedule Price",
        compute="_compute_list_price",
        store=True,
        help="Price of the fee schedule (the product's sale price).",
    )
    price_unit = fields.Monetary(
        string="Unit Price", compute="_compute_price_unit", store=True, readonly=False
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    under_warranty = fields.Boolean(
        compute="_compute_charged",
        store=True,
        help="Decided per line: the request's class covers it and the part is not "
        "excluded from warranty (filters and consumables).",
    )
    charged = fields.Boolean(compute="_compute_charged", store=True)
    price_subtotal = fields.Monetary(compute="_compute_price_subtotal", store=True)
    needs_approval = fields.Boolean(compute="_compute_price_subtotal", store=True)
    move_id = fields.Many2one(
        "stock.move", string="Stock Move", readonly=True, copy=False, index="btree_not_null"
    )

    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            line.name = line.product_id.display_name

    @api.depends("product_id")
    def _compute_list_price(self):
        for line in self:
            line.list_price = line.product_id.lst_price

    @api.depends("product_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = line.product_id.lst_price

    @api.depends(
        "request_id.service_class",
        "request_id.class_reason_parts",
        "request_id.product_id",
        "product_id",
        "line_type",
    )
    def _compute_charged(self):
        terms = (self.product_id | self.request_id.product_id)._aftersales_warranty_terms()
        for line in self:
            excluded = terms.get(line.product_id.id, {}).get("no_warranty")
            covered = line.request_id.service_class in ("B", "C", "D")
            line.under_warranty = covered and not excluded
            line.charged = not line.under_warranty and not line._labour_free_after_warranty(terms)

    def _labour_free_after_warranty(self, terms):
        """The labour of a unit whose category repairs it without a labour charge once its
        warranty expired (parts only): not for a warranty voided by the customer's misuse."""
        request = self.request_id
        return bool(
            self.line_type == "fee"
            and request.service_class == "A"
            and terms.get(request.product_id.id, {}).get("labour_free_after_warranty")
            and any(key == "expired" for key, __ in request.class_reason_parts or ())
        )

    @api.depends("quantity", "price_unit", "discount", "list_price", "charged")
    def _compute_price_subtotal(self):
        for line in self:
            line.price_subtotal = (
                line.quantity * line.price_unit * (1 - line.discount / 100.0)
                if line.charged
                else 0.0
            )
            rounding = line.currency_id.rounding or 0.01
            line.needs_approval = line.charged and (
                line.discount > 0
                or float_compare(line.price_unit, line.list_price, precision_rounding=rounding) < 0
            )

    @api.constrains("quantity", "discount", "price_unit")
    def _check_values(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(
                    self.env._(
                        "Line %(line)s: the quantity must be positive (%(qty)s).",
                        line=line.name,
                        qty=line.quantity,
                    )
                )
            if not 0 <= line.discount <= 100:
                raise ValidationError(
                    self.env._(
                        "Line %(line)s: the discount must be between 0 and 100 (%(discount)s).",
                        line=line.name,
                        discount=line.discount,
                    )
                )
            if line.price_unit < 0:
                raise ValidationError(
                    self.env._(
                        "Line %(line)s: the unit price cannot be negative (%(price)s).",
                        line=line.name,
                        price=line.price_unit,
                    )
                )

    def _prepare_invoice_line_vals(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "price_unit": self.price_unit,
            "discount": self.discount,
        }

    def _parts_source_location(self):
        """Hook: where the parts of this line come from (the job's, see ``_parts_location``)."""
        self.ensure_one()
        return self.request_id._parts_location()

    def _prepare_part_move_vals(self):
        """Stock move of the part used on this line, from the job's parts location to the
        customer. Called by :meth:`_consume_parts`."""
        self.ensure_one()
        return {
            "name": self.request_id.name,
            "origin": self.request_id.name,
            "product_id": self.product_id.id,
            "product_uom_qty": self.quantity,
            "product_uom": self.product_id.uom_id.id,
            "location_id": self._parts_source_location().id,
            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            "partner_id": self.request_id.partner_id.id,
            "company_id": self.company_id.id,
        }

    def _prepare_part_move_line_vals(self, move):
        """Move line of the very part used (the line's serial or lot), built by Odoo's
        ``_prepare_move_line_vals`` on the quant holding it when it is in stock. Called by
        :meth:`_consume_parts` for lines with a serial or lot."""
        self.ensure_one()
        quant = (
            self.env["stock.quant"]
            ._gather(move.product_id, move.location_id, lot_id=self.lot_id, strict=False)
            .filtered(lambda q: q.lot_id == self.lot_id and q.quantity > 0)[:1]
        )
        vals = move._prepare_move_line_vals(quantity=move.product_uom_qty, reserved_quant=quant)
        vals.update(lot_id=self.lot_id.id)
        return vals

    def _stock_part_lines(self):
        return self.filtered(lambda line: line.line_type == "part" and line.product_id.is_storable)

    def _create_part_moves(self):
        """Stock moves of these lines' parts (draft), linked to their lines; returns the
        move line values of the lines with a serial or lot (``{move: vals}``)."""
        moves = self.env["stock.move"].create([line._prepare_part_move_vals() for line in self])
        line_vals = {}
        for line, move in zip(self, moves, strict=True):
            line.move_id = move
            if line.lot_id:
                line_vals[move] = line._prepare_part_move_line_vals(move)
        return line_vals

    @frozen_step
    def _reserve_parts(self):
        """Reserve the parts of lines on jobs under way that have no stock move yet."""
        lines = self._stock_part_lines().filtered(
            lambda line: not line.move_id and line.request_id.state in RESERVE_STATES
        )
        if lines:
            line_vals = lines._create_part_moves()
            lines.move_id._aftersales_reserve(line_vals)

    @frozen_step
    def _release_parts(self):
        """Give the reserved parts of these lines back to stock: their moves not done are
        cancelled (kept in the stock's history) and the lines free to change."""
        lines = self.filtered(lambda line: line.move_id.state not in (False, "done"))
        moves = lines.move_id.filtered(lambda move: move.state != "cancel")
        if moves:
            moves._action_cancel()
        if lines:
            lines.move_id = False

    def _reservation_is_stale(self, check_location=True):
        """The line's reserved move no longer says what the line says (cancelled in the
        stock, another product, quantity or serial) or, with ``check_location``, no longer
        takes the part from the job's stock (another technician or provider)."""
        self.ensure_one()
        move = self.move_id
        return (
            move.state == "cancel"
            or move.product_id != self.product_id
            or float_compare(
                move.product_uom_qty,
                self.quantity,
                precision_rounding=move.product_uom.rounding,
            )
            != 0
            or (check_location and move.location_id != self._parts_source_location())
            or bool(self.lot_id and move.move_line_ids and move.move_line_ids.lot_id != self.lot_id)
        )

    @frozen_step
    def _refresh_reservations(self, check_location=True):
        """Reserve again the parts whose reservation no longer matches their line (or,
        with ``check_location``, their job's stock)."""
        stale = self.filtered(
            lambda line: (
                line.move_id.state not in (False, "done")
                and line._reservation_is_stale(check_location=check_location)
            )
        )
        stale._release_parts()
        stale._reserve_parts()

    @frozen_step
    def _consume_parts(self):
        """Move the parts used on site from stock to the customer, once: the reserved
        moves are done, parts without a move (or with a reservation that no longer
        matches its line) are moved now. A reserved part leaves the stock it was reserved
        in, where the technician took it (a change of technician or provider reserved it
        again in the new one's stock)."""
        lines = self._stock_part_lines().filtered(lambda line: line.move_id.state != "done")
        if not lines:
            return
        lines._refresh_reservations(check_location=False)
        new = lines.filtered(lambda line: not line.move_id)
        line_vals = new._create_part_moves() if new else {}
        lines.move_id._aftersales_consume(line_vals)
