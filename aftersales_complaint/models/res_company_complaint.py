from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # the deadlines (closing, stages, first handling, quality report) are service level
    # policies (data/aftersales_sla_policy_data.xml); monthly reporting dates (conflict C-30)
    aftersales_complaint_rate_target = fields.Float(
        string="Complaint Rate Target (%)",
        default=1.0,
        help="Complaints at most this percentage of the month's service calls.",
    )
    aftersales_complaint_rate_due_day = fields.Integer(string="Complaint Rate Due Day", default=5)
    aftersales_complaint_rate_due_hour = fields.Float(
        string="Complaint Rate Due Hour", default=17.0
    )
    aftersales_complaint_stats_due_day = fields.Integer(
        string="Complaint Statistics Due Day", default=10
    )

    # ------------------------------------------------------------ approval levels
    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies._aftersales_complaint_ensure_approval_levels()
        return companies

    @api.model
    def _aftersales_complaint_default_approval_levels(self):
        """The shipped approval levels (sales manager, deputy GM, GM: seed 000 (九) 6) that
        every company starts from."""
        refs = [
            self.env.ref(f"aftersales_complaint.{xmlid}", raise_if_not_found=False)
            for xmlid in ("approval_level_sales", "approval_level_deputy_gm", "approval_level_gm")
        ]
        return (
            self.env["aftersales.complaint.approval.level"]
            .sudo()
            .with_context(active_test=False)
            .browse([ref.id for ref in refs if ref])
        )

    def _aftersales_complaint_ensure_approval_levels(self):
        """Give each company without approval levels a copy of the shipped ones (same
        names and translations, limits and approver groups), so that complaints of
        every company can be decided. Companies that have levels keep theirs."""
        companies = self or self.search([])
        Level = (
            self.env["aftersales.complaint.approval.level"].sudo().with_context(active_test=False)
        )
        defaults = self._aftersales_complaint_default_approval_levels()
        if not defaults:
            return
        with_levels = set(Level._read_group([("company_id", "in", companies.ids)], ["company_id"]))
        for company in companies:
            if (company,) in with_levels or company in defaults.company_id:
                continue
            for level in defaults:
                level.copy({"company_id": company.id, "active": True})
