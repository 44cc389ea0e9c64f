"""Attacks on every money, ledger, stock and numbered document, by every group.

For each confirmed (approved, done, invoiced...) record of each such model, and for each
group (own documents, all documents, manager, approvers, portal customer, portal
provider), as that user through the ORM and through JSON-RPC with a real login:

* create a record in a final state, or with a field only the system sets;
* write each protected field (and the state) of the frozen record;
* delete it;
* rename its number.

Every attempt must be refused (an access or user error) and the record unchanged.
"""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_steps

REFUSED = (AccessError, UserError, ValidationError)

GROUPS = {
    "own": "aftersales_service.group_aftersales_user_own,"
    "aftersales_complaint.group_complaint_user_own,aftersales_penalty.group_penalty_user_own",
    "all": "aftersales_service.group_aftersales_user_all,"
    "aftersales_complaint.group_complaint_user_all,aftersales_penalty.group_penalty_user_all",
    "manager": "aftersales_service.group_aftersales_manager,"
    "aftersales_complaint.group_complaint_manager,aftersales_penalty.group_penalty_manager",
    "approver": "aftersales_service.group_aftersales_manager,"
    "aftersales_complaint.group_complaint_approver_gm,aftersales_penalty.group_penalty_gm,"
    "aftersales_penalty.group_penalty_manager",
    "portal_customer": "base.group_portal",
    "portal_provider": "base.group_portal",
}


@tagged("post_install", "-at_install")
class TestAttacks(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.users = {
            key: new_test_user(env, login=f"atk_{key}", password=f"atk_{key}_pw1", groups=groups)
            for key, groups in GROUPS.items()
        }
        customer = cls.users["portal_customer"].partner_id
        provider = cls.users["portal_provider"].partner_id
        # a provider the company contracted (a settlement pays only such a one)
        with frozen_steps():
            env["aftersales.provider"].create({"partner_id": provider.id, "state": "active"})
        product = env["product.product"].create(
            {"name": "Attack AC", "type": "consu", "tracking": "serial"}
        )
        unit = env["stock.lot"].create(
            {"name": "ATK-SN-1", "product_id": product.id, "aftersales_partner_id": customer.id}
        )
        employee = env["hr.employee"].create(
            {"name": "Attacked technician", "user_id": cls.users["own"].id}
        )
        rule = env["aftersales.penalty.rule"].create(
            {"name": "Attack rule", "code": "ATK-1", "kind": "occurrence", "amount": 100}
        )
        month = date.today().replace(day=1)
        period = date(2031, 2, 1)  # a month of its own for the deduction run
        request = env["aftersales.service.request"].create(
            {
                "partner_id": customer.id,
                "provider_id": provider.id,
                "technician_id": cls.users["own"].id,
                "fault_description": "Attack",
            }
        )
        invoice = env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": customer.id}
        )
        with frozen_steps():  # the frozen documents, as their steps leave them
            settlement = env["aftersales.provider.settlement"].create(
                {
                    "provider_id": provider.id,
                    "line_ids": [Command.create({"name": "Job", "amount": 150})],
                }
            )
            settlement.write({"state": "confirmed"})
            settlement.line_ids.write({"state": "confirmed"})
            entry = env["aftersales.penalty.entry"].create(
                {
                    "rule_id": rule.id,
                    "target_type": "employee",
                    "employee_id": employee.id,
                    "reason": "Late",
                    "date": period,
                    "state": "approved",
                }
            )
            run = env["aftersales.penalty.deduction.run"].create({"period": period})
            run.action_compute()
            run.write({"state": "done"})
            contract = env["aftersales.contract"].create(
                {
                    "partner_id": customer.id,
                    "date_start": month,
                    "date_end": date(month.year + 1, month.month, 1),
                    "product_ids": [Command.set(product.ids)],
                    "fee_amount": 1200,
                    "state": "running",
                }
            )
            case = env["aftersales.return"].create(
                {
                    "partner_id": customer.id,
                    "line_ids": [
                        Command.create({"product_id": product.id, "lot_id": unit.id, "qty": 1})
                    ],
                }
            )
            case.write({"state": "approved"})
            complaint = env["aftersales.complaint"].create(
                {"partner_id": customer.id, "customer_demand": "Refund"}
            )
            complaint.write({"state": "approved", "decision_type": "not_established"})
            line = env["aftersales.service.line"].create(
                {"request_id": request.id, "product_id": product.id, "price_unit": 80}
            )
            request.write({"invoice_ids": [Command.link(invoice.id)]})
        cls.frozen = {
            # model: (record, {field: attacking value})
            "aftersales.provider.settlement": (
                settlement,
                {"state": "cancelled", "date_to": str(month), "bill_id": invoice.id},
            ),
            "aftersales.provider.settlement.line": (
                settlement.line_ids,
                {"state": "cancelled", "amount": 1.0},
            ),
            "aftersales.penalty.entry": (
                entry,
                {"state": "reversed", "quantity": 5.0, "deduction_line_id": False},
            ),
            "aftersales.penalty.deduction.run": (run, {"state": "draft", "cap_percent": 10.0}),
            "aftersales.penalty.deduction.line": (run.line_ids, {"amount_deducted": 1.0}),
            "aftersales.contract": (contract, {"state": "draft", "fee_amount": 1.0}),
            "aftersales.return": (case, {"state": "done", "kind": "exchange"}),
            "aftersales.return.line": (case.line_ids, {"qty": 9.0}),
            "aftersales.complaint": (complaint, {"state": "closed", "decision_amount": 99999.0}),
            "aftersales.service.line": (line, {"price_unit": 1.0, "quantity": 9.0}),
        }
        cls.final_states = {
            "aftersales.provider.settlement": {"provider_id": provider.id, "state": "confirmed"},
            "aftersales.penalty.entry": {
                "rule_id": rule.id,
                "target_type": "employee",
                "employee_id": employee.id,
                "reason": "Forged",
                "state": "approved",
            },
            "aftersales.contract": {
                "partner_id": customer.id,
                "date_start": str(month),
                "date_end": str(month.replace(year=month.year + 1)),
                "state": "running",
            },
            "aftersales.return": {"partner_id": customer.id, "state": "done"},
            "aftersales.complaint": {"partner_id": customer.id, "state": "approved"},
            "aftersales.penalty.deduction.run": {"period": "2031-01-01", "state": "done"},
        }
        cls.numbered = {
            "aftersales.provider.settlement": settlement,
            "aftersales.penalty.entry": entry,
            "aftersales.contract": contract,
            "aftersales.return": case,
            "aftersales.service.request": request,
        }

    def assertRefused(self, func, *args):
        """``func(*args)`` raises an access, user or validation error, and writes nothing."""
        try:
            with self.env.cr.savepoint():
                func(*args)
        except REFUSED:
            return
        self.fail("the attack was not refused")

    def _snapshot(self):
        return {
            model: record.sudo().read(list(values))
            for model, (record, values) in self.frozen.items()
        }

    # ------------------------------------------------------------------ ORM
    def test_orm_attacks_of_every_group_are_refused(self):
        before = self._snapshot()
        for key, user in self.users.items():
            for model, (record, values) in self.frozen.items():
                for fname, value in values.items():
                    with self.subTest(user=key, model=model, field=fname):
                        self.assertRefused(record.with_user(user).write, {fname: value})
                with self.subTest(user=key, model=model, op="unlink"):
                    self.assertRefused(record.with_user(user).unlink)
            for model, vals in self.final_states.items():
                with self.subTest(user=key, model=model, op="create final"):
                    self.assertRefused(self.env[model].with_user(user).create, vals)
            for model, record in self.numbered.items():
                with self.subTest(user=key, model=model, op="rename"):
                    self.assertRefused(record.with_user(user).write, {"name": "FORGED-1"})
        self.env.invalidate_all()
        self.assertEqual(self._snapshot(), before)

    def test_even_the_superuser_cannot_bend_a_frozen_record(self):
        for model, (record, values) in self.frozen.items():
            for fname, value in values.items():
                with self.subTest(model=model, field=fname), self.assertRaises(UserError):
                    record.sudo().write({fname: value})

    # ------------------------------------------------------------------ JSON-RPC
    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_json_rpc_attacks_with_a_real_login_are_refused(self):
        before = self._snapshot()
        for key in self.users:
            self.authenticate(f"atk_{key}", f"atk_{key}_pw1")
            for model, (record, values) in self.frozen.items():
                for fname, value in values.items():
                    with self.subTest(user=key, model=model, field=fname):
                        with self.assertRaises(JsonRpcException):
                            self._call_kw(model, "write", [record.ids, {fname: value}])
                with self.subTest(user=key, model=model, op="unlink"):
                    with self.assertRaises(JsonRpcException):
                        self._call_kw(model, "unlink", [record.ids])
            for model, vals in self.final_states.items():
                with self.subTest(user=key, model=model, op="create final"):
                    with self.assertRaises(JsonRpcException):
                        self._call_kw(model, "create", [vals])
            # a number sent at create never becomes the document's number
            if key in ("all", "manager"):
                result = self._call_kw(
                    "aftersales.service.request",
                    "create",
                    [{"partner_id": self.users["portal_customer"].partner_id.id, "name": "X-1"}],
                )
                [row] = self._call_kw("aftersales.service.request", "read", [[result], ["name"]])
                self.assertNotEqual(row["name"], "X-1")
        self.env.invalidate_all()
        self.assertEqual(self._snapshot(), before)

    # ------------------------------------------------------------------ context defaults
    def test_context_defaults_never_set_a_state_or_a_system_field(self):
        """Odoo applies a context's ``default_<field>`` after ``create`` checked its
        values: for the fields only the steps set, a context default is dropped, through
        the ORM and over JSON-RPC; a line cannot reach a frozen document that way either."""
        employee = self.frozen["aftersales.penalty.entry"][0].employee_id
        rule = self.frozen["aftersales.penalty.entry"][0].rule_id
        settlement = self.frozen["aftersales.provider.settlement"][0]
        run = self.frozen["aftersales.penalty.deduction.run"][0]
        for key in ("all", "manager", "approver"):
            user = self.users[key]
            for model, vals in self.final_states.items():
                vals = dict(vals)
                state = vals.pop("state")
                with self.subTest(user=key, model=model):
                    savepoint = self.env.cr.savepoint()
                    try:
                        record = (
                            self.env[model]
                            .with_user(user)
                            .with_context(default_state=state)
                            .create(vals)
                        )
                        self.assertIn(record.state, record._frozen_initial_states)
                    except REFUSED:
                        pass
                    finally:
                        savepoint.close(rollback=True)
                        self.env.invalidate_all()
            Entry = self.env["aftersales.penalty.entry"].with_user(user)
            if Entry.has_access("create"):
                entry = Entry.with_context(
                    default_is_reversal=True,
                    default_approved_by_id=self.users["approver"].id,
                    default_deduction_line_id=run.line_ids[:1].id,
                ).create(
                    {
                        "rule_id": rule.id,
                        "target_type": "employee",
                        "employee_id": employee.id,
                        "reason": "Forged by a context",
                        "date": "2031-03-01",
                    }
                )
                self.assertEqual(
                    (entry.state, entry.is_reversal, entry.approved_by_id, entry.deduction_line_id),
                    ("draft", False, entry.approved_by_id.browse(), run.line_ids.browse()),
                )
            Line = self.env["aftersales.provider.settlement.line"].with_user(user)
            with self.subTest(user=key, op="line on a frozen document"):
                self.assertRefused(
                    Line.with_context(default_settlement_id=settlement.id).create,
                    {"kind": "deduction", "name": "Forged", "amount": -1},
                )
        # over JSON-RPC with a real login
        self.authenticate("atk_approver", "atk_approver_pw1")
        vals = dict(self.final_states["aftersales.penalty.entry"])
        vals.pop("state")
        entry_id = self._call_kw(
            "aftersales.penalty.entry",
            "create",
            [vals],
            {"context": {"default_state": "approved", "default_is_reversal": True}},
        )
        [row] = self._call_kw(
            "aftersales.penalty.entry", "read", [[entry_id], ["state", "is_reversal"]]
        )
        self.assertEqual((row["state"], row["is_reversal"]), ("draft", False))

    def test_the_coverage_api_is_not_callable_over_rpc(self):
        """It reads any customer's units and contracts as superuser: for other addons' code."""
        for key in ("portal_customer", "portal_provider", "all"):
            self.authenticate(f"atk_{key}", f"atk_{key}_pw1")
            for method, args in (
                ("reason_texts", [[[["contract", {"contract_id": 1}]]]]),
                ("lot_coverage", [[1]]),
                ("product_coverage", [[[1, 1]]]),
            ):
                with self.subTest(user=key, method=method):
                    with self.assertRaises(JsonRpcException):
                        self._call_kw("aftersales.coverage", method, args)

    def test_files_of_a_frozen_document_stay_with_it(self):
        """A confirmed settlement's or an approved entry's files are part of it: added through
        the chatter, never deleted nor moved, whatever the group."""
        Attachment = self.env["ir.attachment"]
        for model in ("aftersales.provider.settlement", "aftersales.penalty.entry"):
            record = self.frozen[model][0]
            attachment = Attachment.create(
                {"name": "proof.txt", "raw": b"proof", "res_model": model, "res_id": record.id}
            )
            for key in ("all", "manager", "approver"):
                user = self.users[key]
                with self.subTest(model=model, user=key):
                    self.assertRefused(attachment.with_user(user).unlink)
                    self.assertRefused(
                        attachment.with_user(user).write, {"res_id": self.frozen[model][0].id + 1}
                    )
            with self.assertRaisesRegex(UserError, "cannot be deleted or moved"):
                attachment.sudo().unlink()
            self.assertTrue(attachment.exists())
