# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesContractMaintenance(models.Model):
    """One line of a contract's maintenance plan: how often the units it names get a
    preventive maintenance visit (e.g. the air conditioners every 6 months, the water
    purifiers every 3). Units no line names follow the contract's own interval."""

    _name = "aftersales.contract.maintenance"
    _inherit = ["aftersales.frozen.mixin"]
    _description = "Contract Maintenance Plan Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True
    # the plan is part of what the customer signed: frozen with its running contract
    _frozen_state_field = None
    _frozen_parent_field = "contract_id"
    _frozen_system_fields = frozenset({"next_date"})

    contract_id = fields.Many2one(
        "aftersales.contract", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        check_company=True,
        help="The covered units of this product; empty with no serial numbers: every covered unit.",
    )
    lot_ids = fields.Many2many(
        "stock.lot",
        string="Serial Numbers",
        check_company=True,
        help="Only these covered units (they take precedence over the product).",
    )
    interval_months = fields.Integer(
        string="Every (months)", required=True, default=6, help="Months between two visits."
    )
    note = fields.Char(
        string="Work to Do", help="Printed on each planned request, e.g. clean the filters."
    )
    next_date = fields.Date(string="Next Visit", copy=False, readonly=True)

    _sql_constraints = [
        (
            "interval_positive",
            "CHECK(interval_months > 0)",
            "A maintenance plan line needs an interval of at least one month.",
        ),
    ]

    @api.constrains("lot_ids", "product_id", "contract_id")
    def _check_units_covered(self):
        for line in self:
            contract = line.contract_id
            if contract.lot_ids:
                stray = line.lot_ids - contract.lot_ids
            else:
                stray = line.lot_ids.filtered(
                    lambda lot, products=contract.product_ids: lot.product_id not in products
                )
            if stray:
                raise ValidationError(
                    self.env._(
                        "Maintenance plan of contract %(contract)s: serial number %(lot)s is "
                        "not covered by the contract.",
                        contract=contract.name,
                        lot=stray[0].name,
                    )
                )

    def _units(self, covered):
        """The units of ``covered`` (the contract's covered units) this line plans."""
        self.ensure_one()
        if self.lot_ids:
            return covered & self.lot_ids
        if self.product_id:
            return covered.filtered(lambda lot: lot.product_id == self.product_id)
        return covered

    def _start(self):
        """First visit: one interval after the contract's start."""
        for line in self:
            line.next_date = line.contract_id.date_start + relativedelta(
                months=line.interval_months
            )
