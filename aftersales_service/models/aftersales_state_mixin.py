from odoo import models
from odoo.exceptions import UserError


class AftersalesStateMixin(models.AbstractModel):
    """The one check of every step of the after-sales documents: the records are in one
    of the states the step starts from."""

    _name = "aftersales.state.mixin"
    _description = "After-Sales Document Steps"

    def _ensure_state(self, states):
        """Refuse a step on records that are not in one of ``states``."""
        wrong = self.filtered(lambda rec: rec.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "%(document)s %(name)s is %(state)s: this step needs %(states)s.",
                    document=self.env["ir.model"]._get(self._name).name,
                    name=wrong[0].display_name,
                    state=labels.get(wrong[0].state, wrong[0].state),
                    states=" / ".join(labels.get(s, s) for s in states),
                )
            )
