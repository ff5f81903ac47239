"""The console's unit tests (Karma + Jasmine in Debian's headless Chromium) as part of the Python suite."""
import os
import subprocess

import pytest

from tests.console.conftest import CHROMIUM, WEB, build_console

pytestmark = pytest.mark.timeout(900)


def test_the_console_unit_tests_pass_in_headless_chromium():
    build_console()  # also runs npm ci when the lockfile changed
    env = {**os.environ, "CHROME_BIN": CHROMIUM, "NG_CLI_ANALYTICS": "false", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    done = subprocess.run(["npm", "test", "--silent"], cwd=WEB, env=env, capture_output=True, text=True, timeout=600)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-8000:]
    assert "FAILED" not in output and "SUCCESS" in output, output[-4000:]
