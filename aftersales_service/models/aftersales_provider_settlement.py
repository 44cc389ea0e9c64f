from collections import defaultdict
from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .aftersales_frozen_mixin import frozen_step, frozen_steps
from .res_company import in_company_language


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

    Confirmation, cancellation and the bill are in
    ``aftersales.provider.settlement.billing.mixin``.
    """

    _name = "aftersales.provider.settlement"
    _description = "Provider Settlement"
    _inherit = [
        "aftersales.number.mixin",
        "aftersales.frozen.mixin",
        "aftersales.portal.fields.mixin",
        "aftersales.provider.settlement.billing.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _aftersales_sequence_code = "aftersales.provider.settlement"
    _frozen_states = ("confirmed",)
    _frozen_writable_fields = frozenset({"note"})
    _frozen_system_fields = frozenset({"bill_id", "confirmed_by_id", "date_confirmed"})

    def _portal_fields(self):
        """What the provider's statement page shows."""
        return super()._portal_fields() | {
            "provider_id",
            "date_from",
            "date_to",
            "job_count",
            "amount_fee",
            "amount_deduction",
            "amount_total",
        }

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
        check_company=True,
        domain="[('aftersales_provider_ids.state', 'in', ('active', 'suspended', 'terminated'))]",
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
    note = fields.Html()

    @api.model
    def _default_period(self):
        first = self.env["res.company"]._aftersales_default_today().replace(day=1) - relativedelta(
            months=1
        )
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

    @api.constrains("provider_id", "company_id")
    def _check_provider(self):
        """A settlement pays a service provider contracted by its company."""
        for settlement in self:
            company = settlement.company_id or self.env.company
            contracts = settlement.provider_id.commercial_partner_id.sudo().aftersales_provider_ids
            if not contracts.filtered(lambda c, co=company: c.company_id == co):
                raise ValidationError(
                    self.env._(
                        "%(partner)s is not a service provider of %(company)s: a settlement "
                        "pays a provider the company contracted.",
                        partner=settlement.provider_id.display_name,
                        company=company.name,
                    )
                )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for settlement in self:
            company = settlement.company_id or self.env.company
            if settlement.date_from > company._aftersales_local_date():
                raise ValidationError(
                    self.env._(
                        "Settlement %(name)s: the period starts on %(start)s, in the future; "
                        "a month is settled once its jobs are done.",
                        name=settlement.name,
                        start=settlement.date_from,
                    )
                )
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
            # the lines' copies of the settlement's company and provider
            with frozen_steps():
                self.line_ids.write(keep)
        return res

    # ================================================================== lines

    def _eligible_requests(self):
        """Done (or closed), customer-confirmed jobs of the providers and periods of
        these settlements that no other non-cancelled settlement holds. Returns
        ``{settlement: requests}`` with two queries whatever the number of jobs: the
        jobs with the fields the fee lines read, and the jobs already held elsewhere."""
        if not self:
            return {}
        start = min(self.mapped("date_from"))
        end = max(self.mapped("date_to"))
        requests = self.env["aftersales.service.request"].search_fetch(
            [
                ("provider_id", "in", self.provider_id.ids),
                ("company_id", "in", self.company_id.ids),
                ("state", "in", ("done", "closed")),
                ("customer_confirmed", "=", True),
                ("date_done", ">=", datetime.combine(start, time.min)),
                ("date_done", "<", datetime.combine(end + timedelta(days=1), time.min)),
            ],
            ["provider_id", "company_id", "date_done", "name", "kind", "product_id", "partner_id"],
            order="date_done, id",
        )
        taken = set()
        if requests:
            taken = set(
                self.env["aftersales.provider.settlement.line"]
                .search_fetch(
                    [
                        ("request_id", "in", requests.ids),
                        ("kind", "=", "fee"),
                        ("state", "!=", "cancelled"),
                        ("settlement_id", "not in", self.ids),
                    ],
                    ["request_id"],
                )
                .request_id.ids
            )
        by_key = defaultdict(list)
        for request in requests:
            if request.id not in taken:
                by_key[(request.provider_id.id, request.company_id.id)].append(
                    (request.date_done.date(), request.id)
                )
        result = {}
        for settlement in self:
            date_from, date_to = settlement.date_from, settlement.date_to
            ids = [
                request_id
                for day, request_id in by_key.get(
                    (settlement.provider_id.id, settlement.company_id.id), ()
                )
                if date_from <= day <= date_to
            ]
            result[settlement] = requests.browse(ids).with_prefetch(requests._prefetch_ids)
        return result

    def _line_common_vals(self):
        """Values of every line of this settlement: the settlement and the copies of its
        company, provider and currency. Read once per settlement for a batch (see
        :meth:`action_compute_lines`), not once per line."""
        self.ensure_one()
        common = self.env.context.get("aftersales_line_common", {}).get(self.id)
        if common is None:
            common = {
                "settlement_id": self.id,
                "company_id": self.company_id.id,
                "provider_id": self.provider_id.id,
                "currency_id": self.currency_id.id,
            }
        return common

    def _prepare_fee_line_vals(self, request, rule, km):
        """Fee line of one job. Called by :meth:`action_compute_lines`."""
        self.ensure_one()
        context = self.env.context
        kinds = context.get("aftersales_kinds") or dict(
            request._fields["kind"]._description_selection(self.env)
        )
        # the translated template comes once per batch from action_compute_lines
        template = context.get("aftersales_fee_line_name") or self.env._(
            "%(job)s - %(kind)s - %(product)s"
        )
        return {
            **self._line_common_vals(),
            "kind": "fee",
            "state": "draft",
            "request_id": request.id,
            "name": template
            % {
                "job": request.name,
                "kind": kinds.get(request.kind),
                "product": request.product_id.display_name or "",
            },
            "fee_rule_id": rule.id,
            "distance_km": km,
            "amount": rule.amount if rule else 0.0,
        }

    def _deduction_prefetch_context(self):
        """Hook: context values with which :meth:`_collect_deductions` of each of these
        settlements reads its sources from one query for the whole batch instead of one
        per settlement. Called by :meth:`action_compute_lines`; extend the dict.

        Here: the late old-part returns, ``{(provider_id, company_id): (return ids)}``
        under ``aftersales_late_return_ids``.
        """
        companies = self.company_id.filtered("aftersales_old_part_late_deduction")
        by_key = defaultdict(list)
        if companies:
            returns = self.env["aftersales.old.part.return"].search_fetch(
                [
                    ("provider_id", "in", self.provider_id.ids),
                    ("company_id", "in", companies.ids),
                    ("is_late", "=", True),
                    ("state", "!=", "cancelled"),
                ],
                ["provider_id", "company_id", "product_id", "request_id", "date_due"],
            )
            for ret in returns:
                by_key[(ret.provider_id.id, ret.company_id.id)].append(ret.id)
        return {"aftersales_late_return_ids": {key: tuple(ids) for key, ids in by_key.items()}}

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
        Return = self.env["aftersales.old.part.return"]
        batch = self.env.context.get("aftersales_late_return_ids")
        if batch is not None:
            returns = Return.browse(batch.get((self.provider_id.id, self.company_id.id), ()))
        else:
            returns = Return.search(
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
                    due=format_date(self.env, ret.date_due),
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
            **self._line_common_vals(),
            "kind": "deduction",
            "state": "draft",
            "name": deduction["name"],
            "amount": -abs(deduction["amount"]),
            "res_model": deduction.get("res_model"),
            "res_id": deduction.get("res_id"),
        }

    @frozen_step
    def action_compute_lines(self):
        """(Re)build the lines of draft settlements: job fees and deductions.

        A fixed number of queries whatever the number of jobs: the eligible jobs in one
        read (:meth:`_eligible_requests`), the fee rules and distance bands in one read
        each (matched in memory), the deduction sources of the batch in one read per
        source (:meth:`_deduction_prefetch_context`), and all the lines of all the
        settlements in one ``create`` (whose INSERTs the ORM sends by 100 rows).
        """
        self._ensure_state(("draft",))
        # the statement is the provider's: its lines are written in the provider's language,
        # one batch per language
        by_lang = self.grouped(lambda s: s.provider_id.lang or self.env.lang)
        if set(by_lang) != {self.env.lang}:
            for lang, settlements in by_lang.items():
                settlements.with_context(lang=lang).action_compute_lines()
            return True
        self.line_ids.unlink()
        Line = self.env["aftersales.provider.settlement.line"]
        kinds = dict(
            self.env["aftersales.service.request"]._fields["kind"]._description_selection(self.env)
        )
        settlements = self.with_context(
            aftersales_kinds=kinds,
            aftersales_fee_line_name=self.env._("%(job)s - %(kind)s - %(product)s"),
            aftersales_line_common={s.id: s._line_common_vals() for s in self},
        )
        settlements = settlements.with_context(**settlements._deduction_prefetch_context())
        eligible = settlements._eligible_requests()
        if eligible:
            # what the fee lines read of the jobs' customers, products and categories,
            # one query each (and only these columns)
            requests = next(iter(eligible.values())).browse(
                [rid for reqs in eligible.values() for rid in reqs._ids]
            )
            requests.partner_id.fetch(["aftersales_distance_km"])
            requests.product_id.categ_id.fetch(["parent_path"])
        match = self.env["aftersales.provider.fee.rule"]._matcher(self.company_id)
        # the providers' contracts (their own fee rules), one query for the batch
        self.provider_id.commercial_partner_id.sudo().aftersales_provider_ids.fetch(["company_id"])

        deductions = {settlement: settlement._collect_deductions() for settlement in settlements}
        sources = {
            (d["res_model"], d.get("res_id"))
            for found in deductions.values()
            for d in found
            if d.get("res_model")
        }
        taken = set()
        if sources:
            taken = {
                (line.res_model, line.res_id)
                for line in Line.search_fetch(
                    [
                        ("kind", "=", "deduction"),
                        ("state", "!=", "cancelled"),
                        ("settlement_id", "not in", self.ids),
                        ("res_model", "in", list({model for model, __ in sources})),
                        ("res_id", "in", list({res_id for __, res_id in sources})),
                    ],
                    ["res_model", "res_id"],
                )
            }

        vals_list = []
        for settlement, requests in eligible.items():
            company_id = settlement.company_id.id
            contract_id = settlement.provider_id._aftersales_provider(settlement.company_id).id
            for request in requests:
                km = request.partner_id.aftersales_distance_km
                categ = request.product_id.categ_id
                rule = match(company_id, categ, request.kind, km, contract_id)
                vals_list.append(settlement._prepare_fee_line_vals(request, rule, km))
            vals_list += [
                settlement._prepare_deduction_line_vals(deduction)
                for deduction in deductions[settlement]
                if not deduction.get("res_model")
                or (deduction.get("res_model"), deduction.get("res_id")) not in taken
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
    @in_company_language
    @frozen_step
    def _cron_generate_previous_month(self):
        """Draft settlements of last month (where each company is) for every active or
        suspended provider of every company that has none yet."""
        settlements = self.browse()
        for company in self.env["res.company"].search([]):
            settlements |= self.with_company(company)._generate_previous_month()
        return settlements.with_env(self.env)

    def _generate_previous_month(self):
        """Draft settlements of last month for the environment's company's active or
        suspended providers that have none yet."""
        date_from, date_to = self._default_period()
        providers = (
            self.env["aftersales.provider"]
            .search(
                [
                    ("state", "in", ("active", "suspended")),
                    ("company_id", "=", self.env.company.id),
                ]
            )
            .partner_id
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
        settlements = self._generate_previous_month()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_provider_settlement"
        )
        action["domain"] = [("id", "in", settlements.ids)]
        return action

    def action_print_statement(self):
        return self.env.ref(
            "aftersales_service.action_report_aftersales_provider_statement"
        ).report_action(self)
