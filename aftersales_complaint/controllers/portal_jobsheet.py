# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _
from odoo.http import request

from odoo.addons.aftersales_service.controllers.portal_jobsheet import AftersalesJobSheetPortal


class AftersalesJobSheetFaultPortal(AftersalesJobSheetPortal):
    """The fault found on site, chosen on the job sheet: it feeds the quality feedback and
    the monthly fault figures as a workshop repair does."""

    def _aftersales_jobsheet_fault_codes(self, job):
        return (
            request.env["aftersales.fault.code"]
            .sudo()
            .search(
                [
                    "|",
                    ("categ_id", "=", False),
                    ("categ_id", "parent_of", job.product_id.categ_id.ids),
                    ("company_id", "in", (False, job.company_id.id)),
                ]
            )
        )

    def _aftersales_jobsheet_values(self, job, errors=None, post=None, message=None):
        values = super()._aftersales_jobsheet_values(job, errors=errors, post=post, message=message)
        values["fault_codes"] = (
            self._aftersales_jobsheet_fault_codes(job)
            if job.state == "in_progress"
            else request.env["aftersales.fault.code"]
        )
        return values

    def _aftersales_jobsheet_finish_vals(self, job, post, errors):
        vals = super()._aftersales_jobsheet_finish_vals(job, post, errors)
        code_id = (post.get("fault_code_id") or "").strip()
        if code_id:
            codes = self._aftersales_jobsheet_fault_codes(job)
            code = codes.filtered(lambda c: str(c.id) == code_id)
            if not code:
                errors["fault_code_id"] = _(
                    "Choose a fault of the list for %(product)s.",
                    product=job.product_id.display_name,
                )
            else:
                vals["aftersales_fault_code_id"] = code.id
        return vals
