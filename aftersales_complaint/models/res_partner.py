from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _aftersales_provider_rating(self):
        """Provider scorecard: average satisfaction score (4 very satisfied ... 1 very
        dissatisfied) of the answered return-visit surveys of the provider's jobs."""
        ratings = super()._aftersales_provider_rating()
        rows = (
            self.env["aftersales.return.visit"]
            .sudo()
            ._read_group(
                [
                    ("provider_id", "in", self.ids),
                    ("date_answered", "!=", False),
                    ("score_average", ">", 0),
                ],
                ["provider_id"],
                ["score_average:avg"],
            )
        )
        ratings.update({provider.id: average for provider, average in rows})
        return ratings
