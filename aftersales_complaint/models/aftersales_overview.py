# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import models

from .aftersales_complaint_routing import OPEN_STATES

# age of open complaints, in calendar days since registration: (label, from, to)
AGE_BUCKETS = (("0_7", 0, 7), ("8_13", 8, 13), ("14", 14, None))


class AftersalesOverview(models.AbstractModel):
    _inherit = "aftersales.overview"

    def _overview_sections(self, period):
        sections = super()._overview_sections(period)
        if self.env.user.has_group("aftersales_complaint.group_complaint_user_own"):
            sections.append(self._overview_complaints(period))
        return sections

    def _overview_complaints(self, period):
        Complaint = self.env["aftersales.complaint"]
        company = period["company"]
        base = [("company_id", "=", company.id)]
        model = Complaint._name
        views = ("list", "kanban", "form")
        open_domain = base + [("state", "in", OPEN_STATES)]
        cards = [
            self._overview_rate_card(period["month"], "rate_month", self.env._("Complaint Rate")),
            self._overview_rate_card(
                period["month"] - relativedelta(months=1),
                "rate_last_month",
                self.env._("Complaint Rate Last Month"),
            ),
        ]
        labels = {
            "0_7": self.env._("Open 0-7 Days"),
            "8_13": self.env._("Open 8-13 Days"),
            "14": self.env._("Open 14 Days or More"),
        }
        for key, first, last in AGE_BUCKETS:
            # registered at most ``first`` days ago (and more than ``last`` + 1 days ago)
            domain = open_domain + [
                ("date_registered", "<=", self._dt(period["now"] - timedelta(days=first)))
            ]
            if last is not None:
                domain.append(
                    ("date_registered", ">", self._dt(period["now"] - timedelta(days=last + 1)))
                )
            count = Complaint.search_count(domain)
            cards.append(
                self._overview_card(
                    f"complaints_age_{key}",
                    labels[key],
                    count,
                    self._overview_action(model, labels[key], domain, views),
                    help=self.env._("Open complaints by days since registration."),
                    tone="danger" if last is None and count else "",
                )
            )
        overdue = open_domain + [("is_overdue", "=", True)]
        overdue_count = Complaint.search_count(overdue)
        cards.append(
            self._overview_card(
                "complaints_overdue",
                self.env._("Overdue Complaints"),
                overdue_count,
                self._overview_action(model, self.env._("Overdue Complaints"), overdue, views),
                help=self.env._("Open complaints past their stage or closing deadline."),
                tone="danger" if overdue_count else "",
            )
        )
        Visit = self.env["aftersales.return.visit"]
        visits = [("company_id", "=", company.id), ("is_overdue", "=", True)]
        visit_count = Visit.search_count(visits)
        cards.append(
            self._overview_card(
                "visits_overdue",
                self.env._("Return Visits Overdue"),
                visit_count,
                self._overview_action(
                    Visit._name, self.env._("Overdue Return Visits"), visits, ("list", "form")
                ),
                help=self.env._("Return visits planned or sent whose due date has passed."),
                tone="danger" if visit_count else "",
            )
        )
        return {
            "key": "complaints",
            "title": self.env._("Complaints and Return Visits"),
            "sequence": 40,
            "cards": cards,
            "charts": [self._overview_stage_chart(open_domain)],
            "tables": [],
        }

    def _overview_rate_card(self, month, key, label):
        """Complaints registered in ``month`` against its service calls (the monthly
        statistics), with the company's target."""
        company = self.env.company
        stats = self.env["aftersales.complaint.report"]._get_monthly_statistics(month, company)
        start = company._aftersales_day_start(month)
        end = company._aftersales_day_start(month + relativedelta(months=1))
        domain = [
            ("company_id", "=", company.id),
            ("date_registered", ">=", self._dt(start)),
            ("date_registered", "<", self._dt(end)),
            ("state", "!=", "cancelled"),
        ]
        calls = stats["service_calls"]
        target = f"{stats['rate_target']:g}"  # not inside the call: the term extraction
        return self._overview_card(
            key,
            label,
            # no rate without service calls
            stats["complaint_rate"] / 100.0 if calls else None,
            self._overview_action(
                "aftersales.complaint",
                self.env._("Complaints Registered in the Month"),
                domain,
                ("list", "kanban", "form"),
            ),
            kind="percent",
            note=self.env._(
                "%(complaints)s complaints / %(calls)s calls, target %(target)s %%",
                complaints=stats["total"],
                calls=calls,
                target=target,
            ),
            help=self.env._(
                "Complaints registered in the month per service call registered in the month; "
                "the target is set in the settings."
            ),
            tone=("success" if stats["rate_ok"] else "danger") if calls else "",
        )

    def _overview_stage_chart(self, open_domain):
        Complaint = self.env["aftersales.complaint"]
        counts = dict(Complaint._read_group(open_domain, ["state"], ["__count"]))
        # the open stages in the managers' order and names; a skipped stage still shows
        # the complaints left in it
        by_code = self.env["aftersales.complaint.stage"]._by_code()
        ordered = sorted((by_code[code] for code in OPEN_STATES), key=lambda s: (s.sequence, s.id))
        stages = [s.code for s in ordered if s.active or counts.get(s.code)]
        names = {s.code: s.name for s in ordered}
        return self._overview_chart(
            "complaint_stages",
            self.env._("Open Complaints by Stage"),
            "bar",
            [names[stage] for stage in stages],
            [
                {
                    "label": self.env._("Open Complaints"),
                    "tone": "primary",
                    "data": [counts.get(stage, 0) for stage in stages],
                    "actions": [
                        self._overview_action(
                            Complaint._name,
                            names[stage],
                            open_domain + [("state", "=", stage)],
                            ("list", "kanban", "form"),
                        )
                        for stage in stages
                    ],
                }
            ],
            horizontal=True,
            help=self.env._("Open complaints in each stage of the handling form."),
        )
