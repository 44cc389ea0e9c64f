from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestServiceSecurity(AftersalesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Request = cls.env["aftersales.service.request"]
        cls.job1 = Request.create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.product.id,
                "technician_id": cls.technician.id,
            }
        )
        cls.job2 = Request.create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.product.id,
                "technician_id": cls.technician2.id,
            }
        )
        cls.unassigned = Request.create(
            {"partner_id": cls.customer.id, "product_id": cls.product.id}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Service Co"})
        cls.foreign = Request.with_company(cls.other_company).create(
            {"partner_id": cls.customer.id, "company_id": cls.other_company.id}
        )
        cls.plain_user = new_test_user(cls.env, login="as_plain", groups="base.group_user")

    def test_technician_sees_only_own_jobs(self):
        Request = self.env["aftersales.service.request"].with_user(self.technician)
        visible = Request.search([("id", "in", (self.job1 | self.job2 | self.unassigned).ids)])
        self.assertEqual(visible, self.job1)
        with self.assertRaises(AccessError):
            self.job2.with_user(self.technician).read(["name"])
        with self.assertRaises(AccessError):
            self.job2.with_user(self.technician).write({"time_spent": 1})
        self.job1.with_user(self.technician).write({"time_spent": 1})
        self.assertEqual(self.job1.time_spent, 1)

    def test_technician_cannot_register_or_delete(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.service.request"].with_user(self.technician).create(
                {"partner_id": self.customer.id}
            )
        with self.assertRaises(AccessError):
            self.job1.with_user(self.technician).unlink()

    def test_desk_sees_all_jobs_but_cannot_delete(self):
        Request = self.env["aftersales.service.request"].with_user(self.desk)
        visible = Request.search([("id", "in", (self.job1 | self.job2 | self.unassigned).ids)])
        self.assertEqual(visible, self.job1 | self.job2 | self.unassigned)
        with self.assertRaises(AccessError):
            self.unassigned.with_user(self.desk).unlink()
        self.unassigned.with_user(self.manager).unlink()
        self.assertFalse(self.unassigned.exists())

    def test_multi_company_rule(self):
        Request = self.env["aftersales.service.request"].with_user(self.manager)
        self.assertNotIn(self.foreign, Request.search([]))
        with self.assertRaises(AccessError):
            self.foreign.with_user(self.manager).read(["name"])

    def test_user_without_group_has_no_access(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.service.request"].with_user(self.plain_user).search([])
        with self.assertRaises(AccessError):
            self.env["aftersales.contract"].with_user(self.plain_user).search([])

    def test_configuration_is_for_managers(self):
        Zone = self.env["aftersales.zone"]
        Zone.with_user(self.desk).search([])
        with self.assertRaises(AccessError):
            Zone.with_user(self.desk).create({"name": "Z"})
        Zone.with_user(self.manager).create({"name": "Z"})
        with self.assertRaises(AccessError):
            self.env["aftersales.warranty.exclusion"].with_user(self.desk).create(
                {"name": "X", "code": "X"}
            )

    def test_contracts_read_only_for_technicians(self):
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": "2026-01-01",
                "date_end": "2026-12-31",
                "product_ids": [(6, 0, self.product.ids)],
            }
        )
        contract.with_user(self.technician).read(["name"])
        with self.assertRaises(AccessError):
            contract.with_user(self.technician).write({"fee_amount": 1})
        contract.with_user(self.desk).write({"fee_amount": 1})

    def test_group_chain(self):
        own = self.env.ref("aftersales_service.group_aftersales_user_own")
        all_docs = self.env.ref("aftersales_service.group_aftersales_user_all")
        manager = self.env.ref("aftersales_service.group_aftersales_manager")
        self.assertIn(own, all_docs.implied_ids)
        self.assertIn(all_docs, manager.implied_ids)
        self.assertTrue(self.manager.has_group("aftersales_service.group_aftersales_user_own"))
        self.assertFalse(self.technician.has_group("aftersales_service.group_aftersales_user_all"))
