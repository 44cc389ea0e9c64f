#!/usr/bin/env python3
"""Benchmark of the monthly provider settlement (aftersales_service).

Builds N providers and M done, customer-confirmed jobs in the given database, then
measures time and SQL queries of

1. drafting the settlements (fee lines priced by the fee rules, deductions),
2. confirming them (double-settlement lock and check, one vendor bill per provider),
3. for reference, creating the same settlement lines and the same vendor bills
   directly with ``create``.

Everything runs in one transaction that is rolled back at the end. ``--commit`` keeps
the data and commits the drafts before they are confirmed, as in production where a
manager confirms the drafts of the monthly cron later: PostgreSQL then skips the
foreign-key checks of the rows that the confirmation updates (it runs them for rows
inserted by the same transaction). Not run by CI.

References (plain Odoo, no settlement logic): the same settlement lines created with
one ``create``, and the same vendor bills (same header and invoice lines as the bills
of the settlements) created with one ``account.move.create``.

    python3 bench/bench_settlement.py -c /tmp/odoo/base.conf -d <db> [--providers 100]
        [--jobs 10000]
"""

import argparse
import cProfile
import statistics
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta

import odoo
from odoo import SUPERUSER_ID, Command, api

PROFILE = {}


@contextmanager
def measure(env, results, label):
    env.flush_all()
    cr = env.cr
    profiler = PROFILE.get("profiler")
    start_queries = cr.sql_log_count
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    yield
    env.flush_all()
    if profiler:
        profiler.disable()
    results.append((label, time.perf_counter() - start, cr.sql_log_count - start_queries))
    if profiler:
        profiler.dump_stats(f"{PROFILE['path']}.{len(results)}")
        PROFILE["profiler"] = cProfile.Profile()


def build(env, providers_count, jobs_count):
    """Providers (active, with a consignment location), a fee rule, and done jobs
    inserted in bulk: the benchmark measures the settlement, not the intake."""
    from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import (  # noqa: PLC0415
        frozen_steps,
    )

    company = env.company
    categ = env["product.category"].create({"name": "Bench category"})
    product = env["product.product"].create(
        {"name": "Bench AC", "type": "consu", "categ_id": categ.id}
    )
    env["aftersales.provider.fee.rule"].create(
        {"company_id": company.id, "categ_id": categ.id, "kind": "installation", "amount": 150}
    )
    customer = env["res.partner"].create({"name": "Bench customer"})
    with frozen_steps():  # contracted providers: their onboarding is not measured
        providers = (
            env["aftersales.provider"]
            .create(
                [
                    {
                        "name": f"Bench provider {i:03d}",
                        "is_company": True,
                        "state": "active",
                        "company_id": company.id,
                    }
                    for i in range(providers_count)
                ]
            )
            .partner_id
        )
    first = date.today().replace(day=1)
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO aftersales_service_request
               (name, company_id, partner_id, product_id, provider_id, state, channel, kind,
                date_request, date_done, completion_deadline, customer_confirmed,
                service_class, priority, quote_state,
                create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH-' || n, %(company)s, %(customer)s, %(product)s,
               (%(providers)s)[1 + n %% %(nprov)s], 'done', 'phone', 'installation',
               %(day)s, %(day)s + interval '2 hours', %(day)s + interval '1 day', true,
               'A', '0', 'none', 1, 1, now(), now()
          FROM generate_series(1, %(jobs)s) AS n
        """,
        {
            "company": company.id,
            "customer": customer.id,
            "product": product.id,
            "providers": providers.ids,
            "nprov": providers_count,
            "day": datetime.combine(first, datetime.min.time()) + timedelta(hours=9),
            "jobs": jobs_count,
        },
    )
    env.invalidate_all()
    return providers, first


def warm_up(env, provider, fee_product):
    """The first ``create`` of a model in a process builds the ORM's trigger trees:
    paid once here for the bills and the settlement lines, before any measure."""
    env["account.move"].create(
        {
            "move_type": "in_invoice",
            "partner_id": provider.id,
            "invoice_line_ids": [Command.create({"product_id": fee_product.id, "price_unit": 1})],
        }
    ).unlink()
    env["aftersales.provider.settlement"].create(
        {
            "provider_id": provider.id,
            "line_ids": [Command.create({"kind": "deduction", "name": "warm-up", "amount": -1})],
        }
    ).unlink()


def bill_vals(bill):
    """Values creating the same vendor bill as ``bill``: header and invoice lines."""
    return {
        "move_type": "in_invoice",
        "partner_id": bill.partner_id.id,
        "company_id": bill.company_id.id,
        "invoice_date": bill.invoice_date,
        "ref": bill.ref,
        "invoice_origin": bill.invoice_origin,
        "invoice_line_ids": [
            Command.create(
                {
                    "product_id": line.product_id.id,
                    "name": line.name,
                    "quantity": line.quantity,
                    "price_unit": line.price_unit,
                    "tax_ids": [Command.clear()],
                }
            )
            for line in bill.invoice_line_ids
        ],
    }


LINE_FIELDS = [
    "company_id",
    "provider_id",
    "currency_id",
    "kind",
    "request_id",
    "name",
    "fee_rule_id",
    "distance_km",
    "amount",
    "res_model",
    "res_id",
]


def run(env, providers_count, jobs_count, commit=False):
    providers, first = build(env, providers_count, jobs_count)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    Settlement = env["aftersales.provider.settlement"]
    fee_product = env.ref("aftersales_service.product_provider_fee")
    warm_up(env, providers[0], fee_product)
    results = []
    with measure(env, results, "draft settlements (fee lines + deductions)"):
        settlements = Settlement._generate(providers, first, last)
    assert sum(settlements.mapped("job_count")) == jobs_count, settlements.mapped("job_count")
    if commit:
        env.cr.commit()
    with measure(env, results, "confirm settlements (lock, check, vendor bills)"):
        settlements.action_confirm()
    with measure(env, results, "settle total"):
        pass
    results[-1] = ("settle total", results[0][1] + results[1][1], results[0][2] + results[1][2])

    # references, plain Odoo: the same records created directly with create()
    # 1. the same settlement lines (one per job), on other draft settlements of the
    #    same providers and period (a draft line does not settle its job)
    others = Settlement.create(
        [{"provider_id": p.id, "date_from": first, "date_to": last} for p in providers]
    )
    other_of = dict(zip(settlements.ids, others.ids, strict=True))
    line_vals = [
        dict(vals, settlement_id=other_of[vals["settlement_id"]], state="draft")
        for vals in settlements.line_ids.read(["settlement_id", *LINE_FIELDS], load=False)
    ]
    for vals in line_vals:
        del vals["id"]
    # 2. the same vendor bills: same header, same invoice lines (product, label,
    #    quantity, price, no tax) as the bills of the settlements
    bills_vals = [bill_vals(settlement.bill_id) for settlement in settlements]
    env.invalidate_all()
    with measure(env, results, "reference: same lines created directly"):
        env["aftersales.provider.settlement.line"].create(line_vals)
    with measure(env, results, "reference: same bills created directly"):
        bills = env["account.move"].with_context(default_move_type="in_invoice").create(bills_vals)
    assert bills.mapped("amount_total") == settlements.mapped("amount_total")
    assert [len(b.invoice_line_ids) for b in bills] == [
        len(s.bill_id.invoice_line_ids) for s in settlements
    ]
    return results


def ratios(results):
    """(label, ratio of seconds, ours/reference queries) of each create path."""
    by_label = {label: (seconds, queries) for label, seconds, queries in results}
    draft = by_label["draft settlements (fee lines + deductions)"]
    confirm = by_label["confirm settlements (lock, check, vendor bills)"]
    total = by_label["settle total"]
    lines = by_label["reference: same lines created directly"]
    bills = by_label["reference: same bills created directly"]
    both = (lines[0] + bills[0], lines[1] + bills[1])
    return [
        ("draft / same lines created directly", draft, lines),
        ("confirm / same bills created directly", confirm, bills),
        ("settle total / same lines + bills created directly", total, both),
        ("settle total / same bills created directly (bills only)", total, bills),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--providers", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=10000)
    parser.add_argument(
        "--commit",
        action="store_true",
        help="keep the data (the drafts are committed before they are confirmed)",
    )
    parser.add_argument(
        "--profile",
        metavar="PATH",
        help="cProfile each measured step into PATH.1, PATH.2, ... (pstats files)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run N times (each rolled back) and report the median of each step",
    )
    args = parser.parse_args()
    if args.commit and args.repeat > 1:
        parser.error("--commit keeps the data of one run: no --repeat")
    if args.profile:
        PROFILE.update(path=args.profile, profiler=cProfile.Profile())
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    runs = []
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        for __ in range(args.repeat):
            runs.append(run(env, args.providers, args.jobs, commit=args.commit))
            if not args.commit:
                cr.rollback()
                env.invalidate_all(flush=False)
    results = [
        (label, statistics.median(r[i][1] for r in runs), statistics.median(r[i][2] for r in runs))
        for i, (label, __, __) in enumerate(runs[0])
    ]
    median = f", median of {args.repeat} runs" if args.repeat > 1 else ""
    print(f"\n{args.providers} providers, {args.jobs} jobs{median}\n")
    print(f"| {'step':<48} | {'seconds':>8} | {'queries':>8} |")
    print(f"|{'-' * 50}|{'-' * 10}:|{'-' * 10}:|")
    for label, seconds, queries in results:
        print(f"| {label:<48} | {seconds:>8.2f} | {queries:>8g} |")
    print(f"\n| {'ratio (ours / plain Odoo)':<56} | {'seconds':>8} | {'queries':>17} |")
    print(f"|{'-' * 58}|{'-' * 10}:|{'-' * 19}:|")
    for label, ours, ref in ratios(results):
        queries = f"{ours[1]:g} / {ref[1]:g}"
        print(f"| {label:<56} | {ours[0] / ref[0]:>7.2f}x | {queries:>17} |")


if __name__ == "__main__":
    main()
