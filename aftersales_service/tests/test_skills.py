# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A job is dispatched only to a technician who serves its product and its zone."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import AftersalesCase


@tagged("post_install", "-at_install")
class TestTechnicianSkillsAndZones(AftersalesCase):
    def _job(self, partner=None):
        return self.env["aftersales.service.request"].create(
            {
                "partner_id": (partner or self.customer).id,
                "product_id": self.product.id,
                "technician_id": self.technician.id,
            }
        )

    def test_dispatch_respects_skills_and_zones(self):
        purifiers = self.env["product.category"].create({"name": "Purifiers"})
        tech = self.technician.sudo()
        # trained for purifiers only: an air conditioner is refused
        tech.aftersales_categ_ids = purifiers
        job = self._job()
        with self.assertRaisesRegex(UserError, "does not serve"):
            job.with_user(self.desk).action_dispatch()
        self.assertEqual(job.state, "new")
        # trained for the parent category of the product's: accepted
        parent = self.env["product.category"].create({"name": "Air treatment"})
        self.category.parent_id = parent
        tech.aftersales_categ_ids = parent
        job.with_user(self.desk).action_dispatch()
        self.assertEqual(job.state, "dispatched")
        # covering the town only: a suburban customer's job is refused
        tech.aftersales_zone_ids = self.zone_urban
        far = self._job(self.customer_far)
        self.assertEqual(far.zone_id, self.zone_suburban)
        with self.assertRaisesRegex(UserError, "zone"):
            far.with_user(self.desk).action_dispatch()
        # no skill or zone set: every job
        tech.write({"aftersales_categ_ids": [(5,)], "aftersales_zone_ids": [(5,)]})
        far.with_user(self.desk).action_dispatch()
        self.assertEqual(far.state, "dispatched")
