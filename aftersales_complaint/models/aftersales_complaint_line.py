from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AftersalesComplaintLine(models.Model):
    """One product a complaint is about (客戶抱怨處理表: 品名, 批號, 數量, 不良數).

    A complaint may concern several products, each with its lot or serial number, the
    quantity received by the customer and the defective quantity (seed 000 篇2 (八),
    CP-A04). The first line is the complaint's main product; the return, exchange and
    repair resolutions work line by line.
    """

    _name = "aftersales.complaint.line"
    _inherit = ["aftersales.complaint.part.mixin", "aftersales.portal.fields.mixin"]
    _description = "Complaint Product Line"
    _order = "complaint_id, sequence, id"
    _check_company_auto = True
    # the goods complained of are part of what was approved: a line freezes with its
    # complaint. The approved decision is carried out line by line (return, exchange and
    # repair resolutions, the quality feedback) but only reads the lines: no step writes
    # them after approval, and nothing on them is filled in later, so no field stays
    # writable. Its ``state`` is the complaint's (related), never its own.

    def _portal_fields(self):
        return super()._portal_fields() | {
            "complaint_id",
            "sequence",
            "product_id",
            "lot_id",
            "date_shipped",
            "quantity",
            "defective_qty",
            "uom_id",
            "defect",
        }

    complaint_id = fields.Many2one(
        "aftersales.complaint", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="complaint_id.partner_id",
        string="Customer",
        store=True,
        index=True,
        precompute=True,
    )
    date_registered = fields.Datetime(
        related="complaint_id.date_registered",
        string="Registered On",
        store=True,
        precompute=True,
    )
    complaint_class = fields.Selection(
        related="complaint_id.complaint_class", store=True, precompute=True
    )
    state = fields.Selection(related="complaint_id.state", string="Complaint Stage")
    product_id = fields.Many2one(
        "product.product", string="Product", required=True, index=True, check_company=True
    )
    product_categ_id = fields.Many2one(
        related="product_id.categ_id", string="Product Category", store=True, precompute=True
    )
    lot_id = fields.Many2one(
        "stock.lot",
        string="Lot/Serial",
        index=True,
        check_company=True,
        domain="[('product_id', '=', product_id)]",
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(
        digits="Product Unit of Measure", help="Quantity the customer received."
    )
    defective_qty = fields.Float(
        string="Defective Quantity",
        digits="Product Unit of Measure",
        help="Quantity the customer finds defective; returns and exchanges take this "
        "quantity (or the whole quantity when it is not known yet).",
    )
    defect = fields.Char(string="Defect", help="What is wrong with this product.")
    date_shipped = fields.Date(
        string="Ship Date",
        compute="_compute_date_shipped",
        store=True,
        readonly=False,
        precompute=True,
        help="When the goods were shipped to the customer: the delivery date of "
        "the serial, else of the complaint's delivery.",
    )

    @api.depends("complaint_id.name", "product_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.complaint_id.name} / {line.product_id.display_name or ''}"

    @api.depends("lot_id.aftersales_delivery_date", "complaint_id.picking_id.date_done")
    def _compute_date_shipped(self):
        # the ship date the decision was approved on stays with it
        frozen = self._frozen_records()
        for line in self:
            if line in frozen:
                continue
            done = line.complaint_id.picking_id.date_done
            line.date_shipped = (
                line.lot_id.aftersales_delivery_date or (done and done.date()) or line.date_shipped
            )

    @api.onchange("lot_id")
    def _onchange_lot_id(self):
        if self.lot_id:
            self.product_id = self.lot_id.product_id

    @api.constrains("quantity", "defective_qty")
    def _check_quantities(self):
        for line in self:
            if line.defective_qty < 0 or line.quantity < 0:
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s, %(product)s: quantities cannot be negative "
                        "(quantity %(qty)s, defective %(bad)s).",
                        name=line.complaint_id.name,
                        product=line.product_id.display_name,
                        qty=line.quantity,
                        bad=line.defective_qty,
                    )
                )
            if line.quantity and line.defective_qty > line.quantity:
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s: the defective quantity %(bad)s exceeds the "
                        "quantity %(qty)s of %(product)s.",
                        name=line.complaint_id.name,
                        bad=line.defective_qty,
                        qty=line.quantity,
                        product=line.product_id.display_name,
                    )
                )

    @api.constrains("product_id", "lot_id")
    def _check_lot_product(self):
        for line in self:
            if line.lot_id and line.lot_id.product_id != line.product_id:
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s: lot/serial %(lot)s is of %(lot_product)s, "
                        "not of %(product)s.",
                        name=line.complaint_id.name,
                        lot=line.lot_id.name,
                        lot_product=line.lot_id.product_id.display_name,
                        product=line.product_id.display_name,
                    )
                )

    def _claim_qty(self):
        """Quantity a return or exchange takes: the defective quantity, else the whole
        quantity; 0 when neither is known (everything still free is taken)."""
        self.ensure_one()
        return self.defective_qty or self.quantity
