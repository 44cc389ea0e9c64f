"""Install, uninstall and reinstall the three addons: no error in the log.

Runs real Odoo processes on a database of its own, created without demo data
(`.ci/run` names it in AFTERSALES_REINSTALL_DB and drops it afterwards). Demo data is
left out on purpose: it creates stock moves and invoices in Odoo's own tables that
keep referencing the demo products and partners, and Odoo logs each refused deletion.
"""

import json
import os
import re
import subprocess

import pytest

MODULES = ["aftersales_penalty", "aftersales_complaint", "aftersales_service"]
BAD_LINE = re.compile(r" (ERROR|CRITICAL) |Traceback \(most recent call last\)")

UNINSTALL = """
mods = env['ir.module.module'].search([('name', 'in', %r), ('state', '=', 'installed')])
mods.button_immediate_uninstall()
env.cr.commit()
left = env['ir.module.module'].search([('name', 'in', %r), ('state', '!=', 'uninstalled')])
print('LEFT:', left.mapped('name'))
"""


def _odoo(conf, db, *args, command=(), stdin=None):
    result = subprocess.run(
        [
            "odoo",
            *command,
            "-c",
            conf,
            "-d",
            db,
            "--load-language=en_US",
            "--log-level=info",
            *args,
        ],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def _errors(out):
    return [line for line in out.splitlines() if BAD_LINE.search(line)]


@pytest.fixture(scope="module")
def reinstall_db():
    conf = os.environ.get("AFTERSALES_ODOO_CONF")
    db = os.environ.get("AFTERSALES_REINSTALL_DB")
    if not conf or not db:
        pytest.fail("run through .ci/run: AFTERSALES_ODOO_CONF and AFTERSALES_REINSTALL_DB unset")
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)
    yield conf, db
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)


def test_install_uninstall_reinstall_leaves_no_error(reinstall_db):
    conf, db = reinstall_db
    modules = ",".join(reversed(MODULES))
    code, out = _odoo(conf, db, "-i", modules, "--without-demo=all", "--stop-after-init")
    assert code == 0 and not _errors(out), "\n".join(_errors(out)[:20]) or out[-3000:]
    assert "has no access rules" not in out

    code, out = _odoo(
        conf, db, "--no-http", command=("shell",), stdin=UNINSTALL % (MODULES, MODULES)
    )
    assert code == 0, out[-3000:]
    assert "LEFT: []" in out, out[-3000:]
    assert not _errors(out), "\n".join(_errors(out)[:20])

    code, out = _odoo(conf, db, "-i", modules, "--without-demo=all", "--stop-after-init")
    assert code == 0 and not _errors(out), "\n".join(_errors(out)[:20]) or out[-3000:]
    assert "has no access rules" not in out


PENALTY_FLOW = """
import json
from datetime import timedelta
from odoo import fields
company = env.company
Rule = env['aftersales.penalty.rule']
rules = Rule.search([('company_id', '=', company.id)])
def rule(kind, **domain):
    found = rules.filtered(lambda r: r.kind == kind and all(r[k] == v for k, v in domain.items()))
    return found[:1]
out = {'rules': len(rules), 'kinds': sorted(set(rules.mapped('kind')))}
dept = env['hr.department'].create({'name': 'Flow service'})
user = env['res.users'].create({
    'name': 'Flow technician', 'login': 'flow_tech',
    'groups_id': [(6, 0, [env.ref('base.group_user').id,
                          env.ref('aftersales_service.group_aftersales_user_own').id])],
})
tech = env['hr.employee'].create({
    'name': 'Flow technician', 'user_id': user.id, 'department_id': dept.id,
    'aftersales_base_points': 10, 'aftersales_efficiency_bonus': 2000,
})
mate = env['hr.employee'].create({
    'name': 'Flow mate', 'department_id': dept.id,
    'aftersales_base_points': 10, 'aftersales_efficiency_bonus': 2000,
})
customer = env['res.partner'].create({'name': 'Flow customer'})
# 1. complaint loss allocated by base points with the shipped loss rule
complaint = env['aftersales.complaint'].create({
    'partner_id': customer.id, 'customer_demand': 'Refund', 'loss_amount': 1000,
    'responsibility_ids': [(0, 0, {'department_id': dept.id, 'share': 100})],
})
complaint.action_allocate_penalty_loss()
loss = complaint.penalty_entry_ids
out['loss'] = sorted(loss.mapped('amount'))
# 2. an administrative sanction (warning), approved with the loss after the subsidies
warning = env['aftersales.penalty.entry'].create({
    'rule_id': rule('admin_warning').id, 'target_type': 'employee',
    'employee_id': tech.id, 'reason': 'Rude on the phone',
})
out['warning'] = warning.amount
# 3. subsidies of a completed job
request = env['aftersales.service.request'].create({
    'partner_id': customer.id, 'technician_id': user.id, 'kind': 'repair',
})
request.action_dispatch()
request.action_start()
request.work_done = '<p>Installed</p>'
request.action_done()
period = fields.Date.context_today(env.user).replace(day=1)
subsidies = Rule._generate_service_entries(period, company)
out['subsidies'] = len(subsidies)
again = Rule._generate_service_entries(period, company)
out['subsidies_again'] = len(again)
(loss | warning).action_approve()
# 4. the month's bonus deduction run
run = env['aftersales.penalty.deduction.run']._run_month(period, company)
line = run.line_ids.filtered(lambda l: l.employee_id == tech)
out['deducted'] = line.amount_deducted
out['carry'] = line.carry_out
print('FLOW:' + json.dumps(out))
env.cr.rollback()
"""


def test_penalty_flow_on_a_database_without_demo_data(reinstall_db):
    """The shipped rule book alone runs the whole penalty flow (allocation, sanctions,
    subsidies, deduction run) on the database installed without demo data above."""
    conf, db = reinstall_db
    code, out = _odoo(conf, db, "--no-http", command=("shell",), stdin=PENALTY_FLOW)
    assert code == 0 and "FLOW:" in out, out[-3000:]
    result = json.loads(out.split("FLOW:", 1)[1].splitlines()[0])
    assert result["rules"] >= 60, result
    for kind in (
        "admin_warning",
        "admin_minor",
        "admin_major",
        "complaint_loss",
        "monthly_subsidy",
    ):
        assert kind in result["kinds"], result
    assert result["loss"] == [500.0, 500.0], result
    assert result["warning"] >= 400, result
    assert result["subsidies"] >= 1 and result["subsidies_again"] == 0, result
    # the technician's 500 of loss and the warning: deducted now or carried to next month
    assert result["deducted"] >= 500.0, result
    assert result["deducted"] + result["carry"] == 500.0 + result["warning"], result
