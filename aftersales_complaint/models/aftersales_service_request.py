from odoo import fields, models


class AftersalesServiceRequest(models.Model):
    _inherit = "aftersales.service.request"

    return_visit_ids = fields.One2many(
        "aftersales.return.visit", "service_request_id", string="Return Visits"
    )
    return_visit_count = fields.Integer(compute="_compute_return_visit_count")

    def _compute_return_visit_count(self):
        counts = dict(
            self.env["aftersales.return.visit"]._read_group(
                [("service_request_id", "in", self.ids)], ["service_request_id"], ["__count"]
            )
        )
        for request in self:
            request.return_visit_count = counts.get(request, 0)

    def write(self, vals):
        res = super().write(vals)
        if vals.get("state") in ("done", "closed"):
            self.env["aftersales.return.visit"]._schedule_for_requests(self)
        return res

    def action_view_return_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_complaint.action_aftersales_return_visit"
        )
        action["domain"] = [("service_request_id", "=", self.id)]
        action["context"] = {"default_service_request_id": self.id}
        return action
