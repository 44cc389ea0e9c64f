"""Install, uninstall and reinstall the three addons: no error in the log.

Runs real Odoo processes on a database of its own, created without demo data
(`.ci/run` names it in AFTERSALES_REINSTALL_DB and drops it afterwards). Demo data is
left out on purpose: it creates stock moves and invoices in Odoo's own tables that
keep referencing the demo products and partners, and Odoo logs each refused deletion.
"""

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
