# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service level policies: the targets of every timed duty, as data a manager edits.

A policy names a duty of a document (a service request's response, arrival, first contact
or completion; a complaint's closing, first handling or quality report...), the records
it applies to (a domain: service class, kind, zone, market, team, contract...), and its
target: a number of hours or days, working (on the company's after-sales calendar, or the
policy's own) or elapsed. For each record and duty, the first matching policy by sequence
sets the deadline (:class:`~.aftersales_sla_mixin.AftersalesSlaMixin`).
"""

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.safe_eval import safe_eval

from .aftersales_frozen_mixin import frozen_steps
from .res_company import cron_batch_size, cron_progress, in_company_language


class AftersalesSlaPolicy(models.Model):
    _name = "aftersales.sla.policy"
    _description = "Service Level Policy"
    _order = "duty, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(
        default=10, help="The first matching policy (lowest sequence) of a duty applies."
    )
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty: the policy applies to every company."
    )
    duty = fields.Selection(
        selection="_selection_duty",
        required=True,
        index=True,
        help="The timed duty of a document whose deadline this policy sets.",
    )
    model_name = fields.Char(compute="_compute_model_name", store=True)
    domain = fields.Char(
        string="Applies To",
        default="[]",
        required=True,
        help="The records of the duty's document this policy applies to (empty: all).",
    )
    target = fields.Float(required=True, help="Hours or days allowed for the duty.")
    unit = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")],
        required=True,
        default="hours",
    )
    basis = fields.Selection(
        [("working", "Working Time"), ("elapsed", "Elapsed Time")],
        required=True,
        default="working",
        help="Working time counts only the hours or days of the working calendar (no "
        "nights, days off or public holidays); elapsed time counts the clock.",
    )
    from_next_day = fields.Boolean(
        string="Count From the Next Day",
        help="For working days: the day the duty starts does not count; the deadline is the "
        "end of the N-th working day after it. Otherwise days are counted from the moment "
        "the duty starts, in working hours of a day.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Calendar",
        check_company=True,
        help="Empty: the company's after-sales calendar.",
    )
    note = fields.Text(string="Description", translate=True)

    _sql_constraints = [
        ("target_positive", "CHECK(target > 0)", "A service level target must be positive."),
    ]

    # ------------------------------------------------------------------ duties
    @api.model
    def _duty_models(self):
        """The models with timed duties (they inherit ``aftersales.sla.mixin``)."""
        return sorted(
            name
            for name in self.env["aftersales.sla.mixin"]._inherit_children
            if name in self.env and not self.env[name]._abstract
        )

    @api.model
    def _selection_duty(self):
        selection = []
        for model_name in self._duty_models():
            Model = self.env[model_name]
            document = Model._description
            for code, spec in Model._sla_duty_specs().items():
                selection.append(
                    (
                        f"{model_name}:{code}",
                        self.env._("%(document)s: %(duty)s", document=document, duty=spec["label"]),
                    )
                )
        return selection

    @api.depends("duty")
    def _compute_model_name(self):
        for policy in self:
            policy.model_name = policy.duty and policy.duty.split(":")[0]

    # ------------------------------------------------------------------ lookup
    @api.model
    @tools.ormcache("model_name", "company_ids")
    def _policy_ids_by_duty(self, model_name, company_ids):
        """``{duty: (policy ids by sequence)}`` of the active policies of a model for these
        companies (and all): read for every deadline of every record, so kept in the
        registry's cache, cleared when a policy is created, changed or deleted."""
        result = {}
        policies = self.sudo().search(
            [("model_name", "=", model_name), ("company_id", "in", [False, *company_ids])]
        )
        for policy in policies:
            result.setdefault(policy.duty, []).append(policy.id)
        return {duty: tuple(ids) for duty, ids in result.items()}

    def _policies_for(self, model_name, duty, companies):
        """The policies of ``duty`` of ``model_name`` for ``companies``, by sequence; all
        the model's policies read at once when the first is."""
        by_duty = self._policy_ids_by_duty(model_name, tuple(sorted(companies.ids)))
        every = [policy_id for ids in by_duty.values() for policy_id in ids]
        return (
            self.sudo().browse(by_duty.get(f"{model_name}:{duty}", ())).with_prefetch(tuple(every))
        )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    def _parsed_domain(self):
        self.ensure_one()
        return safe_eval(self.domain or "[]", {"datetime": fields.Datetime, "context_today": None})

    @api.constrains("domain", "duty")
    def _check_domain(self):
        for policy in self:
            try:
                domain = policy._parsed_domain()
                if policy.model_name in self.env:
                    self.env[policy.model_name].sudo().search_count(domain, limit=1)
            except Exception as error:  # any fault of the typed domain
                raise ValidationError(
                    self.env._(
                        "Service level policy %(policy)s: the records it applies to "
                        "(%(domain)s) are not a valid filter: %(error)s",
                        policy=policy.name,
                        domain=policy.domain,
                        error=error,
                    )
                ) from error

    @api.constrains("unit", "target", "from_next_day")
    def _check_target(self):
        for policy in self:
            if policy.from_next_day and policy.unit != "days":
                raise ValidationError(
                    self.env._(
                        "Service level policy %(policy)s: only a target in days can be "
                        "counted from the next day.",
                        policy=policy.name,
                    )
                )

    # ------------------------------------------------------------------ upgrades
    @api.model
    def _column_exists(self, table, column):
        self.env.cr.execute(
            "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
            (table, column),
        )
        return bool(self.env.cr.fetchone())

    @api.model
    def _carry_over_company_targets(self, module, targets):
        """Upgrades: a company-specific copy of a shipped policy, placed before it, where a
        company's old setting (a column of res_company, kept by the database after the
        field went) differs from the shipped target.

        :param targets: ``{column: (policy xmlid in module, default of the old field)}``
        """
        for column, (xmlid, default) in targets.items():
            policy = self.env.ref(f"{module}.{xmlid}", raise_if_not_found=False)
            if not policy or not self._column_exists("res_company", column):
                continue
            self.env.cr.execute(
                SQL(
                    "SELECT id, %s FROM res_company WHERE %s IS NOT NULL",
                    SQL.identifier(column),
                    SQL.identifier(column),
                )
            )
            for company_id, value in self.env.cr.fetchall():
                if value and value not in (default, policy.target):
                    policy.copy(
                        {
                            "company_id": company_id,
                            "target": value,
                            "sequence": policy.sequence - 1,
                        }
                    )

    # ------------------------------------------------------------------ sweep
    @api.model
    @in_company_language
    def _cron_sweep(self, now=None):
        """One scheduled sweep of every timed duty of every document with duties; run by
        the cron worker, in committed batches (:func:`cron_batch_size`)."""
        limit = cron_batch_size(self.env)
        done = left = 0
        for model_name in self._duty_models():
            with frozen_steps():
                model_done, model_left = self.env[model_name]._sla_sweep(now, limit=limit)
            done += model_done
            left += model_left
        cron_progress(self.env, done, left)
        return True
