"""On a phone the customer's request list is a list of cards that keep the status and the
promised completion in sight; the wide table is for larger screens only."""

import pytz
from lxml import html

from odoo.tests import tagged

from .portal_common import AftersalesPortalCase


def _has_class(cls):
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')"


@tagged("post_install", "-at_install")
class TestPortalRequestCards(AftersalesPortalCase):
    def _state_label(self, request):
        return dict(request._fields["state"]._description_selection(self.env))[request.state]

    def _deadline_date(self, request):
        """The promised completion's date as the portal user reads it."""
        tz = pytz.timezone(self.portal_a.tz or "UTC")
        local = pytz.utc.localize(request.completion_deadline).astimezone(tz)
        date_format = self.env["res.lang"]._get_data(code=self.portal_a.lang).date_format
        return local.strftime(date_format)

    def test_request_list_cards_show_status_and_deadline(self):
        self.authenticate("as_portal_a", "as_portal_a")
        response = self.url_open("/my/service_requests")
        self.assertEqual(response.status_code, 200)
        page = html.fromstring(response.text)

        [table_box] = page.xpath(f"//table[{_has_class('o_portal_my_doc_table')}]/..")
        self.assertIn("d-none", table_box.classes, "the table is hidden on phones")
        self.assertIn("d-md-block", table_box.classes, "the table is shown from tablets up")
        [cards_box] = page.xpath(f"//div[{_has_class('o_aftersales_portal_cards')}]")
        self.assertIn("d-md-none", cards_box.classes, "the cards are for phones only")

        cards = {
            card.xpath("string(.//strong[1])").strip(): card
            for card in cards_box.xpath(f".//a[{_has_class('o_aftersales_portal_request_card')}]")
        }
        self.assertEqual(set(cards), {self.request_a.name, self.request_a_done.name})
        for request in self.request_a | self.request_a_done:
            card = cards[request.name]
            self.assertEqual(card.get("href"), request.get_portal_url())
            badges = [
                b.text_content().strip() for b in card.xpath(f".//span[{_has_class('badge')}]")
            ]
            self.assertIn(self._state_label(request), badges, f"{request.name}: status on the card")
            [deadline] = card.xpath(f".//div[{_has_class('o_aftersales_card_deadline')}]")
            deadline_text = " ".join(deadline.text_content().split())
            self.assertIn("Promised Completion:", deadline_text)
            self.assertIn(self._deadline_date(request), deadline_text)
            label = {"late": "Late", "soon": "Due Soon", "on_time": "On Time"}.get(
                request.deadline_state
            )
            if label:
                self.assertIn(label, deadline_text, f"{request.name}: deadline badge")
        done_badges = cards[self.request_a_done.name].xpath("string(.)")
        self.assertIn("To Sign", done_badges, "a finished job waits for the signature")
        self.assertNotIn("To Sign", cards[self.request_a.name].xpath("string(.)"))


@tagged("post_install", "-at_install")
class TestPortalRequestCardsOnPhone(AftersalesPortalCase):
    """The same list in Chromium at the width of a phone (390 px)."""

    browser_size = "390x844"
    touch_enabled = True

    def test_phone_shows_status_and_deadline_without_sideways_scroll(self):
        code = """
            const shown = (el) => {
                if (!el || el.offsetParent === null) return false;
                const r = el.getBoundingClientRect();
                return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;
            };
            const errors = [];
            if (window.innerWidth > 400) errors.push(`the window is ${window.innerWidth} px wide`);
            const table = document.querySelector(".o_portal_my_doc_table");
            if (table && table.offsetParent !== null) errors.push("the table is shown on a phone");
            const cards = [...document.querySelectorAll(".o_aftersales_portal_request_card")];
            if (cards.length !== 2) errors.push(`${cards.length} cards instead of 2`);
            for (const card of cards) {
                const name = card.querySelector("strong").textContent;
                if (!shown(card.querySelector(".badge"))) {
                    errors.push(`${name}: status not in sight`);
                }
                if (!shown(card.querySelector(".o_aftersales_card_deadline"))) {
                    errors.push(`${name}: deadline not in sight`);
                }
            }
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
        self.browser_js(
            "/my/service_requests",
            code,
            ready="document.readyState === 'complete'",
            login="as_portal_a",
        )
