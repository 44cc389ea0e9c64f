# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service level analysis: every timed duty of every document, met, failed or ongoing.

A read-only SQL view built from the duty declarations of the models inheriting
``aftersales.sla.mixin`` (their ``_sla_duty_specs``): a new duty appears here by itself. An
addon adding duties to a model of its own extends this model (``_inherit``) so that the
view is built again when it is installed.
"""

from odoo import api, fields, models, tools
from odoo.tools import SQL


class AftersalesSlaReport(models.Model):
    _name = "aftersales.sla.report"
    _description = "Service Level Analysis"
    _auto = False
    _rec_name = "name"
    _order = "deadline desc, id desc"

    name = fields.Char(string="Document", readonly=True)
    res_model = fields.Char(string="Document Model", readonly=True)
    res_id = fields.Many2oneReference(string="Record", model_field="res_model", readonly=True)
    duty = fields.Selection(selection="_selection_duty", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    date_start = fields.Datetime(string="Started On", readonly=True)
    deadline = fields.Datetime(readonly=True)
    date_done = fields.Datetime(string="Met On", readonly=True)
    month = fields.Date(readonly=True, help="Month of the deadline.")
    status = fields.Selection(
        [("met", "Met"), ("failed", "Failed"), ("ongoing", "Ongoing")], readonly=True
    )
    delay_hours = fields.Float(
        string="Delay (h)", readonly=True, aggregator="avg", help="Hours past the deadline."
    )

    @api.model
    def _selection_duty(self):
        return self.env["aftersales.sla.policy"]._selection_duty()

    def _sla_report_query(self, model_name):
        """One SELECT per duty of ``model_name``."""
        Model = self.env[model_name]
        table = SQL.identifier(Model._table)
        user_field = Model._sla_report_user_field()
        name = SQL("d.name")
        name_field = Model._fields["name"]
        if name_field.inherited:
            # a name kept by the parent record (``_inherits``, e.g. a provider's partner)
            parent = self.env[name_field.related_field.model_name]
            name = SQL(
                "(SELECT p.name FROM %s p WHERE p.id = d.%s)",
                SQL.identifier(parent._table),
                SQL.identifier(Model._inherits[parent._name]),
            )
        selects = []
        for duty, spec in Model._sla_duty_specs().items():
            if not spec.get("report", True):
                continue
            deadline = SQL.identifier("d", spec["deadline"])
            month = SQL("date_trunc('month', %s)::date", deadline)
            if spec.get("date"):
                # a day: met when done before the day is over
                shown = SQL("%s::timestamp", deadline)
                deadline = SQL("(%s + 1)::timestamp", deadline)
            else:
                shown = deadline
            done = SQL("%s::timestamp", SQL.identifier("d", spec["done"]))
            start = (
                SQL("%s::timestamp", SQL.identifier("d", spec["start"]))
                if spec.get("start")
                else SQL("NULL::timestamp")
            )
            user = SQL.identifier("d", user_field) if user_field else SQL("NULL::integer")
            partner = SQL("d.partner_id") if "partner_id" in Model._fields else SQL("NULL::integer")
            where = SQL("d.%s IS NOT NULL", SQL.identifier(spec["deadline"]))
            if "state" in Model._fields:
                where = SQL("%s AND d.state != 'cancelled'", where)
            selects.append(
                SQL(
                    """SELECT %(model)s AS res_model, d.id AS res_id, %(name)s AS name,
                              %(duty)s AS duty, d.company_id AS company_id,
                              %(user)s AS user_id, %(partner)s AS partner_id,
                              %(start)s AS date_start, %(shown)s AS deadline,
                              %(done)s AS date_done, %(month)s AS month,
                              CASE WHEN %(done)s IS NOT NULL AND %(done)s <= %(deadline)s
                                        THEN 'met'
                                   WHEN %(done)s IS NOT NULL
                                        OR %(deadline)s < now() AT TIME ZONE 'UTC'
                                        THEN 'failed'
                                   ELSE 'ongoing' END AS status,
                              GREATEST(EXTRACT(EPOCH FROM
                                  COALESCE(%(done)s, now() AT TIME ZONE 'UTC') - %(deadline)s
                              ) / 3600.0, 0) AS delay_hours
                         FROM %(table)s d
                        WHERE %(where)s""",
                    model=model_name,
                    name=name,
                    duty=f"{model_name}:{duty}",
                    user=user,
                    partner=partner,
                    start=start,
                    shown=shown,
                    month=month,
                    deadline=deadline,
                    done=done,
                    table=table,
                    where=where,
                )
            )
        return selects

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        selects = []
        for model_name in self.env["aftersales.sla.policy"]._duty_models():
            selects.extend(self._sla_report_query(model_name))
        if not selects:
            return
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (SELECT row_number() OVER "
                "(ORDER BY u.res_model, u.res_id, u.duty) AS id, u.* FROM (%s) u)",
                SQL.identifier(self._table),
                SQL(" UNION ALL ").join(selects),
            )
        )

    def action_open_document(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": self.res_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
