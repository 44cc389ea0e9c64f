from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_frozen_mixin import frozen_step
from .res_company import in_company_language, lock_for_cron


class AftersalesOldPartReturn(models.Model):
    """Replaced part a provider must send back (旧件返还), with its due date.

    Created from the parts consumed on a provider's job whose product asks for the old
    part back; flagged late by a daily check; a late return is deducted from the
    provider's monthly settlement.
    """

    _name = "aftersales.old.part.return"
    _description = "Old Part Return"
    _inherit = [
        "aftersales.frozen.mixin",
        "aftersales.evidence.mixin",
        "aftersales.sla.mixin",
        "mail.thread",
    ]
    _order = "date_due, id"
    _check_company_auto = True
    # the dates that make a provider's return late (a deduction in its settlement)
    _evidence_fields = {"date_due": None, "date_returned": None, "is_late": None}
    # returned or waived: done with; the state moves by the desk's receipt, the manager's
    # waiver and the daily check only (a late return is a deduction of the provider's)
    _frozen_states = ("returned", "cancelled")
    _frozen_initial_states = ("to_return",)
    # its dates stay evidence a manager may correct with a reason (the evidence rule)
    _frozen_writable_fields = frozenset(_evidence_fields)
    # what is owed by whom: the job's part line decides it, not an edit
    _frozen_fixed_fields = frozenset(
        {"request_id", "line_id", "provider_id", "product_id", "lot_id", "quantity"}
    )

    name = fields.Char(compute="_compute_name", store=True)
    request_id = fields.Many2one(
        "aftersales.service.request",
        string="Service Request",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    line_id = fields.Many2one("aftersales.service.line", string="Part Line", index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    provider_id = fields.Many2one(
        "res.partner", string="Service Provider", required=True, index=True
    )
    product_id = fields.Many2one("product.product", string="Part", required=True)
    lot_id = fields.Many2one("stock.lot", string="Part Serial", check_company=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    date_due = fields.Date(string="Due On", required=True, index=True, tracking=True)
    date_returned = fields.Date(string="Returned On", copy=False, tracking=True)
    state = fields.Selection(
        [("to_return", "To Return"), ("returned", "Returned"), ("cancelled", "Cancelled")],
        default="to_return",
        required=True,
        index=True,
        tracking=True,
    )
    is_late = fields.Boolean(
        string="Late",
        index=True,
        copy=False,
        tracking=True,
        help="Not back by its due date. Set by the daily check and when returned late.",
    )
    date_shipped = fields.Date(string="Shipped On", copy=False, tracking=True)
    carrier = fields.Char(copy=False, tracking=True, help="Who carries the part back.")
    tracking_ref = fields.Char(string="Tracking Number", copy=False, tracking=True)

    _sql_constraints = [
        ("line_unique", "unique(line_id)", "An old part return already exists for this line."),
    ]

    @api.depends("request_id.name", "product_id")
    def _compute_name(self):
        for record in self:
            record.name = f"{record.request_id.name or ''} / {record.product_id.display_name or ''}"

    # ------------------------------------------------------------------ service level
    @api.model
    def _sla_duty_specs(self):
        # late returns are flagged by the daily check and deducted in the settlement
        return {
            "return": {
                "label": self.env._("Old part back"),
                "start": None,
                "done": "date_returned",
                "deadline": "date_due",
                "date": True,
                "sweep": False,
            },
        }

    # ------------------------------------------------------------------ creation
    def _prepare_vals_from_line(self, line):
        """Old part return of a consumed part line. Called by :meth:`_generate_from_lines`."""
        request = line.request_id
        # the due day of the service level policy, counted from the job's completion
        probe = self.new({"request_id": request.id, "provider_id": request.provider_id.id})
        due = probe._sla_due_dates("return", {probe: request.date_done})[probe]
        return {
            "request_id": request.id,
            "line_id": line.id,
            "provider_id": request.provider_id.id,
            "product_id": line.product_id.id,
            "lot_id": line.lot_id.id,
            "quantity": line.quantity,
            "date_due": due or request.company_id._aftersales_local_date(request.date_done),
        }

    @api.model
    def _generate_from_lines(self, lines=None):
        """Create the missing returns of consumed part lines on providers' jobs whose
        product asks for the old part back. Without ``lines``, scans all done jobs."""
        if lines is None:
            lines = self.env["aftersales.service.line"].search(
                [
                    ("line_type", "=", "part"),
                    ("move_id.state", "=", "done"),
                    ("request_id.provider_id", "!=", False),
                    ("product_id.aftersales_old_part_return", "=", True),
                ]
            )
        lines = lines.filtered(
            lambda line: (
                line.line_type == "part"
                and line.move_id.state == "done"
                and line.request_id.provider_id
                and line.product_id.aftersales_old_part_return
            )
        )
        existing = self.search([("line_id", "in", lines.ids)]).line_id
        todo = lines - existing
        return self.create([self._prepare_vals_from_line(line) for line in todo])

    # ------------------------------------------------------------------ actions
    def _report_shipped(self, carrier, tracking_ref, day=None):
        """The provider sent the part back (reported on the portal): the desk then
        records its receipt."""
        self.ensure_one()
        carrier, tracking_ref = (carrier or "").strip(), (tracking_ref or "").strip()
        if self.state != "to_return":
            raise UserError(
                self.env._("Old part %(name)s is no longer waiting to be returned.", name=self.name)
            )
        if len(carrier) > 200 or len(tracking_ref) > 200:
            raise UserError(
                self.env._(
                    "Old part %(name)s: the carrier and the tracking number are at most 200 "
                    "characters.",
                    name=self.name,
                )
            )
        if not carrier or not tracking_ref:
            raise UserError(
                self.env._(
                    "Old part %(name)s: give the carrier and the tracking number.", name=self.name
                )
            )
        self.write(
            {
                "carrier": carrier,
                "tracking_ref": tracking_ref,
                "date_shipped": day or self.company_id._aftersales_local_date(),
            }
        )
        self.message_post(
            body=self.env._(
                "Shipped back by %(carrier)s, tracking number %(ref)s.",
                carrier=carrier,
                ref=tracking_ref,
            )
        )
        return True

    def action_returned(self):
        """The part came back today (a client cannot choose the day: it is evidence)."""
        return self._mark_returned(self.env["res.company"]._aftersales_default_today())

    @frozen_step
    def _mark_returned(self, day):
        """The part came back on ``day`` (a date recorded from a document by code)."""
        for record in self:
            if record.state != "to_return":
                raise UserError(
                    self.env._("Old part %(name)s is not waiting to be returned.", name=record.name)
                )
        self.write({"state": "returned", "date_returned": day})
        self.filtered(lambda r: r.date_returned > r.date_due).write({"is_late": True})
        return True

    @frozen_step
    def action_cancel(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise UserError(self.env._("Only an after-sales manager may waive an old part return."))
        self.filtered(lambda r: r.state == "to_return").write({"state": "cancelled"})
        return True

    @api.model
    @in_company_language
    @frozen_step
    def _cron_check_returns(self, today=None):
        """Daily: create missing returns, then flag those past their due date."""
        self._generate_from_lines()
        late = self.search(
            [
                ("state", "=", "to_return"),
                ("date_due", "<", today or fields.Date.today() + timedelta(days=1)),
                ("is_late", "=", False),
            ]
        )
        if not today:
            # late once the due day is over in the company's time zone
            days = late.company_id._aftersales_today_by_company()
            late = late.filtered(lambda r: r.date_due < days[r.company_id or self.env.company])
        late = lock_for_cron(late)
        late.write({"is_late": True})
        return late
