from datetime import date

from odoo import fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


def load_languages(env, modules, langs=("zh_CN", "zh_TW")):
    """Activate ``langs`` and load the translations of ``modules`` from their .po files,
    over what the database had: the tests read the files of this checkout."""
    for lang in langs:
        env["res.lang"]._activate_lang(lang)
    env["ir.module.module"]._load_module_terms(list(modules), list(langs), overwrite=True)


def mail_to_alias(env, alias, sender, index):
    """``sender`` mails ``alias`` (mail ``index`` of a series) through Odoo's mail gateway."""
    if not alias.alias_domain_id:
        alias.alias_domain_id = env["mail.alias.domain"].search([], limit=1) or env[
            "mail.alias.domain"
        ].create({"name": "example.com"})
    raw = (
        f"From: {sender}\r\nTo: {alias.alias_full_name}\r\nSubject: Broken unit {index}\r\n"
        f"Message-ID: <gateway-{index}-{sender}>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\nIt is broken again.\r\n"
    )
    return env["mail.thread"].message_process(None, raw)


def working_calendar(env, name, tz="UTC", days=7, hours=(9, 18), company=None):
    """A working calendar of the first ``days`` days of the week (0 = Monday), each worked
    ``hours`` (from, to) in ``tz``: the deadline fixtures of the tests."""
    vals = {
        "name": name,
        "tz": tz,
        "attendance_ids": [(5, 0, 0)]
        + [
            (
                0,
                0,
                {
                    "name": str(d),
                    "dayofweek": str(d),
                    "hour_from": hours[0],
                    "hour_to": hours[1],
                    "day_period": "morning",
                },
            )
            for d in range(days)
        ],
    }
    if company:
        vals["company_id"] = company.id
    return env["resource.calendar"].create(vals)


class AftersalesCase(TransactionCase):
    """Shared fixtures: a company calendar, a serial-tracked product, users per group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.calendar = working_calendar(
            cls.env, "Service 9-18 every day (UTC)", company=cls.company
        )
        cls.company.write(
            {
                "aftersales_calendar_id": cls.calendar.id,
                "aftersales_warranty_duration": 12,
                "aftersales_warranty_unit": "month",
                "aftersales_warranty_start_basis": "delivery",
                "aftersales_response_contract_hours": 1,
            }
        )
        cls.zone_urban = cls.env["aftersales.zone"].create(
            {"name": "Test urban", "zone_type": "urban", "sequence": -10}
        )
        cls.zone_suburban = cls.env["aftersales.zone"].create(
            {"name": "Test suburban", "zone_type": "suburban"}
        )
        cls.category = cls.env["product.category"].create({"name": "Test ACs"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Test AC",
                "default_code": "T-AC",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": cls.category.id,
                "list_price": 3000,
            }
        )
        cls.part = cls.env["product.product"].create(
            {
                "name": "Test compressor",
                "type": "consu",
                "is_storable": True,
                "categ_id": cls.category.id,
                "list_price": 900,
            }
        )
        cls.filter = cls.env["product.product"].create(
            {
                "name": "Test filter",
                "type": "consu",
                "is_storable": True,
                "categ_id": cls.category.id,
                "list_price": 50,
                "aftersales_no_warranty": True,
            }
        )
        cls.fee = cls.env["product.product"].create(
            {"name": "Test on-site fee", "type": "service", "list_price": 120}
        )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Test Customer",
                "aftersales_zone_id": cls.zone_urban.id,
                "email": "customer@example.com",
            }
        )
        cls.customer_far = cls.env["res.partner"].create(
            {"name": "Suburban Customer", "aftersales_zone_id": cls.zone_suburban.id}
        )
        cls.manager = new_test_user(
            cls.env,
            login="as_manager",
            groups="aftersales_service.group_aftersales_manager",
            name="Service Manager",
        )
        cls.desk = new_test_user(
            cls.env,
            login="as_desk",
            groups="aftersales_service.group_aftersales_user_all",
            name="Service Desk",
        )
        cls.technician = new_test_user(
            cls.env,
            login="as_tech",
            groups="aftersales_service.group_aftersales_user_own",
            name="Technician One",
        )
        cls.technician2 = new_test_user(
            cls.env,
            login="as_tech2",
            groups="aftersales_service.group_aftersales_user_own",
            name="Technician Two",
        )

    @classmethod
    def _lot(cls, name, delivery=None, partner=None, product=None, **vals):
        return cls.env["stock.lot"].create(
            {
                "name": name,
                "product_id": (product or cls.product).id,
                "aftersales_partner_id": (partner or cls.customer).id,
                "aftersales_delivery_date": delivery,
                **vals,
            }
        )

    @staticmethod
    def d(text):
        return date.fromisoformat(text)


class RequestPathsCase(AftersalesCase):
    """Requests of the paths of a job (on site, carry-in): two served units, parts in the
    warehouse, a request dispatched to a technician."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.context_today(cls.env["stock.lot"])
        cls.lot_warranty = cls._lot("PATH-W", delivery=today)
        cls.lot_expired = cls._lot("PATH-E", delivery=date(2015, 1, 1))
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        for product in (cls.part, cls.filter):
            cls.env["stock.quant"]._update_available_quantity(
                product, cls.warehouse.lot_stock_id, 20
            )

    def _dispatched(self, lot, technician=None):
        request = (
            self.env["aftersales.service.request"]
            .with_user(self.desk)
            .create(
                {
                    "partner_id": self.customer.id,
                    "lot_id": lot.id,
                    "technician_id": (technician or self.technician).id,
                    "supervisor_id": self.manager.id,
                    "fault_description": "<p>No cooling</p>",
                }
            )
        )
        request.action_dispatch()
        return request.with_user(technician or self.technician)
