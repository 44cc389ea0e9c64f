from . import test_ledger
from . import test_allocation
from . import test_deduction_run
from . import test_credit_notes
from . import test_subsidy
from . import test_events
from . import test_ledger_integrity
from . import test_rule_book
