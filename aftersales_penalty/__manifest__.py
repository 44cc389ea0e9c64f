# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "After-Sales Penalties and Rewards",
    "summary": "Penalty and reward ledger for staff and providers, bonus deductions and customer allowances",
    "version": "18.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/aftersales/aftersales",
    "author": "aftersales contributors",
    "maintainers": ["aftersales"],
    "license": "LGPL-3",
    "installable": True,
    "depends": [
        "aftersales_complaint",
        "hr",
    ],
    "data": [
        "security/aftersales_penalty_security.xml",
        "views/aftersales_penalty_menus.xml",
    ],
    "demo": [],
}
