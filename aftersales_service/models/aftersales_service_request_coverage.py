from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .aftersales_coverage import SERVICE_CLASSES
from .aftersales_frozen_mixin import changed_fields, field_labels, in_frozen_step

# what a request's lines decide their charges on (see aftersales.service.line)
CHARGE_FACTS = frozenset({"service_class", "class_reason_parts", "product_id"})


class AftersalesServiceRequestCoverageMixin(models.AbstractModel):
    """Service class of a request at intake (A paid, B contract, C free warranty, D
    internal work), its reason and contract, from the coverage API in batch.

    Inherited by ``aftersales.service.request`` only; its fields and methods are the
    request's (views, service level policies and other addons name them on the request).
    It comes first in the request's ``_inherit``: its :meth:`write` refuses a change of
    class by anyone but a manager before the other mixins' checks.
    """

    _name = "aftersales.service.request.coverage.mixin"
    _description = "Service Request Coverage"

    service_class = fields.Selection(
        SERVICE_CLASSES,
        string="Service Class",
        compute="_compute_service_class",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        help="A paid, B contract, C free warranty, D internal work. Set from the "
        "coverage at intake; only a manager may change it afterwards.",
    )
    # why the class was given at intake, kept as the facts of the verdict (the unit's
    # warranty, the contract) and written out in the reader's language
    class_reason_parts = fields.Json(
        string="Class Reason Facts",
        compute="_compute_service_class",
        store=True,
        readonly=False,
        precompute=True,
        copy=False,
    )
    class_reason = fields.Char(
        string="Class Reason",
        compute="_compute_class_reason",
        help="Why the request was given its service class at intake: the unit's warranty "
        "and the contract that covered it on the day of the request.",
    )
    contract_id = fields.Many2one(
        "aftersales.contract",
        string="Contract",
        compute="_compute_service_class",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
    )

    @api.depends("lot_id", "product_id", "partner_id", "kind", "date_request")
    def _compute_service_class(self):
        """Class at intake from the coverage API, in batch."""
        coverage = self.env["aftersales.coverage"]
        todo = self.filtered(lambda r: r.state in ("new", False) or not r.service_class)
        internal = todo.filtered(lambda r: r.kind == "internal")
        for request in internal:
            request.service_class = "D"
            request.class_reason_parts = [["internal", {}]]
            request.contract_id = False
        with_lot = todo.filtered(lambda r: r.kind != "internal" and r.lot_id)
        by_date = {}
        for request in with_lot:
            day = request.company_id._aftersales_local_date(request.date_request)
            by_date.setdefault(day, []).append(request)
        for day, requests in by_date.items():
            requests = self.browse().union(*requests)
            verdicts = coverage.lot_coverage(requests.lot_id, day)
            for request in requests:
                request._apply_verdict(verdicts[request.lot_id.id])
        no_lot = todo - internal - with_lot
        pairs = {(r.product_id.id, r.partner_id.commercial_partner_id.id) for r in no_lot}
        verdicts = coverage.product_coverage(pairs) if pairs else {}
        for request in no_lot:
            key = (request.product_id.id, request.partner_id.commercial_partner_id.id)
            verdict = verdicts.get(key)
            if verdict:
                request._apply_verdict(verdict)
            else:
                request.service_class = "A"
                request.class_reason_parts = [["no_product", {}]]
                request.contract_id = False

    def _apply_verdict(self, verdict):
        self.service_class = verdict["service_class"]
        self.class_reason_parts = verdict["reason_parts"]
        self.contract_id = verdict["contract_id"]

    @api.depends("class_reason_parts")
    @api.depends_context("lang")
    def _compute_class_reason(self):
        texts = self.env["aftersales.coverage"].reason_texts(
            [request.class_reason_parts for request in self]
        )
        for request, text in zip(self, texts, strict=True):
            request.class_reason = text or False

    def write(self, vals):
        charge_facts = CHARGE_FACTS & set(vals)
        if charge_facts and not in_frozen_step():
            # the lines' charges were decided from these once signed, closed or invoiced
            Line = self.env["aftersales.service.line"]
            for request in self:
                why = Line._request_lines_frozen(request)
                if why and changed_fields(request, vals, charge_facts):
                    raise UserError(
                        self.env._(
                            "Service request %(name)s is %(state)s: its charges were decided "
                            "on its service class and product, which cannot change any more "
                            "(%(fields)s).",
                            name=request.name,
                            state=why,
                            fields=field_labels(self, sorted(charge_facts)),
                        )
                    )
        if "service_class" in vals and not self.env.su:
            changed = self.filtered(
                lambda r: r.service_class and r.service_class != vals["service_class"]
            )
            if changed and not self.env.user.has_group(
                "aftersales_service.group_aftersales_manager"
            ):
                raise AccessError(
                    self.env._(
                        "Only an after-sales manager may change the service class of "
                        "%(requests)s to %(cls)s.",
                        requests=", ".join(changed.mapped("name")),
                        cls=vals["service_class"],
                    )
                )
        return super().write(vals)
