import base64
import io
from datetime import date, timedelta

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .provider_common import ProviderCase


class TestProviderOnboarding(ProviderCase):
    """The provider's own record: application with documents, manager approval, contract,
    deposit (at least 5,000, due 15 days after the contract by its policy), activation,
    certificate; only active providers are dispatched."""

    def _applicant(self, **vals):
        """A provider application registered by the desk (its partner made with it)."""
        return (
            self.env["aftersales.provider"]
            .with_user(self.desk)
            .create(
                {
                    "name": "PV Applicant",
                    "is_company": True,
                    "staff_count": 12,
                    **self._documents(),
                    **vals,
                }
            )
        )

    def test_application_needs_all_documents(self):
        provider = self._applicant(doc_tax=False)
        self.assertEqual(provider.state, "draft")
        self.assertTrue(provider.partner_id.is_company)
        self.assertEqual(provider.partner_id.aftersales_provider_id, provider)
        with self.assertRaisesRegex(UserError, "tax registration"):
            provider.action_provider_apply()
        self.assertEqual(provider.state, "draft")
        provider.doc_tax = self._documents()["doc_tax"]
        provider.action_provider_apply()
        self.assertEqual(provider.state, "applied")
        self.assertEqual(provider.applied_on, self.env["res.company"]._aftersales_default_today())

    def test_desk_registers_a_provider_in_its_form(self):
        """A new company typed in the provider's form becomes its partner; an existing
        company becomes a provider from its contact form."""
        Provider = self.env["aftersales.provider"].with_user(self.desk)
        with Form(Provider.with_context(default_is_company=True)) as form:
            form.name = "PV Form Provider"
            form.provider_type = "repair"
            form.staff_count = 11
        provider = form.record
        self.assertEqual(provider.partner_id.name, "PV Form Provider")
        self.assertTrue(provider.partner_id.is_company)
        self.assertEqual(provider.state, "draft")
        company = self.env["res.partner"].create({"name": "PV Existing Co", "is_company": True})
        action = company.with_user(self.desk).action_view_aftersales_provider()
        self.assertFalse(action["res_id"])
        with Form(Provider.with_context(action["context"])) as form:
            self.assertEqual(form.name, "PV Existing Co")
            form.market_tier = "county"
        self.assertEqual(form.record.partner_id, company)
        self.assertEqual(company.aftersales_provider_id, form.record)
        action = company.with_user(self.desk).action_view_aftersales_provider()
        self.assertEqual(action["res_id"], form.record.id)

    def test_only_the_manager_approves(self):
        provider = self._applicant()
        provider.action_provider_apply()
        with self.assertRaises(AccessError):
            provider.action_provider_approve()
        provider.with_user(self.manager).action_provider_approve()
        self.assertEqual(provider.state, "approved")
        self.assertEqual(provider.approved_by_id, self.manager)

    def test_status_changes_only_by_the_onboarding_steps(self):
        """Nobody, not even the manager, writes the status or what the steps create."""
        provider = self._applicant()
        for user in (self.desk, self.manager):
            for vals in (
                {"state": "active"},
                {"certificate_number": "FAKE-1"},
                {"approved_by_id": self.manager.id},
            ):
                with self.assertRaises(AccessError):
                    provider.with_user(user).write(vals)
        with self.assertRaises(AccessError):
            self.env["aftersales.provider"].with_user(self.manager).create(
                {"name": "PV Shortcut", "state": "active"}
            )
        # nor code running as superuser outside the steps (a controller's sudo, say)
        self.assertTrue(provider.sudo().env.su)
        for vals in ({"state": "active"}, {"certificate_number": "FAKE-2"}):
            with self.assertRaises(AccessError):
                provider.sudo().write(vals)
        with self.assertRaises(AccessError):
            self.env["aftersales.provider"].sudo().create({"name": "PV Su", "state": "active"})
        self.assertEqual(provider.state, "draft")
        provider.action_provider_apply()
        with self.assertRaisesRegex(UserError, "terminate its contract"):
            provider.with_user(self.manager).unlink()

    def test_only_a_manager_deletes_a_draft(self):
        provider = self._applicant()
        with self.assertRaises(AccessError):
            provider.unlink()
        partner = provider.partner_id
        provider.with_user(self.manager).unlink()
        self.assertTrue(partner.exists())
        self.assertFalse(partner.aftersales_provider_id)

    def test_county_market_relaxes_the_installer_count(self):
        """10 installers in a central city; a county applicant with 6 passes."""
        county = self._applicant(market_tier="county", staff_count=6)
        central = self._applicant(name="PV Central", market_tier="central", staff_count=6)
        (county | central).action_provider_apply()
        county.with_user(self.manager).action_provider_approve()
        self.assertEqual(county.state, "approved")
        with self.assertRaisesRegex(UserError, "requires at least 10"):
            central.with_user(self.manager).action_provider_approve()
        self.assertEqual(central.state, "applied")

    def test_deposit_due_15_days_after_contract_and_minimum_5000(self):
        """Contract signed 2024-03-01, deposit due 2024-03-16, 4,000 refused; the sweep of
        the deadline engine leaves one to-do for the approving manager."""
        provider = self._applicant()
        provider.action_provider_apply()
        provider.with_user(self.manager).action_provider_approve()
        provider.contract_date = date(2024, 3, 1)
        self.assertEqual(provider.deposit_due_date, date(2024, 3, 16))
        self.assertTrue(provider.deposit_overdue)
        Provider = self.env["aftersales.provider"]
        self.assertIn(provider, Provider.search([("deposit_overdue", "=", True)]))
        self.env["aftersales.sla.policy"]._cron_sweep()
        self.env["aftersales.sla.policy"]._cron_sweep()
        activity = provider.activity_ids.filtered(lambda a: a.summary == "Provider deposit overdue")
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        with self.assertRaisesRegex(ValidationError, "below the minimum"):
            provider.deposit_amount = 4000
        self.company.aftersales_provider_deposit_min = 3000
        provider.deposit_amount = 4000
        provider.deposit_received_date = date(2024, 3, 10)
        self.assertFalse(provider.deposit_overdue)
        self.assertNotIn(provider, Provider.search([("deposit_overdue", "=", True)]))

    def test_deposit_days_are_a_policy_the_manager_edits(self):
        """The manager changes the deposit policy in its form: the next due day follows."""
        policy = self.env.ref("aftersales_service.sla_provider_deposit")
        with self.assertRaises(AccessError):
            with Form(policy.with_user(self.desk)) as form:
                form.target = 10
        with Form(policy.with_user(self.manager)) as form:
            form.target = 10
        provider = self._applicant()
        provider.contract_date = date(2024, 3, 1)
        self.assertEqual(provider.deposit_due_date, date(2024, 3, 11))

    def test_deposit_due_day_is_not_late_before_it_ends(self):
        """A deposit due today is not late for the sweep until the day is over."""
        provider = self._applicant()
        provider.action_provider_apply()
        provider.with_user(self.manager).action_provider_approve()
        # "today" is the company's day (its time zone), as for the sweep
        today = provider.company_id._aftersales_local_date()
        provider.contract_date = today - timedelta(days=15)
        self.assertEqual(provider.deposit_due_date, today)
        self.env["aftersales.sla.policy"]._cron_sweep()
        self.assertFalse(provider.activity_ids)

    def test_contract_takes_effect_only_when_deposit_received(self):
        """Activation refused before the deposit; then consignment and certificate."""
        provider = self._applicant()
        provider.action_provider_apply()
        with self.assertRaises(UserError):
            provider.with_user(self.manager).action_provider_activate()
        provider.with_user(self.manager).action_provider_approve()
        provider.write({"contract_date": date.today(), "deposit_amount": 6000})
        with self.assertRaisesRegex(UserError, "deposit is received"):
            provider.with_user(self.manager).action_provider_activate()
        provider.deposit_received_date = date.today()
        provider.with_user(self.manager).action_provider_activate()
        self.assertEqual(provider.state, "active")
        self.assertEqual(provider.activated_on, self.env["res.company"]._aftersales_default_today())
        self.assertTrue(provider.certificate_number)
        location = provider.consignment_location_id
        self.assertEqual(location.usage, "internal")
        self.assertEqual(location.location_id, self.warehouse.view_location_id)
        pdf, fmt = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_service.action_report_aftersales_provider_certificate", provider.ids
        )
        self.assertIn(provider.certificate_number, pdf.decode())

    def test_suspend_reactivate_terminate(self):
        provider = self._active_provider().aftersales_provider_id
        provider.with_user(self.manager).action_provider_suspend()
        self.assertEqual(provider.state, "suspended")
        location = provider.consignment_location_id
        provider.with_user(self.manager).action_provider_activate()
        self.assertEqual(provider.state, "active")
        self.assertEqual(provider.consignment_location_id, location)
        provider.with_user(self.manager).action_provider_terminate()
        self.assertEqual(provider.state, "terminated")
        with self.assertRaises(UserError):
            provider.with_user(self.manager).action_provider_activate()

    def test_only_active_providers_can_be_dispatched(self):
        partner = self._active_provider()
        provider = partner.aftersales_provider_id
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "provider_id": partner.id, "kind": "repair"}
        )
        provider.with_user(self.manager).action_provider_suspend()
        with self.assertRaisesRegex(UserError, "not an active service provider"):
            request.action_dispatch()
        applicant = self._applicant()
        applicant.action_provider_apply()
        request.provider_id = applicant.partner_id
        with self.assertRaisesRegex(UserError, "not an active service provider"):
            request.action_dispatch()
        request.provider_id = self.customer
        with self.assertRaisesRegex(UserError, "not a provider"):
            request.action_dispatch()
        provider.with_user(self.manager).action_provider_activate()
        request.provider_id = partner
        request.action_dispatch()
        self.assertEqual(request.state, "dispatched")

    def test_scorecard_on_the_provider(self):
        partner = self._active_provider()
        self._job(partner)
        provider = partner.aftersales_provider_id
        self.assertEqual(provider.job_count, 1)
        self.assertEqual(provider.done_count, 1)
        self.assertEqual(provider.on_time_rate, 100.0)
        self.assertEqual(partner.aftersales_provider_job_count, 1)


class TestProviderFeeRules(ProviderCase):
    """Gap G-02: fees per product category, job type and distance band."""

    def test_rule_by_category_kind_and_band(self):
        Rule = self.env["aftersales.provider.fee.rule"]
        near, far, repair, none = Rule._match(
            self.company,
            [
                (self.categ_split, "installation", 12),
                (self.categ_split, "installation", 45),
                (self.categ_split, "repair", 45),
                (self.categ_ac, "repair", 5),
            ],
        )
        # the parent category's rule serves the split units; the 30+ km band wins far away
        self.assertEqual(near, self.rule_install)
        self.assertEqual(far, self.rule_install_far)
        self.assertEqual(repair, self.rule_repair)
        self.assertFalse(none)

    def test_a_providers_own_fee_wins(self):
        """A fee negotiated with one provider (on the parent category) wins over the fee of
        every provider, for that provider only; its settlement uses it."""
        partner = self._active_provider("PV Own Fees")
        provider = partner.aftersales_provider_id
        action = provider.with_user(self.manager).action_view_fee_rules()
        Rule = self.env["aftersales.provider.fee.rule"].with_user(self.manager)
        own = Rule.with_context(action["context"]).create(
            {"categ_id": self.categ_ac.id, "kind": "repair", "amount": 95}
        )
        self.assertEqual(own.provider_id, provider)
        self.assertEqual(provider.fee_rule_count, 1)
        with self.assertRaises(AccessError):
            own.with_user(self.desk).amount = 200
        other = self.env["aftersales.provider"].browse(
            self._active_provider("PV Other").aftersales_provider_id.id
        )
        mine, theirs = self.env["aftersales.provider.fee.rule"]._match(
            self.company,
            [
                (self.categ_split, "repair", 12, provider),
                (self.categ_split, "repair", 12, other),
            ],
        )
        self.assertEqual(mine, own)
        self.assertEqual(theirs, self.rule_repair)
        self._job(partner, kind="repair")
        settlement = self.env["aftersales.provider.settlement"].create(
            {"provider_id": partner.id, "date_from": self.date_from, "date_to": self.date_to}
        )
        settlement.action_compute_lines()
        self.assertEqual(settlement.fee_line_ids.mapped("amount"), [95.0])

    def test_overlapping_bands_refused(self):
        with self.assertRaises(ValidationError):
            self.env["aftersales.distance.band"].create(
                {"name": "20-40 km", "km_from": 20, "km_to": 40}
            )

    def _xlsx(self, rows):
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(row)
        stream = io.BytesIO()
        book.save(stream)
        return base64.b64encode(stream.getvalue())

    def _import(self, rows, filename="fees.xlsx"):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_aftersales_fee_rule_import"
        )
        wizard_model = self.env[action["res_model"]].with_user(self.manager)
        # the binary widget sends the file name with the file
        form = Form(wizard_model.with_context(default_filename=filename))
        form.file = self._xlsx(rows)
        wizard = form.save()
        wizard.action_import()
        return wizard

    def test_import_with_bad_rows_writes_nothing(self):
        rules_before = self.env["aftersales.provider.fee.rule"].search_count([])
        wizard = self._import(
            [
                ["Category", "Job Type", "Distance Band", "Fee"],
                ["PV Air conditioners / PV Split units", "installation", "30+ km", 260],
                ["PV Heaters", "repair", "", 50],
                ["PV Air conditioners", "polishing", "", "abc"],
            ]
        )
        self.assertEqual(wizard.state, "failed")
        self.assertIn("Line 3: category PV Heaters is unknown", wizard.error_log)
        self.assertIn("Line 4: job type polishing is unknown", wizard.error_log)
        self.assertIn("fee abc is not a number", wizard.error_log)
        self.assertNotIn("Line 2", wizard.error_log)
        self.assertEqual(self.env["aftersales.provider.fee.rule"].search_count([]), rules_before)

    def test_import_creates_and_updates_rules(self):
        wizard = self._import(
            [
                ["Category", "Job Type", "Distance Band", "Fee"],
                ["PV Air conditioners / PV Split units", "Installation", "30+ km", 260],
                ["PV Air conditioners", "installation", "", 155],
            ]
        )
        self.assertEqual(wizard.state, "done", wizard.error_log)
        self.assertEqual((wizard.created_count, wizard.updated_count), (1, 1))
        self.assertEqual(self.rule_install.amount, 155)
        rule = self.env["aftersales.provider.fee.rule"]._match(
            self.company, [(self.categ_split, "installation", 50)]
        )[0]
        self.assertEqual(rule.amount, 260)
        self.assertEqual(rule.categ_id, self.categ_split)
