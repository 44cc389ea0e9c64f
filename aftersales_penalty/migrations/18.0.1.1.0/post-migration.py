"""One numbering style: prefix, year and month of the company's time zone, a 5-digit serial."""

from odoo import SUPERUSER_ID, api

from odoo.addons.aftersales_service.models.aftersales_number_mixin import (
    update_shipped_sequences,
)

CHANGES = {
    "aftersales.penalty.entry": ("PEN/%(year)s/", "PEN%(year)s%(month)s-", 5),
}


def migrate(cr, version):
    if version:
        update_shipped_sequences(api.Environment(cr, SUPERUSER_ID, {}), CHANGES)
