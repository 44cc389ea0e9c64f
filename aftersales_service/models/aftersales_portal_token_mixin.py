# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import uuid

from odoo import api, models
from odoo.exceptions import AccessError


class AftersalesPortalTokenMixin(models.AbstractModel):
    """A portal document gets its access token when it is created, not when a page or an
    e-mail first needs it (``portal.mixin._portal_ensure_token``): a document filed on
    the portal is opened by its customer and mailed about by the scheduled actions in the
    same seconds, and two transactions writing the token of the same new row made one of
    them fail on a concurrent update (issue 22, a saturating load). Inherited with
    ``portal.mixin``."""

    _name = "aftersales.portal.token.mixin"
    _description = "After-Sales Portal Access Token at Creation"
    # the token opens the document as its customer (the link of the e-mails, signing the
    # job): no portal user reads it, not even the provider who works the job; the
    # customer's own pages make their links through :meth:`_portal_ensure_token`
    _aftersales_token_owned = True

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("access_token"):
                vals["access_token"] = str(uuid.uuid4())
        return super().create(vals_list)

    def _portal_ensure_token(self):
        if self.env.su or not self.env.user.share:
            return super()._portal_ensure_token()
        customer = self.partner_id.commercial_partner_id
        if not customer or customer != self.env.user.partner_id.commercial_partner_id:
            raise AccessError(
                self.env._(
                    "Only the customer of %(document)s receives its link.",
                    document=self.display_name,
                )
            )
        return super(AftersalesPortalTokenMixin, self.sudo())._portal_ensure_token()

    def message_post(self, **kwargs):
        """A portal user (customer or provider) comments on the document: a message to
        its followers, not a note, nor a mail to partners of their choosing (over RPC as
        through the portal's chatter)."""
        if not self.env.su and self.env.user.share:
            kwargs.pop("partner_ids", None)
            kwargs.pop("subtype_id", None)
            kwargs["message_type"] = "comment"
            kwargs["subtype_xmlid"] = "mail.mt_comment"
        return super().message_post(**kwargs)
