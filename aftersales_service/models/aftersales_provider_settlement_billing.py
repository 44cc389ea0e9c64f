from collections import defaultdict

import psycopg2.errors

from odoo import Command, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .aftersales_frozen_mixin import frozen_step


class AftersalesProviderSettlementBillingMixin(models.AbstractModel):
    """Confirmation of a provider settlement and its vendor bill: the jobs are settled
    for good (never twice, checked here and by the database under concurrent confirms),
    the bill groups the fees by rule and amount; cancelling cancels or reverses it.

    Inherited by ``aftersales.provider.settlement`` only; its fields and methods are the
    settlement's (views, portal pages and other addons name them on the settlement).
    Hooks: :meth:`_on_settlement_confirmed`, :meth:`_prepare_bill_vals`,
    :meth:`_prepare_bill_line_vals`.
    """

    _name = "aftersales.provider.settlement.billing.mixin"
    _description = "Provider Settlement Billing"

    bill_id = fields.Many2one("account.move", string="Vendor Bill", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_confirmed = fields.Datetime(readonly=True, copy=False)

    def _fee_groups(self):
        """Fee lines of these settlements counted by (fee rule, amount), with one
        ``_read_group`` whatever the number of jobs: ``{settlement: [(rule, amount,
        count)]}`` in the order of the lines' first occurrence, and ``[]`` for a
        settlement without fee line. A job without fee rule gives an empty ``rule``."""
        groups = {settlement: [] for settlement in self}
        if not self:
            return groups
        Line = self.env["aftersales.provider.settlement.line"]
        for settlement, rule, amount, count in Line._read_group(
            [("settlement_id", "in", self.ids), ("kind", "=", "fee")],
            ["settlement_id", "fee_rule_id", "amount"],
            ["__count"],
            order="settlement_id, sequence:min, id:min",
        ):
            groups[settlement].append((rule, amount, count))
        return groups

    def _ensure_settleable(self, fee_groups=None):
        fee_groups = fee_groups if fee_groups is not None else self._fee_groups()
        for settlement in self:
            groups = fee_groups.get(settlement, [])
            if not groups:
                raise UserError(
                    self.env._("Settlement %(name)s has no job to settle.", name=settlement.name)
                )
            if any(not rule for rule, __, __ in groups):
                missing = settlement.line_ids.filtered(
                    lambda line: line.kind == "fee" and not line.fee_rule_id
                )
                raise UserError(
                    self.env._(
                        "Settlement %(name)s: no fee rule fits job(s) %(jobs)s; add a fee rule "
                        "for their product category, job type and distance.",
                        name=settlement.name,
                        jobs=", ".join(missing.request_id.mapped("name")),
                    )
                )
            if settlement.currency_id.compare_amounts(settlement.amount_total, 0) <= 0:
                raise UserError(
                    self.env._(
                        "Settlement %(name)s: deductions (%(deduction)s) are not below the "
                        "fees (%(fee)s); settle them otherwise.",
                        name=settlement.name,
                        deduction=settlement.amount_deduction,
                        fee=settlement.amount_fee,
                    )
                )

    def _deduction_lines(self):
        """Deduction lines of these settlements, read in one query (they are few)."""
        return self.env["aftersales.provider.settlement.line"].search_fetch(
            [("settlement_id", "in", self.ids), ("kind", "=", "deduction")],
            ["settlement_id", "name", "amount", "res_model", "res_id"],
        )

    def _lock_and_check_not_settled(self):
        """Lock the settled jobs, then refuse any already on a confirmed settlement.

        A fixed number of queries whatever the number of jobs: the jobs are locked
        straight from the lines in the database, one search finds those settled
        elsewhere."""
        Line = self.env["aftersales.provider.settlement.line"]
        Line.flush_model(["settlement_id", "request_id", "kind", "state"])
        self.env.cr.execute(
            """
            SELECT id FROM aftersales_service_request
             WHERE id IN (
                   SELECT request_id FROM aftersales_provider_settlement_line
                    WHERE settlement_id = ANY(%s) AND request_id IS NOT NULL
             )
             ORDER BY id
               FOR UPDATE
            """,
            [self.ids],
        )
        request_ids = [row[0] for row in self.env.cr.fetchall()]
        settled = (
            Line.search(
                [
                    ("request_id", "in", request_ids),
                    ("kind", "=", "fee"),
                    ("state", "=", "confirmed"),
                    ("settlement_id", "not in", self.ids),
                ]
            )
            if request_ids
            else Line
        )
        if settled:
            raise UserError(
                self.env._(
                    "Job(s) %(jobs)s are already settled by %(settlements)s: a job is never "
                    "settled twice. Recompute this settlement.",
                    jobs=", ".join(settled.request_id.mapped("name")),
                    settlements=", ".join(settled.settlement_id.mapped("name")),
                )
            )
        sources = self._deduction_lines().filtered("res_model")
        if sources:
            deducted = Line.search(
                [
                    ("kind", "=", "deduction"),
                    ("state", "=", "confirmed"),
                    ("settlement_id", "not in", self.ids),
                    ("res_model", "in", list(set(sources.mapped("res_model")))),
                    ("res_id", "in", sources.mapped("res_id")),
                ]
            )
            keys = {(line.res_model, line.res_id) for line in sources}
            deducted = deducted.filtered(lambda line: (line.res_model, line.res_id) in keys)
            if deducted:
                raise UserError(
                    self.env._(
                        "Deduction(s) %(names)s are already made by %(settlements)s.",
                        names=", ".join(deducted.mapped("name")),
                        settlements=", ".join(deducted.settlement_id.mapped("name")),
                    )
                )
            stale = self._stale_deductions(sources)
            if stale:
                raise UserError(
                    self.env._(
                        "Deduction(s) %(names)s no longer apply: their source was waived, "
                        "reversed or billed otherwise since the settlement was computed. "
                        "Recompute the settlement.",
                        names=", ".join(stale.mapped("name")),
                    )
                )

    def _deduction_sources_due(self):
        """Hook: ``{source model: function(records) -> the records still owing their
        deduction}``. Here: old part returns still late and not waived."""
        return {
            "aftersales.old.part.return": lambda returns: returns.filtered(
                lambda r: r.is_late and r.state != "cancelled"
            )
        }

    def _stale_deductions(self, lines):
        """The deduction ``lines`` whose source record no longer owes the deduction (the
        sources are locked until the commit and read afresh, so that none changes
        meanwhile)."""
        stale = lines.browse()
        for model, still_due in self._deduction_sources_due().items():
            of_model = lines.filtered(lambda line, m=model: line.res_model == m)
            if not of_model:
                continue
            Source = self.env[model].sudo()
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                    SQL.identifier(Source._table),
                    of_model.mapped("res_id"),
                )
            )
            sources = Source.browse(of_model.mapped("res_id"))
            sources.invalidate_recordset()
            due = set(still_due(sources.exists()).ids)
            stale |= of_model.filtered(lambda line, due=due: line.res_id not in due)
        return stale

    def _bill_product(self, kind):
        """Product of the bill lines of ``kind``; looked up once per confirmation (see
        :meth:`action_confirm`), not once per bill line."""
        products = self.env.context.get("aftersales_bill_products")
        if products and kind in products:
            return self.env["product.product"].browse(products[kind])
        xmlid = {
            "fee": "aftersales_service.product_provider_fee",
            "deduction": "aftersales_service.product_provider_deduction",
        }[kind]
        return self.env.ref(xmlid, raise_if_not_found=False) or self.env["product.product"]

    def _prepare_bill_line_vals(self, kind, name, quantity, price_unit):
        """One vendor bill line. Called by :meth:`_prepare_bill_vals`."""
        product = self._bill_product(kind)
        return {
            "product_id": product.id,
            "name": name,
            "quantity": quantity,
            "price_unit": price_unit,
            "tax_ids": [Command.clear()],
        }

    def _prepare_bill_vals(self, fee_groups=None, deduction_lines=None):
        """Vendor bill (``in_invoice``) of a settlement: one line per fee rule and amount
        (quantity = number of jobs) and one negative line per deduction. Called by
        :meth:`action_confirm`, which passes the fee groups (:meth:`_fee_groups`) and the
        deduction lines read once for all the settlements."""
        self.ensure_one()
        if fee_groups is None:
            fee_groups = self._fee_groups()[self]
        if deduction_lines is None:
            deduction_lines = self.line_ids.filtered(lambda line: line.kind == "deduction")
        invoice_lines = [
            Command.create(
                self._prepare_bill_line_vals(
                    "fee",
                    self.env._(
                        "%(settlement)s: %(rule)s", settlement=self.name, rule=rule.display_name
                    ),
                    count,
                    amount,
                )
            )
            for rule, amount, count in fee_groups
        ]
        invoice_lines += [
            Command.create(self._prepare_bill_line_vals("deduction", line.name, 1, line.amount))
            for line in deduction_lines
        ]
        return {
            "move_type": "in_invoice",
            "partner_id": self.provider_id.id,
            "company_id": self.company_id.id,
            "invoice_date": self.date_to,
            "ref": self.name,
            "invoice_origin": self.name,
            "invoice_line_ids": invoice_lines,
        }

    @frozen_step
    def action_confirm(self):
        """Settle the jobs and create the vendor bill. A job already on a confirmed
        settlement is refused here, and by the database under concurrent confirms.

        A fixed number of queries per settlement whatever the number of jobs: the fee
        lines are counted by rule and amount in the database, their state is written in
        one ``write``, and the bills are created in one ``create``."""
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only an after-sales manager may confirm a provider settlement.")
            )
        self._ensure_state(("draft",))
        fee_groups = self._fee_groups()
        self._ensure_settleable(fee_groups)
        self._lock_and_check_not_settled()
        try:
            with self.env.cr.savepoint():
                self._write_lines_state("confirmed")
        except psycopg2.errors.UniqueViolation as e:
            self.env.invalidate_all()
            raise UserError(
                self.env._(
                    "Another user has just settled some job(s) of %(names)s: a job is never "
                    "settled twice. Recompute the settlement.",
                    names=", ".join(self.mapped("name")),
                )
            ) from e
        deductions = defaultdict(list)
        for line in self._deduction_lines():
            deductions[line.settlement_id].append(line)
        settlements = self.with_context(
            aftersales_bill_products={
                kind: self._bill_product(kind).id for kind in ("fee", "deduction")
            }
        )
        # the manager may lack accounting rights: the bill is created as superuser,
        # in draft, for the accountant to check and post (FS-C06).
        bills = (
            self.env["account.move"]
            .sudo()
            .with_context(default_move_type="in_invoice")
            .create(
                [s._prepare_bill_vals(fee_groups[s], deductions.get(s, [])) for s in settlements]
            )
        )
        self.write(
            {
                "state": "confirmed",
                "confirmed_by_id": self.env.user.id,
                "date_confirmed": fields.Datetime.now(),
            }
        )
        for settlement, bill in zip(self, bills, strict=True):
            settlement.bill_id = bill.id
        self._on_settlement_confirmed()
        return True

    def _write_lines_state(self, state):
        """Copy ``state`` on all the lines of these settlements with one UPDATE whatever
        their number (the ORM would send one per hundred lines). The line's state only
        serves the double-settlement indexes (see the line's ``init``): no computed
        field depends on it, and it is not tracked. The lines' record rules are the
        settlement's (same creator, same company): the settlements' write access is
        checked, with the lines' access rights. Raises the database's
        ``UniqueViolation`` when another settlement has confirmed one of the jobs."""
        Line = self.env["aftersales.provider.settlement.line"]
        Line.check_access("write")
        self.check_access("write")
        Line.flush_model()
        self.env.cr.execute(
            SQL(
                """
                UPDATE aftersales_provider_settlement_line
                   SET state = %s, write_uid = %s, write_date = %s
                 WHERE settlement_id = ANY(%s)
             RETURNING id
                """,
                state,
                self.env.uid,
                self.env.cr.now(),
                self.ids,
            )
        )
        lines = Line.browse([row[0] for row in self.env.cr.fetchall()])
        lines.invalidate_recordset(["state", "write_uid", "write_date"])
        lines.modified(["state"])
        return lines

    def _on_settlement_confirmed(self):
        """Hook: called once the settlements are confirmed and their bills created
        (``self.bill_id``). Other addons mark their deducted penalties here."""
        return True

    @frozen_step
    def action_cancel(self):
        """Cancel: a draft bill is cancelled, a posted one reversed; the jobs may be
        settled again."""
        self._ensure_state(("draft", "confirmed"))
        if self.filtered(lambda s: s.state == "confirmed") and not self.env.user.has_group(
            "aftersales_service.group_aftersales_manager"
        ):
            raise AccessError(
                self.env._("Only an after-sales manager may cancel a confirmed settlement.")
            )
        for settlement in self.filtered("bill_id"):
            bill = settlement.bill_id.sudo()
            if bill.state == "draft" and bill.posted_before:
                # issued once: it is reversed, not withdrawn (nor paid again)
                raise UserError(
                    self.env._(
                        "Vendor bill %(bill)s of settlement %(name)s was posted before: "
                        "post it again, then cancel the settlement (the bill is reversed).",
                        bill=bill.display_name,
                        name=settlement.name,
                    )
                )
            if bill.state == "draft":
                bill.button_cancel()
            elif bill.state == "posted":
                today = self.env["res.company"]._aftersales_default_today()
                bill._reverse_moves(
                    [
                        {
                            "ref": self.env._(
                                "Cancelled settlement %(name)s", name=settlement.name
                            ),
                            "invoice_date": today,
                            "date": today,
                        }
                    ],
                    cancel=True,
                )
        self._write_lines_state("cancelled")
        self.write({"state": "cancelled"})
        return True

    @frozen_step
    def action_reset_draft(self):
        self._ensure_state(("cancelled",))
        self.write({"state": "draft", "bill_id": False})
        self._write_lines_state("draft")
        return True

    def action_view_bill(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": self.bill_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
