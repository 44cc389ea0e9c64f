# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import format_amount, format_date

from .aftersales_frozen_mixin import frozen_steps, in_frozen_step, without_defaults

# Written only by the onboarding steps below (once their checks passed), whoever runs the
# code: neither a user nor code running as superuser outside those steps.
ONBOARDING_FIELDS = frozenset(
    {
        "state",
        "applied_on",
        "approved_by_id",
        "approved_on",
        "activated_on",
        "certificate_number",
        "consignment_location_id",
    }
)


class AftersalesProvider(models.Model):
    """A contracted service provider (签约技术服务单位): its application with the documents,
    the manager's approval, the contract and its quality deposit, the consignment stock of
    spare parts, the certificate and the scorecard.

    Linked to its company's partner the way OCA fieldservice links ``fsm.person`` to a
    partner (``_inherits``): name, address and contacts are the partner's; the jobs,
    settlements and bills of the provider name that partner, as Odoo's documents do.
    """

    _name = "aftersales.provider"
    _description = "Contracted Service Provider"
    _inherits = {"res.partner": "partner_id"}
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.sla.mixin"]
    _order = "name, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Partner",
        required=True,
        ondelete="restrict",
        index=True,
        help="The provider's company as a contact: its jobs, settlements and bills name it.",
    )
    state = fields.Selection(
        [
            ("draft", "New"),
            ("applied", "Applied"),
            ("approved", "Approved"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("terminated", "Terminated"),
        ],
        string="Status",
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        readonly=True,
        help="Only active providers can be dispatched.",
    )
    provider_type = fields.Selection(
        [
            ("installation", "Installation"),
            ("repair", "Repair"),
            ("both", "Installation and Repair"),
        ],
        string="Provider Type",
        default="both",
        required=True,
        help="A provider may hold the installation contract, the repair contract or both.",
    )
    market_tier = fields.Selection(
        [("central", "Central City"), ("second", "Second-tier"), ("county", "County")],
        string="Market Tier",
        default="central",
        required=True,
        help="Onboarding conditions may be relaxed in second-tier and county markets.",
    )
    staff_count = fields.Integer(string="Installers on Staff")
    doc_licence = fields.Binary(string="Business Licence", attachment=True, copy=False)
    doc_licence_name = fields.Char(copy=False)
    doc_tax = fields.Binary(string="Tax Registration", attachment=True, copy=False)
    doc_tax_name = fields.Char(copy=False)
    doc_shop_photo = fields.Image(
        string="Shop Front Photo", max_width=1920, max_height=1920, copy=False
    )
    doc_staff = fields.Binary(string="Staff Statement", attachment=True, copy=False)
    doc_staff_name = fields.Char(copy=False)
    applied_on = fields.Date(string="Applied On", copy=False, readonly=True)
    approved_by_id = fields.Many2one("res.users", string="Approved By", copy=False, readonly=True)
    approved_on = fields.Date(string="Approved On", copy=False, readonly=True)
    contract_ref = fields.Char(string="Service Contract No.", copy=False)
    contract_date = fields.Date(string="Contract Signed On", copy=False, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Contracting Company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        help="Company that signed the provider contract: its deposit rules, stock and bills.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    deposit_amount = fields.Monetary(string="Quality Deposit", copy=False, tracking=True)
    deposit_due_date = fields.Date(
        string="Deposit Due",
        compute="_compute_deposit_due_date",
        store=True,
        help="The contract date plus the days of the deposit's service level policy.",
    )
    deposit_received_date = fields.Date(string="Deposit Received On", copy=False, tracking=True)
    deposit_overdue = fields.Boolean(
        string="Deposit Overdue",
        compute="_compute_deposit_overdue",
        search="_search_deposit_overdue",
    )
    activated_on = fields.Date(string="Contract Effective On", copy=False, readonly=True)
    certificate_number = fields.Char(string="Certificate No.", copy=False, readonly=True)
    supervision_card = fields.Char(string="Supervision Card No.", copy=False)
    consignment_location_id = fields.Many2one(
        "stock.location",
        string="Consignment Location",
        copy=False,
        readonly=True,
        help="Internal location holding the spare parts supplied to this provider.",
    )
    fee_rule_ids = fields.One2many(
        "aftersales.provider.fee.rule",
        "provider_id",
        string="Own Fee Rules",
        help="The fees negotiated with this provider; they win over the fees of every provider.",
    )
    fee_rule_count = fields.Integer(string="Own Fees", compute="_compute_fee_rule_count")
    # ------------------------------------------------------------------ scorecard
    job_count = fields.Integer(string="Jobs", compute="_compute_scorecard")
    done_count = fields.Integer(string="Jobs Done", compute="_compute_scorecard")
    on_time_rate = fields.Float(
        string="On-time Rate (%)",
        compute="_compute_scorecard",
        help="Jobs done before their promised completion time, in % of the jobs done.",
    )
    rating = fields.Float(
        string="Customer Rating",
        compute="_compute_scorecard",
        help="Average customer rating, when a survey addon provides it.",
    )
    late_return_count = fields.Integer(string="Late Old Parts", compute="_compute_scorecard")
    settlement_count = fields.Integer(string="Settlements", compute="_compute_scorecard")

    _sql_constraints = [
        (
            "partner_company_unique",
            "unique(partner_id, company_id)",
            "This partner is already a service provider of this company.",
        ),
    ]

    # ------------------------------------------------------------------ service level
    @api.model
    def _sla_duty_specs(self):
        return {
            "deposit": {
                "label": self.env._("Quality deposit received"),
                "start": "contract_date",
                "done": "deposit_received_date",
                "deadline": "deposit_due_date",
                "date": True,
                "open": [("state", "=", "approved")],
                "late": self.env._("Provider deposit overdue"),
            },
        }

    @api.model
    def _sla_report_user_field(self):
        return "approved_by_id"

    def _sla_on_late(self, duty, reason):
        """A to-do for the approving manager on each provider whose deposit is past due,
        once."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for provider in self:
            user = provider.approved_by_id or self.env.user
            user_env = user._aftersales_lang_env()
            summary = self.with_env(user_env)._sla_late_text(duty)
            if provider.activity_ids.filtered(
                lambda a, texts=(reason, summary): a.activity_type_id == todo and a.summary in texts
            ):
                continue
            provider.activity_schedule(
                activity_type_id=todo.id,
                summary=summary,
                note=user_env._(
                    "The quality deposit was due on %(date)s.",
                    date=format_date(user_env, provider.deposit_due_date),
                ),
                user_id=user.id,
            )

    @api.depends("contract_date", "company_id")
    def _compute_deposit_due_date(self):
        dues = self._sla_due_dates("deposit", {p: p.contract_date for p in self})
        for provider in self:
            provider.deposit_due_date = dues.get(provider) or False

    @api.depends("deposit_due_date", "deposit_received_date")
    def _compute_deposit_overdue(self):
        today = self.company_id._aftersales_today_by_company()
        for provider in self:
            provider.deposit_overdue = bool(
                provider.deposit_due_date
                and not provider.deposit_received_date
                and provider.deposit_due_date < today[provider.company_id or self.env.company]
            )

    def _search_deposit_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported: %(op)s", op=operator))
        domain = [
            ("deposit_due_date", "<", self.env.company._aftersales_local_date()),
            ("deposit_received_date", "=", False),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    @api.depends("fee_rule_ids")
    def _compute_fee_rule_count(self):
        for provider in self:
            provider.fee_rule_count = len(provider.fee_rule_ids)

    # ------------------------------------------------------------------ scorecard
    def _compute_scorecard(self):
        stats = self._scorecard_stats() if self.ids else {}
        ratings = self._scorecard_rating() if self.ids else {}
        for provider in self:
            stat = stats.get(provider.partner_id.id, {})
            done = stat.get("done", 0)
            provider.job_count = stat.get("jobs", 0)
            provider.done_count = done
            provider.on_time_rate = 100.0 * stat.get("on_time", 0) / done if done else 0.0
            provider.rating = ratings.get(provider.partner_id.id, 0.0)
            provider.late_return_count = stat.get("late_returns", 0)
            provider.settlement_count = stat.get("settlements", 0)

    def _scorecard_stats(self):
        """Scorecard counts of these providers with a fixed number of queries.

        Returns ``{partner_id: {"jobs", "done", "on_time", "late_returns", "settlements"}}``.
        On time means done no later than the promised completion time.
        """
        partners = self.partner_id
        stats = {partner.id: {} for partner in partners}
        if not partners:
            return stats
        Request = self.env["aftersales.service.request"]
        Request.flush_model(["provider_id", "state", "date_done", "completion_deadline"])
        self.env.cr.execute(
            """
            SELECT provider_id,
                   count(*),
                   count(*) FILTER (WHERE state IN ('done', 'closed')),
                   count(*) FILTER (WHERE state IN ('done', 'closed')
                                    AND (completion_deadline IS NULL
                                         OR date_done <= completion_deadline))
              FROM aftersales_service_request
             WHERE provider_id IN %s AND state != 'cancelled'
          GROUP BY provider_id
            """,
            [tuple(partners.ids)],
        )
        for partner_id, jobs, done, on_time in self.env.cr.fetchall():
            stats[partner_id].update(jobs=jobs, done=done, on_time=on_time)
        for partner, count in self.env["aftersales.old.part.return"]._read_group(
            [("provider_id", "in", partners.ids), ("is_late", "=", True)],
            ["provider_id"],
            ["__count"],
        ):
            stats[partner.id]["late_returns"] = count
        for partner, count in self.env["aftersales.provider.settlement"]._read_group(
            [("provider_id", "in", partners.ids)], ["provider_id"], ["__count"]
        ):
            stats[partner.id]["settlements"] = count
        return stats

    def _scorecard_rating(self):
        """Hook: average customer rating per provider, ``{partner_id: float}``: empty
        here; the complaint addon reads the return-visit surveys of the provider's jobs."""
        return {}

    # ------------------------------------------------------------------ guards
    @api.model_create_multi
    def create(self, vals_list):
        self = without_defaults(self, ONBOARDING_FIELDS)
        if not self._onboarding_free():
            for vals in vals_list:
                self._check_onboarding_fields(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        if not self._onboarding_free():
            self._check_onboarding_fields(vals)
        return super().write(vals)

    def _onboarding_free(self):
        """Inside an onboarding step, or while Odoo loads a module's data files (the
        registry serves no request yet): the same rule as ``aftersales.frozen.mixin``."""
        return in_frozen_step() or not self.pool.ready

    @api.model
    def _check_onboarding_fields(self, vals, creating=False):
        """The status, its dates and the stock and certificate it creates change only by
        the onboarding steps (their buttons), never by editing the record."""
        touched = set(ONBOARDING_FIELDS.intersection(vals))
        if creating and vals.get("state", "draft") == "draft":
            touched.discard("state")
        if touched:
            names = ", ".join(
                sorted(self._fields[name].get_description(self.env)["string"] for name in touched)
            )
            raise AccessError(
                self.env._(
                    "A service provider's %(fields)s change only by its onboarding steps "
                    "(register, approve, activate, suspend, terminate).",
                    fields=names,
                )
            )

    def unlink(self):
        for provider in self:
            if provider.state != "draft":
                raise UserError(
                    self.env._(
                        "Service provider %(name)s is past its application: terminate its "
                        "contract instead of deleting it.",
                        name=provider.display_name,
                    )
                )
        return super().unlink()

    # ------------------------------------------------------------------ onboarding
    def _ensure_provider_state(self, states):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for provider in self:
            if provider.state not in states:
                raise UserError(
                    self.env._(
                        "Service provider %(name)s is %(state)s: this step is not possible now.",
                        name=provider.display_name,
                        state=labels.get(provider.state),
                    )
                )

    def _ensure_provider_manager(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._(
                    "Only the product centre manager (after-sales manager) may approve, "
                    "activate, suspend or terminate a service provider."
                )
            )

    def _ensure_provider_documents(self):
        """Business licence, tax registration, shop photo and staff statement."""
        documents = {
            "doc_licence": self.env._("business licence"),
            "doc_tax": self.env._("tax registration"),
            "doc_shop_photo": self.env._("shop front photo"),
            "doc_staff": self.env._("staff statement"),
        }
        for provider in self:
            missing = [label for field, label in documents.items() if not provider[field]]
            if missing:
                raise UserError(
                    self.env._(
                        "Service provider %(name)s: the application lacks %(documents)s.",
                        name=provider.display_name,
                        documents=", ".join(missing),
                    )
                )

    def _write_onboarding(self, vals):
        """The onboarding steps' own write, once their checks passed."""
        self.check_access("write")
        with frozen_steps():
            return self.sudo().write(vals)

    def action_provider_apply(self):
        """Record the application (建点申请) with its documents."""
        self._ensure_provider_state(("draft",))
        self._ensure_provider_documents()
        self._write_onboarding(
            {"state": "applied", "applied_on": self.env["res.company"]._aftersales_default_today()}
        )
        return True

    def _check_provider_conditions(self):
        """Onboarding conditions by market tier: central cities need the full installer
        count, second-tier and county markets the relaxed one."""
        tiers = dict(self._fields["market_tier"]._description_selection(self.env))
        for provider in self:
            company = provider.company_id
            minimum = (
                company.aftersales_provider_min_installers
                if provider.market_tier == "central"
                else company.aftersales_provider_min_installers_relaxed
            )
            if provider.staff_count < minimum:
                raise UserError(
                    self.env._(
                        "Service provider %(name)s has %(count)s installers; a %(tier)s market "
                        "requires at least %(minimum)s.",
                        name=provider.display_name,
                        count=provider.staff_count,
                        tier=tiers.get(provider.market_tier, ""),
                        minimum=minimum,
                    )
                )

    def action_provider_approve(self):
        """The product centre manager approves the application."""
        self._ensure_provider_manager()
        self._ensure_provider_state(("applied",))
        self._ensure_provider_documents()
        self._check_provider_conditions()
        self._write_onboarding(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "approved_on": self.env["res.company"]._aftersales_default_today(),
            }
        )
        return True

    def action_provider_activate(self):
        """The contract takes effect once the deposit is received; the consignment
        location and the certificate number are created."""
        self._ensure_provider_manager()
        self._ensure_provider_state(("approved", "suspended"))
        for provider in self:
            if not provider.contract_date:
                raise UserError(
                    self.env._(
                        "Service provider %(name)s: record the contract date first.",
                        name=provider.display_name,
                    )
                )
            if not provider.deposit_received_date:
                raise UserError(
                    self.env._(
                        "Service provider %(name)s: the contract takes effect only once the "
                        "quality deposit is received.",
                        name=provider.display_name,
                    )
                )
            provider._check_deposit_amount()
        today = self.env["res.company"]._aftersales_default_today()
        for provider in self:
            vals = {"state": "active"}
            if not provider.activated_on:
                vals["activated_on"] = today
            if not provider.certificate_number:
                company = provider.company_id
                vals["certificate_number"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .with_context(tz=company._aftersales_tz())
                    .next_by_code("aftersales.provider.certificate")
                    or "/"
                )
            if not provider.consignment_location_id:
                vals["consignment_location_id"] = provider._create_consignment_location().id
            provider._write_onboarding(vals)
        return True

    def action_provider_suspend(self):
        self._ensure_provider_manager()
        self._ensure_provider_state(("active",))
        self._write_onboarding({"state": "suspended"})
        return True

    def action_provider_terminate(self):
        self._ensure_provider_manager()
        self._ensure_provider_state(("draft", "applied", "approved", "active", "suspended"))
        self._write_onboarding({"state": "terminated"})
        return True

    @api.constrains("deposit_amount", "deposit_received_date")
    def _check_deposit_amount(self):
        for provider in self:
            minimum = provider.company_id.aftersales_provider_deposit_min
            if provider.deposit_amount and provider.deposit_amount < minimum:
                raise ValidationError(
                    self.env._(
                        "Service provider %(name)s: the quality deposit %(amount)s is below "
                        "the minimum of %(minimum)s.",
                        name=provider.display_name,
                        amount=format_amount(
                            self.env, provider.deposit_amount, provider.company_id.currency_id
                        ),
                        minimum=format_amount(self.env, minimum, provider.company_id.currency_id),
                    )
                )
            if provider.deposit_received_date and not provider.deposit_amount:
                raise ValidationError(
                    self.env._(
                        "Service provider %(name)s: enter the deposit amount received.",
                        name=provider.display_name,
                    )
                )

    # ------------------------------------------------------------------ stock
    def _prepare_consignment_location_vals(self, warehouse):
        """Consignment location of a provider. Called by
        :meth:`_create_consignment_location`."""
        self.ensure_one()
        return {
            "name": self.env._("Provider %(name)s", name=self.display_name),
            "usage": "internal",
            "location_id": warehouse.view_location_id.id,
            "company_id": warehouse.company_id.id,
        }

    def _create_consignment_location(self):
        self.ensure_one()
        warehouse = self.company_id._aftersales_warehouse()
        return (
            self.env["stock.location"]
            .sudo()
            .create(self._prepare_consignment_location_vals(warehouse))
        )

    def action_provider_replenish(self):
        """Open a draft internal transfer from the warehouse stock to the consignment."""
        self.ensure_one()
        self._ensure_provider_state(("active",))
        warehouse = self.company_id._aftersales_warehouse()
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.int_type_id.id,
                "partner_id": self.partner_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.consignment_location_id.id,
                "origin": self.display_name,
                "company_id": warehouse.company_id.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_provider_stock(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Consignment Stock"),
            "res_model": "stock.quant",
            "view_mode": "list",
            "domain": [("location_id", "child_of", self.consignment_location_id.id)],
        }

    def action_view_provider_settlements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_provider_settlement"
        )
        action["domain"] = [("provider_id", "=", self.partner_id.id)]
        action["context"] = {"default_provider_id": self.partner_id.id}
        return action

    def action_view_provider_jobs(self):
        self.ensure_one()
        return self.partner_id.action_view_provider_jobs()

    def action_view_fee_rules(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_provider_fee_rule"
        )
        action["domain"] = [("provider_id", "=", self.id)]
        action["context"] = {"default_provider_id": self.id}
        return action

    def action_print_provider_certificate(self):
        self._ensure_provider_state(("active",))
        return self.env.ref(
            "aftersales_service.action_report_aftersales_provider_certificate"
        ).report_action(self)
