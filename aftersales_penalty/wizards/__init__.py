from . import aftersales_penalty_deduction_export
from . import aftersales_penalty_month_mixin
from . import aftersales_penalty_subsidy_wizard
from . import aftersales_penalty_run_wizard
