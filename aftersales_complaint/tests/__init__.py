from . import test_return_visit
