from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

from .aftersales_frozen_mixin import frozen_step
from .res_company import in_company_language, lock_for_cron

RUNNING_STATES = ("running", "to_renew")


class AftersalesContract(models.Model):
    """Maintenance contract (契約服務): service class B for the units it covers."""

    _name = "aftersales.contract"
    _description = "Service Contract"
    _inherit = [
        "aftersales.number.mixin",
        "aftersales.frozen.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    # a confirmed contract is what the customer signed and was invoiced for: amend it by a
    # renewal or a new contract
    _frozen_states = ("running", "to_renew", "expired")
    _frozen_writable_fields = frozenset({"user_id"})
    _frozen_system_fields = frozenset(
        {
            "renewal_notice_date",
            "next_contract_id",
            "previous_contract_id",
            "invoice_ids",
            "next_maintenance_date",
        }
    )
    _aftersales_sequence_code = "aftersales.contract"
    _order = "date_end desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Salesperson",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
        help="Receives the renewal notice.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("running", "Running"),
            ("to_renew", "To Renew"),
            ("expired", "Expired"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        copy=False,
    )
    date_start = fields.Date(string="Start", required=True, tracking=True)
    date_end = fields.Date(string="End", required=True, tracking=True, index=True)
    lot_ids = fields.Many2many(
        "stock.lot",
        "aftersales_contract_stock_lot_rel",
        "contract_id",
        "lot_id",
        string="Covered Units",
        check_company=True,
        help="Serial numbers covered by this contract.",
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Covered Products",
        help="Every unit of these products owned by the customer is covered.",
    )
    terms = fields.Html(string="Terms and Conditions")
    response_hours = fields.Float(
        string="Response Time (h)",
        default=lambda self: self.env.company.aftersales_response_contract_hours,
        help="Working hours within which a request under this contract is answered.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    fee_amount = fields.Monetary(string="Contract Fee", tracking=True)
    invoice_ids = fields.Many2many("account.move", string="Invoices", copy=False, readonly=True)
    invoice_count = fields.Integer(compute="_compute_invoice_count")
    renewal_notice_date = fields.Date(string="Renewal Notice Sent", copy=False, readonly=True)
    maintenance_interval_months = fields.Integer(
        string="Preventive Maintenance Every (months)",
        tracking=True,
        help="The contract plans a maintenance visit of every covered unit this often (a "
        "service request of kind Maintenance, a week ahead); 0 = no planned visit.",
    )
    next_maintenance_date = fields.Date(string="Next Maintenance Visit", copy=False, readonly=True)
    maintenance_line_ids = fields.One2many(
        "aftersales.contract.maintenance",
        "contract_id",
        string="Maintenance Plan",
        copy=True,
        help="A visit frequency per product or serial number; the units no line names "
        "follow the contract's own interval.",
    )
    previous_contract_id = fields.Many2one(
        "aftersales.contract", string="Renews", copy=False, readonly=True, index=True
    )
    next_contract_id = fields.Many2one(
        "aftersales.contract", string="Renewed By", copy=False, readonly=True
    )
    notice_date = fields.Date(
        string="Renewal Notice Due",
        compute="_compute_notice_date",
        store=True,
        help="Date on which the renewal notice is sent (one month before the end by default).",
    )

    @api.depends("date_end", "company_id.aftersales_contract_notice_months")
    def _compute_notice_date(self):
        for contract in self:
            months = contract.company_id.aftersales_contract_notice_months
            contract.notice_date = contract.date_end and contract.date_end - relativedelta(
                months=months
            )

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for contract in self:
            contract.invoice_count = len(contract.invoice_ids)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_end < contract.date_start:
                raise ValidationError(
                    self.env._(
                        "Contract %(name)s: the end date %(end)s is before the start date "
                        "%(start)s.",
                        name=contract.name,
                        end=contract.date_end,
                        start=contract.date_start,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft_or_cancelled(self):
        if any(c.state not in ("draft", "cancelled") for c in self):
            raise UserError(
                self.env._("Only draft or cancelled contracts can be deleted; cancel it first.")
            )

    # ------------------------------------------------------------------ actions
    @frozen_step
    def action_confirm(self):
        self._ensure_state(("draft",))
        for contract in self:
            if not contract.lot_ids and not contract.product_ids:
                raise UserError(
                    self.env._(
                        "Contract %(name)s covers nothing: add serial numbers or products.",
                        name=contract.name,
                    )
                )
        self.write({"state": "running"})
        for contract in self.filtered("maintenance_interval_months"):
            contract.next_maintenance_date = contract.date_start + relativedelta(
                months=contract.maintenance_interval_months
            )
        self.maintenance_line_ids._start()
        self._aftersales_update_states()
        return True

    @frozen_step
    def action_cancel(self):
        self._ensure_state(("draft", "running", "to_renew"))
        if self.filtered(lambda c: c.state != "draft") and not self.env.user.has_group(
            "aftersales_service.group_aftersales_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only an after-sales manager may cancel a running contract (%(names)s).",
                    names=", ".join(self.filtered(lambda c: c.state != "draft").mapped("name")),
                )
            )
        self.write({"state": "cancelled"})
        self.activity_unlink(["aftersales_service.mail_activity_type_contract_renewal"])
        return True

    @frozen_step
    def action_draft(self):
        self._ensure_state(("cancelled",))
        self.write({"state": "draft"})
        return True

    def _prepare_renewal_vals(self):
        """Values of the follow-up contract. Called by :meth:`action_renew`."""
        self.ensure_one()
        start = self.date_end + timedelta(days=1)
        length = relativedelta(self.date_end + timedelta(days=1), self.date_start)
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "date_start": start,
            "date_end": start + length - timedelta(days=1),
            "lot_ids": [Command.set(self.lot_ids.ids)],
            "product_ids": [Command.set(self.product_ids.ids)],
            "terms": self.terms,
            "fee_amount": self.fee_amount,
            "response_hours": self.response_hours,
            "maintenance_interval_months": self.maintenance_interval_months,
            "maintenance_line_ids": [
                Command.create(
                    {
                        "sequence": line.sequence,
                        "product_id": line.product_id.id,
                        "lot_ids": [Command.set(line.lot_ids.ids)],
                        "interval_months": line.interval_months,
                        "note": line.note,
                    }
                )
                for line in self.maintenance_line_ids
            ],
            "previous_contract_id": self.id,
        }

    @frozen_step
    def action_renew(self):
        self._ensure_state(("running", "to_renew", "expired"))
        for contract in self:
            if contract.next_contract_id:
                raise UserError(
                    self.env._(
                        "Contract %(name)s is already renewed by %(next)s.",
                        name=contract.name,
                        next=contract.next_contract_id.name,
                    )
                )
        new_contracts = self.create([c._prepare_renewal_vals() for c in self])
        for contract, new in zip(self, new_contracts, strict=True):
            contract.next_contract_id = new
        self.activity_feedback(["aftersales_service.mail_activity_type_contract_renewal"])
        if len(new_contracts) == 1:
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": new_contracts.id,
                "view_mode": "form",
            }
        return True

    def _prepare_invoice_vals(self):
        """Values of the customer invoice of the contract fee (:meth:`action_create_invoice`)."""
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "invoice_origin": self.name,
            "invoice_user_id": self.user_id.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "Service contract %(name)s from %(start)s to %(end)s",
                            name=self.name,
                            start=self.date_start,
                            end=self.date_end,
                        ),
                        "quantity": 1,
                        "price_unit": self.fee_amount,
                    }
                )
            ],
        }

    @frozen_step
    def action_create_invoice(self):
        self._ensure_state(("running", "to_renew"))
        for contract in self:
            if contract.fee_amount <= 0:
                raise UserError(
                    self.env._(
                        "Contract %(name)s has no fee to invoice (fee: %(fee)s).",
                        name=contract.name,
                        fee=contract.fee_amount,
                    )
                )
            invoiced = contract.sudo().invoice_ids.filtered(
                lambda m: m.move_type == "out_invoice" and m.state != "cancel"
            )
            if invoiced:
                raise UserError(
                    self.env._(
                        "The fee of contract %(name)s is already invoiced (%(invoices)s): a "
                        "renewal is invoiced on its own contract.",
                        name=contract.name,
                        invoices=", ".join(invoiced.mapped("display_name")),
                    )
                )
        moves = self.env["account.move"].create([c._prepare_invoice_vals() for c in self])
        for contract, move in zip(self, moves, strict=True):
            contract.invoice_ids = [Command.link(move.id)]
        return self.action_view_invoices() if len(self) == 1 else True

    def action_view_invoices(self):
        self.ensure_one()
        return self.invoice_ids._aftersales_invoices_action()

    # ------------------------------------------------------------------ scheduler
    @api.model
    @in_company_language
    @frozen_step
    def _cron_update_states(self):
        lock_for_cron(self.search([("state", "in", RUNNING_STATES)]))._aftersales_update_states()

    @frozen_step
    def _aftersales_update_states(self, today=None):
        """Move running contracts to "to renew" and "expired"; notify once.

        Idempotent: the renewal notice is sent only while ``renewal_notice_date`` is
        empty, so running the scheduled action twice notifies the salesperson once.
        """
        today = today or self.env["res.company"]._aftersales_default_today()
        expired = self.filtered(lambda c: c.state in RUNNING_STATES and c.date_end < today)
        expired.write({"state": "expired"})
        to_renew = self.filtered(
            lambda c: c.state == "running" and c.notice_date and c.notice_date <= today
        )
        to_renew.write({"state": "to_renew"})
        to_notify = (self - expired).filtered(
            lambda c: c.state == "to_renew" and not c.renewal_notice_date and not c.next_contract_id
        )
        to_notify._aftersales_send_renewal_notice(today)
        (self - expired)._aftersales_plan_maintenance(today)

    def _aftersales_maintenance_units(self):
        """The units a maintenance visit of the contract covers."""
        self.ensure_one()
        if self.lot_ids:
            return self.lot_ids
        return self.env["stock.lot"].search(
            [
                ("product_id", "in", self.product_ids.ids),
                ("aftersales_partner_id", "child_of", self.partner_id.commercial_partner_id.id),
            ]
        )

    def _aftersales_maintenance_schedules(self):
        """``[(holder, date field, interval, units, work)]`` of a contract: one per plan
        line, then the contract's own interval for the units no line names."""
        self.ensure_one()
        covered = self._aftersales_maintenance_units()
        schedules = []
        named = self.env["stock.lot"]
        for line in self.maintenance_line_ids:
            units = line._units(covered)
            named |= units
            schedules.append((line, "next_date", line.interval_months, units, line.note))
        if self.maintenance_interval_months:
            schedules.append(
                (
                    self,
                    "next_maintenance_date",
                    self.maintenance_interval_months,
                    covered - named,
                    False,
                )
            )
        return schedules

    def _aftersales_plan_maintenance(self, today, lead_days=7):
        """Service requests of the maintenance visits due within ``lead_days``: one per
        covered unit and visit, at the frequency of its plan line (or of the contract);
        each schedule's next visit moves on by its interval (rerun-safe)."""
        horizon = today + timedelta(days=lead_days)
        Request = self.env["aftersales.service.request"]
        vals_list = []
        for contract in self.filtered(lambda c: c.state in RUNNING_STATES):
            for (
                holder,
                date_field,
                interval,
                units,
                work,
            ) in contract._aftersales_maintenance_schedules():
                due = holder[date_field]
                while due and due <= horizon and due <= contract.date_end:
                    if due < today - timedelta(days=lead_days):
                        # long past (a contract confirmed late): not planned afterwards
                        due += relativedelta(months=interval)
                        continue
                    description = self.env._(
                        "Preventive maintenance visit of %(date)s under contract %(contract)s.",
                        date=format_date(self.env, due),
                        contract=contract.name,
                    )
                    if work:
                        description = f"{description}\n{work}"
                    vals_list.extend(
                        {
                            "partner_id": contract.partner_id.id,
                            "company_id": contract.company_id.id,
                            "lot_id": unit.id,
                            "kind": "maintenance",
                            "fault_description": description,
                        }
                        for unit in units
                    )
                    due += relativedelta(months=interval)
                if holder[date_field] != due:
                    holder[date_field] = due
        return Request.create(vals_list)

    def _aftersales_send_renewal_notice(self, today):
        """The salesperson gets a message and an activity; the customer gets the
        maintenance expiry notice (PDF) by mail, in their language."""
        activity_type = self.env.ref("aftersales_service.mail_activity_type_contract_renewal")
        template = self.env.ref(
            "aftersales_service.mail_template_contract_expiry", raise_if_not_found=False
        )
        for contract in self:
            if template and contract.partner_id.email:
                contract.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            user = contract.user_id or self.env.user
            user_env = user._aftersales_lang_env()
            contract.message_post(
                body=user_env._(
                    "Contract %(name)s ends on %(end)s. Please contact the customer to renew it.",
                    name=contract.name,
                    end=contract.date_end,
                ),
                partner_ids=user.partner_id.ids,
                subject=user_env._("Renewal notice: %(name)s", name=contract.name),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            contract.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=contract.date_end,
                user_id=user.id,
                summary=user_env._("Renew contract %(name)s", name=contract.name),
            )
        self.write({"renewal_notice_date": today})

    # ------------------------------------------------------------------ coverage
    @api.model
    def _aftersales_running_domain(self, on_date):
        return [
            ("state", "in", RUNNING_STATES),
            ("date_start", "<=", on_date),
            ("date_end", ">=", on_date),
        ]

    @api.model
    def _aftersales_product_lot_query(self, on_date):
        """SQL selecting the lots covered by product on a running contract of their owner."""
        return SQL(
            """(SELECT lot.id
                 FROM stock_lot lot
                 JOIN aftersales_contract c ON c.partner_id = lot.aftersales_partner_id
                 JOIN aftersales_contract_product_product_rel rel
                   ON rel.aftersales_contract_id = c.id AND rel.product_product_id = lot.product_id
                WHERE c.state IN %s AND c.date_start <= %s AND c.date_end >= %s)""",
            RUNNING_STATES,
            on_date,
            on_date,
        )
