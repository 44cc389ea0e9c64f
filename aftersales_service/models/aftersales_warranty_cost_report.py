# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Warranty cost per unit sold: per product and month, what the free work (warranty and
contract jobs) cost against the units of that product delivered to customers.

A read-only SQL view. Months are those of the company's time zone (its service calendar's,
else its partner's, else UTC: ``res.company._aftersales_tz``), as the users count them."""

from odoo import fields, models, tools
from odoo.tools import SQL


class AftersalesWarrantyCostReport(models.Model):
    _name = "aftersales.warranty.cost.report"
    _description = "Warranty Cost per Unit Sold"
    _auto = False
    _order = "month desc, cost_total desc"
    _rec_name = "product_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    categ_id = fields.Many2one("product.category", string="Product Category", readonly=True)
    month = fields.Date(readonly=True)
    job_count = fields.Integer(string="Free Jobs", readonly=True)
    cost_total = fields.Monetary(string="Cost of Free Work", readonly=True)
    units_sold = fields.Float(
        string="Units Sold",
        readonly=True,
        digits="Product Unit of Measure",
        help="Units of the product delivered to customers in the month, less those returned.",
    )
    cost_per_unit = fields.Monetary(
        string="Cost per Unit Sold",
        readonly=True,
        aggregator=None,
        help="The cost of the month's free work on the product divided by the units of it "
        "sold in the month; empty when none was sold.",
    )

    def _month(self, column):
        return SQL(
            "date_trunc('month', %s AT TIME ZONE 'UTC' AT TIME ZONE ctz.tz)::date",
            column,
        )

    def _query(self):
        return SQL(
            """
            WITH company_tz AS (
                SELECT c.id AS company_id, COALESCE(cal.tz, cp.tz, 'UTC') AS tz
                  FROM res_company c
                  JOIN res_partner cp ON cp.id = c.partner_id
                  LEFT JOIN resource_calendar cal
                         ON cal.id = COALESCE(c.aftersales_calendar_id, c.resource_calendar_id)
            ), costs AS (
                SELECT r.company_id, r.product_id, %(job_month)s AS month,
                       count(*) AS job_count, sum(r.cost_total) AS cost_total
                  FROM aftersales_service_request r
                  JOIN company_tz ctz ON ctz.company_id = r.company_id
                 WHERE r.is_free_work AND r.state IN ('done', 'closed')
                   AND r.product_id IS NOT NULL AND r.date_done IS NOT NULL
                 GROUP BY 1, 2, 3
            ), sales AS (
                SELECT m.company_id, m.product_id, %(move_month)s AS month,
                       sum(CASE WHEN dest.usage = 'customer' THEN m.product_qty
                                ELSE -m.product_qty END) AS units_sold
                  FROM stock_move m
                  JOIN stock_location src ON src.id = m.location_id
                  JOIN stock_location dest ON dest.id = m.location_dest_id
                  JOIN company_tz ctz ON ctz.company_id = m.company_id
                 WHERE m.state = 'done'
                   AND m.repair_id IS NULL
                   AND ((src.usage = 'internal' AND dest.usage = 'customer')
                        OR (src.usage = 'customer' AND dest.usage = 'internal'))
                   AND m.product_id IN (SELECT product_id FROM costs)
                 GROUP BY 1, 2, 3
            )
            SELECT row_number() OVER (ORDER BY j.month, j.company_id, j.product_id) AS id,
                   j.company_id, j.product_id, pt.categ_id, j.month,
                   COALESCE(j.job_count, 0) AS job_count,
                   COALESCE(j.cost_total, 0) AS cost_total,
                   COALESCE(j.units_sold, 0) AS units_sold,
                   CASE WHEN j.units_sold > 0 THEN COALESCE(j.cost_total, 0) / j.units_sold END
                       AS cost_per_unit
              FROM (SELECT * FROM costs FULL OUTER JOIN sales
                    USING (company_id, product_id, month)) j
              JOIN product_product pp ON pp.id = j.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
            """,
            job_month=self._month(SQL("r.date_done")),
            move_month=self._month(SQL("m.date")),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
