# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The dispatch board: the supervisor plans the visits in a week calendar, assigns and
dispatches the waiting jobs in the list, reads the workload; every job links to its
address on a map; technicians do not get the board."""

from datetime import datetime, timedelta
from urllib.parse import quote_plus

from lxml import etree, html

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .portal_common import AftersalesPortalCase
from .provider_common import ProviderCase

BOARD = "aftersales_service.aftersales_dispatch_board_action"
MENU = "aftersales_service.menu_aftersales_dispatch_board"


@tagged("post_install", "-at_install")
class TestDispatchBoard(ProviderCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls._active_provider("Board Provider")
        cls.technician, cls.technician2 = (
            new_test_user(
                cls.env,
                login=login,
                name=name,
                groups="aftersales_service.group_aftersales_user_own",
            )
            for login, name in (
                ("board_tech1", "Board Tech One"),
                ("board_tech2", "Board Tech Two"),
            )
        )
        cls.customer.write({"street": "88 Renmin Road", "city": "Shanghai", "zip": "200001"})
        Request = cls.env["aftersales.service.request"].with_user(cls.desk)
        cls.waiting = Request.create(
            {"partner_id": cls.customer.id, "product_id": cls.product.id, "priority": "2"}
        )
        cls.dispatched = Request.create(
            {
                "partner_id": cls.customer.id,
                "product_id": cls.product.id,
                "technician_id": cls.technician.id,
            }
        )
        cls.dispatched.action_dispatch()
        cls.Board = cls.env["aftersales.service.request"].with_user(cls.desk)

    def _board_views(self):
        action = self.env.ref(BOARD)
        views = [(view.view_id.id, view.view_mode) for view in action.view_ids]
        return action, self.Board.get_views(
            [*views, (action.search_view_id.id, "search")], {"action_id": action.id}
        )["views"]

    def _filter_domain(self, name):
        __, views = self._board_views()
        arch = etree.fromstring(views["search"]["arch"])
        return safe_eval(arch.xpath(f"//filter[@name='{name}']")[0].get("domain"))

    def test_board_opens_calendar_list_and_workload_for_the_desk(self):
        action, views = self._board_views()
        self.assertEqual(action.view_mode, "calendar,list,pivot")
        calendar = etree.fromstring(views["calendar"]["arch"])
        self.assertEqual(calendar.get("date_start"), "appointment_start")
        self.assertEqual(calendar.get("date_stop"), "appointment_end")
        self.assertEqual(calendar.get("color"), "technician_id")
        self.assertEqual(
            calendar.xpath("//field[@name='technician_id']")[0].get("filters"),
            "1",
            "the sidebar filters the week by technician",
        )
        listing = etree.fromstring(views["list"]["arch"])
        self.assertEqual(listing.get("editable"), "bottom")
        self.assertTrue(listing.xpath("//button[@name='action_dispatch']"))
        pivot = etree.fromstring(views["pivot"]["arch"])
        self.assertEqual(
            [f.get("name") for f in pivot.xpath("//field[@type='row']")],
            ["technician_id", "provider_id"],
        )
        # the workload, grouped the way the pivot opens, as the desk reads it
        groups = self.Board.read_group(
            [("state", "in", ("new", "dispatched", "in_progress", "carry_in"))],
            ["technician_id"],
            ["technician_id"],
        )
        counts = {
            g["technician_id"] and g["technician_id"][0]: g["technician_id_count"] for g in groups
        }
        self.assertEqual(counts[self.technician.id], 1)

    def test_unassigned_filter_keeps_only_the_jobs_to_dispatch(self):
        found = self.Board.search(
            self._filter_domain("unassigned") + [("id", "in", (self.waiting | self.dispatched).ids)]
        )
        self.assertEqual(found, self.waiting)
        emergencies = self.Board.search(
            self._filter_domain("emergency") + [("id", "in", (self.waiting | self.dispatched).ids)]
        )
        self.assertEqual(emergencies, self.waiting)

    def test_unassigned_jobs_come_first_emergencies_first(self):
        normal = self.Board.create({"partner_id": self.customer.id, "product_id": self.product.id})
        __, views = self._board_views()
        order = etree.fromstring(views["list"]["arch"]).get("default_order")
        jobs = self.Board.search(
            [("id", "in", (self.waiting | self.dispatched | normal).ids)], order=order
        )
        self.assertEqual(jobs.ids, [self.waiting.id, normal.id, self.dispatched.id])

    def test_assign_and_book_in_the_row_then_dispatch(self):
        # a visit next week (a visit is agreed at most 90 days ahead)
        day = datetime.combine(fields.Date.today() + timedelta(days=7), datetime.min.time())
        start, end = day.replace(hour=1), day.replace(hour=3)
        job = self.waiting.with_user(self.desk)
        # what the editable row saves: the technician and the visit
        job.write(
            {
                "technician_id": self.technician2.id,
                "appointment_start": start,
                "appointment_end": end,
            }
        )
        self.assertEqual(job.arrival_deadline, end, "the agreed visit is the arrival target")
        # moving the visit in the calendar (drag and drop writes both ends)
        job.write(
            {
                "appointment_start": day + timedelta(days=1, hours=6),
                "appointment_end": day + timedelta(days=1, hours=8),
            }
        )
        self.assertEqual(job.arrival_deadline, day + timedelta(days=1, hours=8))
        self.assertEqual(job.appointment_changes, 1)
        # the row's Dispatch button
        job.action_dispatch()
        self.assertEqual(job.state, "dispatched")
        self.assertTrue(job.date_dispatched)
        self.assertFalse(
            self.Board.search(self._filter_domain("unassigned") + [("id", "=", job.id)])
        )

    def test_dispatch_from_the_row_to_a_provider_waits_for_its_answer(self):
        job = self.waiting.with_user(self.desk)
        job.write({"provider_id": self.provider.id})
        job.action_dispatch()
        self.assertEqual(job.state, "dispatched")
        self.assertEqual(job.provider_acceptance, "pending")

    def test_map_link_of_the_address_amap_in_china_osm_elsewhere(self):
        job = self.waiting.with_user(self.desk)
        self.company.country_id = self.env.ref("base.cn")
        job.invalidate_recordset(["map_url"])
        address = " ".join(job.address.split())
        self.assertIn("88 Renmin Road", address)
        self.assertEqual(job.map_url, "https://uri.amap.com/search?keyword=" + quote_plus(address))
        self.company.country_id = self.env.ref("base.fr")
        job.invalidate_recordset(["map_url"])
        self.assertEqual(
            job.map_url, "https://www.openstreetmap.org/search?query=" + quote_plus(address)
        )
        job.address = False
        self.assertIn(quote_plus("88 Renmin Road"), job.map_url, "else the customer's address")

    def test_technicians_do_not_get_the_board(self):
        menu = self.env.ref(MENU)
        self.assertTrue(menu.with_user(self.desk)._filter_visible_menus())
        self.assertFalse(menu.with_user(self.technician)._filter_visible_menus())


@tagged("post_install", "-at_install")
class TestMapOnTheProviderPortal(AftersalesPortalCase):
    def test_the_provider_opens_the_job_address_on_a_map(self):
        self.env.company.country_id = self.env.ref("base.cn")
        self.job.address = "1 Quay Road, Tainan"
        self.authenticate("as_portal_provider", "as_portal_provider")
        page = html.fromstring(self.url_open(f"/my/provider/jobs/{self.job.id}").text)
        links = page.xpath("//a[contains(@class, 'o_aftersales_job_map')]")
        self.assertEqual(len(links), 1)
        self.assertEqual(
            links[0].get("href"),
            "https://uri.amap.com/search?keyword=" + quote_plus("1 Quay Road, Tainan"),
        )
        self.assertEqual(links[0].get("target"), "_blank")


WAIT_FOR = """
const selector = %r;
let tries = 0;
const timer = setInterval(() => {
    if (document.querySelector(selector)) {
        clearInterval(timer);
        console.log("test successful");
    } else if (++tries > 150) {
        clearInterval(timer);
        console.error("the board did not show " + selector);
    }
}, 100);
"""


@tagged("post_install", "-at_install")
class TestDispatchBoardInTheBrowser(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.desk = new_test_user(
            cls.env,
            login="board_desk",
            groups="aftersales_service.group_aftersales_user_all",
            tz="UTC",
        )
        customer = cls.env["res.partner"].create({"name": "Board Browser Customer"})
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        cls.env["aftersales.service.request"].create(
            [
                {"partner_id": customer.id, "priority": "2"},
                {
                    "partner_id": customer.id,
                    "technician_id": cls.desk.id,
                    "appointment_start": now,
                    "appointment_end": now + timedelta(hours=2),
                },
            ]
        )

    def _open(self, view_type, selector):
        self.browser_js(
            f"/odoo/action-aftersales_service.aftersales_dispatch_board_action?view_type={view_type}",
            WAIT_FOR % selector,
            login="board_desk",
        )

    def test_the_desk_opens_the_week_the_list_and_the_workload(self):
        self._open("calendar", ".o_calendar_view .fc-event")
        self._open("list", ".o_list_view button[name='action_dispatch']")
        self._open("pivot", ".o_pivot_view .o_pivot")
