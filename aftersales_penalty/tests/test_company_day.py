from datetime import date

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCompanyDay(TransactionCase):
    """A document's day is the day where the company works, whatever the time zone of the
    user who opens the form: at 23:30 UTC it is already the next morning in Shanghai."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.aftersales_calendar_id = cls.env["resource.calendar"].create(
            {"name": "Company day: Shanghai", "tz": "Asia/Shanghai", "company_id": cls.company.id}
        )

    def test_new_documents_default_to_the_company_day(self):
        defaults = {
            "aftersales.return": "date",
            "aftersales.penalty.entry": "date",
            "aftersales.quality.feedback": "date",
            "aftersales.return.visit.plan": "next_date",
            "aftersales.daily.report.wizard": "date",
        }
        # Tuesday 4 March 2031, 07:30 in Shanghai; a user whose own time zone is UTC
        with freeze_time("2031-03-03 23:30:00"):
            for model, field in defaults.items():
                value = self.env[model].with_context(tz="UTC").default_get([field])[field]
                self.assertEqual(fields.Date.to_date(value), date(2031, 3, 4), model)

    def test_a_delivery_at_night_in_utc_registers_the_company_day(self):
        product = self.env["product.product"].create(
            {"name": "Company day AC", "is_storable": True, "tracking": "serial"}
        )
        lot = self.env["stock.lot"].create({"name": "CD-SN-1", "product_id": product.id})
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        stock = warehouse.lot_stock_id
        self.env["stock.quant"]._update_available_quantity(product, stock, 1, lot_id=lot)
        customer = self.env["res.partner"].create({"name": "Company day customer"})
        with freeze_time("2031-03-03 23:30:00"):
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.out_type_id.id,
                    "partner_id": customer.id,
                    "location_id": stock.id,
                    "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                    "move_ids": [
                        Command.create(
                            {
                                "name": product.name,
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "location_id": stock.id,
                                "location_dest_id": self.env.ref(
                                    "stock.stock_location_customers"
                                ).id,
                            }
                        )
                    ],
                }
            )
            picking.action_confirm()
            picking.action_assign()
            picking.move_ids.picked = True
            picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(lot.aftersales_partner_id, customer)
        self.assertEqual(lot.aftersales_delivery_date, date(2031, 3, 4))

    def test_a_purchase_made_this_morning_in_shanghai_is_not_in_the_future(self):
        partner = self.env["res.partner"].create({"name": "Company day buyer"})
        product = self.env["product.product"].create(
            {"name": "Company day AC 2", "is_storable": True, "tracking": "serial"}
        )
        self.env["stock.lot"].create({"name": "CD-SN-2", "product_id": product.id})
        with freeze_time("2031-03-03 23:30:00"):
            registration = (
                self.env["aftersales.unit.registration"]
                .with_context(tz="UTC")
                .create(
                    {
                        "partner_id": partner.id,
                        "product_id": product.id,
                        "serial": "CD-SN-2",
                        "purchase_date": date(2031, 3, 4),
                    }
                )
            )
        self.assertEqual(registration.purchase_date, date(2031, 3, 4))

    def test_carry_over_counts_from_the_company_day(self):
        partner = self.env["res.partner"].create({"name": "Company day caller"})
        Request = self.env["aftersales.service.request"]
        # Monday 3 March, 15:00 in Shanghai; and Tuesday 4 March, 07:00 in Shanghai
        with freeze_time("2031-03-03 07:00:00"):
            yesterday = Request.create({"partner_id": partner.id})
        with freeze_time("2031-03-03 23:00:00"):
            this_morning = Request.create({"partner_id": partner.id})
        with freeze_time("2031-03-03 23:30:00"):
            Request._cron_carry_over()
        self.assertTrue(yesterday.carry_over)
        self.assertFalse(this_morning.carry_over, "registered today where the company is")

    def test_the_first_morning_of_a_month_works_on_the_company_last_month(self):
        """At 07:30 on 1 April in Shanghai (still 31 March in UTC, the time zone of the user
        the scheduled actions run as), last month is March."""
        march = date(2031, 3, 1)
        with freeze_time("2031-03-31 23:30:00"):
            utc = self.env(context=dict(self.env.context, tz="UTC"))
            utc["aftersales.penalty.deduction.run"]._cron_run_previous_month()
            runs = utc["aftersales.penalty.deduction.run"].search(
                [("company_id", "=", self.company.id), ("period", ">=", date(2031, 2, 1))]
            )
            self.assertEqual(runs.mapped("period"), [march])
            self.assertEqual(
                utc["aftersales.provider.settlement"]._default_period(),
                (march, date(2031, 3, 31)),
            )
            for model, field in (
                ("aftersales.penalty.run.wizard", "period"),
                ("aftersales.complaint.stats.wizard", "month"),
                ("aftersales.quality.feedback.report.wizard", "date_from"),
            ):
                value = utc[model].default_get([field])[field]
                self.assertEqual(fields.Date.to_date(value), march, model)
            # a new run's month is the company's current month
            value = utc["aftersales.penalty.deduction.run"].default_get(["period"])["period"]
            self.assertEqual(fields.Date.to_date(value), date(2031, 4, 1))

    def test_a_contract_ending_yesterday_in_shanghai_expires_at_night_in_utc(self):
        customer = self.env["res.partner"].create({"name": "Company day contract customer"})
        product = self.env["product.product"].create({"name": "Company day chiller"})
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": customer.id,
                "product_ids": [Command.set(product.ids)],
                "date_start": date(2030, 3, 4),
                "date_end": date(2031, 3, 3),
                "fee_amount": 100,
            }
        )
        contract.action_confirm()
        with freeze_time("2031-03-03 23:30:00"):
            self.env["aftersales.contract"].with_context(tz="UTC")._cron_update_states()
        self.assertEqual(contract.state, "expired")
