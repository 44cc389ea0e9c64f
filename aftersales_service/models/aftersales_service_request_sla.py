# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import UserError

OPEN_STATES = ("new", "dispatched", "in_progress", "carry_in", "done")


class AftersalesServiceRequestSlaMixin(models.AbstractModel):
    """The timed duties of a service request on the service level engine
    (``aftersales.sla.mixin``): dispatch, response, arrival, first contact, completion."""

    _name = "aftersales.service.request.sla.mixin"
    _description = "Service Request: Service Levels"

    @api.model
    def _sla_duty_specs(self):
        return {
            "dispatch": {
                "label": self.env._("Dispatch"),
                "start": "date_request",
                "done": "date_dispatched",
                "deadline": "dispatch_deadline",
                "open": [("state", "=", "new")],
                "late": self.env._("Not dispatched before the dispatch deadline."),
            },
            "response": {
                "label": self.env._("Response"),
                "start": "date_request",
                "done": "date_response",
                "deadline": "response_deadline",
                "late": self.env._("No response before the response deadline."),
            },
            "arrival": {
                "label": self.env._("Arrival on site"),
                "start": "date_request",
                "done": "date_arrived",
                "deadline": "arrival_deadline",
                "open": [("state", "in", ("new", "dispatched"))],
                "late": self.env._("No arrival on site before the arrival deadline."),
            },
            "contact": {
                "label": self.env._("First contact after dispatch"),
                "start": "date_dispatched",
                "done": "date_contacted",
                "deadline": "first_contact_deadline",
                "open": [("state", "in", ("dispatched", "in_progress"))],
                "late": self.env._("The technician did not contact the customer in time."),
            },
            "completion": {
                "label": self.env._("Completion"),
                "start": "date_request",
                "done": "date_done",
                "deadline": "completion_deadline",
                "late": self.env._("Not finished before the promised completion time."),
            },
        }

    # a request flagged overdue leaves the sweep: it may be swept in batches
    _sla_sweep_batched = True

    @api.model
    def _sla_sweep_domain(self):
        return [("state", "in", OPEN_STATES), ("is_overdue", "=", False)]

    @api.model
    def _sla_report_user_field(self):
        return "technician_id"

    def _sla_on_late(self, duty, reason):
        self._mark_overdue(f"duty:{duty}")

    def _sla_check_pausable(self):
        if self.state not in ("new", "dispatched", "in_progress", "carry_in"):
            raise UserError(
                self.env._(
                    "Service request %(name)s is %(state)s: only an open job can wait for "
                    "the customer.",
                    name=self.name,
                    state=dict(self._fields["state"]._description_selection(self.env))[self.state],
                )
            )

    def _sla_target_override(self, duty):
        """A maintenance contract's own response time wins over the policies."""
        if duty == "response" and self.service_class == "B" and self.contract_id:
            return self.contract_id.response_hours, "hours", "elapsed"
        return None
