from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase

from .common import load_languages


@tagged("post_install", "-at_install")
class TestReturn(TransactionCase):
    """Returns, exchanges and refunds through stock and accounting (seed 000 篇1, (十三))."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.write(
            {
                "aftersales_return_window_days": 7,
                "aftersales_exchange_window_days": 15,
                "aftersales_return_tolerance": 0.0,
                "aftersales_exchange_wait_return": True,
                "aftersales_return_approval_all": False,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        category = cls.env["product.category"].create({"name": "Return test ACs"})
        cls.ac = cls.env["product.product"].create(
            {
                "name": "Split AC 1.5HP",
                "type": "consu",
                "is_storable": True,
                "tracking": "serial",
                "categ_id": category.id,
                "list_price": 3000.0,
            }
        )
        cls.kit = cls.env["product.product"].create(
            {
                "name": "Copper pipe kit",
                "type": "consu",
                "is_storable": True,
                "categ_id": category.id,
                "list_price": 100.0,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Return Customer", "aftersales_return_tolerance": 10.0}
        )
        cls.lots = cls.env["stock.lot"].create(
            [
                {"name": f"RT-SN-{i}", "product_id": cls.ac.id, "company_id": cls.company.id}
                for i in range(1, 6)
            ]
        )
        quant = cls.env["stock.quant"]
        for lot in cls.lots:
            quant._update_available_quantity(cls.ac, cls.stock_location, 1.0, lot_id=lot)
        quant._update_available_quantity(cls.kit, cls.stock_location, 200.0)
        cls.reason = cls.env.ref("aftersales_service.return_reason_quality")
        cls.desk = new_test_user(
            cls.env,
            login="rt_desk",
            name="Return Desk",
            groups="aftersales_service.group_aftersales_user_all",
        )
        cls.manager = new_test_user(
            cls.env,
            login="rt_manager",
            name="Return Manager",
            groups="aftersales_service.group_aftersales_manager",
        )
        cls.storekeeper = new_test_user(
            cls.env, login="rt_stock", name="Storekeeper", groups="stock.group_stock_user"
        )
        cls.accountant = new_test_user(
            cls.env,
            login="rt_accountant",
            name="Accountant",
            groups="account.group_account_invoice",
        )
        cls.delivery = cls._deliver(cls.customer, [(cls.ac, 3.0), (cls.kit, 20.0)])

    # ------------------------------------------------------------------ helpers
    @classmethod
    def _deliver(cls, partner, product_qtys):
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.out_type_id.id,
                "partner_id": partner.id,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.customer_location.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": product.name,
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "product_uom": product.uom_id.id,
                            "location_id": cls.stock_location.id,
                            "location_dest_id": cls.customer_location.id,
                        }
                    )
                    for product, qty in product_qtys
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking.button_validate()
        assert picking.state == "done", picking.state
        return picking

    def _case_from_delivery(self, kind="refund", keep=None, qty=None, user=None, **vals):
        """Register a case the way the desk does: from the delivery's button."""
        env = self.env(user=user or self.desk)
        form = Form(
            env["aftersales.return"].with_context(
                default_picking_id=self.delivery.id, default_company_id=self.company.id
            )
        )
        form.kind = kind
        form.reason_id = self.reason
        for field, value in vals.items():
            setattr(form, field, value)
        case = form.save()
        if keep is not None:
            case.line_ids.filtered(lambda line: not keep(line)).unlink()
        if qty is not None:
            case.line_ids.qty = qty
        return case

    def _validate_receipt(self, case, quantities=None):
        """The storekeeper receives the goods, possibly other quantities than approved."""
        receipt = case.picking_ids.filtered(lambda p: p.picking_type_code != "outgoing")
        receipt = receipt.with_user(self.storekeeper)
        for move in receipt.move_ids:
            if quantities and move.product_id in quantities:
                move.quantity = quantities[move.product_id]
            move.picked = True
        res = receipt.with_context(
            skip_backorder=True, picking_ids_not_to_backorder=receipt.ids
        ).button_validate()
        self.assertTrue(res is True or isinstance(res, dict))
        self.assertEqual(receipt.state, "done")
        return receipt

    # ------------------------------------------------------------------ tests
    def test_rt_a06_a07_return_with_refund_posted_by_accountant(self):
        """Return the pipe kits: receipt into the returns location, draft credit note
        on the received quantity, posted by an accountant."""
        case = self._case_from_delivery(keep=lambda line: line.product_id == self.kit)
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.line_ids.qty, 20.0)
        self.assertEqual(case.department_id, self.reason.department_id)
        case.action_confirm()
        self.assertEqual(case.policy_state, "within")
        self.assertEqual(case.state, "approved")
        case.action_receive()
        self.assertEqual(case.state, "receiving")
        receipt = case.picking_ids
        self.assertEqual(len(receipt), 1)
        self.assertEqual(receipt.return_id, self.delivery, "made by Odoo's return wizard")
        self.assertEqual(receipt.location_dest_id, self.company.aftersales_return_location_id)
        self.assertEqual(receipt.move_ids.origin_returned_move_id.picking_id, self.delivery)

        self._validate_receipt(case)
        self.assertEqual(case.state, "received")
        self.assertEqual(case.line_ids.qty_received, 20.0)
        self.assertEqual(case.line_ids.qty_accepted, 20.0)
        self.assertEqual(
            self.env["stock.quant"]._get_available_quantity(
                self.kit, self.company.aftersales_return_location_id
            ),
            20.0,
        )

        case.with_user(self.desk).action_refund()
        refund = case.refund_ids
        self.assertEqual(case.state, "done")
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "draft")
        self.assertEqual(refund.partner_id, self.customer)
        self.assertEqual(refund.invoice_line_ids.quantity, 20.0)
        self.assertEqual(refund.invoice_line_ids.price_unit, 100.0)
        self.assertEqual(refund.amount_untaxed, 2000.0)
        self.assertEqual(case.line_ids.refund_line_id, refund.invoice_line_ids)

        # the refund keeps the returned quantity and price; the lines keep the case's state
        for user in (self.desk, self.accountant):
            with self.assertRaisesRegex(UserError, "carries the amounts of"), self.cr.savepoint():
                refund.invoice_line_ids.with_user(user).write({"quantity": 25.0})
        refund.with_user(self.accountant).action_post()
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.aftersales_return_ids, case)
        for user in (self.desk, self.env.ref("base.user_admin")):
            with self.assertRaisesRegex(UserError, "use its buttons"), self.cr.savepoint():
                case.line_ids.with_user(user).write({"state": "draft"})
        self.assertEqual((case.line_ids.state, refund.amount_untaxed), ("done", 2000.0))

    def test_refund_from_invoice_uses_invoiced_price(self):
        """From an invoice: lines priced as invoiced, credit note reverses that invoice."""
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"product_id": self.kit.id, "quantity": 20, "price_unit": 80})
                ],
            }
        )
        invoice.action_post()
        form = Form(
            self.env(user=self.desk)["aftersales.return"].with_context(
                default_invoice_id=invoice.id
            )
        )
        case = form.save()
        self.assertEqual(case.line_ids.move_id.picking_id, self.delivery)
        self.assertEqual(case.line_ids.price_unit, 80.0)
        case.line_ids.qty = 4
        case.action_confirm()
        case.action_receive()
        self._validate_receipt(case)
        case.action_refund()
        self.assertEqual(case.refund_ids.reversed_entry_id, invoice)
        self.assertEqual(case.refund_ids.amount_untaxed, 320.0)

    def test_partial_return_and_second_case_for_the_rest(self):
        """Partial quantities: 5 kits now, 15 later; the 21st is refused."""
        first = self._case_from_delivery(keep=lambda line: line.product_id == self.kit, qty=5)
        first.action_confirm()
        first.action_receive()
        self.assertEqual(first.picking_ids.move_ids.product_uom_qty, 5.0)
        self._validate_receipt(first)
        self.assertEqual(first.line_ids.qty_accepted, 5.0)
        second = self._case_from_delivery(keep=lambda line: line.product_id == self.kit)
        self.assertEqual(second.line_ids.qty, 15.0, "only what is still free is proposed")
        with self.assertRaises(ValidationError):
            second.line_ids.qty = 16

    def test_line_without_delivery_checked_against_what_the_customer_received(self):
        """The customer received 20 kits (the delivery of the fixture): a case without
        the delivery linked may claim up to 20, not more, and nothing of a product never
        delivered to them."""
        Return = self.env["aftersales.return"].with_user(self.desk)
        case = Return.create(
            {
                "partner_id": self.customer.id,
                "line_ids": [Command.create({"product_id": self.kit.id, "qty": 20})],
            }
        )
        self.assertEqual(case.line_ids.qty, 20)
        with self.assertRaisesRegex(ValidationError, "21.0 Units are claimed .* only 20.0"):
            Return.create(
                {
                    "partner_id": self.customer.id,
                    "line_ids": [Command.create({"product_id": self.kit.id, "qty": 1})],
                }
            )
        never = self.env["product.product"].create({"name": "Never delivered", "type": "consu"})
        with self.assertRaisesRegex(ValidationError, "only 0"):
            Return.create(
                {
                    "partner_id": self.customer.id,
                    "line_ids": [Command.create({"product_id": never.id, "qty": 1})],
                }
            )

    def test_case_twice_for_same_delivered_quantity_is_refused(self):
        case = self._case_from_delivery(keep=lambda line: line.product_id == self.kit)
        case.action_confirm()
        move = case.line_ids.move_id
        with self.assertRaises(ValidationError) as error:
            self.env["aftersales.return"].with_user(self.desk).create(
                {
                    "partner_id": self.customer.id,
                    "picking_id": self.delivery.id,
                    "line_ids": [
                        Command.create({"product_id": self.kit.id, "move_id": move.id, "qty": 1})
                    ],
                }
            )
        self.assertIn("Copper pipe kit: 21.0 Units are claimed", str(error.exception))
        self.assertIn("delivered only 20.0", str(error.exception))
        # A rejected case frees its quantity; reopening it would claim it twice.
        case.reject_reason = "Customer withdrew the claim."
        case.action_reject()
        again = self.env["aftersales.return"].create(
            {
                "partner_id": self.customer.id,
                "line_ids": [
                    Command.create({"product_id": self.kit.id, "move_id": move.id, "qty": 20})
                ],
            }
        )
        self.assertEqual(again.line_ids.qty, 20.0)
        with self.assertRaises(ValidationError):
            case.action_draft()

    def test_rt_a07_over_delivery_within_tolerance_uses_received(self):
        """10 approved, 11 received, customer tolerance 10 %: 11 are settled."""
        case = self._case_from_delivery(keep=lambda line: line.product_id == self.kit, qty=10)
        self.assertEqual(case.tolerance, 10.0)
        case.action_confirm()
        case.action_receive()
        self._validate_receipt(case, {self.kit: 11.0})
        self.assertEqual(case.state, "received")
        self.assertEqual(case.line_ids.qty_received, 11.0)
        self.assertEqual(case.line_ids.qty_accepted, 11.0)
        case.action_refund()
        self.assertEqual(case.refund_ids.invoice_line_ids.quantity, 11.0)

    def test_rt_a07_over_delivery_beyond_tolerance_waits_for_manager(self):
        """10 approved, 12 received (beyond 10 %): the case waits for a manager."""
        case = self._case_from_delivery(keep=lambda line: line.product_id == self.kit, qty=10)
        case.action_confirm()
        case.action_receive()
        self._validate_receipt(case, {self.kit: 12.0})
        self.assertEqual(case.state, "to_decide")
        with self.assertRaises(AccessError):
            case.with_user(self.desk).action_accept_received()
        case.with_user(self.manager).action_accept_approved()
        self.assertEqual(case.state, "received")
        self.assertEqual(case.line_ids.qty_accepted, 10.0)

    def test_rt_a07_under_delivery_settles_received(self):
        """10 approved, 8 received: the credit note is on 8."""
        case = self._case_from_delivery(keep=lambda line: line.product_id == self.kit, qty=10)
        case.action_confirm()
        case.action_receive()
        self._validate_receipt(case, {self.kit: 8.0})
        self.assertEqual(case.state, "received")
        case.action_refund()
        self.assertEqual(case.refund_ids.invoice_line_ids.quantity, 8.0)
        self.assertEqual(case.refund_ids.amount_untaxed, 800.0)

    def test_serial_tracked_return_receives_the_claimed_serial(self):
        """Only serial 2 of the three delivered ACs comes back, with its own number."""
        lot2 = self.lots[1]
        case = self._case_from_delivery(keep=lambda line: line.lot_id == lot2)
        self.assertEqual(case.line_ids.lot_id, lot2)
        self.assertEqual(case.line_ids.qty, 1.0)
        case.action_confirm()
        case.action_receive()
        receipt = case.picking_ids
        self.assertEqual(receipt.move_line_ids.lot_id, lot2)
        self._validate_receipt(case)
        self.assertEqual(case.line_ids.qty_received, 1.0)
        location = self.company.aftersales_return_location_id
        quant = self.env["stock.quant"].search(
            [("lot_id", "=", lot2.id), ("location_id", "=", location.id)]
        )
        self.assertEqual(quant.quantity, 1.0)
        # The same serial cannot be claimed again.
        with self.assertRaises(ValidationError):
            self.env["aftersales.return"].create(
                {
                    "partner_id": self.customer.id,
                    "line_ids": [
                        Command.create({"product_id": self.ac.id, "lot_id": lot2.id, "qty": 1})
                    ],
                }
            )

    def test_serial_product_needs_serial_number(self):
        case = self._case_from_delivery(keep=lambda line: line.product_id == self.ac)
        case.line_ids[1:].unlink()
        case.line_ids.lot_id = False
        with self.assertRaises(UserError) as error:
            case.action_confirm()
        self.assertIn("tracked by serial number", str(error.exception))

    def test_exchange_waits_for_the_return(self):
        """Exchange with 'ship after return': replacement delivery only after receipt."""
        lot1 = self.lots[0]
        case = self._case_from_delivery(kind="exchange", keep=lambda line: line.lot_id == lot1)
        case.action_confirm()
        case.action_receive()
        self.assertFalse(case.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing"))
        self._validate_receipt(case)
        replacement = case.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(len(replacement), 1)
        self.assertEqual(case.state, "done")
        self.assertEqual(replacement.move_ids.product_id, self.ac)
        self.assertEqual(replacement.move_ids.product_uom_qty, 1.0)
        self.assertEqual(replacement.location_id, self.stock_location)
        self.assertEqual(replacement.partner_id, self.customer)
        self.assertEqual(case.delivery_count, 1)

    def test_exchange_ships_without_waiting(self):
        self.company.aftersales_exchange_wait_return = False
        case = self._case_from_delivery(
            kind="exchange", keep=lambda line: line.product_id == self.kit, qty=3
        )
        case.action_confirm()
        case.action_receive()
        replacement = case.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.assertEqual(replacement.move_ids.product_uom_qty, 3.0)
        self.assertEqual(case.state, "receiving")
        self._validate_receipt(case)
        self.assertEqual(case.state, "done")
        self.assertEqual(
            len(case.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")), 1
        )

    def test_policy_decision_reads_in_the_reader_language(self):
        """The decision is kept as its facts (day 20, the 7-day return window) and written
        out for each reader: the desk in English, the customer's return note in Chinese."""
        load_languages(self.env, ["aftersales_service"], ("zh_CN",))
        case = self._case_from_delivery(
            keep=lambda line: line.product_id == self.kit,
            date=self.env.company._aftersales_local_date() + timedelta(days=20),
        )
        line = case.line_ids
        self.assertEqual(
            line.policy_parts, [["outside", {"kind": "refund", "days": 20, "window": 7}]]
        )
        self.assertEqual(
            line.with_context(lang="en_US").policy_note,
            "day 20, outside the 7-day return window.",
        )
        self.assertEqual(
            line.with_context(lang="zh_CN").policy_note, "第 20 天，超出 退货期限（7 天）。"
        )
        self.assertIn("第 20 天", case.with_context(lang="zh_CN").policy_reason)
        self.assertIn(
            line.product_id.with_context(lang="zh_CN").display_name,
            case.with_context(lang="zh_CN").policy_reason,
        )

    def test_c25_outside_return_window_needs_manager_approval(self):
        """Day 20 is outside the 7-day return window: only a manager may approve."""
        case = self._case_from_delivery(
            keep=lambda line: line.product_id == self.kit,
            date=self.env.company._aftersales_local_date() + timedelta(days=20),
        )
        self.assertEqual(case.policy_state, "outside")
        self.assertIn("7-day return window", case.policy_reason)
        case.action_confirm()
        self.assertEqual(case.state, "to_approve")
        with self.assertRaises(AccessError):
            case.with_user(self.desk).action_approve()
        self.assertEqual(case.state, "to_approve")
        case.with_user(self.manager).action_approve()
        self.assertEqual(case.state, "approved")
        self.assertEqual(case.approved_by_id, self.manager)

    def test_a_price_or_tolerance_above_the_usual_waits_for_a_manager(self):
        """The credit note is made of the unit price and the accepted quantity: typed above
        the invoiced price (or the list price) or the customer's tolerance, the case waits for
        a manager, within the return window too."""
        for vals in ({"price_unit": 99999.0}, {"tolerance": 500.0}):
            with self.subTest(vals=vals):
                case = self._case_from_delivery(
                    keep=lambda line: line.product_id == self.kit, qty=1
                )
                self.assertEqual(case.policy_state, "within")
                if "price_unit" in vals:
                    case.line_ids.with_user(self.desk).write(vals)
                else:
                    case.with_user(self.desk).write(vals)
                case.with_user(self.desk).action_confirm()
                self.assertEqual(case.state, "to_approve")
                self.assertIn("above", case.message_ids[0].body)
                with self.assertRaises(AccessError):
                    case.with_user(self.desk).action_approve()
        within = self._case_from_delivery(keep=lambda line: line.product_id == self.kit, qty=1)
        within.with_user(self.desk).action_confirm()
        self.assertEqual(within.state, "approved")

    def test_exchange_window_is_longer_than_return_window(self):
        """Day 10: outside the 7-day return window, inside the 15-day exchange window."""
        day10 = self.env.company._aftersales_local_date() + timedelta(days=10)
        case = self._case_from_delivery(
            kind="exchange", keep=lambda line: line.product_id == self.kit, date=day10
        )
        self.assertEqual(case.policy_state, "within")
        case.kind = "refund"
        self.assertEqual(case.policy_state, "outside")

    def test_reject_needs_an_explanation(self):
        case = self._case_from_delivery(keep=lambda line: line.product_id == self.kit)
        case.action_confirm()
        with self.assertRaises(UserError):
            case.action_reject()
        case.reject_reason = "The pipes were cut to length on site."
        case.action_reject()
        self.assertEqual(case.state, "rejected")

    def test_repair_outcome_hands_over_to_a_repair_order(self):
        lot3 = self.lots[2]
        case = self._case_from_delivery(kind="repair", keep=lambda line: line.lot_id == lot3)
        self.assertEqual(case.policy_state, "within", case.policy_reason)
        case.action_confirm()
        case.action_receive()
        self._validate_receipt(case)
        case.action_repair()
        repair = case.repair_ids
        self.assertEqual(case.state, "done")
        self.assertEqual(repair.lot_id, lot3)
        self.assertEqual(repair.aftersales_return_id, case)
        self.assertEqual(repair.product_location_src_id, self.company.aftersales_return_location_id)
        self.assertTrue(repair.under_warranty)

    def test_no_cross_company_return(self):
        """A case of another company cannot take this company's delivery or serials."""
        other = self.env["res.company"].create({"name": "Other Return Co"})
        self.desk.company_ids |= other
        with self.assertRaises(UserError):
            self.env["aftersales.return"].with_user(self.desk).create(
                {
                    "partner_id": self.customer.id,
                    "company_id": other.id,
                    "picking_id": self.delivery.id,
                }
            )
        case = (
            self.env["aftersales.return"]
            .with_user(self.desk)
            .create({"partner_id": self.customer.id, "company_id": other.id})
        )
        # Bypassing the form's company check still does not move goods across companies.
        self.env.cr.execute(
            "UPDATE aftersales_return SET lot_id = %s WHERE id = %s", (self.lots[0].id, case.id)
        )
        case.invalidate_recordset()
        case.line_ids = [Command.create({"product_id": self.kit.id, "qty": 1})]
        with self.assertRaises(UserError) as error:
            case.action_confirm()
        self.assertIn("never move goods between companies", str(error.exception))

    def test_refunds_grouped_per_customer(self):
        """Two received cases of one customer: one draft credit note with two lines."""
        cases = self.env["aftersales.return"]
        for lot in self.lots[:2]:
            case = self._case_from_delivery(keep=lambda line, lot=lot: line.lot_id == lot)
            case.action_confirm()
            case.action_receive()
            self._validate_receipt(case)
            cases |= case
        cases.action_refund()
        self.assertEqual(len(cases.refund_ids), 1)
        self.assertEqual(len(cases.refund_ids.invoice_line_ids), 2)
        self.assertEqual(cases.refund_ids.amount_untaxed, 6000.0)
        self.assertEqual(set(cases.mapped("state")), {"done"})

    def test_case_from_service_request_takes_the_serial(self):
        lot1 = self.lots[0]
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.customer.id, "lot_id": lot1.id, "product_id": self.ac.id}
        )
        form = Form(
            self.env(user=self.desk)["aftersales.return"].with_context(
                default_request_id=request.id
            )
        )
        form.kind = "repair"
        case = form.save()
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.line_ids.lot_id, lot1)
        self.assertEqual(case.line_ids.move_id.picking_id, self.delivery)

    def test_own_documents_user_sees_only_own_cases(self):
        technician = new_test_user(
            self.env,
            login="rt_tech",
            name="Return Technician",
            groups="aftersales_service.group_aftersales_user_own",
        )
        desk_case = self._case_from_delivery(keep=lambda line: line.product_id == self.kit)
        own_case = self._case_from_delivery(
            keep=lambda line: line.lot_id == self.lots[0], user=technician
        )
        Return = self.env["aftersales.return"].with_user(technician)
        self.assertEqual(Return.search([("id", "in", (desk_case | own_case).ids)]), own_case)
        with self.assertRaises(AccessError):
            desk_case.with_user(technician).read(["name"])

    def test_c25_strict_every_return_needs_approval(self):
        self.company.aftersales_return_approval_all = True
        case = self._case_from_delivery(keep=lambda line: line.product_id == self.kit)
        self.assertEqual(case.policy_state, "within")
        case.action_confirm()
        self.assertEqual(case.state, "to_approve")

    def test_unit_without_known_delivery_is_received_by_a_receipt(self):
        """A serial registered in the installed base but never delivered by this database
        comes back through a receipt of the warehouse into the returns location."""
        lot = self.env["stock.lot"].create(
            {
                "name": "RT-SN-LEGACY",
                "product_id": self.ac.id,
                "aftersales_partner_id": self.customer.id,
                "aftersales_delivery_date": self.env.company._aftersales_local_date(),
            }
        )
        form = Form(
            self.env(user=self.desk)["aftersales.return"].with_context(default_lot_id=lot.id)
        )
        case = form.save()
        self.assertFalse(case.line_ids.move_id)
        self.assertEqual(case.policy_state, "within", case.policy_reason)
        case.action_confirm()
        case.action_receive()
        receipt = case.picking_ids
        self.assertEqual(receipt.picking_type_id, self.warehouse.in_type_id)
        self.assertEqual(receipt.location_dest_id, self.company.aftersales_return_location_id)
        self.assertEqual(receipt.move_line_ids.lot_id, lot)
        self._validate_receipt(case)
        self.assertEqual(case.state, "received")
        self.assertEqual(case.line_ids.qty_accepted, 1.0)

    def test_cancel_while_receiving_cancels_the_receipt(self):
        case = self._case_from_delivery(keep=lambda line: line.product_id == self.kit, qty=2)
        case.action_confirm()
        case.action_receive()
        case.action_cancel()
        self.assertEqual(case.state, "cancelled")
        self.assertEqual(case.picking_ids.state, "cancel")
        again = self._case_from_delivery(keep=lambda line: line.product_id == self.kit)
        self.assertEqual(again.line_ids.qty, 20.0, "a cancelled case frees its quantity")

    def test_exchange_shipped_early_is_cut_to_the_received_quantity(self):
        """Replacement of 3 left before the return; only 2 came back: ship 2."""
        self.company.aftersales_exchange_wait_return = False
        case = self._case_from_delivery(
            kind="exchange", keep=lambda line: line.product_id == self.kit, qty=3
        )
        case.action_confirm()
        case.action_receive()
        replacement = case.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self._validate_receipt(case, {self.kit: 2.0})
        self.assertEqual(case.state, "done")
        self.assertEqual(replacement.move_ids.product_uom_qty, 2.0)
