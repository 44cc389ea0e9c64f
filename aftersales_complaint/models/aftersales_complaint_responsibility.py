from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesComplaintResponsibility(models.Model):
    """Responsibility share of a department (and optionally a person) in a complaint.

    The shares of one complaint sum to 100 % once it is attributed (seed 000 (九) 7).
    """

    _name = "aftersales.complaint.responsibility"
    _inherit = ["aftersales.complaint.part.mixin"]
    _description = "Complaint Responsibility Share"
    _order = "complaint_id, share desc, id"
    _check_company_auto = True
    # the shares are part of what was approved (loss allocation to people, PN-A04): they
    # freeze with their complaint; no step of the complaint writes them after approval

    complaint_id = fields.Many2one(
        "aftersales.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, precompute=True
    )
    department_id = fields.Many2one(
        "hr.department", string="Department", required=True, index=True, check_company=True
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Person",
        index=True,
        check_company=True,
        domain="[('department_id', '=?', department_id)]",
    )
    supplier_id = fields.Many2one(
        "res.partner",
        string="Supplier",
        help="Raw-material supplier or other company sharing the responsibility.",
    )
    share = fields.Float(string="Share (%)", required=True, default=100.0)
    note = fields.Char()
    currency_id = fields.Many2one(related="complaint_id.currency_id")
    loss_share_amount = fields.Monetary(
        string="Loss Share",
        compute="_compute_loss_share_amount",
        store=True,
        help="The share of the complaint's loss borne by this department or person.",
    )

    @api.depends("complaint_id.name", "department_id", "employee_id")
    def _compute_display_name(self):
        for line in self:
            who = line.employee_id or line.department_id
            line.display_name = f"{line.complaint_id.name} / {who.display_name or ''}"

    @api.depends("share", "complaint_id.loss_amount")
    def _compute_loss_share_amount(self):
        for line in self:
            line.loss_share_amount = line.complaint_id.loss_amount * line.share / 100.0

    @api.constrains("share")
    def _check_share_range(self):
        for line in self:
            if line.share <= 0 or line.share > 100:
                raise ValidationError(
                    self.env._(
                        "The responsibility share of %(dept)s must be between 0 and 100 %%, "
                        "not %(share)s.",
                        dept=line.department_id.display_name,
                        share=line.share,
                    )
                )

    @api.constrains("share", "complaint_id")
    def _check_complaint_total(self):
        self.complaint_id._check_shares_when_decided()

    @api.onchange("employee_id")
    def _onchange_employee_id(self):
        if self.employee_id.department_id:
            self.department_id = self.employee_id.department_id
