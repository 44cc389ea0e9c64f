"""Locust users of the aftersales load test (run by ``run.py`` in Locust's own venv).

Every user logs in with a login of its own (made by ``odoo_side.py setup``, listed in the
plan file named by ``$LOAD_PLAN``) and talks to Odoo over HTTP: the portal users with the
portal's pages and form POSTs (csrf_token read from the page), the others with JSON-RPC
(``/web/session/authenticate``, ``/web/dataset/call_kw``). Operation names starting with
``odoo:`` are plain Odoo operations of similar weight, measured in the same run for the ratios.

A failure's message starts with its kind: ``http500``, ``access``, ``serialization``,
``lock``, ``unique``, ``user_error`` (a refusal of the business rules), ``other``.

Not run by CI.
"""

import base64
import itertools
import json
import os
import random
import re
import struct
import zlib

from locust import HttpUser, between, constant, events, task

with open(os.environ["LOAD_PLAN"]) as _f:
    PLAN = json.load(_f)
DB = PLAN["db"]
# think time of the people (not of the cron driver), as a factor: 0 = none (a saturating load)
THINK = float(os.environ.get("LOAD_THINK", "1"))
# every request's response time, for percentiles pooled over the rounds of a worker count
_SAMPLES = os.environ.get("LOAD_SAMPLES") and open(os.environ["LOAD_SAMPLES"], "a")


@events.request.add_listener
def _sample(name, response_time, **kw):
    if _SAMPLES:
        _SAMPLES.write(f"{name}\t{response_time:.1f}\n")


@events.quitting.add_listener
def _close_samples(**kw):
    if _SAMPLES:
        _SAMPLES.close()


def _think(low, high):
    return between(low * THINK, high * THINK)


CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')


def _png(width=64, height=64, seed=0):
    """A small valid PNG (a photo of the fault, a signature)."""
    rng = random.Random(seed)
    raw = b"".join(
        b"\x00" + bytes(rng.randrange(256) for __ in range(width * 3)) for __ in range(height)
    )

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


PHOTO = _png(96, 96, 1)  # about 28 kB, incompressible
SIGNATURE = base64.b64encode(_png(16, 16, 2)).decode()


def classify(name, message=""):
    text = f"{name} {message}"
    if "SerializationFailure" in text or "could not serialize" in text:
        return "serialization"
    if "LockNotAvailable" in text or "DeadlockDetected" in text or "deadlock" in text:
        return "lock"
    if "UniqueViolation" in text or "duplicate key" in text:
        return "unique"
    if "AccessError" in text or "AccessDenied" in text or "SessionExpired" in text:
        return "access"
    if "UserError" in text or "ValidationError" in text or "MissingError" in text:
        return "user_error"
    return "other"


def _html_error(resp):
    body = resp.text or ""
    if resp.status_code >= 500:
        return f"http500: {classify(body)} {resp.status_code}"
    if resp.status_code >= 400:
        return f"{classify(body) if classify(body) != 'other' else 'access'}: {resp.status_code}"
    return None


class OdooUser(HttpUser):
    abstract = True
    host = "http://127.0.0.1:8269"
    logins = ()
    _counter = None

    def next_login(self):
        cls = type(self)
        if cls._counter is None:
            cls._counter = itertools.count()
        return self.logins[next(cls._counter) % len(self.logins)]

    # ------------------------------------------------------------------ JSON-RPC
    def rpc_login(self, login, password=None):
        resp = self.client.post(
            "/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": DB, "login": login, "password": password or login},
            },
            name="login (JSON-RPC)",
        )
        self.uid = resp.json()["result"]["uid"]

    def call(self, name, model, method, *args, expected=None, **kwargs):
        """``expected``: ``(text, name)``, a refusal containing ``text`` that is the
        server's right answer, counted under ``name`` instead of as a failure."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": random.randrange(1 << 30),
            "params": {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        }
        with self.client.post(
            f"/web/dataset/call_kw/{model}/{method}", json=payload, name=name, catch_response=True
        ) as resp:
            if resp.status_code != 200:
                resp.failure(f"http500: {classify(resp.text)} HTTP {resp.status_code}")
                return None
            data = resp.json()
            if "error" in data:
                err = data["error"].get("data") or {}
                if expected and expected[0] in (err.get("message") or ""):
                    resp.request_meta["name"] = expected[1]
                    resp.success()
                    return None
                kind = classify(err.get("name", ""), err.get("message", ""))
                resp.failure(f"{kind}: {err.get('name')}: {(err.get('message') or '')[:160]}")
                return None
            resp.success()
            return data.get("result")

    def form_fields(self, model):
        res = self.call(f"get_views {model} form", model, "get_views", [[False, "form"]])
        fields = (res or {}).get("models", {}).get(model, {})
        fields = fields.get("fields", fields)
        return [name for name in fields if not name.startswith("activity_")]

    # ------------------------------------------------------------------ portal (HTML)
    def portal_login(self, login):
        resp = self.client.get("/web/login", name="portal: GET /web/login")
        token = CSRF_RE.search(resp.text).group(1)
        self.client.post(
            "/web/login",
            data={"login": login, "password": login, "csrf_token": token, "redirect": "/my"},
            name="portal: POST /web/login",
        )

    def page(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as resp:
            error = _html_error(resp)
            if error:
                resp.failure(error)
                return None
            resp.success()
            return resp.text


# ====================================================================== portal customers
class PortalCustomer(OdooUser):
    """A customer on the portal: files requests (with a photo) and complaints (with a
    product line), reads their pages."""

    fixed_count = 8
    wait_time = _think(0.5, 1.5)
    logins = PLAN["portal"]

    def on_start(self):
        self.me = self.next_login()
        self.portal_login(self.me["login"])

    @task(2)
    def new_request(self):
        html = self.page("/my/service_requests/new", "portal: GET new request form")
        if html is None:
            return
        token = CSRF_RE.search(html).group(1)
        with self.client.post(
            "/my/service_requests/new",
            data={
                "csrf_token": token,
                "lot_id": str(random.choice(self.me["lot_ids"])),
                "fault": "The unit does not cool and drips water.",
            },
            files={"photos": ("fault.png", PHOTO, "image/png")},
            name="portal: POST new request (photo)",
            allow_redirects=False,
            catch_response=True,
        ) as resp:
            error = _html_error(resp)
            if error:
                resp.failure(error)
            elif "message=created" not in resp.headers.get("Location", ""):
                resp.failure("user_error: not created (the form came back)")
            else:
                resp.success()

    @task(2)
    def new_complaint(self):
        html = self.page("/my/complaints/new", "portal: GET new complaint form")
        if html is None:
            return
        token = CSRF_RE.search(html).group(1)
        with self.client.post(
            "/my/complaints/new",
            data={
                "csrf_token": token,
                "customer_demand": "Replace the unit.",
                "description": "Third failure this summer.",
                "lot_ids": [str(random.choice(self.me["lot_ids"]))],
            },
            name="portal: POST new complaint (product line)",
            allow_redirects=False,
            catch_response=True,
        ) as resp:
            error = _html_error(resp)
            if error:
                resp.failure(error)
            elif not re.search(r"/my/complaints/\d+", resp.headers.get("Location", "")):
                resp.failure("user_error: not created (the form came back)")
            else:
                resp.success()

    @task(3)
    def my_home(self):
        self.page("/my/home", "odoo: portal /my/home")

    @task(3)
    def my_invoices(self):
        self.page("/my/invoices", "odoo: portal /my/invoices")

    @task(1)
    def my_account(self):
        self.page("/my/account", "odoo: portal /my/account")

    @task(3)
    def my_requests(self):
        html = self.page("/my/service_requests", "portal: /my/service_requests")
        ids = re.findall(r"/my/service_requests/(\d+)", html or "")
        if ids:
            self.page(f"/my/service_requests/{random.choice(ids)}", "portal: one service request")

    @task(2)
    def my_complaints(self):
        html = self.page("/my/complaints", "portal: /my/complaints")
        ids = re.findall(r"/my/complaints/(\d+)", html or "")
        if ids:
            self.page(f"/my/complaints/{random.choice(ids)}", "portal: one complaint")

    @task(1)
    def my_surveys(self):
        self.page("/my/surveys", "portal: /my/surveys")


# ====================================================================== service desk
class Desk(OdooUser):
    """The service desk: registers and dispatches requests, searches by serial, opens
    forms; and the same kind of work on plain ``repair.order`` for the reference."""

    fixed_count = 5
    wait_time = _think(0.5, 1.5)
    logins = PLAN["desks"]

    def on_start(self):
        self.rpc_login(self.next_login()["login"])
        self.request_fields = self.form_fields("aftersales.service.request")
        self.repair_fields = self.form_fields("repair.order")
        self.mine = []

    @task(3)
    def create_and_dispatch(self):
        lot_id, __, __ = random.choice(PLAN["desk_lots"])
        rid = self.call(
            "desk: create service request",
            "aftersales.service.request",
            "create",
            {
                "partner_id": random.choice(PLAN["desk_partner_ids"]),
                "lot_id": lot_id,
                "channel": "phone",
                "fault_description": "<p>Noise from the outdoor unit.</p>",
            },
        )
        if not rid:
            return
        rid = rid[0] if isinstance(rid, list) else rid
        self.mine.append(rid)
        tech = random.choice(PLAN["technicians"])
        self.call(
            "desk: set technician (write)",
            "aftersales.service.request",
            "write",
            [rid],
            {"technician_id": tech["uid"]},
        )
        self.call("desk: dispatch", "aftersales.service.request", "action_dispatch", [rid])

    @task(3)
    def search_by_serial(self):
        __, serial, __ = random.choice(PLAN["desk_lots"])
        self.call(
            "desk: search by serial",
            "aftersales.service.request",
            "web_search_read",
            [("lot_id.name", "=", serial)],
            {"name": {}, "state": {}, "partner_id": {"fields": {"display_name": {}}}},
            limit=80,
        )

    @task(3)
    def open_request_form(self):
        ids = self.call(
            "desk: list open requests (search)",
            "aftersales.service.request",
            "search",
            [("state", "in", ["new", "dispatched"])],
            limit=80,
        )
        if ids:
            self.call(
                "desk: open service request form (read)",
                "aftersales.service.request",
                "read",
                [random.choice(ids)],
                self.request_fields,
            )

    @task(2)
    def write_request(self):
        if not self.mine:
            return
        self.call(
            "desk: service request write",
            "aftersales.service.request",
            "write",
            [random.choice(self.mine)],
            {"contact_name": f"Caller {random.randrange(1000)}", "phone": "+86 20 5555 0101"},
        )

    # ---- plain Odoo reference
    @task(3)
    def repair_search_by_serial(self):
        __, serial, __ = random.choice(PLAN["desk_lots"])
        self.call(
            "odoo: search repair.order by serial",
            "repair.order",
            "web_search_read",
            [("lot_id.name", "=", serial)],
            {"name": {}, "state": {}, "partner_id": {"fields": {"display_name": {}}}},
            limit=80,
        )

    @task(3)
    def repair_read(self):
        self.call(
            "odoo: open repair.order form (read)",
            "repair.order",
            "read",
            [random.choice(PLAN["repair_ids"])],
            self.repair_fields,
        )

    @task(2)
    def repair_write(self):
        self.call(
            "odoo: repair.order write",
            "repair.order",
            "write",
            [random.choice(PLAN["repair_ids"])],
            {"internal_notes": f"<p>LOAD note {random.randrange(1000)}</p>"},
        )

    @task(3)
    def repair_create(self):
        self.call(
            "odoo: repair.order create",
            "repair.order",
            "create",
            {
                "partner_id": random.choice(PLAN["desk_partner_ids"]),
                "product_id": random.choice(PLAN["repair_product_ids"]),
                "internal_notes": "<p>LOAD created</p>",
            },
        )


# ====================================================================== technicians
class Technician(OdooUser):
    """A technician closes their dispatched jobs: on site, a part, the work done, the
    customer's signature, done."""

    fixed_count = 4
    wait_time = _think(0.5, 1.5)
    logins = PLAN["technicians"]

    def on_start(self):
        self.rpc_login(self.next_login()["login"])

    @task
    def finish_job(self):
        Req = "aftersales.service.request"
        jobs = self.call(
            "tech: my next job (search_read)",
            Req,
            "search_read",
            [("technician_id", "=", self.uid), ("state", "=", "dispatched")],
            ["name", "partner_id", "lot_id"],
            limit=1,
            order="id",
        )
        if not jobs:
            return
        job = jobs[0]["id"]
        if self.call("tech: start (on site)", Req, "action_start", [job]) is None:
            return
        if PLAN.get("part_id"):
            self.call(
                "tech: add part line",
                "aftersales.service.line",
                "create",
                {"request_id": job, "line_type": "part", "product_id": PLAN["part_id"]},
            )
        self.call(
            "tech: write work done",
            Req,
            "write",
            [job],
            {"work_done": "<p>Cleaned the filter, replaced it.</p>", "time_spent": 1.5},
        )
        self.call("tech: customer signature", Req, "action_sign", [job], SIGNATURE, "Customer")
        self.call("tech: done (parts consumed)", Req, "action_done", [job])

    @task
    def finish_repair(self):
        """Plain Odoo reference: a confirmed repair order with a part, started and ended."""
        ids = self.call(
            "odoo: repair.order my next (search_read)",
            "repair.order",
            "search_read",
            [("user_id", "=", self.uid), ("state", "=", "confirmed")],
            ["name", "partner_id"],
            limit=1,
            order="id",
        )
        if not ids:
            return
        rid = ids[0]["id"]
        if (
            self.call("odoo: repair.order start", "repair.order", "action_repair_start", [rid])
            is None
        ):
            return
        self.call(
            "odoo: repair.order end (parts consumed)", "repair.order", "action_repair_end", [rid]
        )


# ====================================================================== managers
class Manager(OdooUser):
    """A manager settles a provider's month (draft, lines, confirm with the vendor bill) and
    recomputes the bonus deductions of a recent month."""

    fixed_count = 2
    wait_time = _think(1, 3)
    logins = PLAN["managers"]

    def on_start(self):
        me = self.next_login()
        self.rpc_login(me["login"])
        self.queue = [
            (provider, month) for month in PLAN["months"] for provider in me["provider_ids"]
        ]

    @task(2)
    def settle_month(self):
        if not self.queue:
            return
        provider, (date_from, date_to) = self.queue.pop(0)
        Set = "aftersales.provider.settlement"
        sid = self.call(
            "mgr: settlement create",
            Set,
            "create",
            {"provider_id": provider, "date_from": date_from, "date_to": date_to},
        )
        if not sid:
            return
        sid = sid[0] if isinstance(sid, list) else sid
        if self.call("mgr: settlement compute lines", Set, "action_compute_lines", [sid]) is None:
            return
        self.call("mgr: settlement confirm (vendor bill)", Set, "action_confirm", [sid])

    @task(1)
    def deductions(self):
        runs = PLAN["deduction_run_ids"][-3:]
        if runs:
            self.call(
                "mgr: bonus deduction run (compute)",
                "aftersales.penalty.deduction.run",
                "action_compute",
                [random.choice(runs)],
            )


# ====================================================================== crons
class Crons(OdooUser):
    """The scheduled actions of the addons, triggered one after the other while the others
    work (the server's cron process runs the due ones as well)."""

    fixed_count = 1
    wait_time = constant(3)

    def on_start(self):
        self.rpc_login("admin", "admin")
        self.crons = list(PLAN["crons"])
        random.shuffle(self.crons)
        self.cycle = itertools.cycle(self.crons)

    @task
    def trigger(self):
        if self.crons:
            cron_id, name = next(self.cycle)
            # Odoo refuses a manual run of an action its cron worker is running (its own
            # lock): the right answer, which an administrator gets too, not a failure
            self.call(
                f"cron: {name}",
                "ir.cron",
                "method_direct_trigger",
                [cron_id],
                expected=(
                    "This cron task is currently being executed",
                    "cron: manual run refused, the cron worker runs it (Odoo's rule)",
                ),
            )
