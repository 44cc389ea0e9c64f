"""Numbers under concurrency: real parallel RPC clients against Odoo's multi-process server.

A database of its own (`.ci/run` names it in AFTERSALES_CONCURRENCY_DB and drops it
afterwards) gets the three addons without demo data, then `odoo --workers=4` serves it on
a free local port. For every numbered document, 16 clients create one each at the same
moment over XML-RPC with a real login (`execute_kw`): every creation must succeed (Odoo
retries serialization failures by itself; a unique violation it would not) and every
number must be distinct. The complaint's case is the hardest: the first complaints of a
month also create that month's numbering range.
"""

import os
import re
import socket
import subprocess
import threading
import time
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
import requests

MODULES = "aftersales_service,aftersales_complaint,aftersales_penalty"
CLIENTS = 16


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    conf = os.environ.get("AFTERSALES_ODOO_CONF")
    db = os.environ.get("AFTERSALES_CONCURRENCY_DB")
    if not conf or not db:
        pytest.fail("run through .ci/run: AFTERSALES_ODOO_CONF and AFTERSALES_CONCURRENCY_DB unset")
    subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)
    install = subprocess.run(
        [
            "odoo",
            "-c",
            conf,
            "-d",
            db,
            "-i",
            MODULES,
            "--without-demo=all",
            "--stop-after-init",
            "--load-language=en_US",
        ],
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    port = _free_port()
    process = subprocess.Popen(
        [
            "odoo",
            "-c",
            conf,
            "-d",
            db,
            f"--db-filter=^{db}$",
            f"--http-port={port}",
            f"--gevent-port={_free_port()}",
            "--http-interface=127.0.0.1",
            "--workers=4",
            "--max-cron-threads=0",
            "--limit-time-real=600",
            "--load-language=en_US",
            "--log-level=warn",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log = []
    reader = threading.Thread(target=lambda: log.extend(process.stderr), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").version()
            break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("the Odoo server did not start:\n" + "".join(log[-50:]))
    try:
        yield url, db, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        subprocess.run(["dropdb", "--if-exists", db], check=False, capture_output=True)


class Client:
    def __init__(self, url, db, login="admin", password="admin"):
        self.url, self.db, self.password = url, db, password
        self.uid = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common").authenticate(
            db, login, password, {}
        )
        assert self.uid, f"cannot log in as {login}"

    def __call__(self, model, method, *args, **kwargs):
        # one connection per call: the clients run in parallel threads
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/object", allow_none=True)
        return proxy.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)


def _create_in_parallel(client, model, vals_list):
    barrier = threading.Barrier(len(vals_list))

    def create(vals):
        barrier.wait()
        try:
            return client(model, "create", [vals])[0], None
        except xmlrpc.client.Fault as fault:
            return None, fault.faultString[-500:]

    with ThreadPoolExecutor(max_workers=len(vals_list)) as pool:
        results = list(pool.map(create, vals_list))
    errors = [error for _id, error in results if error]
    ids = [record_id for record_id, _error in results if record_id]
    return ids, errors


def test_every_numbered_document_gets_a_distinct_number_in_parallel(server):
    url, db, log = server
    rpc = Client(url, db)
    partners = rpc(
        "res.partner", "create", [{"name": f"Parallel customer {i}"} for i in range(CLIENTS)]
    )
    # contracted providers too: a settlement pays only a provider its company contracted
    rpc("aftersales.provider", "create", [{"partner_id": p} for p in partners])
    employee = rpc("hr.employee", "create", [{"name": "Parallel technician"}])[0]
    rule = rpc(
        "aftersales.penalty.rule",
        "create",
        [{"name": "Parallel rule", "code": "PAR-1", "kind": "occurrence", "amount": 10}],
    )[0]
    today = date.today()
    cases = {
        "aftersales.complaint": [
            {"partner_id": p, "customer_demand": "Replace it"} for p in partners
        ],
        "aftersales.service.request": [
            {"partner_id": p, "fault_description": "No cooling"} for p in partners
        ],
        "aftersales.contract": [
            {
                "partner_id": p,
                "date_start": str(today),
                "date_end": str(today + timedelta(days=365)),
            }
            for p in partners
        ],
        "aftersales.return": [{"partner_id": p} for p in partners],
        "aftersales.provider.settlement": [{"provider_id": p} for p in partners],
        "aftersales.penalty.entry": [
            {
                "rule_id": rule,
                "target_type": "employee",
                "employee_id": employee,
                "reason": f"Parallel {i}",
            }
            for i in range(CLIENTS)
        ],
        "aftersales.return.visit": [
            {"partner_id": p, "date_planned": str(today), "date_deadline": str(today)}
            for p in partners
        ],
        "aftersales.quality.feedback": [{"description": "Parallel"} for _p in partners],
    }
    failures = {}
    for model, vals_list in cases.items():
        ids, errors = _create_in_parallel(rpc, model, vals_list)
        names = [row["name"] for row in rpc(model, "read", ids, fields=["name"])]
        if errors or len(ids) != CLIENTS or len(set(names)) != CLIENTS or "/" in names:
            failures[model] = {"errors": errors[:3], "created": len(ids), "names": names}
    server_errors = [line for line in log if " ERROR " in line or "Traceback" in line]
    assert not failures, failures
    assert not server_errors, "".join(server_errors[:20])


def _portal_session(url, login):
    session = requests.Session()
    page = session.get(f"{url}/web/login", timeout=60).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    session.post(
        f"{url}/web/login",
        data={"login": login, "password": login, "csrf_token": token},
        timeout=60,
    )
    return session


def test_a_serial_is_claimed_by_one_return_whatever_the_parallel_requests(server):
    """The same unit returned by portal forms sent at the same moment (a double click,
    two tabs): one case claims it, the other forms say it is claimed already."""
    url, db, log = server
    rpc = Client(url, db)
    partner = rpc("res.partner", "create", [{"name": "Returning customer"}])[0]
    portal = rpc(
        "ir.model.data",
        "search_read",
        [("module", "=", "base"), ("name", "=", "group_portal")],
        fields=["res_id"],
    )[0]["res_id"]
    rpc(
        "res.users",
        "create",
        [
            {
                "name": "Returning customer",
                "login": "par_returner",
                "password": "par_returner",
                "partner_id": partner,
                "groups_id": [(6, 0, [portal])],
            }
        ],
    )
    product = rpc(
        "product.product",
        "create",
        [{"name": "Parallel split AC", "type": "consu", "tracking": "serial"}],
    )[0]
    lot = rpc(
        "stock.lot",
        "create",
        [
            {
                "name": "PAR-RET-0001",
                "product_id": product,
                "aftersales_partner_id": partner,
                "aftersales_delivery_date": str(date.today()),
            }
        ],
    )[0]
    reason = rpc("aftersales.return.reason", "create", [{"name": "Wrong model"}])[0]
    forms = 4
    sessions = [_portal_session(url, "par_returner") for _ in range(forms)]
    tokens = [
        re.search(
            r'name="csrf_token" value="([^"]+)"',
            session.get(f"{url}/my/returns/new", timeout=60).text,
        ).group(1)
        for session in sessions
    ]
    barrier = threading.Barrier(forms)

    def send(index):
        barrier.wait()
        return (
            sessions[index]
            .post(
                f"{url}/my/returns/new",
                data={
                    "csrf_token": tokens[index],
                    "unit": f"lot-{lot}",
                    "kind": "exchange",
                    "reason_id": str(reason),
                    "description": "The wrong model was delivered",
                    "qty": "1",
                },
                allow_redirects=False,
                timeout=120,
            )
            .status_code
        )

    with ThreadPoolExecutor(max_workers=forms) as pool:
        statuses = list(pool.map(send, range(forms)))
    cases = rpc(
        "aftersales.return.line",
        "search_count",
        [("lot_id", "=", lot), ("return_id.state", "not in", ("rejected", "cancelled"))],
    )
    assert cases == 1, statuses
    assert statuses.count(303) == 1 and statuses.count(200) == forms - 1, statuses


def test_public_warranty_lookups_sent_at_once_stay_within_the_limit(server):
    """The public warranty lookup allows an address 10 lookups in 10 minutes, counted in
    the database so that every server process sees them: 30 lookups sent at the same
    moment from one address get 10 answers, the others are told to wait (HTTP 429)."""
    url, db, log = server
    rpc = Client(url, db)
    before = rpc("aftersales.warranty.lookup", "search_count", [("address", "=", "127.0.0.1")])
    assert before == 0, "no other test of this module looks a serial up"
    lookups = 30
    barrier = threading.Barrier(lookups)

    def lookup(index):
        barrier.wait()
        return requests.get(
            f"{url}/warranty", params={"serial": f"PAR-LOOKUP-{index}"}, timeout=120
        ).status_code

    with ThreadPoolExecutor(max_workers=lookups) as pool:
        statuses = list(pool.map(lookup, range(lookups)))
    assert statuses.count(200) == 10 and statuses.count(429) == lookups - 10, statuses
    made = rpc("aftersales.warranty.lookup", "search_count", [("address", "=", "127.0.0.1")])
    assert made == 10
