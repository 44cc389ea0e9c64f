from collections import defaultdict

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools.float_utils import float_compare, float_is_zero

from .aftersales_frozen_mixin import frozen_step


class AftersalesReturnStockMixin(models.AbstractModel):
    """The stock documents of a return case: the return receipts (through Odoo's return
    wizard, or a plain receipt when no delivery is known), the over-quantity decision on
    reception, and the replacement delivery of an exchange (through procurement).

    Inherited by ``aftersales.return`` only; its fields and methods are the case's
    (views, stock pickings and other addons name them on the case).
    """

    _name = "aftersales.return.stock.mixin"
    _description = "Return Case Stock Documents"

    picking_ids = fields.One2many("stock.picking", "aftersales_return_id", string="Transfers")
    procurement_group_id = fields.Many2one("procurement.group", readonly=True, copy=False)
    reception_count = fields.Integer(compute="_compute_picking_counts")
    delivery_count = fields.Integer(compute="_compute_picking_counts")

    def _compute_picking_counts(self):
        for case in self:
            pickings = case.picking_ids
            case.reception_count = len(
                pickings.filtered(lambda p: p.picking_type_code != "outgoing")
            )
            case.delivery_count = len(
                pickings.filtered(lambda p: p.picking_type_code == "outgoing")
            )

    # ------------------------------------------------------------------ reception
    def _aftersales_return_location(self):
        """Internal location receiving returned goods (created on first use)."""
        self.ensure_one()
        return self.company_id._aftersales_internal_location(
            "aftersales_return_location_id", self.env._("Customer Returns")
        )

    def _aftersales_warehouse(self):
        """Warehouse of the case: the delivery's, else the company's first one."""
        self.ensure_one()
        return (
            self.picking_id.picking_type_id.warehouse_id or self.company_id._aftersales_warehouse()
        )

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
        move._aftersales_set_lots(lot_qty)

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

    # ------------------------------------------------------------------ smart buttons
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
