from . import portal_complaint
from . import portal_survey
from . import portal_jobsheet
