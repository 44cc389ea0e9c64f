# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A service manager keeps the technicians' profiles (zones, product categories, van stock,
labour cost) without the rights of an administrator over users; nothing else of a user,
and nobody below a service manager."""

import ast

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestTechnicianProfile(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.supervisor = new_test_user(
            cls.env, login="tp_supervisor", groups="aftersales_service.group_aftersales_manager"
        )
        cls.desk = new_test_user(
            cls.env, login="tp_desk", groups="aftersales_service.group_aftersales_user_all"
        )
        cls.technician = new_test_user(
            cls.env,
            login="tp_technician",
            name="TP Technician",
            groups="aftersales_service.group_aftersales_user_own",
        )
        cls.zone = cls.env["aftersales.zone"].create({"name": "TP zone", "zone_type": "urban"})
        cls.van = cls.env["stock.location"].create(
            {"name": "TP van", "location_id": cls.env.ref("stock.stock_location_stock").id}
        )

    def _list_form(self, user):
        view = self.env.ref("aftersales_service.view_users_aftersales_technician_list")
        return Form(self.technician.with_user(user), view=view)

    def test_service_manager_keeps_the_profile(self):
        action = self.env.ref("aftersales_service.action_aftersales_technicians")
        domain = ast.literal_eval(action.domain)
        technicians = self.env["res.users"].with_user(self.supervisor).search(domain)
        self.assertIn(self.technician, technicians)
        with self._list_form(self.supervisor) as form:
            form.aftersales_zone_ids.add(self.zone)
            form.aftersales_van_location_id = self.van
            form.aftersales_labour_rate = 45
        self.assertEqual(self.technician.aftersales_zone_ids, self.zone)
        self.assertEqual(self.technician.aftersales_van_location_id, self.van)
        self.assertEqual(self.technician.sudo().aftersales_labour_rate, 45)

    def test_nothing_else_and_nobody_else(self):
        with self.assertRaises(AccessError):
            self.technician.with_user(self.supervisor).write(
                {"aftersales_zone_ids": [(4, self.zone.id)], "login": "taken_over"}
            )
        with self.assertRaises(AccessError):
            self.technician.with_user(self.desk).write({"aftersales_van_location_id": self.van.id})
        with self.assertRaises(AccessError):
            self.technician.with_user(self.technician).write(
                {"aftersales_zone_ids": [(4, self.zone.id)]}
            )
        self.assertEqual(self.technician.login, "tp_technician")
        self.assertFalse(self.technician.aftersales_zone_ids)
        self.assertFalse(self.technician.aftersales_van_location_id)
