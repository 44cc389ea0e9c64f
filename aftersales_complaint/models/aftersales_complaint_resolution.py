# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step

# The decision types of the GM office's opinion; another addon adds one with
# ``selection_add`` and a ``_resolve_<type>`` method (see readme/CONFIGURE.md).
DECISIONS = [
    ("allowance", "Allowance (credit note)"),
    ("return", "Return"),
    ("exchange", "Exchange"),
    ("repair", "Repair"),
    ("compensation", "Compensation"),
    ("not_established", "Complaint Not Established"),
]
MONEY_DECISIONS = ("allowance", "compensation")


class AftersalesComplaintResolutionMixin(models.AbstractModel):
    """Decision types of a complaint and the document each one produces once approved.

    A registry by name: :meth:`action_resolve` runs ``_resolve_<decision_type>`` as
    superuser in the complaint's company, one method per type. Inherited by
    ``aftersales.complaint`` only: the methods use its customer, products, origin
    documents and decision amount.
    """

    _name = "aftersales.complaint.resolution.mixin"
    _description = "Complaint Resolution"

    decision_type = fields.Selection(DECISIONS, string="Decision", tracking=True)
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

    # ------------------------------------------------------------------ resolution
    @frozen_step
    def action_resolve(self):
        """Run the approved decision: only an approved complaint produces documents.

        The approval at the right authority level is what allows the documents, so the
        complaint handler needs no accounting or stock rights: they are built as superuser
        (the credit note stays a draft for Accounting; the return case follows its flow).
        Run by whoever works the complaint (its handler, the GM office), not a follower.
        """
        self.check_access("write")
        self._ensure_state(["approved"])
        for complaint in self:
            if complaint.resolution_done:
                raise UserError(
                    self.env._("Complaint %(name)s is already resolved.", name=complaint.name)
                )
            privileged = complaint.sudo().with_company(complaint.company_id)
            privileged._resolution_handler()()
            complaint.write({"resolution_done": True, "date_resolved": fields.Datetime.now()})
        return True

    def _resolution_handler(self):
        """The ``_resolve_<type>`` method of the complaint's decision type."""
        self.ensure_one()
        handler = getattr(self, f"_resolve_{self.decision_type}", None)
        if handler is None:
            raise NotImplementedError(
                f"Decision type {self.decision_type!r} of {self._name} has no "
                f"_resolve_{self.decision_type} method."
            )
        return handler

    def _decision_needs_amount(self):
        """Whether the decision gives the customer money, so that it cannot be submitted
        for approval without a decision amount; extend it for a money type of your own."""
        self.ensure_one()
        return self.decision_type in MONEY_DECISIONS

    def _decision_label(self):
        """Label of the decision type, in the user's language."""
        self.ensure_one()
        labels = dict(self._fields["decision_type"]._description_selection(self.env))
        return labels.get(self.decision_type, self.decision_type)

    def _prepare_credit_note_vals(self):
        """Values of the draft customer credit note of an allowance or compensation.

        Called by :meth:`_create_credit_note` (allowance and compensation).
        """
        self.ensure_one()
        # the customer's document, in the customer's language
        customer = self.with_env(self.partner_id._aftersales_lang_env())
        line = {
            "name": customer.env._(
                "%(label)s for complaint %(name)s",
                label=customer._decision_label(),
                name=self.name,
            ),
            "quantity": 1.0,
            "price_unit": self.decision_amount,
            "tax_ids": [Command.clear()],
        }
        vals = {
            "move_type": "out_refund",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_origin": self.name,
            "ref": customer.env._("Complaint %(name)s", name=self.name),
            "invoice_line_ids": [Command.create(line)],
        }
        if self.invoice_id.state == "posted":
            vals["reversed_entry_id"] = self.invoice_id.id
        return vals

    def _create_credit_note(self):
        """Draft customer credit note of the decision amount, linked to the complaint."""
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(self._prepare_credit_note_vals())
        )
        self.credit_note_ids = [Command.link(move.id)]
        return move

    def _resolve_allowance(self):
        return self._create_credit_note()

    def _resolve_compensation(self):
        return self._create_credit_note()

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
        # the customer reads it on the job's portal page: in the customer's language
        customer_env = self.with_context(lang=self.partner_id.lang or self.env.lang).env
        description = self.description or customer_env._(
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
