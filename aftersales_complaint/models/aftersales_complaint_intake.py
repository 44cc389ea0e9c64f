# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step
from odoo.addons.aftersales_service.models.mail_activity import (
    acting_user,
    pending_step,
    take_pending,
    trigger_cron,
)

# the scheduled action giving the deputy general manager the to-do of an escalated
# complaint, run right after the commit of the complaint's registration
ESCALATION_CRON = "aftersales_complaint.ir_cron_aftersales_complaint_escalations"


class AftersalesComplaintIntakeMixin(models.AbstractModel):
    """Registration of a complaint by the GM office: its monthly number, the check for
    earlier complaints of the same customer about the same products, and the escalation
    of major and repeat complaints to the deputy general manager.

    Inherited by ``aftersales.complaint`` only, whose ``create`` calls these steps.
    """

    _name = "aftersales.complaint.intake.mixin"
    _description = "Complaint Registration"

    escalation_pending = fields.Boolean(
        string="Escalation Pending",
        copy=False,
        readonly=True,
        index=True,
        help="Escalated: the to-do of the person it was escalated to is given by the "
        "scheduled action right after the registration.",
    )
    repeat_count = fields.Integer(
        string="Earlier Complaints",
        copy=False,
        readonly=True,
        help="Earlier complaints of the same customer about the same product in the last "
        "12 months; a repeat complaint is escalated to the superiors.",
    )

    # ================================================================== numbering
    @api.model
    def _complaint_sequence(self, company):
        sequence = self.env["ir.sequence"]._aftersales_sequence("aftersales.complaint", company)
        if not sequence:
            raise UserError(self.env._("The complaint sequence (aftersales.complaint) is missing."))
        return sequence

    @api.model
    def _next_complaint_number(self, company, date_registered):
        """Number YYYYMM-NNNN whose serial restarts every month (seed 000 (八)), the month
        read in the company's time zone.

        The serial comes from the month's date range of a ``standard`` sequence (a
        PostgreSQL sequence: no row lock, so parallel creations never wait on each other
        nor fail). Only the first complaint of a month creates that range: it first
        updates the sequence's row, so that a second transaction doing the same at the
        same moment waits, then fails with a serialization error, which Odoo retries
        (it then sees the range); two ranges of one month, hence duplicate numbers, are
        impossible.
        """
        sequence = self._complaint_sequence(company).sudo()
        day = company._aftersales_local_date(date_registered)
        range_id = sequence._aftersales_date_range_id(sequence.id, day)
        if range_id:
            # the month's range, known to this process: its serial directly
            date_range = self.env["ir.sequence.date_range"].sudo().browse(range_id)
            return date_range.with_context(ir_sequence_date_range=date_range.date_from)._next()
        first = day.replace(day=1)
        last = first + relativedelta(months=1, days=-1)
        DateRange = self.env["ir.sequence.date_range"].sudo()
        range_domain = [
            ("sequence_id", "=", sequence.id),
            ("date_from", "<=", day),
            ("date_to", ">=", day),
        ]
        if not DateRange.search(range_domain, limit=1):
            # a concurrent first complaint makes this fail with a serialization error,
            # which Odoo retries: not an error worth a log line
            self.env.cr.execute(
                "UPDATE ir_sequence SET write_date = write_date WHERE id = %s",
                [sequence.id],
                log_exceptions=False,
            )
            if not DateRange.search(range_domain, limit=1):
                DateRange.create(
                    {
                        "sequence_id": sequence.id,
                        "date_from": first,
                        "date_to": last,
                        "number_next": 1,
                    }
                )
        return sequence.with_company(company).next_by_id(sequence_date=day)

    def _flag_repeat(self):
        """Count earlier complaints of the same customer on any of the same products
        (12 months); a repeat complaint is escalated like a major one (CP-B5)."""
        with_product = self.filtered(lambda c: c.line_ids and not c.parent_id)
        if not with_product:
            return
        since = min(with_product.mapped("date_registered")) - relativedelta(months=12)
        groups = self.env["aftersales.complaint.line"]._read_group(
            [
                ("partner_id", "in", with_product.partner_id.ids),
                ("product_id", "in", with_product.line_ids.product_id.ids),
                ("date_registered", ">=", since),
                ("complaint_id.parent_id", "=", False),
                ("complaint_id.state", "!=", "cancelled"),
            ],
            ["partner_id", "product_id"],
            ["complaint_id:array_agg"],
        )
        others = {(partner.id, product.id): ids for partner, product, ids in groups}
        repeated = self.browse()
        for complaint in with_product:
            earlier = set()
            products = self.env["product.product"]
            for product in complaint.line_ids.product_id:
                ids = set(others.get((complaint.partner_id.id, product.id), [])) - {complaint.id}
                if ids:
                    earlier |= ids
                    products |= product
            if earlier:
                complaint.repeat_count = len(earlier)
                # a note for the desk, nobody notified (the escalation's activity tells)
                complaint._message_log(
                    body=self.env._(
                        "Repeat complaint: %(count)s earlier complaint(s) of this customer "
                        "about %(product)s in the last 12 months.",
                        count=len(earlier),
                        product=", ".join(products.mapped("display_name")),
                    )
                )
                repeated |= complaint
        repeated.filtered(lambda c: not c.escalation_user_id)._escalate_major()

    def _escalate_major(self):
        """Major complaints go to the deputy general manager, who has the customer visited
        in person (seed 000 (二十六), (二十八)); an activity tells them once. The complaint
        names them at once; their to-do (and its mail) is given by the scheduled action
        right after the commit (:meth:`_cron_escalation_todos`), not inside the request of
        the customer or the desk registering the complaint."""
        if not self:
            return
        group_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "aftersales_complaint.group_complaint_approver_deputy_gm", raise_if_not_found=False
        )
        approvers = {}  # company: the first deputy general manager working for it
        escalated = {}  # user: the complaints escalated to them
        for complaint in self:
            company = complaint.company_id
            if group_id and company not in approvers:
                approvers[company] = (
                    self.env["res.users"]
                    .sudo()
                    .search(
                        [
                            ("groups_id", "=", group_id),
                            ("share", "=", False),
                            ("company_ids", "in", company.ids),
                        ],
                        limit=1,
                    )
                    .with_env(self.env)
                )
            user = complaint.escalation_user_id or approvers.get(company)
            if user:
                escalated[user] = escalated.get(user, self.browse()) | complaint
        for user, complaints in escalated.items():
            complaints.write({"escalation_user_id": user.id, "escalation_pending": True})
        if escalated:
            trigger_cron(self.env, ESCALATION_CRON)

    @api.model
    @frozen_step
    def _cron_escalation_todos(self, limit=200):
        """Give the person each escalated complaint went to its to-do (and its mail), once,
        in the name of the user who escalated it."""
        complaints = take_pending(self, "escalation_pending", ESCALATION_CRON, limit)
        # who escalated it: its last writer, before this action writes it
        authors = {c: acting_user(c.write_uid, self.env) for c in complaints}
        complaints.write({"escalation_pending": False})
        for complaint in complaints.filtered("escalation_user_id"):
            with pending_step(complaint):
                complaint.with_user(authors[complaint]).sudo()._schedule_escalation_todo()
        return complaints

    def _schedule_escalation_todo(self):
        self.ensure_one()
        user = self.escalation_user_id
        self.activity_schedule(
            "aftersales_complaint.mail_activity_type_complaint_major",
            user_id=user.id,
            date_deadline=fields.Date.context_today(self),
            summary=user._aftersales_lang_env()._(
                "Major complaint %(name)s: review and visit the customer", name=self.name
            ),
        )
