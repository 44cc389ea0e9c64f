# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from .aftersales_complaint_routing import ROUTING, STAGE_WORK

# the routing stages a company may skip by archiving them: the units between the GM
# office's registration and its opinion (the decision and its approval always happen)
SKIPPABLE = frozenset(ROUTING[1:-1])
STAGE_DUTY = "aftersales.complaint:stage"


class AftersalesComplaintStage(models.Model):
    """A stage of the complaint handling form, as data a manager edits: its name, order,
    responsible unit, what it needs and whether it is folded in the kanban.

    ``code`` is the complaint's technical ``state`` the stage stands for: the workflow,
    reports and rules keep working on ``state``, the screens and documents show the stage.
    Its target stays a service level policy of the duty *Stage of the handling form* whose
    filter names the stage; the stage shows and opens those policies.
    """

    _name = "aftersales.complaint.stage"
    _description = "Complaint Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(
        selection="_selection_code",
        string="Workflow State",
        required=True,
        readonly=True,
        help="The state of the complaint workflow this stage stands for.",
    )
    unit = fields.Char(
        string="Responsible Unit",
        translate=True,
        help="The unit that works on the complaint during this stage.",
    )
    description = fields.Text(
        string="What the Stage Needs",
        translate=True,
        help="Shown above the complaint form while the complaint is in this stage.",
    )
    fold = fields.Boolean(string="Folded in Kanban")
    active = fields.Boolean(
        default=True,
        help="Archive a routing stage your company does not have (e.g. no R&D unit): Pass "
        "On and the automatic passing on skip it.",
    )
    can_skip = fields.Boolean(
        string="Can Be Skipped",
        compute="_compute_can_skip",
        help="Only the units between the registration and the GM office's opinion can be skipped.",
    )
    work_fields = fields.Char(
        string="Work Recorded",
        compute="_compute_work_fields",
        help="The fields whose recording passes the form on to the next stage by itself.",
    )
    sla_policy_ids = fields.Many2many(
        "aftersales.sla.policy",
        string="Targets",
        compute="_compute_sla_policy_ids",
        help="The service level policies of the stage duty whose filter names this stage: "
        "the first matching one sets the complaint's stage target.",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each workflow state has one complaint stage."),
    ]

    @api.model
    def _selection_code(self):
        return self.env["aftersales.complaint"]._fields["state"]._description_selection(self.env)

    @api.depends("code")
    def _compute_can_skip(self):
        for stage in self:
            stage.can_skip = stage.code in SKIPPABLE

    @api.depends("code")
    def _compute_work_fields(self):
        complaint_fields = self.env["aftersales.complaint"]._fields
        for stage in self:
            names = STAGE_WORK.get(stage.code, ())
            stage.work_fields = ", ".join(
                complaint_fields[fname]._description_string(self.env) for fname in names
            )

    @api.depends("code")
    def _compute_sla_policy_ids(self):
        policies = self.env["aftersales.sla.policy"].search([("duty", "=", STAGE_DUTY)])
        for stage in self:
            stage.sla_policy_ids = policies.filtered(lambda p, s=stage: s._named_by(p))

    def _named_by(self, policy):
        """Whether the filter of ``policy`` names this stage's state."""
        self.ensure_one()
        try:
            domain = policy._parsed_domain()
        except Exception:  # a broken filter is reported by the policy itself
            return False
        for leaf in domain:
            if isinstance(leaf, list | tuple) and len(leaf) == 3 and leaf[0] == "state":
                operator, value = leaf[1], leaf[2]
                if (operator == "=" and value == self.code) or (
                    operator == "in" and self.code in value
                ):
                    return True
        return False

    # ================================================================== rules
    @api.constrains("active")
    def _check_active(self):
        for stage in self:
            if not stage.active and stage.code not in SKIPPABLE:
                raise ValidationError(
                    self.env._(
                        "The complaint stage %(stage)s cannot be archived: only Quality, "
                        "Manufacturing, R&D and Sales stages can be skipped.",
                        stage=stage.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "The complaint stages %(stages)s cannot be deleted: the workflow needs them. "
                "Archive a stage your company skips instead.",
                stages=", ".join(self.mapped("name")),
            )
        )

    # ================================================================== routing
    @api.model
    def _by_code(self):
        """``{code: stage}`` of every stage, archived ones included (read once per
        process: every complaint created or moved needs it)."""
        return {code: self.browse(stage_id) for code, stage_id in self._code_ids()}

    @api.model
    @tools.ormcache()
    def _code_ids(self):
        stages = self.sudo().with_context(active_test=False).search([])
        return tuple((stage.code, stage.id) for stage in stages)

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _code_ids
        return super().create(vals_list)

    def write(self, vals):
        if "code" in vals:
            self.env.registry.clear_cache()  # _code_ids
        return super().write(vals)

    @api.model
    def _route(self):
        """Codes of the routing stages in the order the form travels: the registration
        first, the GM office's opinion last, the units in between by sequence (archived
        ones included, to place a complaint still in a stage archived since)."""
        stages = self.with_context(active_test=False).search([("code", "in", ROUTING)])
        middle = stages.filtered(lambda s: s.code in SKIPPABLE)
        return [ROUTING[0], *middle.mapped("code"), ROUTING[-1]]

    @api.model
    def _next_code(self, code, skip=()):
        """The code of the first active routing stage after ``code``, past the codes in
        ``skip``; the GM office's opinion at the latest (it cannot be archived)."""
        route = self._route()
        active = set(self.search([("code", "in", route)]).mapped("code"))
        for next_code in route[route.index(code) + 1 :]:
            if next_code in active and next_code not in skip:
                return next_code
        return ROUTING[-1]

    # ================================================================== actions
    def action_open_sla_policies(self):
        """The stage's targets, as service level policies; a new one is created for this
        stage."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_sla_policy_action"
        )
        action.update(
            {
                "name": self.env._("Targets of %(stage)s", stage=self.name),
                "domain": [("id", "in", self.sla_policy_ids.ids)],
                "context": {
                    "default_duty": STAGE_DUTY,
                    "default_domain": repr([("state", "=", self.code)]),
                    "default_name": self.name,
                },
            }
        )
        return action
