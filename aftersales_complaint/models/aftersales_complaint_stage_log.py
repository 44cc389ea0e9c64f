from odoo import api, fields, models


class AftersalesComplaintStageLog(models.Model):
    """One stage of a complaint's routing, with its target and actual times.

    It is the complaint register and tracking sheet (客戶抱怨案件登記追蹤表, RPT-A05):
    who held the case, until when, and whether the stage was late (CP-A21).
    """

    _name = "aftersales.complaint.stage.log"
    _description = "Complaint Stage Log"
    _order = "complaint_id, date_start, id"

    complaint_id = fields.Many2one(
        "aftersales.complaint", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, precompute=True
    )
    stage_id = fields.Many2one("aftersales.complaint.stage", index=True, ondelete="restrict")
    # the stage's name in the reader's language (the tracking sheet, the printed form)
    stage = fields.Char(related="stage_id.name", string="Stage Name")
    user_id = fields.Many2one("res.users", string="Done By")
    date_start = fields.Datetime(required=True)
    date_deadline = fields.Datetime(string="Target")
    date_end = fields.Datetime()
    is_late = fields.Boolean(compute="_compute_is_late", store=True, precompute=True)

    @api.depends("date_end", "date_deadline")
    def _compute_is_late(self):
        for log in self:
            log.is_late = bool(
                log.date_deadline and log.date_end and log.date_end > log.date_deadline
            )
