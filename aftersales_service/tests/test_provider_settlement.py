from datetime import date, datetime, time, timedelta
from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps
from odoo.addons.aftersales_service.models.aftersales_provider_settlement import (
    AftersalesProviderSettlement,
)
from odoo.addons.aftersales_service.models.aftersales_provider_settlement_billing import (
    AftersalesProviderSettlementBillingMixin,
)

from .common import load_languages
from .provider_common import ProviderCase, SettlementCase


class TestProviderParts(ProviderCase):
    """Spare parts through the provider's consignment location; old parts come back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls._active_provider()
        cls.consignment = cls.provider.aftersales_provider_id.consignment_location_id
        cls.env["stock.quant"]._update_available_quantity(cls.part, cls.warehouse.lot_stock_id, 10)

    def _replenish(self, qty):
        action = self.provider.aftersales_provider_id.action_provider_replenish()
        picking = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(picking.picking_type_id, self.warehouse.int_type_id)
        self.assertEqual(picking.location_dest_id, self.consignment)
        with Form(picking) as form, form.move_ids_without_package.new() as move:
            move.product_id = self.part
            move.product_uom_qty = qty
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")

    def test_parts_supplied_then_consumed_from_consignment(self):
        self._replenish(3)
        Quant = self.env["stock.quant"]
        self.assertEqual(Quant._get_available_quantity(self.part, self.consignment), 3)
        request = self._job(self.provider, kind="repair", parts=[(self.part, 1)])
        move = request.line_ids.move_id
        self.assertEqual(move.state, "done")
        self.assertEqual(move.location_id, self.consignment)
        self.assertEqual(Quant._get_available_quantity(self.part, self.consignment), 2)
        self.assertEqual(Quant._get_available_quantity(self.part, self.warehouse.lot_stock_id), 7)

    def test_old_part_due_flagged_late_and_returned(self):
        self._replenish(2)
        request = self._job(self.provider, kind="repair", parts=[(self.part, 1)])
        request.date_done = self._dt("2026-01-05 10:00:00")
        Return = self.env["aftersales.old.part.return"]
        returns = Return._cron_check_returns(today=date(2026, 1, 15))
        old_part = Return.search([("request_id", "=", request.id)])
        self.assertEqual(len(old_part), 1)
        self.assertEqual(old_part.provider_id, self.provider)
        self.assertEqual(old_part.date_due, date(2026, 1, 15))  # done + 10 days
        self.assertFalse(old_part.is_late)
        self.assertFalse(returns)
        # generated once only
        Return._generate_from_lines()
        self.assertEqual(Return.search_count([("request_id", "=", request.id)]), 1)
        Return._cron_check_returns(today=date(2026, 1, 16))
        self.assertTrue(old_part.is_late)
        self.assertEqual(self.provider.aftersales_provider_id.late_return_count, 1)
        old_part._mark_returned(date(2026, 1, 20))
        self.assertEqual(old_part.state, "returned")
        self.assertTrue(old_part.is_late)

    def test_old_part_returned_in_time_is_not_late(self):
        request = self._job(self.provider, kind="repair", parts=[(self.part, 1)])
        old_part = self.env["aftersales.old.part.return"]._generate_from_lines(request.line_ids)
        old_part._mark_returned(old_part.date_due)
        self.env["aftersales.old.part.return"]._cron_check_returns(
            today=old_part.date_due + timedelta(days=5)
        )
        self.assertFalse(old_part.is_late)

    def test_old_part_return_moves_only_by_its_steps(self):
        """What is owed by whom comes from the job; the state moves by the receipt, the
        manager's waiver and the daily check only (a late return is a deduction)."""
        request = self._job(self.provider, kind="repair", parts=[(self.part, 1)])
        old_part = self.env["aftersales.old.part.return"]._generate_from_lines(request.line_ids)
        for user in (self.desk, self.manager):
            for vals in (
                {"state": "cancelled"},
                {"state": "returned"},
                {"provider_id": self.customer.id},
                {"quantity": 5},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    old_part.with_user(user).write(vals)
        self.assertEqual((old_part.state, old_part.provider_id), ("to_return", self.provider))
        with self.assertRaisesRegex(UserError, "Only an after-sales manager may waive"):
            old_part.with_user(self.desk).action_cancel()
        old_part.with_user(self.manager).action_cancel()
        self.assertEqual(old_part.state, "cancelled")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            old_part.with_user(self.manager).write({"carrier": "Forged"})


class TestProviderSettlement(SettlementCase):
    """Monthly settlement: fee lines, deductions, vendor bill, never settled twice."""

    def test_settlement_with_deductions_makes_the_right_vendor_bill(self):
        near = self._job(self.provider, kind="installation")
        far = self._job(self.provider, kind="installation", customer=self.customer_far)
        repair = self._job(self.provider, kind="repair", parts=[(self.part, 1)])
        unconfirmed = self._job(self.provider, kind="installation", confirm=False)
        other = self._job(self.other, kind="installation")
        old_part = self.env["aftersales.old.part.return"]._generate_from_lines(repair.line_ids)
        old_part.is_late = True
        penalty_source = self.env["res.partner"].create({"name": "PV penalty record"})

        def collect(settlement):
            deductions = original(settlement)
            deductions.append(
                {
                    "name": "Penalty: late arrival",
                    "amount": 30.0,
                    "res_model": "res.partner",
                    "res_id": penalty_source.id,
                }
            )
            return deductions

        original = AftersalesProviderSettlement._collect_deductions
        with patch.object(
            AftersalesProviderSettlement,
            "_collect_deductions",
            autospec=True,
            side_effect=collect,
        ):
            settlement = self._settlement()
        fees = {line.request_id: line.amount for line in settlement.fee_line_ids}
        self.assertEqual(fees, {near: 150.0, far: 200.0, repair: 80.0})
        self.assertNotIn(unconfirmed, settlement.line_ids.request_id)
        self.assertNotIn(other, settlement.line_ids.request_id)
        self.assertEqual(sorted(settlement.deduction_line_ids.mapped("amount")), [-50.0, -30.0])
        self.assertEqual(settlement.amount_fee, 430.0)
        self.assertEqual(settlement.amount_deduction, 80.0)
        self.assertEqual(settlement.amount_total, 350.0)

        settlement.with_user(self.manager).action_confirm()
        self.assertEqual(settlement.state, "confirmed")
        self.assertEqual(set(settlement.line_ids.mapped("state")), {"confirmed"})
        bill = settlement.bill_id
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.partner_id, self.provider)
        self.assertEqual(bill.state, "draft")
        self.assertEqual(bill.invoice_date, self.date_to)
        self.assertAlmostEqual(bill.amount_total, 350.0)
        self.assertAlmostEqual(bill.amount_tax, 0.0)
        lines = sorted((line.quantity, line.price_unit) for line in bill.invoice_line_ids)
        self.assertEqual(
            lines, [(1.0, -50.0), (1.0, -30.0), (1.0, 80.0), (1.0, 150.0), (1.0, 200.0)]
        )
        html, __ = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_service.action_report_aftersales_provider_statement", settlement.ids
        )
        self.assertIn(near.name, html.decode())
        self.assertIn("Penalty: late arrival", html.decode())
        # the next month's draft neither takes the settled jobs nor the deductions again
        again = self._settlement()
        self.assertFalse(again.line_ids)

    def test_statement_in_the_provider_language(self):
        """The statement is the provider's: its lines read in the provider's language,
        whoever computes it; providers of other languages in the same batch keep theirs."""
        load_languages(self.env, ["aftersales_service"], ("zh_TW",))
        self.provider.lang = "zh_TW"
        self.other.lang = "en_US"
        job = self._job(self.provider, kind="installation")
        repair = self._job(self.provider, kind="repair", parts=[(self.part, 1)])
        old_part = self.env["aftersales.old.part.return"]._generate_from_lines(repair.line_ids)
        old_part.is_late = True
        other_job = self._job(self.other, kind="installation")
        settlements = self.Settlement.create(
            [
                {"provider_id": provider.id, "date_from": self.date_from, "date_to": self.date_to}
                for provider in (self.provider, self.other)
            ]
        )
        settlements.with_user(self.manager).with_context(lang="en_US").action_compute_lines()
        chinese, english = settlements
        traditional = self.env(context=dict(self.env.context, lang="zh_TW"))
        kind = dict(job._fields["kind"]._description_selection(traditional))["installation"]
        fee = chinese.fee_line_ids.filtered(lambda line: line.request_id == job)
        self.assertEqual(
            fee.name,
            f"{job.name} - {kind} - {job.product_id.with_env(traditional).display_name}",
        )
        self.assertTrue(
            chinese.deduction_line_ids.name.startswith("舊件逾期返還："),
            chinese.deduction_line_ids.name,
        )
        other_fee = english.fee_line_ids.filtered(lambda line: line.request_id == other_job)
        self.assertIn(" - Installation - ", other_fee.name)

    def test_same_rule_jobs_become_one_bill_line(self):
        jobs = self._job(self.provider) | self._job(self.provider) | self._job(self.provider)
        settlement = self._settlement()
        self.assertEqual(settlement.fee_line_ids.request_id, jobs)
        settlement.with_user(self.manager).action_confirm()
        line = settlement.bill_id.invoice_line_ids
        self.assertEqual((line.quantity, line.price_unit), (3.0, 150.0))

    def test_job_without_fee_rule_blocks_confirmation(self):
        job = self._job(self.provider, kind="maintenance")
        settlement = self._settlement()
        with self.assertRaisesRegex(UserError, job.name):
            settlement.with_user(self.manager).action_confirm()

    def test_desk_cannot_confirm(self):
        self._job(self.provider)
        settlement = self._settlement()
        with self.assertRaises(AccessError):
            settlement.with_user(self.desk).action_confirm()

    def test_a_job_is_never_settled_twice(self):
        job = self._job(self.provider)
        first = self._settlement()
        # a second settlement holding the same job (computed by another user meanwhile)
        with frozen_steps():
            second = self.Settlement.create(
                {
                    "provider_id": self.provider.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                    "line_ids": [
                        (
                            0,
                            0,
                            {
                                "kind": "fee",
                                "name": job.name,
                                "request_id": job.id,
                                "fee_rule_id": self.rule_install.id,
                                "amount": 150,
                            },
                        )
                    ],
                }
            )
        self.assertEqual(first.fee_line_ids.request_id, job)
        first.with_user(self.manager).action_confirm()
        with self.assertRaisesRegex(UserError, "already settled"):
            second.with_user(self.manager).action_confirm()
        self.assertEqual(second.state, "draft")
        self.assertFalse(second.bill_id)
        # two users confirming at once both pass the check: the database index refuses
        with (
            patch.object(
                AftersalesProviderSettlementBillingMixin,
                "_lock_and_check_not_settled",
                autospec=True,
            ),
            self.assertRaisesRegex(UserError, "Another user has just settled"),
        ):
            second.with_user(self.manager).action_confirm()
        self.assertEqual(second.state, "draft")
        self.assertEqual(
            self.env["account.move"].search_count(
                [("partner_id", "=", self.provider.id), ("move_type", "=", "in_invoice")]
            ),
            1,
        )

    def test_cancelled_settlement_releases_its_jobs(self):
        job = self._job(self.provider)
        first = self._settlement()
        first.with_user(self.manager).action_confirm()
        bill = first.bill_id
        first.with_user(self.manager).action_cancel()
        self.assertEqual(bill.state, "cancel")
        self.assertEqual(first.line_ids.mapped("state"), ["cancelled"])
        second = self._settlement()
        self.assertEqual(second.fee_line_ids.request_id, job)
        second.with_user(self.manager).action_confirm()
        self.assertEqual(second.state, "confirmed")

    def test_posted_bill_is_reversed_on_cancel(self):
        self._job(self.provider)
        settlement = self._settlement()
        settlement.with_user(self.manager).action_confirm()
        settlement.bill_id.action_post()
        settlement.with_user(self.manager).action_cancel()
        self.assertEqual(settlement.bill_id.payment_state, "reversed")

    def test_monthly_generation_for_active_providers(self):
        self._job(self.provider)
        settlements = self.Settlement._generate(
            self.provider | self.other, self.date_from, self.date_to
        )
        self.assertEqual(settlements.mapped("job_count"), [1, 0])

    def test_job_lines_come_from_the_computation_only(self):
        """A job's fee line is never typed: not added, not pointed at another job, not made
        of a deduction; a deduction may be added by hand."""
        job = self._job(self.provider, kind="installation")
        foreign = self._job(self.other, kind="installation")
        settlement = self.Settlement.create(
            {"provider_id": self.provider.id, "date_from": self.date_from, "date_to": self.date_to}
        )
        settlement.action_compute_lines()
        fee = settlement.fee_line_ids
        self.assertEqual(fee.request_id, job)
        Line = self.env["aftersales.provider.settlement.line"].with_user(self.manager)
        with self.assertRaisesRegex(UserError, "compute the settlement"):
            Line.create({"settlement_id": settlement.id, "name": "Manual fee", "amount": 2000})
        with self.assertRaisesRegex(UserError, "set by the system only"):
            fee.with_user(self.manager).write({"request_id": foreign.id})
        with self.assertRaisesRegex(UserError, "compute the settlement"):
            fee.with_user(self.manager).copy()
        manual = Line.create(
            {
                "settlement_id": settlement.id,
                "kind": "deduction",
                "name": "Damaged ladder",
                "amount": -20,
            }
        )
        with self.assertRaisesRegex(UserError, "stays a job fee or a deduction"):
            manual.write({"kind": "fee"})

    def test_monthly_generation_covers_every_company(self):
        """The scheduled action settles last month for the providers of every company, each
        in its own company."""
        company_b = self.env["res.company"].create({"name": "PV Company B"})
        partner_b = self.env["res.partner"].create({"name": "PV Provider of B", "is_company": True})
        with frozen_steps():  # contracted by company B, its onboarding not under test
            self.env["aftersales.provider"].create(
                {"partner_id": partner_b.id, "company_id": company_b.id, "state": "active"}
            )
        settlements = self.Settlement._cron_generate_previous_month()
        mine = settlements.filtered(lambda s: s.provider_id == partner_b)
        self.assertEqual(mine.company_id, company_b)
        self.assertTrue(settlements.filtered(lambda s: s.company_id == self.env.company))

    def test_scorecard_counts_on_time_jobs(self):
        on_time = self._job(self.provider)
        late = self._job(self.provider)
        late.date_done = late.completion_deadline + timedelta(hours=1)
        self.assertTrue(on_time.date_done <= on_time.completion_deadline)
        contract = self.provider.aftersales_provider_id
        self.assertEqual(contract.done_count, 2)
        self.assertEqual(contract.on_time_rate, 50.0)
        self.assertEqual(contract.rating, 0.0)
        with patch.object(
            type(self.env["aftersales.provider"]),
            "_scorecard_rating",
            lambda providers: {self.provider.id: 4.5},
        ):
            contract.invalidate_recordset()
            self.assertEqual(contract.rating, 4.5)

    def _settle_queries(self, providers, per_provider, months_back):
        """Queries of drafting, then of confirming, the settlements of ``providers``
        for a month holding ``per_provider`` jobs of each, flushes included."""
        date_from = self.date_from - relativedelta(months=months_back)
        date_to = date_from + relativedelta(months=1, days=-1)
        for provider in providers:
            for __ in range(per_provider):
                job = self._job(provider)
                job.date_done = datetime.combine(date_from, time(10))
        counts = []
        self.env.flush_all()
        self.env.invalidate_all()
        # a request reads its user when it authenticates: read here too, not counted (else
        # whether a fresh environment's lazy user is fetched inside depends on when Python
        # collected the earlier environments)
        self.env.user.partner_id  # noqa: B018
        before = self.cr.sql_log_count
        settlements = self.Settlement._generate(providers, date_from, date_to)
        self.env.flush_all()
        counts.append(self.cr.sql_log_count - before)
        self.assertEqual(settlements.mapped("job_count"), [per_provider] * len(providers))
        self.env.invalidate_all()  # confirmed in a later request
        self.manager.partner_id  # noqa: B018
        before = self.cr.sql_log_count
        settlements.with_user(self.manager).action_confirm()
        self.env.flush_all()
        counts.append(self.cr.sql_log_count - before)
        self.assertEqual(set(settlements.mapped("state")), {"confirmed"})
        self.assertEqual(settlements.bill_id.mapped("amount_total"), [150.0 * per_provider] * 2)
        return counts

    def test_settlement_queries_do_not_grow_with_jobs(self):
        """Issue 11: drafting and confirming the settlements of 5N jobs issues the
        queries of N jobs for the same providers (one read of the jobs, of the rules,
        of each deduction source; one write of the line states; one create of the
        lines and one of the bills)."""
        providers = self.provider | self.other
        self._settle_queries(providers, 1, months_back=2)  # warm the caches
        draft_n, confirm_n = self._settle_queries(providers, 2, months_back=1)
        draft_5n, confirm_5n = self._settle_queries(providers, 10, months_back=0)
        self.assertEqual(draft_5n, draft_n, "drafting 5N jobs: queries of N jobs expected")
        self.assertEqual(confirm_5n, confirm_n, "confirming 5N jobs: queries of N jobs expected")
