from . import aftersales_penalty_rule
from . import aftersales_penalty_entry
from . import aftersales_penalty_deduction_run
from . import aftersales_penalty_deduction_line
from . import hr_employee
from . import hr_department
from . import aftersales_complaint
from . import aftersales_provider_settlement
