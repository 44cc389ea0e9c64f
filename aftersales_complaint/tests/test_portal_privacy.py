"""Portal users read over RPC only what their portal pages show of their own documents."""

import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

INTERNAL_COMPLAINT_FIELDS = ("root_cause", "decision_note", "loss_amount", "responsibility_ids")


@tagged("post_install", "-at_install")
class TestPortalPrivacy(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="priv_portal",
            password="priv_portal_pw1",
            groups="base.group_portal",
            name="Private Customer",
        )
        cls.complaint = cls.env["aftersales.complaint"].create(
            {
                "partner_id": cls.portal_user.partner_id.id,
                "customer_demand": "Replace the unit",
                "root_cause": "<p>Our supplier's batch was bad</p>",
                "decision_note": "Offer 5 % at most",
            }
        )

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_internal_fields_refused_over_json_rpc(self):
        self.authenticate("priv_portal", "priv_portal_pw1")
        for fname in INTERNAL_COMPLAINT_FIELDS:
            with self.assertRaises(JsonRpcException, msg=fname):
                self._call_kw("aftersales.complaint", "read", [self.complaint.ids, [fname]])
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "aftersales.complaint",
                "search_read",
                [[("loss_amount", ">", 0)]],
                {"fields": ["name"]},
            )
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "aftersales.complaint",
                "web_read",
                [self.complaint.ids],
                {"specification": {"root_cause": {}}},
            )
        # what the portal page shows is readable, and a read of all fields gives only that
        [row] = self._call_kw("aftersales.complaint", "read", [self.complaint.ids, ["name"]])
        self.assertEqual(row["name"], self.complaint.name)
        [row] = self._call_kw("aftersales.complaint", "search_read", [[]], {})
        self.assertEqual(row["customer_demand"], "Replace the unit")
        for fname in INTERNAL_COMPLAINT_FIELDS:
            self.assertNotIn(fname, row)

    def test_internal_fields_refused_over_xml_rpc_with_a_real_login(self):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "priv_portal", "priv_portal_pw1", {})
        self.assertTrue(uid)
        with self.assertRaises(xmlrpc.client.Fault):
            self.xmlrpc_object.execute_kw(
                db,
                uid,
                "priv_portal_pw1",
                "aftersales.complaint",
                "read",
                [self.complaint.ids],
                {"fields": ["decision_note"]},
            )
        rows = self.xmlrpc_object.execute_kw(
            db, uid, "priv_portal_pw1", "aftersales.complaint", "read", [self.complaint.ids]
        )
        self.assertNotIn("root_cause", rows[0])
        self.assertEqual(rows[0]["name"], self.complaint.name)

    def test_service_request_internal_fields_refused(self):
        request = self.env["aftersales.service.request"].create(
            {"partner_id": self.portal_user.partner_id.id, "fault_description": "Noise"}
        )
        self.authenticate("priv_portal", "priv_portal_pw1")
        [row] = self._call_kw("aftersales.service.request", "search_read", [[]], {})
        self.assertEqual(row["id"], request.id)
        self.assertNotIn("internal_note", row)
        internal = sorted(
            set(request._fields) - request._portal_allowed_fields() - {"__last_update"}
        )
        self.assertTrue(internal)
        for fname in internal[:10]:
            with self.assertRaises(JsonRpcException, msg=fname):
                self._call_kw("aftersales.service.request", "read", [request.ids, [fname]])
