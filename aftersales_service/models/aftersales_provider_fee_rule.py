from odoo import api, fields, models


class AftersalesProviderFeeRule(models.Model):
    """Fee paid to a contracted provider for one job (安装费/维修费结算原则, gap G-02).

    A rule is chosen per job by product category (the closest parent wins), job type
    and distance band (a rule without band fits any distance). The seeds give no rates:
    everything here is company data.
    """

    _name = "aftersales.provider.fee.rule"
    _description = "Provider Fee Rule"
    _order = "company_id, kind, categ_id, distance_band_id, id"
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
    amount = fields.Monetary(string="Fee", required=True)
    active = fields.Boolean(default=True)
    display_name = fields.Char(compute="_compute_display_name")

    _sql_constraints = [
        (
            "rule_unique",
            "unique(company_id, categ_id, kind, distance_band_id)",
            "A fee rule already exists for this product category, job type and distance band.",
        ),
        ("amount_positive", "check(amount >= 0)", "A provider fee cannot be negative."),
    ]

    @api.model
    def _selection_kind(self):
        return (
            self.env["aftersales.service.request"]._fields["kind"]._description_selection(self.env)
        )

    @api.depends("categ_id", "kind", "distance_band_id")
    def _compute_display_name(self):
        kinds = dict(self._selection_kind())
        for rule in self:
            parts = [kinds.get(rule.kind, ""), rule.categ_id.display_name or ""]
            if rule.distance_band_id:
                parts.append(rule.distance_band_id.name)
            rule.display_name = " / ".join(p for p in parts if p)

    @api.model
    def _match(self, company, items):
        """Rules for many jobs with one query.

        ``items`` is a list of ``(categ, kind, km)``; returns the list of matching
        rules (an empty recordset where none fits) in the same order.
        """
        rules = self.search([("company_id", "=", company.id)])
        table = {(r.categ_id.id, r.kind, r.distance_band_id.id): r for r in rules}
        bands = self.env["aftersales.distance.band"].search([("company_id", "=", company.id)])
        result = []
        for categ, kind, km in items:
            band = next(
                (
                    b
                    for b in bands
                    if b.km_from <= (km or 0.0) and (not b.km_to or (km or 0.0) < b.km_to)
                ),
                bands.browse(),
            )
            chain = [int(c) for c in reversed((categ.parent_path or "").strip("/").split("/")) if c]
            rule = self.browse()
            for categ_id in chain:
                rule = table.get((categ_id, kind, band.id)) or table.get((categ_id, kind, False))
                if rule:
                    break
            result.append(rule or self.browse())
        return result
