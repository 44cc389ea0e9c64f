from . import portal_complaint
