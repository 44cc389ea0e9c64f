from contextlib import closing
from datetime import date, datetime, timedelta

from odoo import fields, sql_db
from odoo.tests import TransactionCase, tagged

from odoo.addons.aftersales_service.models.res_company import lock_for_cron


@tagged("post_install", "-at_install")
class TestCronLocks(TransactionCase):
    """A scheduled action writing documents people work on takes only the rows nobody else
    is writing, and leaves the others to its run a minute later: it never waits on a
    user's open transaction, and no user's write fails on a row it changed.

    The "user" is a second, real database connection (the demo's requests are committed):
    it holds a row lock as a user's request does between its write and its commit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["aftersales.service.request"]
        cls.new_requests = cls.Request.search([("state", "=", "new")], order="id")
        cls.cron = cls.env.ref("aftersales_service.ir_cron_aftersales_request_carry_over")
        # waiting on the other connection (held by this same thread) fails the test
        cls.env.cr.execute("SET LOCAL lock_timeout = '3s'")

    def _other_connection(self):
        cursor = sql_db.db_connect(self.env.cr.dbname).cursor()
        cursor.execute("SET lock_timeout = '5s'")
        return closing(cursor)

    def _triggers(self, cron):
        return self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])

    def test_a_row_another_transaction_holds_is_left_without_waiting(self):
        self.assertGreaterEqual(len(self.new_requests), 2, "the demo has new requests")
        held = self.new_requests[0]
        with self._other_connection() as user_cr:
            user_cr.execute(
                "SELECT id FROM aftersales_service_request WHERE id = %s FOR UPDATE", [held.id]
            )
            start = datetime.now()
            taken = lock_for_cron(self.new_requests)
            self.assertLess(datetime.now() - start, timedelta(seconds=1))
            self.assertEqual(taken, self.new_requests - held)
            user_cr.rollback()

    def test_carry_over_leaves_a_request_being_dispatched_to_its_next_run(self):
        held = self.new_requests[0]
        before = self._triggers(self.cron)
        with self._other_connection() as user_cr:
            user_cr.execute(
                "SELECT id FROM aftersales_service_request WHERE id = %s FOR UPDATE", [held.id]
            )
            # as Odoo's cron worker runs it: the job's id in the context
            self.Request.with_context(cron_id=self.cron.id)._cron_carry_over(today=date(2099, 1, 1))
            user_cr.rollback()
        self.assertFalse(held.carry_over, "the request being written is left alone")
        self.assertTrue(all((self.new_requests - held).mapped("carry_over")))
        retry = self._triggers(self.cron) - before
        self.assertEqual(len(retry), 1, "the scheduled action runs again for the rest")
        self.assertAlmostEqual(
            retry.call_at, fields.Datetime.now() + timedelta(minutes=1), delta=timedelta(seconds=5)
        )
        # nobody writes it any longer: the next run carries it over, and asks no retry
        before = self._triggers(self.cron)
        self.Request.with_context(cron_id=self.cron.id)._cron_carry_over(today=date(2099, 1, 1))
        self.assertTrue(held.carry_over)
        self.assertFalse(self._triggers(self.cron) - before)

    def test_the_deadline_sweep_leaves_a_request_being_written(self):
        held = self.new_requests[0]
        late_moment = datetime(2099, 1, 1)
        with self._other_connection() as user_cr:
            user_cr.execute(
                "SELECT id FROM aftersales_service_request WHERE id = %s FOR NO KEY UPDATE",
                [held.id],
            )
            self.env["aftersales.sla.policy"]._cron_sweep(late_moment)
            user_cr.rollback()
        others = (self.new_requests - held).filtered("response_deadline")
        self.assertTrue(others, "the demo's new requests have a response deadline")
        self.assertTrue(all(others.mapped("is_overdue")))
        self.assertFalse(held.is_overdue)
        self.env["aftersales.sla.policy"]._cron_sweep(late_moment)
        self.assertEqual(held.is_overdue, bool(held.response_deadline))


@tagged("post_install", "-at_install")
class TestCronLockChangedRow(TransactionCase):
    """In a transaction of its own: the row it changes stays changed for the rest of the
    class's transaction."""

    def test_a_row_changed_since_the_run_began_is_left_not_failed(self):
        """PostgreSQL refuses to lock, in a repeatable read transaction, a row another
        transaction changed and committed after this one started: the scheduled action
        leaves that row (the next run sees the change) instead of failing as a whole."""
        new_requests = self.env["aftersales.service.request"].search(
            [("state", "=", "new")], order="id"
        )
        changed = new_requests[0]
        self.env.cr.execute("SELECT 1")  # this transaction's snapshot is taken
        with closing(sql_db.db_connect(self.env.cr.dbname).cursor()) as user_cr:
            user_cr.execute(
                "UPDATE aftersales_service_request SET write_date = write_date WHERE id = %s",
                [changed.id],
            )
            user_cr.commit()
        taken = lock_for_cron(new_requests)
        self.assertEqual(taken, new_requests - changed)
        # the transaction goes on: the others are written
        taken.write({"carry_over": True})
        self.env.flush_all()
