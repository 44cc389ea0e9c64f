from odoo.addons.aftersales_service.hooks import aftersales_uninstall

from . import controllers
from . import models
from . import wizards


def uninstall_hook(env):
    """Remove activities and foreign keys that would block the removal of the data."""
    aftersales_uninstall(env, "aftersales_complaint")
