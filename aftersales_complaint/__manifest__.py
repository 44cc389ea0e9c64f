# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "After-Sales Complaints",
    "summary": "Complaint cases with deadlines and responsibility, return visits, "
    "satisfaction surveys and quality feedback",
    "version": "18.0.1.4.0",
    "category": "After-Sales",
    "website": "https://github.com/aftersales/aftersales",
    "author": "aftersales contributors",
    "maintainers": ["aftersales"],
    "license": "LGPL-3",
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": [
        "aftersales_service",
        "survey",
        "hr",
    ],
    "data": [
        "security/aftersales_complaint_security.xml",
        "security/aftersales_complaint_case_security.xml",
        "security/ir.model.access.csv",
        "security/aftersales_return_visit_security.xml",
        "data/aftersales_complaint_data.xml",
        "data/aftersales_sla_policy_data.xml",
        "data/aftersales_complaint_stage_data.xml",
        "views/aftersales_complaint_menus.xml",
        "views/aftersales_complaint_views.xml",
        "views/aftersales_complaint_sla_views.xml",
        "views/aftersales_complaint_config_views.xml",
        "views/aftersales_complaint_stage_views.xml",
        "views/res_config_settings_complaint_views.xml",
        "views/aftersales_complaint_portal_templates.xml",
        "wizards/aftersales_complaint_stats_wizard_views.xml",
        "report/aftersales_complaint_reports.xml",
        "data/aftersales_survey_data.xml",
        "data/aftersales_return_visit_data.xml",
        "views/aftersales_return_visit_views.xml",
        "views/aftersales_quality_feedback_views.xml",
        "views/aftersales_survey_report_views.xml",
        "report/aftersales_quality_feedback_report.xml",
        "views/survey_portal_templates.xml",
        "views/aftersales_complaint_dashboard_views.xml",
        "views/aftersales_service_portal_templates.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "aftersales_complaint/static/src/scss/aftersales_complaint_form.scss",
        ],
        "web.assets_tests": [
            "aftersales_complaint/static/tests/tours/**/*",
        ],
    },
    "demo": [
        "demo/aftersales_complaint_demo.xml",
        "demo/aftersales_return_visit_demo.xml",
    ],
}
