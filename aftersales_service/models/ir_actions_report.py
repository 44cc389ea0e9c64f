import logging
import subprocess

from odoo import api, models
from odoo.tools.pdf import merge_pdf

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)

_PATCHED_QT = None


def wkhtmltopdf_has_patched_qt():
    """Whether the installed wkhtmltopdf is built with the patched Qt Odoo is made for.

    Debian's and Ubuntu's packages are not: they print no ``--header-html`` or
    ``--footer-html`` and refuse more than one input document (the PDF comes out empty).
    Read once per process from ``wkhtmltopdf --version``.
    """
    global _PATCHED_QT
    if _PATCHED_QT is None:
        try:
            version = subprocess.run(
                [_get_wkhtmltopdf_bin(), "--version"],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            # no usable wkhtmltopdf: Odoo's own code says so when a report is printed
            return True
        _PATCHED_QT = "patched qt" in version.lower()
        if not _PATCHED_QT:
            _logger.info(
                "wkhtmltopdf without patched Qt: each document of a report is printed "
                "on its own and the PDFs are merged"
            )
    return _PATCHED_QT


# Noto Sans CJK comes in regional variants; without an explicit family the system may pick the
# Japanese one, whose glyph shapes and text layer (Kangxi radicals: "⼚" for "厂") are wrong
# for Chinese documents.
CJK_FONTS = {
    "zh_CN": "'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Zen Hei', sans-serif",
    "zh_SG": "'Noto Sans CJK SC', 'Noto Sans SC', 'WenQuanYi Zen Hei', sans-serif",
    "zh_TW": "'Noto Sans CJK TC', 'Noto Sans TC', 'WenQuanYi Zen Hei', sans-serif",
    "zh_HK": "'Noto Sans CJK HK', 'Noto Sans CJK TC', 'WenQuanYi Zen Hei', sans-serif",
}


# Qt without Odoo's patches draws a web font (the company's report font: Lato, Roboto...,
# loaded by @font-face) as shapes: the PDF has no text to search or copy, and weighs ten times
# more. Installed fonts are embedded as fonts. The rule is on the layout's blocks, so the inline
# font of a Chinese document's page still applies inside it.
SYSTEM_FONT_STYLE = (
    "<style>.article, .header, .footer {font-family: 'Liberation Sans', 'DejaVu Sans', "
    "'Noto Sans', sans-serif !important;}</style>"
)


def with_system_fonts(body):
    """``body`` (the HTML of one document) printed with installed fonts, not web fonts."""
    html = str(body)  # Markup would escape the style
    head_end = html.find("</head>")
    if head_end < 0:
        return body
    return html[:head_end] + SYSTEM_FONT_STYLE + html[head_end:]


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _aftersales_font_style(self, lang):
        """Inline style of a document printed in ``lang``: the Chinese font of that
        region for Chinese, nothing otherwise (the company's report font applies)."""
        family = CJK_FONTS.get(lang or "")
        return f"font-family: {family};" if family else None

    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        """On a wkhtmltopdf without patched Qt, print the documents one by one.

        Such a build takes one input document per call: given several (two records, or a
        report printed in several copies), it writes an empty file and Odoo fails with
        "Cannot read an empty file". Each body is printed by its own call and the PDFs are
        merged in order. The header and footer files, which such a build ignores, are not
        passed. The documents use installed fonts, which such a build embeds with their text
        (it draws web fonts as shapes).
        """
        options = {
            "report_ref": report_ref,
            "landscape": landscape,
            "specific_paperformat_args": specific_paperformat_args,
            "set_viewport_size": set_viewport_size,
        }
        if wkhtmltopdf_has_patched_qt():
            return super()._run_wkhtmltopdf(bodies, header=header, footer=footer, **options)
        pdfs = [
            super(IrActionsReport, self)._run_wkhtmltopdf([with_system_fonts(body)], **options)
            for body in bodies
        ]
        return pdfs[0] if len(pdfs) == 1 else merge_pdf(pdfs)
