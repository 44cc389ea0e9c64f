from . import test_return_visit
from . import test_complaint
from . import test_complaint_lines
from . import test_quality_feedback
from . import test_complaint_portal
from . import test_tours
from . import test_service_portal
