from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    aftersales_return_ids = fields.Many2many(
        "aftersales.return",
        string="Return Cases",
        compute="_compute_aftersales_return_ids",
        groups="aftersales_service.group_aftersales_user_own",
    )
    aftersales_return_count = fields.Integer(
        compute="_compute_aftersales_return_ids",
        groups="aftersales_service.group_aftersales_user_own",
    )

    def _compute_aftersales_return_ids(self):
        lines = self.env["aftersales.return.line"].search(
            [
                "|",
                ("refund_line_id.move_id", "in", self.ids),
                ("invoice_line_id.move_id", "in", self.ids),
            ]
        )
        by_invoice = self.env["aftersales.return"].search([("invoice_id", "in", self.ids)])
        for move in self:
            cases = lines.filtered(
                lambda line, m=move: (
                    line.refund_line_id.move_id == m or line.invoice_line_id.move_id == m
                )
            ).return_id
            cases |= by_invoice.filtered(lambda c, m=move: c.invoice_id == m)
            move.aftersales_return_ids = cases
            move.aftersales_return_count = len(cases)

    def action_view_aftersales_returns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_return_action"
        )
        action["domain"] = [("id", "in", self.aftersales_return_ids.ids)]
        action["context"] = {
            "default_invoice_id": self.id,
            "default_partner_id": self.partner_id.commercial_partner_id.id,
        }
        return action

    def _aftersales_invoices_action(self):
        """The customer invoices of ``self`` (a contract's, a job's), the form when one."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("id", "in", self.ids)]
        action["context"] = {"default_move_type": "out_invoice"}
        if len(self) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.id
        return action
