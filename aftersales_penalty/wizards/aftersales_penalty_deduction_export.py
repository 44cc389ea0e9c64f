# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

import xlsxwriter

from odoo import fields, models


class AftersalesPenaltyDeductionExport(models.TransientModel):
    """Payroll export (.xlsx) of a monthly deduction run."""

    _name = "aftersales.penalty.deduction.export"
    _description = "Export Bonus Deductions for Payroll"

    run_id = fields.Many2one("aftersales.penalty.deduction.run", required=True)

    def _export_columns(self):
        """(header, value getter) pairs; called by :meth:`_build_xlsx`."""
        return [
            (self.env._("Employee"), lambda line: line.employee_id.name),
            (self.env._("Department"), lambda line: line.department_id.name or ""),
            (self.env._("Month"), lambda line: line.period.strftime("%Y-%m")),
            (self.env._("Efficiency Bonus"), lambda line: line.efficiency_bonus),
            (self.env._("Cap"), lambda line: line.cap_amount),
            (self.env._("Brought Forward"), lambda line: line.carry_in),
            (self.env._("New Deductions (capped)"), lambda line: line.new_capped),
            (self.env._("New Deductions (uncapped)"), lambda line: line.new_uncapped),
            (self.env._("Deducted"), lambda line: line.amount_deducted),
            (self.env._("Carried Forward"), lambda line: line.carry_out),
            (self.env._("Rewards and Subsidies"), lambda line: line.reward_amount),
            (self.env._("Net Pay Adjustment"), lambda line: line.net_amount),
        ]

    def _build_xlsx(self):
        self.ensure_one()
        output = io.BytesIO()
        # a name or department typed as "=HYPERLINK(...)" stays text: never a formula that
        # the payroll clerk's spreadsheet would run
        workbook = xlsxwriter.Workbook(output, {"in_memory": True, "strings_to_formulas": False})
        sheet = workbook.add_worksheet(self.run_id.name)
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        columns = self._export_columns()
        for col, (header, __) in enumerate(columns):
            sheet.write(0, col, header, bold)
            sheet.set_column(col, col, 18)
        for row, line in enumerate(
            self.run_id.line_ids.sorted(lambda r: r.employee_id.name), start=1
        ):
            for col, (__, getter) in enumerate(columns):
                value = getter(line)
                if isinstance(value, float):
                    sheet.write_number(row, col, value, money)
                else:
                    sheet.write_string(row, col, value or "")
        workbook.close()
        return output.getvalue()

    def action_export(self):
        self.ensure_one()
        attachment = self.env["ir.attachment"].create(
            {
                "name": f"bonus_deductions_{self.run_id.name}.xlsx",
                "datas": base64.b64encode(self._build_xlsx()),
                # the payroll file is its maker's (bonuses are not every ledger user's to
                # read): not attached to the run
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }
