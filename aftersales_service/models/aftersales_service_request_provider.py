# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .aftersales_frozen_mixin import frozen_step

# how far ahead a visit may be agreed with the customer
MAX_APPOINTMENT_DAYS = 90


class AftersalesServiceRequestProviderMixin(models.AbstractModel):
    """A job dispatched to a contracted provider: the provider accepts or declines it (a
    decline returns it to the desk) and agrees the visit with the customer (the appointment,
    which the arrival target then honours)."""

    _name = "aftersales.service.request.provider.mixin"
    _description = "Service Request: Provider's Answer and Appointment"

    provider_acceptance = fields.Selection(
        [
            ("pending", "Waiting for the Provider"),
            ("accepted", "Accepted"),
            ("declined", "Declined"),
        ],
        string="Provider's Answer",
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
    )
    provider_decline_reason = fields.Text(
        string="Reason for Declining", copy=False, readonly=True, tracking=True
    )
    date_provider_answered = fields.Datetime(
        string="Provider Answered On", copy=False, readonly=True
    )
    appointment_start = fields.Datetime(
        string="Appointment From",
        copy=False,
        tracking=True,
        help="The visit time agreed with the customer; the arrival target is its end.",
    )
    appointment_end = fields.Datetime(string="Appointment To", copy=False, tracking=True)
    appointment_changes = fields.Integer(
        string="Rebookings",
        copy=False,
        readonly=True,
        help="How many times the agreed visit was moved: repeated rebooking is a signal.",
    )

    @api.constrains("appointment_start", "appointment_end")
    def _check_appointment(self):
        for job in self:
            if bool(job.appointment_start) != bool(job.appointment_end):
                raise ValidationError(
                    self.env._(
                        "Service request %(name)s: an appointment needs both its start and its "
                        "end.",
                        name=job.display_name,
                    )
                )
            # the agreed visit is the job's arrival target: a visit booked years ahead
            # would take the lateness out of the job
            latest = fields.Datetime.now() + timedelta(days=MAX_APPOINTMENT_DAYS)
            if job.appointment_start and job.appointment_start > latest:
                raise ValidationError(
                    self.env._(
                        "Service request %(name)s: the appointment (%(start)s) is more than "
                        "%(days)s days ahead; agree on a visit within that time.",
                        name=job.display_name,
                        start=job.company_id._aftersales_format_datetime(job.appointment_start),
                        days=MAX_APPOINTMENT_DAYS,
                    )
                )
            if job.appointment_start and job.appointment_end <= job.appointment_start:
                raise ValidationError(
                    self.env._(
                        "Service request %(name)s: the appointment ends (%(end)s) before it "
                        "starts (%(start)s).",
                        name=job.display_name,
                        start=job.appointment_start,
                        end=job.appointment_end,
                    )
                )

    def write(self, vals):
        if "appointment_start" in vals or "appointment_end" in vals:
            moved = self.filtered(
                lambda j: (
                    j.appointment_start
                    and (
                        fields.Datetime.to_datetime(
                            vals.get("appointment_start", j.appointment_start)
                        )
                        != j.appointment_start
                        or fields.Datetime.to_datetime(
                            vals.get("appointment_end", j.appointment_end)
                        )
                        != j.appointment_end
                    )
                )
            )
            booked = self.filtered(
                lambda j: (
                    fields.Datetime.to_datetime(vals.get("appointment_start", j.appointment_start))
                    != j.appointment_start
                )
            )
            result = super().write(vals)
            for job in moved:
                # a system counter, not a user's value
                super(AftersalesServiceRequestProviderMixin, job).write(
                    {"appointment_changes": job.appointment_changes + 1}
                )
            booked.filtered("appointment_start")._notify_visit()
            return result
        return super().write(vals)

    def _notify_visit(self):
        """Tell the customer the visit booked or moved: a mail in their language, and a text
        message when the company sends them."""
        template = self.env.ref(
            "aftersales_service.mail_template_request_visit", raise_if_not_found=False
        )
        for job in self.filtered(lambda j: j.partner_id.email):
            if template:
                job.sudo().message_post_with_source(template, subtype_xmlid="mail.mt_comment")
        sms_template = self.env.ref(
            "aftersales_service.sms_template_request_visit", raise_if_not_found=False
        )
        for job in self.filtered(
            lambda j: (
                j.company_id.aftersales_visit_sms and (j.partner_id.mobile or j.partner_id.phone)
            )
        ):
            if sms_template:
                # queued: the SMS service is called by its scheduled action, not in the
                # user's request
                job.sudo()._message_sms_with_template(
                    template=sms_template, partner_ids=job.partner_id.ids, put_in_queue=True
                )

    # ------------------------------------------------------------------ provider's answer
    def _check_provider_answer(self):
        for job in self:
            if job.state != "dispatched" or job.provider_acceptance != "pending":
                raise UserError(
                    self.env._(
                        "Service request %(name)s does not wait for the provider's answer.",
                        name=job.display_name,
                    )
                )

    @frozen_step
    def action_provider_accept(self):
        self._check_provider_answer()
        self.write(
            {"provider_acceptance": "accepted", "date_provider_answered": fields.Datetime.now()}
        )
        for job in self:
            job.message_post(
                body=self.env._(
                    "%(provider)s accepted the job.", provider=job.provider_id.display_name
                )
            )
        return True

    @frozen_step
    def action_provider_decline(self, reason):
        """The provider declines: the job goes back to the desk, which dispatches it again."""
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the job is declined: the desk reads it."))
        self._check_provider_answer()
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for job in self:
            provider = job.provider_id
            job.write(
                {
                    "state": "new",
                    "provider_acceptance": "declined",
                    "provider_decline_reason": reason,
                    "date_provider_answered": fields.Datetime.now(),
                    "provider_id": False,
                    "date_dispatched": False,
                    "first_contact_deadline": False,
                }
            )
            summary = self.env._(
                "%(provider)s declined job %(name)s", provider=provider.display_name, name=job.name
            )
            job.message_post(body=f"{summary}: {reason}")
            # the desk reads the to-do in its own language, the provider's reason as written
            user = job.user_id or job.supervisor_id or self.env.ref("base.user_admin")
            job.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=user.id,
                summary=user._aftersales_lang_env()._(
                    "%(provider)s declined job %(name)s",
                    provider=provider.display_name,
                    name=job.name,
                ),
                note=reason,
            )
        return True

    def _set_appointment(self, start, end):
        """The visit agreed with the customer (by the desk or by the provider)."""
        self.ensure_one()
        if self.state not in ("new", "dispatched", "in_progress"):
            raise UserError(
                self.env._(
                    "Service request %(name)s is no longer open for an appointment.",
                    name=self.display_name,
                )
            )
        self.write({"appointment_start": start, "appointment_end": end})
        self.message_post(
            body=self.env._(
                "Appointment agreed: %(start)s to %(end)s.",
                start=self.company_id._aftersales_format_datetime(self.appointment_start),
                end=self.company_id._aftersales_format_datetime(self.appointment_end),
            )
        )
        return True
