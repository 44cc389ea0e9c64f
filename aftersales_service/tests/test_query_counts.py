from contextlib import nullcontext
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestQueryCounts(AftersalesCase):
    """Batch paths issue a number of queries that does not grow with the record count
    (issue 11): the count for 50 records is the count for 10 records, plus at most
    Odoo's own per-record cost where there is one (the number sequence)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_customer = cls.env["res.partner"].create(
            {"name": "Contract Customer", "aftersales_zone_id": cls.zone_urban.id}
        )
        cls.lots = cls.env["stock.lot"].create(
            [
                {
                    "name": f"QC-{i:03d}",
                    "product_id": cls.product.id,
                    "aftersales_partner_id": (
                        cls.contract_customer if i % 3 == 0 else cls.customer
                    ).id,
                    "aftersales_delivery_date": cls.d("2025-01-01") + timedelta(days=i * 9),
                }
                for i in range(130)
            ]
        )
        contract = cls.env["aftersales.contract"].create(
            {
                "name": "QC contract",
                "partner_id": cls.contract_customer.id,
                "date_start": cls.d("2025-01-01"),
                "date_end": cls.d("2027-12-31"),
                "product_ids": [(6, 0, cls.product.ids)],
            }
        )
        with frozen_steps():  # a fixture: the state without its step
            contract.state = "running"
        cls.on_date = cls.d("2026-06-15")

    def _queries(self, func, expected=None):
        """Queries issued by ``func()``, flush included; with ``expected``, also checked
        by ``assertQueryCount``, and asserted here so that pytest stops on it too."""
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        result = []
        with (
            self.assertQueryCount(expected or 0) if expected is not None else nullcontext(),
            patch("random.random", lambda: 1),  # no random bus garbage collection
        ):
            before = self.cr.sql_log_count
            result.append(func())
            self.env.flush_all()
            self.env.cr.flush()
            count = self.cr.sql_log_count - before
        if expected is not None:
            self.assertLessEqual(
                count, expected, f"{count} queries where at most {expected} were expected"
            )
        self._last_result = result[0]
        return count

    def _assert_queries_at_most(self, expected, func):
        self._queries(func, expected)
        return self._last_result

    # ------------------------------------------------------------------ coverage
    def test_coverage_lot_batch_constant_queries(self):
        """Coverage of 50 serials costs the queries of 10 (seed 001: class by serial)."""
        coverage = self.env["aftersales.coverage"]
        lots_10, lots_50 = self.lots[:10], self.lots[10:60]
        coverage.lot_coverage(self.lots[60:62], self.on_date)  # warm the caches
        count_10 = self._queries(lambda: coverage.lot_coverage(lots_10, self.on_date))
        result = self._assert_queries_at_most(
            count_10, lambda: coverage.lot_coverage(lots_50, self.on_date)
        )
        self.assertEqual(len(result), 50)
        classes = {v["service_class"] for v in result.values()}
        self.assertTrue({"B", "C"} <= classes, classes)

    def test_coverage_product_batch_constant_queries(self):
        """Coverage by (product, customer) pairs: 50 pairs cost the queries of 10."""
        coverage = self.env["aftersales.coverage"]
        partners = self.env["res.partner"].create(
            [{"name": f"QC pair customer {i}"} for i in range(60)]
        )
        pairs = [(self.product.id, p.id) for p in partners]
        coverage.product_coverage(pairs[:2], self.on_date)
        count_10 = self._queries(lambda: coverage.product_coverage(pairs[:10], self.on_date))
        result = self._assert_queries_at_most(
            count_10, lambda: coverage.product_coverage(pairs[10:60], self.on_date)
        )
        self.assertEqual({v["service_class"] for v in result.values()}, {"A"})

    # ------------------------------------------------------------------ requests
    def _request_vals(self, lots):
        return [
            {
                "partner_id": lot.aftersales_partner_id.id,
                "lot_id": lot.id,
                "kind": "repair",
                "date_request": datetime(2026, 6, 15, 8, 0) + timedelta(minutes=7 * i),
            }
            for i, lot in enumerate(lots)
        ]

    def test_request_batch_create_queries(self):
        """Creating 50 requests (class from the coverage, working-hour deadlines) costs
        the queries of 10 plus one number from the sequence per request."""
        Request = self.env["aftersales.service.request"]
        Request.create(self._request_vals(self.lots[120:122]))  # warm the caches
        vals_10 = self._request_vals(self.lots[:10])
        vals_50 = self._request_vals(self.lots[10:60])
        count_10 = self._queries(lambda: Request.create(vals_10))
        requests = self._assert_queries_at_most(count_10 + 40, lambda: Request.create(vals_50))
        # still computed per request: class and deadline on the working calendar
        first = requests[0]
        self.assertEqual(first.arrival_deadline, datetime(2026, 6, 15, 15, 0))
        self.assertEqual(
            first.arrival_deadline,
            self.calendar.plan_hours(6, first.date_request, compute_leaves=True),
        )
        self.assertEqual(set(requests.mapped("service_class")) - {"A", "B", "C"}, set())
        self.assertTrue(requests.filtered(lambda r: r.service_class == "B"))

    def test_request_batch_deadlines_match_plan_hours(self):
        """Deadlines computed in batch equal plan_hours per request, holidays included."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "QC holiday",
                "calendar_id": self.calendar.id,
                "date_from": datetime(2026, 6, 16, 0, 0),
                "date_to": datetime(2026, 6, 16, 23, 59, 59),
            }
        )
        requests = self.env["aftersales.service.request"].create(
            [
                {
                    "partner_id": (self.customer if i % 2 else self.customer_far).id,
                    "lot_id": lot.id,
                    "date_request": datetime(2026, 6, 14, 8, 0) + timedelta(minutes=53 * i),
                }
                for i, lot in enumerate(self.lots[:40])
            ]
        )
        for request in requests:
            self.assertEqual(
                request.arrival_deadline,
                self.calendar.plan_hours(
                    request._sla_policy_of("arrival").target,
                    request.date_request,
                    compute_leaves=True,
                ),
                request.date_request,
            )

    def test_deadline_scan_constant_queries(self):
        """The overdue scan flags 50 late requests with the queries of 10 (seed 000)."""
        Request = self.env["aftersales.service.request"]

        def late_requests(lots):
            vals = self._request_vals(lots)
            for v in vals:
                v["date_request"] = datetime(2001, 1, 2, 9, 0)
                v["supervisor_id"] = self.manager.id
            return Request.create(vals)

        now = datetime(2001, 3, 1)
        warm = late_requests(self.lots[120:122])
        Request._cron_check_deadlines(now)
        self.assertTrue(all(warm.mapped("is_overdue")))
        batch_10 = late_requests(self.lots[:10])
        batch_50 = late_requests(self.lots[10:60])
        batch_50.write({"is_overdue": True})  # not part of the first scan
        count_10 = self._queries(lambda: Request._cron_check_deadlines(now))
        self.assertTrue(all(batch_10.mapped("is_overdue")))
        batch_50.write({"is_overdue": False})
        # Odoo's own per-record cost: the activity assigned to another user mails them
        activity_type = self.env.ref("aftersales_service.mail_activity_type_overdue")
        others = late_requests(self.lots[60:125])
        others.write({"is_overdue": True})  # not part of the second scan

        def schedule(requests):
            return lambda: requests.activity_schedule(
                activity_type_id=activity_type.id, user_id=self.manager.id, note="x"
            )

        schedule(others[:2])()
        odoo_10 = self._queries(schedule(others[2:12]))
        odoo_50 = self._queries(schedule(others[12:62]))
        self._assert_queries_at_most(
            count_10 + (odoo_50 - odoo_10), lambda: Request._cron_check_deadlines(now)
        )
        self.assertTrue(all(batch_50.mapped("is_overdue")))
        self.assertEqual(len(batch_50.activity_ids), 50)
        self.assertEqual(batch_50.activity_ids.user_id, self.manager)

    def test_staff_reads_do_not_check_groups_per_field(self):
        """The portal's field limit asks, for every field of every query, whether the
        reader is a portal user: for the staff it must not cost a group check per field
        (Odoo's cached ``has_group`` took 3 of a request write's 5 ms)."""
        Users = type(self.env["res.users"])
        calls = []
        original = Users._has_group

        def counting(users, group_ext_id):
            calls.append(group_ext_id)
            return original(users, group_ext_id)

        request = (
            self.env["aftersales.service.request"]
            .with_user(self.desk)
            .create({"partner_id": self.customer.id, "lot_id": self.lots[0].id})
        )
        self.env.invalidate_all()
        with patch.object(Users, "_has_group", counting):
            request.write({"contact_name": "Caller", "phone": "+86 20 5555 0101"})
            request.invalidate_recordset()
            request.read(
                [
                    "name",
                    "state",
                    "partner_id",
                    "lot_id",
                    "technician_id",
                    "supervisor_id",
                    "response_deadline",
                    "is_overdue",
                    "overdue_cause",
                    "fault_description",
                ]
            )
            self.env.flush_all()
        self.assertLess(len(calls), 3, calls)
        # a portal user is still limited to the portal's fields
        portal = self.env["res.users"].create(
            {
                "name": "Field reader",
                "login": "as_field_reader",
                "partner_id": self.customer.id,
                "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        with self.assertRaises(AccessError):
            request.with_user(portal).read(["overdue_cause"])
