import base64
import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .provider_common import ProviderCase


class TestProviderOnboarding(ProviderCase):
    """Seed 001 onboarding: application with documents, manager approval, contract,
    deposit (>= 5,000 within 15 days), activation, certificate; only active providers
    are dispatched."""

    def _applicant(self, **vals):
        return self.env["res.partner"].create(
            {
                "name": "PV Applicant",
                "is_company": True,
                "aftersales_staff_count": 12,
                **self._documents(),
                **vals,
            }
        )

    def test_application_needs_all_documents(self):
        partner = self._applicant(aftersales_doc_tax=False)
        with self.assertRaisesRegex(UserError, "tax registration"):
            partner.action_provider_apply()
        self.assertFalse(partner.aftersales_provider_state)
        partner.aftersales_doc_tax = self._documents()["aftersales_doc_tax"]
        partner.action_provider_apply()
        self.assertEqual(partner.aftersales_provider_state, "applied")
        self.assertEqual(partner.aftersales_applied_on, date.today())

    def test_only_the_manager_approves(self):
        partner = self._applicant()
        partner.action_provider_apply()
        with self.assertRaises(AccessError):
            partner.with_user(self.desk).action_provider_approve()
        partner.with_user(self.manager).action_provider_approve()
        self.assertEqual(partner.aftersales_provider_state, "approved")
        self.assertEqual(partner.aftersales_approved_by_id, self.manager)

    def test_county_market_relaxes_the_installer_count(self):
        """PV-C10: 10 installers in a central city; a county applicant with 6 passes."""
        county = self._applicant(aftersales_market_tier="county", aftersales_staff_count=6)
        central = self._applicant(aftersales_market_tier="central", aftersales_staff_count=6)
        (county | central).action_provider_apply()
        county.with_user(self.manager).action_provider_approve()
        self.assertEqual(county.aftersales_provider_state, "approved")
        with self.assertRaisesRegex(UserError, "requires at least 10"):
            central.with_user(self.manager).action_provider_approve()
        self.assertEqual(central.aftersales_provider_state, "applied")

    def test_deposit_due_15_days_after_contract_and_minimum_5000(self):
        """PV-C06: contract signed 2024-03-01, deposit due 2024-03-16, 4,000 refused."""
        partner = self._applicant()
        partner.action_provider_apply()
        partner.with_user(self.manager).action_provider_approve()
        partner.aftersales_provider_contract_date = date(2024, 3, 1)
        self.assertEqual(partner.aftersales_deposit_due_date, date(2024, 3, 16))
        self.assertTrue(partner.aftersales_deposit_overdue)
        overdue = self.env["res.partner"].search([("aftersales_deposit_overdue", "=", True)])
        self.assertIn(partner, overdue)
        self.assertIn(partner, self.env["res.partner"]._cron_aftersales_deposit_overdue())
        self.env["res.partner"]._cron_aftersales_deposit_overdue()
        activity = partner.activity_ids.filtered(lambda a: a.summary == "Provider deposit overdue")
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.manager)
        with self.assertRaisesRegex(ValidationError, "below the minimum"):
            partner.aftersales_deposit_amount = 4000
        self.company.aftersales_provider_deposit_min = 3000
        partner.aftersales_deposit_amount = 4000
        partner.aftersales_deposit_received_date = date(2024, 3, 10)
        self.assertFalse(partner.aftersales_deposit_overdue)
        self.assertNotIn(
            partner, self.env["res.partner"].search([("aftersales_deposit_overdue", "=", True)])
        )

    def test_contract_takes_effect_only_when_deposit_received(self):
        """PV-C08: activation refused before the deposit; then consignment and certificate."""
        partner = self._applicant()
        partner.action_provider_apply()
        with self.assertRaises(UserError):
            partner.with_user(self.manager).action_provider_activate()
        partner.with_user(self.manager).action_provider_approve()
        partner.write(
            {"aftersales_provider_contract_date": date.today(), "aftersales_deposit_amount": 6000}
        )
        with self.assertRaisesRegex(UserError, "deposit is received"):
            partner.with_user(self.manager).action_provider_activate()
        partner.aftersales_deposit_received_date = date.today()
        partner.with_user(self.manager).action_provider_activate()
        self.assertEqual(partner.aftersales_provider_state, "active")
        self.assertEqual(partner.aftersales_activated_on, date.today())
        self.assertTrue(partner.aftersales_certificate_number)
        location = partner.aftersales_consignment_location_id
        self.assertEqual(location.usage, "internal")
        self.assertEqual(location.location_id, self.warehouse.view_location_id)
        pdf, fmt = self.env["ir.actions.report"]._render_qweb_html(
            "aftersales_service.action_report_aftersales_provider_certificate", partner.ids
        )
        self.assertIn(partner.aftersales_certificate_number, pdf.decode())

    def test_suspend_reactivate_terminate(self):
        provider = self._active_provider()
        provider.with_user(self.manager).action_provider_suspend()
        self.assertEqual(provider.aftersales_provider_state, "suspended")
        location = provider.aftersales_consignment_location_id
        provider.with_user(self.manager).action_provider_activate()
        self.assertEqual(provider.aftersales_provider_state, "active")
        self.assertEqual(provider.aftersales_consignment_location_id, location)
        provider.with_user(self.manager).action_provider_terminate()
        self.assertEqual(provider.aftersales_provider_state, "terminated")
        with self.assertRaises(UserError):
            provider.with_user(self.manager).action_provider_activate()

    def test_only_active_providers_can_be_dispatched(self):
        provider = self._active_provider()
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "provider_id": provider.id, "kind": "repair"}
        )
        provider.with_user(self.manager).action_provider_suspend()
        with self.assertRaisesRegex(UserError, "not an active service provider"):
            request.action_dispatch()
        applicant = self._applicant()
        applicant.action_provider_apply()
        request.provider_id = applicant
        with self.assertRaisesRegex(UserError, "not an active service provider"):
            request.action_dispatch()
        provider.with_user(self.manager).action_provider_activate()
        request.provider_id = provider
        request.action_dispatch()
        self.assertEqual(request.state, "dispatched")


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
