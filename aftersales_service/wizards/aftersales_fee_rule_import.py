from odoo import fields, models
from odoo.exceptions import UserError

COLUMNS = {
    "category": ("category", "product category", "产品类别", "產品類別"),
    "kind": ("job type", "type", "kind", "服务类型", "服務類型"),
    "band": ("distance band", "band", "distance", "距离", "距離"),
    "amount": ("fee", "amount", "费用", "費用", "金额"),
}
REQUIRED = ("category", "kind", "amount")


class AftersalesFeeRuleImport(models.TransientModel):
    """Import of provider fee rules from a spreadsheet (.xlsx or .xls).

    Columns: product category (full name or name), job type (code or label), distance
    band (name, optional), fee. Every row is checked first; any bad row writes nothing
    and the wizard lists each bad row with its line number. Existing rules with the
    same category, job type and band are updated.
    """

    _name = "aftersales.fee.rule.import"
    _inherit = ["aftersales.spreadsheet.import.mixin"]
    _description = "Provider Fee Rule Import"
    _import_columns = COLUMNS
    _import_required = REQUIRED

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    def _missing_columns_error(self, missing):
        return UserError(
            self.env._(
                "The header row lacks the column(s) %(columns)s. Expected columns: "
                "category, job type, distance band, fee.",
                columns=", ".join(missing),
            )
        )

    def _check_rows(self, rows, mapping):
        """Validate every row with a fixed number of queries; return (vals, errors)."""
        self.ensure_one()
        company = self.company_id
        categories = self.env["product.category"].search([])
        categ_map = {}
        for categ in categories:
            for key in {categ.complete_name, categ.name}:
                categ_map.setdefault(key.lower(), set()).add(categ.id)
        kinds = self.env["aftersales.provider.fee.rule"]._selection_kind()
        kind_map = {}
        for code, label in kinds:
            kind_map[code.lower()] = code
            kind_map[str(label).lower()] = code
        bands = self.env["aftersales.distance.band"].search([("company_id", "=", company.id)])
        band_map = {band.name.lower(): band.id for band in bands}
        vals_list, errors, seen = [], [], {}
        for line, row in enumerate(rows, start=2):
            if not any(v not in (None, "") for v in row):
                continue

            def cell(column, row=row):
                index = mapping.get(column)
                return row[index] if index is not None and index < len(row) else None

            reasons = []
            category, kind, band = (self._text(cell(c)) for c in ("category", "kind", "band"))
            categ_ids = categ_map.get(category.lower(), set())
            if not category:
                reasons.append(self.env._("category is empty"))
            elif len(categ_ids) != 1:
                reasons.append(
                    self.env._("category %(value)s is unknown", value=category)
                    if not categ_ids
                    else self.env._("category %(value)s is ambiguous", value=category)
                )
            code = kind_map.get(kind.lower())
            if not code:
                reasons.append(self.env._("job type %(value)s is unknown", value=kind))
            band_id = False
            if band:
                band_id = band_map.get(band.lower())
                if not band_id:
                    reasons.append(self.env._("distance band %(value)s is unknown", value=band))
            raw = cell("amount")
            try:
                amount = float(raw)
                if amount < 0:
                    reasons.append(self.env._("fee %(value)s is negative", value=raw))
            except (TypeError, ValueError):
                amount = 0.0
                reasons.append(self.env._("fee %(value)s is not a number", value=raw))
            key = (tuple(categ_ids), code, band_id)
            if not reasons and key in seen:
                reasons.append(self.env._("same rule as line %(line)s", line=seen[key]))
            if reasons:
                errors.append(
                    self.env._("Line %(line)s: %(reasons)s", line=line, reasons="; ".join(reasons))
                )
                continue
            seen[key] = line
            vals_list.append(
                {
                    "company_id": company.id,
                    "categ_id": next(iter(categ_ids)),
                    "kind": code,
                    "distance_band_id": band_id,
                    "amount": amount,
                }
            )
        return vals_list, errors

    def _import_write(self, vals_list):
        Rule = self.env["aftersales.provider.fee.rule"].with_context(active_test=False)
        # the rules of every provider (a provider's own fees are kept as they are)
        existing = Rule.search(
            [("company_id", "=", self.company_id.id), ("provider_id", "=", False)]
        )
        table = {(r.categ_id.id, r.kind, r.distance_band_id.id): r for r in existing}
        to_create, updated = [], 0
        for vals in vals_list:
            rule = table.get((vals["categ_id"], vals["kind"], vals["distance_band_id"]))
            if rule:
                rule.write({"amount": vals["amount"], "active": True})
                updated += 1
            else:
                to_create.append(vals)
        Rule.create(to_create)
        return len(to_create), updated
