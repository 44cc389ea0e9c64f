"""The English names of the reminder and inquiry (activity types, scheduled action) no longer
carry Chinese words (催辦, 洽辦: the Chinese translations say them). These records are shipped as
noupdate data: rename them where they still have the shipped name (a name changed by the
company is kept)."""

from odoo import SUPERUSER_ID, api

RENAMED = {
    "aftersales_complaint.mail_activity_type_complaint_reminder": (
        "Complaint Reminder (催辦)",
        "Complaint Reminder",
    ),
    "aftersales_complaint.mail_activity_type_complaint_inquiry": (
        "Overdue-Cause Inquiry (洽辦)",
        "Overdue-Cause Inquiry",
    ),
    "aftersales_complaint.ir_cron_aftersales_complaint_overdue": (
        "After-Sales: complaint reminders (催辦) and inquiries (洽辦)",
        "After-Sales: complaint reminders and overdue-cause inquiries",
    ),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
    for xmlid, (old, new) in RENAMED.items():
        record = env.ref(xmlid, raise_if_not_found=False)
        if record and record.name == old:
            record.name = new
