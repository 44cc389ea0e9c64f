# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, models
from odoo.tools import posix_to_ldml
from odoo.tools.misc import babel_locale_parse

_QUOTED = re.compile(r"('(?:[^']|'')*')")
_SECONDS = re.compile(r"[:.]?s+")


def strip_seconds(pattern):
    """An LDML ``pattern`` without its seconds, with the unit that follows them when the
    language writes one (``HH'时'mm'分'ss'秒'`` -> ``HH'时'mm'分'``; ``HH:mm:ss`` ->
    ``HH:mm``). Quoted literals are kept as they are."""
    out = []
    drop_unit = False
    for part in _QUOTED.split(pattern):
        if part.startswith("'"):
            if not drop_unit:
                out.append(part)
            drop_unit = False
            continue
        stripped = _SECONDS.sub("", part)
        drop_unit = stripped != part and part.endswith("s")
        out.append(stripped)
    return "".join(out)


class IrQwebFieldDatetime(models.AbstractModel):
    _inherit = "ir.qweb.field.datetime"

    @api.model
    def value_to_html(self, value, options):
        """``hide_seconds`` for every language: Odoo only strips ``:ss``, and the Chinese
        time formats (``%H时%M分%S秒``) kept their seconds on every printed and portal time."""
        if value and options.get("hide_seconds") and "format" not in options:
            lang = self.user_lang()
            if options.get("time_only"):
                posix = lang.time_format
            elif options.get("date_only"):
                posix = lang.date_format
            else:
                posix = f"{lang.date_format} {lang.time_format}"
            pattern = posix_to_ldml(posix, locale=babel_locale_parse(lang.code))
            options = dict(options, format=strip_seconds(pattern))
        return super().value_to_html(value, options)
