"""One numbering style: prefix, year and month of the company's time zone, a 5-digit serial."""

from odoo import SUPERUSER_ID, api

from odoo.addons.aftersales_service.models.aftersales_number_mixin import (
    update_shipped_sequences,
)

CHANGES = {
    "aftersales.service.request": ("SR%(y)s%(month)s-", "SR%(year)s%(month)s-", 5),
    "aftersales.contract": ("SC%(year)s-", "SC%(year)s%(month)s-", 5),
    "aftersales.return": ("RT%(year)s-", "RT%(year)s%(month)s-", 5),
    "aftersales.provider.settlement": ("PS%(y)s%(month)s-", "PS%(year)s%(month)s-", 5),
    "aftersales.provider.certificate": ("SP%(year)s-", "SP%(year)s%(month)s-", 5),
}


def migrate(cr, version):
    if version:
        update_shipped_sequences(api.Environment(cr, SUPERUSER_ID, {}), CHANGES)
