# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date, formatLang

from odoo.addons.aftersales_complaint.models.aftersales_complaint import (
    AftersalesComplaint as AftersalesComplaintBase,
)
from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step

RESALE_FIELDS = frozenset({"resale_outcome", "resale_a_grade_amount", "resale_amount"})


class AftersalesComplaint(models.Model):
    _inherit = "aftersales.complaint"
    # the resale of the defective goods is recorded after the ruling
    _frozen_writable_fields = AftersalesComplaintBase._frozen_writable_fields | RESALE_FIELDS

    # ------------------------------------------------------------------ resale (PN-A03)
    loss_resale = fields.Boolean(
        string="Goods Offered for Resale",
        tracking=True,
        help="The defective goods get a month after the ruling to be resold: sold, the loss "
        "charged is what they lost against their A-grade price; unsold, the actual loss.",
    )
    resale_deadline = fields.Date(
        compute="_compute_resale_deadline",
        store=True,
        help="One month after the ruling (the approval, in the company's time zone).",
    )
    resale_outcome = fields.Selection([("sold", "Sold"), ("not_sold", "Not Sold")], tracking=True)
    resale_a_grade_amount = fields.Monetary(
        string="A-Grade Price", tracking=True, help="What the goods sell for as A-grade goods."
    )
    resale_amount = fields.Monetary(
        string="Sold For", tracking=True, help="What the defective goods were sold for."
    )
    allocated_loss = fields.Monetary(
        string="Loss Charged",
        compute="_compute_allocated_loss",
        help="The loss the responsible people share: against the A-grade price when the "
        "goods were resold, the company loss otherwise.",
    )

    @api.depends("loss_resale", "date_approved")
    def _compute_resale_deadline(self):
        for complaint in self:
            complaint.resale_deadline = (
                complaint.loss_resale
                and complaint.date_approved
                and complaint.company_id._aftersales_local_date(complaint.date_approved)
                + relativedelta(months=1)
            )

    @api.depends("loss_resale", "resale_outcome", "resale_a_grade_amount", "resale_amount")
    def _compute_allocated_loss(self):
        for complaint in self:
            if complaint.loss_resale and complaint.resale_outcome == "sold":
                complaint.allocated_loss = max(
                    complaint.resale_a_grade_amount - complaint.resale_amount, 0.0
                )
            else:
                complaint.allocated_loss = complaint.loss_amount

    def _check_resale_ready(self):
        """A loss waiting for the resale of its goods is allocated once they sold (with
        their prices), or once the month is over unsold."""
        today = self.env["res.company"]._aftersales_default_today()
        for complaint in self.filtered("loss_resale"):
            if complaint.resale_outcome == "sold" and not complaint.resale_a_grade_amount:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s: the goods were resold; enter their A-grade "
                        "price and what they sold for.",
                        complaint=complaint.display_name,
                    )
                )
            if not complaint.resale_outcome and (
                not complaint.resale_deadline or today <= complaint.resale_deadline
            ):
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s: its goods may be resold until %(deadline)s; "
                        "record the sale, or allocate the loss once that day is over.",
                        complaint=complaint.display_name,
                        deadline=format_date(self.env, complaint.resale_deadline)
                        if complaint.resale_deadline
                        else self.env._("one month after the approval"),
                    )
                )

    penalty_entry_ids = fields.One2many(
        "aftersales.penalty.entry",
        "complaint_id",
        string="Penalty Ledger",
    )
    penalty_entry_count = fields.Integer(compute="_compute_penalty_entry_count")

    def _compute_penalty_entry_count(self):
        counts = dict(
            self.env["aftersales.penalty.entry"]._read_group(
                [("complaint_id", "in", self.ids)], ["complaint_id"], ["__count"]
            )
        )
        for complaint in self:
            complaint.penalty_entry_count = counts.get(complaint, 0)

    # ------------------------------------------------------------------ loss allocation
    def _penalty_loss_rule(self):
        self.ensure_one()
        rule = self.env["aftersales.penalty.rule"].search(
            [("kind", "=", "complaint_loss"), ("company_id", "in", [self.company_id.id, False])],
            limit=1,
        )
        if not rule:
            raise UserError(
                self.env._(
                    'Complaint %(complaint)s: no active rule of kind "Economic: Complaint '
                    'Loss Allocation" exists; create one in the rule catalogue.',
                    complaint=self.display_name,
                )
            )
        return rule

    def _ensure_loss_allocatable(self):
        self._check_resale_ready()
        for complaint in self:
            if complaint.currency_id.is_zero(complaint.allocated_loss):
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s has no loss amount to allocate.",
                        complaint=complaint.display_name,
                    )
                )
            if not complaint.responsibility_ids:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s has no responsibility shares.",
                        complaint=complaint.display_name,
                    )
                )
            total = sum(complaint.responsibility_ids.mapped("share"))
            if abs(total - 100.0) > 0.01:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s: the responsibility shares sum to %(total)s%%, "
                        "not 100%%.",
                        complaint=complaint.display_name,
                        total=formatLang(self.env, total),
                    )
                )
            locked = complaint.penalty_entry_ids.filtered(
                lambda e: e.kind == "complaint_loss" and e.state not in ("draft", "cancelled")
            )
            if locked:
                raise UserError(
                    self.env._(
                        "Complaint %(complaint)s: the loss is already allocated by approved "
                        "entries (%(entries)s); reverse them first.",
                        complaint=complaint.display_name,
                        entries=", ".join(locked.mapped("name")),
                    )
                )

    def _allocate_responsibility(self, responsibility, amount):
        """Split ``amount`` of one responsibility line into ``{employee: amount}``.

        By person: the named person bears everything. By team / section, or when nobody is
        named: amount / the unit's total base points x each member's base points
        (seed 000 經濟處罰準則 (三) 3, (四), (五)); the rounding difference goes to the
        largest share so that the split adds up to the amount.
        """
        department = responsibility.department_id
        employee = responsibility.employee_id
        currency = self.currency_id
        if employee and department.aftersales_allocation_mode == "person":
            return {employee: amount}
        members = (
            self.env["hr.employee"]
            .sudo()
            .search(
                [("department_id", "=", department.id), ("company_id", "=", self.company_id.id)],
                order="id",
            )
            .filtered(lambda e: e.aftersales_base_points > 0)
        )
        total_points = sum(members.mapped("aftersales_base_points"))
        if not total_points:
            raise UserError(
                self.env._(
                    "Complaint %(complaint)s: department %(department)s has no member with "
                    "base points; set the base points of its employees.",
                    complaint=self.display_name,
                    department=department.display_name,
                )
            )
        split = {
            member.with_env(self.env): currency.round(
                amount / total_points * member.aftersales_base_points
            )
            for member in members
        }
        difference = currency.round(amount - sum(split.values()))
        if difference:
            biggest = max(split, key=lambda m: (split[m], -m.id))
            split[biggest] = currency.round(split[biggest] + difference)
        return split

    def _prepare_loss_entry_vals(self, rule, responsibility, employee, amount):
        """Draft ledger entry of one person's loss share; called by
        :meth:`action_allocate_penalty_loss`."""
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "rule_id": rule.id,
            "target_type": "employee",
            "employee_id": employee.id,
            "department_id": responsibility.department_id.id,
            "source": "complaint",
            "complaint_id": self.id,
            "quantity": 1.0,
            "unit_amount": amount,
            "reason": self.env._(
                "Complaint %(complaint)s: %(share)s%% of the loss %(loss)s charged to "
                "%(department)s.",
                complaint=self.display_name,
                share=formatLang(self.env, responsibility.share),
                loss=format_amount(self.env, self.allocated_loss, self.currency_id),
                department=responsibility.department_id.display_name,
            ),
        }

    @frozen_step
    def action_allocate_penalty_loss(self):
        """Allocate the complaint loss to people as draft ledger entries (PN-A04, PN-A11).

        Draft loss entries of an earlier allocation are replaced, so the button may be used
        again after a correction of the shares.
        """
        self._ensure_loss_allocatable()
        Entry = self.env["aftersales.penalty.entry"]
        vals_list = []
        for complaint in self:
            rule = complaint._penalty_loss_rule()
            complaint.penalty_entry_ids.filtered(
                lambda e: (
                    (e.kind == "complaint_loss" or (e.origin_key or "").startswith("band:"))
                    and e.state in ("draft", "cancelled")
                )
            ).unlink()
            borne = {}  # employee -> (amount, department) of the whole complaint
            for responsibility in complaint.responsibility_ids.filtered("department_id"):
                amount = complaint.currency_id.round(
                    complaint.allocated_loss * responsibility.share / 100.0
                )
                split = complaint._allocate_responsibility(responsibility, amount)
                for employee, share in split.items():
                    if not share:
                        continue
                    vals_list.append(
                        complaint._prepare_loss_entry_vals(rule, responsibility, employee, share)
                    )
                    total = borne.get(employee, (0.0, None))[0] + share
                    borne[employee] = (total, responsibility.department_id)
            vals_list += complaint._prepare_band_entry_vals(borne)
        entries = Entry.create(vals_list)
        return self.action_view_penalty_entries(entries)

    def _prepare_band_entry_vals(self, borne):
        """Draft administrative sanctions of the company's penalty standard (PN-A05): for
        each person, the band of the loss amount he bears on this complaint. A sanction
        already approved for him on this complaint is not drafted again."""
        self.ensure_one()
        bands = self.env["aftersales.penalty.band"].sudo()._bands_of(self.company_id)
        keys = {employee: f"band:{self.id}:{employee.id}" for employee in borne}
        existing = self.env["aftersales.penalty.entry"]._existing_origin_keys(
            self.company_id, list(keys.values())
        )
        vals_list = []
        for employee, (amount, department) in borne.items():
            band = bands._band_for(amount)
            if not band or keys[employee] in existing:
                continue
            vals_list.append(
                {
                    "company_id": self.company_id.id,
                    "rule_id": band.rule_id.id,
                    "target_type": "employee",
                    "employee_id": employee.id,
                    "department_id": department.id,
                    "source": "complaint",
                    "complaint_id": self.id,
                    "quantity": band.quantity,
                    "origin_key": keys[employee],
                    "reason": self.env._(
                        "Complaint %(complaint)s: %(employee)s bears %(amount)s of the loss, "
                        "from %(band)s on in the penalty standard.",
                        complaint=self.display_name,
                        employee=employee.name,
                        amount=format_amount(self.env, amount, self.currency_id),
                        band=format_amount(self.env, band.amount_from, self.currency_id),
                    ),
                }
            )
        return vals_list

    def action_view_penalty_entries(self, entries=None):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_penalty.aftersales_penalty_entry_action"
        )
        if entries is not None:
            action["domain"] = [("id", "in", entries.ids)]
        else:
            action["domain"] = [("complaint_id", "in", self.ids)]
        if len(self) == 1:
            action["context"] = {
                "default_complaint_id": self.id,
                "default_source": "complaint",
                "default_partner_id": self.partner_id.id,
            }
        return action
