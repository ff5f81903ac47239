"""`python -m bench.dashboard`: the whole benchmark, see bench/dashboard/__init__.py."""
import sys

from bench.dashboard.run import main

sys.exit(main())
