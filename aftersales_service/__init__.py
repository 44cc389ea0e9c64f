from . import controllers
from . import hooks
from . import models
from . import wizards


def uninstall_hook(env):
    """Remove activities and foreign keys that would block the removal of the data."""
    hooks.aftersales_uninstall(env, "aftersales_service")
