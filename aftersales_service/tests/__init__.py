from . import test_warranty
from . import test_contract
from . import test_service_request
from . import test_security
from . import test_installed_base_import
from . import test_return
from . import test_provider
from . import test_provider_settlement
