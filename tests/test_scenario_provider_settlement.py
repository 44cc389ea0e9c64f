"""Scenario 2: a provider's job ends on its vendor bill, less an approved penalty.

Service desk onboards the provider, the product centre manager approves and activates
it, the desk dispatches a job to it, the GM office records a provider penalty that the
general manager approves, the manager confirms the monthly settlement and the accountant
posts the vendor bill.
"""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase

from odoo.addons.aftersales_service.tests import provider_common
from odoo.addons.aftersales_service.tests.provider_common import PIXEL


@tagged("post_install", "-at_install")
class TestScenarioProviderSettlement(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.write(
            {
                "aftersales_provider_deposit_min": 5000,
                "aftersales_provider_min_installers": 10,
                "aftersales_provider_min_installers_relaxed": 5,
            }
        )
        cls.desk = new_test_user(
            cls.env,
            login="sc2_desk",
            name="SC2 Provider Desk",
            groups="aftersales_service.group_aftersales_user_all",
        )
        # DEFECT: computing a settlement reads the penalty ledger with the user's rights
        # (aftersales_penalty/models/aftersales_provider_settlement.py
        # _penalty_entries_to_deduct); a desk without penalty rights gets an AccessError,
        # see test_service_desk_without_penalty_rights_computes_the_settlement. The
        # settlement clerk of the scenario is therefore also a penalty "all documents" user.
        cls.settlement_clerk = new_test_user(
            cls.env,
            login="sc2_settlement_clerk",
            name="SC2 Settlement Clerk",
            groups="aftersales_service.group_aftersales_user_all,"
            "aftersales_penalty.group_penalty_user_all",
        )
        cls.manager = new_test_user(
            cls.env,
            login="sc2_manager",
            name="SC2 Product Centre Manager",
            groups="aftersales_service.group_aftersales_manager",
        )
        # same DEFECT on confirmation (_on_settlement_confirmed reads the entries' state)
        cls.settlement_manager = new_test_user(
            cls.env,
            login="sc2_settlement_manager",
            name="SC2 Manager with ledger rights",
            groups="aftersales_service.group_aftersales_manager,"
            "aftersales_penalty.group_penalty_user_all",
        )
        cls.clerk = new_test_user(
            cls.env,
            login="sc2_clerk",
            name="SC2 GM Office Clerk",
            groups="aftersales_penalty.group_penalty_user_all",
        )
        cls.gm = new_test_user(
            cls.env,
            login="sc2_gm",
            name="SC2 General Manager",
            groups="aftersales_penalty.group_penalty_gm",
        )
        cls.accountant = new_test_user(
            cls.env,
            login="sc2_accountant",
            name="SC2 Accountant",
            groups="account.group_account_invoice",
        )
        cls.categ = cls.env["product.category"].create({"name": "SC2 Air conditioners"})
        cls.product = cls.env["product.product"].create(
            {"name": "SC2 split AC", "type": "consu", "categ_id": cls.categ.id}
        )
        cls.rule_install = cls.env["aftersales.provider.fee.rule"].create(
            {"categ_id": cls.categ.id, "kind": "installation", "amount": 175}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "SC2 Customer", "aftersales_distance_km": 8}
        )
        cls.penalty_rule = cls.env["aftersales.penalty.rule"].create(
            {
                "name": "SC2 Late arrival",
                "code": "SC2-PN-LATE",
                "kind": "occurrence",
                "target": "provider",
                "amount": 40,
            }
        )
        today = fields.Date.context_today(cls.customer)
        cls.date_from = today.replace(day=1)
        cls.date_to = cls.date_from + relativedelta(months=1, days=-1)

    # ------------------------------------------------------------------ steps
    def _onboard_provider(self):
        Provider = self.env["aftersales.provider"].with_user(self.desk)
        provider = Provider.create(
            {
                "name": "SC2 Cool Service Ltd",
                "is_company": True,
                "staff_count": 12,
                **provider_common.ProviderCase._documents(),
            }
        )
        provider.action_provider_apply()
        self.assertEqual(provider.state, "applied")
        with self.assertRaises(AccessError):
            provider.action_provider_approve()
        provider = provider.with_user(self.manager)
        provider.action_provider_approve()
        self.assertEqual(provider.state, "approved")
        with self.assertRaises(UserError):
            provider.action_provider_activate()  # no deposit yet
        provider.write(
            {
                "contract_date": self.date_from,
                "deposit_amount": 5000,
                "deposit_received_date": self.date_from,
            }
        )
        provider.action_provider_activate()
        self.assertEqual(provider.state, "active")
        self.assertTrue(provider.consignment_location_id)
        # the jobs, the settlement and the bill name the provider's company
        return provider.with_user(self.env.user).partner_id

    def _provider_job(self, provider):
        with Form(self.env["aftersales.service.request"].with_user(self.desk)) as form:
            form.partner_id = self.customer
            form.product_id = self.product
            form.kind = "installation"
            form.provider_id = provider
        request = form.record
        request.action_dispatch()
        request.action_start()
        request.work_done = "<p>Installed indoor and outdoor units</p>"
        request.action_done()
        self.assertEqual(request.state, "done")
        self.assertFalse(request.customer_confirmed)
        request.voucher_attachment_id = (
            self.env["ir.attachment"]
            .with_user(self.desk)
            .create(
                {
                    "name": "signed-voucher.png",
                    "datas": PIXEL,
                    "res_model": request._name,
                    "res_id": request.id,
                }
            )
        )
        self.assertTrue(request.customer_confirmed)
        return request

    def _settlement(self, provider, user):
        settlement = (
            self.env["aftersales.provider.settlement"]
            .with_user(user)
            .create(
                {
                    "provider_id": provider.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )
        )
        settlement.action_compute_lines()
        return settlement

    # ------------------------------------------------------------------ scenario
    def test_provider_job_to_vendor_bill_with_penalty_deduction(self):
        provider = self._onboard_provider()
        job = self._provider_job(provider)

        with Form(self.env["aftersales.penalty.entry"].with_user(self.clerk)) as form:
            form.rule_id = self.penalty_rule
            form.target_type = "provider"
            form.partner_id = provider
            form.date = self.date_from
            form.reason = "Arrived 3 hours late at the customer"
            form.source = "service_request"
            form.service_request_id = job
        penalty = form.record
        self.assertEqual(penalty.amount, 40)
        self.assertEqual(penalty.state, "draft")
        # a draft penalty is not deducted
        draft_settlement = self._settlement(provider, self.settlement_clerk)
        self.assertFalse(draft_settlement.deduction_line_ids)
        draft_settlement.with_user(self.manager).action_cancel()
        with self.assertRaises(AccessError):
            penalty.action_approve()
        penalty.with_user(self.gm).action_approve()
        self.assertEqual(penalty.state, "approved")

        settlement = self._settlement(provider, self.settlement_clerk)
        self.assertEqual(settlement.fee_line_ids.request_id, job)
        self.assertEqual(settlement.fee_line_ids.amount, 175)
        deduction = settlement.deduction_line_ids
        self.assertEqual(len(deduction), 1)
        self.assertEqual((deduction.res_model, deduction.res_id), (penalty._name, penalty.id))
        self.assertEqual(deduction.amount, -40)
        self.assertEqual(settlement.amount_fee, 175)
        self.assertEqual(settlement.amount_deduction, 40)
        self.assertEqual(settlement.amount_total, 135)
        with self.assertRaises(AccessError):
            settlement.action_confirm()
        settlement.with_user(self.settlement_manager).action_confirm()
        self.assertEqual(settlement.state, "confirmed")
        self.assertEqual(penalty.state, "applied")
        self.assertEqual(penalty.settlement_id, settlement)

        bill = settlement.bill_id
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.partner_id, provider)
        self.assertEqual(bill.state, "draft")
        self.assertAlmostEqual(bill.amount_total, 135)
        self.assertEqual(
            sorted((line.quantity, line.price_unit) for line in bill.invoice_line_ids),
            [(1.0, -40.0), (1.0, 175.0)],
        )
        bill.with_user(self.accountant).action_post()
        self.assertEqual(bill.state, "posted")

        # the same job (and the same penalty) cannot be settled twice
        again = self._settlement(provider, self.settlement_clerk)
        self.assertFalse(again.line_ids)
        # nor typed as a job line of a new settlement
        with self.assertRaisesRegex(UserError, "compute the settlement"):
            self.env["aftersales.provider.settlement"].with_user(self.settlement_manager).create(
                {
                    "provider_id": provider.id,
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
                                "amount": 175,
                            },
                        )
                    ],
                }
            )
        bills = self.env["account.move"].search(
            [("partner_id", "=", provider.id), ("move_type", "=", "in_invoice")]
        )
        self.assertEqual(bills, bill)

    def test_service_desk_without_penalty_rights_computes_the_settlement(self):
        """The deduction hook reads the ledger as superuser: a service desk without
        penalty rights computes the settlement (no AccessError, no penalty missed)."""
        provider = self._onboard_provider()
        self._provider_job(provider)
        settlement = self._settlement(provider, self.desk)
        self.assertEqual(settlement.amount_total, 175)

    def test_manager_without_penalty_rights_confirms_a_settlement_with_penalty(self):
        """The product centre manager without penalty rights confirms a settlement that
        deducts a penalty: the entry is applied."""
        provider = self._onboard_provider()
        job = self._provider_job(provider)
        penalty = (
            self.env["aftersales.penalty.entry"]
            .with_user(self.clerk)
            .create(
                {
                    "rule_id": self.penalty_rule.id,
                    "target_type": "provider",
                    "partner_id": provider.id,
                    "date": self.date_from,
                    "reason": "Late",
                    "service_request_id": job.id,
                }
            )
        )
        penalty.with_user(self.gm).action_approve()
        settlement = self._settlement(provider, self.settlement_clerk)
        self.env.invalidate_all()  # the manager confirms in a later request
        settlement.with_user(self.manager).action_confirm()
        self.assertEqual(penalty.state, "applied")
