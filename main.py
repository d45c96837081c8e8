"""Start navdesk (the same as the `navdesk` command)."""

from navdesk.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
