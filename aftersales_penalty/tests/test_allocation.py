# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

from .common import PenaltyCase


@tagged("post_install", "-at_install")
class TestLossAllocation(PenaltyCase):
    def _complaint(self, loss, shares):
        return self.env["aftersales.complaint"].create(
            {
                "partner_id": self.customer.id,
                "loss_amount": loss,
                "responsibility_ids": [
                    (
                        0,
                        0,
                        {
                            "department_id": dept.id,
                            "employee_id": emp.id if emp else False,
                            "share": share,
                        },
                    )
                    for dept, emp, share in shares
                ],
            }
        )

    def _allocated(self, complaint):
        complaint.with_user(self.clerk).action_allocate_penalty_loss()
        entries = complaint.penalty_entry_ids
        return {e.employee_id: e.amount for e in entries}, entries

    def test_pn_a11_loss_over_department_base_points(self):
        """10,000 / 50 base points x 5 base points = 1,000 (acceptance case 5)."""
        complaint = self._complaint(10000, [(self.dept_service, None, 100)])
        split, entries = self._allocated(complaint)
        self.assertEqual(split, {self.emp_e: 1000, self.emp_f: 9000})
        self.assertEqual(set(entries.mapped("state")), {"draft"})
        self.assertEqual(set(entries.mapped("source")), {"complaint"})
        self.assertEqual(entries.rule_id, self.rule_loss)

    def test_pn_a04_joint_fault_split_by_percentages(self):
        complaint = self._complaint(
            5000, [(self.dept_service, self.emp_e, 60), (self.dept_service, self.emp_f, 40)]
        )
        split, __ = self._allocated(complaint)
        self.assertEqual(split, {self.emp_e: 3000, self.emp_f: 2000})

    def test_pn_a09_manufacturing_is_charged_to_the_team(self):
        """A team department spreads its share by base points even if a person is named;
        a person department charges the named person in full."""
        complaint = self._complaint(
            2000, [(self.dept_team, self.emp_t1, 50), (self.dept_service, self.emp_e, 50)]
        )
        split, __ = self._allocated(complaint)
        self.assertEqual(split, {self.emp_t1: 300, self.emp_t2: 700, self.emp_e: 1000})

    def _ruled(self, complaint, days_ago):
        """The complaint as its approval left it, ``days_ago`` days ago."""
        with frozen_steps():
            complaint.write(
                {
                    "state": "approved",
                    "date_approved": fields.Datetime.now() - timedelta(days=days_ago),
                }
            )
        return complaint

    def test_pn_a03_resold_goods_charge_the_loss_against_the_a_grade_price(self):
        """The goods get a month after the ruling to be resold: sold, the people share what
        they lost against the A-grade price; unsold after the month, the company loss."""
        shares = [(self.dept_service, self.emp_e, 60), (self.dept_service, self.emp_f, 40)]
        complaint = self._complaint(10000, shares)
        complaint.loss_resale = True
        with self.assertRaisesRegex(UserError, "may be resold until"):
            complaint.with_user(self.clerk).action_allocate_penalty_loss()
        self._ruled(complaint, days_ago=3)
        self.assertEqual(
            complaint.resale_deadline,
            complaint.company_id._aftersales_local_date(complaint.date_approved)
            + relativedelta(months=1),
        )
        with self.assertRaisesRegex(UserError, "may be resold until"):
            complaint.with_user(self.clerk).action_allocate_penalty_loss()
        # recorded after the ruling, the decision itself frozen
        complaint.with_user(self.clerk).write(
            {"resale_outcome": "sold", "resale_a_grade_amount": 8000, "resale_amount": 6000}
        )
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            complaint.with_user(self.clerk).write({"loss_amount": 1})
        self.assertEqual(complaint.allocated_loss, 2000)
        split, __ = self._allocated(complaint)
        self.assertEqual(split, {self.emp_e: 1200, self.emp_f: 800})

        unsold = self._complaint(5000, shares)
        unsold.loss_resale = True
        split, __ = self._allocated(self._ruled(unsold, days_ago=40))
        self.assertEqual(split, {self.emp_e: 3000, self.emp_f: 2000})

    def test_pn_a04_shares_must_sum_to_100(self):
        complaint = self._complaint(1000, [(self.dept_service, self.emp_e, 60)])
        with self.assertRaises(UserError):
            complaint.action_allocate_penalty_loss()
        self.assertFalse(complaint.penalty_entry_ids)

    def test_reallocation_replaces_drafts_but_not_approved_entries(self):
        complaint = self._complaint(1000, [(self.dept_service, self.emp_e, 100)])
        __, first = self._allocated(complaint)
        __, second = self._allocated(complaint)
        self.assertFalse(first.exists())
        self.assertEqual(second.amount, 1000)
        second.with_user(self.gm).action_approve()
        with self.assertRaises(UserError):
            complaint.action_allocate_penalty_loss()

    def test_pn_a05_penalty_standard_drafts_the_sanction_of_each_share(self):
        """The company's penalty standard: from 1,000 borne a warning, from 3,000 two minor
        demerits. Of a 5,000 loss split 60/40, E bears 3,000 (two minor demerits) and F
        2,000 (a warning); a person under the first band gets none."""
        Band = self.env["aftersales.penalty.band"].with_user(self.manager)
        Band.search([]).unlink()  # the demo's example table
        Band.create(
            [
                {"amount_from": 1000, "rule_id": self.rule_warning.id},
                {"amount_from": 3000, "rule_id": self.rule_minor.id, "quantity": 2},
            ]
        )
        complaint = self._complaint(
            5000, [(self.dept_service, self.emp_e, 60), (self.dept_service, self.emp_f, 40)]
        )
        complaint.with_user(self.clerk).action_allocate_penalty_loss()
        sanctions = complaint.penalty_entry_ids.filtered(lambda e: e.rule_id != self.rule_loss)
        self.assertEqual(
            sorted((e.employee_id.name, e.rule_id.code, e.quantity, e.amount) for e in sanctions),
            [("PEN Employee E", "T-MINOR", 2.0, 1600.0), ("PEN Employee F", "T-WARN", 1.0, 400.0)],
        )
        self.assertEqual(set(sanctions.mapped("state")), {"draft"})
        self.assertIn("3,000", sanctions.filtered(lambda e: e.employee_id == self.emp_e).reason)
        # allocated again: replaced, not doubled
        complaint.with_user(self.clerk).action_allocate_penalty_loss()
        self.assertEqual(
            len(complaint.penalty_entry_ids.filtered(lambda e: e.rule_id != self.rule_loss)), 2
        )
        small = self._complaint(500, [(self.dept_service, self.emp_e, 100)])
        small.with_user(self.clerk).action_allocate_penalty_loss()
        self.assertEqual(small.penalty_entry_ids.rule_id, self.rule_loss)

    def test_pn_a05_bands_are_the_managers_and_give_an_administrative_sanction(self):
        Band = self.env["aftersales.penalty.band"]
        with self.assertRaises(AccessError):
            Band.with_user(self.clerk).create({"amount_from": 100, "rule_id": self.rule_warning.id})
        with self.assertRaisesRegex(ValidationError, "administrative sanction"):
            Band.with_user(self.manager).create({"amount_from": 100, "rule_id": self.rule_loss.id})
        with self.assertRaisesRegex(ValidationError, "must be positive"):
            Band.with_user(self.manager).create(
                {"amount_from": -5, "rule_id": self.rule_warning.id}
            )
