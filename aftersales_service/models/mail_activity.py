# Copyright 2026 aftersales contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from contextlib import contextmanager

from odoo import api, fields, models

from .res_company import lock_for_cron

_logger = logging.getLogger(__name__)

# Context key: activities created with it tell their assignee from the scheduled action
# "After-Sales: deferred notifications" run right after the commit (issue 22), not inside
# the user's request (the rendering of the e-mail is most of the cost of an activity).
DEFER_NOTIFY = "aftersales_defer_activity_notify"
NOTIFY_CRON = "aftersales_service.ir_cron_aftersales_deferred_notify"


def trigger_cron(env, xmlid):
    """Run the scheduled action ``xmlid`` as soon as the cron worker sees the commit.

    The one helper with private ORM calls bought for speed: ``_xmlid_to_res_id`` is
    cached per registry (``env.ref`` would also read the cron to check it exists: a query
    per call), and ``_trigger`` is Odoo's own way to wake the cron worker up (one INSERT
    of a trigger row, the worker notified after the commit).
    """
    cron_id = env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False)
    if cron_id:
        env["ir.cron"].sudo().browse(cron_id)._trigger()


def acting_user(user, env):
    """In whose name a scheduled action does what a user's save left to it: that user, or
    the action's own user when that one was archived meanwhile."""
    return user if user.active else env.user


def take_pending(model, flag, cron_xmlid, limit=200):
    """The queue of a scheduled action woken after a commit: the records of ``model``
    flagged ``flag`` (oldest first, at most ``limit``) that nobody else is writing, locked
    for this transaction (:func:`lock_for_cron`); the action is woken again when more are
    waiting. The caller clears the flag of the records it handles."""
    found = model.sudo().search([(flag, "=", True)], order="id", limit=limit)
    if len(found) == limit:
        trigger_cron(model.env, cron_xmlid)
    return lock_for_cron(found)


@contextmanager
def pending_step(record):
    """The work of one record of a scheduled action's queue, in a savepoint of its own: a
    record whose work fails (changed meanwhile into something it cannot be done on) is
    logged and left, the others of the queue go on; one record never blocks the queue."""
    try:
        with record.env.cr.savepoint():
            yield
    except Exception:
        _logger.exception("%s: its follow-up failed and was left, the others go on", record)


class MailActivity(models.Model):
    _inherit = "mail.activity"

    aftersales_notify_pending = fields.Boolean(
        string="Notification Pending",
        copy=False,
        readonly=True,
        index=True,
        help="The assignee is told of this activity by the deferred notifications "
        "scheduled action.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get(DEFER_NOTIFY) or self.env.context.get(
            "mail_activity_quick_update"
        ):
            return super().create(vals_list)
        for vals in vals_list:
            vals["aftersales_notify_pending"] = True
        activities = super(MailActivity, self.with_context(mail_activity_quick_update=True)).create(
            vals_list
        )
        # as mail.activity's create: only an activity for someone else notifies
        mine = activities.filtered(lambda a: a.user_id == self.env.user or not a.user_id)
        if mine:
            mine.aftersales_notify_pending = False
        if mine != activities:
            trigger_cron(self.env, NOTIFY_CRON)
        return activities.with_env(self.env)

    @api.model
    def _cron_aftersales_notify_deferred(self, limit=200):
        """Tell the assignees of the activities created with deferred notification, once
        each, in the name of the user who created them (as it would have been done in
        their request)."""
        activities = take_pending(self, "aftersales_notify_pending", NOTIFY_CRON, limit)
        activities.aftersales_notify_pending = False
        for activity in activities:
            with pending_step(activity):
                author = acting_user(activity.create_uid, self.env)
                activity.with_user(author).sudo().action_notify()
        return activities
