from odoo.tests import HttpCase, new_test_user

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

# a 1x1 PNG: stands for the photos and the signature
PIXEL = (
    b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
    b"kgAAAABJRU5ErkJggg=="
)


class AftersalesPortalCase(HttpCase):
    """Two customer companies with a portal contact each, their units and requests,
    and a contracted provider with a portal user; shared by the portal tests, the
    tours and the screenshots."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        env = cls.env
        cls.company = env.company
        cls.zone = env["aftersales.zone"].create(
            {"name": "Portal test zone", "zone_type": "urban", "sequence": -20}
        )
        cls.product = env["product.product"].create(
            {
                "name": "Portal Split AC 3.5kW",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 3000,
            }
        )
        Partner = env["res.partner"]
        cls.customer_a = Partner.create(
            {
                "name": "Harbour Bakery",
                "is_company": True,
                "aftersales_zone_id": cls.zone.id,
                "street": "1 Quay Road",
                "city": "Tainan",
            }
        )
        cls.customer_b = Partner.create(
            {"name": "Hillside Clinic", "is_company": True, "aftersales_zone_id": cls.zone.id}
        )
        cls.contact_a = Partner.create(
            {
                "name": "Alice Baker",
                "parent_id": cls.customer_a.id,
                "email": "alice@harbour.example.com",
            }
        )
        cls.contact_b = Partner.create(
            {
                "name": "Bruno Medic",
                "parent_id": cls.customer_b.id,
                "email": "bruno@hillside.example.com",
            }
        )
        cls.portal_a = new_test_user(
            env,
            login="as_portal_a",
            name="Alice Baker",
            groups="base.group_portal",
            partner_id=cls.contact_a.id,
        )
        cls.portal_b = new_test_user(
            env,
            login="as_portal_b",
            name="Bruno Medic",
            groups="base.group_portal",
            partner_id=cls.contact_b.id,
        )
        Lot = env["stock.lot"]
        cls.lot_a = Lot.create(
            {
                "name": "PSN-A-0001",
                "product_id": cls.product.id,
                "aftersales_partner_id": cls.customer_a.id,
            }
        )
        cls.lot_a2 = Lot.create(
            {
                "name": "PSN-A-0002",
                "product_id": cls.product.id,
                "aftersales_partner_id": cls.customer_a.id,
            }
        )
        cls.lot_b = Lot.create(
            {
                "name": "PSN-B-0001",
                "product_id": cls.product.id,
                "aftersales_partner_id": cls.customer_b.id,
            }
        )
        cls.technician = new_test_user(
            env,
            login="as_portal_tech",
            name="Portal Test Technician",
            groups="aftersales_service.group_aftersales_user_own",
        )
        cls.provider = Partner.create(
            {
                "name": "Riverside Cooling Services",
                "is_company": True,
                "email": "jobs@riverside.example.com",
            }
        )
        with frozen_steps():  # a contracted provider, its onboarding not under test
            cls.provider_contract = (
                cls.env["aftersales.provider"]
                .sudo()
                .create({"partner_id": cls.provider.id, "state": "active"})
            )
        cls.provider_contact = Partner.create(
            {
                "name": "Ravi Fixer",
                "parent_id": cls.provider.id,
                "email": "ravi@riverside.example.com",
            }
        )
        cls.portal_provider = new_test_user(
            env,
            login="as_portal_provider",
            name="Ravi Fixer",
            groups="base.group_portal",
            partner_id=cls.provider_contact.id,
        )
        Request = env["aftersales.service.request"]
        cls.request_a = Request.create(
            {
                "partner_id": cls.contact_a.id,
                "lot_id": cls.lot_a.id,
                "fault_description": "<p>Compressor does not start</p>",
            }
        )
        cls.request_b = Request.create(
            {
                "partner_id": cls.contact_b.id,
                "lot_id": cls.lot_b.id,
                "fault_description": "<p>Water leaks from the indoor unit</p>",
            }
        )
        # a job done by the technician, waiting for the customer's signature
        cls.request_a_done = Request.create(
            {
                "partner_id": cls.contact_a.id,
                "lot_id": cls.lot_a2.id,
                "technician_id": cls.technician.id,
                "fault_description": "<p>Noisy fan</p>",
            }
        )
        cls.request_a_done.action_dispatch()
        cls.request_a_done.action_start()
        cls.request_a_done.work_done = "<p>Fan bearing replaced</p>"
        cls.request_a_done.action_done()
        # a job dispatched to the provider
        cls.job = Request.create(
            {
                "partner_id": cls.contact_b.id,
                "lot_id": cls.lot_b.id,
                "provider_id": cls.provider.id,
                "fault_description": "<p>Remote control not working</p>",
            }
        )
        cls.job.action_dispatch()
