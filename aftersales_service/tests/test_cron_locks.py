from contextlib import closing
from datetime import date, datetime, timedelta
from unittest.mock import patch

from odoo import fields, sql_db
from odoo.tests import TransactionCase, tagged

from odoo.addons.aftersales_service.models import res_company as res_company_module
from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps
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
        # the transaction goes on: the others are written (as the carry-over step does)
        with frozen_steps():
            taken.write({"carry_over": True})
        self.env.flush_all()


@tagged("post_install", "-at_install")
class TestCronBatches(TransactionCase):
    """Run by Odoo's cron worker, the scheduled actions that may find a large backlog (a
    first run on years of open requests) take it in committed batches and report what is
    left through Odoo's progress API, so the worker commits and calls them again; run by
    hand, they do everything at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["aftersales.service.request"]
        cls.Policy = cls.env["aftersales.sla.policy"]
        cls.sweep_cron = cls.env.ref("aftersales_service.ir_cron_aftersales_request_deadlines")
        cls.carry_cron = cls.env.ref("aftersales_service.ir_cron_aftersales_request_carry_over")
        cls.late_moment = datetime(2099, 1, 1)
        customer = cls.env["res.partner"].create({"name": "Backlog customer"})
        cls.backlog = cls.Request.create(
            [
                {"partner_id": customer.id, "fault_description": f"<p>Backlog {i}</p>"}
                for i in range(7)
            ]
        )

    def _as_cron_worker(self, cron, call):
        """One call of the job as Odoo's cron worker makes it: a progress record of its
        own in the context; returns that record after the call."""
        cron, progress = cron._add_progress()
        call(cron.env.context | {"cron_id": cron.id})
        return progress

    def _late(self):
        """Open requests not yet flagged whose response deadline passed at the moment."""
        return self.Request.search(
            [
                ("state", "in", ("new", "dispatched", "in_progress", "carry_in", "done")),
                ("is_overdue", "=", False),
                ("sla_paused", "=", False),
                ("date_response", "=", False),
                ("response_deadline", "<", self.late_moment),
            ]
        )

    def test_the_sweep_flags_a_backlog_in_batches_until_none_is_left(self):
        late = self._late()
        self.assertGreaterEqual(len(late), len(self.backlog))
        overdue = [("is_overdue", "=", True)]
        flagged = self.Request.search(overdue)
        runs = 0
        with patch.object(res_company_module, "CRON_BATCH_SIZE", 2):
            while True:
                runs += 1
                self.assertLess(runs, 50, "the batches end")
                progress = self._as_cron_worker(
                    self.sweep_cron,
                    lambda ctx: self.Policy.with_context(ctx)._cron_sweep(self.late_moment),
                )
                now_flagged = self.Request.search(overdue)
                new = now_flagged - flagged
                flagged = now_flagged
                self.assertLessEqual(len(new), 2, "a batch takes at most the batch size")
                if not progress.remaining:
                    break
                # what it flagged (other documents than requests are not batched)
                self.assertEqual(len(new), 2, "a batch with more left is a full one")
                self.assertGreaterEqual(progress.done, len(new))
        self.assertGreaterEqual(runs, len(late) // 2)
        self.assertLessEqual(late, flagged, "every late request is flagged in the end")
        self.assertFalse(self._late())
        # nothing is left that a sweep of everything at once would flag
        self.Policy._cron_sweep(self.late_moment)
        self.assertEqual(self.Request.search(overdue), flagged)

    def test_run_by_hand_the_sweep_takes_everything_at_once(self):
        late = self._late()
        with patch.object(res_company_module, "CRON_BATCH_SIZE", 2):
            self.Policy._cron_sweep(self.late_moment)
        self.assertTrue(all(late.mapped("is_overdue")))

    def test_carry_over_in_batches(self):
        new = self.Request.search([("state", "=", "new"), ("carry_over", "=", False)])
        self.assertGreaterEqual(len(new), 3, "the demo has new requests")
        with patch.object(res_company_module, "CRON_BATCH_SIZE", 2):
            progress = self._as_cron_worker(
                self.carry_cron,
                lambda ctx: self.Request.with_context(ctx)._cron_carry_over(today=date(2099, 1, 1)),
            )
            self.assertEqual(len(new.filtered("carry_over")), 2)
            self.assertEqual((progress.done, progress.remaining), (2, len(new) - 2))
            for __ in range(len(new)):
                progress = self._as_cron_worker(
                    self.carry_cron,
                    lambda ctx: self.Request.with_context(ctx)._cron_carry_over(
                        today=date(2099, 1, 1)
                    ),
                )
                if not progress.remaining:
                    break
        self.assertTrue(all(new.mapped("carry_over")))
