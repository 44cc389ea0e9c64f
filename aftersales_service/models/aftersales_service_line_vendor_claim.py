# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .aftersales_frozen_mixin import frozen_step


class AftersalesServiceLine(models.Model):
    """Warranty claims to the vendor of a part: a part replaced free of charge for the customer
    while it is still under its vendor's warranty is claimed back with a vendor credit note."""

    _inherit = "aftersales.service.line"
    # the link to the vendor credit note is set by the claim only
    _frozen_system_fields = frozenset({"move_id", "vendor_claim_move_id"})

    vendor_id = fields.Many2one(
        "res.partner",
        string="Part Vendor",
        compute="_compute_vendor_claim",
        store=True,
        help="The vendor whose warranty covers this part (the part's vendor with a warranty).",
    )
    vendor_warranty_end = fields.Date(
        compute="_compute_vendor_claim",
        store=True,
        help="The end of the vendor's warranty on this part: from the day the part (its "
        "serial) was received; unknown for a part without serial.",
    )
    vendor_claimable = fields.Boolean(
        string="Claimable from Vendor",
        compute="_compute_vendor_claim",
        store=True,
        index=True,
        help="A part used free of charge for the customer, under its vendor's warranty on the "
        "day of the job.",
    )
    vendor_claim_move_id = fields.Many2one(
        "account.move",
        string="Vendor Credit Note",
        copy=False,
        readonly=True,
        index="btree_not_null",
    )
    vendor_claim_state = fields.Selection(
        [("to_claim", "To Claim"), ("claimed", "Claimed")],
        compute="_compute_vendor_claim_state",
        store=True,
        string="Vendor Claim",
    )

    def _vendor_claim_serial_text(self):
        return f" ({self.lot_id.name})" if self.lot_id else ""

    def _vendor_warranty_info(self):
        """The part's first vendor line with a warranty, if any."""
        self.ensure_one()
        infos = self.product_id.sudo().seller_ids.filtered(
            lambda info: (
                info.aftersales_warranty_months > 0
                and info.company_id in (self.company_id, self.env["res.company"])
                and (not info.product_id or info.product_id == self.product_id)
            )
        )
        return infos[:1]

    def _parts_received_on(self):
        """``{lot: day}``: the day each part's serial of ``self`` first came in from a vendor,
        where known; one query for all the lines."""
        lots = self.lot_id
        if not lots:
            return {}
        groups = (
            self.env["stock.move.line"]
            .sudo()
            ._read_group(
                [
                    ("lot_id", "in", lots.ids),
                    ("state", "=", "done"),
                    ("location_id.usage", "=", "supplier"),
                ],
                ["lot_id"],
                ["date:min"],
            )
        )
        return {lot: date.date() for lot, date in groups if date}

    @api.depends(
        "line_type",
        "charged",
        "move_id.state",
        "lot_id",
        "product_id.seller_ids.aftersales_warranty_months",
        "request_id.date_done",
    )
    def _compute_vendor_claim(self):
        received_on = self.filtered(lambda line: line.line_type == "part")._parts_received_on()
        for line in self:
            info = line._vendor_warranty_info() if line.line_type == "part" else False
            received = received_on.get(line.lot_id) if info else False
            line.vendor_id = info.partner_id if info else False
            line.vendor_warranty_end = (
                received + relativedelta(months=info.aftersales_warranty_months)
                if received
                else False
            )
            used_on = (line.request_id.date_done or fields.Datetime.now()).date()
            line.vendor_claimable = bool(
                info
                and not line.charged
                and line.move_id.state == "done"
                and (not line.vendor_warranty_end or used_on <= line.vendor_warranty_end)
            )

    @api.depends("vendor_claimable", "vendor_claim_move_id.state")
    def _compute_vendor_claim_state(self):
        for line in self:
            if line.vendor_claim_move_id and line.vendor_claim_move_id.state != "cancel":
                line.vendor_claim_state = "claimed"
            elif line.vendor_claimable:
                line.vendor_claim_state = "to_claim"
            else:
                line.vendor_claim_state = False

    def _vendor_claim_price(self):
        self.ensure_one()
        info = self._vendor_warranty_info()
        return info.price or self.product_id.standard_price

    @frozen_step
    def action_claim_from_vendor(self):
        """One draft vendor credit note per vendor for the parts selected."""
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise AccessError(
                self.env._("Only a service manager claims parts back from their vendors.")
            )
        refused = self.filtered(lambda line: line.vendor_claim_state != "to_claim")
        if refused:
            # no f-string inside the call below: the term extraction reads its arguments
            parts = ", ".join(
                f"{line.request_id.name} {line.product_id.display_name}" for line in refused
            )
            raise UserError(
                self.env._(
                    "These parts cannot be claimed from their vendor (not under a vendor's "
                    "warranty, charged to the customer, not used yet, or claimed already): "
                    "%(parts)s",
                    parts=parts,
                )
            )
        moves = self.env["account.move"]
        for (vendor, company), lines in self.grouped(
            lambda line: (line.vendor_id, line.company_id)
        ).items():
            # the vendor's document, in the vendor's language
            vendor_env = vendor._aftersales_lang_env()
            move = (
                self.env["account.move"]
                .with_company(company)
                .create(
                    {
                        "move_type": "in_refund",
                        "partner_id": vendor.id,
                        "company_id": company.id,
                        "ref": vendor_env._("Warranty claim"),
                        "invoice_line_ids": [
                            fields.Command.create(
                                {
                                    "product_id": line.product_id.id,
                                    "name": vendor_env._(
                                        "Warranty claim: %(part)s%(serial)s replaced on "
                                        "%(request)s",
                                        part=line.product_id.with_env(vendor_env).display_name,
                                        serial=line._vendor_claim_serial_text(),
                                        request=line.request_id.name,
                                    ),
                                    "quantity": line.quantity,
                                    "price_unit": line._vendor_claim_price(),
                                }
                            )
                            for line in lines
                        ],
                    }
                )
            )
            lines.write({"vendor_claim_move_id": move.id})
            moves |= move
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_in_refund_type")
        action["domain"] = [("id", "in", moves.ids)]
        return action
