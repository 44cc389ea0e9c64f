from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesComplaintApprovalLevel(models.Model):
    """Approval authority for complaint decisions (seed 000 (九) 6).

    The decision amount picks the first level (lowest limit) that covers it; only
    members of that level's group approve it. Major complaints need at least the level
    flagged ``for_major`` (the deputy general manager, seed 000 (二十六)).
    """

    _name = "aftersales.complaint.approval.level"
    _description = "Complaint Approval Level"
    _order = "company_id, sequence, amount_limit, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_limit = fields.Monetary(
        string="Up to Amount", help="Highest decision amount this level approves; 0 = no limit."
    )
    group_id = fields.Many2one(
        "res.groups",
        string="Approver Group",
        required=True,
        domain=lambda self: [("category_id", "=", self._approval_category().id)],
        help="One of the Complaint Approval Authority groups.",
    )
    for_major = fields.Boolean(
        string="Minimum for Major Complaints",
        help="Major complaints need at least this level, whatever the amount.",
    )
    active = fields.Boolean(default=True)

    def _approval_category(self):
        return (
            self.env.ref(
                "aftersales_complaint.module_category_aftersales_complaint_approval",
                raise_if_not_found=False,
            )
            or self.env["ir.module.category"]
        )

    @api.constrains("group_id")
    def _check_approval_group(self):
        """Approval authority goes to the approval groups, never to every internal user."""
        category = self._approval_category()
        for level in self:
            if category and level.group_id.category_id != category:
                raise ValidationError(
                    self.env._(
                        "Approval level %(level)s: %(group)s is not a Complaint Approval "
                        "Authority group.",
                        level=level.name,
                        group=level.group_id.full_name,
                    )
                )

    def _covers(self, amount):
        self.ensure_one()
        return not self.amount_limit or amount <= self.amount_limit
