from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError

from .aftersales_frozen_mixin import in_frozen_step


class IrAttachment(models.Model):
    """The files of a frozen document (a confirmed settlement, an approved ledger entry, a
    finished job's photos and signed voucher) are part of it: they are neither deleted nor
    moved to another record, whatever the group. Files may still be added (the chatter)."""

    _inherit = "ir.attachment"

    def _aftersales_check_files_locked(self):
        by_model = defaultdict(set)
        for attachment in self.sudo():
            # a binary field's storage (res_field) follows its field's own rules
            if attachment.res_model and attachment.res_id and not attachment.res_field:
                by_model[attachment.res_model].add(attachment.res_id)
        for model, ids in by_model.items():
            records = self.env.get(model)
            if records is None or not hasattr(records, "_aftersales_files_locked"):
                continue
            locked = records.sudo().browse(ids).exists()._aftersales_files_locked()
            if locked:
                raise UserError(
                    self.env._(
                        "The files of %(document)s %(name)s are part of it (%(state)s): they "
                        "cannot be deleted or moved.",
                        document=self.env["ir.model"]._get(model).name,
                        name=locked[0].display_name,
                        state=locked[0]._frozen_state_label(),
                    )
                )

    def write(self, vals):
        if ("res_model" in vals or "res_id" in vals) and not in_frozen_step():
            self._aftersales_check_files_locked()
        return super().write(vals)

    def unlink(self):
        if not in_frozen_step():
            self._aftersales_check_files_locked()
        return super().unlink()
