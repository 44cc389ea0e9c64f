import functools
from datetime import datetime, time, timedelta

import psycopg2.errors
import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

# a scheduled action leaves the documents somebody is writing to a run this much later
CRON_RETRY_DELAY = timedelta(minutes=1)
# rows a scheduled action run by Odoo's cron worker takes per committed batch
CRON_BATCH_SIZE = 1000


def in_company_language(method):
    """Decorate a scheduled action's entry point: Odoo runs scheduled actions without a
    language, so what they write (chatter notes, ledger reasons) would be English; it is
    written in the language of the company's contact instead (the activities they assign are
    in each assignee's language anyway)."""

    @functools.wraps(method)
    def in_language(self, *args, **kwargs):
        lang = not self.env.context.get("lang") and self.env.company.partner_id.lang
        if lang:
            self = self.with_context(lang=lang)
        return method(self, *args, **kwargs)

    return in_language


def lock_for_cron(records):
    """The records of ``records`` nobody else is writing, locked for this transaction.

    A scheduled action that writes documents people work on (flags, reminders, states)
    takes only the rows no other transaction holds (``FOR NO KEY UPDATE SKIP LOCKED``) and
    leaves the others to a run of the same scheduled action a minute later: it never waits
    on a user's open transaction nor on another scheduled action, and nobody's write fails
    on a row it changed. A row changed by a transaction committed since this one started
    cannot be locked either (PostgreSQL's repeatable read): it is left the same way.
    """
    if not records:
        return records
    cr = records.env.cr

    def lock(ids):
        with cr.savepoint(flush=False):
            cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s FOR NO KEY UPDATE SKIP LOCKED",
                    SQL.identifier(records._table),
                    tuple(ids),
                ),
                log_exceptions=False,
            )
            return {row[0] for row in cr.fetchall()}

    try:
        locked = lock(records.ids)
    except psycopg2.errors.SerializationFailure:
        # some row changed since this transaction began: take the others one by one
        locked = set()
        for record_id in records.ids:
            try:
                locked |= lock([record_id])
            except psycopg2.errors.SerializationFailure:
                continue
    taken = records.filtered(lambda record: record.id in locked)
    cron_id = records.env.context.get("cron_id")
    if taken != records and cron_id:
        records.env["ir.cron"].sudo().browse(cron_id)._trigger(
            fields.Datetime.now() + CRON_RETRY_DELAY
        )
    return taken


def cron_batch_size(env):
    """How many rows a scheduled action takes before it commits: run by Odoo's cron worker,
    :data:`CRON_BATCH_SIZE` (the worker commits and calls it again, up to ten times a run and
    again as soon as possible after, while it reports rows left with :func:`cron_progress`),
    so a first run over a large backlog holds no row for long; run by hand or from code,
    ``None``: everything at once, in one transaction."""
    if env.context.get("cron_id") and env.context.get("ir_cron_progress_id"):
        return CRON_BATCH_SIZE
    return None


def cron_batch(model, domain, limit):
    """``(records, left)``: the records of ``domain`` (oldest first), at most ``limit`` of
    them when there is one, and how many more wait for a next batch."""
    records = model.search(domain, limit=limit, order="id")
    left = model.search_count(domain) - limit if limit and len(records) == limit else 0
    return records, left


def cron_progress(env, done, left):
    """Tell Odoo's cron worker that ``done`` rows were taken and ``left`` wait for a next
    batch (the worker logs both; nothing taken but some left, e.g. all held by users, ends
    the run too: :func:`lock_for_cron` planned the retry)."""
    if done or left:
        env["ir.cron"]._notify_progress(done=done, remaining=left)


WARRANTY_UNITS = [
    ("day", "Days"),
    ("week", "Weeks"),
    ("month", "Months"),
    ("year", "Years"),
]
WARRANTY_START_BASIS = [
    ("invoice", "Invoice date"),
    ("delivery", "Delivery date"),
    ("installation", "Installation date"),
]


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "aftersales.registry.cache.mixin"]
    # what _aftersales_tz_of depends on (the calendars and the partner clear it themselves)
    _aftersales_cache_fields = frozenset(
        {"aftersales_calendar_id", "resource_calendar_id", "partner_id"}
    )

    aftersales_warranty_duration = fields.Integer(
        string="Default Warranty Duration",
        default=12,
        help="Warranty length used when neither the product nor its category sets one.",
    )
    aftersales_warranty_unit = fields.Selection(
        WARRANTY_UNITS, string="Default Warranty Unit", default="month", required=True
    )
    aftersales_warranty_start_basis = fields.Selection(
        WARRANTY_START_BASIS,
        string="Default Warranty Start",
        default="invoice",
        required=True,
        help="Which date of the unit starts its warranty: the invoice date, the delivery "
        "date, or the installation date for installed equipment.",
    )
    aftersales_return_window_days = fields.Integer(
        string="Return Window (days)",
        default=7,
        help="Days after the warranty start within which the customer may return the "
        "product (China's 三包 rules: 7 days).",
    )
    aftersales_exchange_window_days = fields.Integer(
        string="Exchange Window (days)",
        default=15,
        help="Days after the warranty start within which the customer may exchange the "
        "product (China's 三包 rules: 15 days).",
    )
    aftersales_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Service Working Hours",
        help="Working calendar on which service deadlines are counted. "
        "Falls back to the company's working hours.",
    )
    aftersales_response_contract_hours = fields.Float(
        string="Response under Contract (h)",
        default=1.0,
        help="Response time a new maintenance contract promises (each contract keeps its own).",
    )
    aftersales_cash_handin_days = fields.Integer(
        string="Hand In Cash Within (days)",
        default=1,
        help="Days within which a technician hands the money taken on site in to finance.",
    )
    aftersales_visit_sms = fields.Boolean(
        string="Text the Visit to the Customer",
        help="Also send the customer a text message (SMS, through Odoo's SMS service and its "
        "credits) when the visit of a request is booked or moved, to their mobile number.",
    )
    aftersales_labour_rate = fields.Float(
        string="Labour Cost per Hour",
        help="Cost of an hour of a technician's work, for the cost of free (warranty and "
        "contract) work; a technician's own rate (on the user) comes first.",
    )
    aftersales_bench_units_per_day = fields.Integer(
        string="Bench Repairs per Day",
        default=10,
        help="Carry-in units the workshop repairs per working day: 10, 20 and 30 units "
        "are due within 1, 2 and 3 days.",
    )
    aftersales_repair_location_id = fields.Many2one(
        "stock.location",
        string="Customer Units in Repair",
        help="Internal location receiving customers' units carried in for repair. "
        "Created on first use.",
    )
    aftersales_contract_notice_months = fields.Integer(
        string="Contract Renewal Notice (months)",
        default=1,
        help="Months before a service contract ends when the renewal notice is sent.",
    )

    def _aftersales_calendar(self):
        """The working calendar used for service deadlines of this company."""
        self.ensure_one()
        return self.aftersales_calendar_id or self.resource_calendar_id

    def _aftersales_tz(self):
        """Time zone in which the company's days and months are counted: its after-sales
        calendar's, else its partner's, else UTC. Read as superuser: anyone's documents
        count their days there (a portal user reads no calendar), the zone is no secret."""
        self.ensure_one()
        return self._aftersales_tz_of(self.id)

    @api.model
    @tools.ormcache("company_id")
    def _aftersales_tz_of(self, company_id):
        """The time zone of :meth:`_aftersales_tz`, looked up once per process (nearly every
        document counts a day or a deadline); cleared when the company changes calendar or
        partner, when a calendar changes (``aftersales.registry.cache.mixin``) and when the
        company's partner changes time zone."""
        company = self.sudo().browse(company_id)
        return company._aftersales_calendar().tz or company.partner_id.tz or "UTC"

    def _aftersales_local_date(self, moment=None):
        """The day of ``moment`` (a UTC datetime, default now) in the company's time zone:
        the day a person there would write on the form."""
        moment = fields.Datetime.to_datetime(moment) or fields.Datetime.now()
        if not isinstance(moment, datetime):
            return moment
        tz = pytz.timezone(self._aftersales_tz())
        return pytz.utc.localize(moment.replace(tzinfo=None)).astimezone(tz).date()

    @api.model
    def _aftersales_default_today(self):
        """Default of a document's day: today in the environment's company's time zone (the
        day a person there would write), whatever the user's own time zone."""
        return self.env.company._aftersales_local_date()

    def _aftersales_today_by_company(self):
        """``{company: its current day}`` for these companies and the environment's: the
        day a deadline kept as a day is judged on (overdue flags, daily checks), as the
        deadline engine's sweep does; look a record up by ``record.company_id or
        env.company``."""
        return {company: company._aftersales_local_date() for company in self | self.env.company}

    def _aftersales_format_datetime(self, value):
        """``value`` (a UTC datetime) as the company's people read it in a message: in its
        time zone, in the environment's language, without seconds."""
        if not value:
            return ""
        return tools.format_datetime(self.env, value, tz=self._aftersales_tz(), dt_format="short")

    def _aftersales_day_start(self, day):
        """The UTC datetime at which ``day`` starts in the company's time zone."""
        tz = pytz.timezone(self._aftersales_tz())
        local = tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _aftersales_working_days_after(self, moment, days, calendar=None):
        """End of the ``days``-th working day after the local day of ``moment`` (that day
        itself not counted), on ``calendar`` (default: the after-sales calendar), or
        ``days`` calendar days later without one."""
        calendar = calendar or self._aftersales_calendar()
        next_day = self._aftersales_day_start(
            self._aftersales_local_date(moment) + timedelta(days=1)
        )
        deadline = (
            calendar
            and days > 0
            and self.env["resource.calendar"]._aftersales_plan_days(calendar.id, next_day, days)
        )
        return deadline or fields.Datetime.to_datetime(moment) + timedelta(days=days)

    # ------------------------------------------------------------------ providers
    aftersales_provider_deposit_min = fields.Monetary(
        string="Minimum Provider Deposit",
        currency_field="currency_id",
        default=5000.0,
        help="Smallest installation quality deposit a contracted provider pays (5,000 by default).",
    )
    aftersales_old_part_late_deduction = fields.Monetary(
        string="Late Old Part Deduction",
        currency_field="currency_id",
        default=50.0,
        help="Deducted from the provider's monthly settlement per old part returned late.",
    )
    aftersales_provider_min_installers = fields.Integer(
        string="Installers Required (central city)",
        default=10,
        help="Fixed installers a provider in a central-city market must have (10 by default).",
    )
    aftersales_provider_min_installers_relaxed = fields.Integer(
        string="Installers Required (second-tier, county)",
        default=0,
        help="Relaxed minimum for second-tier and county markets (0 = no minimum).",
    )

    # ------------------------------------------------------------------ returns
    aftersales_return_tolerance = fields.Float(
        string="Over-Quantity Acceptance (%)",
        default=0.0,
        help="Returned quantity above the approved one is settled as received up to this "
        "percentage when the customer has no ratio of its own.",
    )
    aftersales_exchange_wait_return = fields.Boolean(
        string="Ship Exchanges After Return",
        default=True,
        help="Ship the replacement only once the returned goods are received; untick to "
        "ship it as soon as the exchange is approved.",
    )
    aftersales_return_approval_all = fields.Boolean(
        string="Approve Every Return",
        default=False,
        help="A manager approves every return case, not only those outside the warranty policy.",
    )
    aftersales_return_location_id = fields.Many2one(
        "stock.location",
        string="Customer Returns Location",
        help="Internal location receiving returned goods. Created on first use.",
    )

    def _aftersales_warehouse(self):
        """The company's first warehouse: where after-sales goods are received, repaired,
        replaced and where providers' parts come from. Raises when there is none."""
        self.ensure_one()
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.id)], limit=1)
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse: create one under Inventory > "
                    "Configuration > Warehouses.",
                    company=self.name,
                )
            )
        return warehouse

    def _aftersales_internal_location(self, fname, name):
        """Internal location kept in field ``fname``, created on first use in the
        company's first warehouse. Used for the returns and the repair locations."""
        self.ensure_one()
        if self[fname]:
            return self[fname]
        warehouse = self._aftersales_warehouse()
        location = (
            self.env["stock.location"]
            .sudo()
            .create(
                {
                    "name": name,
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                    "company_id": self.id,
                }
            )
        )
        self.sudo()[fname] = location
        return location
