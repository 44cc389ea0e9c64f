"""Carry the targets a company had set in its settings (and per zone) over to service level
policies of that company, placed before the shipped ones; untouched defaults keep the
shipped policies alone."""

from odoo import SUPERUSER_ID, api

# old company column: (shipped policy, default of the old field)
COMPANY_TARGETS = {
    "aftersales_response_in_warranty_hours": ("sla_request_response_warranty", 24.0),
    "aftersales_response_out_warranty_hours": ("sla_request_response_other", 48.0),
    "aftersales_first_contact_hours": ("sla_request_contact", 4.0),
    "aftersales_completion_hours": ("sla_request_completion", 24.0),
    "aftersales_old_part_return_days": ("sla_old_part_return", 30.0),
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Policy = env["aftersales.sla.policy"]
    Policy._carry_over_company_targets("aftersales_service", COMPANY_TARGETS)
    # arrival hours set per zone: a policy per zone that differs from its type's policy
    if Policy._column_exists("aftersales_zone", "arrival_hours"):
        by_type = {
            "urban": env.ref("aftersales_service.sla_request_arrival_urban"),
            "suburban": env.ref("aftersales_service.sla_request_arrival_suburban"),
        }
        cr.execute("SELECT id, zone_type, arrival_hours FROM aftersales_zone")
        for zone_id, zone_type, hours in cr.fetchall():
            policy = by_type.get(zone_type)
            if policy and hours and hours != policy.target:
                policy.copy(
                    {
                        "domain": f"[('zone_id', '=', {zone_id}), ('kind', '!=', 'consultation')]",
                        "target": hours,
                        "sequence": 1,
                    }
                )
