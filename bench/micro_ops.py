# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Server time of the operations the load test found slow (issue 22), one at a time.

Run in ``odoo shell`` on a database with the three addons and demo data::

    odoo shell -c CONF -d DB --load-language=en_US --no-http < bench/micro_ops.py

Environment variables: ``MICRO_N`` (operations per row, default 30), ``MICRO_TRACE`` (an
operation key, e.g. ``complaint``: print the SQL of one such operation with the first
addon frame that issued each query), ``MICRO_PROFILE`` (an operation key: cProfile of
its measured operations, the 40 costliest functions by cumulative time).

Each operation runs as the user the load test uses (portal customer through the
controller's own steps with ``sudo`` as the controller does, technician, desk user) on a
record of its own, with an empty record cache (as a new request has); its time and
queries include the flush and the pre-commit hooks (chatter tracking) an RPC runs before
its commit. Everything is rolled back at the end: the database is unchanged.

Not run by CI.
"""

import cProfile
import os
import pstats
import statistics
import time
import traceback
from contextlib import contextmanager, nullcontext
from unittest.mock import patch

from werkzeug.datastructures import MultiDict

from odoo import Command, fields
from odoo.tools import mute_logger

N = int(os.environ.get("MICRO_N", "30"))
TRACE = os.environ.get("MICRO_TRACE", "")
PROFILE = os.environ.get("MICRO_PROFILE", "")
WARM = 3
PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJ"
    "RU5ErkJggg=="
)


def _user(env, login, groups, partner=None):
    vals = {
        "name": login,
        "login": login,
        "email": f"{login}@micro.example.com",
        "groups_id": [Command.set([env.ref(g).id for g in groups])],
        "tz": "UTC",
    }
    if partner:
        vals["partner_id"] = partner.id
    return env["res.users"].with_context(no_reset_password=True, tracking_disable=True).create(vals)


@contextmanager
def _traced(cr):
    """Print every query of the block with the first addon frame that issued it."""
    real = type(cr).execute
    lines = []

    def execute(self, query, params=None, log_exceptions=True):
        stack = traceback.extract_stack()[:-1]
        where = next(
            (
                f"{f.filename.split('/')[-3]}/{f.filename.split('/')[-1]}:{f.lineno} {f.name}"
                for f in reversed(stack)
                if "/aftersales_" in f.filename
            ),
            next(
                (
                    f"{f.filename.split('addons/')[-1]}:{f.lineno} {f.name}"
                    for f in reversed(stack)
                    if "/addons/" in f.filename
                ),
                "?",
            ),
        )
        lines.append(f"{where}  | {str(query)[:150]!r}")
        return real(self, query, params, log_exceptions)

    with patch.object(type(cr), "execute", execute):
        yield
    print("\n".join(f"  {i + 1:3d} {line}" for i, line in enumerate(lines)))


def measure(env, key, records, func):
    """Median ms and queries of ``func(record)`` over ``records`` (``WARM`` first ones
    not counted)."""
    cr = env.cr
    times, counts = [], []
    profiler = cProfile.Profile() if PROFILE == key else None
    for index, record in enumerate(records):
        env.flush_all()
        cr.precommit.run()
        env.invalidate_all()
        traced = TRACE == key and index == WARM
        if traced:
            print(f"--- SQL of one '{key}'")
        ctx = _traced(cr) if traced else nullcontext()
        with ctx:
            before = cr.sql_log_count
            if profiler and index >= WARM:
                profiler.enable()
            start = time.perf_counter()
            func(record)
            env.flush_all()
            cr.precommit.run()
            elapsed = time.perf_counter() - start
            if profiler:
                profiler.disable()
            queries = cr.sql_log_count - before
        if index >= WARM:
            times.append(elapsed * 1000.0)
            counts.append(queries)
    if profiler:
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("MICRO_SORT", "cumulative"))
        stats.print_stats(os.environ.get("MICRO_FILTER", ""), 40)
        if os.environ.get("MICRO_CALLERS"):
            stats.print_callers(os.environ["MICRO_CALLERS"])
    return statistics.median(times), statistics.median(counts)


def run(env):
    env = env(context=dict(env.context, lang="en_US", tz="UTC"))
    company = env.company
    total = N + WARM
    part = env.ref("aftersales_service.product_filter")
    products = env.ref("aftersales_service.product_air_conditioner") | env.ref(
        "aftersales_service.product_cabinet_ac"
    )
    stock = company._aftersales_warehouse().lot_stock_id
    env["stock.quant"]._update_available_quantity(part, stock, 100000.0)
    quiet = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    customers = quiet["res.partner"].create(
        [{"name": f"Micro Customer {i}", "email": f"micro{i}@example.com"} for i in range(total)]
    )
    lots = quiet["stock.lot"].create(
        [
            {
                "name": f"MICRO-{i:04d}",
                "product_id": products[i % 2].id,
                "aftersales_partner_id": customers[i].id,
            }
            for i in range(total)
        ]
    )
    portal_users = [
        _user(env, f"micro_portal_{i}", ["base.group_portal"], partner=customer)
        for i, customer in enumerate(customers)
    ]
    tech = _user(
        env,
        "micro_tech",
        [
            "base.group_user",
            "aftersales_service.group_aftersales_user_own",
            "stock.group_stock_user",
        ],
    )
    desk = _user(
        env,
        "micro_desk",
        [
            "base.group_user",
            "aftersales_service.group_aftersales_user_all",
            "aftersales_complaint.group_complaint_user_all",
            "stock.group_stock_user",
        ],
    )
    rows = []

    # ---------------------------------------------------------------- portal complaint
    from odoo.addons.aftersales_complaint.controllers import (  # noqa: PLC0415
        portal_complaint,
    )

    controller = portal_complaint.ComplaintPortal()

    def file_complaint(index):
        user = portal_users[index]
        uenv = env(user=user, context=dict(env.context, lang="en_US"))
        form = MultiDict(
            [
                ("customer_demand", "Replace the unit."),
                ("description", "Third failure this summer."),
                ("lot_ids", str(lots[index].id)),
            ]
        )
        fake = type("Request", (), {"env": uenv, "httprequest": type("H", (), {"form": form})()})()
        with patch.object(portal_complaint, "request", fake):
            post = form.to_dict()
            found = controller._complaint_installed_lots()
            assert not controller._validate_complaint_form(post, found)
            vals = controller._prepare_complaint_vals(post, found)
            uenv["aftersales.complaint"].sudo().create(vals)

    # repair.order create, as the desk user
    def repair_create(index):
        env(user=desk)["repair.order"].create(
            {
                "partner_id": customers[index].id,
                "product_id": products[index % 2].id,
                "internal_notes": "<p>micro created</p>",
            }
        )

    created = []

    def request_create(index):
        created.append(
            env(user=desk)["aftersales.service.request"].create(
                {
                    "partner_id": customers[index].id,
                    "lot_id": lots[index].id,
                    "channel": "phone",
                    "fault_description": "<p>Noise from the outdoor unit.</p>",
                }
            )
        )

    complaint_ms, complaint_q = measure(env, "complaint", range(total), file_complaint)
    # the same customer about the same unit again: a repeat complaint, escalated to the
    # deputy general manager (most complaints of the load test's customers)
    repeat_ms, repeat_q = measure(env, "repeat_complaint", range(total), file_complaint)
    repair_ms, repair_q = measure(env, "repair_create", range(total), repair_create)
    rows.append(
        (
            "`POST /my/complaints/new` steps, first complaint",
            complaint_ms,
            complaint_q,
            "`repair.order` `create`",
            repair_ms,
            repair_q,
        )
    )
    rows.append(
        (
            "same, repeat complaint (escalated)",
            repeat_ms,
            repeat_q,
            "`repair.order` `create`",
            repair_ms,
            repair_q,
        )
    )
    req_ms, req_q = measure(env, "request_create", range(total), request_create)
    rows.append(
        ("request `create` (desk)", req_ms, req_q, "`repair.order` `create`", repair_ms, repair_q)
    )

    # ---------------------------------------------------------------- write
    repairs = quiet["repair.order"].create(
        [{"partner_id": customers[i].id, "internal_notes": "micro"} for i in range(total)]
    )
    write_ms, write_q = measure(
        env,
        "request_write",
        created,
        lambda r: r.with_user(desk).write(
            {"contact_name": f"Caller {r.id}", "phone": "+86 20 5555 0101"}
        ),
    )
    rwrite_ms, rwrite_q = measure(
        env,
        "repair_write",
        repairs,
        lambda r: r.with_user(desk).write({"internal_notes": f"<p>note {r.id}</p>"}),
    )
    rows.append(
        (
            "request `write` (contact, phone)",
            write_ms,
            write_q,
            "`repair.order` `write`",
            rwrite_ms,
            rwrite_q,
        )
    )

    # ---------------------------------------------------------------- done with a part
    jobs = env["aftersales.service.request"].create(
        [
            {
                "partner_id": customers[i].id,
                "lot_id": lots[i].id,
                "technician_id": tech.id,
                "fault_description": "<p>no cooling</p>",
            }
            for i in range(total)
        ]
    )
    jobs.action_dispatch()
    for job in jobs.with_user(tech):
        job.action_start()
        env["aftersales.service.line"].with_user(tech).create(
            {"request_id": job.id, "line_type": "part", "product_id": part.id}
        )
        job.write({"work_done": "<p>Cleaned the filter, replaced it.</p>", "time_spent": 1.5})
        job.action_sign(PNG_1PX, "Customer")
    orders = env["repair.order"].create(
        [
            {
                "partner_id": customers[i].id,
                "user_id": tech.id,
                "internal_notes": "MICROTECH",
                "move_ids": [
                    Command.create(
                        {"product_id": part.id, "product_uom_qty": 1.0, "repair_line_type": "add"}
                    )
                ],
            }
            for i in range(total)
        ]
    )
    for order in orders:
        order.action_validate()
    for order in orders.with_user(tech):
        order.action_repair_start()
    done_ms, done_q = measure(env, "done", jobs, lambda j: j.with_user(tech).action_done())
    end_ms, end_q = measure(
        env, "repair_end", orders, lambda o: o.with_user(tech).action_repair_end()
    )
    rows.append(
        (
            "request `action_done` (part consumed)",
            done_ms,
            done_q,
            "`repair.order` `action_repair_end` (part)",
            end_ms,
            end_q,
        )
    )
    assert all(j.state == "done" for j in jobs), "every job done"
    assert all(o.state == "done" for o in orders), "every repair order done"

    print(f"\n{N} operations each, median, {fields.Datetime.now()} (UTC)\n")
    print("| Ours | queries | ms | Plain Odoo | queries | ms | time ratio |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for ours, ms, q, plain, pms, pq in rows:
        print(f"| {ours} | {q:.0f} | {ms:.1f} | {plain} | {pq:.0f} | {pms:.1f} | {ms / pms:.2f}x |")


with mute_logger("odoo.addons.base.models.ir_cron"):
    savepoint = env.cr.savepoint(flush=False)  # noqa: F821 (odoo shell's env)
    try:
        run(env)  # noqa: F821
    finally:
        env.invalidate_all()  # noqa: F821
        savepoint.close(rollback=True)
        env.cr.rollback()  # noqa: F821
