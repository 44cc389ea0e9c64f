from odoo import models


class AftersalesProvider(models.Model):
    _inherit = "aftersales.provider"

    def _scorecard_rating(self):
        """Provider scorecard: average satisfaction score (4 very satisfied ... 1 very
        dissatisfied) of the answered return-visit surveys of the provider's jobs."""
        ratings = super()._scorecard_rating()
        rows = (
            self.env["aftersales.return.visit"]
            .sudo()
            ._read_group(
                [
                    ("provider_id", "in", self.partner_id.ids),
                    ("date_answered", "!=", False),
                    ("score_average", ">", 0),
                ],
                ["provider_id"],
                ["score_average:avg"],
            )
        )
        ratings.update({partner.id: average for partner, average in rows})
        return ratings
