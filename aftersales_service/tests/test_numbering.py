import importlib.util
import pathlib
from datetime import date

from freezegun import freeze_time

from odoo import Command

from .provider_common import ProviderCase

NUMBER = r"^{prefix}202612-\d{{5}}$"


class TestNumbering(ProviderCase):
    """Every document is numbered PREFIX + YYYYMM + "-" + a 5-digit serial, the month read
    in the company's time zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.aftersales_calendar_id = cls.env["resource.calendar"].create(
            {"name": "Foshan service desk", "tz": "Asia/Shanghai", "company_id": cls.company.id}
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "NUM-SN-1", "product_id": cls.product.id, "company_id": cls.company.id}
        )

    def test_documents_take_the_month_of_the_company_time_zone(self):
        # 30 November 18:00 UTC is already 1 December 02:00 in Foshan
        with freeze_time("2026-11-30 18:00:00"):
            request = self.env["aftersales.service.request"].create(
                {"partner_id": self.customer.id}
            )
            contract = self.env["aftersales.contract"].create(
                {
                    "partner_id": self.customer.id,
                    "date_start": date(2026, 12, 1),
                    "date_end": date(2027, 11, 30),
                    "lot_ids": [Command.set(self.lot.ids)],
                }
            )
            case = self.env["aftersales.return"].create({"partner_id": self.customer.id})
            provider = self._active_provider("NUM Provider")
            settlement = self.env["aftersales.provider.settlement"].create(
                {
                    "provider_id": provider.id,
                    "date_from": date(2026, 11, 1),
                    "date_to": date(2026, 11, 30),
                }
            )
        self.assertRegex(request.name, NUMBER.format(prefix="SR"))
        self.assertRegex(contract.name, NUMBER.format(prefix="SC"))
        self.assertRegex(case.name, NUMBER.format(prefix="RT"))
        self.assertRegex(settlement.name, NUMBER.format(prefix="PS"))
        self.assertRegex(
            provider.aftersales_provider_id.certificate_number, NUMBER.format(prefix="SP")
        )

    def test_migration_renames_only_the_shipped_prefixes(self):
        script = (
            pathlib.Path(__file__).parents[1] / "migrations" / "18.0.1.1.0" / "post-migration.py"
        )
        spec = importlib.util.spec_from_file_location("aftersales_service_mig_1_1", script)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        shipped = self.env.ref("aftersales_service.seq_aftersales_service_request")
        shipped.write({"prefix": "SR%(y)s%(month)s-", "padding": 5})
        contract = self.env.ref("aftersales_service.seq_aftersales_contract")
        contract.write({"prefix": "SC%(year)s-", "padding": 4})
        own = self.env.ref("aftersales_service.seq_aftersales_return")
        own.write({"prefix": "FS-RT-%(year)s-", "padding": 6})

        migration.migrate(self.env.cr, "18.0.1.0.0")

        self.assertEqual((shipped.prefix, shipped.padding), ("SR%(year)s%(month)s-", 5))
        self.assertEqual((contract.prefix, contract.padding), ("SC%(year)s%(month)s-", 5))
        self.assertEqual(
            (own.prefix, own.padding), ("FS-RT-%(year)s-", 6), "a company's own prefix is kept"
        )

    def test_a_company_sequence_added_later_numbers_the_next_document(self):
        """The sequence is looked up once per process: a company's own sequence created,
        archived or deleted afterwards is used (or left) from the next document on."""
        Request = self.env["aftersales.service.request"]
        shared = Request.create({"partner_id": self.customer.id})
        own = self.env["ir.sequence"].create(
            {
                "name": "Foshan service requests",
                "code": "aftersales.service.request",
                "company_id": self.company.id,
                "prefix": "FS%(year)s-",
                "padding": 4,
            }
        )
        self.assertRegex(Request.create({"partner_id": self.customer.id}).name, r"^FS\d{4}-0001$")
        own.active = False
        self.assertEqual(Request.create({"partner_id": self.customer.id}).name[:2], shared.name[:2])
        own.active = True
        self.assertRegex(Request.create({"partner_id": self.customer.id}).name, r"^FS\d{4}-0002$")
        own.unlink()
        self.assertEqual(Request.create({"partner_id": self.customer.id}).name[:2], shared.name[:2])
