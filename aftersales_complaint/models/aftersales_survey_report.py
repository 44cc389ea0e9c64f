from odoo import api, fields, models

from .aftersales_return_visit import VISIT_TYPES


class AftersalesSurveyReport(models.Model):
    """Satisfaction scores per technician, provider and month, with the survey coverage
    (answered / sent). One row per survey sent; scores are empty until answered, so
    averages only count answered surveys."""

    _name = "aftersales.survey.report"
    _description = "Satisfaction Survey Analysis"
    _auto = False
    _order = "date_sent desc"
    _rec_name = "visit_id"

    visit_id = fields.Many2one("aftersales.return.visit", string="Return Visit", readonly=True)
    service_request_id = fields.Many2one(
        "aftersales.service.request", string="Service Request", readonly=True
    )
    company_id = fields.Many2one("res.company", readonly=True)
    visit_type = fields.Selection(VISIT_TYPES, string="Visit Type", readonly=True)
    technician_id = fields.Many2one("res.users", string="Technician", readonly=True)
    provider_id = fields.Many2one("res.partner", string="Service Provider", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one("product.product", string="Product", readonly=True)
    date_sent = fields.Date(string="Sent On", readonly=True)
    date_reference = fields.Date(string="Job Done On", readonly=True)
    sent_count = fields.Integer(string="Surveys Sent", readonly=True)
    answered_count = fields.Integer(string="Surveys Answered", readonly=True)
    low_score_count = fields.Integer(string="Low Scores", readonly=True)
    coverage = fields.Float(
        string="Coverage (%)",
        readonly=True,
        aggregator="avg",
        help="Answered surveys / surveys sent.",
    )
    score_attitude = fields.Float(string="Attitude", readonly=True, aggregator="avg")
    score_skill = fields.Float(string="Skill", readonly=True, aggregator="avg")
    score_arrival = fields.Float(string="Arrival Time", readonly=True, aggregator="avg")
    score_promise = fields.Float(string="Promises Kept", readonly=True, aggregator="avg")
    score_average = fields.Float(string="Score", readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        return """
            SELECT v.id AS id,
                   v.id AS visit_id,
                   v.service_request_id,
                   v.company_id,
                   v.visit_type,
                   v.technician_id,
                   v.provider_id,
                   v.partner_id,
                   v.product_id,
                   v.date_sent::date AS date_sent,
                   v.date_reference::date AS date_reference,
                   1 AS sent_count,
                   CASE WHEN v.state IN ('answered', 'closed') AND v.date_answered IS NOT NULL
                        THEN 1 ELSE 0 END AS answered_count,
                   CASE WHEN v.is_low_score THEN 1 ELSE 0 END AS low_score_count,
                   CASE WHEN v.date_answered IS NOT NULL THEN 100.0 ELSE 0.0 END AS coverage,
                   NULLIF(v.score_attitude, 0) AS score_attitude,
                   NULLIF(v.score_skill, 0) AS score_skill,
                   NULLIF(v.score_arrival, 0) AS score_arrival,
                   NULLIF(v.score_promise, 0) AS score_promise,
                   NULLIF(v.score_average, 0) AS score_average
              FROM aftersales_return_visit v
             WHERE v.user_input_id IS NOT NULL
               AND v.state != 'cancelled'
        """

    @api.model
    def _scores_by(self, field_name, date_from, date_to, domain=None):
        """Monthly appraisal figures (RV-A01) per ``field_name`` (technician_id or
        provider_id) for surveys sent between the two dates.

        :return: {record: {"sent", "answered", "coverage", "score", "low"}}
        """
        domain = [
            ("date_sent", ">=", date_from),
            ("date_sent", "<=", date_to),
            (field_name, "!=", False),
            *(domain or []),
        ]
        rows = self._read_group(
            domain,
            [field_name],
            ["sent_count:sum", "answered_count:sum", "score_average:avg", "low_score_count:sum"],
        )
        return {
            record: {
                "sent": sent,
                "answered": answered,
                "coverage": sent and 100.0 * answered / sent or 0.0,
                "score": score or 0.0,
                "low": low,
            }
            for record, sent, answered, score, low in rows
        }
