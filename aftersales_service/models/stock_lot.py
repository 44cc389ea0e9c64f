from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

WARRANTY_STATES = [
    ("unknown", "Start Unknown"),
    ("in_warranty", "In Warranty"),
    ("under_contract", "Under Contract"),
    ("expired", "Expired"),
    ("void", "Void"),
    ("no_warranty", "No Warranty"),
]


def add_warranty_duration(start, duration, unit):
    """Last covered day of a warranty of ``duration`` ``unit`` starting on ``start``.

    Counted as the PRC Civil Code counts periods (arts. 201 and 202): the start day
    itself is not counted; a period in days (or weeks) ends on its last counted day; a
    period in months or years ends on the corresponding day of its last month, or on
    that month's last day when it has no such day. So 30 days from 2026-01-31 cover
    through 2026-03-02, 12 months from 2024-03-01 through 2025-03-01, and 12 months
    from 2024-02-29 through 2025-02-28.
    """
    if not start or duration <= 0:
        return False
    delta = {
        "day": relativedelta(days=duration),
        "week": relativedelta(weeks=duration),
        # relativedelta keeps the day of the month, or takes the month's last day
        "month": relativedelta(months=duration),
        "year": relativedelta(years=duration),
    }[unit or "month"]
    return start + delta


class StockLot(models.Model):
    _inherit = "stock.lot"

    aftersales_partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        index=True,
        tracking=True,
        help="Customer owning this unit (installed base). Filled when the unit is "
        "delivered to a customer.",
    )
    aftersales_delivery_date = fields.Date(
        string="Delivery Date",
        tracking=True,
        help="Filled from the done delivery of this unit to the customer.",
    )
    aftersales_installation_date = fields.Date(string="Installation Date", tracking=True)
    aftersales_invoice_date = fields.Date(string="Invoice Date", tracking=True)
    aftersales_invoice_ref = fields.Char(string="Invoice Number")
    aftersales_warranty_start = fields.Date(
        string="Warranty Start",
        compute="_compute_aftersales_warranty",
        store=True,
        help="Date chosen by the product's warranty start basis; the delivery date "
        "stands in while the invoice or installation date is not recorded.",
    )
    aftersales_warranty_end = fields.Date(
        string="Warranty End",
        compute="_compute_aftersales_warranty",
        store=True,
        index=True,
        help="Last day covered by the warranty, counted as the PRC Civil Code counts "
        "periods (arts. 201-202): the start day is not counted; a warranty in days ends on "
        "its last day, one in months or years on the same day of its last month (or that "
        "month's last day when it has no such day).",
    )
    aftersales_void_exclusion_id = fields.Many2one(
        "aftersales.warranty.exclusion",
        string="Warranty Voided By",
        tracking=True,
        help="Set when an exclusion (misuse, self-repair, altered serial...) voids the "
        "warranty of this unit.",
    )
    aftersales_void_note = fields.Text(
        string="Void Explanation",
        help="What the customer is told about why the warranty is void (the unit's portal "
        "page and warranty certificate show it).",
    )
    aftersales_no_warranty = fields.Boolean(
        compute="_compute_aftersales_warranty", store=True, string="Excluded from Warranty"
    )
    aftersales_warranty_state = fields.Selection(
        WARRANTY_STATES,
        string="Warranty Status",
        compute="_compute_aftersales_warranty_state",
        search="_search_aftersales_warranty_state",
    )
    aftersales_remaining_days = fields.Integer(
        string="Warranty Days Left", compute="_compute_aftersales_warranty_state"
    )
    aftersales_contract_ids = fields.Many2many(
        "aftersales.contract",
        "aftersales_contract_stock_lot_rel",
        "lot_id",
        "contract_id",
        string="Service Contracts",
        readonly=True,
    )
    aftersales_contract_count = fields.Integer(compute="_compute_aftersales_counts")
    aftersales_request_count = fields.Integer(compute="_compute_aftersales_counts")
    aftersales_repair_count = fields.Integer(compute="_compute_aftersales_counts")

    @api.constrains("aftersales_void_exclusion_id", "aftersales_void_note")
    def _check_aftersales_void_note(self):
        """A voided warranty is explained to the customer, in words of the company's."""
        for lot in self:
            if lot.aftersales_void_exclusion_id and not (lot.aftersales_void_note or "").strip():
                raise ValidationError(
                    self.env._(
                        "Unit %(unit)s: explain to the customer why %(exclusion)s voids the "
                        "warranty (Void Explanation).",
                        unit=lot.display_name,
                        exclusion=lot.aftersales_void_exclusion_id.display_name,
                    )
                )

    @api.depends(
        "aftersales_delivery_date",
        "aftersales_installation_date",
        "aftersales_invoice_date",
        "product_id.product_tmpl_id.aftersales_warranty_duration",
        "product_id.product_tmpl_id.aftersales_warranty_unit",
        "product_id.product_tmpl_id.aftersales_warranty_start_basis",
        "product_id.product_tmpl_id.aftersales_no_warranty",
        "product_id.categ_id.aftersales_warranty_duration",
        "product_id.categ_id.aftersales_warranty_unit",
        "product_id.categ_id.aftersales_warranty_start_basis",
        "product_id.categ_id.aftersales_no_warranty",
        "company_id.aftersales_warranty_duration",
        "company_id.aftersales_warranty_unit",
        "company_id.aftersales_warranty_start_basis",
    )
    def _compute_aftersales_warranty(self):
        by_company = {}
        for lot in self:
            by_company.setdefault(lot.company_id or self.env.company, []).append(lot.id)
        for company, lot_ids in by_company.items():
            lots = self.browse(lot_ids)
            terms_by_product = lots.product_id._aftersales_warranty_terms(company)
            for lot in lots:
                terms = terms_by_product.get(lot.product_id.id)
                if not terms:
                    lot.aftersales_warranty_start = False
                    lot.aftersales_warranty_end = False
                    lot.aftersales_no_warranty = False
                    continue
                start = lot._aftersales_start_date(terms["basis"])
                if (
                    start
                    and lot.aftersales_warranty_start == start
                    and (lot.aftersales_warranty_end or lot.aftersales_no_warranty)
                ):
                    # a unit's warranty is fixed when it starts: new terms of its product
                    # count for the units sold after them (its own dates recompute it)
                    continue
                lot.aftersales_warranty_start = start
                lot.aftersales_no_warranty = terms["no_warranty"]
                lot.aftersales_warranty_end = not terms["no_warranty"] and add_warranty_duration(
                    start, terms["duration"], terms["unit"]
                )

    def _aftersales_start_date(self, basis):
        self.ensure_one()
        if basis == "invoice":
            return self.aftersales_invoice_date or self.aftersales_delivery_date
        if basis == "installation":
            return self.aftersales_installation_date or self.aftersales_delivery_date
        return self.aftersales_delivery_date

    @api.depends_context("aftersales_date")
    @api.depends(
        "aftersales_warranty_end",
        "aftersales_void_exclusion_id",
        "aftersales_no_warranty",
        "aftersales_warranty_start",
    )
    def _compute_aftersales_warranty_state(self):
        on_date = fields.Date.to_date(self.env.context.get("aftersales_date")) or (
            self.env["res.company"]._aftersales_default_today()
        )
        coverage = self.env["aftersales.coverage"].lot_coverage(self, on_date)
        for lot in self:
            lot.aftersales_warranty_state = coverage[lot.id]["warranty_state"]
            end = lot.aftersales_warranty_end
            lot.aftersales_remaining_days = (
                max((end - on_date).days, 0) if end and not lot.aftersales_void_exclusion_id else 0
            )

    def _search_aftersales_warranty_state(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise NotImplementedError(operator)
        values = [value] if isinstance(value, str) else list(value or [])
        today = self.env["res.company"]._aftersales_default_today()
        running = self.env["aftersales.contract"]._aftersales_running_domain(today)
        under_contract = [
            "|",
            ("aftersales_contract_ids", "any", running),
            ("id", "in", self.env["aftersales.contract"]._aftersales_product_lot_query(today)),
        ]
        base_ok = [
            ("aftersales_void_exclusion_id", "=", False),
            ("aftersales_no_warranty", "=", False),
        ]
        state_domains = {
            "void": [("aftersales_void_exclusion_id", "!=", False)],
            "no_warranty": [
                ("aftersales_void_exclusion_id", "=", False),
                ("aftersales_no_warranty", "=", True),
            ],
            "unknown": base_ok + [("aftersales_warranty_start", "=", False)],
            "in_warranty": base_ok + [("aftersales_warranty_end", ">=", today)],
            "under_contract": expression.AND(
                [
                    [
                        "|",
                        "|",
                        ("aftersales_void_exclusion_id", "!=", False),
                        ("aftersales_no_warranty", "=", True),
                        "|",
                        ("aftersales_warranty_end", "<", today),
                        ("aftersales_warranty_start", "=", False),
                    ],
                    under_contract,
                ]
            ),
        }
        state_domains["expired"] = expression.AND(
            [
                base_ok,
                [("aftersales_warranty_end", "<", today)],
                ["!"] + under_contract,
            ]
        )
        # A void or consumable unit with a running contract counts as under contract.
        state_domains["void"] = expression.AND([state_domains["void"], ["!"] + under_contract])
        state_domains["no_warranty"] = expression.AND(
            [state_domains["no_warranty"], ["!"] + under_contract]
        )
        state_domains["unknown"] = expression.AND(
            [state_domains["unknown"], ["!"] + under_contract]
        )
        domain = expression.OR([state_domains[v] for v in values if v in state_domains])
        if not values:
            domain = expression.FALSE_DOMAIN
        if operator in ("!=", "not in"):
            domain = ["!"] + domain if domain else []
        return domain

    def _compute_aftersales_counts(self):
        request_data = {
            lot.id: count
            for lot, count in self.env["aftersales.service.request"]._read_group(
                [("lot_id", "in", self.ids)], ["lot_id"], ["__count"]
            )
        }
        repair_data = {
            lot.id: count
            for lot, count in self.env["repair.order"]._read_group(
                [("lot_id", "in", self.ids)], ["lot_id"], ["__count"]
            )
        }
        for lot in self:
            lot.aftersales_request_count = request_data.get(lot.id, 0)
            lot.aftersales_repair_count = repair_data.get(lot.id, 0)
            lot.aftersales_contract_count = len(lot.aftersales_contract_ids)

    def action_view_aftersales_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_service_request_action"
        )
        action["domain"] = [("lot_id", "=", self.id)]
        action["context"] = {
            "default_lot_id": self.id,
            "default_product_id": self.product_id.id,
            "default_partner_id": self.aftersales_partner_id.id,
        }
        return action

    def action_view_aftersales_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("lot_id", "=", self.id)]
        action["context"] = {"default_lot_id": self.id, "default_product_id": self.product_id.id}
        return action

    def action_view_aftersales_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_contract_action"
        )
        action["domain"] = [("id", "in", self.aftersales_contract_ids.ids)]
        action["context"] = {
            "default_lot_ids": [self.id],
            "default_partner_id": self.aftersales_partner_id.id,
        }
        return action

    def action_print_aftersales_certificate(self):
        return self.env.ref(
            "aftersales_service.action_report_aftersales_warranty_certificate"
        ).report_action(self)
