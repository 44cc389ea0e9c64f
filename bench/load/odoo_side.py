#!/usr/bin/env python3
"""The load test's work inside Odoo (run with the Odoo venv's python by ``run.py``).

Subcommands::

    odoo_side.py setup -c CONF -d DB --scale S --plan PLAN.json
        the bench volume (bench/bench.py's builder) plus the load test's users and documents;
        writes what the Locust users need (logins, ids) to PLAN.json
    odoo_side.py check -c CONF -d DB --since ISO --out OUT.json
        integrity checks after a run, and what the run wrote
    odoo_side.py pages -c CONF -d DB --out OUT.json
        list views (web_search_read with the view's fields, default filters) and the portal
        list of a customer with 1,000 requests: queries and seconds against repair.order

Not run by CI.
"""

import argparse
import json
import logging
import os
import sys
import time
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta

import odoo
from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

PREFIX = "load_"
# 1x1 transparent PNG: a signature
PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJ"
    "RU5ErkJggg=="
)


def log(msg):
    print(f"[odoo_side] {msg}", file=sys.stderr, flush=True)


def _env(cr):
    return api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", "tz": "UTC"})


# ====================================================================== setup
def _user(env, login, groups, name=None, partner=None):
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    user = Users.search([("login", "=", login)])
    if user:
        user.groups_id = [(4, env.ref(g).id) for g in groups]
        return user
    vals = {
        "name": name or login,
        "login": login,
        "password": login,
        "email": f"{login}@load.example.com",
        "groups_id": [(6, 0, [env.ref(g).id for g in groups])],
        "tz": "UTC",
    }
    if partner:
        vals["partner_id"] = partner.id
    return Users.create(vals)


def setup(env, args):  # noqa: C901
    from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import (  # noqa: PLC0415
        frozen_steps,
    )

    from bench import Builder  # noqa: PLC0415

    t0 = time.perf_counter()
    with frozen_steps():
        Builder(env, args.scale).build()
    log(f"bench volume (scale {args.scale}) in {time.perf_counter() - t0:.0f} s")
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    # the load's customers file a form every few seconds: lift the portal's flood limit
    env["ir.config_parameter"].sudo().set_param("aftersales_service.portal_submit_limit", 100000)
    company = env.company
    products = env["product.product"].search([("default_code", "=like", "BENCH-P%")], limit=3)
    part = env.ref("aftersales_service.product_filter", raise_if_not_found=False) or env[
        "product.product"
    ].search([("default_code", "=", "FLT-35")], limit=1)
    Lot = env["stock.lot"]
    Request = env["aftersales.service.request"]
    plan = {"db": env.cr.dbname, "part_id": part.id}
    rng_counter = [0]

    def new_lot(partner, product):
        rng_counter[0] += 1
        return Lot.create(
            {
                "name": f"LOAD-SN-{partner.id}-{rng_counter[0]:05d}",
                "product_id": product.id,
                "company_id": company.id,
                "aftersales_partner_id": partner.id,
                "aftersales_delivery_date": date.today() - timedelta(days=90),
            }
        )

    # ---- portal customers: own partner, three registered units, five open requests
    portal = []
    for i in range(args.customers):
        login = f"{PREFIX}cust{i:02d}"
        user = env["res.users"].search([("login", "=", login)])
        if not user:
            partner = env["res.partner"].create(
                {"name": f"Load Customer {i:02d}", "email": f"{login}@load.example.com"}
            )
            user = _user(env, login, ["base.group_portal"], partner=partner)
            lots = Lot.browse()
            for product in products:
                lots |= new_lot(partner, product)
            Request.create(
                [
                    {
                        "partner_id": partner.id,
                        "lot_id": lots[k % len(lots)].id,
                        "channel": "portal",
                        "fault_description": "<p>setup</p>",
                    }
                    for k in range(5)
                ]
            )
        lots = Lot.search([("aftersales_partner_id", "=", user.partner_id.id)])
        portal.append({"login": login, "lot_ids": lots.ids})
    plan["portal"] = portal
    # a customer with 1,000 requests (portal pages measured by run.py --pages) and one with 10
    for login, count in ((f"{PREFIX}big", args.big_requests), (f"{PREFIX}small", 10)):
        user = env["res.users"].search([("login", "=", login)])
        if not user:
            partner = env["res.partner"].create({"name": f"Load Customer {login}"})
            user = _user(env, login, ["base.group_portal"], partner=partner)
            lot = new_lot(partner, products[0])
            Request.create(
                [
                    {
                        "partner_id": partner.id,
                        "lot_id": lot.id,
                        "channel": "portal",
                        "fault_description": f"<p>request {k}</p>",
                    }
                    for k in range(count)
                ]
            )
        plan[login] = {"login": login, "requests": count}
    log("portal customers")

    # ---- technicians with a queue of dispatched jobs
    bench_partners = env["res.partner"].search([("ref", "=like", "BENCH-C%")], limit=200)
    bench_lots = Lot.search([("name", "=like", "BSN%")], limit=400)
    if not bench_lots:
        bench_lots = Lot.search([("product_id", "in", products.ids)], limit=400)
    techs = []
    for i in range(args.technicians):
        login = f"{PREFIX}tech{i:02d}"
        user = _user(
            env,
            login,
            # stock user: for the plain repair.order reference only
            [
                "base.group_user",
                "aftersales_service.group_aftersales_user_own",
                "stock.group_stock_user",
            ],
            name=f"Load Technician {i:02d}",
        )
        have = Request.search_count([("technician_id", "=", user.id)])
        if not have:
            jobs = Request.create(
                [
                    {
                        "partner_id": bench_partners[(i * 37 + k) % len(bench_partners)].id,
                        "lot_id": bench_lots[(i * 41 + k) % len(bench_lots)].id,
                        "technician_id": user.id,
                        "fault_description": "<p>no cooling</p>",
                    }
                    for k in range(args.jobs)
                ]
            )
            jobs.action_dispatch()
        techs.append({"login": login, "uid": user.id})
    plan["technicians"] = techs
    log("technicians")

    # ---- desk users
    desks = []
    for i in range(args.desks):
        login = f"{PREFIX}desk{i:02d}"
        _user(
            env,
            login,
            [
                "base.group_user",
                "aftersales_service.group_aftersales_user_all",
                "aftersales_complaint.group_complaint_user_all",
            ],
            name=f"Load Desk {i:02d}",
        )
        desks.append({"login": login})
    plan["desks"] = desks
    plan["desk_partner_ids"] = bench_partners.ids[:100]
    plan["desk_lots"] = [[lot.id, lot.name, lot.product_id.id] for lot in bench_lots[:200]]

    # ---- repair orders for the plain Odoo reference (read, write)
    Repair = env["repair.order"]
    repairs = Repair.search([("internal_notes", "=like", "LOAD%")])
    if not repairs:
        repairs = Repair.create(
            [
                {
                    "partner_id": bench_partners[k % len(bench_partners)].id,
                    # the desk's serials: the plain search by serial finds them
                    "product_id": bench_lots[k % len(bench_lots)].product_id.id,
                    "lot_id": bench_lots[k % len(bench_lots)].id,
                    "internal_notes": f"LOAD reference {k}",
                }
                for k in range(100)
            ]
        )
    # the part in stock (both the jobs and the repair orders consume it from there)
    stock = company._aftersales_warehouse().lot_stock_id
    if part.is_storable and part.with_context(location=stock.id).qty_available < 1000:
        env["stock.quant"]._update_available_quantity(part, stock, 100000.0)
    # confirmed repair orders with a part, one queue per technician: the plain Odoo
    # reference of finishing a job (start, end: the part consumed by a stock move)
    # --vans: each technician's part in a van of his own, for his jobs and his repair orders
    vans = {}
    if args.vans:
        view = company._aftersales_warehouse().view_location_id
        for tech in techs:
            user = env["res.users"].browse(tech["uid"])
            van = user.aftersales_van_location_id or env["stock.location"].create(
                {"name": f"Van {tech['login']}", "location_id": view.id}
            )
            user.aftersales_van_location_id = van
            if part.is_storable and part.with_context(location=van.id).qty_available < 1000:
                env["stock.quant"]._update_available_quantity(part, van, 10000.0)
            vans[tech["uid"]] = van.id
    todo = Repair.search([("internal_notes", "=like", "LOADTECH%")], limit=1)
    if not todo:
        for tech in techs:
            orders = Repair.create(
                [
                    {
                        "partner_id": bench_partners[k % len(bench_partners)].id,
                        "user_id": tech["uid"],
                        "internal_notes": "LOADTECH",
                        **({"location_id": vans[tech["uid"]]} if vans else {}),
                        "move_ids": [
                            (
                                0,
                                0,
                                {
                                    "product_id": part.id,
                                    "product_uom_qty": 1.0,
                                    "repair_line_type": "add",
                                },
                            )
                        ],
                    }
                    for k in range(args.jobs)
                ]
            )
            for order in orders:
                order.action_validate()
    # the big customer's repair orders: the plain list of the same size (pages)
    big = env["res.users"].search([("login", "=", f"{PREFIX}big")])
    if big and not Repair.search_count([("partner_id", "=", big.partner_id.id)]):
        Repair.create(
            [
                {"partner_id": big.partner_id.id, "internal_notes": f"LOAD big {k}"}
                for k in range(args.big_requests)
            ]
        )
    # the plain Odoo portal list of the same size: as many posted customer invoices
    # (`/my/invoices`, Odoo's own portal table of 80 rows a page) for both page customers
    Move = env["account.move"]
    # and, for the load's portal customers, Odoo's own list beside theirs during the run:
    # as many invoices as the requests a customer has half-way through a run
    lists = [(f"{PREFIX}big", args.big_requests), (f"{PREFIX}small", 10)]
    lists += [(f"{PREFIX}cust{i:02d}", 15) for i in range(args.customers)]
    for login, count in lists:
        customer = env["res.users"].search([("login", "=", login)]).partner_id
        if customer and not Move.search_count([("partner_id", "=", customer.id)]):
            invoices = Move.create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": customer.id,
                        "invoice_line_ids": [
                            Command.create(
                                {"name": f"Repair {k}", "quantity": 1, "price_unit": 100}
                            )
                        ],
                    }
                    for k in range(count)
                ]
            )
            invoices.action_post()
    plan["repair_ids"] = repairs.ids
    plan["repair_product_ids"] = products.ids
    log("desk and repair orders")

    # ---- providers with done, customer-confirmed jobs over the last 12 months; managers
    Partner = env["res.partner"]
    providers = Partner.search([("ref", "=like", "LOAD-PRV%")])
    if not providers:
        # contracted providers: their onboarding steps are not what is measured
        with frozen_steps():
            providers = (
                env["aftersales.provider"]
                .create(
                    [
                        {
                            "name": f"Load Provider {i:02d}",
                            "ref": f"LOAD-PRV{i:02d}",
                            "is_company": True,
                            "state": "active",
                        }
                        for i in range(args.providers)
                    ]
                )
                .partner_id
            )
        first = date.today().replace(day=1)
        vals_list, dones = [], []
        for p_index, provider in enumerate(providers):
            for month in range(1, 13):
                start = first - relativedelta(months=month)
                for k in range(args.provider_jobs):
                    vals_list.append(
                        {
                            "partner_id": bench_partners[(p_index * 13 + k) % 200].id,
                            "lot_id": bench_lots[(p_index * 17 + month * 3 + k) % 400].id,
                            "provider_id": provider.id,
                            "fault_description": "<p>provider job</p>",
                            "date_request": datetime.combine(start, datetime.min.time())
                            + timedelta(days=k, hours=9),
                        }
                    )
                    dones.append(
                        datetime.combine(start, datetime.min.time()) + timedelta(days=k, hours=15)
                    )
        jobs = Request.create(vals_list)
        for job, done in zip(jobs, dones, strict=True):
            env.cr.execute(
                "UPDATE aftersales_service_request SET state = 'done', date_done = %s, "
                "date_dispatched = date_request, date_arrived = date_request WHERE id = %s",
                [done, job.id],
            )
        jobs.invalidate_recordset()
        with frozen_steps():
            jobs.write(
                {
                    "customer_signature": PNG_1PX,
                    "signed_by": "Load",
                    "work_done": "<p>done</p>",
                }
            )
        env["aftersales.return.visit"]._schedule_for_requests(jobs)
    # a fee rule for the bench products' category (the demo rules are for the demo one)
    FeeRule = env["aftersales.provider.fee.rule"]
    categ = products[0].categ_id
    if not FeeRule.search([("categ_id", "=", categ.id), ("kind", "=", "repair")]):
        FeeRule.create({"categ_id": categ.id, "kind": "repair", "amount": 90.0})
    managers = []
    for i in range(args.managers):
        login = f"{PREFIX}mgr{i:02d}"
        _user(
            env,
            login,
            [
                "base.group_user",
                "aftersales_service.group_aftersales_manager",
                "aftersales_penalty.group_penalty_manager",
                "account.group_account_invoice",
            ],
            name=f"Load Manager {i:02d}",
        )
        mine = [p.id for k, p in enumerate(providers) if k % args.managers == i]
        managers.append({"login": login, "provider_ids": mine})
    plan["managers"] = managers
    first = date.today().replace(day=1)
    plan["months"] = [
        [str(first - relativedelta(months=m)), str(first - relativedelta(months=m - 1, days=1))]
        for m in range(1, 13)
    ]
    # the deduction runs of the last 12 months, drafts the managers recompute
    Run = env["aftersales.penalty.deduction.run"]
    with frozen_steps():
        runs = Run.browse()
        for m in range(12, 0, -1):
            runs |= Run._run_month(first - relativedelta(months=m))
    plan["deduction_run_ids"] = runs.filtered(lambda r: r.state == "draft").ids
    log("providers, managers, deduction runs")

    # ---- what the builder's saves left to the scheduled actions woken after a commit (to-dos,
    # surveys, notifications), done now as the server's would have: the runs start from a
    # steady state
    queues = (
        ("aftersales.return.visit", "followup_pending", "_cron_send_survey_mails"),
        ("aftersales.return.visit", "survey_mail_pending", "_cron_send_survey_mails"),
        ("aftersales.complaint", "escalation_pending", "_cron_escalation_todos"),
        ("mail.activity", "aftersales_notify_pending", "_cron_aftersales_notify_deferred"),
    )
    for model, flag, method in queues:
        while env[model].search_count([(flag, "=", True)]):
            getattr(env[model], method)(limit=1000)
    log("follow-ups of the builder's saves issued")

    # ---- crons the cron user triggers
    crons = env["ir.cron"].search([("ir_actions_server_id.model_id.model", "=like", "aftersales%")])
    plan["crons"] = [[cron.id, cron.cron_name or cron.name] for cron in crons]
    env.cr.commit()
    with open(args.plan, "w") as f:
        json.dump(plan, f, indent=1)
    log(f"plan written to {args.plan}")


# ====================================================================== checks
def _number_models(env):
    for name in sorted(env.registry):
        model = env[name]
        if (
            not model._abstract
            and model._auto
            and getattr(model, "_aftersales_sequence_code", False)
            and "name" in model._fields
        ):
            yield model


def check(env, args):
    cr = env.cr
    since = args.since
    out = {"checks": [], "counts": {}}

    def add(name, ok, detail=""):
        out["checks"].append({"check": name, "ok": bool(ok), "detail": detail})

    # every number distinct per model
    for model in _number_models(env):
        table = SQL.identifier(model._table)
        cr.execute(
            SQL(
                "SELECT name, count(*) FROM %s WHERE name IS NOT NULL AND name != '/' "
                "GROUP BY name HAVING count(*) > 1 LIMIT 5",
                table,
            )
        )
        dupes = cr.fetchall()
        cr.execute(SQL("SELECT count(*) FROM %s WHERE create_date >= %s", table, since))
        created = cr.fetchone()[0]
        add(
            f"numbers distinct: {model._name} ({created} created in the run)",
            not dupes,
            f"duplicates: {dupes}" if dupes else "",
        )
    # no job settled twice (confirmed), nor held by two live settlements
    cr.execute(
        """SELECT request_id, count(*) FROM aftersales_provider_settlement_line
            WHERE state = 'confirmed' AND kind = 'fee' GROUP BY request_id HAVING count(*) > 1"""
    )
    rows = cr.fetchall()
    add("no job settled twice (confirmed fee lines)", not rows, str(rows[:5]))
    cr.execute(
        """SELECT l.request_id, count(DISTINCT l.settlement_id)
             FROM aftersales_provider_settlement_line l
             JOIN aftersales_provider_settlement s ON s.id = l.settlement_id
            WHERE s.state != 'cancelled' AND l.kind = 'fee'
            GROUP BY l.request_id HAVING count(DISTINCT l.settlement_id) > 1"""
    )
    rows = cr.fetchall()
    add("no job on two live (draft or confirmed) settlements", not rows, str(rows[:5]))
    # settlement totals = sum of its lines; bill total = settlement total
    cr.execute(
        """SELECT s.id, s.amount_total, coalesce(sum(l.amount), 0)
             FROM aftersales_provider_settlement s
             LEFT JOIN aftersales_provider_settlement_line l ON l.settlement_id = s.id
            GROUP BY s.id HAVING abs(s.amount_total - coalesce(sum(l.amount), 0)) > 0.005"""
    )
    rows = cr.fetchall()
    add("settlement total = sum of its lines", not rows, str(rows[:5]))
    cr.execute(
        """SELECT s.id, s.amount_total, m.amount_total FROM aftersales_provider_settlement s
             JOIN account_move m ON m.id = s.bill_id
            WHERE s.state = 'confirmed' AND abs(s.amount_total - m.amount_total) > 0.005"""
    )
    rows = cr.fetchall()
    add("confirmed settlement total = its vendor bill total", not rows, str(rows[:5]))
    # every done request (not internal work) with exactly one survey return visit
    cr.execute(
        """SELECT r.id, count(v.id) FROM aftersales_service_request r
        LEFT JOIN aftersales_return_visit v
               ON v.service_request_id = r.id AND v.visit_type = 'service'
              AND v.followup_index = 0
            WHERE r.state IN ('done', 'closed') AND r.kind != 'internal'
            GROUP BY r.id HAVING count(v.id) != 1"""
    )
    rows = cr.fetchall()
    cr.execute(
        "SELECT count(*) FROM aftersales_service_request WHERE state IN ('done', 'closed') "
        "AND date_done >= %s",
        [since],
    )
    done_in_run = cr.fetchone()[0]
    add(
        f"every done request has one return visit ({done_in_run} done in the run)",
        not rows,
        f"{len(rows)} without exactly one: {rows[:5]}" if rows else "",
    )
    # penalty ledger: each deduction line = the sum of its entries
    cr.execute(
        """SELECT l.id, l.reward_amount - l.new_capped - l.new_uncapped,
                  coalesce(sum(e.signed_amount), 0)
             FROM aftersales_penalty_deduction_line l
             LEFT JOIN aftersales_penalty_entry e ON e.deduction_line_id = l.id
            GROUP BY l.id
           HAVING abs(l.reward_amount - l.new_capped - l.new_uncapped
                      - coalesce(sum(e.signed_amount), 0)) > 0.005"""
    )
    rows = cr.fetchall()
    cr.execute("SELECT count(*) FROM aftersales_penalty_deduction_line")
    add(
        f"penalty ledger: line totals = sum of their entries ({cr.fetchone()[0]} lines)",
        not rows,
        str(rows[:5]),
    )
    cr.execute(
        """SELECT e.id FROM aftersales_penalty_entry e
             JOIN aftersales_penalty_deduction_line l ON l.id = e.deduction_line_id
             JOIN aftersales_penalty_deduction_run r ON r.id = l.run_id
            WHERE e.period != r.period AND e.state = 'applied' LIMIT 5"""
    )
    # what the run wrote
    for label, sql in {
        "service requests created": "SELECT count(*) FROM aftersales_service_request "
        "WHERE create_date >= %s",
        "service requests done": "SELECT count(*) FROM aftersales_service_request "
        "WHERE date_done >= %s",
        "complaints created": "SELECT count(*) FROM aftersales_complaint WHERE create_date >= %s",
        "settlements confirmed": "SELECT count(*) FROM aftersales_provider_settlement "
        "WHERE state = 'confirmed' AND write_date >= %s",
        "repair orders created": "SELECT count(*) FROM repair_order WHERE create_date >= %s",
        "return visits created": "SELECT count(*) FROM aftersales_return_visit "
        "WHERE create_date >= %s",
    }.items():
        cr.execute(sql, [since])
        out["counts"][label] = cr.fetchone()[0]
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    for c in out["checks"]:
        log(f"{'OK  ' if c['ok'] else 'FAIL'} {c['check']} {c['detail']}")


# ====================================================================== pages
def _measure(env, fn, repeat=3):
    """Best of ``repeat``: (seconds, queries)."""
    best = None
    for __ in range(repeat):
        env.invalidate_all()
        env.registry.clear_cache()
        q0 = env.cr.sql_log_count
        t0 = time.perf_counter()
        fn()
        seconds = time.perf_counter() - t0
        queries = env.cr.sql_log_count - q0
        if best is None or seconds < best[0]:
            best = (seconds, queries)
    return best


def _list_spec(env, model, view_type="list"):
    view = env[model].get_views([(False, view_type)])
    fields = view["models"][model]["fields"]
    return {name: {} for name in fields if name in env[model]._fields}


def _action_domain_context(env, xmlid):
    action = env.ref(xmlid, raise_if_not_found=False)
    if not action:
        return [], {}
    ctx = odoo.tools.safe_eval.safe_eval(action.context or "{}", {"uid": env.uid})
    domain = odoo.tools.safe_eval.safe_eval(action.domain or "[]", {"uid": env.uid})
    # the default filters of the search view (search_default_*)
    filters = [k[len("search_default_") :] for k in ctx if k.startswith("search_default_")]
    return domain, {"filters": filters, "ctx": ctx}


def pages(env, args):
    rows = []
    admin = env.ref("base.user_admin")
    uenv = env(user=admin.id)
    lists = [
        ("aftersales.service.request", "aftersales_service.aftersales_service_request_action"),
        ("aftersales.complaint", "aftersales_complaint.aftersales_complaint_action"),
        ("aftersales.penalty.entry", "aftersales_penalty.aftersales_penalty_entry_action"),
        ("repair.order", "repair.action_repair_order_tree"),
    ]
    views = [(model, xmlid, "list") for model, xmlid in lists] + [
        (model, xmlid, "kanban") for model, xmlid in lists[:2]
    ]
    for model, xmlid, view_type in views:
        domain, info = _action_domain_context(uenv, xmlid)
        spec = _list_spec(uenv, model, view_type)
        Model = uenv[model].with_context(**{k: v for k, v in info.get("ctx", {}).items()})
        total = Model.search_count(domain)
        for limit in (80, 400):
            seconds, queries = _measure(
                uenv,
                lambda M=Model, d=domain, s=spec, lim=limit: M.web_search_read(d, s, limit=lim),
            )
            rows.append(
                {
                    "page": f"{view_type} {model} (action domain, {len(spec)} fields)",
                    "records": min(limit, total),
                    "total": total,
                    "seconds": seconds,
                    "queries": queries,
                }
            )
    # the customer with 1,000 requests and as many repair orders: the same list, same size
    big = env["res.users"].search([("login", "=", f"{PREFIX}big")])
    if big:
        partner_domain = [("partner_id", "=", big.partner_id.id)]
        for model in ("aftersales.service.request", "repair.order"):
            spec = _list_spec(uenv, model)
            Model = uenv[model]
            total = Model.search_count(partner_domain)
            for limit in (80, 1000):
                seconds, queries = _measure(
                    uenv,
                    lambda M=Model, s=spec, lim=limit: M.web_search_read(
                        partner_domain, s, limit=lim
                    ),
                )
                rows.append(
                    {
                        "page": f"list {model} of the customer with 1,000 ({len(spec)} fields)",
                        "records": min(limit, total),
                        "total": total,
                        "seconds": seconds,
                        "queries": queries,
                    }
                )
    with open(args.plan) as f:
        plan = json.load(f)
    out = {"rows": rows, "plan": plan.get("db")}
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    for row in rows:
        log(str(row))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["setup", "check", "pages"])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--plan", default="/tmp/wtl/plan.json")
    parser.add_argument("--out", default="/tmp/wtl/check.json")
    parser.add_argument("--since", default="1970-01-01")
    parser.add_argument("--customers", type=int, default=20)
    parser.add_argument("--technicians", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=40, help="dispatched jobs per technician")
    parser.add_argument("--desks", type=int, default=8)
    parser.add_argument("--managers", type=int, default=2)
    parser.add_argument("--providers", type=int, default=6)
    parser.add_argument("--big-requests", type=int, default=1000)
    parser.add_argument(
        "--vans", action="store_true", help="a van of his own for each technician (setup)"
    )
    parser.add_argument("--provider-jobs", type=int, default=3, help="per provider and month")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    logging.getLogger("odoo").setLevel(logging.WARNING)
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = _env(cr)
        {"setup": setup, "check": check, "pages": pages}[args.command](env, args)


if __name__ == "__main__":
    main()
