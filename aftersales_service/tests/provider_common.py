import base64
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase

# a 1x1 PNG: stands for the scanned documents and the shop photo
PIXEL_HEAD = b"iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6"
PIXEL = PIXEL_HEAD + b"kgAAAABJRU5ErkJggg=="


class ProviderCase(TransactionCase):
    """Fixtures of the provider tests: company rules, users, products, fee rules,
    and helpers that onboard a provider and finish customer-confirmed jobs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.write(
            {
                "aftersales_provider_deposit_min": 5000,
                "aftersales_old_part_late_deduction": 50,
                "aftersales_provider_min_installers": 10,
                "aftersales_provider_min_installers_relaxed": 5,
            }
        )
        # replaced parts back within 10 days (the shipped policy says 30)
        cls.env.ref("aftersales_service.sla_old_part_return").target = 10
        cls.manager = new_test_user(
            cls.env,
            login="pv_manager",
            name="Product Centre Manager",
            groups="aftersales_service.group_aftersales_manager",
        )
        cls.desk = new_test_user(
            cls.env,
            login="pv_desk",
            name="Provider Desk",
            groups="aftersales_service.group_aftersales_user_all",
        )
        cls.categ_ac = cls.env["product.category"].create({"name": "PV Air conditioners"})
        cls.categ_split = cls.env["product.category"].create(
            {"name": "PV Split units", "parent_id": cls.categ_ac.id}
        )
        cls.product = cls.env["product.product"].create(
            {"name": "PV split AC", "type": "consu", "categ_id": cls.categ_split.id}
        )
        cls.part = cls.env["product.product"].create(
            {
                "name": "PV compressor",
                "type": "consu",
                "is_storable": True,
                "categ_id": cls.categ_ac.id,
                "list_price": 900,
                "aftersales_old_part_return": True,
            }
        )
        Band = cls.env["aftersales.distance.band"]
        Band.search([("company_id", "=", cls.company.id)]).unlink()
        cls.band_near = Band.create({"name": "0-30 km", "km_from": 0, "km_to": 30})
        cls.band_far = Band.create({"name": "30+ km", "km_from": 30})
        Rule = cls.env["aftersales.provider.fee.rule"]
        Rule.search([("company_id", "=", cls.company.id)]).unlink()
        cls.rule_install = Rule.create(
            {"categ_id": cls.categ_ac.id, "kind": "installation", "amount": 150}
        )
        cls.rule_install_far = Rule.create(
            {
                "categ_id": cls.categ_ac.id,
                "kind": "installation",
                "distance_band_id": cls.band_far.id,
                "amount": 200,
            }
        )
        cls.rule_repair = Rule.create(
            {"categ_id": cls.categ_split.id, "kind": "repair", "amount": 80}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "PV Customer", "aftersales_distance_km": 12}
        )
        cls.customer_far = cls.env["res.partner"].create(
            {"name": "PV Far Customer", "aftersales_distance_km": 45}
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        today = date.today()
        cls.date_from = today.replace(day=1)
        cls.date_to = cls.date_from + relativedelta(months=1, days=-1)

    @classmethod
    def _documents(cls):
        return {
            "doc_licence": PIXEL,
            "doc_licence_name": "licence.png",
            "doc_tax": PIXEL,
            "doc_tax_name": "tax.png",
            "doc_shop_photo": PIXEL,
            "doc_staff": PIXEL,
            "doc_staff_name": "staff.png",
        }

    @classmethod
    def _active_provider(cls, name="PV Provider"):
        """The company (partner) of a provider taken through every onboarding step by the
        desk and the manager; its contract is ``partner.aftersales_provider_id``. Jobs,
        settlements and bills name the partner."""
        provider = (
            cls.env["aftersales.provider"]
            .with_user(cls.desk)
            .create({"name": name, "is_company": True, "staff_count": 12, **cls._documents()})
        )
        provider.action_provider_apply()
        provider.with_user(cls.manager).action_provider_approve()
        provider.write(
            {
                "contract_date": date.today(),
                "deposit_amount": 5000,
                "deposit_received_date": date.today(),
            }
        )
        provider.with_user(cls.manager).action_provider_activate()
        return cls.env["aftersales.provider"].browse(provider.id).partner_id

    @classmethod
    def _job(cls, provider, kind="installation", customer=None, parts=None, confirm=True):
        """A job done by ``provider``, confirmed by the customer's signed voucher."""
        request = cls.env["aftersales.service.request"].create(
            {
                "partner_id": (customer or cls.customer).id,
                "product_id": cls.product.id,
                "kind": kind,
                "provider_id": provider.id,
                "work_done": "<p>Done</p>",
                "line_ids": [
                    (0, 0, {"line_type": "part", "product_id": part.id, "quantity": qty})
                    for part, qty in (parts or [])
                ],
            }
        )
        request.action_dispatch()
        request.action_start()
        request.action_done()
        if confirm:
            voucher = cls.env["ir.attachment"].create(
                {
                    "name": "voucher.png",
                    "datas": PIXEL,
                    "res_model": request._name,
                    "res_id": request.id,
                }
            )
            request.voucher_attachment_id = voucher
        return request

    @staticmethod
    def _decode(data):
        return base64.b64decode(data)

    @staticmethod
    def _dt(text):
        return datetime.fromisoformat(text)


class SettlementCase(ProviderCase):
    """Two active providers and a helper that drafts a settlement of this month."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls._active_provider("PV Provider A")
        cls.other = cls._active_provider("PV Provider B")
        cls.Settlement = cls.env["aftersales.provider.settlement"]

    def _settlement(self, provider=None):
        settlement = self.Settlement.create(
            {
                "provider_id": (provider or self.provider).id,
                "date_from": self.date_from,
                "date_to": self.date_to,
            }
        )
        settlement.action_compute_lines()
        return settlement
