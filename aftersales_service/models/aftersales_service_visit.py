# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class AftersalesServiceVisit(models.Model):
    """One stay of a technician at the customer's: checked in on arrival, checked out when
    leaving, finished or to come back (a part to fetch, the customer away).

    Written by the job's own steps only (check in, check out, finish): the times are
    evidence of the hours a job took, so nobody types them."""

    _name = "aftersales.service.visit"
    _description = "Site Visit"
    _order = "check_in desc, id desc"

    request_id = fields.Many2one(
        "aftersales.service.request",
        string="Service Request",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    company_id = fields.Many2one(related="request_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Checked In By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    check_in = fields.Datetime(
        string="Checked In", required=True, readonly=True, default=fields.Datetime.now
    )
    check_out = fields.Datetime(string="Checked Out", readonly=True)
    hours = fields.Float(
        string="Hours on Site", compute="_compute_hours", store=True, digits=(16, 2)
    )
    outcome = fields.Selection(
        [("finished", "Job Finished"), ("come_back", "To Come Back")],
        readonly=True,
        help="Why the technician left: the job was finished, or it needs another visit.",
    )
    note = fields.Char(readonly=True, help="Why the technician has to come back.")

    @api.depends("check_in", "check_out")
    def _compute_hours(self):
        for visit in self:
            if visit.check_in and visit.check_out:
                visit.hours = (visit.check_out - visit.check_in).total_seconds() / 3600.0
            else:
                visit.hours = 0.0
