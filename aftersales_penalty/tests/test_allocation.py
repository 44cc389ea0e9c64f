# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
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
