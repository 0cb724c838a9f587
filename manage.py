#!/usr/bin/env python
"""Django's command-line utility; a bad setting stops here with one message naming the variable."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobly.settings")
    from django.core.management import execute_from_command_line

    from jobly.env import SettingsError

    try:
        execute_from_command_line(sys.argv)
    except SettingsError as error:
        sys.stderr.write(f"Configuration error: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
