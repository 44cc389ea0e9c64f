from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .aftersales_frozen_mixin import in_frozen_step


def _money_snapshot(moves):
    """What a confirmed after-sales document fixed on each of ``moves``."""
    return {
        move: (
            move.move_type,
            move.commercial_partner_id.id,
            move.currency_id.id,
            move.amount_untaxed,
            move.amount_total,
            move.state == "cancel",
            move.state == "posted",
        )
        for move in moves
    }


def _check_money_unchanged(moves, before):
    """Refuse the change when a move carrying a confirmed document's amounts lost them."""
    for move, (move_type, partner, currency, untaxed, total, cancelled, posted) in before.items():
        if not move.exists():
            continue
        rounding = move.currency_id.rounding or 0.01
        if (
            move.move_type != move_type
            or move.commercial_partner_id.id != partner
            or move.currency_id.id != currency
            or float_compare(move.amount_untaxed, untaxed, precision_rounding=rounding)
            or float_compare(move.amount_total, total, precision_rounding=rounding)
            or (move.state == "cancel") != cancelled
            # issued: reversed by a credit note, not reset to draft (the documents' own
            # cancellations would then withdraw it as never issued, its payment unmatched)
            or (posted and move.state != "posted")
        ):
            raise move._aftersales_money_error()


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

    # ------------------------------------------------------------------ money fixed upstream
    @api.model
    def _aftersales_money_links(self):
        """``(model, path to account.move)`` of the after-sales documents whose
        confirmation created a move with their amounts: a provider's settlement and its
        vendor bill, a job's or a contract's invoices, a return's credit notes. Other
        addons add theirs (complaint resolutions, ledger entries). Not a claim on a
        vendor's warranty: its credit note is what the vendor grants, and a cancelled one
        puts the part back to claim."""
        return [
            ("aftersales.provider.settlement", "bill_id"),
            ("aftersales.service.request", "invoice_ids"),
            ("aftersales.contract", "invoice_ids"),
            ("aftersales.return.line", "refund_line_id.move_id"),
        ]

    def _aftersales_money_sources(self):
        """``{move: document}``: the moves of ``self`` whose amounts an after-sales
        document fixed, each with (the first of) its documents."""
        moves = self.filtered("id")
        sources = {}
        if not moves:
            return sources
        for model, path in self._aftersales_money_links():
            for document in self.env[model].sudo().search([(path, "in", moves.ids)]):
                for move in document.mapped(path) & moves:
                    sources.setdefault(move, document)
        return sources

    def _aftersales_money_error(self):
        document = self._aftersales_money_sources().get(self)
        if document and document._name == "aftersales.return.line":
            document = document.return_id
        return UserError(
            self.env._(
                "%(move)s carries the amounts of %(document)s: its partner, currency and "
                "amounts cannot be changed, nor can it be reset to draft once posted, "
                "cancelled or deleted. Reverse it with a credit note, or correct "
                "%(document)s through its own buttons.",
                move=self.display_name,
                document=document.display_name
                if document
                else self.env._("an after-sales document"),
            )
        )

    def write(self, vals):
        if in_frozen_step():
            return super().write(vals)
        before = _money_snapshot(self._aftersales_money_sources())
        res = super().write(vals)
        _check_money_unchanged(self, before)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_aftersales_money(self):
        if in_frozen_step():
            return
        sources = self._aftersales_money_sources()
        if sources:
            raise next(iter(sources))._aftersales_money_error()

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


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # the lines of a move an after-sales document fixed: whatever is edited, added or
    # removed, the move's partner, currency and amounts stay those of the document

    @api.model_create_multi
    def create(self, vals_list):
        if in_frozen_step():
            return super().create(vals_list)
        moves = self.env["account.move"].browse(
            {vals["move_id"] for vals in vals_list if vals.get("move_id")}
        )
        before = _money_snapshot(moves._aftersales_money_sources())
        lines = super().create(vals_list)
        _check_money_unchanged(lines.move_id, before)
        return lines

    def write(self, vals):
        if in_frozen_step():
            return super().write(vals)
        moves = self.move_id
        if vals.get("move_id"):
            moves |= self.env["account.move"].browse(vals["move_id"])
        before = _money_snapshot(moves._aftersales_money_sources())
        res = super().write(vals)
        _check_money_unchanged(moves, before)
        return res

    def unlink(self):
        if in_frozen_step():
            return super().unlink()
        moves = self.move_id
        before = _money_snapshot(moves._aftersales_money_sources())
        res = super().unlink()
        _check_money_unchanged(moves, before)
        return res
