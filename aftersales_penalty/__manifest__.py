# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "After-Sales Penalties and Rewards",
    "summary": "Penalty and reward ledger, bonus deductions and customer allowances",
    "version": "18.0.1.2.0",
    "category": "After-Sales",
    "website": "https://github.com/aftersales/aftersales",
    "author": "aftersales contributors",
    "maintainers": ["aftersales"],
    "license": "LGPL-3",
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": [
        "aftersales_complaint",
        "hr",
        "hr_attendance",
    ],
    "data": [
        "security/aftersales_penalty_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/aftersales_penalty_rule_data.xml",
        "views/aftersales_penalty_rule_views.xml",
        "views/aftersales_penalty_band_views.xml",
        "views/aftersales_penalty_entry_views.xml",
        "views/aftersales_penalty_deduction_run_views.xml",
        "views/hr_views.xml",
        "views/aftersales_complaint_views.xml",
        "wizards/aftersales_penalty_wizard_views.xml",
        "report/aftersales_penalty_notice_report.xml",
        "views/aftersales_penalty_menus.xml",
    ],
    "demo": [
        "demo/aftersales_penalty_demo.xml",
    ],
    "external_dependencies": {"python": ["xlsxwriter"]},
}
