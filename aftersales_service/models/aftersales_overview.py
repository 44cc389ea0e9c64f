# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The After-Sales Overview: the figures a manager opens every morning.

One call, :meth:`AftersalesOverview.get_overview`, returns every section of the dashboard
(the ``aftersales_overview`` client action). Each figure is counted as the current user, so
record rules apply: a technician sees the figures of his own jobs, a manager those of the
company. Every figure carries the window action that lists the records it counts. Other
addons add their sections by extending :meth:`_overview_sections`.
"""

from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .aftersales_service_request import OPEN_STATES

# requests not finished yet ("done" waits for the customer's confirmation and closing)
ACTIVE_STATES = ("new", "dispatched", "in_progress", "carry_in")
FINISHED_STATES = ("done", "closed")
# a unit repaired again within this many days of a finished job is a repeat repair
REPEAT_DAYS = 30
# the finished repair jobs the first-time-fix rate looks at
FIRST_FIX_DAYS = 90
SLA_MONTHS = 6
PROVIDER_ROWS = 3


class AftersalesOverview(models.AbstractModel):
    _name = "aftersales.overview"
    _description = "After-Sales Overview"

    # ------------------------------------------------------------------ entry point
    @api.model
    def get_overview(self):
        """Every section of the overview for the current company, as the current user.

        Returns ``{"company": {...}, "currency_id", "today", "sections": [section, ...]}``;
        a section is ``{"key", "title", "sequence", "cards", "charts", "tables"}``, see
        :meth:`_overview_card`, :meth:`_overview_chart` and :meth:`_overview_provider_table`.
        """
        if not self.env.user.has_group("aftersales_service.group_aftersales_user_own"):
            raise AccessError(self.env._("The After-Sales Overview is for after-sales users."))
        company = self.env.company
        period = self._overview_period(company)
        sections = [section for section in self._overview_sections(period) if section]
        sections.sort(key=lambda section: section["sequence"])
        return {
            "company": {"id": company.id, "name": company.name},
            "currency_id": company.currency_id.id,
            "today": fields.Date.to_string(period["today"]),
            "sections": sections,
        }

    def _overview_sections(self, period):
        """The sections of the overview; extend to add one (``None`` entries are dropped)."""
        return [
            self._overview_requests(period),
            self._overview_quality(period),
        ]

    def _overview_period(self, company):
        """Today, this month and the time windows of the figures, counted in the company's
        time zone; moments are naive UTC datetimes like the stored ones."""
        today = company._aftersales_local_date()
        month = today.replace(day=1)
        return {
            "company": company,
            "now": fields.Datetime.now(),
            "today": today,
            "day_start": company._aftersales_day_start(today),
            "day_end": company._aftersales_day_start(today + timedelta(days=1)),
            "month": month,
            "month_start": company._aftersales_day_start(month),
            "month_end": company._aftersales_day_start(month + relativedelta(months=1)),
        }

    # ------------------------------------------------------------------ builders
    @api.model
    def _overview_action(self, model, name, domain, views=("list", "form"), context=None):
        """The window action listing the records a figure counts."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": domain,
            "views": [[False, view] for view in views],
            "context": context or {},
            "target": "current",
        }

    @api.model
    def _overview_card(self, key, label, value, action, kind="integer", **extra):
        """A key figure: ``kind`` is integer, percent (a ratio, 0.05 for 5 %) or monetary
        (``None`` when it cannot be computed, e.g. a rate of nothing);
        ``extra`` may hold ``help`` (what it counts), ``note`` (a second line) and ``tone``
        (a Bootstrap contextual name, e.g. danger when the figure calls for action)."""
        return {
            "key": key,
            "label": label,
            "value": value,
            "kind": kind,
            "action": action,
            "help": extra.get("help", ""),
            "note": extra.get("note", ""),
            "tone": extra.get("tone", ""),
        }

    @api.model
    def _overview_chart(self, key, title, chart_type, labels, datasets, **extra):
        """A small chart: ``datasets`` are ``{"label", "data", "tone", "actions"}`` with one
        action per value (clicking a bar opens its records); ``labels`` are texts or, with
        ``label_kind="month"``, ISO dates the client shows as months; ``stacked`` and
        ``horizontal`` (bars along the y axis, for long labels) shape the bars."""
        return {
            "key": key,
            "title": title,
            "type": chart_type,
            "labels": labels,
            "datasets": datasets,
            "label_kind": extra.get("label_kind", "text"),
            "stacked": extra.get("stacked", False),
            "horizontal": extra.get("horizontal", False),
            "help": extra.get("help", ""),
        }

    @staticmethod
    def _dt(moment):
        return fields.Datetime.to_string(moment)

    # ------------------------------------------------------------------ service requests
    def _overview_requests(self, period):
        Request = self.env["aftersales.service.request"]
        company = period["company"]
        base = [("company_id", "=", company.id)]
        model = Request._name
        views = ("list", "kanban", "form")
        today = [
            ("date_request", ">=", self._dt(period["day_start"])),
            ("date_request", "<", self._dt(period["day_end"])),
            ("state", "!=", "cancelled"),
        ]
        active = [("state", "in", ACTIVE_STATES)]
        overdue = [("is_overdue", "=", True), ("state", "in", OPEN_STATES)]
        due_today = [
            ("state", "in", ACTIVE_STATES),
            ("completion_deadline", ">=", self._dt(period["day_start"])),
            ("completion_deadline", "<", self._dt(period["day_end"])),
        ]
        overdue_count = Request.search_count(base + overdue)
        return {
            "key": "requests",
            "title": self.env._("Service Requests"),
            "sequence": 10,
            "cards": [
                self._overview_card(
                    "new_today",
                    self.env._("New Today"),
                    Request.search_count(base + today),
                    self._overview_action(
                        model, self.env._("Requests Registered Today"), base + today, views
                    ),
                    help=self.env._("Requests registered today."),
                ),
                self._overview_card(
                    "open",
                    self.env._("Open Requests"),
                    Request.search_count(base + active),
                    self._overview_action(model, self.env._("Open Requests"), base + active, views),
                    help=self.env._("Requests registered, dispatched, on site or in the workshop."),
                ),
                self._overview_card(
                    "overdue",
                    self.env._("Overdue"),
                    overdue_count,
                    self._overview_action(
                        model, self.env._("Overdue Requests"), base + overdue, views
                    ),
                    help=self.env._(
                        "Open requests with a deadline passed before its step was done."
                    ),
                    tone="danger" if overdue_count else "",
                ),
                self._overview_card(
                    "due_today",
                    self.env._("Due Today"),
                    Request.search_count(base + due_today),
                    self._overview_action(
                        model, self.env._("Requests Due Today"), base + due_today, views
                    ),
                    help=self.env._("Unfinished requests whose promised completion is today."),
                ),
            ],
            "charts": [self._overview_sla_chart(period)],
            "tables": [],
        }

    def _overview_sla_chart(self, period):
        """Finished requests of the last months, on time and late, by month of completion
        (late: a deadline was missed, the request was flagged overdue)."""
        Request = self.env["aftersales.service.request"]
        company = period["company"]
        months = [period["month"] - relativedelta(months=n) for n in range(SLA_MONTHS - 1, -1, -1)]
        start = company._aftersales_day_start(months[0])
        domain = [
            ("company_id", "=", company.id),
            ("state", "in", FINISHED_STATES),
            ("date_done", ">=", self._dt(start)),
            ("date_done", "<", self._dt(period["month_end"])),
        ]
        counts = defaultdict(int)
        # months counted in the company's time zone, like the domains below
        for month, late, count in Request.with_context(tz=company._aftersales_tz())._read_group(
            domain, ["date_done:month", "is_overdue"], ["__count"]
        ):
            counts[(fields.Date.to_date(month).replace(day=1), bool(late))] += count

        def _month_domain(month, late):
            return [
                ("company_id", "=", company.id),
                ("state", "in", FINISHED_STATES),
                ("is_overdue", "=", late),
                ("date_done", ">=", self._dt(company._aftersales_day_start(month))),
                (
                    "date_done",
                    "<",
                    self._dt(company._aftersales_day_start(month + relativedelta(months=1))),
                ),
            ]

        datasets = []
        for late, label, tone, name in (
            (False, self.env._("On time"), "success", self.env._("Requests Done on Time")),
            (True, self.env._("Late"), "danger", self.env._("Requests Done Late")),
        ):
            datasets.append(
                {
                    "label": label,
                    "tone": tone,
                    "data": [counts[(month, late)] for month in months],
                    "actions": [
                        self._overview_action(
                            Request._name, name, _month_domain(month, late), ("list", "form")
                        )
                        for month in months
                    ],
                }
            )
        return self._overview_chart(
            "sla",
            self.env._("Service Level, Last 6 Months"),
            "bar",
            [fields.Date.to_string(month) for month in months],
            datasets,
            label_kind="month",
            stacked=True,
            help=self.env._(
                "Requests finished each month: on time, or late when a deadline was missed."
            ),
        )

    # ------------------------------------------------------------------ quality of work
    def _overview_quality(self, period):
        Request = self.env["aftersales.service.request"]
        company = period["company"]
        model = Request._name
        since = period["now"] - timedelta(days=FIRST_FIX_DAYS)
        jobs_domain = [
            ("company_id", "=", company.id),
            ("kind", "=", "repair"),
            ("lot_id", "!=", False),
            ("state", "in", FINISHED_STATES),
            ("date_done", ">=", self._dt(since)),
        ]
        jobs = Request.search(jobs_domain)
        repeated = self._overview_repeat_pairs(jobs, later=True)
        first_fix = (len(jobs) - len(repeated)) / len(jobs) if jobs else 0.0
        month_domain = [
            ("company_id", "=", company.id),
            ("kind", "=", "repair"),
            ("lot_id", "!=", False),
            ("state", "!=", "cancelled"),
            ("date_request", ">=", self._dt(period["month_start"])),
            ("date_request", "<", self._dt(period["month_end"])),
        ]
        repeats = self._overview_repeat_pairs(Request.search(month_domain), later=False)
        free_domain = [
            ("company_id", "=", company.id),
            ("is_free_work", "=", True),
            ("state", "in", FINISHED_STATES),
            ("date_done", ">=", self._dt(period["month_start"])),
            ("date_done", "<", self._dt(period["month_end"])),
        ]
        return {
            "key": "quality",
            "title": self.env._("Quality of Work"),
            "sequence": 20,
            "cards": [
                self._overview_card(
                    "first_time_fix",
                    self.env._("First-Time Fix"),
                    first_fix,
                    self._overview_action(
                        model,
                        self.env._("Repairs Needed Again"),
                        [("id", "in", repeated.ids)],
                    ),
                    kind="percent",
                    note=self.env._(
                        "%(fixed)s of %(jobs)s repairs, last %(days)s days",
                        fixed=len(jobs) - len(repeated),
                        jobs=len(jobs),
                        days=FIRST_FIX_DAYS,
                    ),
                    help=self.env._(
                        "Repair jobs finished in the last %(days)s days whose unit did not need "
                        "another repair within %(repeat)s days. Opens the jobs repaired again.",
                        days=FIRST_FIX_DAYS,
                        repeat=REPEAT_DAYS,
                    ),
                ),
                self._overview_card(
                    "repeat_month",
                    self.env._("Repeat Repairs This Month"),
                    len(repeats),
                    self._overview_action(
                        model, self.env._("Repeat Repairs This Month"), [("id", "in", repeats.ids)]
                    ),
                    help=self.env._(
                        "Repair requests registered this month for a unit repaired in the "
                        "%(days)s days before.",
                        days=REPEAT_DAYS,
                    ),
                    tone="warning" if repeats else "",
                ),
                self._overview_card(
                    "free_month",
                    self.env._("Free Work This Month"),
                    Request.search_count(free_domain),
                    self._overview_action(model, self.env._("Free Work This Month"), free_domain),
                    help=self.env._(
                        "Jobs the customers do not pay (warranty, maintenance contract) finished "
                        "this month."
                    ),
                ),
                self._overview_card(
                    "warranty_cost_month",
                    self.env._("Warranty Cost This Month"),
                    Request._read_group(free_domain, [], ["cost_total:sum"])[0][0],
                    self._overview_action(
                        model, self.env._("Warranty Cost This Month"), free_domain
                    ),
                    kind="monetary",
                    help=self.env._(
                        "What the free work finished this month cost: parts at their stock "
                        "valuation, labour at the technicians' cost per hour or the providers' "
                        "fees."
                    ),
                ),
            ],
            "charts": [],
            # the provider ranking is the company's scorecard: for all-documents users
            "tables": (
                [self._overview_provider_table(period)]
                if self.env.user.has_group("aftersales_service.group_aftersales_user_all")
                else []
            ),
        }

    @api.model
    def _overview_repeat_pairs(self, requests, later):
        """Repeat repairs among ``requests``, as the user sees them (see
        ``aftersales.service.request._repeat_repair_previous``).

        With ``later`` (``requests`` are finished repair jobs): those that another repair
        request of the same unit repeated within :data:`REPEAT_DAYS` after the job was done.
        Without (``requests`` are repair requests): those registered within
        :data:`REPEAT_DAYS` after another repair job of the same unit was done."""
        Request = self.env["aftersales.service.request"]
        if not requests:
            return Request
        if not later:
            pairs = requests._repeat_repair_previous(REPEAT_DAYS, previous_kinds=("repair",))
            return requests.filtered(lambda request: request in pairs)
        later_requests = Request.search(
            [
                ("lot_id", "in", requests.lot_id.ids),
                ("kind", "=", "repair"),
                ("state", "!=", "cancelled"),
                ("date_request", ">=", self._dt(min(requests.mapped("date_done")))),
            ]
        )
        pairs = later_requests._repeat_repair_previous(REPEAT_DAYS, previous_kinds=("repair",))
        repeated = set(pairs.values())
        return requests.filtered(lambda job: job in repeated)

    # ------------------------------------------------------------------ providers
    def _overview_provider_table(self, period):
        """Best and worst active providers by their on-time rate (the scorecard on the
        provider's form); only providers with finished jobs are ranked."""
        company = period["company"]
        providers = self.env["aftersales.provider"].search(
            [("state", "=", "active"), ("company_id", "=", company.id)]
        )
        ranked = sorted(
            providers.filtered("done_count"),
            key=lambda p: (-p.on_time_rate, -p.done_count),
        )
        if len(ranked) <= 2 * PROVIDER_ROWS:
            rows = ranked
        else:
            rows = ranked[:PROVIDER_ROWS] + ranked[-PROVIDER_ROWS:]
        Request = self.env["aftersales.service.request"]
        lines = []
        for rank, provider in enumerate(rows):
            partner = provider.partner_id
            lines.append(
                {
                    "key": partner.id,
                    "name": partner.display_name,
                    "values": [
                        provider.done_count,
                        provider.on_time_rate / 100.0,
                        provider.late_return_count,
                    ],
                    "tone": (
                        "danger"
                        if len(ranked) > 2 * PROVIDER_ROWS and rank >= PROVIDER_ROWS
                        else ""
                    ),
                    "action": self._overview_action(
                        Request._name,
                        self.env._("Jobs of %(provider)s", provider=partner.display_name),
                        [("provider_id", "=", partner.id), ("state", "!=", "cancelled")],
                        ("list", "kanban", "form"),
                    ),
                }
            )
        return {
            "key": "provider_scores",
            "title": self.env._("Provider Scores"),
            "help": self.env._(
                "Active providers with finished jobs, best and worst by the share "
                "of jobs finished before the promised completion time."
            ),
            "columns": [
                {"label": self.env._("Jobs Done"), "kind": "integer"},
                {"label": self.env._("On Time"), "kind": "percent"},
                {"label": self.env._("Late Old Parts"), "kind": "integer"},
            ],
            "rows": lines,
            "empty": self.env._("No active provider has finished a job yet."),
        }
