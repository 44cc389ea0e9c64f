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
    ],
    "demo": [],
}
