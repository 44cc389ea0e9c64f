from odoo import fields, models


class AftersalesServiceRequest(models.Model):
    _inherit = "aftersales.service.request"

    return_visit_ids = fields.One2many(
        "aftersales.return.visit", "service_request_id", string="Return Visits"
    )
    return_visit_count = fields.Integer(compute="_compute_return_visit_count")
    product_categ_id = fields.Many2one(related="product_id.categ_id", string="Product Category")
    aftersales_fault_code_id = fields.Many2one(
        "aftersales.fault.code",
        string="Fault Found",
        index=True,
        domain="['|', ('categ_id', '=', False), ('categ_id', 'parent_of', product_categ_id)]",
        help="The fault the technician found on site: with the company's quality feedback "
        "from every repair, it feeds the quality department and the monthly fault figures "
        "like a workshop repair does.",
    )
    quality_feedback_ids = fields.One2many(
        "aftersales.quality.feedback", "service_request_id", string="Quality Feedback"
    )

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
            if vals["state"] == "done":
                self._create_onsite_quality_feedback()
        return res

    def _prepare_onsite_quality_feedback_vals(self):
        """Values of the quality feedback of a job repaired on site (with a fault code);
        called by :meth:`_create_onsite_quality_feedback`."""
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "source": "service",
            "service_request_id": self.id,
            "partner_id": self.partner_id.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "fault_code_id": self.aftersales_fault_code_id.id,
            "description": self.work_done or self.fault_description or False,
            "date": self.company_id._aftersales_local_date(self.date_done),
        }

    def _create_onsite_quality_feedback(self):
        """A finished on-site job with a fault found gets its quality feedback, as a workshop
        repair does (the repair order makes its own); once."""
        todo = self.filtered(
            lambda r: (
                r.aftersales_fault_code_id
                and r.product_id
                and not r.repair_ids
                and r.company_id.aftersales_quality_feedback_on_repair
            )
        )
        if not todo:
            return self.env["aftersales.quality.feedback"]
        Feedback = self.env["aftersales.quality.feedback"].sudo()
        done = set(Feedback.search([("service_request_id", "in", todo.ids)]).service_request_id.ids)
        return Feedback.create(
            [
                request._prepare_onsite_quality_feedback_vals()
                for request in todo
                if request.id not in done
            ]
        )

    def action_view_return_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_complaint.action_aftersales_return_visit"
        )
        action["domain"] = [("service_request_id", "=", self.id)]
        action["context"] = {"default_service_request_id": self.id}
        return action
