# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import escape_psql as escape_like

# lookups allowed per address within the window (system parameters override them)
DEFAULT_LIMIT = 10
DEFAULT_WINDOW_MINUTES = 10
# documents a portal user may file within the window (requests, complaints, returns...)
DEFAULT_SUBMIT_LIMIT = 20
# the first key of the transaction lock taken on an address while its uses are counted
LOCK_NAMESPACE = 7301


class AftersalesWarrantyLookup(models.Model):
    """One public warranty lookup by serial number: kept a day to limit the lookups of an
    address (shared by every server process), then purged."""

    _name = "aftersales.warranty.lookup"
    _description = "Public Warranty Lookup"
    _order = "id desc"
    _log_access = False

    address = fields.Char(required=True, index=True)
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _limits(self):
        params = self.env["ir.config_parameter"].sudo()
        limit = int(params.get_param("aftersales_service.warranty_lookup_limit", DEFAULT_LIMIT))
        minutes = int(
            params.get_param(
                "aftersales_service.warranty_lookup_window_minutes", DEFAULT_WINDOW_MINUTES
            )
        )
        return limit, minutes

    @api.model
    def _record_lookup(self, address):
        """Record a lookup of ``address``; False when the address has used up its lookups
        of the window (the lookup is then not made)."""
        limit, minutes = self._limits()
        return self._record_within(address, limit, minutes)

    @api.model
    def _record_within(self, address, limit, minutes):
        """Record a use by ``address``; False (nothing recorded) when it made ``limit``
        uses within the last ``minutes``.

        The count runs in a transaction of its own, in READ COMMITTED, under a lock on the
        address: lookups or forms sent at the same moment to several server processes wait
        for each other, and each counts the uses committed before it (the request's own
        transaction sees the database as of its first query, before the others' uses). The
        use is committed at once, whatever the request does next."""
        if self.env.registry.in_test_mode():
            # the test requests share the test's transaction: nothing runs beside them
            return self._count_and_record(self.env.cr, address, limit, minutes)
        with self.env.registry.cursor() as cr:
            cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            return self._count_and_record(cr, address, limit, minutes)

    @api.model
    def _count_and_record(self, cr, address, limit, minutes):
        cr.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCK_NAMESPACE, address))
        now = fields.Datetime.now()
        # the use is recorded only when the address made fewer than ``limit`` of them
        cr.execute(
            """INSERT INTO aftersales_warranty_lookup (address, date)
               SELECT %s, %s
                WHERE (SELECT count(*) FROM (
                          SELECT 1 FROM aftersales_warranty_lookup
                           WHERE address = %s AND date >= %s LIMIT %s
                      ) AS used) < %s
            RETURNING id""",
            (address, now, address, now - timedelta(minutes=minutes), limit, limit),
        )
        return bool(cr.fetchone())

    @api.model
    def _record_submission(self, user):
        """Record a document filed on the portal by ``user``; False when the user has filed
        ``aftersales_service.portal_submit_limit`` (20) of them within the window: a flood
        of requests would fill the desk's queue and the filestore."""
        __, minutes = self._limits()
        limit = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("aftersales_service.portal_submit_limit", DEFAULT_SUBMIT_LIMIT)
        )
        return self._record_within(f"portal-user:{user.id}", limit, minutes)

    @api.model
    def _submission_refused(self):
        __, minutes = self._limits()
        return self.env._(
            "You have sent many forms in the last %(minutes)s minutes: wait a few minutes, "
            "or call the service desk.",
            minutes=minutes,
        )

    @api.model
    def _lookup(self, serial):
        """What the public may know of the units with serial number ``serial``: product,
        warranty status and end date, nothing of their owner."""
        serial = (serial or "").strip()
        if not serial:
            return []
        # the serial as typed, case aside: % and _ are no wildcards here
        lots = (
            self.env["stock.lot"].sudo().search([("name", "=ilike", escape_like(serial))], limit=5)
        )
        states = dict(lots._fields["aftersales_warranty_state"]._description_selection(self.env))
        return [
            {
                "serial": lot.name,
                "product": lot.product_id.with_context(lang=self.env.lang).display_name,
                "state": lot.aftersales_warranty_state,
                "state_label": states.get(lot.aftersales_warranty_state, ""),
                "warranty_end": lot.aftersales_warranty_end,
            }
            for lot in lots
        ]

    @api.autovacuum
    def _gc_lookups(self):
        self.sudo().search([("date", "<", fields.Datetime.now() - timedelta(days=1))]).unlink()
