from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .aftersales_frozen_mixin import changed_fields

# what the computation sets on a job's fee line (the fee rule's amount, the distance)
FEE_COMPUTED_FIELDS = frozenset({"amount", "distance_km"})
LINE_STATES = [("draft", "Draft"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")]


class AftersalesProviderSettlementLine(models.Model):
    """One job fee or one deduction of a provider's monthly settlement.

    The settlement's state is copied on the line so that the database itself refuses a
    job (or a deduction source) on two confirmed settlements: see :meth:`init`.
    """

    _name = "aftersales.provider.settlement.line"
    _inherit = ["aftersales.frozen.mixin"]
    _description = "Provider Settlement Line"
    _frozen_states = ("confirmed",)
    _frozen_parent_field = "settlement_id"
    # a job's fee comes from the settlement's computation (the provider's done, confirmed
    # jobs and the fee rules): its job and rule are never typed; deductions may be added
    # by hand
    _frozen_system_fields = frozenset({"res_model", "res_id", "request_id", "fee_rule_id"})
    _order = "settlement_id, kind desc, sequence, id"
    _check_company_auto = True

    settlement_id = fields.Many2one(
        "aftersales.provider.settlement", required=True, ondelete="cascade", index=True
    )
    # copies of the settlement's, written with the line (faster than related fields on
    # thousands of lines): see create() and the settlement's write()
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    provider_id = fields.Many2one("res.partner", required=True, index=True, readonly=True)
    state = fields.Selection(LINE_STATES, default="draft", required=True, readonly=True, index=True)
    sequence = fields.Integer(default=10)
    kind = fields.Selection(
        [("fee", "Job Fee"), ("deduction", "Deduction")], required=True, default="fee"
    )
    name = fields.Char(string="Description", required=True)
    request_id = fields.Many2one(
        "aftersales.service.request",
        string="Service Request",
        index=True,
        check_company=True,
        ondelete="restrict",
    )
    date_done = fields.Datetime(related="request_id.date_done")
    fee_rule_id = fields.Many2one("aftersales.provider.fee.rule", string="Fee Rule")
    distance_km = fields.Float(string="Distance (km)")
    amount = fields.Monetary(help="Positive for a fee, negative for a deduction.")
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(
        string="Source Record", model_field="res_model", readonly=True
    )

    @api.model_create_multi
    def create(self, vals_list):
        settlements = self.env["aftersales.provider.settlement"].browse(
            {vals["settlement_id"] for vals in vals_list if vals.get("settlement_id")}
        )
        # read once per settlement, not once per line
        copies = {
            s.id: {
                "company_id": s.company_id.id,
                "provider_id": s.provider_id.id,
                "currency_id": s.currency_id.id,
            }
            for s in settlements
        }
        default_kind = self.env.context.get("default_kind") or self._fields["kind"].default(self)
        if not self._frozen_free() and any(
            vals.get("kind", default_kind) == "fee" for vals in vals_list
        ):
            raise UserError(
                self.env._(
                    "A job's fee comes from the settlement's computation (its provider's "
                    "finished, customer-confirmed jobs and the fee rules): compute the "
                    "settlement instead of adding a job line."
                )
            )
        for vals in vals_list:
            # the settlement's, whatever a client sends
            vals.update(copies.get(vals.get("settlement_id"), {}))
        return super().create(vals_list)

    def write(self, vals):
        if (
            "kind" in vals
            and not self._frozen_free()
            and any(line.kind != vals["kind"] for line in self)
        ):
            raise UserError(
                self.env._("A settlement line stays a job fee or a deduction, as it was made.")
            )
        if FEE_COMPUTED_FIELDS & set(vals) and not self._frozen_free():
            # a confirmed line is refused as a whole by the frozen rule
            typed = (self - self._frozen_records()).filtered(
                lambda line: (
                    (line.kind == "fee" or line.res_model)
                    and changed_fields(line, vals, FEE_COMPUTED_FIELDS)
                )
            )
            for line in typed[:1]:
                if line.kind == "fee":
                    raise UserError(
                        self.env._(
                            "The fee of job %(job)s comes from the fee rules (%(rule)s): "
                            "change the rule or the customer's distance and compute the "
                            "settlement again; a correction of the amount is a deduction "
                            "line.",
                            job=line.request_id.name or line.name,
                            rule=line.fee_rule_id.display_name or "-",
                        )
                    )
                raise UserError(
                    self.env._(
                        "Deduction %(name)s comes from its source record: its amount "
                        "changes there (a reversal, a waiver) and the settlement is "
                        "computed again.",
                        name=line.name,
                    )
                )
        return super().write(vals)

    @api.constrains("kind", "amount")
    def _check_deduction_sign(self):
        for line in self:
            if line.kind == "deduction" and line.currency_id.compare_amounts(line.amount, 0) > 0:
                raise ValidationError(
                    self.env._(
                        "Deduction %(name)s of settlement %(settlement)s: the amount "
                        "%(amount)s is positive; a deduction is entered as a negative "
                        "amount (what is taken from the provider's fees).",
                        name=line.name,
                        settlement=line.settlement_id.name,
                        amount=line.amount,
                    )
                )

    def init(self):
        """Double-settlement guard: a job, or a deduction's source record, sits on at most
        one confirmed settlement. Concurrent confirmations collide here even when both
        passed the Python checks."""
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS aftersales_provider_settlement_line_job_uniq
                ON aftersales_provider_settlement_line (request_id)
             WHERE state = 'confirmed' AND kind = 'fee' AND request_id IS NOT NULL
            """
        )
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS aftersales_provider_settlement_line_source_uniq
                ON aftersales_provider_settlement_line (res_model, res_id)
             WHERE state = 'confirmed' AND kind = 'deduction' AND res_model IS NOT NULL
            """
        )
