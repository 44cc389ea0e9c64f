from . import aftersales_spreadsheet_import_mixin
from . import aftersales_installed_base_import
from . import aftersales_daily_report_wizard
from . import aftersales_fee_rule_import
from . import aftersales_sla_pause_wizard
from . import aftersales_cash_collection_wizard
