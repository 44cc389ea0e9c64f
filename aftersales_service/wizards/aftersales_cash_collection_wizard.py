# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.float_utils import float_compare


class AftersalesCashCollectionWizard(models.TransientModel):
    """The technician records the payment the customer made on site; it pays the job's
    invoice (posted now if it was still a draft)."""

    _name = "aftersales.cash.collection.wizard"
    _description = "Payment Taken on Site"

    request_id = fields.Many2one("aftersales.service.request", required=True, readonly=True)
    company_id = fields.Many2one(related="request_id.company_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    method = fields.Selection(
        [("cash", "Cash"), ("mobile", "Mobile Payment (WeChat Pay, Alipay)")],
        required=True,
        default="cash",
    )
    amount = fields.Monetary(required=True)

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        request = self.env["aftersales.service.request"].browse(
            values.get("request_id") or self.env.context.get("active_id")
        )
        if request:
            values["request_id"] = request.id
            values.setdefault("amount", request._aftersales_amount_due())
        return values

    def _journal(self):
        journal_type = "cash" if self.method == "cash" else "bank"
        journal = (
            self.env["account.journal"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("type", "=", journal_type)], limit=1)
        )
        if not journal:
            raise UserError(
                self.env._(
                    "Company %(company)s has no %(type)s journal to record the payment in.",
                    company=self.company_id.name,
                    type=journal_type,
                )
            )
        return journal

    def action_confirm(self):
        self.ensure_one()
        job = self.request_id
        job.check_access("write")  # the technician of the job, or the desk
        if job.state not in ("done", "closed"):
            raise UserError(
                self.env._(
                    "Service request %(name)s: take the payment once the job is done.",
                    name=job.name,
                )
            )
        if float_compare(self.amount, 0.0, precision_rounding=self.currency_id.rounding) <= 0:
            raise UserError(
                self.env._("The amount taken must be positive, not %(amount)s.", amount=self.amount)
            )
        # the invoice and the payment are the books: written as superuser once checked
        job_sudo = job.sudo()
        invoice = job_sudo.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state != "cancel"
        )[:1]
        due = job._aftersales_amount_due()
        if float_compare(self.amount, due, precision_rounding=self.currency_id.rounding) > 0:
            raise UserError(
                self.env._(
                    "Service request %(name)s has %(due)s left to pay, less than %(amount)s.",
                    name=job.name,
                    due=due,
                    amount=self.amount,
                )
            )
        if not invoice:
            job_sudo.action_create_invoice()
            invoice = job_sudo.invoice_ids.filtered(lambda m: m.state != "cancel")[:1]
        if invoice.state == "draft":
            invoice.action_post()
        register = (
            self.env["account.payment.register"]
            .sudo()
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": self.amount,
                    "journal_id": self._journal().id,
                    "payment_date": self.env["res.company"]._aftersales_default_today(),
                }
            )
        )
        payments = register._create_payments()
        payments.write({"aftersales_request_id": job.id, "aftersales_collected_by": self.env.uid})
        job.message_post(
            body=self.env._(
                "%(amount)s taken on site (%(method)s) by %(user)s.",
                amount=self.currency_id.format(self.amount),
                method=dict(self._fields["method"]._description_selection(self.env))[self.method],
                user=self.env.user.name,
            )
        )
        return {"type": "ir.actions.act_window_close"}
