# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "After-Sales Complaints",
    "summary": "Complaint cases with deadlines and responsibility, return visits, satisfaction surveys and quality feedback",
    "version": "18.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/aftersales/aftersales",
    "author": "aftersales contributors",
    "maintainers": ["aftersales"],
    "license": "LGPL-3",
    "installable": True,
    "depends": [
        "aftersales_service",
        "survey",
        "rating",
    ],
    "data": [
        "security/aftersales_complaint_security.xml",
        "views/aftersales_complaint_menus.xml",
        "security/ir.model.access.csv",
        "security/aftersales_return_visit_security.xml",
        "data/aftersales_survey_data.xml",
        "data/aftersales_return_visit_data.xml",
        "views/aftersales_return_visit_views.xml",
        "views/aftersales_quality_feedback_views.xml",
        "views/aftersales_survey_report_views.xml",
        "report/aftersales_quality_feedback_report.xml",
    ],
    "demo": [],
}
