# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

LEAK_KINDS = [("water", "Water Leak"), ("refrigerant", "Refrigerant Leak")]
LEAK_INSTALLER_OUTCOMES = [
    ("not_attended", "Installer not on site within 24 hours"),
    ("attended_failed", "Installer came but could not fix it"),
    ("installer_fixed", "Installer fixed it"),
]


class AftersalesServiceRequestLeakMixin(models.AbstractModel):
    """An installation-caused leak found by the repairer on a repair job.

    The repairer records the leak he found (water or refrigerant); the desk, which tells
    the installer, records whether the installer came within 24 hours and fixed it. The
    installer is the technician (or provider) of the unit's last finished installation
    job; the penalty addon charges him and pays the repairer from these facts, and counts
    his leaks of the month against his assessment eligibility.
    """

    _name = "aftersales.service.request.leak.mixin"
    _description = "Installation Leak of a Repair Job"

    leak_found = fields.Selection(
        LEAK_KINDS,
        string="Installation Leak Found",
        tracking=True,
        copy=False,
        help="A water or refrigerant leak caused by the unit's installation, found by the "
        "repairer on this repair job: its installer is charged and the repairer paid by "
        "the rules of the penalty and reward book.",
    )
    leak_installer_outcome = fields.Selection(
        LEAK_INSTALLER_OUTCOMES,
        string="Installer's Answer",
        tracking=True,
        copy=False,
        help="Recorded by the desk once the installer was told of the leak: he did not come "
        "within 24 hours (the repairer fixed it), he came but could not fix it (a repairer "
        "was sent again), or he fixed it.",
    )
    leak_installation_id = fields.Many2one(
        "aftersales.service.request",
        string="Installation Job",
        compute="_compute_leak_installation",
        store=True,
        index="btree_not_null",
        help="The unit's last installation job finished before this request: its technician "
        "or provider is the installer who answers for the leak.",
    )
    leak_installation_age = fields.Integer(
        string="Days Since Installation",
        compute="_compute_leak_installation",
        store=True,
        help="Days from the end of the installation job to this request.",
    )

    @api.depends("leak_found", "lot_id", "date_request", "company_id")
    def _compute_leak_installation(self):
        Request = self.env["aftersales.service.request"].sudo()
        for request in self:
            installation = Request.browse()
            if request.leak_found and request.lot_id and request.date_request:
                installation = Request.search(
                    [
                        ("company_id", "=", request.company_id.id),
                        ("lot_id", "=", request.lot_id.id),
                        ("kind", "=", "installation"),
                        ("state", "in", ("done", "closed")),
                        ("date_done", "<=", request.date_request),
                        ("id", "!=", request._origin.id or 0),
                    ],
                    order="date_done desc, id desc",
                    limit=1,
                )
            request.leak_installation_id = installation
            request.leak_installation_age = (
                (request.date_request - installation.date_done).days if installation else 0
            )

    @api.constrains("leak_found", "leak_installer_outcome", "kind")
    def _check_leak(self):
        for request in self:
            if request.leak_found and request.kind != "repair":
                raise ValidationError(
                    self.env._(
                        "%(request)s: an installation leak is found on a repair job, not on "
                        "a job of kind %(kind)s.",
                        request=request.name,
                        kind=dict(request._fields["kind"]._description_selection(self.env)).get(
                            request.kind
                        ),
                    )
                )
            if request.leak_installer_outcome and not request.leak_found:
                raise ValidationError(
                    self.env._(
                        "%(request)s: record the installation leak found before the "
                        "installer's answer.",
                        request=request.name,
                    )
                )
