"""Every PDF report of the three addons, printed as a real PDF in English and in Chinese.

The reports are found in the database (``ir.model.data`` of the addons), so a report added
later fails here until it has an entry in ``REPORTS``: how to get records to print (demo
records where the demo has some, records built here otherwise), its pages per record, its
title in English and in Simplified Chinese, and whose language it is printed in.

A document sent out (certificate, voucher, notice...) is printed in the language of its
partner, whatever the language of the user who prints it: the tests print it with the
partner in one language and the user in the other. An internal document (a form that stays
in the company, a statistic) is printed in the language of the user; ``REPORTS`` says why.

Odoo renders HTML instead of PDF in tests unless forced; ``render_pdf`` forces it, so these
are the bytes a user downloads, printed by the wkhtmltopdf of the machine (Debian's build
prints one document per call, see ``ir.actions.report._run_wkhtmltopdf``). Without a CJK
font, wkhtmltopdf prints Chinese as nothing: the Chinese title in the text layer proves it
is printed.
"""

import re
from typing import NamedTuple

from lxml import etree

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.aftersales_service.models.ir_actions_report import wkhtmltopdf_has_patched_qt
from odoo.addons.aftersales_service.tests.pdf_tools import (
    pdf_fonts,
    pdf_pages,
    pdf_text,
    render_pdf,
)

ADDONS = ("aftersales_service", "aftersales_complaint", "aftersales_penalty")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# the installed fonts the addons print with on a wkhtmltopdf without patched Qt
INSTALLED_SANS = re.compile(r"(LiberationSans|DejaVuSans|NotoSans)(-|$)")
INTERNAL = "internal document: printed in the language of the user who prints it"


class Report(NamedTuple):
    records: str  # method of the test class returning the records printed together
    pages: int  # pages per record
    en: str  # title in English
    zh: str  # title in Simplified Chinese
    partner: str  # path from a record to its partner ("" for a partner itself)
    internal: str = ""  # why the report is printed in the user's language, not the partner's
    en_keeps: tuple = ()  # Chinese the English print keeps on purpose


REPORTS = {
    "aftersales_service.action_report_aftersales_allowance_certificate": Report(
        "_credit_notes", 1, "Sales Allowance Certificate", "销货折让证明单", "partner_id"
    ),
    "aftersales_service.action_report_aftersales_contract_expiry": Report(
        "_contracts", 1, "Maintenance Expiry Notice", "保养到期通知书", "partner_id"
    ),
    "aftersales_service.action_report_aftersales_daily": Report(
        "_daily_wizard",
        1,
        "Service Daily Report",
        "服务日报",
        "",
        internal=f"{INTERNAL} (the technicians' hours of a day)",
    ),
    "aftersales_service.action_report_aftersales_goods_receipt": Report(
        "_requests_carried_in", 1, "Customer Goods Receipt", "产品领取收据", "partner_id"
    ),
    "aftersales_service.action_report_aftersales_provider_certificate": Report(
        "_providers", 1, "Contracted Service Provider Certificate", "签约服务商证书", "partner_id"
    ),
    "aftersales_service.action_report_aftersales_provider_statement": Report(
        "_settlements", 1, "Settlement Statement", "结算对账单", "provider_id"
    ),
    "aftersales_complaint.action_report_aftersales_quality_monthly": Report(
        "_quality_wizard",
        1,
        "Quality Information Report",
        "质量信息报告",
        "",
        internal=f"{INTERNAL} (quality feedback of a period for the factory)",
    ),
    "aftersales_service.action_report_aftersales_repair_card": Report(
        "_requests_carried_in", 1, "Repair Card", "维修卡", "partner_id"
    ),
    "aftersales_service.action_report_aftersales_return_note": Report(
        "_returns", 1, "Finished-Goods Return Note", "成品退货单", "partner_id"
    ),
    "aftersales_service.action_report_aftersales_return_to_factory": Report(
        "_returns", 1, "Return-to-Factory Form", "返厂单", "partner_id"
    ),
    "aftersales_service.action_report_aftersales_run_in": Report(
        "_requests_done", 1, "Installation Run-in Report", "安装试机报告", "partner_id"
    ),
    "aftersales_service.action_report_aftersales_service_voucher": Report(
        "_requests_done", 1, "Service Voucher", "服务凭证", "partner_id"
    ),
    "aftersales_service.action_report_aftersales_warranty_certificate": Report(
        "_lots", 1, "Warranty Certificate", "保修证书", "aftersales_partner_id"
    ),
    # five copies, one page each: Quality, Manufacturing, Sales, Accounting, GM office
    "aftersales_complaint.action_report_complaint_form": Report(
        "_complaints",
        5,
        "Complaint Handling Form",
        "投诉处理表",
        "partner_id",
        internal=f"{INTERNAL} (never sent to the customer)",
        # the English title names the source form it replaces
        en_keeps=("客戶抱怨處理表",),
    ),
    "aftersales_complaint.action_report_complaint_statistics": Report(
        "_statistics_wizard",
        1,
        "Monthly Complaint Statistics",
        "月度投诉统计",
        "",
        internal=f"{INTERNAL} (statistics of a month)",
    ),
    # three copies, one page each: GM office, Accounting, the penalised department
    "aftersales_penalty.action_report_penalty_notice": Report(
        "_penalties",
        3,
        "Penalty Notice",
        "处罚通知单",
        "partner_id",
        internal=f"{INTERNAL} (its three copies stay in the company)",
    ),
}


@tagged("post_install", "-at_install")
class TestEveryReportPdf(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["base", "web", *ADDONS], ["zh_CN"])
        # Chinese place names of the demo addresses (Odoo's Chinese provinces are named
        # in Chinese): data, not labels, so the English print may show them
        cls.cjk_data = set(
            cls.env["res.country.state"].search([("country_id.code", "=", "CN")]).mapped("name")
        )

    # ------------------------------------------------------------------ records
    # Two records where the report prints several, to check that each one prints.
    def _credit_notes(self):
        notes = self.env["account.move"].search(
            [("move_type", "=", "out_refund"), ("state", "=", "posted")], order="id", limit=2
        )
        self.assertEqual(len(notes), 2, "the demo has posted customer credit notes")
        return notes

    def _contracts(self):
        contract = self.env.ref("aftersales_service.contract_maintenance")
        # the demo has one contract: a second one is its copy
        return contract | contract.copy()

    def _daily_wizard(self):
        return self.env["aftersales.daily.report.wizard"].create(
            {"date": self.env.ref("aftersales_service.request_done").date_done.date()}
        )

    def _requests_carried_in(self):
        return self.env.ref("aftersales_service.request_carry_in") | self.env.ref(
            "aftersales_service.request_done"
        )

    def _providers(self):
        return self.env.ref("aftersales_service.provider_contract_active") | self.env.ref(
            "aftersales_service.provider_contract_approved"
        )

    def _settlements(self):
        current = self.env.ref("aftersales_service.settlement_active_current")
        # the demo has one settlement: a second one for the month before
        previous = self.env["aftersales.provider.settlement"].create(
            {"provider_id": current.provider_id.id}
        )
        return current | previous

    def _quality_wizard(self):
        return self.env["aftersales.quality.feedback.report.wizard"].create({})

    def _returns(self):
        return self.env.ref("aftersales_service.demo_return_received") | self.env.ref(
            "aftersales_service.demo_return_refunded"
        )

    def _requests_done(self):
        return self.env.ref("aftersales_service.request_done") | self.env.ref(
            "aftersales_service.request_closed"
        )

    def _lots(self):
        return self.env.ref("aftersales_service.lot_ac_in_warranty") | self.env.ref(
            "aftersales_service.lot_ac_expiring"
        )

    def _complaints(self):
        return self.env.ref("aftersales_complaint.demo_complaint_quality") | self.env.ref(
            "aftersales_complaint.demo_complaint_closed"
        )

    def _statistics_wizard(self):
        return self.env["aftersales.complaint.stats.wizard"].create({})

    def _penalties(self):
        return self.env.ref("aftersales_penalty.entry_loss_zhou") | self.env.ref(
            "aftersales_penalty.entry_provider_sticker"
        )

    # ------------------------------------------------------------------ helpers
    def _partners(self, spec, records):
        if not spec.partner and records._name != "res.partner":
            return self.env["res.partner"]
        return records.mapped(spec.partner) if spec.partner else records

    def _print(self, xmlid, lang):
        """Print the report in ``lang``: the partner's language for a document sent out,
        the user's for an internal one; the other of the two is the other language."""
        spec = REPORTS[xmlid]
        other = "en_US" if lang == "zh_CN" else "zh_CN"
        records = getattr(self, spec.records)()
        self.assertTrue(records, f"{xmlid}: no record to print")
        user_lang, partner_lang = (lang, other) if spec.internal else (other, lang)
        self._partners(spec, records).write({"lang": partner_lang})
        self.env.user.lang = user_lang
        env = self.env(context=dict(self.env.context, lang=user_lang))
        report = self.env.ref(xmlid)
        content = render_pdf(env, report.report_name, records.ids)
        self.assertEqual(
            pdf_pages(content),
            spec.pages * len(records),
            f"{xmlid} ({lang}): {spec.pages} page(s) per record, {len(records)} record(s)",
        )
        text = pdf_text(content)
        self.assertGreater(len(text.strip()), 100, f"{xmlid} ({lang}): empty text layer")
        self.assertNotIn("font-family", text, f"{xmlid} ({lang}): a style printed as text")
        if len(records) > 1 and "name" in records._fields:
            positions = [text.find(name) for name in records.mapped("name")]
            self.assertNotIn(-1, positions, f"{xmlid} ({lang}): a record is missing")
            self.assertEqual(positions, sorted(positions), f"{xmlid}: records out of order")
        return spec, content, text

    def _check_english(self, xmlid):
        spec, content, text = self._print(xmlid, "en_US")
        self.assertIn(spec.en, text)
        self.assertNotIn(spec.zh, text)
        chinese = set(CJK.findall(text)) - set(spec.en_keeps)
        chinese = {run for run in chinese if not any(run in data for data in self.cjk_data)}
        self.assertFalse(chinese, f"{xmlid}: Chinese in the English print")
        if not wkhtmltopdf_has_patched_qt():
            # installed fonts, embedded with their text: Debian's build draws the company's
            # web font as shapes, and the English print would have no text once the report
            # styles load (they do not in tests: no web server answers wkhtmltopdf)
            self.assertTrue(
                any(INSTALLED_SANS.search(font) for font in pdf_fonts(content)),
                pdf_fonts(content),
            )

    def _sentences(self, template, seen):
        """The English sentences (four words or more) of a template and of the templates of
        the addons it calls: printed in Chinese, none of them is left in English."""
        seen.add(template)
        view = self.env.ref(template).with_context(lang="en_US")
        sentences = {
            " ".join(term.split())
            for term in view._fields["arch_db"].get_trans_terms(view.arch_db)
            if "<" not in term and len(term.split()) >= 4
        }
        for call in etree.fromstring(view.arch).xpath("//t[@t-call]"):
            name = call.get("t-call")
            if name.split(".")[0] in ADDONS and name not in seen:
                sentences |= self._sentences(name, seen)
        return sentences

    def _check_chinese(self, xmlid):
        spec, content, text = self._print(xmlid, "zh_CN")
        self.assertIn(spec.zh, text, f"{xmlid}: the Chinese title is missing")
        self.assertNotIn(spec.en, text, f"{xmlid}: the English title is printed")
        words = " ".join(text.split())
        english = {
            sentence
            for sentence in self._sentences(self.env.ref(xmlid).report_name, set())
            if sentence in words
        }
        self.assertFalse(english, f"{xmlid}: sentences left in English")
        # the Simplified Chinese face of the CJK font is embedded
        self.assertTrue(
            any("CJKsc" in font or "WenQuanYi" in font for font in pdf_fonts(content)),
            pdf_fonts(content),
        )

    # ------------------------------------------------------------------ tests
    def test_every_report_of_the_addons_has_an_entry(self):
        found = {
            f"{data.module}.{data.name}"
            for data in self.env["ir.model.data"].search(
                [("model", "=", "ir.actions.report"), ("module", "in", ADDONS)]
            )
        }
        self.assertTrue(found, "no report of the addons in the database")
        self.assertEqual(
            found - set(REPORTS), set(), "a report without an entry in REPORTS is not tested"
        )
        self.assertEqual(set(REPORTS) - found, set(), "REPORTS names a report that is gone")
        for xmlid in found:
            report = self.env.ref(xmlid)
            self.assertEqual(report.report_type, "qweb-pdf", xmlid)
            self.assertTrue(hasattr(self, REPORTS[xmlid].records), xmlid)

    def test_documents_are_printed_in_the_partners_language(self):
        """A document sent out calls its document template with t-lang set to its partner's
        language, and takes the font of that language; an internal one uses no t-lang."""
        for xmlid, spec in REPORTS.items():
            with self.subTest(report=xmlid):
                template = self.env.ref(self.env.ref(xmlid).report_name)
                arch = etree.fromstring(template.arch)
                calls = arch.xpath("//t[@t-call][@t-lang]")
                if spec.internal:
                    self.assertFalse(calls, f"{xmlid}: internal, in the user's language")
                    continue
                self.assertEqual(len(calls), 1, f"{xmlid}: one t-call with t-lang")
                lang = f"doc.{spec.partner}.lang" if spec.partner else "doc.lang"
                self.assertTrue(calls[0].get("t-lang").startswith(lang), calls[0].get("t-lang"))
                document = self.env.ref(calls[0].get("t-call"))
                self.assertIn(f"_aftersales_font_style({lang}", document.arch, xmlid)


def _add_print_tests():
    """One English and one Chinese test per report: a failure names the report."""
    for xmlid in REPORTS:
        short = xmlid.split(".")[1].removeprefix("action_report_").removeprefix("aftersales_")

        def english(self, xmlid=xmlid):
            self._check_english(xmlid)

        def chinese(self, xmlid=xmlid):
            self._check_chinese(xmlid)

        english.__doc__ = f"{xmlid} printed in English"
        chinese.__doc__ = f"{xmlid} printed in Simplified Chinese"
        setattr(TestEveryReportPdf, f"test_{short}_en_us", english)
        setattr(TestEveryReportPdf, f"test_{short}_zh_cn", chinese)


_add_print_tests()
