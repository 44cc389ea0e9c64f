# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, models

from odoo.addons.aftersales_service.models.aftersales_frozen_mixin import frozen_step
from odoo.addons.aftersales_service.models.res_company import in_company_language


class AftersalesComplaintReport(models.AbstractModel):
    """Monthly complaint statistics and complaint rate (seed 000 (九) 10 and 篇7), and the
    monthly activities asking the complaint managers for them (conflict C-30).

    No records: read by the statistics wizard and report, the After-Sales Overview and
    the monthly cron.
    """

    _name = "aftersales.complaint.report"
    _description = "Complaint Statistics"

    @api.model
    def _get_monthly_statistics(self, month, company=None):
        """Counts and rates of the complaints registered in the month of ``month``: by
        class, cause, department, product, with the complaint rate against the month's
        service calls; and the complaints closed in the month, whenever registered (the
        monthly report counts those too). The month is the company's (its time zone)."""
        Complaint = self.env["aftersales.complaint"]
        company = company or self.env.company
        first = month.replace(day=1)
        start = company._aftersales_day_start(first)
        end = company._aftersales_day_start(first + relativedelta(months=1))
        domain = [
            ("company_id", "=", company.id),
            ("date_registered", ">=", start),
            ("date_registered", "<", end),
            ("state", "!=", "cancelled"),
        ]
        counts = Complaint._read_group(
            domain, ["state", "closed_late", "handled_on_time"], ["__count"]
        )
        total = sum(count for *_keys, count in counts)
        closed = sum(count for state, _late, _on_time, count in counts if state == "closed")
        closed_late = sum(count for _state, late, _on_time, count in counts if late)
        handled_on_time = sum(count for _state, _late, on_time, count in counts if on_time)
        closed_in_month = dict(
            Complaint._read_group(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "closed"),
                    ("date_closed", ">=", start),
                    ("date_closed", "<", end),
                ],
                ["closed_late"],
                ["__count"],
            )
        )
        calls = self.env["aftersales.service.request"].search_count(
            [
                ("company_id", "=", company.id),
                ("date_request", ">=", start),
                ("date_request", "<", end),
            ]
        )
        classes = dict(Complaint._fields["complaint_class"]._description_selection(self.env))

        def _group(field):
            return Complaint._read_group(domain, [field], ["__count"])

        complaint_ids = Complaint.search(domain).ids
        by_department = self.env["aftersales.complaint.responsibility"]._read_group(
            [("complaint_id", "in", complaint_ids)],
            ["department_id"],
            ["__count", "share:sum", "loss_share_amount:sum"],
        )
        rate = calls and total * 100.0 / calls or 0.0
        on_time_rate = closed and (closed - closed_late) * 100.0 / closed or 0.0
        handled_rate = total and handled_on_time * 100.0 / total or 0.0
        return {
            "company": company,
            "month": first,
            "total": total,
            "closed": closed,
            "closed_late": closed_late,
            "closed_in_month": sum(closed_in_month.values()),
            "closed_in_month_late": closed_in_month.get(True, 0),
            "handled_on_time": handled_on_time,
            "service_calls": calls,
            "complaint_rate": rate,
            "closed_on_time_rate": on_time_rate,
            "handled_on_time_rate": handled_rate,
            "rate_target": company.aftersales_complaint_rate_target,
            "rate_ok": rate <= company.aftersales_complaint_rate_target,
            "by_class": [(classes.get(v, v), c) for v, c in _group("complaint_class")],
            "by_cause": [(v.display_name if v else "-", c) for v, c in _group("cause_id")],
            # a complaint about several products counts once for each of them
            "by_product": [
                (product.display_name, count, defective)
                for product, count, defective in self.env["aftersales.complaint.line"]._read_group(
                    [("complaint_id", "in", complaint_ids)],
                    ["product_id"],
                    ["complaint_id:count_distinct", "defective_qty:sum"],
                    order="complaint_id:count_distinct desc",
                )
            ],
            "by_department": [
                (dept.display_name, count, share / 100.0, loss)
                for dept, count, share, loss in by_department
            ],
        }

    @api.model
    def _monthly_report_anchor(self, company, today=None):
        """The record the monthly report activities of ``company`` are attached to: an
        activity needs a document, and the company's last complaint of the months reported
        (registered before ``today``'s month) is the one its complaint managers open; else
        its latest; none when the company has no complaint yet. Not a complaint of the new
        month: one being registered and escalated at that moment would have its followers
        written by two transactions at once."""
        Complaint = self.env["aftersales.complaint"]
        domain = [("company_id", "=", company.id)]
        if today:
            month_start = company._aftersales_day_start(today.replace(day=1))
            anchor = Complaint.search(domain + [("date_registered", "<", month_start)], limit=1)
            if anchor:
                return anchor
        return Complaint.search(domain, limit=1)

    @api.model
    @in_company_language
    @frozen_step
    def _cron_monthly_reports(self, today=None):
        """On the 1st, ask the complaint managers for last month's reports: the complaint
        rate due the 5th at 17:00 and the statistics due the 10th (conflict C-30)."""
        today = today or self.env["res.company"]._aftersales_default_today()
        managers = self.env.ref("aftersales_complaint.group_complaint_manager").users.filtered(
            lambda u: not u.share and u.id != self.env.ref("base.user_root").id
        )
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get_id("aftersales.complaint")
        vals = []
        for company in self.env["res.company"].search([]):
            rate_day = min(company.aftersales_complaint_rate_due_day or 5, 28)
            stats_day = min(company.aftersales_complaint_stats_due_day or 10, 28)
            anchor = self._monthly_report_anchor(company, today)
            if not anchor:
                continue
            for user in managers.filtered(lambda u, c=company: c in u.company_ids):
                for day, summary in (
                    (
                        rate_day,
                        self.env._(
                            "Complaint rate of last month due %(hour)s:00",
                            hour=int(company.aftersales_complaint_rate_due_hour),
                        ),
                    ),
                    (stats_day, self.env._("Complaint statistics of last month")),
                ):
                    vals.append(
                        {
                            "res_model_id": model,
                            "res_id": anchor.id,
                            "activity_type_id": activity_type.id,
                            "user_id": user.id,
                            "date_deadline": today.replace(day=day),
                            "summary": summary,
                        }
                    )
        activities = self.env["mail.activity"]
        for val in vals:  # one by one: a batch would subscribe the same user twice
            activities |= activities.create(val)
        return activities
