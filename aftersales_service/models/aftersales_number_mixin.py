from odoo import api, models


class AftersalesNumberMixin(models.AbstractModel):
    """Numbers new after-sales documents from their ``ir.sequence``.

    A model sets ``_aftersales_sequence_code``; records created with no name (or "/")
    get the next number of the company's sequence (or the shared one). The sequence
    is searched once per company and create batch, not once per record.
    """

    _name = "aftersales.number.mixin"
    _description = "After-Sales Document Numbering"
    _aftersales_sequence_code = False

    @api.model_create_multi
    def create(self, vals_list):
        self._aftersales_assign_numbers(vals_list)
        return super().create(vals_list)

    @api.model
    def _aftersales_assign_numbers(self, vals_list):
        code = self._aftersales_sequence_code
        sequences = {}
        for vals in vals_list:
            if not code or vals.get("name", "/") != "/":
                continue
            company = self.env["res.company"].browse(vals.get("company_id")) or self.env.company
            if company not in sequences:
                sequences[company] = (
                    self.env["ir.sequence"]
                    .sudo()
                    .search(
                        [("code", "=", code), ("company_id", "in", [company.id, False])],
                        order="company_id",
                        limit=1,
                    )
                )
            sequence = sequences[company]
            vals["name"] = sequence._next() if sequence else "/"
