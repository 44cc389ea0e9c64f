from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .aftersales_frozen_mixin import in_frozen_step


class StockMove(models.Model):
    _inherit = "stock.move"

    aftersales_under_warranty = fields.Boolean(
        string="Under Warranty",
        compute="_compute_aftersales_under_warranty",
        store=True,
        readonly=False,
        help="Decided per repair line from the coverage of the repaired unit: a part "
        "excluded from warranty (filters, consumables) is charged even when the unit "
        "is covered.",
    )
    # Inverses of the after-sales lines' links to moves. The lines' stored values depend on
    # their moves' state and quantity: with an inverse, a move's write finds those lines in
    # the cache instead of one search per linked model and per write (a part consumed on a
    # job writes its move five times: bench/micro_ops.py, test_load_guards).
    aftersales_service_line_ids = fields.One2many(
        "aftersales.service.line", "move_id", string="After-Sales Service Lines", readonly=True
    )
    aftersales_return_line_ids = fields.Many2many(
        "aftersales.return.line",
        "aftersales_return_line_return_move_rel",
        "move_id",
        "line_id",
        string="After-Sales Returns",
        copy=False,
        readonly=True,
    )
    aftersales_exchange_line_ids = fields.Many2many(
        "aftersales.return.line",
        "aftersales_return_line_exchange_move_rel",
        "move_id",
        "line_id",
        string="After-Sales Exchanges",
        copy=False,
        readonly=True,
    )
    aftersales_repair_warranty_end = fields.Date(
        string="Repair Warranty Until",
        compute="_compute_aftersales_repair_warranty_end",
        store=True,
        help="A part fitted by a repair carries its own warranty from the repair date.",
    )

    def write(self, vals):
        # the return lines a move receives or exchanges: set by the return's steps (what
        # was received, accepted and refunded is read from these moves)
        for fname in ("aftersales_return_line_ids", "aftersales_exchange_line_ids"):
            if vals.get(fname) and not in_frozen_step() and self.pool.ready:
                raise UserError(
                    self.env._(
                        "%(field)s of %(name)s are set by the return case's steps.",
                        field=self._fields[fname]._description_string(self.env),
                        name=self[:1].display_name,
                    )
                )
        return super().write(vals)

    @api.depends("repair_id.lot_id", "repair_id.partner_id", "product_id", "repair_line_type")
    def _compute_aftersales_under_warranty(self):
        moves = self.filtered(lambda m: m.repair_id and m.repair_line_type == "add")
        (self - moves).aftersales_under_warranty = False
        if not moves:
            return
        coverage = self.env["aftersales.coverage"]
        repairs = moves.repair_id
        lot_verdicts = coverage.lot_coverage(repairs.lot_id)
        pairs = {
            (r.product_id.id, r.partner_id.commercial_partner_id.id)
            for r in repairs
            if not r.lot_id
        }
        product_verdicts = coverage.product_coverage(pairs) if pairs else {}
        terms = moves.product_id._aftersales_warranty_terms()
        for move in moves:
            repair = move.repair_id
            if repair.lot_id:
                verdict = lot_verdicts.get(repair.lot_id.id)
            else:
                verdict = product_verdicts.get(
                    (repair.product_id.id, repair.partner_id.commercial_partner_id.id)
                )
            covered = bool(verdict and verdict["service_class"] in ("B", "C"))
            move.aftersales_under_warranty = (
                covered and not terms[move.product_id.id]["no_warranty"]
            )

    @api.depends("state", "date", "repair_id", "repair_line_type")
    def _compute_aftersales_repair_warranty_end(self):
        for move in self:
            if move.repair_id and move.repair_line_type == "add" and move.state == "done":
                days = move.product_id.product_tmpl_id.aftersales_repair_warranty_days
                move.aftersales_repair_warranty_end = days and (
                    move.company_id._aftersales_local_date(move.date) + timedelta(days=days - 1)
                )
            else:
                move.aftersales_repair_warranty_end = False

    def _create_repair_sale_order_line(self):
        res = super()._create_repair_sale_order_line()
        if self:  # Odoo calls it at every write of a move, mostly with no move
            self._aftersales_apply_line_warranty()
        return res

    def _aftersales_apply_line_warranty(self):
        """Price each repair quotation line by its own warranty decision."""
        moves = self.filtered(lambda m: m.repair_id and m.sale_line_id)
        free = moves.filtered("aftersales_under_warranty")
        free.sale_line_id.write({"price_unit": 0.0, "technical_price_unit": 0.0})
        charged = (moves - free).filtered(lambda m: m.repair_id.under_warranty)
        charged.sale_line_id._compute_price_unit()

    def _aftersales_set_lots(self, lot_qty):
        """Put the given lots (``{lot: quantity}``) on this move the way its detailed
        operations do: serials through the move's Serial Numbers (``lot_ids``, whose inverse
        updates the lines Odoo proposed), other lots on lines built by Odoo's
        ``_prepare_move_line_vals`` in place of the proposed lines without a lot."""
        self.ensure_one()
        if self.has_tracking == "serial":
            self.lot_ids = self.env["stock.lot"].concat(*lot_qty)
            return
        # deleted, not unlinked: a move line taken off its move keeps its reservation
        commands = [Command.delete(ml.id) for ml in self.move_line_ids if not ml.lot_id]
        for lot, qty in lot_qty.items():
            vals = self._prepare_move_line_vals(quantity=qty)
            vals.update(lot_id=lot.id, lot_name=lot.name)
            commands.append(Command.create(vals))
        self.move_line_ids = commands

    def _aftersales_reserve(self, line_vals=None):
        """Confirm and reserve moves with no transfer (parts taken for a job), the way Odoo
        reserves the parts of a confirmed repair: the given move line (``{move: vals}``, a
        known serial or lot) is put on its move, the others are reserved by Odoo.

        A move without a picking has no public validation (``button_validate`` is the
        picking's), so this and :meth:`_aftersales_consume` are the one place where the
        after-sales flows call the private ``stock.move`` API."""
        line_vals = line_vals or {}
        drafts = self.filtered(lambda m: m.state == "draft")
        moves = (drafts._action_confirm(merge=False) if drafts else drafts) | (self - drafts)
        for move in moves:
            if line_vals.get(move):
                move.move_line_ids = [Command.create(line_vals[move])]
        moves.filtered(
            lambda m: not m.move_line_ids and m.state in ("confirmed", "partially_available")
        )._action_assign()
        return moves

    def _aftersales_consume(self, line_vals=None):
        """Book moves with no transfer (parts used on site), the way Odoo books a scrap or
        the parts of a repair (``stock.scrap.do_scrap``, ``repair.action_repair_done``):
        reserve what is not reserved yet (:meth:`_aftersales_reserve`); book the full
        quantity even if the stock is short (the technician used the part: the move's
        quantity inverse adds it); done.
        """
        moves = self._aftersales_reserve(line_vals)
        for move in moves:
            if (
                float_compare(
                    move.quantity,
                    move.product_uom_qty,
                    precision_rounding=move.product_uom.rounding,
                )
                < 0
            ):
                move.quantity = move.product_uom_qty
        moves.picked = True
        return moves._action_done()

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._aftersales_register_deliveries()
        return moves

    def _aftersales_register_deliveries(self):
        """Installed base: a unit delivered to a customer records its owner and date."""
        updates = {}
        for line in self.move_line_ids:
            if (
                line.lot_id
                and line.state == "done"
                and line.location_dest_id.usage == "customer"
                and line.location_id.usage != "customer"
                and not line.move_id.repair_id
                and not line.picking_id.aftersales_request_id
            ):
                partner = (
                    line.picking_id.partner_id or line.move_id.partner_id
                ).commercial_partner_id
                day = line.company_id._aftersales_local_date(line.date)
                updates.setdefault((partner.id, day), set()).add(line.lot_id.id)
        for (partner_id, day), lot_ids in updates.items():
            self.env["stock.lot"].browse(lot_ids).sudo().write(
                {"aftersales_partner_id": partner_id or False, "aftersales_delivery_date": day}
            )
