# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class PenaltyCase(TransactionCase):
    """Fixtures: users per penalty group, departments, employees with base points and
    efficiency bonus, and one rule of every kind (the tests never rely on demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.gm = new_test_user(
            cls.env,
            login="pen_gm",
            name="General Manager",
            groups="aftersales_penalty.group_penalty_gm,"
            "aftersales_complaint.group_complaint_user_all",
        )
        cls.manager = new_test_user(
            cls.env,
            login="pen_manager",
            name="Penalty Manager",
            groups="aftersales_penalty.group_penalty_manager",
        )
        cls.clerk = new_test_user(
            cls.env,
            login="pen_clerk",
            name="GM Office Clerk",
            groups="aftersales_penalty.group_penalty_user_all,"
            "aftersales_complaint.group_complaint_user_all",
        )
        cls.tech_user = new_test_user(
            cls.env,
            login="pen_tech",
            name="Technician Wang",
            groups="aftersales_penalty.group_penalty_user_own",
        )
        Department = cls.env["hr.department"]
        cls.dept_service = Department.create(
            {"name": "PEN Service", "aftersales_allocation_mode": "person"}
        )
        cls.dept_team = Department.create(
            {"name": "PEN Lamination Team", "aftersales_allocation_mode": "team"}
        )
        Employee = cls.env["hr.employee"]
        cls.emp_e = Employee.create(
            {
                "name": "PEN Employee E",
                "department_id": cls.dept_service.id,
                "aftersales_base_points": 5,
                "aftersales_efficiency_bonus": 1600,
                "user_id": cls.tech_user.id,
            }
        )
        cls.emp_f = Employee.create(
            {
                "name": "PEN Employee F",
                "department_id": cls.dept_service.id,
                "aftersales_base_points": 45,
                "aftersales_efficiency_bonus": 3000,
            }
        )
        cls.emp_t1 = Employee.create(
            {
                "name": "PEN Worker T1",
                "department_id": cls.dept_team.id,
                "aftersales_base_points": 3,
                "aftersales_efficiency_bonus": 1000,
            }
        )
        cls.emp_t2 = Employee.create(
            {
                "name": "PEN Worker T2",
                "department_id": cls.dept_team.id,
                "aftersales_base_points": 7,
                "aftersales_efficiency_bonus": 1000,
            }
        )
        Rule = cls.env["aftersales.penalty.rule"]
        Rule.search([]).write({"active": False})
        cls.rule_warning = Rule.create(
            {
                "name": "Warning",
                "code": "T-WARN",
                "kind": "admin_warning",
                "amount": 400,
                "min_amount": 400,
            }
        )
        cls.rule_minor = Rule.create(
            {
                "name": "Minor demerit",
                "code": "T-MINOR",
                "kind": "admin_minor",
                "amount": 800,
                "min_amount": 800,
            }
        )
        cls.rule_major = Rule.create(
            {
                "name": "Major demerit",
                "code": "T-MAJOR",
                "kind": "admin_major",
                "subject_to_cap": False,
            }
        )
        cls.rule_loss = Rule.create(
            {
                "name": "Complaint loss",
                "code": "T-LOSS",
                "kind": "complaint_loss",
            }
        )
        cls.rule_uniform = Rule.create(
            {
                "name": "No uniform or work card",
                "code": "T-PN-B9",
                "kind": "occurrence",
                "target": "any",
                "amount": 30,
            }
        )
        cls.rule_reward = Rule.create(
            {
                "name": "Adopted suggestion",
                "code": "T-RW-B8",
                "kind": "occurrence",
                "direction": "reward",
                "amount": 100,
            }
        )
        cls.rule_allowance = Rule.create(
            {
                "name": "Sales allowance",
                "code": "T-AL",
                "kind": "allowance",
                "target": "customer",
                "direction": "reward",
            }
        )
        cls.customer = cls.env["res.partner"].create({"name": "PEN Customer"})
        cls.provider = cls.env["res.partner"].create({"name": "PEN Provider", "is_company": True})

    @classmethod
    def _entry(cls, rule, employee=None, partner=None, amount=None, day=None, qty=1.0, **extra):
        vals = {
            "rule_id": rule.id,
            "reason": "Found on inspection",
            "quantity": qty,
            "date": day or date.today(),
            **extra,
        }
        if employee:
            vals.update(target_type="employee", employee_id=employee.id)
        if partner:
            vals.update(
                target_type="customer" if rule.target == "customer" else "provider",
                partner_id=partner.id,
            )
        if amount is not None:
            vals["unit_amount"] = amount
        return cls.env["aftersales.penalty.entry"].with_user(cls.clerk).create(vals)

    @classmethod
    def _approved(cls, *args, **kwargs):
        entry = cls._entry(*args, **kwargs)
        entry.with_user(cls.gm).action_approve()
        return entry
