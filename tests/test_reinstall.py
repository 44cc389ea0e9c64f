"""Install, uninstall and reinstall the three addons on a copy of the CI database.

`.ci/run` makes the copy (AFTERSALES_REINSTALL_DB) right after the fresh install; the
test runs real Odoo processes on it and fails on any ERROR or CRITICAL log line.
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
        ["odoo", *command, "-c", conf, "-d", db, "--load-language=en_US", "--log-level=info",
         *args],
        input=stdin, capture_output=True, text=True, timeout=1200, check=False,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.fixture(scope="module")
def reinstall_db():
    conf = os.environ.get("AFTERSALES_ODOO_CONF")
    db = os.environ.get("AFTERSALES_REINSTALL_DB")
    if not conf or not db:
        pytest.fail("run through .ci/run: AFTERSALES_ODOO_CONF and AFTERSALES_REINSTALL_DB unset")
    return conf, db


def test_uninstall_then_reinstall_leaves_no_error(reinstall_db):
    conf, db = reinstall_db
    code, out = _odoo(conf, db, "--no-http", command=("shell",),
                      stdin=UNINSTALL % (MODULES, MODULES))
    assert code == 0, out[-3000:]
    assert "LEFT: []" in out, out[-3000:]
    bad = [line for line in out.splitlines() if BAD_LINE.search(line)]
    assert not bad, "\n".join(bad[:20])
    code, out = _odoo(conf, db, "-i", ",".join(reversed(MODULES)), "--stop-after-init")
    bad = [line for line in out.splitlines() if BAD_LINE.search(line)]
    assert code == 0 and not bad, "\n".join(bad[:20]) or out[-3000:]
    assert "has no access rules" not in out
