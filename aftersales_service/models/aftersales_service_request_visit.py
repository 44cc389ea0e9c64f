# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_frozen_mixin import frozen_step
from .aftersales_service_line import RELEASE_STATES, RESERVE_STATES


class AftersalesServiceRequest(models.Model):
    """The technician's stays on site (check in, check out) and where the parts used on a
    job come from: the provider's consignment stock, the technician's van, the warehouse."""

    _inherit = "aftersales.service.request"

    visit_ids = fields.One2many(
        "aftersales.service.visit", "request_id", string="Site Visits", readonly=True
    )
    on_site = fields.Boolean(
        string="Checked In",
        compute="_compute_visit_figures",
        help="A technician is checked in at the customer's now.",
    )
    visit_hours = fields.Float(
        string="Hours on Site",
        compute="_compute_visit_figures",
        help="The hours between check in and check out of every finished stay on site.",
    )

    def write(self, vals):
        res = super().write(vals)
        # the parts of a job are reserved while it is under way, in the job's stock
        if "state" in vals:
            if vals["state"] in RESERVE_STATES:
                self.line_ids._reserve_parts()
            elif vals["state"] in RELEASE_STATES:
                self.line_ids._release_parts()
        if {"technician_id", "provider_id"} & set(vals):
            self.filtered(lambda job: job.state in RESERVE_STATES).line_ids.filtered(
                "move_id"
            )._refresh_reservations()
        return res

    @api.depends("visit_ids.check_out", "visit_ids.hours")
    def _compute_visit_figures(self):
        for request in self:
            visits = request.sudo().visit_ids
            request.on_site = any(not visit.check_out for visit in visits)
            request.visit_hours = sum(visits.mapped("hours"))

    def _open_visits(self):
        return self.sudo().visit_ids.filtered(lambda visit: not visit.check_out)

    def _visit_check_in(self):
        """Open a visit on each job nobody is checked in on: the job's technician's, else the
        current user's (a provider's user)."""
        todo = self.filtered(lambda request: not request._open_visits())
        return (
            self.env["aftersales.service.visit"]
            .sudo()
            .create(
                [
                    # the job's technician, also when the desk records the arrival for him
                    {"request_id": request.id, "user_id": request.technician_id.id or self.env.uid}
                    for request in todo
                ]
            )
        )

    @frozen_step
    def action_start(self):
        result = super().action_start()
        self._visit_check_in()
        return result

    @frozen_step
    def action_check_in(self):
        """Arrive on site: the first arrival starts the job, a later one opens a new visit."""
        to_start = self.filtered(lambda request: request.state == "dispatched")
        back = self - to_start
        back._ensure_state(("in_progress",))
        for request in back.filtered(lambda r: r._open_visits()):
            raise UserError(
                self.env._(
                    "Service request %(name)s: a technician is already checked in on site.",
                    name=request.name,
                )
            )
        if to_start:
            to_start.action_start()
        back._visit_check_in()
        return True

    @frozen_step
    def action_check_out(self, reason):
        """Leave the site before the job is finished: it needs another visit."""
        self._ensure_state(("in_progress",))
        reason = (reason or "").strip()
        for request in self:
            if not reason:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: say why the job needs another visit.",
                        name=request.name,
                    )
                )
            visits = request._open_visits()
            if not visits:
                raise UserError(
                    self.env._(
                        "Service request %(name)s: nobody is checked in on site.",
                        name=request.name,
                    )
                )
            visits.write(
                {"check_out": fields.Datetime.now(), "outcome": "come_back", "note": reason}
            )
            request.message_post(
                body=self.env._("Left the site, to come back: %(reason)s", reason=reason),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @frozen_step
    def action_done(self):
        now = fields.Datetime.now()
        open_visits = self._open_visits()
        for request in self.filtered(lambda r: r.state == "in_progress" and not r.time_spent):
            # nobody typed the time spent: the time on site counts
            seconds = sum(
                ((visit.check_out or now) - visit.check_in).total_seconds()
                for visit in request.sudo().visit_ids
            )
            if seconds > 0:
                request.time_spent = round(seconds / 3600.0, 2)
        result = super().action_done()
        open_visits.write({"check_out": now, "outcome": "finished"})
        return result

    def _parts_location(self):
        """Where the parts used on this job come from: the provider's consignment stock, the
        technician's van, else the company's warehouse."""
        self.ensure_one()
        if self.provider_id:
            consignment = self.provider_id._aftersales_provider(
                self.company_id
            ).consignment_location_id
            if consignment:
                return consignment
        van = self.technician_id.sudo().aftersales_van_location_id
        if van:
            return van
        return self.company_id._aftersales_warehouse().lot_stock_id

    def action_open_job_sheet(self):
        """The job on the technician's phone page (check in, checklist, parts, photos,
        finish, the customer's signature)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/my/jobsheet/{self.id}",
            "target": "self",
        }
