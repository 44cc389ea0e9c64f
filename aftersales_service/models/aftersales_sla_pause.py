# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AftersalesSlaPause(models.Model):
    """A time a document waited on the customer: its open duties' deadlines move on by
    the time paused (working time for working-time policies, the clock otherwise)."""

    _name = "aftersales.sla.pause"
    _inherit = ["aftersales.frozen.mixin"]
    _description = "Service Level Pause"
    _order = "date_start desc, id desc"
    _frozen_state_field = None
    # the facts of a pause are written by the document's own steps only
    _frozen_system_fields = frozenset({"res_model", "res_id", "date_start", "date_end", "duties"})

    res_model = fields.Char(string="Document Model", required=True, index=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    date_start = fields.Datetime(string="Paused On", required=True, readonly=True)
    date_end = fields.Datetime(string="Resumed On", readonly=True)
    duties = fields.Char(
        readonly=True, help="Codes of the duties still open when the pause started."
    )
    reason = fields.Text(required=True)
    user_id = fields.Many2one(
        "res.users", string="Paused By", default=lambda self: self.env.user, readonly=True
    )
    duration_hours = fields.Float(string="Hours Paused", compute="_compute_duration_hours")

    @api.depends("date_start", "date_end")
    def _compute_duration_hours(self):
        now = fields.Datetime.now()
        for pause in self:
            end = pause.date_end or now
            pause.duration_hours = (
                pause.date_start and (end - pause.date_start).total_seconds() / 3600 or 0.0
            )

    def _duty_codes(self):
        self.ensure_one()
        return set(filter(None, (self.duties or "").split(",")))
