import base64
import io
from datetime import date, datetime

import openpyxl
import xlrd

from odoo import api, fields, models
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
    _description = "Installed Base Import"

    file = fields.Binary(required=True)
    filename = fields.Char()
    state = fields.Selection(
        [("draft", "Draft"), ("failed", "Failed"), ("done", "Done")], default="draft"
    )
    error_log = fields.Text(readonly=True)
    created_count = fields.Integer(readonly=True)
    updated_count = fields.Integer(readonly=True)

    # ------------------------------------------------------------------ reading
    def _read_rows(self):
        """Rows of the first sheet as lists of cell values, the header first."""
        self.ensure_one()
        content = base64.b64decode(self.file or b"")
        name = (self.filename or "").lower()
        try:
            if name.endswith(".xlsx"):
                book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
                sheet = book.worksheets[0]
                return [list(row) for row in sheet.iter_rows(values_only=True)]
            if name.endswith(".xls"):
                book = xlrd.open_workbook(file_contents=content)
                sheet = book.sheet_by_index(0)
                rows = []
                for r in range(sheet.nrows):
                    row = []
                    for c in range(sheet.ncols):
                        cell = sheet.cell(r, c)
                        if cell.ctype == xlrd.XL_CELL_DATE:
                            row.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                        else:
                            row.append(cell.value)
                    rows.append(row)
                return rows
        except Exception as e:
            raise UserError(
                self.env._(
                    "File %(name)s cannot be read as a spreadsheet: %(error)s",
                    name=self.filename,
                    error=e,
                )
            ) from e
        raise UserError(
            self.env._(
                "File %(name)s: only .xlsx and .xls spreadsheets can be imported.",
                name=self.filename,
            )
        )

    @api.model
    def _map_header(self, header):
        mapping = {}
        for index, title in enumerate(header):
            key = str(title or "").strip().lower()
            for column, names in COLUMNS.items():
                if key in names:
                    mapping[column] = index
        missing = [c for c in REQUIRED if c not in mapping]
        if missing:
            raise UserError(
                self.env._(
                    "The header row lacks the column(s) %(columns)s. Expected columns: "
                    "serial, product, customer, delivery date, installation date, invoice date.",
                    columns=", ".join(missing),
                )
            )
        return mapping

    @api.model
    def _to_date(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%Y.%m.%d"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(text)

    @api.model
    def _text(self, value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    # ------------------------------------------------------------------ import
    def action_import(self):
        self.ensure_one()
        rows = self._read_rows()
        if not rows:
            raise UserError(self.env._("File %(name)s is empty.", name=self.filename))
        mapping = self._map_header(rows[0])
        records, errors = self._check_rows(rows[1:], mapping)
        if errors:
            self.write(
                {
                    "state": "failed",
                    "error_log": "\n".join(errors),
                    "created_count": 0,
                    "updated_count": 0,
                }
            )
            return self._reopen()
        created, updated = self._write_lots(records)
        self.write(
            {
                "state": "done",
                "error_log": False,
                "created_count": created,
                "updated_count": updated,
            }
        )
        return self._reopen()

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

    def _write_lots(self, records):
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

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
