# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Guards of what the load test (bench/load, issue 22) measured: the pages and lists the
users hit most issue a number of queries that does not grow with the records shown."""

import odoo
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLoadGuards(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        products = env["product.product"].create(
            [
                {
                    "name": f"Load guard AC {i}",
                    "type": "consu",
                    "is_storable": True,
                    "tracking": "serial",
                }
                for i in range(3)
            ]
        )
        cls.requests = {}
        cls.users = {}
        for size in (3, 30):
            company = env["res.partner"].create({"name": f"Load guard {size}", "is_company": True})
            contact = env["res.partner"].create(
                {"name": f"Contact {size}", "parent_id": company.id, "email": f"c{size}@x.com"}
            )
            cls.users[size] = new_test_user(
                env,
                login=f"as_load_guard_{size}",
                groups="base.group_portal",
                partner_id=contact.id,
            )
            lots = env["stock.lot"].create(
                [
                    {
                        "name": f"LG-{size}-{k:03d}",
                        "product_id": products[k % 3].id,
                        "aftersales_partner_id": company.id,
                    }
                    for k in range(size)
                ]
            )
            cls.requests[size] = env["aftersales.service.request"].create(
                [
                    {
                        "partner_id": contact.id,
                        "lot_id": lot.id,
                        "channel": "portal",
                        "fault_description": "<p>no cooling</p>",
                        "priority": "1" if k % 2 else "0",
                    }
                    for k, lot in enumerate(lots)
                ]
            )

    def _page_queries(self, url):
        """Queries of the server for ``url``, the second call (the first warms the
        session and the caches)."""
        self.url_open(url).raise_for_status()
        before = odoo.sql_db.sql_counter
        response = self.url_open(url)
        response.raise_for_status()
        return odoo.sql_db.sql_counter - before, response.text

    def test_portal_request_list_queries_do_not_grow_with_rows(self):
        counts = {}
        for size in (3, 30):
            login = self.users[size].login
            self.authenticate(login, login)
            counts[size], html = self._page_queries("/my/service_requests")
            missing = [name for name in self.requests[size].mapped("name") if name not in html]
            self.assertFalse(missing, "every request of the customer is listed")
        self.assertGreater(counts[3], 5, "the server's queries are counted")
        self.assertEqual(
            counts[30], counts[3], f"3 rows: {counts[3]} queries, 30 rows: {counts[30]}"
        )

    def test_portal_home_queries_do_not_grow_with_requests(self):
        counts = {}
        for size in (3, 30):
            login = self.users[size].login
            self.authenticate(login, login)
            counts[size], __ = self._page_queries("/my/home")
        self.assertGreater(counts[3], 5, "the server's queries are counted")
        self.assertEqual(counts[30], counts[3])

    def test_list_view_queries_do_not_grow_with_rows(self):
        """The backend list of service requests with its view's fields, as the web
        client reads it."""
        Request = self.env["aftersales.service.request"]
        view = Request.get_views([(False, "list")])
        spec = {name: {} for name in view["models"][Request._name]["fields"]}
        counts = {}
        for size in (3, 30):
            domain = [("id", "in", self.requests[size].ids)]
            Request.web_search_read(domain, spec)  # warm the caches
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            result = Request.web_search_read(domain, spec)
            counts[size] = self.cr.sql_log_count - before
            self.assertEqual(result["length"], size)
        self.assertGreater(counts[3], 1)
        self.assertEqual(counts[30], counts[3])

    def test_stock_moves_find_their_lines_by_an_index(self):
        """Every write on a stock move looks up the service and return lines that depend on
        it: each link to a move is indexed, or the look-up reads the whole table."""
        for model, column in (
            ("aftersales_service_line", "move_id"),
            ("aftersales_return_line", "move_id"),
        ):
            self.env.cr.execute(
                "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
                (model, f"%({column})%"),
            )
            self.assertTrue(self.env.cr.fetchall(), f"{model}.{column} has no index")

    def test_deadline_policies_are_read_from_the_registry_cache(self):
        """Every deadline of every record looks its policies up: after the first lookup, no
        query; a policy created, changed or archived is seen at once."""
        Policy = self.env["aftersales.sla.policy"]
        companies = (self.env.company.id,)
        model = "aftersales.service.request"
        first = Policy._policy_ids_by_duty(model, companies)
        with self.assertQueryCount(0):
            self.assertEqual(Policy._policy_ids_by_duty(model, companies), first)
        policy = Policy.create(
            {
                "name": "Load guard policy",
                "duty": f"{model}:response",
                "target": 5,
                "unit": "hours",
                "sequence": -100,
            }
        )
        by_duty = Policy._policy_ids_by_duty(model, companies)
        self.assertEqual(by_duty[f"{model}:response"][0], policy.id, "first by sequence")
        policy.active = False
        self.assertNotIn(
            policy.id, Policy._policy_ids_by_duty(model, companies)[f"{model}:response"]
        )
