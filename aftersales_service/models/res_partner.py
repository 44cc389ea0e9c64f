from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        res = super().write(vals)
        # a company without working calendar counts its days in its partner's time zone
        if "tz" in vals and (
            self.env["res.company"].sudo().search_count([("partner_id", "in", self.ids)], limit=1)
        ):
            self.env.registry.clear_cache()
        return res

    def _aftersales_lang_env(self):
        """The environment speaking this partner's language (a user's: the user's): what
        the system writes for them (a credit note's lines for the customer, a vendor
        bill's for the provider, an activity's title for a user) is translated with
        ``partner._aftersales_lang_env()._(...)``. Without a partner or a language: the
        current one."""
        lang = self[:1].lang or self.env.lang
        return self.env(context=dict(self.env.context, lang=lang))

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
    aftersales_distance_km = fields.Float(
        string="Distance to Service Point (km)",
        help="Trip distance of a job at this customer; picks the provider fee's distance band.",
    )
    # ------------------------------------------------------------------ providers
    # The contract, onboarding, deposit, stock and scorecard of a contracted service
    # provider are its own record (aftersales.provider); the partner keeps the link.
    aftersales_provider_ids = fields.One2many(
        "aftersales.provider", "partner_id", string="Service Provider Contracts"
    )
    aftersales_provider_id = fields.Many2one(
        "aftersales.provider",
        string="Service Provider",
        compute="_compute_aftersales_provider_id",
        help="The partner's contract as a service provider of the current company.",
    )
    aftersales_provider_job_count = fields.Integer(
        string="Provider Jobs", compute="_compute_aftersales_provider_job_count"
    )

    @api.depends("commercial_partner_id.aftersales_provider_ids")
    @api.depends_context("company")
    def _compute_aftersales_provider_id(self):
        for partner in self:
            partner.aftersales_provider_id = partner._aftersales_provider(self.env.company)

    def _compute_aftersales_provider_job_count(self):
        counts = dict(
            self.env["aftersales.service.request"]._read_group(
                [("provider_id", "in", self.ids)], ["provider_id"], ["__count"]
            )
        )
        for partner in self:
            partner.aftersales_provider_job_count = counts.get(partner, 0)

    def _aftersales_provider(self, company=None):
        """The provider contract of this partner's company with ``company`` (default the
        current one): the one signed by that company, else any. Empty if none. Read as
        superuser (a job's technician or a portal user reads its status and stock): for
        reading only."""
        self.ensure_one()
        company = company or self.env.company
        contracts = self.commercial_partner_id.sudo().aftersales_provider_ids
        return (contracts.filtered(lambda c: c.company_id == company) or contracts)[:1]

    @api.model
    def _aftersales_provider_domain(self, states=("active",)):
        """Partners whose provider contract is in one of ``states``."""
        return [("aftersales_provider_ids.state", "in", list(states))]

    def action_view_aftersales_provider(self):
        self.ensure_one()
        provider = self._aftersales_provider()
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.provider",
            "view_mode": "form",
            "res_id": provider.id,
            "views": [(False, "form")],
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

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
