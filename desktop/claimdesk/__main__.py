"""`python -m claimdesk` runs the command line."""

import sys

from claimdesk.cli import main

if __name__ == "__main__":  # a spawned extraction process imports this module too
    sys.exit(main())
