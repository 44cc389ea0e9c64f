# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the system writes for a person (the title of an activity assigned to them) reads in
that person's language, whoever or whatever makes it: a scheduled action running in English,
a customer filing on the portal in English."""

from odoo.tests import new_test_user, tagged

from odoo.addons.aftersales_service.tests.common import load_languages

from .common_complaint import ComplaintCase


@tagged("post_install", "-at_install")
class TestTextsInRecipientLanguage(ComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        load_languages(cls.env, ["aftersales_service", "aftersales_complaint"])
        cls.english = cls.env(context=dict(cls.env.context, lang="en_US"))

    def test_reminder_of_the_scheduled_action_in_the_handler_language(self):
        self.user_all.lang = "zh_CN"
        self.user_own.lang = "zh_TW"
        simplified = self._complaint(
            date_registered=self._dt("2031-03-03 10:00:00"), user_id=self.user_all.id
        )
        traditional = self._complaint(
            date_registered=self._dt("2031-03-03 11:00:00"), user_id=self.user_own.id
        )
        english_user = new_test_user(
            self.env,
            login="cp_lang_en",
            groups="aftersales_complaint.group_complaint_user_all",
            lang="en_US",
        )
        english = self._complaint(
            date_registered=self._dt("2031-03-03 12:00:00"), user_id=english_user.id
        )
        # the scheduled action runs in English
        self.english["aftersales.complaint"]._cron_check_overdue(
            now=self._dt("2031-03-22 09:00:00")
        )
        reminder = self.env.ref("aftersales_complaint.mail_activity_type_complaint_reminder")

        def summary(complaint):
            activity = complaint.activity_ids.filtered(lambda a: a.activity_type_id == reminder)
            self.assertEqual(len(activity), 1, complaint.name)
            return activity.summary

        self.assertEqual(summary(simplified), f"催办：投诉 {simplified.name} 已逾期")
        self.assertEqual(summary(traditional), f"催辦：投訴 {traditional.name} 已逾期")
        self.assertEqual(summary(english), f"Reminder: complaint {english.name} is overdue")

    def test_major_complaint_escalation_in_the_deputy_language(self):
        deputies = self.env.ref(
            "aftersales_complaint.group_complaint_approver_deputy_gm"
        ).users.filtered(lambda u: not u.share)
        deputies.write({"lang": "zh_TW"})
        complaint = (
            self.english["aftersales.complaint"]
            .with_user(self.user_own)
            .create(
                {
                    "partner_id": self.customer.id,
                    "customer_demand": "Replace the batch.",
                    "severity": "major",
                }
            )
        )
        self.env["aftersales.complaint"]._cron_escalation_todos()  # right after the commit
        major = self.env.ref("aftersales_complaint.mail_activity_type_complaint_major")
        activity = complaint.sudo().activity_ids.filtered(lambda a: a.activity_type_id == major)
        self.assertEqual(len(activity), 1)
        self.assertIn(activity.user_id, deputies)
        self.assertEqual(activity.summary, f"重大投訴 {complaint.name}：審核並拜訪客戶")

    def test_allowance_credit_note_in_the_customer_language(self):
        """The customer's credit note speaks the customer's language, whoever resolves."""
        self.customer.lang = "zh_TW"
        complaint = self._approved(amount=800.0)
        complaint.with_env(self.english).action_resolve()
        refund = complaint.credit_note_ids
        self.assertEqual(refund.ref, f"投訴 {complaint.name}")
        self.assertEqual(refund.invoice_line_ids.name, f"投訴 {complaint.name} 的折讓（貸記單）")

    def test_creation_note_in_the_creator_language(self):
        """The chatter's first note names the document in the language of whoever creates
        it, as Odoo's own "<document> created" does."""
        expected = {
            "en_US": ("Customer Complaint created", "Service Request created"),
            "zh_CN": ("客户投诉已创建", "服务单已创建"),
            "zh_TW": ("客戶投訴已建立", "服務單已建立"),
        }
        for lang, (complaint_note, request_note) in expected.items():
            env = self.env(context={"lang": lang})
            complaint = env["aftersales.complaint"].create(
                {
                    "partner_id": self.customer.id,
                    "product_id": self.product.id,
                    "customer_demand": "Replace the defective panels",
                }
            )
            request = env["aftersales.service.request"].create(
                {"partner_id": self.customer.id, "product_id": self.product.id}
            )
            for record, note in ((complaint, complaint_note), (request, request_note)):
                [first] = record.message_ids[-1:]
                self.assertEqual(first.preview, note, f"{record._name} in {lang}")
