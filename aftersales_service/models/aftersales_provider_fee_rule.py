from collections import defaultdict

from odoo import api, fields, models


class AftersalesProviderFeeRule(models.Model):
    """Fee paid to a contracted provider for one job (安装费/维修费结算原则, gap G-02).

    A rule is chosen per job by product category (the closest parent wins), job type
    and distance band (a rule without band fits any distance); a provider's own rules (its
    negotiated fees) win over the rules of every provider. The seeds give no rates:
    everything here is company data.
    """

    _name = "aftersales.provider.fee.rule"
    _description = "Provider Fee Rule"
    _order = "company_id, provider_id desc, kind, categ_id, distance_band_id, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    categ_id = fields.Many2one(
        "product.category", string="Product Category", required=True, index=True
    )
    kind = fields.Selection(
        selection="_selection_kind", string="Job Type", required=True, index=True
    )
    distance_band_id = fields.Many2one(
        "aftersales.distance.band",
        string="Distance Band",
        check_company=True,
        help="Empty: any distance.",
    )
    provider_id = fields.Many2one(
        "aftersales.provider",
        string="Provider",
        index=True,
        ondelete="cascade",
        check_company=True,
        help="Empty: every provider. A provider's own fee wins over the fee of every provider.",
    )
    amount = fields.Monetary(string="Fee", required=True)
    active = fields.Boolean(default=True)
    display_name = fields.Char(compute="_compute_display_name")

    _sql_constraints = [
        (
            "rule_unique",
            "unique(company_id, categ_id, kind, distance_band_id, provider_id)",
            "A fee rule already exists for this product category, job type, distance band "
            "and provider.",
        ),
        ("amount_positive", "check(amount >= 0)", "A provider fee cannot be negative."),
    ]

    @api.model
    def _selection_kind(self):
        return (
            self.env["aftersales.service.request"]._fields["kind"]._description_selection(self.env)
        )

    @api.depends("categ_id", "kind", "distance_band_id", "provider_id")
    def _compute_display_name(self):
        kinds = dict(self._selection_kind())
        for rule in self:
            parts = [kinds.get(rule.kind, ""), rule.categ_id.display_name or ""]
            if rule.distance_band_id:
                parts.append(rule.distance_band_id.name)
            if rule.provider_id:
                parts.append(rule.provider_id.display_name)
            rule.display_name = " / ".join(p for p in parts if p)

    @api.model
    def _matcher(self, companies):
        """Rule matching for many jobs of ``companies`` from one read of their rules and
        one of their distance bands.

        Returns a function ``match(company_id, categ, kind, km, provider_id=False)`` giving
        the rule of one job (an empty recordset where none fits): the band holding ``km``
        (bands ordered by their start), then the closest category up the job's category's
        parents with a rule of that band, or of no band; the provider's own rules first,
        then the rules of every provider. Results are remembered per (company, category,
        job type, band, provider): thousands of jobs cost a few dict lookups each.
        """
        rules = self.search_fetch(
            [("company_id", "in", companies.ids)],
            ["company_id", "categ_id", "kind", "distance_band_id", "provider_id", "amount"],
        )
        # same precedence as a search per company: the last rule of the order wins
        table = {
            (
                rule.company_id.id,
                rule.categ_id.id,
                rule.kind,
                rule.distance_band_id.id,
                rule.provider_id.id,
            ): rule
            for rule in rules
        }
        bands = defaultdict(list)
        for band in self.env["aftersales.distance.band"].search_fetch(
            [("company_id", "in", companies.ids)], ["company_id", "km_from", "km_to"]
        ):
            bands[band.company_id.id].append((band.km_from, band.km_to, band.id))
        empty = self.browse()
        chains = {}
        memo = {}

        def match(company_id, categ, kind, km, provider_id=False):
            km = km or 0.0
            band_id = next(
                (
                    band_id
                    for km_from, km_to, band_id in bands[company_id]
                    if km_from <= km and (not km_to or km < km_to)
                ),
                False,
            )
            key = (company_id, categ.id, kind, band_id, provider_id)
            if key in memo:
                return memo[key]
            chain = chains.get(categ.id)
            if chain is None:
                path = (categ.parent_path or "").strip("/").split("/")
                chain = chains[categ.id] = [int(c) for c in reversed(path) if c]
            rule = empty
            for owner in dict.fromkeys((provider_id, False)):
                for categ_id in chain:
                    rule = table.get((company_id, categ_id, kind, band_id, owner)) or table.get(
                        (company_id, categ_id, kind, False, owner)
                    )
                    if rule:
                        break
                if rule:
                    break
            memo[key] = rule or empty
            return memo[key]

        return match

    @api.model
    def _match(self, company, items):
        """Rules for many jobs with two queries (see :meth:`_matcher`).

        ``items`` is a list of ``(categ, kind, km)`` or ``(categ, kind, km, provider)``
        (an ``aftersales.provider``); returns the list of matching rules (an empty
        recordset where none fits) in the same order.
        """
        match = self._matcher(company)
        return [
            match(company.id, item[0], item[1], item[2], len(item) > 3 and item[3].id)
            for item in items
        ]
