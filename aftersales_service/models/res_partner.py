from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_zone_id = fields.Many2one(
        "aftersales.zone",
        string="Service Zone",
        help="Decides the on-site arrival deadline of this customer's service requests.",
    )
    aftersales_lot_ids = fields.One2many(
        "stock.lot", "aftersales_partner_id", string="Installed Base"
    )
    aftersales_return_tolerance = fields.Float(
        string="Over-Quantity Acceptance (%)",
        help="超量允收比率: returned quantity above the approved one is settled as received "
        "up to this percentage. 0 uses the company default.",
    )

    # ================================================================== providers
    # Contracted service provider (签约技术服务单位, seed 001): onboarding, deposit,
    # consignment stock and scorecard.
    aftersales_distance_km = fields.Float(
        string="Distance to Service Point (km)",
        help="Trip distance of a job at this customer; picks the provider fee's distance band.",
    )
    aftersales_provider_state = fields.Selection(
        [
            ("applied", "Applied"),
            ("approved", "Approved"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("terminated", "Terminated"),
        ],
        string="Provider Status",
        copy=False,
        index=True,
        tracking=True,
        help="Empty for partners that are not contracted service providers. Only active "
        "providers can be dispatched.",
    )
    aftersales_provider_type = fields.Selection(
        [
            ("installation", "Installation"),
            ("repair", "Repair"),
            ("both", "Installation and Repair"),
        ],
        string="Provider Type",
        default="both",
        help="A provider may hold the installation contract, the repair contract or both.",
    )
    aftersales_market_tier = fields.Selection(
        [("central", "Central City"), ("second", "Second-tier"), ("county", "County")],
        string="Market Tier",
        default="central",
        help="Onboarding conditions may be relaxed in second-tier and county markets.",
    )
    aftersales_staff_count = fields.Integer(string="Installers on Staff")
    aftersales_doc_licence = fields.Binary(string="Business Licence", attachment=True, copy=False)
    aftersales_doc_licence_name = fields.Char(copy=False)
    aftersales_doc_tax = fields.Binary(string="Tax Registration", attachment=True, copy=False)
    aftersales_doc_tax_name = fields.Char(copy=False)
    aftersales_doc_shop_photo = fields.Image(
        string="Shop Front Photo", max_width=1920, max_height=1920, copy=False
    )
    aftersales_doc_staff = fields.Binary(string="Staff Statement", attachment=True, copy=False)
    aftersales_doc_staff_name = fields.Char(copy=False)
    aftersales_applied_on = fields.Date(string="Applied On", copy=False, readonly=True)
    aftersales_approved_by_id = fields.Many2one(
        "res.users", string="Approved By", copy=False, readonly=True
    )
    aftersales_approved_on = fields.Date(string="Approved On", copy=False, readonly=True)
    aftersales_provider_contract_ref = fields.Char(string="Service Contract No.", copy=False)
    aftersales_provider_contract_date = fields.Date(
        string="Contract Signed On", copy=False, tracking=True
    )
    aftersales_provider_company_id = fields.Many2one(
        "res.company",
        string="Contracting Company",
        default=lambda self: self.env.company,
        help="Company that signed the provider contract: its deposit rules, stock and bills.",
    )
    aftersales_provider_currency_id = fields.Many2one(
        related="aftersales_provider_company_id.currency_id", string="Provider Currency"
    )
    aftersales_deposit_amount = fields.Monetary(
        string="Quality Deposit",
        currency_field="aftersales_provider_currency_id",
        copy=False,
        tracking=True,
    )
    aftersales_deposit_due_date = fields.Date(
        string="Deposit Due",
        compute="_compute_aftersales_deposit_due_date",
        store=True,
        help="Contract date plus the company's deposit days (15 by default).",
    )
    aftersales_deposit_received_date = fields.Date(
        string="Deposit Received On", copy=False, tracking=True
    )
    aftersales_deposit_overdue = fields.Boolean(
        string="Deposit Overdue",
        compute="_compute_aftersales_deposit_overdue",
        search="_search_aftersales_deposit_overdue",
    )
    aftersales_activated_on = fields.Date(string="Contract Effective On", copy=False, readonly=True)
    aftersales_certificate_number = fields.Char(string="Certificate No.", copy=False, readonly=True)
    aftersales_supervision_card = fields.Char(string="Supervision Card No.", copy=False)
    aftersales_consignment_location_id = fields.Many2one(
        "stock.location",
        string="Consignment Location",
        copy=False,
        readonly=True,
        help="Internal location holding the spare parts supplied to this provider.",
    )
    aftersales_provider_job_count = fields.Integer(
        string="Provider Jobs", compute="_compute_aftersales_scorecard"
    )
    aftersales_provider_done_count = fields.Integer(
        string="Jobs Done", compute="_compute_aftersales_scorecard"
    )
    aftersales_provider_on_time_rate = fields.Float(
        string="On-time Rate (%)",
        compute="_compute_aftersales_scorecard",
        help="Jobs done before their promised completion time, in % of the jobs done.",
    )
    aftersales_provider_rating = fields.Float(
        string="Customer Rating",
        compute="_compute_aftersales_scorecard",
        help="Average customer rating, when a survey addon provides it.",
    )
    aftersales_provider_late_return_count = fields.Integer(
        string="Late Old Parts", compute="_compute_aftersales_scorecard"
    )
    aftersales_settlement_count = fields.Integer(compute="_compute_aftersales_scorecard")

    @api.depends("aftersales_provider_contract_date", "aftersales_provider_company_id")
    def _compute_aftersales_deposit_due_date(self):
        for partner in self:
            company = partner.aftersales_provider_company_id or self.env.company
            partner.aftersales_deposit_due_date = partner.aftersales_provider_contract_date and (
                partner.aftersales_provider_contract_date
                + timedelta(days=company.aftersales_provider_deposit_days)
            )

    @api.depends("aftersales_deposit_due_date", "aftersales_deposit_received_date")
    def _compute_aftersales_deposit_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.aftersales_deposit_overdue = bool(
                partner.aftersales_deposit_due_date
                and not partner.aftersales_deposit_received_date
                and partner.aftersales_deposit_due_date < today
            )

    def _search_aftersales_deposit_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported: %(op)s", op=operator))
        domain = [
            ("aftersales_deposit_due_date", "<", fields.Date.context_today(self)),
            ("aftersales_deposit_received_date", "=", False),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    def _compute_aftersales_scorecard(self):
        providers = self.filtered("aftersales_provider_state")
        (self - providers).update(
            {
                "aftersales_provider_job_count": 0,
                "aftersales_provider_done_count": 0,
                "aftersales_provider_on_time_rate": 0.0,
                "aftersales_provider_rating": 0.0,
                "aftersales_provider_late_return_count": 0,
                "aftersales_settlement_count": 0,
            }
        )
        if not providers:
            return
        stats = providers._aftersales_provider_stats()
        ratings = providers._aftersales_provider_rating()
        for partner in providers:
            stat = stats.get(partner.id, {})
            done = stat.get("done", 0)
            partner.aftersales_provider_job_count = stat.get("jobs", 0)
            partner.aftersales_provider_done_count = done
            partner.aftersales_provider_on_time_rate = (
                100.0 * stat.get("on_time", 0) / done if done else 0.0
            )
            partner.aftersales_provider_rating = ratings.get(partner.id, 0.0)
            partner.aftersales_provider_late_return_count = stat.get("late_returns", 0)
            partner.aftersales_settlement_count = stat.get("settlements", 0)

    def _aftersales_provider_stats(self):
        """Scorecard counts of these providers with a fixed number of queries.

        Returns ``{partner_id: {"jobs", "done", "on_time", "late_returns", "settlements"}}``.
        On time means done no later than the promised completion time.
        """
        stats = {partner.id: {} for partner in self}
        self.env["aftersales.service.request"].flush_model(
            ["provider_id", "state", "date_done", "completion_deadline"]
        )
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
            [tuple(self.ids)],
        )
        for provider_id, jobs, done, on_time in self.env.cr.fetchall():
            stats[provider_id].update(jobs=jobs, done=done, on_time=on_time)
        for provider, count in self.env["aftersales.old.part.return"]._read_group(
            [("provider_id", "in", self.ids), ("is_late", "=", True)],
            ["provider_id"],
            ["__count"],
        ):
            stats[provider.id]["late_returns"] = count
        for provider, count in self.env["aftersales.provider.settlement"]._read_group(
            [("provider_id", "in", self.ids)], ["provider_id"], ["__count"]
        ):
            stats[provider.id]["settlements"] = count
        return stats

    def _aftersales_provider_rating(self):
        """Hook: average customer rating per provider, ``{partner_id: float}``.

        Reads a field ``aftersales_rating_avg`` when another addon (surveys) adds one to
        the partner; otherwise empty. Override to compute the rating differently.
        """
        if "aftersales_rating_avg" not in self._fields:
            return {}
        return {partner.id: partner.aftersales_rating_avg or 0.0 for partner in self}

    # ------------------------------------------------------------------ onboarding
    def _ensure_provider_state(self, states):
        labels = dict(self._fields["aftersales_provider_state"]._description_selection(self.env))
        for partner in self:
            if partner.aftersales_provider_state not in states:
                raise UserError(
                    self.env._(
                        "Service provider %(name)s is %(state)s: this step is not possible now.",
                        name=partner.display_name,
                        state=labels.get(partner.aftersales_provider_state)
                        or self.env._("not a provider"),
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
        """Business licence, tax registration, shop photo and staff statement (PV-C03)."""
        documents = {
            "aftersales_doc_licence": self.env._("business licence"),
            "aftersales_doc_tax": self.env._("tax registration"),
            "aftersales_doc_shop_photo": self.env._("shop front photo"),
            "aftersales_doc_staff": self.env._("staff statement"),
        }
        for partner in self:
            missing = [label for field, label in documents.items() if not partner[field]]
            if missing:
                raise UserError(
                    self.env._(
                        "Service provider %(name)s: the application lacks %(documents)s.",
                        name=partner.display_name,
                        documents=", ".join(missing),
                    )
                )

    def action_provider_apply(self):
        """Record the application (建点申请) with its documents."""
        for partner in self:
            if partner.aftersales_provider_state:
                partner._ensure_provider_state(())
        self._ensure_provider_documents()
        # after-sales users may lack the contact-edition right: the checks above guard it
        self.sudo().write(
            {
                "aftersales_provider_state": "applied",
                "aftersales_applied_on": fields.Date.context_today(self),
            }
        )
        return True

    def _check_provider_conditions(self):
        """Onboarding conditions by market tier (PV-C10, PV-C11): central cities need the
        full installer count, second-tier and county markets the relaxed one."""
        tiers = dict(self._fields["aftersales_market_tier"]._description_selection(self.env))
        for partner in self:
            company = partner.aftersales_provider_company_id or self.env.company
            minimum = (
                company.aftersales_provider_min_installers
                if partner.aftersales_market_tier in ("central", False)
                else company.aftersales_provider_min_installers_relaxed
            )
            if partner.aftersales_staff_count < minimum:
                raise UserError(
                    self.env._(
                        "Service provider %(name)s has %(count)s installers; a %(tier)s market "
                        "requires at least %(minimum)s.",
                        name=partner.display_name,
                        count=partner.aftersales_staff_count,
                        tier=tiers.get(partner.aftersales_market_tier, ""),
                        minimum=minimum,
                    )
                )

    def action_provider_approve(self):
        """The product centre manager approves the application (PV-C04, PV-C05)."""
        self._ensure_provider_manager()
        self._ensure_provider_state(("applied",))
        self._ensure_provider_documents()
        self._check_provider_conditions()
        self.sudo().write(
            {
                "aftersales_provider_state": "approved",
                "aftersales_approved_by_id": self.env.user.id,
                "aftersales_approved_on": fields.Date.context_today(self),
            }
        )
        return True

    def action_provider_activate(self):
        """The contract takes effect once the deposit is received (PV-C08); the
        consignment location and the certificate number are created."""
        self._ensure_provider_manager()
        self._ensure_provider_state(("approved", "suspended"))
        for partner in self:
            if not partner.aftersales_provider_contract_date:
                raise UserError(
                    self.env._(
                        "Service provider %(name)s: record the contract date first.",
                        name=partner.display_name,
                    )
                )
            if not partner.aftersales_deposit_received_date:
                raise UserError(
                    self.env._(
                        "Service provider %(name)s: the contract takes effect only once the "
                        "quality deposit is received.",
                        name=partner.display_name,
                    )
                )
            partner._check_aftersales_deposit_amount()
        today = fields.Date.context_today(self)
        for partner in self:
            vals = {"aftersales_provider_state": "active"}
            if not partner.aftersales_activated_on:
                vals["aftersales_activated_on"] = today
            if not partner.aftersales_certificate_number:
                company = partner.aftersales_provider_company_id or self.env.company
                vals["aftersales_certificate_number"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .with_context(tz=company._aftersales_tz())
                    .next_by_code("aftersales.provider.certificate")
                    or "/"
                )
            if not partner.aftersales_consignment_location_id:
                vals["aftersales_consignment_location_id"] = (
                    partner._aftersales_create_consignment_location().id
                )
            partner.sudo().write(vals)
        return True

    def action_provider_suspend(self):
        self._ensure_provider_manager()
        self._ensure_provider_state(("active",))
        self.sudo().write({"aftersales_provider_state": "suspended"})
        return True

    def action_provider_terminate(self):
        self._ensure_provider_manager()
        self._ensure_provider_state(("applied", "approved", "active", "suspended"))
        self.sudo().write({"aftersales_provider_state": "terminated"})
        return True

    @api.constrains("aftersales_deposit_amount")
    def _check_aftersales_deposit_amount(self):
        for partner in self:
            company = partner.aftersales_provider_company_id or self.env.company
            minimum = company.aftersales_provider_deposit_min
            if partner.aftersales_deposit_amount and (partner.aftersales_deposit_amount < minimum):
                raise ValidationError(
                    self.env._(
                        "Service provider %(name)s: the quality deposit %(amount)s is below "
                        "the minimum of %(minimum)s.",
                        name=partner.display_name,
                        amount=partner.aftersales_deposit_amount,
                        minimum=minimum,
                    )
                )
            if partner.aftersales_deposit_received_date and not partner.aftersales_deposit_amount:
                raise ValidationError(
                    self.env._(
                        "Service provider %(name)s: enter the deposit amount received.",
                        name=partner.display_name,
                    )
                )

    @api.model
    def _cron_aftersales_deposit_overdue(self):
        """Daily: a to-do for the approving manager on each provider whose deposit is past
        due (PV-C06), once."""
        partners = self.search(
            [
                ("aftersales_provider_state", "=", "approved"),
                ("aftersales_deposit_overdue", "=", True),
            ]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        done = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partners.ids),
                ("activity_type_id", "=", todo.id),
                ("summary", "=", self.env._("Provider deposit overdue")),
            ]
        )
        for partner in partners.filtered(lambda p: p.id not in done.mapped("res_id")):
            partner.activity_schedule(
                activity_type_id=todo.id,
                summary=self.env._("Provider deposit overdue"),
                note=self.env._(
                    "The quality deposit was due on %(date)s.",
                    date=partner.aftersales_deposit_due_date,
                ),
                user_id=(partner.aftersales_approved_by_id or self.env.user).id,
            )
        return partners

    # ------------------------------------------------------------------ stock
    def _prepare_aftersales_consignment_location_vals(self, warehouse):
        """Consignment location of a provider. Called by
        :meth:`_aftersales_create_consignment_location`."""
        self.ensure_one()
        return {
            "name": self.env._("Provider %(name)s", name=self.display_name),
            "usage": "internal",
            "location_id": warehouse.view_location_id.id,
            "company_id": warehouse.company_id.id,
        }

    def _aftersales_provider_warehouse(self):
        self.ensure_one()
        company = self.aftersales_provider_company_id or self.env.company
        return company._aftersales_warehouse()

    def _aftersales_create_consignment_location(self):
        self.ensure_one()
        warehouse = self._aftersales_provider_warehouse()
        return (
            self.env["stock.location"]
            .sudo()
            .create(self._prepare_aftersales_consignment_location_vals(warehouse))
        )

    def action_provider_replenish(self):
        """Open a draft internal transfer from WH/Stock to the provider's consignment."""
        self.ensure_one()
        self._ensure_provider_state(("active",))
        warehouse = self._aftersales_provider_warehouse()
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": warehouse.int_type_id.id,
                "partner_id": self.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.aftersales_consignment_location_id.id,
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
            "domain": [("location_id", "child_of", self.aftersales_consignment_location_id.id)],
        }

    def action_view_provider_settlements(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_provider_settlement"
        )
        action["domain"] = [("provider_id", "=", self.id)]
        action["context"] = {"default_provider_id": self.id}
        return action

    def action_view_provider_jobs(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Provider Jobs"),
            "res_model": "aftersales.service.request",
            "view_mode": "list,form",
            "domain": [("provider_id", "=", self.id)],
            "context": {"default_provider_id": self.id},
        }

    def action_print_provider_certificate(self):
        self._ensure_provider_state(("active",))
        return self.env.ref(
            "aftersales_service.action_report_aftersales_provider_certificate"
        ).report_action(self)
