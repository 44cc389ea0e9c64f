from collections import defaultdict
from datetime import datetime, time, timedelta

import psycopg2.errors
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class AftersalesProviderSettlement(models.Model):
    """Monthly fee settlement of a contracted provider (安装维修服务费结算, FS-C08).

    Draft: the provider's done, customer-confirmed, not yet settled jobs of the period
    become fee lines priced by the fee rules; deductions (late old-part returns and
    whatever other addons add through :meth:`_collect_deductions`) become negative
    lines. Confirm: the vendor bill (``in_invoice``) is created and the jobs are settled
    for good; a job can never sit on two confirmed settlements.

    Extension hooks for other addons:

    * :meth:`_collect_deductions` returns a list of dicts ``{"name", "amount"
      (positive = deducted), "res_model", "res_id"}``; override and extend the list.
    * :meth:`_on_settlement_confirmed` runs after the bill is created.
    * :meth:`_prepare_bill_vals`, :meth:`_prepare_bill_line_vals`,
      :meth:`_prepare_fee_line_vals` build the documents.
    """

    _name = "aftersales.provider.settlement"
    _description = "Provider Settlement"
    _inherit = ["aftersales.number.mixin", "mail.thread", "mail.activity.mixin"]
    _aftersales_sequence_code = "aftersales.provider.settlement"
    _order = "date_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Number", required=True, copy=False, readonly=True, default="/", index=True
    )
    provider_id = fields.Many2one(
        "res.partner",
        string="Service Provider",
        required=True,
        index=True,
        tracking=True,
        domain="[('aftersales_provider_state', 'in', ('active', 'suspended', 'terminated'))]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(
        string="From", required=True, default=lambda self: self._default_period()[0]
    )
    date_to = fields.Date(
        string="To", required=True, default=lambda self: self._default_period()[1]
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    line_ids = fields.One2many(
        "aftersales.provider.settlement.line", "settlement_id", string="Lines", copy=False
    )
    fee_line_ids = fields.One2many(
        "aftersales.provider.settlement.line", "settlement_id", domain=[("kind", "=", "fee")]
    )
    deduction_line_ids = fields.One2many(
        "aftersales.provider.settlement.line",
        "settlement_id",
        domain=[("kind", "=", "deduction")],
    )
    job_count = fields.Integer(compute="_compute_totals", store=True)
    amount_fee = fields.Monetary(string="Fees", compute="_compute_totals", store=True)
    amount_deduction = fields.Monetary(string="Deductions", compute="_compute_totals", store=True)
    amount_total = fields.Monetary(string="Total", compute="_compute_totals", store=True)
    bill_id = fields.Many2one("account.move", string="Vendor Bill", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_confirmed = fields.Datetime(readonly=True, copy=False)
    note = fields.Html()

    @api.model
    def _default_period(self):
        first = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        return first, first + relativedelta(months=1, days=-1)

    @api.depends("line_ids.amount", "line_ids.kind")
    def _compute_totals(self):
        for settlement in self:
            fees = settlement.line_ids.filtered(lambda line: line.kind == "fee")
            deductions = settlement.line_ids - fees
            settlement.job_count = len(fees)
            settlement.amount_fee = sum(fees.mapped("amount"))
            settlement.amount_deduction = -sum(deductions.mapped("amount"))
            settlement.amount_total = settlement.amount_fee - settlement.amount_deduction

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for settlement in self:
            if settlement.date_from > settlement.date_to:
                raise ValidationError(
                    self.env._(
                        "Settlement %(name)s: the period starts (%(start)s) after it ends "
                        "(%(end)s).",
                        name=settlement.name,
                        start=settlement.date_from,
                        end=settlement.date_to,
                    )
                )

    def write(self, vals):
        res = super().write(vals)
        keep = {k: vals[k] for k in ("company_id", "provider_id") if k in vals}
        if "company_id" in vals:
            keep["currency_id"] = self.company_id.currency_id.id
        if keep:
            self.line_ids.write(keep)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(s.state == "confirmed" for s in self):
            raise UserError(
                self.env._(
                    "A confirmed settlement cannot be deleted: cancel it, which "
                    "reverses its vendor bill."
                )
            )

    # ================================================================== lines
    def _ensure_state(self, states):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for settlement in self:
            if settlement.state not in states:
                raise UserError(
                    self.env._(
                        "Settlement %(name)s is %(state)s: this step is not possible now.",
                        name=settlement.name,
                        state=labels[settlement.state],
                    )
                )

    def _eligible_requests(self):
        """Done (or closed), customer-confirmed jobs of the providers and periods of
        these settlements that no other non-cancelled settlement holds. Returns
        ``{settlement: requests}`` with a fixed number of queries."""
        if not self:
            return {}
        start = min(self.mapped("date_from"))
        end = max(self.mapped("date_to"))
        requests = self.env["aftersales.service.request"].search(
            [
                ("provider_id", "in", self.provider_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("state", "in", ("done", "closed")),
                ("customer_confirmed", "=", True),
                ("date_done", ">=", datetime.combine(start, time.min)),
                ("date_done", "<", datetime.combine(end + timedelta(days=1), time.min)),
            ],
            order="date_done, id",
        )
        taken = (
            self.env["aftersales.provider.settlement.line"]
            .search(
                [
                    ("request_id", "in", requests.ids),
                    ("kind", "=", "fee"),
                    ("state", "!=", "cancelled"),
                    ("settlement_id", "not in", self.ids),
                ]
            )
            .request_id
        )
        requests -= taken
        by_key = defaultdict(lambda: self.env["aftersales.service.request"])
        for request in requests:
            by_key[(request.provider_id.id, request.company_id.id)] |= request
        result = {}
        for settlement in self:
            result[settlement] = by_key[
                (settlement.provider_id.id, settlement.company_id.id)
            ].filtered(
                lambda r, s=settlement: s.date_from <= fields.Date.to_date(r.date_done) <= s.date_to
            )
        return result

    def _prepare_fee_line_vals(self, request, rule, km):
        """Fee line of one job. Called by :meth:`action_compute_lines`."""
        self.ensure_one()
        kinds = self.env.context.get("aftersales_kinds") or dict(
            request._fields["kind"]._description_selection(self.env)
        )
        return {
            "settlement_id": self.id,
            "company_id": self.company_id.id,
            "provider_id": self.provider_id.id,
            "currency_id": self.currency_id.id,
            "kind": "fee",
            "state": "draft",
            "request_id": request.id,
            "name": self.env._(
                "%(job)s - %(kind)s - %(product)s",
                job=request.name,
                kind=kinds.get(request.kind),
                product=request.product_id.display_name or "",
            ),
            "fee_rule_id": rule.id,
            "distance_km": km,
            "amount": rule.amount if rule else 0.0,
        }

    def _collect_deductions(self):
        """Hook: deductions of this settlement, a list of dicts

        ``{"name": str, "amount": float (positive = deducted), "res_model": str,
        "res_id": int}``.

        Here: old parts of this provider returned late (or still missing past their due
        date), each deducted once at the company's late-return amount. Other addons
        (penalties) override this method and append their own dicts; a source record
        (``res_model``, ``res_id``) already deducted on another non-cancelled settlement
        is skipped by :meth:`action_compute_lines`, and can never be on two confirmed
        ones.
        """
        self.ensure_one()
        amount = self.company_id.aftersales_old_part_late_deduction
        if not amount:
            return []
        returns = self.env["aftersales.old.part.return"].search(
            [
                ("provider_id", "=", self.provider_id.id),
                ("company_id", "=", self.company_id.id),
                ("is_late", "=", True),
                ("state", "!=", "cancelled"),
            ]
        )
        return [
            {
                "name": self.env._(
                    "Late old part return: %(part)s of %(job)s (due %(due)s)",
                    part=ret.product_id.display_name,
                    job=ret.request_id.name,
                    due=ret.date_due,
                ),
                "amount": amount,
                "res_model": ret._name,
                "res_id": ret.id,
            }
            for ret in returns
        ]

    def _prepare_deduction_line_vals(self, deduction):
        """Negative line of one deduction dict. Called by :meth:`action_compute_lines`."""
        self.ensure_one()
        return {
            "settlement_id": self.id,
            "company_id": self.company_id.id,
            "provider_id": self.provider_id.id,
            "currency_id": self.currency_id.id,
            "kind": "deduction",
            "state": "draft",
            "name": deduction["name"],
            "amount": -abs(deduction["amount"]),
            "res_model": deduction.get("res_model"),
            "res_id": deduction.get("res_id"),
        }

    def action_compute_lines(self):
        """(Re)build the lines of draft settlements: job fees and deductions."""
        self._ensure_state(("draft",))
        self.line_ids.unlink()
        Rule = self.env["aftersales.provider.fee.rule"]
        Line = self.env["aftersales.provider.settlement.line"]
        vals_list = []
        kinds = dict(
            self.env["aftersales.service.request"]._fields["kind"]._description_selection(self.env)
        )
        settlements = self.with_context(aftersales_kinds=kinds)
        for settlement, requests in settlements._eligible_requests().items():
            items = [
                (r.product_id.categ_id, r.kind, r.partner_id.aftersales_distance_km)
                for r in requests
            ]
            rules = Rule._match(settlement.company_id, items)
            vals_list += [
                settlement._prepare_fee_line_vals(request, rule, item[2])
                for request, rule, item in zip(requests, rules, items, strict=True)
            ]
            deductions = settlement._collect_deductions()
            taken = (
                {
                    (line.res_model, line.res_id)
                    for line in Line.search(
                        [
                            ("kind", "=", "deduction"),
                            ("state", "!=", "cancelled"),
                            ("settlement_id", "!=", settlement.id),
                            ("res_model", "in", list({d.get("res_model") for d in deductions})),
                            ("res_id", "in", [d.get("res_id") for d in deductions]),
                        ]
                    )
                }
                if deductions
                else set()
            )
            vals_list += [
                settlement._prepare_deduction_line_vals(deduction)
                for deduction in deductions
                if (deduction.get("res_model"), deduction.get("res_id")) not in taken
                or not deduction.get("res_model")
            ]
        Line.create(vals_list)
        return True

    @api.model
    def _generate(self, providers, date_from, date_to, company=None):
        """Draft settlements of ``providers`` for a period, with their lines."""
        company = company or self.env.company
        settlements = self.create(
            [
                {
                    "provider_id": provider.id,
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                }
                for provider in providers
            ]
        )
        settlements.action_compute_lines()
        return settlements

    @api.model
    def _cron_generate_previous_month(self):
        """Draft settlements of last month for every active or suspended provider that
        has none yet."""
        date_from, date_to = self._default_period()
        providers = self.env["res.partner"].search(
            [("aftersales_provider_state", "in", ("active", "suspended"))]
        )
        existing = self.search(
            [
                ("date_from", "=", date_from),
                ("state", "!=", "cancelled"),
                ("company_id", "=", self.env.company.id),
            ]
        ).provider_id
        return self._generate(providers - existing, date_from, date_to)

    @api.model
    def action_generate_previous_month(self):
        settlements = self._cron_generate_previous_month()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_provider_settlement"
        )
        action["domain"] = [("id", "in", settlements.ids)]
        return action

    # ================================================================== confirm
    def _ensure_settleable(self):
        for settlement in self:
            if not settlement.line_ids.filtered(lambda line: line.kind == "fee"):
                raise UserError(
                    self.env._("Settlement %(name)s has no job to settle.", name=settlement.name)
                )
            missing = settlement.line_ids.filtered(
                lambda line: line.kind == "fee" and not line.fee_rule_id
            )
            if missing:
                raise UserError(
                    self.env._(
                        "Settlement %(name)s: no fee rule fits job(s) %(jobs)s; add a fee rule "
                        "for their product category, job type and distance.",
                        name=settlement.name,
                        jobs=", ".join(missing.request_id.mapped("name")),
                    )
                )
            if settlement.currency_id.compare_amounts(settlement.amount_total, 0) <= 0:
                raise UserError(
                    self.env._(
                        "Settlement %(name)s: deductions (%(deduction)s) are not below the "
                        "fees (%(fee)s); settle them otherwise.",
                        name=settlement.name,
                        deduction=settlement.amount_deduction,
                        fee=settlement.amount_fee,
                    )
                )

    def _lock_and_check_not_settled(self):
        """Lock the settled jobs, then refuse any already on a confirmed settlement."""
        lines = self.line_ids
        requests = lines.request_id
        if requests:
            self.env.cr.execute(
                "SELECT id FROM aftersales_service_request WHERE id IN %s ORDER BY id FOR UPDATE",
                [tuple(requests.ids)],
            )
        Line = self.env["aftersales.provider.settlement.line"]
        settled = Line.search(
            [
                ("request_id", "in", requests.ids),
                ("kind", "=", "fee"),
                ("state", "=", "confirmed"),
                ("settlement_id", "not in", self.ids),
            ]
        )
        if settled:
            raise UserError(
                self.env._(
                    "Job(s) %(jobs)s are already settled by %(settlements)s: a job is never "
                    "settled twice. Recompute this settlement.",
                    jobs=", ".join(settled.request_id.mapped("name")),
                    settlements=", ".join(settled.settlement_id.mapped("name")),
                )
            )
        sources = lines.filtered(lambda line: line.kind == "deduction" and line.res_model)
        if sources:
            deducted = Line.search(
                [
                    ("kind", "=", "deduction"),
                    ("state", "=", "confirmed"),
                    ("settlement_id", "not in", self.ids),
                    ("res_model", "in", list(set(sources.mapped("res_model")))),
                    ("res_id", "in", sources.mapped("res_id")),
                ]
            )
            keys = {(line.res_model, line.res_id) for line in sources}
            deducted = deducted.filtered(lambda line: (line.res_model, line.res_id) in keys)
            if deducted:
                raise UserError(
                    self.env._(
                        "Deduction(s) %(names)s are already made by %(settlements)s.",
                        names=", ".join(deducted.mapped("name")),
                        settlements=", ".join(deducted.settlement_id.mapped("name")),
                    )
                )

    def _bill_product(self, kind):
        xmlid = {
            "fee": "aftersales_service.product_provider_fee",
            "deduction": "aftersales_service.product_provider_deduction",
        }[kind]
        return self.env.ref(xmlid, raise_if_not_found=False) or self.env["product.product"]

    def _prepare_bill_line_vals(self, kind, name, quantity, price_unit):
        """One vendor bill line. Called by :meth:`_prepare_bill_vals`."""
        product = self._bill_product(kind)
        return {
            "product_id": product.id,
            "name": name,
            "quantity": quantity,
            "price_unit": price_unit,
            "tax_ids": [Command.clear()],
        }

    def _prepare_bill_vals(self):
        """Vendor bill (``in_invoice``) of a settlement: one line per fee rule and amount
        (quantity = number of jobs) and one negative line per deduction. Called by
        :meth:`action_confirm`."""
        self.ensure_one()
        groups = defaultdict(int)
        for line in self.line_ids.filtered(lambda line: line.kind == "fee"):
            groups[(line.fee_rule_id, line.amount)] += 1
        invoice_lines = [
            Command.create(
                self._prepare_bill_line_vals(
                    "fee",
                    self.env._(
                        "%(settlement)s: %(rule)s", settlement=self.name, rule=rule.display_name
                    ),
                    count,
                    amount,
                )
            )
            for (rule, amount), count in groups.items()
        ]
        invoice_lines += [
            Command.create(self._prepare_bill_line_vals("deduction", line.name, 1, line.amount))
            for line in self.line_ids.filtered(lambda line: line.kind == "deduction")
        ]
        return {
            "move_type": "in_invoice",
            "partner_id": self.provider_id.id,
            "company_id": self.company_id.id,
            "invoice_date": self.date_to,
            "ref": self.name,
            "invoice_origin": self.name,
            "invoice_line_ids": invoice_lines,
        }

    def action_confirm(self):
        """Settle the jobs and create the vendor bill. A job already on a confirmed
        settlement is refused here, and by the database under concurrent confirms."""
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only an after-sales manager may confirm a provider settlement.")
            )
        self._ensure_state(("draft",))
        self._ensure_settleable()
        self._lock_and_check_not_settled()
        try:
            with self.env.cr.savepoint():
                self.line_ids.write({"state": "confirmed"})
                self.line_ids.flush_recordset(["state"])
        except psycopg2.errors.UniqueViolation as e:
            self.env.invalidate_all()
            raise UserError(
                self.env._(
                    "Another user has just settled some job(s) of %(names)s: a job is never "
                    "settled twice. Recompute the settlement.",
                    names=", ".join(self.mapped("name")),
                )
            ) from e
        # the manager may lack accounting rights: the bill is created as superuser,
        # in draft, for the accountant to check and post (FS-C06).
        bills = (
            self.env["account.move"]
            .sudo()
            .with_context(default_move_type="in_invoice")
            .create([s._prepare_bill_vals() for s in self])
        )
        for settlement, bill in zip(self, bills, strict=True):
            settlement.write(
                {
                    "state": "confirmed",
                    "bill_id": bill.id,
                    "confirmed_by_id": self.env.user.id,
                    "date_confirmed": fields.Datetime.now(),
                }
            )
        self._on_settlement_confirmed()
        return True

    def _on_settlement_confirmed(self):
        """Hook: called once the settlements are confirmed and their bills created
        (``self.bill_id``). Other addons mark their deducted penalties here."""
        return True

    def action_cancel(self):
        """Cancel: a draft bill is cancelled, a posted one reversed; the jobs may be
        settled again."""
        self._ensure_state(("draft", "confirmed"))
        if self.filtered(lambda s: s.state == "confirmed") and not self.env.user.has_group(
            "aftersales_service.group_aftersales_manager"
        ):
            raise AccessError(
                self.env._("Only an after-sales manager may cancel a confirmed settlement.")
            )
        for settlement in self.filtered("bill_id"):
            bill = settlement.bill_id.sudo()
            if bill.state == "draft":
                bill.button_cancel()
            elif bill.state == "posted":
                today = fields.Date.context_today(self)
                bill._reverse_moves(
                    [
                        {
                            "ref": self.env._(
                                "Cancelled settlement %(name)s", name=settlement.name
                            ),
                            "invoice_date": today,
                            "date": today,
                        }
                    ],
                    cancel=True,
                )
        self.line_ids.write({"state": "cancelled"})
        self.write({"state": "cancelled"})
        return True

    def action_reset_draft(self):
        self._ensure_state(("cancelled",))
        self.write({"state": "draft", "bill_id": False})
        self.line_ids.write({"state": "draft"})
        return True

    def action_view_bill(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.bill_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_print_statement(self):
        return self.env.ref(
            "aftersales_service.action_report_aftersales_provider_statement"
        ).report_action(self)
