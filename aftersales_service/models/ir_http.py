# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The portal's chatter (Odoo's ``mail`` components: "The conversation is empty.",
        "Send"...) speaks the customer's language on the portal pages of the after-sales
        documents too, not English."""
        mods = super()._get_translation_frontend_modules_name()
        return mods + [mod for mod in ("mail", "aftersales_service") if mod not in mods]
