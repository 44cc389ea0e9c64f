# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from datetime import date

import openpyxl
from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.aftersales_service.tests.common import load_languages

from .common import PenaltyCase

M1, M2, M3, M4 = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)


@tagged("post_install", "-at_install")
class TestDeductionRun(PenaltyCase):
    def _run(self, period):
        return (
            self.env["aftersales.penalty.deduction.run"].with_user(self.manager)._run_month(period)
        )

    def _line(self, run, employee):
        return run.line_ids.filtered(lambda line: line.employee_id == employee)

    def test_pn_a12_cap_50_percent_first_month(self):
        """Bonus 1,600 and deductions 1,000: 800 this month, 200 carried (acceptance 6)."""
        self._approved(self.rule_loss, employee=self.emp_e, amount=1000, day=date(2026, 1, 20))
        line = self._line(self._run(M1), self.emp_e)
        self.assertEqual(line.cap_amount, 800)
        self.assertEqual(line.amount_deducted, 800)
        self.assertEqual(line.carry_out, 200)

    def test_pn_a12_carry_over_across_several_months(self):
        first = self._approved(
            self.rule_loss, employee=self.emp_e, amount=2000, day=date(2026, 1, 5)
        )
        run1 = self._run(M1)
        line1 = self._line(run1, self.emp_e)
        self.assertEqual((line1.amount_deducted, line1.carry_out), (800, 1200))
        self.assertEqual(first.state, "applied")
        self.assertEqual(first.deduction_line_id, line1)
        # no new entry in February: the remainder comes by itself
        line2 = self._line(self._run(M2), self.emp_e)
        self.assertEqual((line2.carry_in, line2.amount_deducted, line2.carry_out), (1200, 800, 400))
        # March: a new 300 adds to the remaining 400, still under the cap
        self._approved(self.rule_uniform, employee=self.emp_e, amount=300, day=date(2026, 3, 2))
        line3 = self._line(self._run(M3), self.emp_e)
        self.assertEqual(
            (line3.carry_in, line3.new_capped, line3.amount_deducted, line3.carry_out),
            (400, 300, 700, 0),
        )
        self.assertFalse(self._line(self._run(M4), self.emp_e))
        total = sum((line1 | line2 | line3).mapped("amount_deducted"))
        self.assertEqual(total, 2300)

    def test_rerunning_a_month_changes_nothing(self):
        self._approved(self.rule_loss, employee=self.emp_e, amount=1000, day=date(2026, 1, 3))
        self._approved(self.rule_reward, employee=self.emp_f, day=date(2026, 1, 4))
        run = self._run(M1)
        snapshot = run.line_ids.read(
            ["employee_id", "amount_deducted", "carry_out", "reward_amount", "net_amount"]
        )
        entries = run.line_ids.entry_ids
        again = self._run(M1)
        self.assertEqual(again, run)
        self.assertEqual(
            again.line_ids.read(
                ["employee_id", "amount_deducted", "carry_out", "reward_amount", "net_amount"]
            ),
            snapshot,
        )
        self.assertEqual(again.line_ids.entry_ids, entries)
        self.assertEqual(
            self.env["aftersales.penalty.deduction.run"].search_count([("period", "=", M1)]), 1
        )

    def test_major_demerit_is_not_capped_and_rewards_are_paid(self):
        self._approved(self.rule_major, employee=self.emp_f, day=date(2026, 1, 8))
        self._approved(self.rule_reward, employee=self.emp_f, day=date(2026, 1, 9))
        line = self._line(self._run(M1), self.emp_f)
        self.assertEqual(line.amount_deducted, 3000)
        self.assertEqual(line.carry_out, 0)
        self.assertEqual(line.reward_amount, 100)
        self.assertEqual(line.net_amount, -2900)

    def test_drafts_are_ignored_and_a_closed_month_is_frozen(self):
        late = self._entry(self.rule_uniform, employee=self.emp_e, day=date(2026, 1, 28))
        run1 = self._run(M1)
        self.assertFalse(self._line(run1, self.emp_e))
        run1.action_done()
        # a late approval cannot slip into a closed month: it is dated in an open one
        with self.assertRaisesRegex(UserError, "2026-01.*closed"):
            late.with_user(self.gm).action_approve()
        self.assertEqual(late.state, "draft")
        late.date = date(2026, 2, 3)
        late.with_user(self.gm).action_approve()
        line2 = self._line(self._run(M2), self.emp_e)
        self.assertEqual(line2.amount_deducted, 30)
        self.assertEqual(late.deduction_line_id, line2)
        # a done month is locked: no recompute, no reopening, no deletion
        with self.assertRaises(UserError):
            run1.action_compute()
        with self.assertRaises(UserError):
            run1.with_user(self.manager).unlink()
        self.assertFalse(hasattr(run1, "action_reset_draft"))

    def test_lines_of_a_closed_month_are_frozen(self):
        self._approved(self.rule_loss, employee=self.emp_e, amount=1000, day=date(2026, 1, 3))
        run = self._run(M1)
        run.with_user(self.manager).action_done()
        line = self._line(run, self.emp_e)
        with self.assertRaisesRegex(UserError, "set by the system only"):
            line.with_user(self.manager).write({"amount_deducted": 1})
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            line.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "set by the system only|no line can be added"):
            self.env["aftersales.penalty.deduction.line"].with_user(self.manager).create(
                {"run_id": run.id, "employee_id": self.emp_f.id, "amount_deducted": 5}
            )
        with self.assertRaisesRegex(UserError, "use its buttons"):
            run.with_user(self.manager).write({"state": "draft"})
        self.assertEqual(line.amount_deducted, 800)

    def test_an_open_month_is_computed_from_the_ledger_only(self):
        """Nobody types a line of a draft run (the payroll export would differ from the
        entries); closing the month computes it once more from the ledger."""
        self._approved(self.rule_loss, employee=self.emp_e, amount=1000, day=date(2026, 1, 3))
        run = self._run(M1)
        line = self._line(run, self.emp_e)
        for vals in ({"amount_deducted": 0, "carry_out": 0}, {"reward_amount": 5000}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "system only"):
                line.with_user(self.manager).write(vals)
        with self.assertRaisesRegex(UserError, "system only"):
            self.env["aftersales.penalty.deduction.line"].with_user(self.manager).create(
                {"run_id": run.id, "employee_id": self.emp_f.id, "amount_deducted": -9999}
            )
        # an entry approved after the last computation is in the month when it closes
        self._approved(self.rule_loss, employee=self.emp_e, amount=200, day=date(2026, 1, 25))
        run.with_user(self.manager).action_done()
        line = self._line(run, self.emp_e)
        self.assertEqual((line.new_capped, line.amount_deducted), (1200, 800))
        self.assertEqual(
            sum(line.entry_ids.mapped("amount")), 1200, "the line is the sum of its entries"
        )

    def test_each_month_takes_its_own_entries_whatever_the_order(self):
        """Running February before January gives the same lines as the other way round."""
        self._approved(self.rule_uniform, employee=self.emp_e, amount=100, day=date(2026, 1, 10))
        self._approved(self.rule_uniform, employee=self.emp_e, amount=200, day=date(2026, 2, 10))
        feb = self._line(self._run(M2), self.emp_e)
        jan = self._line(self._run(M1), self.emp_e)
        self.assertEqual((jan.new_capped, jan.amount_deducted), (100, 100))
        self.assertEqual((feb.new_capped, feb.amount_deducted), (200, 200))
        self.assertEqual(set(jan.entry_ids.mapped("period")), {M1})
        self.assertEqual(set(feb.entry_ids.mapped("period")), {M2})

    def test_reversal_of_a_deducted_penalty_is_paid_back(self):
        current = date.today().replace(day=1)
        previous = current - relativedelta(months=1)
        entry = self._approved(self.rule_uniform, employee=self.emp_e, amount=500, day=previous)
        self.assertEqual(self._line(self._run(previous), self.emp_e).amount_deducted, 500)
        reversal = entry.with_user(self.gm).action_reverse()
        self.assertEqual(reversal.state, "approved")
        line = self._line(self._run(current), self.emp_e)
        self.assertEqual(line.amount_deducted, -500)
        self.assertEqual(line.carry_out, 0)
        self.assertEqual(reversal.state, "applied")

    def test_payroll_export_xlsx(self):
        # a department named like a spreadsheet formula is exported as text
        self.emp_e.department_id.name = '=HYPERLINK("http://evil.example.com","Service")'
        self._approved(self.rule_loss, employee=self.emp_e, amount=1000, day=date(2026, 1, 3))
        run = self._run(M1)
        action = run.with_user(self.manager).action_export_xlsx()
        wizard = Form(
            self.env[action["res_model"]].with_user(self.manager).with_context(**action["context"])
        ).save()
        result = wizard.action_export()
        attachment = self.env["ir.attachment"].browse(
            int(result["url"].split("/")[3].split("?")[0])
        )
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        rows = list(book.active.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Employee")
        self.assertEqual(rows[1][0], self.emp_e.name)
        self.assertEqual(rows[1][1], '=HYPERLINK("http://evil.example.com","Service")')
        self.assertEqual(book.active.cell(2, 2).data_type, "s", "text, not a formula")
        self.assertEqual(rows[1][8], 800)
        self.assertEqual(rows[1][9], 200)
        # the payroll file is its maker's; the ledger's users read their own line only
        self.assertFalse(attachment.res_model)
        with self.assertRaises(AccessError):
            attachment.with_user(self.clerk).read(["datas"])
        Line = self.env["aftersales.penalty.deduction.line"]
        self.assertFalse(Line.with_user(self.clerk).search([("run_id", "=", run.id)]))
        self.assertTrue(Line.with_user(self.manager).search([("run_id", "=", run.id)]))

    def test_only_a_penalty_manager_changes_how_a_department_shares_a_loss(self):
        technician = new_test_user(
            self.env, login="pen_dept_tech", groups="aftersales_penalty.group_penalty_user_own"
        )
        for user in (technician, self.clerk):
            with self.assertRaisesRegex(AccessError, "Only a penalty manager"):
                self.dept_service.with_user(user).write({"aftersales_allocation_mode": "team"})
        self.dept_service.with_user(self.manager).write({"aftersales_allocation_mode": "team"})
        self.assertEqual(self.dept_service.aftersales_allocation_mode, "team")

    def test_the_month_is_shown_as_a_month_in_each_language(self):
        """An entry, a month's run and its lines show their month as a month ("March
        2026", "2026年3月"), not as the date of its first day."""
        load_languages(self.env, ["aftersales_penalty"])
        entry = self._approved(self.rule_loss, employee=self.emp_e, amount=100, day=M3)
        run = self._run(M3)
        for lang, label in (
            ("en_US", "March 2026"),
            ("zh_CN", "2026年3月"),
            ("zh_TW", "2026年3月"),
        ):
            for record in (entry, run, run.line_ids[:1]):
                record.invalidate_recordset(["period_label"])
                self.assertEqual(record.with_context(lang=lang).period_label, label, lang)


@tagged("post_install", "-at_install")
class TestDeductionRunQueryCount(PenaltyCase):
    """The monthly run issues a number of queries that does not grow with the number of
    employees or entries (issue 11): 30 employees cost the queries of 6 (kept under the
    ORM's batches of 100 rows per INSERT or UPDATE, the only growth left)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Employee = cls.env["hr.employee"]
        # bonus 1,000: cap 500, so the capped 830 leaves a carry into the next month
        cls.qc_employees = Employee.create(
            [
                {
                    "name": f"PEN QC {i:02d}",
                    "department_id": cls.dept_service.id,
                    "aftersales_efficiency_bonus": 1000,
                }
                for i in range(37)
            ]
        )
        cls.qc_months = [date(2030, 1, 1), date(2030, 3, 1), date(2030, 5, 1)]
        cls.qc_groups = [cls.qc_employees[:1], cls.qc_employees[1:7], cls.qc_employees[7:37]]
        vals_list = []
        for month, employees in zip(cls.qc_months, cls.qc_groups, strict=True):
            for employee in employees:
                for rule, amount in ((cls.rule_loss, 800), (cls.rule_uniform, 30)):
                    vals_list.append(
                        {
                            "rule_id": rule.id,
                            "reason": "Query count",
                            "target_type": "employee",
                            "employee_id": employee.id,
                            "date": month.replace(day=10),
                            "unit_amount": amount,
                        }
                    )
                vals_list.append(
                    {
                        "rule_id": cls.rule_reward.id,
                        "reason": "Query count",
                        "target_type": "employee",
                        "employee_id": employee.id,
                        "date": month.replace(day=11),
                    }
                )
        Entry = cls.env["aftersales.penalty.entry"]
        Entry.with_user(cls.clerk).create(vals_list).with_user(cls.gm).action_approve()

    def _run_queries(self, period):
        Run = self.env["aftersales.penalty.deduction.run"].with_user(self.manager)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        run = Run._run_month(period)
        self.env.flush_all()
        return self.cr.sql_log_count - before, run

    def test_run_month_queries_do_not_grow_with_employees(self):
        # the first month warms the caches (record rules, tracked fields, sequences) and
        # takes the entries of earlier months (demo data)
        self._run_queries(self.qc_months[0])
        count_6, run_6 = self._run_queries(self.qc_months[1])
        count_30, run_30 = self._run_queries(self.qc_months[2])
        group_6, group_30 = self.qc_groups[1:]
        lines_6 = run_6.line_ids.filtered(lambda line: line.employee_id in group_6)
        lines_30 = run_30.line_ids.filtered(lambda line: line.employee_id in group_30)
        self.assertEqual(len(lines_6), 6)
        self.assertEqual(set(lines_6.mapped("carry_out")), {330})
        self.assertEqual(len(lines_30), 30)
        self.assertEqual(len(lines_30.entry_ids), 90)
        self.assertEqual(set(lines_30.entry_ids.mapped("state")), {"applied"})
        # the 6 employees of March carry 330 (800 + 30 capped, cap 500) into May
        carried = run_30.line_ids.filtered(lambda line: line.employee_id in group_6)
        self.assertEqual(
            carried.mapped(lambda line: (line.carry_in, line.amount_deducted)), [(330, 330)] * 6
        )
        self.assertEqual(count_30, count_6, f"{count_30} queries for 30 employees, {count_6} for 6")
        # rerunning the month: no more queries than computing it (nothing changes)
        snapshot = run_30.line_ids.read(["employee_id", "amount_deducted", "carry_out"])
        rerun_30, __ = self._run_queries(self.qc_months[2])
        self.assertLessEqual(rerun_30, count_30)
        self.assertEqual(
            run_30.line_ids.read(["employee_id", "amount_deducted", "carry_out"]), snapshot
        )
