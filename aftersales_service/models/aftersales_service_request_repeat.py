# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import models


class AftersalesServiceRequest(models.Model):
    """Repeat repairs, found one way for the overview's figures and the penalty events."""

    _inherit = "aftersales.service.request"

    def _repeat_repair_previous(self, days, previous_kinds=None):
        """``{repair request: the job it repeats}``: for each repair request of ``self`` on a
        unit, the last job of that unit finished at most ``days`` days before the request was
        registered (only jobs of ``previous_kinds``, when given). One search, with the
        caller's rights, whatever the number of requests."""
        repairs = self.filtered(
            lambda r: r.kind == "repair" and r.lot_id and r.state != "cancelled"
        )
        if not repairs:
            return {}
        window = timedelta(days=days)
        domain = [
            ("company_id", "in", repairs.company_id.ids),
            ("lot_id", "in", repairs.lot_id.ids),
            ("state", "in", ("done", "closed")),
            ("date_done", ">=", min(repairs.mapped("date_request")) - window),
        ]
        if previous_kinds:
            domain.append(("kind", "in", list(previous_kinds)))
        finished_by_unit = defaultdict(list)
        for job in self.search(domain, order="date_done, id"):
            finished_by_unit[job.lot_id].append(job)
        result = {}
        for request in repairs:
            previous = [
                job
                for job in finished_by_unit[request.lot_id]
                if job != request
                and job.date_done <= request.date_request <= job.date_done + window
            ]
            if previous:
                result[request] = previous[-1]
        return result
