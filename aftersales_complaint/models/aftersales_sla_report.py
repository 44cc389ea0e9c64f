# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AftersalesSlaReport(models.Model):
    """Extended so that the analysis view is built again with the complaint's duties
    when this addon is installed."""

    _inherit = "aftersales.sla.report"
