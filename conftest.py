pytest_plugins = ["testsupport.services"]
