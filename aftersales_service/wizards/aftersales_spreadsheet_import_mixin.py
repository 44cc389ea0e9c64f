import base64
import io
from datetime import date, datetime

import openpyxl
import xlrd

from odoo import api, fields, models
from odoo.exceptions import UserError


class AftersalesSpreadsheetImportMixin(models.AbstractModel):
    """All-or-nothing import of a spreadsheet (.xlsx or .xls).

    A wizard sets ``_import_columns`` ({column: accepted header titles}) and
    ``_import_required``, and implements ``_check_rows`` (returns the values and the
    errors of all rows) and ``_import_write`` (writes the values, returns the numbers
    created and updated). Every row is checked before anything is written: a file with a
    bad row writes nothing and the wizard lists every bad row with its line number.
    """

    _name = "aftersales.spreadsheet.import.mixin"
    _description = "After-Sales Spreadsheet Import"
    _import_columns = {}
    _import_required = ()

    file = fields.Binary(required=True)
    filename = fields.Char()
    state = fields.Selection(
        [("draft", "Draft"), ("failed", "Failed"), ("done", "Done")], default="draft"
    )
    error_log = fields.Text(readonly=True)
    created_count = fields.Integer(readonly=True)
    updated_count = fields.Integer(readonly=True)

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
    @api.model
    def _map_header(self, header):
        """{column: index} of the header row; the required columns must all be there."""
        mapping = {}
        for index, title in enumerate(header):
            key = str(title or "").strip().lower()
            for column, names in self._import_columns.items():
                if key in names:
                    mapping[column] = index
        missing = [c for c in self._import_required if c not in mapping]
        if missing:
            raise self._missing_columns_error(missing)
        return mapping

    def _missing_columns_error(self, missing):
        raise NotImplementedError()

    def _check_rows(self, rows, mapping):
        raise NotImplementedError()

    def _import_write(self, records):
        raise NotImplementedError()

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
        created, updated = self._import_write(records)
        self.write(
            {
                "state": "done",
                "error_log": False,
                "created_count": created,
                "updated_count": updated,
            }
        )
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
