# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models


class AftersalesServiceRequestCostMixin(models.AbstractModel):
    """What a job costs the company: the parts at their stock valuation and the labour (the
    technician's hours at their cost rate, or the provider's settled fees), kept on every
    job so that the cost of free work (warranty, contract) is known per product, unit, fault,
    provider and month."""

    _name = "aftersales.service.request.cost.mixin"
    _description = "Service Request: Cost of the Work"

    # declared here too: the money fields of the mixin need them to be set up
    company_id = fields.Many2one("res.company")
    currency_id = fields.Many2one(related="company_id.currency_id")
    cost_parts = fields.Monetary(
        string="Parts Cost",
        compute="_compute_costs",
        store=True,
        help="The parts used on the job and in its workshop repairs, at their stock "
        "valuation (the product's cost where no valuation exists).",
    )
    cost_labour = fields.Monetary(
        string="Labour Cost",
        compute="_compute_costs",
        store=True,
        help="The hours spent at the technician's cost per hour (else the company's), or the "
        "fees settled with the provider for the job.",
    )
    cost_total = fields.Monetary(string="Cost of the Work", compute="_compute_costs", store=True)
    settlement_line_ids = fields.One2many(
        "aftersales.provider.settlement.line", "request_id", string="Settlement Lines"
    )
    is_free_work = fields.Boolean(
        string="Free Work",
        compute="_compute_is_free_work",
        store=True,
        index=True,
        help="Work the customer does not pay: under warranty (class C) or a maintenance "
        "contract (class B).",
    )

    @api.depends("service_class")
    def _compute_is_free_work(self):
        for request in self:
            request.is_free_work = request.service_class in ("B", "C")

    def _labour_rate(self):
        """Cost of one hour of the job's technician (else the company's rate)."""
        self.ensure_one()
        return self.technician_id.sudo().aftersales_labour_rate or (
            self.company_id.aftersales_labour_rate
        )

    @api.depends(
        "line_ids.move_id.state",
        "line_ids.quantity",
        "line_ids.product_id",
        "line_ids.line_type",
        "repair_ids.move_ids.state",
        "time_spent",
        "technician_id",
        "provider_id",
        "settlement_line_ids.amount",
        "settlement_line_ids.settlement_id.state",
    )
    def _compute_costs(self):
        # the labour rates of the day the job's facts were recorded: a new rate counts for
        # the jobs recorded after it (the rates are no dependency)
        # valuations and settlements are the company's books: read as superuser. Grouped
        # by job in one pass over each batch's lines (confirming a month's settlements
        # recomputes every job settled: a filter per job cost ~0.4 ms, bench_settlement)
        records = self.sudo()
        moves = records.line_ids.move_id | records.repair_ids.move_ids
        valued = defaultdict(float)
        for layer in moves.filtered(lambda m: m.state == "done").stock_valuation_layer_ids:
            valued[layer.stock_move_id.id] += layer.value
        parts = defaultdict(float)
        for line in records.line_ids:
            if line.line_type != "part":
                continue
            move_id = line.move_id.id
            parts[line.request_id.id] += (
                -valued[move_id]
                if move_id in valued
                else line.quantity * line.product_id.standard_price
            )
        for repair in records.repair_ids:
            for move in repair.move_ids:
                if move.state == "done" and move.repair_line_type == "add":
                    parts[repair.aftersales_request_id.id] -= valued.get(move.id, 0.0)
        fees = defaultdict(float)
        for line in records.settlement_line_ids:
            if line.settlement_id.state != "cancelled":
                fees[line.request_id.id] += line.amount
        cache = self.env.cache
        for request, privileged in zip(self, records, strict=True):
            if request.provider_id and not request.technician_id:
                labour = fees[privileged.id]
            else:
                labour = request.time_spent * privileged._labour_rate()
            values = {
                "cost_parts": parts[privileged.id],
                "cost_labour": labour,
                "cost_total": parts[privileged.id] + labour,
            }
            for fname, value in values.items():
                # a cost already known and unchanged is left as it is: assigning it again
                # costs as much as a change (dependencies marked), for every job of a
                # month's settlements (bench_settlement: confirm 2.4x -> 1.7x the same
                # bills); compared as superuser (a portal customer may not read costs)
                if (
                    privileged.id
                    and cache.contains(privileged, self._fields[fname])
                    and not privileged.currency_id.compare_amounts(privileged[fname], value)
                ):
                    continue
                request[fname] = value
