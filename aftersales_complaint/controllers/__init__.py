from . import portal_complaint
from . import portal_survey
