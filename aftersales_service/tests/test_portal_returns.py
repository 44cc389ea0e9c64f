# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Returns and exchanges asked on the portal: a unit delivered to the customer, within
the return or exchange window, becomes a case awaiting approval with the delivery
linked; outside the window, or for another customer's unit, nothing is written; the
customer follows only their own cases and their refund."""

import base64
from datetime import timedelta

from lxml import html

from odoo import Command
from odoo.tests import new_test_user, tagged

from .portal_common import PIXEL, AftersalesPortalCase

PNG = base64.b64decode(PIXEL)


class PortalReturnsCase(AftersalesPortalCase):
    """Customer A received PSN-A-0001, PSN-A-0002 and 5 pipe kits, customer B PSN-B-0001
    and 3 kits, all delivered today."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "aftersales_return_window_days": 7,
                "aftersales_exchange_window_days": 15,
                "aftersales_return_approval_all": False,
                "aftersales_exchange_wait_return": True,
            }
        )
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        cls.stock_location = cls.warehouse.lot_stock_id
        cls.customer_location = cls.env.ref("stock.stock_location_customers")
        cls.kit = cls.env["product.product"].create(
            {
                "name": "Portal copper pipe kit",
                "type": "consu",
                "is_storable": True,
                "list_price": 100.0,
            }
        )
        Quant = cls.env["stock.quant"]
        for lot in cls.lot_a | cls.lot_a2 | cls.lot_b:
            Quant._update_available_quantity(cls.product, cls.stock_location, 1.0, lot_id=lot)
        Quant._update_available_quantity(cls.kit, cls.stock_location, 50.0)
        cls.delivery_a = cls._deliver(cls.customer_a, [(cls.product, cls.lot_a | cls.lot_a2)])
        cls.delivery_a_kits = cls._deliver(cls.customer_a, [(cls.kit, 5.0)])
        cls.delivery_b = cls._deliver(cls.customer_b, [(cls.product, cls.lot_b), (cls.kit, 3.0)])
        cls.reason = cls.env.ref("aftersales_service.return_reason_quality")
        cls.manager = new_test_user(
            cls.env,
            login="as_ret_manager",
            name="Return Manager",
            groups="aftersales_service.group_aftersales_manager,stock.group_stock_user",
        )

    @classmethod
    def _deliver(cls, partner, product_lots):
        """A done customer delivery; a product with lots gives one unit per lot."""
        moves = []
        for product, what in product_lots:
            qty = float(len(what)) if product.tracking == "serial" else what
            moves.append(
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
            )
        picking = cls.env["stock.picking"].create(
            {
                "picking_type_id": cls.warehouse.out_type_id.id,
                "partner_id": partner.id,
                "location_id": cls.stock_location.id,
                "location_dest_id": cls.customer_location.id,
                "move_ids": moves,
            }
        )
        picking.action_confirm()
        picking.action_assign()
        for move, (product, what) in zip(picking.move_ids, product_lots, strict=True):
            if product.tracking == "serial":
                move.move_line_ids = [Command.clear()] + [
                    Command.create(
                        {
                            "product_id": product.id,
                            "lot_id": lot.id,
                            "quantity": 1.0,
                            "location_id": cls.stock_location.id,
                            "location_dest_id": cls.customer_location.id,
                        }
                    )
                    for lot in what
                ]
        picking.move_ids.picked = True
        picking.button_validate()
        assert picking.state == "done", picking.state
        return picking


@tagged("post_install", "-at_install")
class TestPortalReturns(PortalReturnsCase):
    # ------------------------------------------------------------------ helpers
    def _form(self, url="/my/returns/new"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return html.fromstring(response.text)

    def _post(self, photos=(("label.png", PNG, "image/png"),), **fields_):
        data = {
            "csrf_token": self._form().xpath("//input[@name='csrf_token']/@value")[0],
            "kind": "refund",
            "reason_id": str(self.reason.id),
            "description": "The indoor unit leaks water from day one.",
            "qty": "1",
            **fields_,
        }
        files = [("photos", photo) for photo in photos]
        return self.url_open("/my/returns/new", data=data, files=files)

    def _feedback(self, page, name):
        return " ".join(
            node.text_content()
            for node in page.xpath(
                f"//*[@name='{name}']/following-sibling::div[contains(@class, 'invalid-feedback')]"
            )
        )

    def _counts(self):
        Attachment = self.env["ir.attachment"].sudo()
        return (
            self.env["aftersales.return"].sudo().search_count([]),
            Attachment.search_count([("res_model", "=", "aftersales.return")]),
        )

    def _set_delivered_days_ago(self, lot, days):
        lot.aftersales_delivery_date = self.env.company._aftersales_local_date() - timedelta(
            days=days
        )

    # ------------------------------------------------------------------ tests
    def test_return_within_window_becomes_a_case_to_approve_then_refunded(self):
        self.authenticate("as_portal_a", "as_portal_a")
        page = self._form()
        offered = page.xpath("//select[@name='unit']/option/@value")
        self.assertIn(f"lot-{self.lot_a.id}", offered)
        self.assertIn(f"lot-{self.lot_a2.id}", offered)
        self.assertNotIn(f"lot-{self.lot_b.id}", offered, "another customer's unit")
        self.assertIn(
            "within 7 days", page.xpath("string(//p[hasclass('o_aftersales_return_policy')])")
        )

        response = self._post(
            unit=f"lot-{self.lot_a.id}",
            photos=[("front.png", PNG, "image/png"), ("label.png", PNG, "image/png")],
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("message=created", response.url)
        case = self.env["aftersales.return"].search([("lot_id", "=", self.lot_a.id)])
        self.assertEqual(len(case), 1)
        self.assertIn(f"/my/returns/{case.id}", response.url)
        self.assertEqual(case.state, "to_approve", "a portal case waits for the desk")
        self.assertEqual(case.channel, "portal")
        self.assertEqual(case.policy_state, "within", case.policy_reason)
        self.assertEqual(case.kind, "refund")
        self.assertEqual(case.partner_id, self.customer_a)
        self.assertEqual(case.picking_id, self.delivery_a)
        self.assertEqual(case.reason_id, self.reason)
        self.assertEqual(case.line_ids.lot_id, self.lot_a)
        self.assertEqual(case.line_ids.move_id.picking_id, self.delivery_a)
        self.assertEqual(case.line_ids.qty, 1.0)
        self.assertIn("leaks water", case.description)
        self.assertIn(self.portal_a.partner_id, case.message_partner_ids)
        photos = self.env["ir.attachment"].search(
            [("res_model", "=", "aftersales.return"), ("res_id", "=", case.id)]
        )
        self.assertEqual(sorted(photos.mapped("name")), ["front.png", "label.png"])
        self.assertEqual(set(photos.mapped("mimetype")), {"image/png"})
        self.assertIn(case.name, response.text)
        self.assertIn("Awaiting Approval", response.text)
        self.assertEqual(
            len(
                html.fromstring(response.text).xpath(
                    "//div[hasclass('o_aftersales_return_photos')]//img"
                )
            ),
            2,
        )

        # the desk's existing flow goes on from the portal case
        case.with_user(self.manager).action_approve()
        self.assertEqual(case.state, "approved")
        self.assertEqual(case.approved_by_id, self.manager)
        case.with_user(self.manager).action_receive()
        receipt = case.picking_ids
        self.assertEqual(receipt.return_id, self.delivery_a, "returned against the delivery")
        receipt.move_ids.picked = True
        receipt.with_context(skip_backorder=True).button_validate()
        self.assertEqual(case.state, "received")
        case.action_refund()
        refund = case.refund_ids
        self.assertEqual(refund.amount_untaxed, 3000.0)

        detail = self.url_open(case.access_url)
        self.assertEqual(detail.status_code, 200)
        page = html.fromstring(detail.text)
        refund_text = page.xpath("string(//ul[hasclass('o_aftersales_return_refunds')])")
        self.assertIn("Credit note being prepared", refund_text)
        self.assertIn(f"{refund.amount_total:,.2f}", refund_text)
        self.assertIn("Done", page.xpath("string(//span[hasclass('o_aftersales_return_state')])"))
        refund.action_post()
        page = html.fromstring(self.url_open(case.access_url).text)
        refund_text = page.xpath("string(//ul[hasclass('o_aftersales_return_refunds')])")
        self.assertIn(refund.name, refund_text)
        self.assertIn("Not Paid", refund_text)

    def test_outside_the_window_refused_next_to_the_field_and_nothing_written(self):
        """Day 10 after delivery: outside the 7-day return window (refused, the form keeps
        what was typed), inside the 15-day exchange window (accepted)."""
        self._set_delivered_days_ago(self.lot_a2, 10)
        self.authenticate("as_portal_a", "as_portal_a")
        before = self._counts()
        response = self._post(unit=f"lot-{self.lot_a2.id}", description="Fan rattles loudly.")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.text)
        message = self._feedback(page, "unit")
        self.assertIn("outside the 7-day return window", message)
        self.assertIn("day 10", message)
        self.assertEqual(self._counts(), before, "no case, no photo")
        self.assertEqual(
            page.xpath("//select[@name='unit']/option[@selected]/@value"), [f"lot-{self.lot_a2.id}"]
        )
        self.assertEqual(
            page.xpath("//select[@name='reason_id']/option[@selected]/@value"),
            [str(self.reason.id)],
        )
        self.assertEqual(page.xpath("//input[@name='kind'][@checked]/@value"), ["refund"])
        self.assertEqual(
            page.xpath("string(//textarea[@name='description'])"), "Fan rattles loudly."
        )

        response = self._post(unit=f"lot-{self.lot_a2.id}", kind="exchange")
        self.assertIn("message=created", response.url)
        case = self.env["aftersales.return"].search([("lot_id", "=", self.lot_a2.id)])
        self.assertEqual(case.kind, "exchange")
        self.assertEqual(case.state, "to_approve")
        self.assertIn("day 10 of the 15-day exchange window", case.policy_reason)

        # day 20: outside both windows
        self._set_delivered_days_ago(self.lot_a, 20)
        before = self._counts()
        response = self._post(unit=f"lot-{self.lot_a.id}", kind="exchange")
        self.assertIn(
            "outside the 15-day exchange window",
            self._feedback(html.fromstring(response.text), "unit"),
        )
        self.assertEqual(self._counts(), before)

    def test_unit_of_another_customer_is_refused(self):
        self.authenticate("as_portal_a", "as_portal_a")
        before = self._counts()
        response = self._post(unit=f"lot-{self.lot_b.id}")
        self.assertEqual(response.status_code, 404)
        kits_b = self.delivery_b.move_ids.filtered(lambda m: m.product_id == self.kit)
        response = self._post(unit=f"move-{kits_b.id}")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._counts(), before)
        # a serial handed over to customer B is no longer customer A's to return
        self.lot_a2.aftersales_partner_id = self.customer_b
        self.assertNotIn(
            f"lot-{self.lot_a2.id}", self._form().xpath("//select[@name='unit']/option/@value")
        )
        self.assertEqual(self._post(unit=f"lot-{self.lot_a2.id}").status_code, 404)
        self.assertEqual(self._counts(), before)

    def test_product_without_serial_returns_a_quantity_of_the_delivery(self):
        self.authenticate("as_portal_a", "as_portal_a")
        kits = self.delivery_a_kits.move_ids
        before = self._counts()
        response = self._post(unit=f"move-{kits.id}", qty="9")
        page = html.fromstring(response.text)
        self.assertIn("At most 5.0", self._feedback(page, "qty"))
        self.assertEqual(page.xpath("//input[@name='qty']/@value"), ["9"])
        self.assertEqual(self._counts(), before)
        response = self._post(unit=f"move-{kits.id}", qty="2", photos=())
        self.assertIn("message=created", response.url)
        case = self.env["aftersales.return"].search([("line_ids.move_id", "=", kits.id)])
        self.assertEqual(case.line_ids.qty, 2.0)
        self.assertEqual(case.picking_id, self.delivery_a_kits)
        # the same serial twice: the second request is refused by the case's own rule
        self._post(unit=f"lot-{self.lot_a.id}")
        before = self._counts()
        response = self._post(unit=f"lot-{self.lot_a.id}")
        self.assertIn("claimed", self._feedback(html.fromstring(response.text), "unit"))
        self.assertEqual(self._counts(), before)

    def test_form_errors_keep_what_was_typed(self):
        self.authenticate("as_portal_a", "as_portal_a")
        before = self._counts()
        response = self._post(unit=f"lot-{self.lot_a.id}", reason_id="", kind="", description="")
        page = html.fromstring(response.text)
        self.assertTrue(self._feedback(page, "reason_id"))
        self.assertTrue(self._feedback(page, "description"))
        self.assertTrue(page.xpath("string(//fieldset//div[contains(@class, 'invalid-feedback')])"))
        self.assertEqual(
            page.xpath("//select[@name='unit']/option[@selected]/@value"), [f"lot-{self.lot_a.id}"]
        )
        response = self._post(
            unit=f"lot-{self.lot_a.id}", photos=[("notes.png", b"just some text", "image/png")]
        )
        page = html.fromstring(response.text)
        self.assertIn("notes.png is not a photo", self._feedback(page, "photos"))
        self.assertEqual(
            page.xpath("string(//textarea[@name='description'])"),
            "The indoor unit leaks water from day one.",
        )
        response = self._post(
            unit=f"lot-{self.lot_a.id}",
            photos=[(f"p{i}.png", PNG, "image/png") for i in range(6)],
        )
        self.assertIn("at most 5 photos", self._feedback(html.fromstring(response.text), "photos"))
        self.assertEqual(self._counts(), before)

    def test_customer_sees_only_own_cases(self):
        self.authenticate("as_portal_a", "as_portal_a")
        self._post(unit=f"lot-{self.lot_a.id}")
        case_a = self.env["aftersales.return"].search([("lot_id", "=", self.lot_a.id)])
        self.authenticate("as_portal_b", "as_portal_b")
        self._post(unit=f"lot-{self.lot_b.id}", kind="exchange")
        case_b = self.env["aftersales.return"].search([("lot_id", "=", self.lot_b.id)])
        self.assertTrue(case_a and case_b)

        listing = self.url_open("/my/returns")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(case_b.name, listing.text)
        self.assertNotIn(case_a.name, listing.text)
        page = html.fromstring(listing.text)
        self.assertEqual(len(page.xpath("//a[hasclass('o_aftersales_return_card')]")), 1)
        self.assertFalse(page.xpath("//table"), "cards, no wide table on a phone")
        self.assertEqual(self.url_open(f"/my/returns/{case_a.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/returns/{case_b.id}").status_code, 200)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["return_count"]})
        self.assertEqual(counters["return_count"], 1)

        # a case the desk registered and approved is followed on the portal too
        kits = self.delivery_a_kits.move_ids
        desk_case = (
            self.env["aftersales.return"]
            .with_user(self.manager)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "picking_id": self.delivery_a_kits.id,
                    "line_ids": [
                        Command.create({"product_id": self.kit.id, "move_id": kits.id, "qty": 1})
                    ],
                }
            )
        )
        desk_case.action_confirm()
        self.assertEqual(desk_case.state, "approved")
        self.assertEqual(desk_case.channel, "desk")
        self.assertTrue(desk_case.access_token, "its token from its creation")

        self.authenticate("as_portal_a", "as_portal_a")
        self.assertEqual(self.url_open(f"/my/returns/{case_b.id}").status_code, 404)
        listing = self.url_open("/my/returns").text
        self.assertIn(case_a.name, listing)
        self.assertIn(desk_case.name, listing)
        self.assertIn("Approved", self.url_open(f"/my/returns/{desk_case.id}").text)
        self.assertTrue(desk_case.access_token, "the link of an approved case is made too")
        # the case's link with its token opens it without an account
        self.logout()
        self.assertEqual(self.url_open(f"/my/returns/{case_a.id}").status_code, 404)
        shared = self.url_open(case_a.get_portal_url())
        self.assertEqual(shared.status_code, 200)
        self.assertIn(case_a.name, shared.text)
        self.assertEqual(
            self.url_open(f"/my/returns/{case_a.id}?access_token=wrong").status_code, 404
        )


@tagged("post_install", "-at_install")
class TestPortalReturnsOnPhone(PortalReturnsCase):
    """The list, a case and the form in Chromium at the width of a phone (390 px)."""

    browser_size = "390x844"
    touch_enabled = True

    CHECK = """
        const shown = (el) => {
            if (!el || el.offsetParent === null) return false;
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;
        };
        const errors = [];
        if (window.innerWidth > 400) errors.push(`the window is ${window.innerWidth} px wide`);
        for (const selector of %s) {
            const elements = [...document.querySelectorAll(selector)];
            if (!elements.length) errors.push(`${selector} missing`);
            for (const el of elements) {
                if (!shown(el)) errors.push(`${selector} not in sight`);
            }
        }
        if (document.querySelector("table")) errors.push("a table on a phone");
        const pageWidth = document.documentElement.scrollWidth;
        if (pageWidth > window.innerWidth + 1) {
            errors.push(`the page scrolls sideways (${pageWidth} px)`);
        }
        if (errors.length) {
            console.error(errors.join("; "));
        } else {
            console.log("test successful");
        }
    """

    def test_phone_shows_cards_state_and_form_without_sideways_scroll(self):
        Return = self.env["aftersales.return"].sudo()
        line = self.delivery_a.move_line_ids.filtered(lambda ml: ml.lot_id == self.lot_a)
        unit = {
            "product": self.product,
            "lot": self.lot_a,
            "move": line.move_id,
            "picking": self.delivery_a,
            "company": self.company,
        }
        case = Return.create(
            Return._prepare_portal_vals(
                self.customer_a,
                unit,
                "exchange",
                self.reason,
                "The display flickers and the unit stops after a few minutes of cooling.",
            )
        )
        case.action_confirm()
        ready = "document.readyState === 'complete'"
        self.browser_js(
            "/my/returns",
            self.CHECK % '[".o_aftersales_return_card", ".o_aftersales_return_card .badge"]',
            ready=ready,
            login="as_portal_a",
        )
        self.browser_js(
            case.access_url,
            self.CHECK % '[".o_aftersales_return_state", ".o_aftersales_return_lines li"]',
            ready=ready,
            login="as_portal_a",
        )
        self.browser_js(
            "/my/returns/new",
            self.CHECK % '["select[name=unit]", "textarea", ".o_aftersales_submit_return"]',
            ready=ready,
            login="as_portal_a",
        )
