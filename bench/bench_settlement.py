#!/usr/bin/env python3
"""Benchmark of the monthly provider settlement (aftersales_service).

Builds N providers and M done, customer-confirmed jobs in the given database, then
measures time and SQL queries of

1. drafting the settlements (fee lines priced by the fee rules, deductions),
2. confirming them (double-settlement lock and check, one vendor bill per provider),
3. for reference, creating the same vendor bills directly with ``account.move``.

Everything runs in one transaction that is rolled back at the end (``--commit`` keeps
it). Not run by CI.

    python3 bench/bench_settlement.py -c /tmp/odoo/base.conf -d <db> [--providers 100]
        [--jobs 10000]
"""

import argparse
import cProfile
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
    company = env.company
    categ = env["product.category"].create({"name": "Bench category"})
    product = env["product.product"].create(
        {"name": "Bench AC", "type": "consu", "categ_id": categ.id}
    )
    env["aftersales.provider.fee.rule"].create(
        {"company_id": company.id, "categ_id": categ.id, "kind": "installation", "amount": 150}
    )
    customer = env["res.partner"].create({"name": "Bench customer"})
    providers = env["res.partner"].create(
        [
            {
                "name": f"Bench provider {i:03d}",
                "is_company": True,
                "aftersales_provider_state": "active",
                "aftersales_provider_company_id": company.id,
            }
            for i in range(providers_count)
        ]
    )
    first = date.today().replace(day=1)
    env.flush_all()
    env.cr.execute(
        """
        INSERT INTO aftersales_service_request
               (name, company_id, partner_id, product_id, provider_id, state, channel, kind,
                date_request, date_done, completion_deadline, customer_confirmed,
                service_class, priority, create_uid, write_uid, create_date, write_date)
        SELECT 'BENCH-' || n, %(company)s, %(customer)s, %(product)s,
               (%(providers)s)[1 + n %% %(nprov)s], 'done', 'phone', 'installation',
               %(day)s, %(day)s + interval '2 hours', %(day)s + interval '1 day', true,
               'A', '0', 1, 1, now(), now()
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


def run(env, providers_count, jobs_count):
    providers, first = build(env, providers_count, jobs_count)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    Settlement = env["aftersales.provider.settlement"]
    fee_product = env.ref("aftersales_service.product_provider_fee")
    # warm-up: the first account.move of a process builds the ORM's trigger trees
    env["account.move"].create(
        {
            "move_type": "in_invoice",
            "partner_id": providers[0].id,
            "invoice_line_ids": [Command.create({"product_id": fee_product.id, "price_unit": 1})],
        }
    ).unlink()
    results = []
    with measure(env, results, "draft settlements (fee lines + deductions)"):
        settlements = Settlement._generate(providers, first, last)
    assert sum(settlements.mapped("job_count")) == jobs_count, settlements.mapped("job_count")
    with measure(env, results, "confirm settlements (lock, check, vendor bills)"):
        settlements.action_confirm()
    with measure(env, results, "settle total"):
        pass
    results[-1] = ("settle total", results[0][1] + results[1][1], results[0][2] + results[1][2])
    with measure(env, results, "reference: same bills created directly"):
        env["account.move"].with_context(default_move_type="in_invoice").create(
            [
                {
                    "move_type": "in_invoice",
                    "partner_id": settlement.provider_id.id,
                    "invoice_date": last,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": fee_product.id,
                                "name": "Bench fee",
                                "quantity": settlement.job_count,
                                "price_unit": 150,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
                for settlement in settlements
            ]
        )
    assert all(s.bill_id.amount_total == s.amount_total for s in settlements)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--providers", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=10000)
    parser.add_argument("--commit", action="store_true", help="keep the data")
    parser.add_argument(
        "--profile",
        metavar="PATH",
        help="cProfile each measured step into PATH.1, PATH.2, ... (pstats files)",
    )
    args = parser.parse_args()
    if args.profile:
        PROFILE.update(path=args.profile, profiler=cProfile.Profile())
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        results = run(env, args.providers, args.jobs)
        if not args.commit:
            cr.rollback()
    print(f"\n{args.providers} providers, {args.jobs} jobs\n")
    print(f"| {'step':<48} | {'seconds':>8} | {'queries':>8} |")
    print(f"|{'-' * 50}|{'-' * 10}:|{'-' * 10}:|")
    for label, seconds, queries in results:
        print(f"| {label:<48} | {seconds:>8.2f} | {queries:>8} |")


if __name__ == "__main__":
    main()
