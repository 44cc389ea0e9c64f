"""Complaint stages became records (``aftersales.complaint.stage``, shipped as noupdate
data, created by the update). The complaint's new ``stage_id`` was computed when its column
was added, before the stage records existed: compute it again. The lines of the tracking
sheet kept the stage's English label in their ``stage`` column: link them to the stage
record of that label."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.aftersales_complaint.models.aftersales_complaint_routing import STAGES


def _link_stage_logs(env):
    stages = env["aftersales.complaint.stage"]._by_code()
    env.cr.execute(
        "SELECT 1 FROM information_schema.columns "
        "WHERE table_name = 'aftersales_complaint_stage_log' AND column_name = 'stage'"
    )
    if not env.cr.fetchone():
        return
    for code, label in STAGES:
        if code in stages:
            env.cr.execute(
                SQL(
                    "UPDATE aftersales_complaint_stage_log SET stage_id = %s "
                    "WHERE stage_id IS NULL AND stage = %s",
                    stages[code].id,
                    label,
                )
            )


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    complaints = env["aftersales.complaint"].with_context(active_test=False).search([])
    env.add_to_compute(complaints._fields["stage_id"], complaints)
    complaints.flush_recordset(["stage_id"])
    _link_stage_logs(env)
    env["aftersales.complaint.stage.log"].invalidate_model(["stage_id"])
