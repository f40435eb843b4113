import sys

from signalmatch.cli.main import main

sys.exit(main())
