from odoo import api, models
from odoo.exceptions import UserError

COLUMNS = {
    "serial": ("serial", "serial number", "lot", "序列号", "序號"),
    "product": ("product", "product code", "model", "产品", "產品", "型号"),
    "customer": ("customer", "客户", "客戶"),
    "delivery_date": ("delivery date", "delivery", "交货日期", "交貨日期"),
    "installation_date": ("installation date", "installation", "安装日期", "安裝日期"),
    "invoice_date": ("invoice date", "invoice", "发票日期", "發票日期"),
}
REQUIRED = ("serial", "product", "customer")


class AftersalesInstalledBaseImport(models.TransientModel):
    """Import of an installed-base spreadsheet (.xlsx or .xls).

    All rows are checked first; a file with any bad row writes nothing and lists
    every bad row with its line number and reason.
    """

    _name = "aftersales.installed.base.import"
    _inherit = ["aftersales.spreadsheet.import.mixin"]
    _description = "Installed Base Import"
    _import_columns = COLUMNS
    _import_required = REQUIRED

    def _missing_columns_error(self, missing):
        return UserError(
            self.env._(
                "The header row lacks the column(s) %(columns)s. Expected columns: "
                "serial, product, customer, delivery date, installation date, invoice date.",
                columns=", ".join(missing),
            )
        )

    @api.model
    def _lookup_map(self, model, keys, values):
        """{value: set of ids} of the records whose ``keys`` match ``values``, in one search."""
        values = [v for v in values if v]
        domain = ["|"] * (len(keys) - 1) + [(key, "in", values) for key in keys]
        result = {}
        for record in self.env[model].search(domain):
            for key in keys:
                if record[key]:
                    result.setdefault(record[key], set()).add(record.id)
        return result

    def _check_rows(self, rows, mapping):
        """Validate all rows with a fixed number of queries; return (records, errors)."""

        def cell(row, column):
            index = mapping.get(column)
            return row[index] if index is not None and index < len(row) else None

        texts = [
            (line, {c: self._text(cell(row, c)) for c in ("serial", "product", "customer")}, row)
            for line, row in enumerate(rows, start=2)
            if any(v not in (None, "") for v in row)
        ]
        product_map = self._lookup_map(
            "product.product", ("default_code", "name"), {t["product"] for __, t, __ in texts}
        )
        partner_map = self._lookup_map(
            "res.partner", ("ref", "name"), {t["customer"] for __, t, __ in texts}
        )
        records, errors, seen = [], [], {}
        for line, text, row in texts:
            reasons = []
            for column in REQUIRED:
                if not text[column]:
                    reasons.append(self.env._("%(column)s is empty", column=column))
            product_ids = product_map.get(text["product"], set())
            if text["product"] and len(product_ids) != 1:
                reasons.append(
                    self.env._("product %(value)s is unknown", value=text["product"])
                    if not product_ids
                    else self.env._("product %(value)s is ambiguous", value=text["product"])
                )
            partner_ids = partner_map.get(text["customer"], set())
            if text["customer"] and len(partner_ids) != 1:
                reasons.append(
                    self.env._("customer %(value)s is unknown", value=text["customer"])
                    if not partner_ids
                    else self.env._("customer %(value)s is ambiguous", value=text["customer"])
                )
            dates = {}
            for column in ("delivery_date", "installation_date", "invoice_date"):
                try:
                    dates[column] = self._to_date(cell(row, column))
                except ValueError as e:
                    reasons.append(
                        self.env._(
                            "%(column)s %(value)s is not a date",
                            column=column.replace("_", " "),
                            value=e.args[0],
                        )
                    )
            key = (text["serial"], tuple(product_ids))
            if text["serial"] and key in seen:
                reasons.append(
                    self.env._(
                        "serial %(serial)s repeats line %(line)s",
                        serial=text["serial"],
                        line=seen[key],
                    )
                )
            seen.setdefault(key, line)
            if reasons:
                errors.append(
                    self.env._("Line %(line)s: %(reasons)s", line=line, reasons="; ".join(reasons))
                )
                continue
            records.append(
                {
                    "name": text["serial"],
                    "product_id": next(iter(product_ids)),
                    "aftersales_partner_id": next(iter(partner_ids)),
                    "aftersales_delivery_date": dates["delivery_date"],
                    "aftersales_installation_date": dates["installation_date"],
                    "aftersales_invoice_date": dates["invoice_date"],
                }
            )
        return records, errors

    def _import_write(self, records):
        lot_model = self.env["stock.lot"]
        existing = lot_model.search(
            [
                ("name", "in", [r["name"] for r in records]),
                ("product_id", "in", list({r["product_id"] for r in records})),
                ("company_id", "in", [self.env.company.id, False]),
            ]
        )
        by_key = {(lot.name, lot.product_id.id): lot for lot in existing}
        to_create, updated = [], 0
        for vals in records:
            vals = {k: v for k, v in vals.items() if v is not None}
            lot = by_key.get((vals["name"], vals["product_id"]))
            if lot:
                lot.write(vals)
                updated += 1
            else:
                vals["company_id"] = self.env.company.id
                to_create.append(vals)
        lot_model.create(to_create)
        return len(to_create), updated
