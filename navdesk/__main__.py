from navdesk.cli import main

raise SystemExit(main())
