from odoo import fields, models

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step


class RepairOrder(models.Model):
    _inherit = "repair.order"

    aftersales_fault_code_id = fields.Many2one(
        "aftersales.fault.code",
        string="Fault Code",
        index=True,
        domain="['|', ('categ_id', '=', False), ('categ_id', 'parent_of', product_categ_id)]",
    )
    product_categ_id = fields.Many2one(related="product_id.categ_id", string="Product Category")
    quality_feedback_ids = fields.One2many("aftersales.quality.feedback", "repair_id")
    quality_feedback_count = fields.Integer(compute="_compute_quality_feedback_count")

    def _compute_quality_feedback_count(self):
        counts = dict(
            self.env["aftersales.quality.feedback"]._read_group(
                [("repair_id", "in", self.ids)], ["repair_id"], ["__count"]
            )
        )
        for repair in self:
            repair.quality_feedback_count = counts.get(repair, 0)

    def _prepare_quality_feedback_vals(self):
        """Values of the quality feedback of a repair. Called by
        :meth:`_create_quality_feedback` (button and repair done)."""
        self.ensure_one()
        request = self.aftersales_request_id
        return {
            "company_id": self.company_id.id,
            "source": "repair",
            "repair_id": self.id,
            "service_request_id": request.id,
            "partner_id": self.partner_id.id or request.partner_id.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "fault_code_id": self.aftersales_fault_code_id.id,
            "description": self.internal_notes or request.fault_description or False,
            "date": self.env["res.company"]._aftersales_default_today(),
        }

    def _create_quality_feedback(self):
        """One feedback per repair: repairs that already have one are skipped."""
        todo = self.filtered(lambda r: r.product_id and not r.quality_feedback_ids)
        return self.env["aftersales.quality.feedback"].create(
            [repair._prepare_quality_feedback_vals() for repair in todo]
        )

    @frozen_step
    def action_repair_done(self):
        res = super().action_repair_done()
        self.filtered(
            lambda r: r.state == "done" and r.company_id.aftersales_quality_feedback_on_repair
        ).sudo()._create_quality_feedback()
        return res

    @frozen_step
    def action_create_quality_feedback(self):
        self.ensure_one()
        feedback = self._create_quality_feedback() or self.quality_feedback_ids[:1]
        return feedback._get_form_action()

    def action_view_quality_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_complaint.action_aftersales_quality_feedback"
        )
        action["domain"] = [("repair_id", "=", self.id)]
        action["context"] = {"default_repair_id": self.id, "default_source": "repair"}
        return action
