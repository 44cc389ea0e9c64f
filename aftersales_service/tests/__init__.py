from . import test_provider
