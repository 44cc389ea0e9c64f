from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_frozen_mixin import in_frozen_step


class AftersalesNumberMixin(models.AbstractModel):
    """Numbers new after-sales documents from their ``ir.sequence``.

    A model sets ``_aftersales_sequence_code``; every record created gets the next number
    of the company's sequence (or the shared one), its year and month read in the
    company's time zone. A number sent by a client (a form, RPC, an e-mail subject) never
    becomes the document's number, and a number cannot be renamed: numbers are the
    system's. The company's sequence is looked up once per process
    (``ir.sequence._aftersales_sequence_id``), read once per company and create batch.
    """

    _name = "aftersales.number.mixin"
    _description = "After-Sales Document Numbering"
    _aftersales_sequence_code = False

    @api.model_create_multi
    def create(self, vals_list):
        self._aftersales_assign_numbers(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if (
            self._aftersales_sequence_code
            and "name" in vals
            and not in_frozen_step()
            and any(rec.name != vals["name"] for rec in self)
        ):
            raise UserError(
                self.env._(
                    "%(name)s is a number given by the system: it cannot be renamed to %(new)s.",
                    name=self.filtered(lambda rec: rec.name != vals["name"])[0].name,
                    new=vals["name"],
                )
            )
        return super().write(vals)

    @api.model
    def _aftersales_assign_numbers(self, vals_list):
        code = self._aftersales_sequence_code
        if not code:
            return
        sequences = {}
        for vals in vals_list:
            if in_frozen_step() and vals.get("name", "/") != "/":
                continue
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if company not in sequences:
                tz = company._aftersales_tz()
                sequence = self.env["ir.sequence"]._aftersales_sequence(code, company)
                sequences[company] = sequence.with_context(
                    tz=tz,
                    ir_sequence_date=fields.Datetime.context_timestamp(
                        sequence.with_context(tz=tz), fields.Datetime.now()
                    ).date(),
                )
            sequence = sequences[company]
            vals["name"] = sequence._next() if sequence else "/"


def update_shipped_sequences(env, changes):
    """Give the shipped sequences their new prefix and padding, for migration scripts.

    ``changes`` maps a sequence code to ``(old_prefix, new_prefix, new_padding)``. Only
    the sequences of that code whose prefix is still the old shipped one change: a prefix a
    company chose for itself is kept. The serial goes on from where it was.
    """
    for code, (old_prefix, new_prefix, padding) in changes.items():
        env["ir.sequence"].sudo().with_context(active_test=False).search(
            [("code", "=", code), ("prefix", "=", old_prefix)]
        ).write({"prefix": new_prefix, "padding": padding})
