from . import portal
from . import warranty_lookup
from . import portal_units
from . import portal_provider
from . import portal_customer_requests
from . import portal_returns
from . import portal_jobsheet
