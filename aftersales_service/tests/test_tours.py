from odoo.tests import tagged

from .portal_common import AftersalesPortalCase


@tagged("post_install", "-at_install")
class TestAftersalesTours(AftersalesPortalCase):
    """The main flows clicked through in a real (headless Chromium) browser."""

    def test_tour_register_and_dispatch(self):
        Request = self.env["aftersales.service.request"]
        before = Request.search([])
        self.start_tour(
            "/odoo/action-aftersales_service.aftersales_service_request_action",
            "aftersales_register_dispatch",
            login="admin",
            timeout=240,
        )
        created = Request.search([]) - before
        self.assertEqual(len(created), 1)
        self.assertEqual(created.partner_id, self.customer_a)
        self.assertEqual(created.lot_id, self.lot_a)
        self.assertEqual(created.state, "dispatched")
        self.assertEqual(created.technician_id, self.technician)
        self.assertIn("Compressor does not start", created.fault_description)
        self.assertTrue(created.first_contact_deadline)

    def test_tour_carry_in_repair(self):
        self.request_a.technician_id = self.technician
        self.request_a.action_dispatch()
        self.start_tour(
            f"/odoo/action-aftersales_service.aftersales_service_request_action/{self.request_a.id}",
            "aftersales_carry_in",
            login="admin",
            timeout=240,
        )
        self.assertEqual(self.request_a.state, "carry_in")
        self.assertEqual(self.request_a.repair_ids.state, "done")
        self.assertEqual(self.request_a.repair_ids.lot_id, self.lot_a)
        self.assertEqual(self.request_a.repair_verified_by, self.env.ref("base.user_admin"))
        self.assertTrue(self.request_a.date_returned)
        self.assertEqual(set(self.request_a.picking_ids.mapped("state")), {"done"})
        self.assertEqual(len(self.request_a.picking_ids), 2, "received, then delivered back")

    def test_tour_portal_request_by_customer(self):
        Request = self.env["aftersales.service.request"]
        before = Request.search([])
        self.start_tour(
            "/my/service_requests", "aftersales_portal_request", login="as_portal_a", timeout=240
        )
        created = Request.search([]) - before
        self.assertEqual(len(created), 1)
        self.assertEqual(created.channel, "portal")
        self.assertEqual(created.partner_id, self.contact_a)
        self.assertEqual(created.lot_id, self.lot_a)
        self.assertTrue(self.request_a_done.customer_confirmed)
        self.assertEqual(self.request_a_done.signed_by, "Alice Baker")

    def test_tour_provider_confirms_completion(self):
        self.start_tour(
            "/my/provider/jobs",
            "aftersales_portal_provider",
            login="as_portal_provider",
            timeout=240,
        )
        self.assertEqual(self.job.state, "done")
        self.assertEqual(self.job.time_spent, 2.0)
        self.assertIn("New remote paired", self.job.work_done)
        self.assertTrue(self.job.date_arrived)
