from . import controllers
from . import models
from . import wizards


def uninstall_hook(env):
    """Remove the activities of this addon's activity types before they are deleted
    (an activity's type is a restricting foreign key)."""
    type_ids = (
        env["ir.model.data"]
        .search([("module", "=", "aftersales_complaint"), ("model", "=", "mail.activity.type")])
        .mapped("res_id")
    )
    env["mail.activity"].with_context(active_test=False).search(
        [("activity_type_id", "in", type_ids)]
    ).unlink()
