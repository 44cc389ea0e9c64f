# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import uuid

from odoo import api, models


class AftersalesPortalTokenMixin(models.AbstractModel):
    """A portal document gets its access token when it is created, not when a page or an
    e-mail first needs it (``portal.mixin._portal_ensure_token``): a document filed on
    the portal is opened by its customer and mailed about by the scheduled actions in the
    same seconds, and two transactions writing the token of the same new row made one of
    them fail on a concurrent update (issue 22, a saturating load). Inherited with
    ``portal.mixin``."""

    _name = "aftersales.portal.token.mixin"
    _description = "After-Sales Portal Access Token at Creation"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("access_token"):
                vals["access_token"] = str(uuid.uuid4())
        return super().create(vals_list)
