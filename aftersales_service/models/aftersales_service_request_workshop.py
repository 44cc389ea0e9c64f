import math
from datetime import timedelta

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from .aftersales_frozen_mixin import frozen_step


class AftersalesServiceRequestWorkshopMixin(models.AbstractModel):
    """Carry-in repair of a service request: the customer's unit is received into the
    workshop, repaired on a repair order and delivered back, each step a stock transfer.

    Inherited by ``aftersales.service.request`` only; its fields and methods are the
    request's (views, reports and other addons name them on the request).
    """

    _name = "aftersales.service.request.workshop.mixin"
    _description = "Service Request Workshop Repair"

    repair_ids = fields.One2many("repair.order", "aftersales_request_id", string="Repairs")
    repair_count = fields.Integer(compute="_compute_workshop_counts")
    picking_ids = fields.One2many("stock.picking", "aftersales_request_id", string="Transfers")
    picking_count = fields.Integer(compute="_compute_workshop_counts")
    date_received = fields.Datetime(string="Unit Received", copy=False, readonly=True)
    date_returned = fields.Datetime(string="Unit Returned", copy=False, readonly=True)
    repair_verified_by = fields.Many2one(
        "res.users",
        string="Repair Verified By",
        copy=False,
        readonly=True,
        help="The supervisor who checked the repaired unit: it goes back to the customer "
        "only after this check.",
    )
    date_repair_verified = fields.Datetime(string="Repair Verified On", copy=False, readonly=True)

    def _compute_workshop_counts(self):
        for request in self:
            request.repair_count = len(request.repair_ids)
            request.picking_count = len(request.picking_ids)

    def _aftersales_repair_location(self):
        """Internal location for customer units in repair (created on first use)."""
        self.ensure_one()
        return self.company_id._aftersales_internal_location(
            "aftersales_repair_location_id", self.env._("Customer Units in Repair")
        )

    def _unit_picking_vals(self, picking_type, source, destination, **move_vals):
        """A transfer of the customer's unit alone (one unit of its product, the customer
        as owner) from ``source`` to ``destination``: the values both unit documents share."""
        self.ensure_one()
        return {
            "picking_type_id": picking_type.id,
            "partner_id": self.partner_id.id,
            "owner_id": self.partner_id.commercial_partner_id.id,
            "location_id": source.id,
            "location_dest_id": destination.id,
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
                        "location_id": source.id,
                        "location_dest_id": destination.id,
                        "company_id": self.company_id.id,
                        **move_vals,
                    }
                )
            ],
        }

    def _prepare_carry_in_picking_vals(self, location):
        """Receipt of the customer's unit. Called by :meth:`action_carry_in`."""
        self.ensure_one()
        customer_location = self.env.ref("stock.stock_location_customers")
        return self._unit_picking_vals(
            location.warehouse_id.in_type_id, customer_location, location
        )

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
            return calendar._aftersales_end_of_day(
                calendar.plan_days(days, now, compute_leaves=True)
            ) or now + timedelta(days=days)
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
            picking = request._receive_unit(location)
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

    def _ensure_unit_in_workshop(self):
        for request in self:
            if not request.date_received:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: the unit was not carried in.", name=request.name
                    )
                )
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

    def _needs_repair_check(self):
        """A unit repaired in the workshop (a repair order done) is checked by a
        supervisor before it goes back; one returned unrepaired is not."""
        self.ensure_one()
        return bool(self.repair_ids.filtered(lambda r: r.state == "done"))

    @frozen_step
    def action_verify_repair(self):
        """The supervisor checks the repaired unit (质检): the request's supervisor or an
        after-sales manager, never the technician who repaired it."""
        self._ensure_state(("carry_in", "done"))
        self._ensure_unit_in_workshop()
        user = self.env.user
        is_manager = user.has_group("aftersales_service.group_aftersales_manager")
        for request in self:
            if not request._needs_repair_check():
                raise UserError(
                    self.env._(
                        "Service request %(name)s: no repair is done yet to verify.",
                        name=request.name,
                    )
                )
            if request.repair_verified_by:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: the repair was already verified by %(user)s.",
                        name=request.name,
                        user=request.repair_verified_by.name,
                    )
                )
            if user == request.technician_id or not (is_manager or user == request.supervisor_id):
                raise AccessError(
                    self.env._(
                        "Service request %(name)s: the repair is verified by its supervisor or "
                        "an after-sales manager, not by %(user)s.",
                        name=request.name,
                        user=user.name,
                    )
                )
        self.write({"repair_verified_by": user.id, "date_repair_verified": fields.Datetime.now()})
        for request in self:
            request.message_post(body=self.env._("Repair verified by %(user)s.", user=user.name))
        return True

    @frozen_step
    def action_return_unit(self):
        """Deliver the repaired unit back to the customer, once the supervisor verified the
        repair; a paid job is invoiced on the day the unit goes back."""
        self._ensure_state(("carry_in", "done"))
        self._ensure_unit_in_workshop()
        for request in self:
            if request._needs_repair_check() and not request.repair_verified_by:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: the supervisor verifies the repair before "
                        "the unit goes back to the customer.",
                        name=request.name,
                    )
                )
        for request in self:
            location = request._aftersales_repair_location()
            request._deliver_unit(location)
            request.date_returned = fields.Datetime.now()
            request._invoice_on_return()
        return True

    def _invoice_on_return(self):
        """The draft invoice of a finished paid job, dated the day its unit went back (the
        company's day), when its charges need no approval and it has none yet."""
        self.ensure_one()
        if (
            self.state != "done"
            or self.service_class != "A"
            or not self.amount_charged
            or self.charge_state == "to_approve"
            or self.sudo().invoice_ids.filtered(lambda m: m.state != "cancel")
        ):
            return False
        self.sudo().action_create_invoice()
        invoice = self.sudo().invoice_ids.filtered(lambda m: m.state == "draft")[:1]
        invoice.invoice_date = self.company_id._aftersales_local_date(self.date_returned)
        return invoice

    def _receive_unit(self, location):
        """Receipt of the customer's unit into ``location``, validated: the serial is put on
        the move the way its detailed operations do, the customer's ownership comes from the
        receipt's owner (Odoo writes it on the move lines when the receipt is validated)."""
        self.ensure_one()
        picking = self.env["stock.picking"].create(self._prepare_carry_in_picking_vals(location))
        picking.action_confirm()
        if self.lot_id:
            for move in picking.move_ids:
                move._aftersales_set_lots({self.lot_id: 1.0})
        picking._aftersales_validate()
        return picking

    def _aftersales_unit_quant(self, location):
        """The quant of the customer's unit in ``location``: its serial, owned by the customer,
        not reserved by another transfer. A clear error when the unit is not there."""
        self.ensure_one()
        owner = self.partner_id.commercial_partner_id
        quants = self.env["stock.quant"]._gather(
            self.product_id, location, lot_id=self.lot_id or None, owner_id=owner, strict=True
        )
        rounding = self.product_id.uom_id.rounding
        quant = quants.filtered(
            lambda q: (
                q.lot_id == self.lot_id
                and float_compare(
                    q.quantity - q.reserved_quantity, 1.0, precision_rounding=rounding
                )
                >= 0
            )
        )[:1]
        if not quant:
            raise UserError(
                self.env._(
                    "Service request %(name)s: the unit %(lot)s is not in %(location)s.",
                    name=self.name,
                    lot=self.lot_id.name or self.product_id.display_name,
                    location=location.display_name,
                )
            )
        return quant

    def _prepare_return_unit_picking_vals(self, location):
        """Delivery of the repaired unit back to the customer. Called by
        :meth:`_deliver_unit`."""
        self.ensure_one()
        customer_location = self.env.ref("stock.stock_location_customers")
        return self._unit_picking_vals(
            location.warehouse_id.out_type_id,
            location,
            customer_location,
            restrict_partner_id=self.partner_id.commercial_partner_id.id,
        )

    def _prepare_return_unit_move_line_vals(self, move, quant):
        """Move line delivering the customer's unit: Odoo's own line reserved on the unit's
        quant (its location, serial and owner). Called by :meth:`_deliver_unit`."""
        self.ensure_one()
        return move._prepare_move_line_vals(quantity=1.0, reserved_quant=quant)

    def _deliver_unit(self, location):
        """Delivery of exactly the customer's unit (its serial, owned by the customer),
        validated. Odoo's reservation at confirmation picks any unit of the product in
        ``location`` (another customer's may be there too), so the delivery is reserved on
        the unit's own quant instead, as a user picks it in the detailed operations."""
        self.ensure_one()
        quant = self._aftersales_unit_quant(location)
        picking = self.env["stock.picking"].create(self._prepare_return_unit_picking_vals(location))
        picking.action_confirm()
        move = picking.move_ids
        if move.move_line_ids.filtered(
            lambda ml: ml.lot_id != quant.lot_id or ml.owner_id != quant.owner_id
        ):
            picking.do_unreserve()
        if not move.move_line_ids:
            self.env["stock.move.line"].create(
                self._prepare_return_unit_move_line_vals(move, quant)
            )
        picking._aftersales_validate()
        return picking

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

    def action_print_receipt(self):
        return self.env.ref(
            "aftersales_service.action_report_aftersales_goods_receipt"
        ).report_action(self)
