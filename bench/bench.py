#!/usr/bin/env python3
"""Volume benchmarks of the aftersales addons against plain Odoo.

Usage::

    python3 bench/bench.py -c /tmp/odoo/base.conf -d <db> [--scale 0.1] [--only coverage,create]

The database must have aftersales_service, aftersales_complaint and aftersales_penalty
installed. The first run adds the volume data (committed, marked by the ``BENCH`` prefix);
later runs reuse it. Every measured operation runs inside a savepoint that is rolled back,
so reruns measure the same state. Each row gives the wall time and the number of SQL
queries (``cursor.sql_log_count``) of the operation, including the final flush, and the
ratio to the plain Odoo operation doing the equivalent work.

Not run by CI.
"""

import argparse
import base64
import io
import logging
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta

import openpyxl
from psycopg2.extras import execute_values

import odoo
from odoo import SUPERUSER_ID, Command, api

_logger = logging.getLogger("aftersales.bench")

LOT_COUNT = 100_000
REQUEST_CREATE_COUNT = 10_000
OPEN_REQUEST_COUNT = 50_000
EMPLOYEE_COUNT = 2_000
IMPORT_ROWS = 10_000
MONTHS = 12
PRODUCT_COUNT = 20
CUSTOMER_COUNT = 1_000
CONTRACT_COUNT = 200
OVERDUE_EVERY = 100  # one open request in OVERDUE_EVERY is overdue at scan time
SINGLE_LOOKUPS = 100


def scaled(count, scale):
    return max(int(count * scale), 10)


# ====================================================================== measuring
class Bench:
    def __init__(self, env, scale):
        self.env = env
        self.scale = scale
        self.rows = []

    def measure(self, fn):
        """Run ``fn`` in a savepoint, rolled back afterwards: (seconds, queries, result)."""
        env = self.env
        cr = env.cr
        env.flush_all()
        env.invalidate_all()
        env.registry.clear_cache()
        cr.execute("SAVEPOINT aftersales_bench")
        queries = cr.sql_log_count
        start = time.perf_counter()
        try:
            result = fn()
            env.flush_all()
            seconds = time.perf_counter() - start
            queries = cr.sql_log_count - queries
        finally:
            cr.execute("ROLLBACK TO SAVEPOINT aftersales_bench")
            env.transaction.clear()
            env.registry.clear_cache()
        return seconds, queries, result

    def add(self, operation, records, ours, baseline=None, target=""):
        seconds, queries, __ = ours
        row = {
            "operation": operation,
            "records": records,
            "seconds": seconds,
            "queries": queries,
            "base_seconds": baseline and baseline[0],
            "base_queries": baseline and baseline[1],
            "target": target,
        }
        self.rows.append(row)
        _logger.info("%s", row)
        print(f"  {operation}: {seconds:.2f} s, {queries} queries", file=sys.stderr, flush=True)

    def add_missing(self, operation, records, why):
        self.rows.append({"operation": operation, "records": records, "missing": why})

    def table(self):
        lines = [
            "| Operation | Records | Seconds | Queries | Odoo baseline (s / queries) "
            "| Ratio (time) | Target |",
            "|---|---:|---:|---:|---|---:|---|",
        ]
        for row in self.rows:
            if row.get("missing"):
                lines.append(
                    f"| {row['operation']} | {row['records']:,} | - | - | - | - "
                    f"| {row['missing']} |"
                )
                continue
            if row["base_seconds"] is not None:
                base = f"{row['base_seconds']:.2f} / {row['base_queries']:,}"
                ratio = f"{row['seconds'] / row['base_seconds']:.2f}x"
            else:
                base, ratio = "n/a", "-"
            lines.append(
                f"| {row['operation']} | {row['records']:,} | {row['seconds']:.2f} "
                f"| {row['queries']:,} | {base} | {ratio} | {row['target']} |"
            )
        return "\n".join(lines)


# ====================================================================== volume data
def _insert(cr, table, columns, rows, page_size=2000):
    """Bulk INSERT of ``rows``; the audit columns are added (superuser, now)."""
    now = datetime.now().replace(microsecond=0)
    columns = [*columns, "create_uid", "write_uid", "create_date", "write_date"]
    rows = [(*row, 1, 1, now, now) for row in rows]
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES %s"
    execute_values(cr._obj, sql, rows, page_size=page_size)


class Builder:
    """Adds the volume data once; each step commits and is skipped when already there."""

    def __init__(self, env, scale):
        self.env = env
        self.scale = scale
        self.ctx_env = env(
            context=dict(
                env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                mail_create_nosubscribe=True,
                mail_notrack=True,
            )
        )
        self.today = date.today()
        self.rng = random.Random(42)

    def log(self, msg):
        print(f"[build] {msg}", file=sys.stderr, flush=True)

    def build(self):
        self.products()
        self.customers()
        self.lots()
        self.contracts()
        self.open_requests()
        self.employees()
        self.complaints()
        self.penalty_entries()

    # ------------------------------------------------------------------ master data
    def products(self):
        env = self.ctx_env
        existing = env["product.product"].search([("default_code", "=like", "BENCH-P%")])
        if len(existing) >= PRODUCT_COUNT:
            return
        self.log("products")
        env["product.product"].create(
            [
                {
                    "name": f"Bench Air Conditioner {i:02d}",
                    "default_code": f"BENCH-P{i:02d}",
                    "is_storable": True,
                    "tracking": "serial",
                    "type": "consu",
                }
                for i in range(PRODUCT_COUNT)
                if f"BENCH-P{i:02d}" not in existing.mapped("default_code")
            ]
        )
        env.cr.commit()

    def customers(self):
        env = self.ctx_env
        count = env["res.partner"].search_count([("ref", "=like", "BENCH-C%")])
        if count >= CUSTOMER_COUNT:
            return
        self.log("customers")
        env["res.partner"].create(
            [
                {"name": f"Bench Customer {i:04d}", "ref": f"BENCH-C{i:04d}", "city": "Taipei"}
                for i in range(count, CUSTOMER_COUNT)
            ]
        )
        env.cr.commit()

    def bench_products(self):
        return self.env["product.product"].search(
            [("default_code", "=like", "BENCH-P%")], order="default_code"
        )

    def bench_customers(self):
        return self.env["res.partner"].search([("ref", "=like", "BENCH-C%")], order="ref")

    def lots(self):
        """Lots by SQL in bulk, then their stored warranty fields computed by the ORM."""
        env = self.ctx_env
        cr = env.cr
        target = scaled(LOT_COUNT, self.scale)
        cr.execute("SELECT count(*) FROM stock_lot WHERE name LIKE 'BSN%%'")
        count = cr.fetchone()[0]
        if count < target:
            self.log(f"lots {count} -> {target}")
            products = self.bench_products().ids
            customers = self.bench_customers().ids
            rows = []
            for i in range(count, target):
                delivered = self.today - timedelta(days=(i * 7) % 1100)
                rows.append(
                    (
                        f"BSN{i:07d}",
                        products[i % len(products)],
                        env.company.id,
                        customers[i % len(customers)],
                        delivered,
                        delivered + timedelta(days=3),
                    )
                )
            columns = (
                "name product_id company_id aftersales_partner_id aftersales_delivery_date "
                "aftersales_invoice_date"
            ).split()
            _insert(cr, "stock_lot", columns, rows)
            cr.commit()
        cr.execute(
            "SELECT id FROM stock_lot WHERE name LIKE 'BSN%%' AND aftersales_warranty_start IS NULL"
        )
        todo = [r[0] for r in cr.fetchall()]
        fnames = ("aftersales_warranty_start", "aftersales_warranty_end", "aftersales_no_warranty")
        for first in range(0, len(todo), 20000):
            lots = env["stock.lot"].browse(todo[first : first + 20000])
            for fname in fnames:
                env.add_to_compute(lots._fields[fname], lots)
            env.flush_all()
            cr.commit()
            env.invalidate_all()
            self.log(f"lot warranty dates {first + len(lots)}")

    def contracts(self):
        env = self.ctx_env
        count = env["aftersales.contract"].search_count([("name", "=like", "BENCH-K%")])
        if count >= CONTRACT_COUNT:
            return
        self.log("contracts")
        products = self.bench_products()
        customers = self.bench_customers()
        contracts = env["aftersales.contract"].create(
            [
                {
                    "name": f"BENCH-K{i:04d}",
                    "partner_id": customers[i % len(customers)].id,
                    "date_start": self.today - timedelta(days=200),
                    "date_end": self.today + timedelta(days=165),
                    "product_ids": [(6, 0, [products[i % len(products)].id])],
                }
                for i in range(count, CONTRACT_COUNT)
            ]
        )
        contracts.write({"state": "running"})
        env.cr.commit()

    def open_requests(self):
        """Open requests by SQL (deadlines precomputed), one in OVERDUE_EVERY overdue."""
        env = self.env
        cr = env.cr
        target = scaled(OPEN_REQUEST_COUNT, self.scale)
        cr.execute("SELECT count(*) FROM aftersales_service_request WHERE name LIKE 'BREQ%%'")
        count = cr.fetchone()[0]
        if count >= target:
            return
        self.log(f"open requests {count} -> {target}")
        customers = self.bench_customers().ids
        cr.execute(
            "SELECT id, product_id FROM stock_lot WHERE name LIKE 'BSN%%' ORDER BY id LIMIT %s",
            [target],
        )
        lots = cr.fetchall()
        company = env.company
        zone = env["aftersales.zone"].search([], limit=1).id or None
        now = datetime.now().replace(microsecond=0)
        states = ("new", "dispatched", "in_progress")
        rows = []
        for i in range(count, target):
            lot_id, product_id = lots[i % len(lots)]
            registered = now - timedelta(hours=i % 72)
            late = i % OVERDUE_EVERY == 0
            rows.append(
                (
                    f"BREQ{i:07d}",
                    company.id,
                    states[i % 3],
                    "0",
                    False,
                    customers[i % len(customers)],
                    product_id,
                    lot_id,
                    "phone",
                    "repair",
                    "A",
                    zone,
                    env.uid,
                    registered,
                    now - timedelta(hours=1) if late else now + timedelta(days=2),
                    now + timedelta(days=3),
                    now + timedelta(days=10),
                    False,
                    "none",
                    0.0,
                    "none",
                    False,
                    False,
                    False,
                )
            )
        columns = (
            "name company_id state priority carry_over partner_id product_id lot_id channel "
            "kind service_class zone_id user_id date_request response_deadline "
            "arrival_deadline completion_deadline is_overdue charge_state amount_charged "
            "quote_state sla_paused is_free_work checklist_incomplete "
        ).split()
        _insert(cr, "aftersales_service_request", columns, rows)
        cr.commit()

    def employees(self):
        env = self.ctx_env
        target = scaled(EMPLOYEE_COUNT, self.scale)
        count = env["hr.employee"].search_count([("name", "=like", "Bench Employee%")])
        if count >= target:
            return
        self.log(f"employees {count} -> {target}")
        departments = env["hr.department"].search([("name", "=like", "Bench Dept%")])
        if not departments:
            departments = env["hr.department"].create(
                [{"name": f"Bench Dept {i:02d}"} for i in range(10)]
            )
        env["hr.employee"].create(
            [
                {
                    "name": f"Bench Employee {i:05d}",
                    "department_id": departments[i % len(departments)].id,
                    "aftersales_efficiency_bonus": 3000.0 + (i % 5) * 500,
                }
                for i in range(count, target)
            ]
        )
        env.cr.commit()

    def bench_employees(self):
        return self.env["hr.employee"].search([("name", "=like", "Bench Employee%")], order="id")

    def months(self):
        first = self.today.replace(day=1)
        return [(first - timedelta(days=31 * k)).replace(day=1) for k in range(MONTHS, 0, -1)]

    def _to_build(self, model, prefix):
        """The model is installed and has no bench record (name starting with prefix) yet."""
        if model not in self.env:
            return False
        return not self.env[model].search_count([("name", "=like", f"{prefix}%")], limit=1)

    def complaints(self):
        """One complaint per employee and month, blamed on the employee's department."""
        env = self.env
        cr = env.cr
        if not self._to_build("aftersales.complaint", "BCMP"):
            return
        employees = self.bench_employees()
        self.log(f"complaints {len(employees) * MONTHS}")
        customers = self.bench_customers().ids
        products = self.bench_products().ids
        causes = env["aftersales.complaint.cause"].search([]).ids or [None]
        classes = [
            key for key, __ in env["aftersales.complaint"]._fields["complaint_class"].selection
        ]
        rows, n = [], 0
        for month in self.months():
            for k in range(len(employees)):
                day = datetime(month.year, month.month, 1 + k % 27, 10, 0)
                rows.append(
                    (
                        f"BCMP{n:07d}",
                        env.company.id,
                        "closed" if k % 4 else "registered",
                        customers[n % len(customers)],
                        "phone",
                        classes[n % len(classes)],
                        causes[n % len(causes)],
                        "general",
                        "domestic",
                        products[n % len(products)],
                        day,
                        bool(k % 7 == 0),
                    )
                )
                n += 1
        columns = (
            "name company_id state partner_id channel complaint_class cause_id severity "
            "market product_id date_registered closed_late"
        ).split()
        _insert(cr, "aftersales_complaint", columns, rows)
        dept_of = {e.id: e.department_id.id for e in employees}
        emp_ids = employees.ids
        cr.execute("SELECT id FROM aftersales_complaint WHERE name LIKE 'BCMP%%' ORDER BY name")
        resp_rows = []
        for n, (complaint_id,) in enumerate(cr.fetchall()):
            emp = emp_ids[n % len(emp_ids)]
            resp_rows.append(
                (
                    complaint_id,
                    env.company.id,
                    dept_of[emp],
                    emp,
                    100.0,
                    0.0,
                )
            )
        columns = (
            "complaint_id company_id department_id employee_id share loss_share_amount "
        ).split()
        _insert(cr, "aftersales_complaint_responsibility", columns, resp_rows)
        cr.commit()

    def penalty_entries(self):
        """Two approved employee entries per employee and month (one capped, one not)."""
        env = self.env
        cr = env.cr
        if not self._to_build("aftersales.penalty.entry", "BPEN"):
            return
        Rule = env["aftersales.penalty.rule"]
        rules = Rule.search([("code", "=like", "BENCH-%")], order="code")
        if not rules:
            rules = Rule.create(
                [
                    {
                        "name": "Bench late arrival",
                        "code": "BENCH-1",
                        "kind": "occurrence",
                        "direction": "penalty",
                        "target": "employee",
                        "amount": 1200.0,
                        "subject_to_cap": True,
                    },
                    {
                        "name": "Bench safety breach",
                        "code": "BENCH-2",
                        "kind": "occurrence",
                        "direction": "penalty",
                        "target": "employee",
                        "amount": 200.0,
                        "subject_to_cap": False,
                    },
                ]
            )
        employees = self.bench_employees()
        self.log(f"penalty entries {len(employees) * MONTHS * 2}")
        currency = env.company.currency_id.id
        rows, n = [], 0
        for month in self.months():
            for k, employee in enumerate(employees):
                for rule in rules:
                    amount = rule.amount
                    rows.append(
                        (
                            f"BPEN{n:08d}",
                            env.company.id,
                            currency,
                            rule.id,
                            rule.kind,
                            rule.direction,
                            rule.subject_to_cap,
                            "employee",
                            employee.id,
                            employee.department_id.id,
                            month.replace(day=1 + k % 27),
                            month,
                            "manual",
                            1.0,
                            amount,
                            amount,
                            -amount,
                            "Bench entry",
                            "approved",
                            False,
                        )
                    )
                    n += 1
        columns = (
            "name company_id currency_id rule_id kind direction subject_to_cap target_type "
            "employee_id department_id date period source quantity unit_amount amount "
            "signed_amount reason state is_reversal"
        ).split()
        _insert(cr, "aftersales_penalty_entry", columns, rows)
        cr.commit()


# ====================================================================== operations
def op_coverage(bench, builder):
    env = bench.env
    lots = env["stock.lot"].search([("name", "=like", "BSN%")])
    ids = lots.ids
    today = date.today()
    ours = bench.measure(
        lambda: env["aftersales.coverage"].lot_coverage(env["stock.lot"].browse(ids), today)
    )
    base = bench.measure(
        lambda: env["stock.lot"].browse(ids).read(["name", "product_id", "company_id"])
    )
    bench.add("Coverage lookup, batch (`lot_coverage`)", len(ids), ours, base, "< 2 s")
    step = max(len(ids) // SINGLE_LOOKUPS, 1)
    serials = [f"BSN{i:07d}" for i in range(0, len(ids), step)][:SINGLE_LOOKUPS]

    def single():
        for serial in serials:
            lot = env["stock.lot"].search([("name", "=", serial)], limit=1)
            env["aftersales.coverage"].lot_coverage(lot, today)
            env.invalidate_all()

    def single_base():
        for serial in serials:
            env["stock.lot"].search([("name", "=", serial)], limit=1).read(
                ["name", "product_id", "company_id"]
            )
            env.invalidate_all()

    ours = bench.measure(single)
    base = bench.measure(single_base)
    per = len(serials)
    bench.add(
        f"Coverage lookup, single by serial (mean of {per})",
        1,
        (ours[0] / per, round(ours[1] / per, 1), None),
        (base[0] / per, round(base[1] / per, 1)),
        "",
    )


def op_create(bench, builder):
    env = bench.env
    count = scaled(REQUEST_CREATE_COUNT, bench.scale)
    env.cr.execute(
        "SELECT id, product_id, aftersales_partner_id FROM stock_lot WHERE name LIKE 'BSN%%' "
        "ORDER BY id LIMIT %s",
        [count],
    )
    lots = env.cr.fetchall()
    request_vals = [
        {
            "partner_id": partner_id,
            "lot_id": lot_id,
            "kind": "repair",
            "fault_description": "<p>Does not cool</p>",
        }
        for lot_id, __, partner_id in lots
    ]
    repair_vals = [
        {
            "partner_id": partner_id,
            "product_id": product_id,
            "lot_id": lot_id,
            "internal_notes": "<p>Does not cool</p>",
        }
        for lot_id, product_id, partner_id in lots
    ]
    ours = bench.measure(lambda: env["aftersales.service.request"].create(request_vals))
    base = bench.measure(lambda: env["repair.order"].create(repair_vals))
    bench.add(
        "Create service requests (class + deadlines) vs `repair.order`",
        len(lots),
        ours,
        base,
        "<= 1.3x",
    )


def op_deadline_scan(bench, builder):
    env = bench.env
    env.cr.execute(
        "SELECT count(*) FROM aftersales_service_request WHERE state IN "
        "('new', 'dispatched', 'in_progress', 'carry_in', 'done') AND NOT is_overdue"
    )
    open_count = env.cr.fetchone()[0]
    now = datetime.now()
    ours = bench.measure(lambda: env["aftersales.service.request"]._cron_check_deadlines(now))
    late = open_count // OVERDUE_EVERY
    bench.add(
        f"Overdue/deadline scan (`_cron_check_deadlines`, ~{late:,} flagged)",
        open_count,
        ours,
        None,
        "< 2 s",
    )


def op_complaint_stats(bench, builder):
    env = bench.env
    employees = builder.bench_employees()
    if "aftersales.complaint.report" not in env:
        bench.add_missing("Complaint statistics, 12 months", 0, "aftersales_complaint missing")
        return
    env.cr.execute("SELECT count(*) FROM aftersales_complaint WHERE name LIKE 'BCMP%%'")
    count = env.cr.fetchone()[0]
    months = builder.months()

    def stats():
        for month in months:
            env["aftersales.complaint.report"]._get_monthly_statistics(month)

    ours = bench.measure(stats)
    bench.add(
        f"Complaint statistics, {len(months)} months ({len(employees):,} employees)",
        count,
        ours,
        None,
        "",
    )


def op_penalty_run(bench, builder):
    env = bench.env
    if "aftersales.penalty.deduction.run" not in env:
        bench.add_missing("Penalty monthly deduction run", 0, "aftersales_penalty missing")
        return
    employees = builder.bench_employees()
    env.cr.execute("SELECT count(*) FROM aftersales_penalty_entry WHERE name LIKE 'BPEN%%'")
    count = env.cr.fetchone()[0]
    months = builder.months()
    Run = env["aftersales.penalty.deduction.run"]

    def run():
        Run.search([("period", "in", months)]).filtered(lambda r: r.state == "draft").unlink()
        for month in months:
            Run._run_month(month)

    rules = env["aftersales.penalty.rule"].search([("code", "=like", "BENCH-%")])
    capped = sum(rules.filtered("subject_to_cap").mapped("amount"))
    uncapped = sum(rules.filtered(lambda r: not r.subject_to_cap).mapped("amount"))

    def line_vals_list(entries_of=None):
        """The lines of the run written directly (other years: one line per employee and
        month), with every value the run stores: the builder's two entries a month (one
        capped, one not) against 50 % of the bonus, with the carry; ``entries_of(employee,
        month)`` gives the entry ids each line links (``entry_ids``)."""
        runs = Run.create([{"period": m.replace(year=m.year - 30)} for m in months])
        carry = dict.fromkeys(employees.ids, 0.0)
        vals_list = []
        for month, run in zip(months, runs, strict=True):
            for e in employees:
                bonus = e.aftersales_efficiency_bonus
                cap = round(bonus * 0.5, 2)
                due = round(carry[e.id] + capped, 2)
                deducted = min(due, cap)
                vals = {
                    "run_id": run.id,
                    "employee_id": e.id,
                    "department_id": e.department_id.id,
                    "efficiency_bonus": bonus,
                    "cap_amount": cap,
                    "carry_in": carry[e.id],
                    "new_capped": capped,
                    "new_uncapped": uncapped,
                    "amount_deducted": round(deducted + uncapped, 2),
                    "carry_out": round(due - deducted, 2),
                    "reward_amount": 0.0,
                }
                if entries_of:
                    vals["entry_ids"] = [Command.set(entries_of(e, month))]
                vals_list.append(vals)
                carry[e.id] = round(due - deducted, 2)
        return vals_list

    def baseline():
        # The same lines only. The baseline used to fill one amount of eight, which left
        # the ORM cost of the other seven monetary values (a currency lookup each, about
        # 5 s of 16 at full scale) to our side only.
        env["aftersales.penalty.deduction.line"].create(line_vals_list())

    def baseline_applied():
        # The same lines, and the entries they deduct marked applied, the plain ORM way:
        # the entries of each employee and month found by one read, linked by the lines'
        # create (``entry_ids``), their state and date written in one call.
        Entry = env["aftersales.penalty.entry"]
        groups = Entry._read_group(
            [("name", "=like", "BPEN%"), ("state", "=", "approved"), ("period", "in", months)],
            ["employee_id", "period:month"],
            ["id:array_agg"],
        )
        by_key = {(emp.id, period.replace(day=1)): ids for emp, period, ids in groups}
        env["aftersales.penalty.deduction.line"].create(
            line_vals_list(lambda e, month: by_key.get((e.id, month.replace(day=1)), []))
        )
        Entry.browse([i for ids in by_key.values() for i in ids]).write(
            {"state": "applied", "applied_date": date.today()}
        )

    ours = bench.measure(run)
    base = bench.measure(baseline)
    bench.add(
        f"Penalty deduction runs, {len(months)} months ({len(employees):,} employees)",
        count,
        ours,
        base,
        "",
    )
    applied = bench.measure(baseline_applied)
    bench.add(
        "  same, against: the lines created and the entries marked applied (plain ORM)",
        count,
        ours,
        applied,
        "",
    )


def _import_file(builder, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["Serial", "Product", "Customer", "Delivery Date", "Installation Date", "Invoice Date"]
    )
    products = builder.bench_products().mapped("default_code")
    customers = builder.bench_customers().mapped("ref")
    today = date.today()
    for i in range(rows):
        delivered = today - timedelta(days=i % 900)
        sheet.append(
            [
                f"BIMP{i:07d}",
                products[i % len(products)],
                customers[i % len(customers)],
                delivered,
                delivered + timedelta(days=2),
                delivered + timedelta(days=1),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def op_import(bench, builder):
    env = bench.env
    rows = scaled(IMPORT_ROWS, bench.scale)
    content = _import_file(builder, rows)

    def ours_fn():
        wizard = env["aftersales.installed.base.import"].create(
            {"file": base64.b64encode(content), "filename": "installed_base.xlsx"}
        )
        wizard.action_import()
        assert wizard.state == "done", wizard.error_log

    def base_fn():
        # Odoo's own spreadsheet import (base_import) of the same file into stock.lot
        importer = env["base_import.import"].create(
            {
                "res_model": "stock.lot",
                "file": content,
                "file_name": "installed_base.xlsx",
                "file_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        result = importer.execute_import(
            ["name", "product_id", False, False, False, False],
            ["Serial", "Product", "Customer", "Delivery Date", "Installation Date", "Invoice Date"],
            {
                "has_headers": True,
                "quoting": '"',
                "separator": ",",
                "date_format": "",
                "datetime_format": "",
                "float_thousand_separator": ",",
                "float_decimal_separator": ".",
            },
        )
        errors = [m for m in result.get("messages", []) if m.get("type") == "error"]
        assert not errors, errors[:3]

    ours = bench.measure(ours_fn)
    base = bench.measure(base_fn)
    bench.add("Installed-base spreadsheet import (.xlsx) vs `base_import`", rows, ours, base, "")


def op_settlement(bench, builder, args):
    """Rows of bench/bench_settlement.py (written separately), when it is there."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bench_settlement.py")
    if not os.path.exists(script):
        bench.add_missing(
            "Provider monthly settlement vs `account.move`", 0, "bench_settlement.py not delivered"
        )
        return None
    cmd = [
        sys.executable,
        script,
        "-c",
        args.config,
        "-d",
        args.database,
        "--providers",
        str(max(int(100 * args.scale), 2)),
        "--jobs",
        str(scaled(10_000, args.scale)),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        bench.add_missing(
            "Provider monthly settlement vs `account.move`",
            0,
            f"bench_settlement.py failed (rc {proc.returncode})",
        )
        sys.stderr.write(proc.stderr[-3000:])
        return None
    return [line for line in proc.stdout.splitlines() if line.startswith("|")]


OPERATIONS = {
    "coverage": op_coverage,
    "create": op_create,
    "scan": op_deadline_scan,
    "complaint": op_complaint_stats,
    "penalty": op_penalty_run,
    "import": op_import,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="fraction of the full volume (1.0 = 100,000 lots ...)",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma separated subset of: " + ",".join(OPERATIONS) + ",settlement",
    )
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    logging.getLogger("odoo").setLevel(logging.WARNING)
    registry = odoo.modules.registry.Registry(args.database)
    only = [o for o in args.only.split(",") if o]
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "UTC"})
        builder = Builder(env, args.scale)
        # the volume data is written as the documents' own steps would (states included)
        # importable once the addons path is configured
        from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import (  # noqa: PLC0415
            frozen_steps,
        )

        with frozen_steps():
            builder.build()
        bench = Bench(env, args.scale)
        for name, op in OPERATIONS.items():
            if only and name not in only:
                continue
            print(f"[bench] {name}", file=sys.stderr, flush=True)
            op(bench, builder)
        cr.rollback()
    settlement = None
    if not only or "settlement" in only:
        settlement = op_settlement(bench, None, args)
    print(
        f"\nScale {args.scale} on database {args.database}, "
        f"{os.cpu_count()} CPU(s), Odoo {odoo.release.version}\n"
    )
    print(bench.table())
    if settlement:
        print("\nProvider settlement (bench/bench_settlement.py):\n")
        print("\n".join(settlement))


if __name__ == "__main__":
    main()
